/** The six tabs of the compute form (New Compute / Configure). */
import { html, nothing, TemplateResult } from 'lit';
import { computeTotals, ComputeFormValues, ComputeTab, isHidden } from '../../../src/clusters/forms/computeForm';
import { formatCpu, formatMemory } from '../../../src/clusters/forms/quantity';
import { formatNodeType, NodeType } from '../../../src/clusters/compute/nodeTypes';
import type { FormNamespaceData } from '../../common/protocol';
import { banner } from '../../components';
import { checkbox, FieldState, keyValueRows, listRows, message, radios, selectField, textArea, textField, textInput } from './widgets';

export interface ComputePage extends FieldState {
  readonly values: ComputeFormValues;
  readonly mode: 'create' | 'edit';
  readonly namespaces: readonly FormNamespaceData[];
  readonly bundles: readonly string[];
  readonly review?: { readonly yaml: string; readonly messages: readonly string[]; readonly loading: boolean };
  set(patch: Partial<ComputeFormValues>): void;
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
  const opt = (t: NodeType) => ({ value: t.name, label: formatNodeType(t) });
  const hidden = (f: string) => isHidden(v, f);
  return html`<div class="grid">
      ${textField(p, 'Name', 'name', v.name, (name) => p.set({ name }), {
        readonly: edit,
        placeholder: 'sales-etl',
        hint: edit ? 'Read-only after create.' : 'Lower-case letters, digits and "-", at most 53 characters.',
      })}
      ${textArea(p, 'Description', 'description', v.description, (description) => p.set({ description }))}
      ${selectField(
        p,
        'Bundle',
        'bundle',
        v.bundle,
        p.bundles.map((b) => ({ value: b, label: b })),
        (bundle) => p.set({ bundle }),
        { disabled: edit, hint: edit ? 'Read-only after create.' : 'The Spark version and its libraries.' },
      )}
      ${selectField(
        p,
        'Namespace',
        'namespace',
        v.namespace,
        p.namespaces.map((n) => ({ value: n.namespace, label: n.namespace })),
        (namespace) => p.set({ namespace }),
        { disabled: edit, hint: edit ? undefined : 'Only namespaces where you may create the cluster’s objects.' },
      )}
      <span class="label">Deployment type</span>
      <div class="control">
        ${radios(
          'deploymentType',
          v.deploymentType,
          [
            { value: 'multi-node', label: 'Multi-node (driver and executors)' },
            { value: 'single-node', label: 'Single-node (driver only)' },
          ],
          (t) => p.set({ deploymentType: t as ComputeFormValues['deploymentType'] }),
        )}
      </div>
      ${selectField(p, 'Driver node', 'driverNodeType', v.driverNodeType, types.filter((t) => t.driver).map(opt), (driverNodeType) =>
        p.set({ driverNodeType }),
      )}
      ${
        hidden('executorNodeType')
          ? nothing
          : selectField(
              p,
              'Executor node',
              'executorNodeType',
              v.executorNodeType,
              types.filter((t) => t.executor).map(opt),
              (executorNodeType) => p.set({ executorNodeType }),
            )
      }
      ${
        hidden('executorCount')
          ? nothing
          : textField(p, 'Executor count', 'executorCount', v.executorCount, (executorCount) => p.set({ executorCount }), {
              hint: 'The most executors Spark may start (1 to 1,000).',
            })
      }
      ${
        hidden('spotInstances')
          ? nothing
          : html`<span class="label">Spot instances</span>
              <div class="control">
                ${checkbox('Run executors on spot instances', 'spotInstances', v.spotInstances, (spotInstances) => p.set({ spotInstances }))}
              </div>`
      }
      <span class="label">Volume</span>
      <div class="control">
        ${checkbox('Attach a local volume', 'volumeEnabled', v.volumeEnabled, (volumeEnabled) => p.set({ volumeEnabled }))}
        ${
          v.volumeEnabled
            ? html`${textInput(p, 'volumeSize', v.volumeSize, (volumeSize) => p.set({ volumeSize }), { label: 'Volume size', placeholder: '50Gi' })}
              ${message(p, 'volumeSize')}`
            : nothing
        }
      </div>
      ${
        hidden('idleTimeoutMinutes')
          ? nothing
          : html`<span class="label">Auto scaling</span>
              <div class="control">
                ${radios(
                  'autoScalingEnabled',
                  v.autoScalingEnabled ? 'on' : 'off',
                  [
                    { value: 'on', label: 'Stop idle executors after' },
                    { value: 'off', label: 'Disabled' },
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
                              label: 'Idle timeout in minutes',
                            },
                          )}
                          <span class="hint">minutes (1 to 180)</span>
                        </div>
                        ${message(p, 'idleTimeoutMinutes')}`
                    : nothing
                }
              </div>`
      }
      <span class="label">Arrow Flight</span>
      <div class="control">${checkbox('Serve Arrow Flight', 'arrowFlight', v.arrowFlight, (arrowFlight) => p.set({ arrowFlight }))}</div>
    </div>
    ${totals(p)}`;
}

function totals(p: ComputePage): TemplateResult {
  const t = computeTotals(p.values, nodeTypes(p));
  const room = nsData(p)?.room;
  if (!t) return html``;
  const left =
    room && (room.cpuMillicores !== undefined || room.memoryMiB !== undefined)
      ? `${room.cpuMillicores !== undefined ? formatCpu(room.cpuMillicores) : 'unlimited CPU'} and ${room.memoryMiB !== undefined ? formatMemory(room.memoryMiB) : 'unlimited memory'} left in ${p.values.namespace}'s quota`
      : `no ResourceQuota limits ${p.values.namespace || 'the namespace'}`;
  const over =
    !!room &&
    ((room.cpuMillicores !== undefined && t.cpuMillicores > room.cpuMillicores) ||
      (room.memoryMiB !== undefined && t.memoryMiB > room.memoryMiB));
  return html`<p class=${over ? 'totals over' : 'totals'} data-field="totals">
    At full scale: <strong>${formatCpu(t.cpuMillicores)}</strong>, <strong>${formatMemory(t.memoryMiB)}</strong>
    ${p.values.deploymentType === 'multi-node' ? `(driver + ${p.values.executorCount || '?'} executors)` : '(driver only)'} · ${left}.
  </p>`;
}

function configurations(p: ComputePage): TemplateResult {
  const v = p.values;
  const secrets = nsData(p)?.secrets ?? null;
  return html`<h3>Environment variables</h3>
    ${keyValueRows(p, 'env', v.env, (env) => p.set({ env }), {
      keyLabel: 'Name',
      keyPlaceholder: 'SPARK_LOG_LEVEL',
      valuePlaceholder: 'INFO',
      addLabel: 'Add variable',
      secrets,
    })}
    <h3>Spark config</h3>
    <p class="hint">Settings that the cluster’s fields control (spark.master, dynamic allocation, executor size…) are reserved.</p>
    ${keyValueRows(p, 'sparkConf', v.sparkConf, (sparkConf) => p.set({ sparkConf }), {
      keyLabel: 'Key',
      keyPlaceholder: 'spark.sql.shuffle.partitions',
      valuePlaceholder: '64',
      addLabel: 'Add setting',
      secrets,
    })}
    <h3>Arguments</h3>
    ${listRows(p, 'arguments', v.arguments, (args) => p.set({ arguments: args }), { placeholder: '--hiveconf', addLabel: 'Add argument' })}
    <h3>Java options</h3>
    <div class="grid">
      ${textField(p, 'Java options', 'javaOptions', v.javaOptions, (javaOptions) => p.set({ javaOptions }), {
        placeholder: '-XX:+UseG1GC',
        hint: 'For the driver and the executors.',
      })}
    </div>`;
}

function dependencies(p: ComputePage): TemplateResult {
  const v = p.values;
  const uri = 's3a://bucket/path/lib.jar';
  return html`<h3>Jar locations</h3>
    ${listRows(p, 'jars', v.jars, (jars) => p.set({ jars }), { placeholder: uri, addLabel: 'Add jar' })}
    <h3>Files</h3>
    ${listRows(p, 'files', v.files, (files) => p.set({ files }), { placeholder: 's3a://bucket/path/config.json', addLabel: 'Add file' })}
    <h3>Python files</h3>
    ${listRows(p, 'pyFiles', v.pyFiles, (pyFiles) => p.set({ pyFiles }), { placeholder: 's3a://bucket/path/udfs.py', addLabel: 'Add Python file' })}
    <h3>Maven packages</h3>
    ${listRows(p, 'packages', v.packages, (packages) => p.set({ packages }), {
      placeholder: 'org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.6.1',
      addLabel: 'Add package',
    })}`;
}

function docker(p: ComputePage): TemplateResult {
  return html`<div class="grid">
    ${textField(p, 'Docker image', 'image', p.values.image, (image) => p.set({ image }), {
      placeholder: 'apache/spark:3.5.3',
      hint: '[registry/]repository[:tag][@sha256:digest]; the driver and executors run it.',
    })}
  </div>`;
}

function tags(p: ComputePage): TemplateResult {
  return html`<p class="hint">Key/value pairs for finding and grouping clusters.</p>
    ${keyValueRows(p, 'tags', p.values.tags, (t) => p.set({ tags: t }), {
      keyLabel: 'Key',
      keyPlaceholder: 'team',
      valuePlaceholder: 'sales',
      addLabel: 'Add tag',
    })}`;
}

const rowsText = (rows: readonly { key: string; value: string; fromSecret: boolean; secret: string; secretKey: string }[]) =>
  rows.length ? rows.map((r) => (r.fromSecret ? `${r.key} ← Secret ${r.secret}/${r.secretKey}` : `${r.key}=${r.value}`)).join('\n') : '—';
const listText = (rows: readonly string[]) => (rows.filter((r) => r.trim()).length ? rows.filter((r) => r.trim()).join('\n') : '—');

function review(p: ComputePage): TemplateResult {
  const v = p.values;
  const types = nodeTypes(p);
  const fmt = (n: string) => {
    const t = types.find((x) => x.name === n);
    return t ? formatNodeType(t) : n;
  };
  const single = v.deploymentType === 'single-node';
  const rows: [string, string][] = [
    ['Name', v.name],
    ['Description', v.description || '—'],
    ['Bundle', v.bundle],
    ['Namespace', v.namespace],
    ['Deployment type', single ? 'Single-node' : 'Multi-node'],
    ['Driver node', fmt(v.driverNodeType)],
    ...(single
      ? []
      : ([
          ['Executor node', fmt(v.executorNodeType)],
          ['Executor count', v.executorCount],
          ['Spot instances', v.spotInstances ? 'Yes' : 'No'],
          ['Auto scaling', v.autoScalingEnabled ? `${v.idleTimeoutMinutes} min` : 'Disabled'],
        ] as [string, string][])),
    ['Volume', v.volumeEnabled ? v.volumeSize : 'None'],
    ['Arrow Flight', v.arrowFlight ? 'Yes' : 'No'],
    ['Environment variables', rowsText(v.env)],
    ['Spark config', rowsText(v.sparkConf)],
    ['Arguments', listText(v.arguments)],
    ['Java options', v.javaOptions || '—'],
    ['Jars', listText(v.jars)],
    ['Files', listText(v.files)],
    ['Python files', listText(v.pyFiles)],
    ['Maven packages', listText(v.packages)],
    ['Docker image', v.image],
    ['Tags', rowsText(v.tags)],
  ];
  return html`<h3>Summary</h3>
    <dl class="fields summary" data-field="summary">
      ${rows.map(
        ([k, val]) =>
          html`<dt>${k}</dt>
            <dd class="pre">${val}</dd>`,
      )}
    </dl>
    <h3>Kubernetes objects (server dry-run)</h3>
    ${reviewYaml(p.review, p.mode === 'edit' ? 'Save writes the definition ConfigMap; the next Start or Restart applies the rest.' : undefined)}`;
}

export function reviewYaml(
  r: { readonly yaml: string; readonly messages: readonly string[]; readonly loading: boolean } | undefined,
  note?: string,
): TemplateResult {
  if (!r || (r.loading && !r.yaml)) return html`<p class="hint">Asking the API server for a dry-run…</p>`;
  return html`${r.messages.map((m) => banner('error', m))}
    <p class="hint">
      What the API server answered to a server-side apply with dryRun=All (nothing was written; managedFields left out, as kubectl shows
      them).${note ? ` ${note}` : ''}
    </p>
    ${r.yaml ? html`<pre class="yaml" data-field="yaml" tabindex="0">${r.yaml}</pre>` : nothing}`;
}
