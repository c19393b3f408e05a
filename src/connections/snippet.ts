import { ConnectionTarget, PortName, Snippet, SnippetTransport, SnippetType } from './types';
import * as l10n from '@vscode/l10n';

/**
 * What every tool's generator shares: the target as the generators read it, the snippet record,
 * and the notes several tools carry. The Thrift server is Spark's HiveServer2: it serves one
 * transport at a time (hive.server2.transport.mode), binary on 10000 by default, HTTP on 10001
 * (path `cliservice`) only when the cluster's Spark config switches it to HTTP.
 */

export const USER_PLACEHOLDER = '<user>';
export const PASSWORD_PLACEHOLDER = '<password>';
/** Default HTTP path of HiveServer2 (hive.server2.thrift.http.path), which Spark's Thrift server keeps. */
export const THRIFT_HTTP_PATH = 'cliservice';

export interface SnippetContext {
  readonly t: ConnectionTarget;
  /** The endpoint's host as given (IPv6 without brackets: pass it through uriHost where a URL is built). */
  readonly host: string;
  /** The user name, escaped by the caller per format; undefined: use the placeholder. */
  readonly user: string | undefined;
  readonly database: string;
  port(name: PortName): number | undefined;
  /** Notes every snippet of this target carries (state, endpoint). */
  readonly common: readonly string[];
}

/** One tool: its picker label and detail, the ports it can use, and its generator. */
export interface SnippetTool {
  readonly type: SnippetType;
  readonly label: string;
  readonly detail: string;
  /** Ports the tool can use; it is offered when the endpoint has at least one of them. */
  readonly ports: readonly PortName[];
  /** One snippet per transport the tool supports and the endpoint reaches (binary first); none when it reaches none. */
  generate(c: SnippetContext): Snippet[];
}

export function snippetContext(t: ConnectionTarget): SnippetContext {
  const common: string[] = [];
  if (t.state && t.state !== 'ACTIVE') common.push(l10n.t('Works once the cluster is ACTIVE; it is {0} now.', t.state));
  if (t.endpoint.kind === 'port-forward')
    common.push(l10n.t('Uses the local port-forward on {0}: it works while that forward runs (see Port Forwards).', t.endpoint.host));
  if (t.endpoint.kind === 'in-cluster')
    common.push(l10n.t('The host resolves only inside the Kubernetes cluster, for tools running in its pods.'));
  return {
    t,
    host: t.endpoint.host,
    user: t.user?.length ? t.user : undefined,
    database: t.database?.length ? t.database : 'default',
    port: (name) => t.endpoint.ports[name],
    common,
  };
}

export function snippet(
  c: SnippetContext,
  type: SnippetType,
  variant: string | undefined,
  transport: SnippetTransport,
  title: string,
  language: Snippet['language'],
  lines: readonly string[],
  notes: readonly string[],
): Snippet {
  return {
    type,
    id: variant ? `${type}-${variant}` : type,
    transport,
    title,
    language,
    text: lines.join('\n') + '\n',
    notes: [...notes, ...c.common],
    sharedNotes: c.common.length,
  };
}

export const binaryNote = (port: number) => l10n.t("Binary transport on port {0}: the Thrift server's default mode.", port);

export const httpNote = (port: number, binaryPort: number | undefined) =>
  binaryPort
    ? l10n.t(
        "HTTP transport on port {0}, path {1}: the Thrift server serves one transport at a time, so this needs {2} in the cluster's Spark config (port {3} then stops answering).",
        port,
        THRIFT_HTTP_PATH,
        'spark.hadoop.hive.server2.transport.mode=http',
        binaryPort,
      )
    : l10n.t(
        "HTTP transport on port {0}, path {1}: the Thrift server serves one transport at a time, so this needs {2} in the cluster's Spark config.",
        port,
        THRIFT_HTTP_PATH,
        'spark.hadoop.hive.server2.transport.mode=http',
      );

export const sessionUserNote = () =>
  l10n.t(
    'The user name is only passed to the Thrift server (SASL PLAIN or HTTP Basic); its default authentication (NONE) accepts any password.',
  );

export const semicolonDbNote = (db: string) =>
  l10n.t(
    "The database name {0} contains ';', which a Hive JDBC URL cannot carry: the URL opens default; run USE {1} after connecting.",
    JSON.stringify(db),
    `\`${db.replace(/`/g, '``')}\``,
  );

/** What a tool writes for one snippet: its title, its lines, and the notes particular to it. */
export interface SnippetParts {
  readonly title: string;
  readonly lines: readonly string[];
  readonly notes: readonly string[];
}

/** One snippet a tool offers when the endpoint reaches its port. */
export interface SnippetVariant {
  readonly port: PortName;
  /** The id's suffix (`python-pyhive`); undefined: the id is the type. */
  readonly variant: string | undefined;
  readonly transport: SnippetTransport;
  parts(c: SnippetContext, port: number): SnippetParts;
}

export interface SnippetToolSpec {
  readonly type: SnippetType;
  readonly label: string;
  detail(): string;
  readonly language: Snippet['language'];
  /** In the order the snippets are listed (binary before HTTP). */
  readonly variants: readonly SnippetVariant[];
  /** Throws SnippetUnavailableError when the target cannot serve the tool whatever its ports. */
  check?(c: SnippetContext): void;
}

/** A tool from its variants: its ports are theirs, and it generates one snippet per variant whose port the endpoint reaches. */
export function snippetTool(spec: SnippetToolSpec): SnippetTool {
  return {
    type: spec.type,
    label: spec.label,
    get detail() {
      return spec.detail();
    },
    ports: [...new Set(spec.variants.map((v) => v.port))],
    generate(c) {
      spec.check?.(c);
      return spec.variants.flatMap((v) => {
        const port = c.port(v.port);
        if (!port) return [];
        const p = v.parts(c, port);
        return [snippet(c, spec.type, v.variant, v.transport, p.title, spec.language, p.lines, p.notes)];
      });
    },
  };
}

/**
 * The Thrift server's two transports as variants (ids `binary` and `http` unless named): the tool
 * writes each from one function, told which transport it writes, and each snippet's notes open
 * with its transport's note.
 */
export function thriftVariants(
  parts: ThriftParts,
  ids: { readonly binary: string; readonly http: string } = { binary: 'binary', http: 'http' },
): SnippetVariant[] {
  const withNote = (p: SnippetParts, note: string): SnippetParts => ({ ...p, notes: [note, ...p.notes] });
  return [
    { port: 'thrift', variant: ids.binary, transport: 'binary', parts: (c, port) => withNote(parts(c, port, false), binaryNote(port)) },
    {
      port: 'thrift-http',
      variant: ids.http,
      transport: 'http',
      parts: (c, port) => withNote(parts(c, port, true), httpNote(port, c.port('thrift'))),
    },
  ];
}

/** What a Thrift-server tool writes for one transport: binary, or HTTP when `http` is set. */
export type ThriftParts = (c: SnippetContext, port: number, http: boolean) => SnippetParts;

/** A tool of the Thrift server alone: one snippet per transport, binary then HTTP. */
export function thriftTool(spec: Omit<SnippetToolSpec, 'variants' | 'check'> & { readonly parts: ThriftParts }): SnippetTool {
  return snippetTool({ ...spec, variants: thriftVariants(spec.parts) });
}
