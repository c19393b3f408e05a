/**
 * The form page's state: what the user typed (kept in the page state VS Code restores after a
 * reload or when the tab is shown again), what it started from, what the extension told it, and
 * the checks derived from them.
 */
import * as l10n from '@vscode/l10n';
import { FieldError } from '../../../shared/clusters/validation';
import { checkComputeForm, ComputeFormValues, ComputeTab, tabOfField } from '../../../shared/forms/computeForm';
import { FormCheck } from '../../../shared/forms/formModel';
import { checkSessionForm, SessionFormValues } from '../../../shared/forms/sessionForm';
import { FORM_PAGE, type FormNamespaceData } from '../../../shared/protocol/formPage';
import { connectPage } from '../../common/page';

export type Values = ComputeFormValues | SessionFormValues;
interface Saved {
  [field: string]: unknown;
  key?: string;
  kind?: 'compute' | 'session';
  mode?: 'create' | 'edit';
  tab?: ComputeTab;
  values?: Values;
  base?: Values;
  visited?: string[];
  touched?: string[];
  attempted?: boolean;
  draftSavedAt?: string;
  showYaml?: boolean;
}

export const client = connectPage(FORM_PAGE);
const saved = client.getState<Saved>();

export const st = {
  key: saved.key,
  title: '',
  initialised: false,
  kind: saved.kind,
  mode: saved.mode ?? ('create' as 'create' | 'edit'),
  tab: saved.tab ?? ('general' as ComputeTab),
  values: saved.values,
  base: saved.base,
  visited: new Set<string>(saved.visited ?? []),
  touched: new Set<string>(saved.touched ?? []),
  attempted: saved.attempted ?? false,
  serverErrors: [] as FieldError[],
  message: undefined as { kind: 'info' | 'warning' | 'error'; text: string } | undefined,
  conflict: undefined as string | undefined,
  namespaces: [] as FormNamespaceData[],
  contextKnown: false,
  notice: undefined as string | undefined,
  bundles: [] as string[],
  flinkVersions: [] as string[],
  review: undefined as { yaml: string; messages: string[]; loading: boolean } | undefined,
  busy: false,
  draftSavedAt: saved.draftSavedAt,
  showYaml: saved.showYaml ?? false,
};

export function persist(): void {
  client.saveState({
    key: st.key,
    kind: st.kind,
    mode: st.mode,
    tab: st.tab,
    values: st.values,
    base: st.base,
    visited: [...st.visited],
    touched: [...st.touched],
    attempted: st.attempted,
    draftSavedAt: st.draftSavedAt,
    showYaml: st.showYaml,
  });
}

/** A tab's name in the strip and in messages; looked up at render time, after the translations are in place. */
export function tabLabel(tab: ComputeTab): string {
  switch (tab) {
    case 'general':
      return l10n.t('General');
    case 'configurations':
      return l10n.t('Configurations');
    case 'dependencies':
      return l10n.t('Dependencies');
    case 'docker':
      return l10n.t('Docker settings');
    case 'tags':
      return l10n.t('Tags');
    case 'review':
      return st.mode === 'create' ? l10n.t('Review & Create') : l10n.t('Review & Save');
  }
}

export const isDirty = () => !!st.values && JSON.stringify(st.values) !== JSON.stringify(st.base);

export function check(): FormCheck {
  const v = st.values;
  if (!v) return { errors: [], warnings: [] };
  const ns = st.namespaces.find((n) => n.namespace === v.namespace);
  if (st.kind === 'compute')
    return checkComputeForm(v as ComputeFormValues, {
      nodeTypes: ns?.nodeTypes ?? [],
      mode: st.mode === 'create' ? 'create' : 'configure',
      namespaces: st.mode === 'create' && st.contextKnown ? st.namespaces.map((n) => n.namespace) : undefined,
      existingNames: ns?.computeNames,
      room: ns?.room,
    });
  return checkSessionForm(v as SessionFormValues, {
    mode: st.mode,
    flinkVersions: st.flinkVersions,
    namespaces: st.mode === 'create' && st.contextKnown ? st.namespaces.map((n) => n.namespace) : undefined,
    existingNames: ns?.sessionNames,
    room: ns?.room,
  });
}

export const covers = (prefix: string, field: string) =>
  field === prefix || field.startsWith(`${prefix}[`) || field.startsWith(`${prefix}.`);

/** A check's error shows once its field was edited, its tab was left or checked, or a save was tried. */
export function shown(field: string, checked: FormCheck): string | undefined {
  const server = st.serverErrors.find((e) => e.field === field)?.message;
  if (server) return server;
  const e = checked.errors.find((x) => x.field === field);
  if (!e) return undefined;
  if (st.attempted || [...st.touched].some((t) => covers(t, field)) || (st.kind === 'compute' && st.visited.has(tabOfField(field))))
    return e.message;
  return undefined;
}
