import { snippetContext, SnippetTool } from './snippet';
import { arrowFlight } from './tools/arrowFlight';
import { dbt } from './tools/dbt';
import { jdbc } from './tools/jdbc';
import { metabase } from './tools/metabase';
import { powerbi } from './tools/powerbi';
import { python } from './tools/python';
import { redash } from './tools/redash';
import { sparkConnect } from './tools/sparkConnect';
import { superset } from './tools/superset';
import { tableau } from './tools/tableau';
import { ConnectionTarget, PortName, Snippet, SnippetType, SnippetUnavailableError } from './types';
import * as l10n from '@vscode/l10n';

/**
 * Every snippet tool, in the order a picker shows them: one file under `tools/` each. A new type is
 * its file, a line here, and its name in the SnippetType union (the compiler asks for the line).
 */
export const SNIPPET_TOOLS: Readonly<Record<SnippetType, SnippetTool>> = {
  python,
  jdbc,
  dbt,
  tableau,
  powerbi,
  superset,
  metabase,
  redash,
  'spark-connect': sparkConnect,
  'arrow-flight': arrowFlight,
};

/** Ports each type can use; a type is offered when the endpoint has at least one of them. */
export const SNIPPET_PORTS: Readonly<Record<SnippetType, readonly PortName[]>> = Object.fromEntries(
  Object.values(SNIPPET_TOOLS).map((tool) => [tool.type, tool.ports]),
) as Record<SnippetType, readonly PortName[]>;

/**
 * Every snippet of one type for a target: one per transport the tool supports and the endpoint
 * reaches (binary first). Throws SnippetUnavailableError when there is none (Arrow Flight not
 * served, or the endpoint lacks every port the type needs).
 */
export function generateSnippets(type: SnippetType, target: ConnectionTarget): Snippet[] {
  const tool = Object.hasOwn(SNIPPET_TOOLS, type) ? SNIPPET_TOOLS[type] : undefined;
  if (!tool) throw new SnippetUnavailableError(l10n.t('Unknown snippet type {0}.', String(type)), type);
  const out = tool.generate(snippetContext(target));
  if (out.length === 0) {
    throw new SnippetUnavailableError(
      l10n.t('The {0} endpoint of {1} does not reach the port this needs ({2}).', target.endpoint.kind, target.name, tool.ports.join(', ')),
      type,
    );
  }
  return out;
}
