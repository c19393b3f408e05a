/**
 * Form controls on native inputs, styled from the theme. Each control carries `data-field` with
 * its form field path, shows its message under it, and is described by it (aria-describedby).
 * Every value is bound as a property or text: nothing typed or read from the cluster becomes markup.
 */
import * as l10n from '@vscode/l10n';
import { html, nothing, TemplateResult } from 'lit';
import type { KeyValueRow } from '../../../shared/forms/formModel';
import type { FormNamespaceData } from '../../../shared/protocol/formPage';

export interface FieldState {
  /** The message to show now (errors only once the field or its tab was checked). */
  error(field: string): string | undefined;
  warning(field: string): string | undefined;
}

/** What the compute and the session form's pages both hold. */
export interface FormPage<V> extends FieldState {
  readonly values: V;
  readonly mode: 'create' | 'edit';
  readonly namespaces: readonly FormNamespaceData[];
  readonly review?: { readonly yaml: string; readonly messages: readonly string[]; readonly loading: boolean };
  set(patch: Partial<V>): void;
}

const id = (field: string) => `f-${field.replace(/[^A-Za-z0-9_-]/g, '_')}`;

export function message(s: FieldState, field: string): TemplateResult | typeof nothing {
  const e = s.error(field);
  if (e) return html`<div class="msg error" id=${`${id(field)}-msg`} role="alert">${e}</div>`;
  const w = s.warning(field);
  if (w) return html`<div class="msg warning" id=${`${id(field)}-msg`}>${w}</div>`;
  return nothing;
}

export interface TextOptions {
  readonly placeholder?: string;
  readonly readonly?: boolean;
  readonly hint?: string;
  readonly list?: string;
}

export function textField(
  s: FieldState,
  label: string,
  field: string,
  value: string,
  onInput: (v: string) => void,
  o: TextOptions = {},
): TemplateResult {
  return html`<label for=${id(field)}>${label}</label>
    <div class="control">
      ${textInput(s, field, value, onInput, { ...o, label })} ${o.hint ? html`<div class="hint">${o.hint}</div>` : nothing}
      ${message(s, field)}
    </div>`;
}

export function textInput(
  s: FieldState,
  field: string,
  value: string,
  onInput: (v: string) => void,
  o: TextOptions & { label?: string } = {},
): TemplateResult {
  const invalid = !!s.error(field);
  return html`<input
    type="text"
    id=${id(field)}
    data-field=${field}
    .value=${value}
    ?readonly=${o.readonly ?? false}
    placeholder=${o.placeholder ?? nothing}
    list=${o.list ?? nothing}
    aria-label=${o.label ?? nothing}
    aria-invalid=${invalid ? 'true' : 'false'}
    aria-describedby=${invalid || s.warning(field) ? `${id(field)}-msg` : nothing}
    spellcheck="false"
    @input=${(e: Event) => onInput((e.target as HTMLInputElement).value)}
  />`;
}

export function textArea(s: FieldState, label: string, field: string, value: string, onInput: (v: string) => void, hint?: string) {
  return html`<label for=${id(field)}>${label}</label>
    <div class="control">
      <textarea
        id=${id(field)}
        data-field=${field}
        rows="3"
        .value=${value}
        aria-invalid=${s.error(field) ? 'true' : 'false'}
        @input=${(e: Event) => onInput((e.target as HTMLTextAreaElement).value)}
      ></textarea>
      ${hint ? html`<div class="hint">${hint}</div>` : nothing} ${message(s, field)}
    </div>`;
}

export interface Option {
  readonly value: string;
  readonly label: string;
}

export function selectField(
  s: FieldState,
  label: string,
  field: string,
  value: string,
  options: readonly Option[],
  onChange: (v: string) => void,
  o: { disabled?: boolean; hint?: string } = {},
): TemplateResult {
  return html`<label for=${id(field)}>${label}</label>
    <div class="control">
      ${select(s, field, value, options, onChange, { ...o, label })} ${o.hint ? html`<div class="hint">${o.hint}</div>` : nothing}
      ${message(s, field)}
    </div>`;
}

/** The namespace a cluster goes to, among those the form offers: fixed once the cluster exists. */
export function namespaceField(p: FormPage<{ readonly namespace: string }>, createHint: string): TemplateResult {
  const edit = p.mode === 'edit';
  return selectField(
    p,
    l10n.t('Namespace'),
    'namespace',
    p.values.namespace,
    p.namespaces.map((n) => ({ value: n.namespace, label: n.namespace })),
    (namespace) => p.set({ namespace }),
    { disabled: edit, hint: edit ? undefined : createHint },
  );
}

export function select(
  s: FieldState,
  field: string,
  value: string,
  options: readonly Option[],
  onChange: (v: string) => void,
  o: { disabled?: boolean; label?: string } = {},
): TemplateResult {
  // A value not among the options (a node type removed from the catalog) stays visible, and invalid.
  const all =
    options.some((x) => x.value === value) || !value ? options : [...options, { value, label: l10n.t('{0} (not available)', value) }];
  return html`<select
    id=${id(field)}
    data-field=${field}
    ?disabled=${o.disabled ?? false}
    aria-label=${o.label ?? nothing}
    aria-invalid=${s.error(field) ? 'true' : 'false'}
    @change=${(e: Event) => onChange((e.target as HTMLSelectElement).value)}
  >
    ${!value ? html`<option value="" selected disabled>${l10n.t('Choose…')}</option>` : nothing}
    ${all.map((x) => html`<option value=${x.value} ?selected=${x.value === value}>${x.label}</option>`)}
  </select>`;
}

export function checkbox(label: string, field: string, checked: boolean, onChange: (v: boolean) => void): TemplateResult {
  return html`<label class="checkbox"
    ><input
      type="checkbox"
      id=${id(field)}
      data-field=${field}
      .checked=${checked}
      @change=${(e: Event) => onChange((e.target as HTMLInputElement).checked)}
    />${label}</label
  >`;
}

export function radios(field: string, value: string, options: readonly Option[], onChange: (v: string) => void): TemplateResult {
  return html`<div class="inline" role="radiogroup" data-field=${field}>
    ${options.map(
      (o) =>
        html`<label
          ><input
            type="radio"
            name=${id(field)}
            value=${o.value}
            .checked=${o.value === value}
            @change=${() => onChange(o.value)}
          />${o.label}</label
        >`,
    )}
  </div>`;
}

export function linkButton(label: string, onClick: () => void, title?: string): TemplateResult {
  return html`<button type="button" class="linkbutton" title=${title ?? nothing} @click=${onClick}>${label}</button>`;
}

/** The Remove button of row `i` (0-based); its title numbers rows from 1. */
function removeButton(i: number, onClick: () => void): TemplateResult {
  return linkButton(l10n.t('Remove'), onClick, l10n.t('Remove row {0}', i + 1));
}

/** Rows of single values (arguments, jar locations, Maven packages). */
export function listRows(
  s: FieldState,
  field: string,
  rows: readonly string[],
  onChange: (rows: string[]) => void,
  o: { placeholder: string; addLabel: string },
): TemplateResult {
  return html`<div class="control" data-list=${field}>
    ${
      rows.length
        ? html`<table class="rows">
            ${rows.map(
              (r, i) =>
                html`<tr>
                  <td>
                    ${textInput(s, `${field}[${i}]`, r, (v) => onChange(rows.map((x, j) => (j === i ? v : x))), {
                      placeholder: o.placeholder,
                      label: `${field} ${i + 1}`,
                    })}
                    ${message(s, `${field}[${i}]`)}
                  </td>
                  <td class="row-actions">${removeButton(i, () => onChange(rows.filter((_, j) => j !== i)))}</td>
                </tr>`,
            )}
          </table>`
        : nothing
    }
    <div>${linkButton(o.addLabel, () => onChange([...rows, '']))}</div>
    ${message(s, field)}
  </div>`;
}

export interface SecretChoice {
  readonly name: string;
  readonly keys: readonly string[];
}

/** Key/value rows, each plain or taken from a Secret key (when `secrets` is given). */
export function keyValueRows(
  s: FieldState,
  field: string,
  rows: readonly KeyValueRow[],
  onChange: (rows: KeyValueRow[]) => void,
  o: {
    keyLabel: string;
    keyPlaceholder: string;
    valuePlaceholder: string;
    addLabel: string;
    /** Undefined: no Secret option. Null: Secrets are allowed but cannot be listed (type the name). */
    secrets?: readonly SecretChoice[] | null;
  },
): TemplateResult {
  const set = (i: number, patch: Partial<KeyValueRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const withSecrets = o.secrets !== undefined;
  const listId = `${id(field)}-secrets`;
  return html`<div class="control" data-list=${field}>
    ${
      withSecrets && o.secrets
        ? html`<datalist id=${listId}>${o.secrets.map((x) => html`<option value=${x.name}></option>`)}</datalist>`
        : nothing
    }
    ${
      rows.length
        ? html`<table class="rows">
            <tr>
              <th>${o.keyLabel}</th>
              ${withSecrets ? html`<th>${l10n.t('Source')}</th>` : nothing}
              <th>${l10n.t('Value')}</th>
              <th></th>
            </tr>
            ${rows.map((r, i) => {
              const keys = o.secrets?.find((x) => x.name === r.secret)?.keys ?? [];
              const keyList = `${id(field)}-${i}-keys`;
              return html`<tr>
                <td>
                  ${textInput(s, `${field}[${i}].key`, r.key, (v) => set(i, { key: v }), {
                    placeholder: o.keyPlaceholder,
                    label: `${o.keyLabel} ${i + 1}`,
                  })}
                  ${message(s, `${field}[${i}].key`)}
                </td>
                ${
                  withSecrets
                    ? html`<td>
                        ${select(
                          s,
                          `${field}[${i}].source`,
                          r.fromSecret ? 'secret' : 'plain',
                          [
                            { value: 'plain', label: l10n.t('Value') },
                            { value: 'secret', label: l10n.t('Secret key') },
                          ],
                          (v) => set(i, { fromSecret: v === 'secret' }),
                          { label: l10n.t('Source {0}', i + 1) },
                        )}
                      </td>`
                    : nothing
                }
                <td>
                  ${
                    r.fromSecret
                      ? html`<div class="inline">
                            ${textInput(s, `${field}[${i}].secret`, r.secret, (v) => set(i, { secret: v }), {
                              placeholder: l10n.t('Secret'),
                              list: o.secrets ? listId : undefined,
                              label: l10n.t('Secret {0}', i + 1),
                            })}
                            <datalist id=${keyList}>${keys.map((k) => html`<option value=${k}></option>`)}</datalist>
                            ${textInput(s, `${field}[${i}].secretKey`, r.secretKey, (v) => set(i, { secretKey: v }), {
                              placeholder: l10n.t('key'),
                              list: keyList,
                              label: l10n.t('Secret key {0}', i + 1),
                            })}
                          </div>
                          ${message(s, `${field}[${i}].secret`)} ${message(s, `${field}[${i}].secretKey`)}`
                      : html`${textInput(s, `${field}[${i}].value`, r.value, (v) => set(i, { value: v }), {
                          placeholder: o.valuePlaceholder,
                          label: l10n.t('Value {0}', i + 1),
                        })}
                        ${message(s, `${field}[${i}].value`)}`
                  }
                </td>
                <td class="row-actions">${removeButton(i, () => onChange(rows.filter((_, j) => j !== i)))}</td>
              </tr>`;
            })}
          </table>`
        : nothing
    }
    <div>
      ${linkButton(o.addLabel, () => onChange([...rows, { key: '', value: '', fromSecret: false, secret: '', secretKey: '' }]))}
      ${
        withSecrets && o.secrets === null
          ? html`<span class="hint">${l10n.t("You may not list Secrets here; type a Secret's name to use one.")}</span>`
          : nothing
      }
    </div>
    ${message(s, field)}
  </div>`;
}
