import { ConnectionTarget, generateSnippets, portForwardEndpoint, Snippet, SnippetType } from '../../../src/connections';

/** A laptop-side target: a port-forward on 127.0.0.1 with distinct local ports, so each snippet shows which port it uses. */
export const base: ConnectionTarget = {
  name: 'sales-etl',
  namespace: 'analytics',
  arrowFlight: true,
  endpoint: portForwardEndpoint({ thrift: 41000, 'thrift-http': 41001, 'spark-connect': 41002, 'arrow-flight': 41003 }),
  state: 'ACTIVE',
  user: 'alice',
  database: 'sales',
};

/** Values every format has to escape: a user with ; = @ / % space and quotes, a database with a space and /, an IPv6 host. */
export const tricky: ConnectionTarget = {
  ...base,
  arrowFlight: false,
  endpoint: { kind: 'external', host: 'fd00::1', ports: { thrift: 10000, 'thrift-http': 10001, 'spark-connect': 15002 } },
  user: `a;b=c@d/e%f 'x"`,
  database: 'sales db/2024',
};

export const lines = (...l: string[]) => l.join('\n') + '\n';

export const byId = (type: SnippetType, t: ConnectionTarget): Record<string, Snippet> =>
  Object.fromEntries(generateSnippets(type, t).map((s) => [s.id, s]));
