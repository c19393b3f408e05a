import { yamlString } from '../escape';
import { binaryNote, snippet, SnippetContext, SnippetTool, USER_PLACEHOLDER } from '../snippet';
import { Snippet } from '../types';
import * as l10n from '@vscode/l10n';

/**
 * profiles.yml for dbt-spark, per dbt-labs/dbt-spark dbt/adapters/spark/connections.py
 * (SparkCredentials, SparkConnectionManager.open). `thrift` calls PyHive's hive.connect(host, port,
 * username=user, ...) and requires host, port, user and schema; `port` defaults to 443, so it is
 * always written. Only `thrift` fits this cluster: `http` builds the Databricks URL
 * https://{host}:{port}/sql/protocolv1/o/{organization}/{cluster} and needs a token, `odbc` needs
 * the Databricks ODBC driver, `session` runs Spark inside the dbt process. The host goes to a
 * socket, not into a URL, so an IPv6 literal stays without brackets.
 */
function generate(c: SnippetContext): Snippet[] {
  const thrift = c.port('thrift');
  if (!thrift) return [];
  return [
    snippet(
      c,
      'dbt',
      undefined,
      'binary',
      l10n.t('dbt profiles.yml (dbt-spark, thrift)'),
      'yaml',
      [
        '# ~/.dbt/profiles.yml  (pip install "dbt-spark[PyHive]")',
        `${yamlString(c.t.name)}:`,
        '  target: dev',
        '  outputs:',
        '    dev:',
        '      type: spark',
        '      method: thrift',
        `      host: ${yamlString(c.host)}`,
        `      port: ${thrift}`,
        `      user: ${c.user ? yamlString(c.user) : USER_PLACEHOLDER}`,
        `      schema: ${yamlString(c.database)}`,
        '      connect_retries: 3',
        '      connect_timeout: 10',
      ],
      [
        binaryNote(thrift),
        l10n.t('Use this profile name as `profile:` in dbt_project.yml; schema is the database dbt builds models in.'),
        l10n.t(
          "dbt-spark's http method only speaks the Databricks path /sql/protocolv1/o/{organization}/{cluster} over HTTPS, so it cannot use this cluster's HTTP transport; thrift is the method that fits.",
        ),
      ],
    ),
  ];
}

export const dbt: SnippetTool = {
  type: 'dbt',
  label: 'dbt',
  get detail() {
    return l10n.t('profiles.yml for dbt-spark');
  },
  ports: ['thrift'],
  generate,
};
