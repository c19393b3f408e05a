/**
 * Entry of the form bundle (dist/webview/form.js): New Compute / Configure (six tabs) and Create
 * Session Cluster / Edit. The page checks every field as it is typed with the same model the
 * extension runs before writing; the extension answers the dry-run review and the save.
 *
 * Nothing typed is lost: the values live in the page state VS Code keeps while the tab is hidden and
 * across a window reload, every change is also sent as a draft the extension keeps when the panel is
 * closed, and a refused save keeps every field and shows the refusal on its field.
 */
// First: the translations must be in place before any module below looks a string up.
import '../common/l10n';
import * as l10n from '@vscode/l10n';
import type { FormPage } from '../../shared/protocol/formPage';
import {
  canLeaveTab,
  ComputeFormValues,
  ComputeTab,
  defaultComputeForm,
  errorsByTab,
  nextTab,
  previousTab,
  quotaCheck,
  startingNamespace,
  tabOfField,
} from '../../shared/forms/computeForm';
import { FormCheck, mergeKeepingEdits, submitBlock } from '../../shared/forms/formModel';
import { defaultSessionForm, SessionFormValues } from '../../shared/forms/sessionForm';
import type { NotificationBody } from '../../shared/protocol/envelope';
import { banner, button, html, mount, nothing } from '../components';
import { reportCspViolations } from '../common/cspReport';
import { check, client, covers, isDirty, persist, shown, st, tabLabel, Values } from './parts/formState';
import { computeTab } from './parts/computeView';
import { sessionForm } from './parts/sessionView';
import { formStyles } from './parts/styles';
import { tabStrip } from './parts/tabStrip';

reportCspViolations((v) => void client.request('panel.cspViolation', v));
if (formStyles.styleSheet) document.adoptedStyleSheets = [...document.adoptedStyleSheets, formStyles.styleSheet];

let changedTimer: ReturnType<typeof setTimeout> | undefined;
let reviewTimer: ReturnType<typeof setTimeout> | undefined;

function wire(): { compute?: ComputeFormValues; session?: SessionFormValues } {
  return st.kind === 'compute' ? { compute: st.values as ComputeFormValues } : { session: st.values as SessionFormValues };
}

function set(patch: Partial<ComputeFormValues> | Partial<SessionFormValues>): void {
  if (!st.values) return;
  let next = { ...st.values, ...patch } as Values;
  // A new namespace has its own node type catalog: keep the choice only where it exists.
  if (st.kind === 'compute' && 'namespace' in patch) {
    const types = st.namespaces.find((n) => n.namespace === patch.namespace)?.nodeTypes ?? [];
    const c = next as ComputeFormValues;
    next = {
      ...c,
      driverNodeType: types.some((t) => t.name === c.driverNodeType && t.driver)
        ? c.driverNodeType
        : (types.find((t) => t.driver)?.name ?? ''),
      executorNodeType: types.some((t) => t.name === c.executorNodeType && t.executor)
        ? c.executorNodeType
        : (types.find((t) => t.executor)?.name ?? ''),
    };
  }
  st.values = next;
  for (const k of Object.keys(patch)) {
    st.touched.add(k);
    st.serverErrors = st.serverErrors.filter((e) => !covers(k, e.field));
  }
  st.message = undefined;
  persist();
  view.update();
  if (changedTimer) clearTimeout(changedTimer);
  changedTimer = setTimeout(() => void client.request('form.changed', { dirty: isDirty(), ...wire() }), 400);
  if ((st.kind === 'compute' && st.tab === 'review') || (st.kind === 'session' && st.showYaml)) scheduleReview();
}

function scheduleReview(): void {
  if (reviewTimer) clearTimeout(reviewTimer);
  reviewTimer = setTimeout(() => void runReview(), 500);
}

async function runReview(): Promise<void> {
  if (!st.values) return;
  const c = check();
  if (c.errors.length) {
    st.attempted = true;
    const message = l10n.t('Some fields need attention (marked); the objects are shown once they are valid.');
    st.review = { yaml: '', messages: [message], loading: false };
    view.update();
    return;
  }
  st.review = { yaml: st.review?.yaml ?? '', messages: [], loading: true };
  view.update();
  const r = await client.request('form.review', wire());
  if (r.ok) {
    st.review = { yaml: r.value.yaml, messages: [...r.value.messages], loading: false };
    st.serverErrors = [...r.value.fieldErrors];
  } else st.review = { yaml: '', messages: [r.error.message], loading: false };
  view.update();
}

function goTo(tab: ComputeTab): void {
  if (tab === st.tab) return;
  // Leaving a tab checks it: its marks and messages show from now on.
  st.visited.add(st.tab);
  st.tab = tab;
  persist();
  view.update();
  if (tab === 'review') void runReview();
}

function next(): void {
  const c = check();
  const n = nextTab(st.tab);
  st.visited.add(st.tab);
  if (!canLeaveTab([...c.errors, ...st.serverErrors], st.tab)) {
    st.message = { kind: 'error', text: l10n.t('Fix the marked fields on {0} to go on.', tabLabel(st.tab)) };
    persist();
    view.update();
    focusFirstInvalid();
    return;
  }
  st.message = undefined;
  if (n) goTo(n);
}

function previous(): void {
  const back = previousTab(st.tab);
  if (back) goTo(back);
}

function focusFirstInvalid(): void {
  requestAnimationFrame(() => (document.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus());
}

async function submit(): Promise<void> {
  const c = check();
  st.attempted = true;
  if (c.errors.length) {
    st.message = { kind: 'error', text: l10n.t('Some fields need attention; nothing was written.') };
    if (st.kind === 'compute') st.tab = tabOfField(c.errors[0].field);
    persist();
    view.update();
    focusFirstInvalid();
    return;
  }
  st.busy = true;
  const creating = st.mode === 'create';
  st.message = {
    kind: 'info',
    text: creating ? l10n.t('Checking with the API server, then creating…') : l10n.t('Checking with the API server, then saving…'),
  };
  view.update();
  const r = await client.request('form.submit', wire());
  st.busy = false;
  if (!r.ok) {
    st.message = { kind: 'error', text: r.error.message };
    revealOutcome();
  } else if (r.value.done) {
    st.message = { kind: 'info', text: r.value.message ?? l10n.t('Done.') };
    st.base = st.values;
  } else if (r.value.conflict) {
    st.conflict = r.value.conflict;
    st.message = undefined;
    revealOutcome();
  } else {
    st.serverErrors = [...r.value.fieldErrors];
    st.message = { kind: 'error', text: r.value.message ?? l10n.t('The API server refused it; nothing was written.') };
    const first = r.value.fieldErrors[0];
    if (first && st.kind === 'compute') st.tab = tabOfField(first.field);
    focusFirstInvalid();
  }
  persist();
  view.update();
}

async function reload(): Promise<void> {
  const r = await client.request('form.reload', {});
  if (!r.ok) {
    st.message = { kind: 'error', text: r.error.message };
  } else {
    const fresh = (r.value.compute ?? r.value.session) as Values;
    st.values = st.base && st.values ? mergeKeepingEdits(st.base, st.values, fresh) : fresh;
    st.base = fresh;
    st.conflict = undefined;
    st.serverErrors = [];
    st.message = {
      kind: 'info',
      text: l10n.t('Reloaded the current configuration; the fields you changed keep your values. Review them and save again.'),
    };
  }
  persist();
  view.update();
}

async function cancel(): Promise<void> {
  await client.request('form.cancel', { dirty: isDirty() });
}

function discardDraft(): void {
  st.draftSavedAt = undefined;
  if (st.base) st.values = st.base;
  st.touched.clear();
  st.visited.clear();
  st.attempted = false;
  void client.request('form.discardDraft', {});
  persist();
  view.update();
}

function fieldState(c: FormCheck) {
  return {
    error: (f: string) => shown(f, c),
    warning: (f: string) => c.warnings.find((w) => w.field === f)?.message,
  };
}

function tabs(c: FormCheck) {
  const counts = errorsByTab([
    ...c.errors.filter((e) => shown(e.field, c)),
    ...st.serverErrors.filter((s) => !c.errors.some((e) => e.field === s.field)),
  ]);
  return tabStrip({ selected: st.tab, counts, label: tabLabel, select: goTo });
}

function banners() {
  return html`${st.notice ? banner('warning', st.notice) : nothing}
  ${
    st.draftSavedAt
      ? html`<div class="banner banner-info" role="status">
          ${l10n.t('Restored the unsaved edits you left on {0}.', new Date(st.draftSavedAt).toLocaleString())}
          <button type="button" class="linkbutton" @click=${discardDraft}>${l10n.t('Discard them')}</button>
        </div>`
      : nothing
  }`;
}

/** The answer to Create or Save, where the user pressed it: a conflict (with its Reload) or the message. */
function outcome() {
  return html`${
    st.conflict
      ? html`<div class="banner banner-warning" role="alert" data-field="conflict">
          ${st.conflict}
          <button type="button" class="linkbutton" id="conflict-reload" @click=${() => void reload()}>
            ${l10n.t('Reload, keeping my edits')}
          </button>
        </div>`
      : nothing
  }
  ${st.message ? html`<div data-field="form-message">${banner(st.message.kind, st.message.text)}</div>` : nothing}`;
}

/** After a refusal: bring its explanation into view and put the focus on what answers it. */
function revealOutcome(): void {
  requestAnimationFrame(() => {
    const target = document.getElementById('conflict-reload') ?? document.querySelector<HTMLElement>('[data-field="form-message"]');
    target?.scrollIntoView({ block: 'nearest' });
    target?.focus();
  });
}

function footer(c: FormCheck) {
  const primary = st.mode === 'create' ? l10n.t('Create') : l10n.t('Save');
  const why = submitBlock(c.errors, st.serverErrors, !!st.conflict);
  return html`${outcome()}
    <div class="footer">
      ${button(l10n.t('Cancel'), () => void cancel(), { secondary: true })}
      <span class="spacer"></span>
      ${
        st.kind === 'compute'
          ? html`${button(l10n.t('Previous'), previous, { secondary: true, disabled: !previousTab(st.tab) })}
            ${button(l10n.t('Next'), next, { secondary: true, disabled: !nextTab(st.tab) })}`
          : button(
              st.showYaml ? l10n.t('Hide YAML') : l10n.t('Preview YAML'),
              () => {
                st.showYaml = !st.showYaml;
                persist();
                view.update();
                if (st.showYaml) void runReview();
              },
              { secondary: true },
            )
      }
      ${button(primary, () => void submit(), { disabled: why !== undefined, busy: st.busy, title: why })}
    </div>
    ${why && (st.tab === 'review' || st.kind === 'session') ? html`<p class="hint blocked" data-field="submit-blocked">${why}</p>` : nothing}`;
}

/** The quota's verdict for the review: a driver that cannot fit (an error on Create), executors beyond it. */
function quotaNotes(v: ComputeFormValues): { kind: 'warning' | 'error'; message: string }[] {
  const ns = st.namespaces.find((n) => n.namespace === v.namespace);
  const q = quotaCheck(v, ns?.nodeTypes ?? [], ns?.room);
  const errorKind = st.mode === 'create' ? 'error' : 'warning';
  return [
    ...q.errors.map((e) => ({ kind: errorKind, message: e.message }) as const),
    ...q.warnings.map((w) => ({ kind: 'warning' as const, message: w.message })),
  ];
}

const root = document.getElementById('root') ?? document.body;
const view = mount(root, () => {
  if (!st.initialised || !st.values)
    return html`<h1>${st.title}</h1>
      ${banners()}
      <p class="hint">${l10n.t('Loading…')}</p>`;
  const c = check();
  const fs = fieldState(c);
  // What both kinds' pages take from the form's state.
  const common = { ...fs, mode: st.mode, namespaces: st.namespaces, review: st.review, set };
  if (st.kind === 'compute') {
    const page = {
      ...common,
      values: st.values as ComputeFormValues,
      bundles: st.bundles,
      base: st.mode === 'edit' ? (st.base as ComputeFormValues | undefined) : undefined,
      quotaNotes: quotaNotes(st.values as ComputeFormValues),
    };
    return html`<div class="form" data-form="compute">
      <h1>${st.title}</h1>
      ${banners()} ${tabs(c)}
      <div role="tabpanel" id="tabpanel" aria-labelledby=${`tab-${st.tab}`}>${computeTab(page, st.tab)}</div>
      ${footer(c)}
    </div>`;
  }
  const page = { ...common, values: st.values as SessionFormValues, flinkVersions: st.flinkVersions, showYaml: st.showYaml };
  return html`<div class="form" data-form="session">
    <h1>${st.title}</h1>
    ${banners()} ${sessionForm(page)} ${footer(c)}
  </div>`;
});

client.on('panel.init', ({ key, title }) => {
  if (st.key && st.key !== key) {
    // Saved state of another form: start afresh.
    st.values = st.base = undefined;
    st.visited.clear();
    st.touched.clear();
    st.attempted = false;
    st.draftSavedAt = undefined;
  }
  st.key = key;
  st.title = title;
  document.title = title;
  view.update();
});

client.on('form.init', (b: NotificationBody<FormPage, 'form.init'>) => {
  st.kind = b.kind;
  st.mode = b.mode;
  st.bundles = [...b.bundles];
  st.flinkVersions = [...b.flinkVersions];
  const initial = (b.compute ?? b.session) as Values | undefined;
  const draft = (b.draftCompute ?? b.draftSession) as Values | undefined;
  if (!st.values) {
    // Page state wins (hidden and shown, window reload); then a draft left from a closed form; then the cluster's values.
    if (draft) {
      st.values = draft;
      st.draftSavedAt = b.draftSavedAt;
      st.base = initial;
    } else {
      st.values = initial;
      st.base = initial;
    }
  } else if (initial && !st.base) st.base = initial;
  st.initialised = true;
  persist();
  view.update();
});

client.on('form.context', ({ namespaces, notice }) => {
  st.namespaces = [...namespaces];
  st.contextKnown = true;
  st.notice = notice;
  if (st.initialised && st.mode === 'create') {
    // A new compute cluster starts where its driver fits; the namespace list keeps its order.
    const first = st.kind === 'compute' ? startingNamespace(namespaces) : namespaces[0];
    if (!st.values && first) {
      st.values =
        st.kind === 'compute'
          ? defaultComputeForm(first.namespace, first.nodeTypes)
          : defaultSessionForm(first.namespace, st.flinkVersions);
      st.base = st.values;
    } else if (st.values && first && !namespaces.some((n) => n.namespace === st.values!.namespace) && !st.values.namespace) {
      set({ namespace: first.namespace });
      st.base = st.values;
    }
    if (st.base === undefined && st.values && first)
      st.base =
        st.kind === 'compute'
          ? defaultComputeForm(first.namespace, first.nodeTypes)
          : defaultSessionForm(first.namespace, st.flinkVersions);
  }
  persist();
  view.update();
  if (st.kind === 'compute' && st.tab === 'review') scheduleReview();
});
