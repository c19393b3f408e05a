import { yamlString } from '../escape';
import { binaryNote, SnippetContext, SnippetParts, snippetTool, USER_PLACEHOLDER } from '../snippet';
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
function parts(c: SnippetContext, port: number): SnippetParts {
  return {
    title: l10n.t('dbt profiles.yml (dbt-spark, thrift)'),
    lines: [
      '# ~/.dbt/profiles.yml  (pip install "dbt-spark[PyHive]")',
      `${yamlString(c.t.name)}:`,
      '  target: dev',
      '  outputs:',
      '    dev:',
      '      type: spark',
      '      method: thrift',
      `      host: ${yamlString(c.host)}`,
      `      port: ${port}`,
      `      user: ${c.user ? yamlString(c.user) : USER_PLACEHOLDER}`,
      `      schema: ${yamlString(c.database)}`,
      '      connect_retries: 3',
      '      connect_timeout: 10',
    ],
    notes: [
      binaryNote(port),
      l10n.t('Use this profile name as `profile:` in dbt_project.yml; schema is the database dbt builds models in.'),
      l10n.t(
        "dbt-spark's http method only speaks the Databricks path /sql/protocolv1/o/{organization}/{cluster} over HTTPS, so it cannot use this cluster's HTTP transport; thrift is the method that fits.",
      ),
    ],
  };
}

export const dbt = snippetTool({
  type: 'dbt',
  label: 'dbt',
  detail: () => l10n.t('profiles.yml for dbt-spark'),
  language: 'yaml',
  variants: [{ port: 'thrift', variant: undefined, transport: 'binary', parts }],
});
