/** The six tabs of the compute form (New Compute / Configure). */
import * as l10n from '@vscode/l10n';
import { html, nothing, TemplateResult } from 'lit';
import { computeTotals, ComputeFormValues, ComputeTab, isHidden } from '../../../shared/forms/computeForm';
import { unusedName } from '../../../shared/forms/formModel';
import { computeSummary, summaryChanges } from '../../../shared/forms/review';
import { formatCpu, formatMemory } from '../../../shared/text/quantity';
import { NodeType } from '../../../shared/clusters/nodeTypes';
import { banner, fill } from '../../components';
import { executorsAtScale, nodeTypeText, quotaLeftText } from '../../../shared/text/clusterText';
import {
  checkbox,
  FormPage,
  keyValueRows,
  listRows,
  message,
  namespaceField,
  radios,
  selectField,
  textArea,
  textField,
  textInput,
} from './widgets';

export interface ComputePage extends FormPage<ComputeFormValues> {
  readonly bundles: readonly string[];
  /** Configure: the values the form opened with (the review shows what changes). */
  readonly base?: ComputeFormValues;
  /** The quota's verdict, repeated on the review: the driver that cannot fit, executors that stay pending. */
  readonly quotaNotes: readonly { readonly kind: 'warning' | 'error'; readonly message: string }[];
}

const nsData = (p: ComputePage) => p.namespaces.find((n) => n.namespace === p.values.namespace);
const nodeTypes = (p: ComputePage): readonly NodeType[] => nsData(p)?.nodeTypes ?? [];

export function computeTab(p: ComputePage, tab: ComputeTab): TemplateResult {
  switch (tab) {
    case 'general':
      return general(p);
    case 'configurations':
      return configurations(p);
    case 'dependencies':
      return dependencies(p);
    case 'docker':
      return docker(p);
    case 'tags':
      return tags(p);
    case 'review':
      return review(p);
  }
}

function general(p: ComputePage): TemplateResult {
  const v = p.values;
  const edit = p.mode === 'edit';
  const types = nodeTypes(p);
  const opt = (t: NodeType) => ({ value: t.name, label: nodeTypeText(t) });
  const hidden = (f: string) => isHidden(v, f);
  const readOnly = l10n.t('Read-only after create.');
  return html`<div class="grid">
      ${textField(p, l10n.t('Name'), 'name', v.name, (name) => p.set({ name }), {
        readonly: edit,
        placeholder: unusedName('sales-etl', nsData(p)?.computeNames ?? []),
        hint: edit ? readOnly : l10n.t('Lower-case letters, digits and "-", at most 53 characters.'),
      })}
      ${textArea(p, l10n.t('Description'), 'description', v.description, (description) => p.set({ description }))}
      ${selectField(
        p,
        l10n.t('Bundle'),
        'bundle',
        v.bundle,
        p.bundles.map((b) => ({ value: b, label: b })),
        (bundle) => p.set({ bundle }),
        { disabled: edit, hint: edit ? readOnly : l10n.t('The Spark version and its libraries.') },
      )}
      ${namespaceField(p, l10n.t('Only namespaces where you may create the cluster’s objects.'))}
      <span class="label">${l10n.t('Deployment type')}</span>
      <div class="control">
        ${radios(
          'deploymentType',
          v.deploymentType,
          [
            { value: 'multi-node', label: l10n.t('Multi-node (driver and executors)') },
            { value: 'single-node', label: l10n.t('Single-node (driver only)') },
          ],
          (t) => p.set({ deploymentType: t as ComputeFormValues['deploymentType'] }),
        )}
      </div>
      ${selectField(
        p,
        l10n.t('Driver node'),
        'driverNodeType',
        v.driverNodeType,
        types.filter((t) => t.driver).map(opt),
        (driverNodeType) => p.set({ driverNodeType }),
      )}
      ${
        hidden('executorNodeType')
          ? nothing
          : selectField(
              p,
              l10n.t('Executor node'),
              'executorNodeType',
              v.executorNodeType,
              types.filter((t) => t.executor).map(opt),
              (executorNodeType) => p.set({ executorNodeType }),
            )
      }
      ${
        hidden('executorCount')
          ? nothing
          : textField(p, l10n.t('Max executors'), 'executorCount', v.executorCount, (executorCount) => p.set({ executorCount }), {
              hint: l10n.t('The most executors dynamic allocation may start (1 to 1,000).'),
            })
      }
      ${
        hidden('spotInstances')
          ? nothing
          : html`<span class="label">${l10n.t('Spot instances')}</span>
              <div class="control">
                ${checkbox(l10n.t('Run executors on spot instances'), 'spotInstances', v.spotInstances, (spotInstances) =>
                  p.set({ spotInstances }),
                )}
              </div>`
      }
      <span class="label">${l10n.t('Volume')}</span>
      <div class="control">
        ${checkbox(l10n.t('Attach a local volume'), 'volumeEnabled', v.volumeEnabled, (volumeEnabled) => p.set({ volumeEnabled }))}
        ${
          v.volumeEnabled
            ? html`${textInput(p, 'volumeSize', v.volumeSize, (volumeSize) => p.set({ volumeSize }), {
                label: l10n.t('Volume size'),
                placeholder: '50Gi',
              })}
              ${message(p, 'volumeSize')}`
            : nothing
        }
      </div>
      ${
        hidden('idleTimeoutMinutes')
          ? nothing
          : html`<span class="label">${l10n.t('Auto scaling')}</span>
              <div class="control">
                ${radios(
                  'autoScalingEnabled',
                  v.autoScalingEnabled ? 'on' : 'off',
                  [
                    { value: 'on', label: l10n.t('Stop idle executors after') },
                    { value: 'off', label: l10n.t('Disabled') },
                  ],
                  (x) => p.set({ autoScalingEnabled: x === 'on' }),
                )}
                ${
                  v.autoScalingEnabled
                    ? html`<div class="inline">
                          ${textInput(
                            p,
                            'idleTimeoutMinutes',
                            v.idleTimeoutMinutes,
                            (idleTimeoutMinutes) => p.set({ idleTimeoutMinutes }),
                            {
                              label: l10n.t('Idle timeout in minutes'),
                            },
                          )}
                          <span class="hint">${l10n.t('minutes (1 to 180)')}</span>
                        </div>
                        ${message(p, 'idleTimeoutMinutes')}`
                    : nothing
                }
              </div>`
      }
      <span class="label">${l10n.t('Arrow Flight')}</span>
      <div class="control">
        ${checkbox(l10n.t('Serve Arrow Flight'), 'arrowFlight', v.arrowFlight, (arrowFlight) => p.set({ arrowFlight }))}
        <span class="hint"
          >${l10n.t(
            'Spark serves no Flight SQL: this runs the server named by the setting {0} beside the driver, and does nothing while it is empty.',
            'dataClusters.arrowFlight.serverImage',
          )}</span
        >
      </div>
    </div>
    ${totals(p)}`;
}

function totals(p: ComputePage): TemplateResult {
  const t = computeTotals(p.values, nodeTypes(p));
  const room = nsData(p)?.room;
  if (!t) return html``;
  const ns = p.values.namespace;
  const left =
    room && (room.cpuMillicores !== undefined || room.memoryMiB !== undefined)
      ? l10n.t("{cpu} and {memory} left in {namespace}'s quota", { ...quotaLeftText(room), namespace: ns })
      : noQuota(ns);
  const over =
    !!room &&
    ((room.cpuMillicores !== undefined && t.cpuMillicores > room.cpuMillicores) ||
      (room.memoryMiB !== undefined && t.memoryMiB > room.memoryMiB));
  const scale = p.values.deploymentType === 'multi-node' ? executorsAtScale(p.values.executorCount) : l10n.t('(driver only)');
  // No arguments to l10n.t: fill puts the bold figures where the translation has {0} and {1}.
  return html`<p class=${over ? 'totals over' : 'totals'} data-field="totals">
    ${fill(
      l10n.t('At full scale: {0}, {1} {2} · {3}.'),
      html`<strong>${formatCpu(t.cpuMillicores)}</strong>`,
      html`<strong>${formatMemory(t.memoryMiB)}</strong>`,
      scale,
      left,
    )}
  </p>`;
}

/** The end of the totals sentence when no ResourceQuota applies (shared with the session form). */
export function noQuota(namespace: string): string {
  return namespace ? l10n.t('no ResourceQuota limits {0}', namespace) : l10n.t('no ResourceQuota limits the namespace');
}

function configurations(p: ComputePage): TemplateResult {
  const v = p.values;
  const secrets = nsData(p)?.secrets ?? null;
  return html`<h3>${l10n.t('Environment variables')}</h3>
    ${keyValueRows(p, 'env', v.env, (env) => p.set({ env }), {
      keyLabel: l10n.t('Name'),
      // l10n-ignore: an example variable name, typed as is whatever the language
      keyPlaceholder: 'SPARK_LOG_LEVEL',
      // l10n-ignore: an example value, Spark's log level as Spark spells it
      valuePlaceholder: 'INFO',
      addLabel: l10n.t('Add variable'),
      secrets,
    })}
    <h3>${l10n.t('Spark config')}</h3>
    <p class="hint">
      ${l10n.t('Settings that the cluster’s fields control (spark.master, dynamic allocation, executor size…) are reserved.')}
    </p>
    ${keyValueRows(p, 'sparkConf', v.sparkConf, (sparkConf) => p.set({ sparkConf }), {
      keyLabel: l10n.t('Key'),
      keyPlaceholder: 'spark.sql.shuffle.partitions',
      valuePlaceholder: '64',
      addLabel: l10n.t('Add setting'),
      secrets,
    })}
    <h3>${l10n.t('Arguments')}</h3>
    ${listRows(p, 'arguments', v.arguments, (args) => p.set({ arguments: args }), {
      placeholder: '--hiveconf',
      addLabel: l10n.t('Add argument'),
    })}
    <h3>${l10n.t('Java options')}</h3>
    <div class="grid">
      ${textField(p, l10n.t('Java options'), 'javaOptions', v.javaOptions, (javaOptions) => p.set({ javaOptions }), {
        placeholder: '-XX:+UseG1GC',
        hint: l10n.t('For the driver and the executors.'),
      })}
    </div>`;
}

function dependencies(p: ComputePage): TemplateResult {
  const v = p.values;
  const uri = 's3a://bucket/path/lib.jar';
  return html`<h3>${l10n.t('Jar locations')}</h3>
    ${listRows(p, 'jars', v.jars, (jars) => p.set({ jars }), { placeholder: uri, addLabel: l10n.t('Add jar') })}
    <h3>${l10n.t('Files')}</h3>
    ${listRows(p, 'files', v.files, (files) => p.set({ files }), {
      placeholder: 's3a://bucket/path/config.json',
      addLabel: l10n.t('Add file'),
    })}
    <h3>${l10n.t('Python files')}</h3>
    ${listRows(p, 'pyFiles', v.pyFiles, (pyFiles) => p.set({ pyFiles }), {
      placeholder: 's3a://bucket/path/udfs.py',
      addLabel: l10n.t('Add Python file'),
    })}
    <h3>${l10n.t('Maven packages')}</h3>
    ${listRows(p, 'packages', v.packages, (packages) => p.set({ packages }), {
      placeholder: 'org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.6.1',
      addLabel: l10n.t('Add package'),
    })}`;
}

function docker(p: ComputePage): TemplateResult {
  return html`<div class="grid">
    ${textField(p, l10n.t('Docker image'), 'image', p.values.image, (image) => p.set({ image }), {
      placeholder: 'apache/spark:3.5.3',
      hint: l10n.t('[registry/]repository[:tag][@sha256:digest]; the driver and executors run it.'),
    })}
  </div>`;
}

function tags(p: ComputePage): TemplateResult {
  return html`<p class="hint">${l10n.t('Key/value pairs for finding and grouping clusters.')}</p>
    ${keyValueRows(p, 'tags', p.values.tags, (t) => p.set({ tags: t }), {
      keyLabel: l10n.t('Key'),
      keyPlaceholder: 'team',
      valuePlaceholder: 'sales',
      addLabel: l10n.t('Add tag'),
    })}`;
}

function review(p: ComputePage): TemplateResult {
  const types = nodeTypes(p);
  const now = computeSummary(p.values, types);
  const rows = p.base && p.mode === 'edit' ? summaryChanges(computeSummary(p.base, types), now) : now;
  const changed = rows.filter((r) => r.before !== undefined).length;
  return html`${p.quotaNotes.map((n) => banner(n.kind, n.message))}
    <h3>${l10n.t('Summary')}</h3>
    ${
      p.mode === 'edit'
        ? html`<p class="hint" data-field="changes">
            ${changed ? (changed === 1 ? l10n.t('1 setting changes (old → new).') : l10n.t('{0} settings change (old → new).', changed)) : l10n.t('Nothing changed yet.')}
          </p>`
        : nothing
    }
    <dl class="fields summary" data-field="summary">
      ${rows.map(
        (r) =>
          html`<dt>${r.label}</dt>
            ${
              r.before !== undefined
                ? html`<dd class="pre changed" data-changed=${r.key}>
                    <del aria-label=${l10n.t('was')}>${r.before}</del> → <ins aria-label=${l10n.t('now')}>${r.value}</ins>
                  </dd>`
                : html`<dd class="pre">${r.value}</dd>`
            }`,
      )}
    </dl>
    <h3>${l10n.t('Kubernetes objects (server dry-run)')}</h3>
    ${reviewYaml(
      p.review,
      p.mode === 'edit' ? l10n.t('Save writes the definition ConfigMap; the next Start or Restart applies the rest.') : undefined,
    )}`;
}

export function reviewYaml(
  r: { readonly yaml: string; readonly messages: readonly string[]; readonly loading: boolean } | undefined,
  note?: string,
): TemplateResult {
  if (!r || (r.loading && !r.yaml)) return html`<p class="hint">${l10n.t('Asking the API server for a dry-run…')}</p>`;
  // The option and the field are Kubernetes names, kept out of the message so they are never translated.
  const what = l10n.t(
    'What the API server answered to a server-side apply with {0} (nothing was written; {1} left out, as kubectl shows them).',
    'dryRun=All',
    'managedFields',
  );
  return html`${r.messages.map((m) => banner('error', m))}
    <p class="hint">${note ? `${what} ${note}` : what}</p>
    ${r.yaml ? html`<pre class="yaml" data-field="yaml" tabindex="0">${r.yaml}</pre>` : nothing}`;
}
