/** Details: what the cluster is, from the cluster update the header shows too. */
import * as l10n from '@vscode/l10n';
import { executorsText, flinkVersionText, nodeTypeText, quotaText, timeText } from '../../../shared/text/format';
import { fields, html, nothing, section, TemplateResult } from '../../components';
import { stateBadge } from './header';
import type { ComputeUpdate, PageTab, SessionUpdate } from './page';

function computeDetails(u: ComputeUpdate): TemplateResult {
  const c = u.cluster;
  const showReason = c.reason && (c.state === 'FAILED' || c.state === 'STARTING' || c.state === 'UNKNOWN');
  const state = html`${stateBadge({ kind: 'compute', state: c.state }, c.reason, u.deleted)}${
    showReason && !u.deleted ? html` <span class="reason">${c.reason}</span>` : nothing
  }${
    // What Kubernetes said, word for word, one click away from the sentence above.
    showReason && !u.deleted && c.reasonRaw
      ? html`<details class="reason-raw">
          <summary>${l10n.t('What Kubernetes reported')}</summary>
          <pre>${c.reasonRaw}</pre>
        </details>`
      : nothing
  }`;
  const rows: [string, TemplateResult | string][] = [
    [l10n.t('ID'), c.id],
    [l10n.t('Name'), c.name],
    [l10n.t('Driver state'), state],
    [l10n.t('Driver node type'), nodeTypeText(c.driverNodeType)],
  ];
  if (c.singleNode) rows.push([l10n.t('Deployment'), l10n.t('Single node: the driver runs the work itself')]);
  else
    rows.push(
      [l10n.t('Executor node type'), nodeTypeText(c.executorNodeType)],
      [l10n.t('Executors'), c.state === 'ACTIVE' || c.state === 'STARTING' ? executorsText(c.executorCounts) : l10n.t('Not running')],
      [l10n.t('Max executors'), String(c.executorCount)],
    );
  rows.push(
    [l10n.t('Volume'), c.volume ?? l10n.t('None')],
    [l10n.t('Auto scaling timeout'), c.autoScalingMinutes !== undefined ? l10n.t('{0} min', c.autoScalingMinutes) : l10n.t('Disabled')],
  );
  const tags = c.tags.length
    ? html`<span class="tags">${c.tags.map((t) => html`<span class="tag">${t.key}: ${t.value}</span>`)}</span>`
    : l10n.t('None');
  const createdBy = c.createdBy
    ? c.createdAt
      ? l10n.t('{user} on {time}', { user: c.createdBy, time: timeText(c.createdAt) })
      : c.createdBy
    : timeText(c.createdAt);
  return html`
    ${section(l10n.t('Compute'), fields(rows))}
    ${section(
      l10n.t('Metadata'),
      fields([
        [l10n.t('Namespace'), c.namespace],
        [l10n.t('Created by'), createdBy],
        [l10n.t('Tags'), tags],
        [l10n.t('Description'), html`<span class="description">${c.description}</span>`],
      ]),
    )}
    ${
      c.problems.length
        ? section(
            l10n.t('Problems in the definition'),
            html`<ul>
              ${c.problems.map((p) => html`<li>${p}</li>`)}
            </ul>`,
          )
        : nothing
    }
  `;
}

function sessionDetails(u: SessionUpdate): TemplateResult {
  const c = u.cluster;
  const status = html`${stateBadge({ kind: 'session', state: c.status }, c.reason, u.deleted)}${
    c.reason && !u.deleted ? html` <span class="reason">${c.reason}</span>` : nothing
  }`;
  // The quota's quantities (`6Gi`) written as the cluster's own sizes above (`6 GiB`).
  const usage = (x: { used: string; total: string } | undefined, what: 'cpu' | 'memory') => (x ? quotaText(x, what) : l10n.t('No quota'));
  // The version as the form offers it (1.20); the operator's identifier (v1_20) in the tooltip.
  const version = c.flinkVersion ? html`<span title=${c.flinkVersion}>${flinkVersionText(c.flinkVersion)}</span>` : '';
  return html`
    ${section(
      l10n.t('Session cluster'),
      fields([
        [l10n.t('ID'), c.id],
        [l10n.t('Name'), c.name],
        [l10n.t('Owner'), c.owner ?? ''],
        [l10n.t('Status'), status],
        [l10n.t('Memory'), c.memory],
        // CPU, the unit, is not translated (as in format.ts).
        [l10n.t('CPU'), `${+c.cpu.toFixed(2)} CPU`],
        [l10n.t('TaskManagers'), c.taskManagers !== undefined ? String(c.taskManagers) : ''],
        [l10n.t('Slots per TaskManager'), c.slots !== undefined ? String(c.slots) : ''],
        [l10n.t('Image'), c.image ?? ''],
        [l10n.t('Flink version'), version],
        [l10n.t('Last update'), timeText(c.lastUpdate)],
        [l10n.t('Session jobs'), c.sessionJobs !== undefined ? String(c.sessionJobs) : l10n.t('Unknown')],
      ]),
    )}
    ${section(
      l10n.t('Resource group: {0}', c.namespace),
      fields([
        [l10n.t('CPU'), usage(u.resources.cpu, 'cpu')],
        [l10n.t('Memory'), usage(u.resources.memory, 'memory')],
      ]),
    )}
    ${section(
      l10n.t('Metadata'),
      fields([
        [l10n.t('Namespace'), c.namespace],
        [l10n.t('Created'), timeText(c.createdAt)],
        [l10n.t('Description'), html`<span class="description">${c.description}</span>`],
      ]),
    )}
  `;
}

export const computeDetailsTab: PageTab<ComputeUpdate> = { label: () => l10n.t('Details'), content: computeDetails };
export const sessionDetailsTab: PageTab<SessionUpdate> = { label: () => l10n.t('Details'), content: sessionDetails };
