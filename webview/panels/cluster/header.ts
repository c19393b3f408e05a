/** Above the tabs: breadcrumb, name, state badge, the actions, Diagnose and the notes on running actions. */
import * as l10n from '@vscode/l10n';
import { COMPUTE_STATES, type DriverState, SESSION_STATES, type SessionStatus } from '../../../shared/clusters/stateTable';
import { timeText } from '../../../shared/text/format';
import { badge, banner, button, errorNote, html, nothing, TemplateResult } from '../../components';
import { computeButtons, HeaderButton, offerDiagnose, sessionButtons } from '../../model/header';
import { call, client, type ComputeUpdate, page, type SessionUpdate, update } from './page';

type Tone = 'success' | 'warning' | 'error' | 'default';

const COMPUTE_TONES: Readonly<Record<DriverState, Tone>> = {
  STARTING: 'warning',
  ACTIVE: 'success',
  STOPPED: 'default',
  FAILED: 'error',
  UNKNOWN: 'default',
};
const SESSION_TONES: Readonly<Record<SessionStatus, Tone>> = {
  Starting: 'warning',
  Running: 'success',
  Disabling: 'warning',
  Disabled: 'default',
  Failed: 'error',
  Unknown: 'default',
};

type State = { readonly kind: 'compute'; readonly state: DriverState } | { readonly kind: 'session'; readonly state: SessionStatus };

/** The state's label from the one state table (translated), so the panel reads as the tree does; a deleted cluster says so instead. */
export function stateBadge(s: State, reason: string | undefined, deleted: boolean): TemplateResult {
  if (deleted) return html`<span class="state deleted">${badge(l10n.t('Deleted'), 'default')}</span>`;
  const label = s.kind === 'compute' ? COMPUTE_STATES[s.state].label : SESSION_STATES[s.state].label;
  const tone = s.kind === 'compute' ? COMPUTE_TONES[s.state] : SESSION_TONES[s.state];
  return html`<span class="state" title=${reason ?? label}>${badge(label, tone)}</span>`;
}

function headerButtons(list: readonly HeaderButton[]): TemplateResult {
  if (!list.length) return html``;
  return html`<div class="actions" role="toolbar" aria-label=${l10n.t('Cluster actions')}>
    ${list.map((b) =>
      button(b.label, () => void call(client.request('action.run', { action: b.action })), {
        secondary: b.secondary,
        disabled: !b.enabled,
        busy: b.busy,
        ...(b.title ? { title: b.title } : {}),
      }),
    )}
  </div>`;
}

function operationNotes(c: {
  operation?: { action: string; user: string; startedAt: string };
  interrupted?: { action: string; user: string; startedAt: string };
  restartRequired: boolean;
}): TemplateResult[] {
  const out: TemplateResult[] = [];
  // The action is the lifecycle action's name as the extension records it (start, restart...).
  if (c.operation) {
    const { action, user, startedAt } = c.operation;
    out.push(banner('info', l10n.t('{action} by {user} is in progress (since {time}).', { action, user, time: timeText(startedAt) })));
  }
  if (c.interrupted) {
    const { action, user } = c.interrupted;
    out.push(
      banner('warning', l10n.t('The last {action} by {user} stopped before it finished; the next action takes over.', { action, user })),
    );
  }
  if (c.restartRequired) out.push(banner('warning', l10n.t('Restart required: the configuration changed since the cluster started.')));
  return out;
}

// ---- Diagnose (compute) ----

const diagnosis = { result: undefined as { summary: string; details: readonly string[] } | undefined, running: false };

function runDiagnose(): void {
  diagnosis.running = true;
  update();
  void call(client.request('diagnose.run', {})).then((d) => {
    diagnosis.running = false;
    if (d) diagnosis.result = d;
    update();
  });
}

function diagnoseBlock(u: ComputeUpdate): TemplateResult | typeof nothing {
  if (!offerDiagnose(u.cluster, u.deleted, Date.now())) return nothing;
  const d = diagnosis.result;
  return html`<div class="diagnose">
      ${button(l10n.t('Diagnose'), runDiagnose, { busy: diagnosis.running, title: l10n.t('Explain why the driver does not run') })}
    </div>
    ${
      d
        ? html`<div class="banner banner-info diagnosis" role="status">
            <strong>${d.summary}</strong>
            ${
              d.details.length
                ? html`<ul>
                    ${d.details.map((x) => html`<li>${x}</li>`)}
                  </ul>`
                : nothing
            }
          </div>`
        : nothing
    }`;
}

export function computeHeader(u: ComputeUpdate): TemplateResult {
  const c = u.cluster;
  return html`
    <nav class="breadcrumb" aria-label=${l10n.t('Breadcrumb')}>
      <span>${l10n.t('Compute')}</span><span aria-hidden="true"> › </span><span>${c.name}</span>
    </nav>
    <header class="title">
      <h1>${c.name}</h1>
      ${stateBadge({ kind: 'compute', state: c.state }, c.reason, u.deleted)}
    </header>
    ${u.deleted ? banner('warning', l10n.t('This compute has been deleted')) : nothing}
    ${headerButtons(computeButtons(c, u.actions, u.commands, u.deleted))} ${diagnoseBlock(u)} ${u.deleted ? nothing : operationNotes(c)}
    ${page.requestError ? errorNote(page.requestError) : nothing}
  `;
}

export function sessionHeader(u: SessionUpdate): TemplateResult {
  const c = u.cluster;
  return html`
    <nav class="breadcrumb" aria-label=${l10n.t('Breadcrumb')}>
      <span>${l10n.t('Session clusters')}</span><span aria-hidden="true"> › </span><span>${c.name}</span>
    </nav>
    <header class="title">
      <h1>${c.name}</h1>
      ${stateBadge({ kind: 'session', state: c.status }, c.reason, u.deleted)}
    </header>
    ${u.deleted ? banner('warning', l10n.t('This session cluster has been deleted')) : nothing}
    ${headerButtons(sessionButtons(c, u.actions, u.commands, u.deleted))}
    ${
      c.status === 'Running' && (c.sessionJobs ?? 0) > 0 && !u.deleted
        ? html`<p class="note">
            ${
              c.sessionJobs === 1
                ? l10n.t('Disable deletes its FlinkSessionJob, whose job is cancelled; you will be asked first.')
                : l10n.t('Disable deletes its {0} FlinkSessionJobs, whose jobs are cancelled; you will be asked first.', c.sessionJobs ?? 0)
            }
          </p>`
        : nothing
    }
    ${u.deleted ? nothing : operationNotes(c)} ${page.requestError ? errorNote(page.requestError) : nothing}
  `;
}
