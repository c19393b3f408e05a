/**
 * Which form a panel holds (its key, restored after a window reload), its title, and the workbench
 * calls a form makes (`FormUi`), among them the drafts kept when a form closes with unsaved edits.
 */
import * as l10n from '@vscode/l10n';
import { ClusterKind } from '../../clusters/definition';
import type { ComputeFormValues, SessionFormValues } from '../../../shared/forms/formValues';

export type FormMode = 'create' | 'edit';

export interface FormKey {
  readonly kind: ClusterKind;
  readonly mode: FormMode;
  readonly namespace?: string;
  readonly name?: string;
}

export const FORM_KEY_PATTERN = /^(compute|session)\/(create|edit\/[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-a-z0-9]*[a-z0-9])?)$/;

export function formKeyString(k: FormKey): string {
  return k.mode === 'create' ? `${k.kind}/create` : `${k.kind}/edit/${k.namespace}/${k.name}`;
}

export function parseFormKey(key: string): FormKey | undefined {
  if (!FORM_KEY_PATTERN.test(key)) return undefined;
  const [kind, mode, namespace, name] = key.split('/');
  return mode === 'create' ? { kind: kind as ClusterKind, mode: 'create' } : { kind: kind as ClusterKind, mode: 'edit', namespace, name };
}

export function formTitle(k: FormKey): string {
  if (k.kind === 'compute') return k.mode === 'create' ? l10n.t('New Compute') : l10n.t('Configure: {0}', k.name ?? '');
  return k.mode === 'create' ? l10n.t('Create Session Cluster') : l10n.t('Edit: {0}', k.name ?? '');
}

/** Unsaved edits of a form, kept in the workspace state when the form closes. */
export interface FormDraft {
  readonly savedAt: string;
  readonly compute?: ComputeFormValues;
  readonly session?: SessionFormValues;
}

/** The workbench around a form. */
export interface FormUi {
  readonly drafts: { get(key: string): FormDraft | undefined; set(key: string, draft: FormDraft | undefined): void | PromiseLike<void> };
  /** Modal: "Discard your unsaved edits?"; true only when the user chose to discard (keeping them is the default). */
  confirmDiscard(title: string): PromiseLike<boolean>;
  /** Non-modal, after the panel closed with unsaved edits: offer to reopen (the draft is kept) or discard. */
  draftKept(title: string, reopen: () => void, discard: () => void): void;
  info(message: string): void;
  error(message: string, actions?: readonly { title: string; run: () => void }[]): void;
  openDetails(ref: { kind: ClusterKind; namespace: string; name: string }): void;
  /** Reopens this form (from the draft notification). */
  reopen(key: string): void;
}
