/** The session cluster form (Create Session Cluster / Edit). */
import { html, nothing, TemplateResult } from 'lit';
import { SessionFormValues, sessionTotals } from '../../../src/clusters/forms/sessionForm';
import { formatCpu, formatMemory } from '../../../src/clusters/forms/quantity';
import type { FormNamespaceData } from '../../common/protocol';
import { section } from '../../components';
import { reviewYaml } from './computeView';
import { FieldState, keyValueRows, selectField, textArea, textField } from './widgets';

export interface SessionPage extends FieldState {
  readonly values: SessionFormValues;
  readonly mode: 'create' | 'edit';
  readonly namespaces: readonly FormNamespaceData[];
  readonly flinkVersions: readonly string[];
  readonly review?: { readonly yaml: string; readonly messages: readonly string[]; readonly loading: boolean };
  readonly showYaml: boolean;
  set(patch: Partial<SessionFormValues>): void;
}

export function sessionForm(p: SessionPage): TemplateResult {
  const v = p.values;
  const edit = p.mode === 'edit';
  return html`${section(
    'Basic information',
    html`<div class="grid">
      ${textField(p, 'Name', 'name', v.name, (name) => p.set({ name }), {
        readonly: edit,
        placeholder: 'orders-stream',
        hint: edit ? 'Read-only after create.' : 'Lower-case letters, digits and "-", at most 53 characters.',
      })}
      ${selectField(
        p,
        'Namespace',
        'namespace',
        v.namespace,
        p.namespaces.map((n) => ({ value: n.namespace, label: n.namespace })),
        (namespace) => p.set({ namespace }),
        { disabled: edit, hint: edit ? undefined : 'The tenant: namespaces where you may create a session cluster now.' },
      )}
      ${textArea(p, 'Description', 'description', v.description, (description) => p.set({ description }))}
    </div>`,
  )}
  ${section(
    'Image',
    html`<div class="grid">
      ${textField(p, 'Image', 'image', v.image, (image) => p.set({ image }), { placeholder: 'flink:1.20' })}
      ${selectField(
        p,
        'Flink version',
        'flinkVersion',
        v.flinkVersion,
        p.flinkVersions.map((x) => ({ value: x, label: x.replace(/^v(\d+)_(\d+)$/, '$1.$2') })),
        (flinkVersion) => p.set({ flinkVersion }),
        { hint: 'The versions the installed operator’s CRD accepts.' },
      )}
      ${textField(p, 'Service account', 'serviceAccount', v.serviceAccount, (serviceAccount) => p.set({ serviceAccount }), {
        placeholder: 'flink',
      })}
    </div>`,
  )}
  ${section(
    'JobManager',
    html`<div class="grid">
      ${textField(p, 'CPU', 'jobManagerCpu', v.jobManagerCpu, (jobManagerCpu) => p.set({ jobManagerCpu }), { hint: 'Cores; 0.5 is half a core.' })}
      ${textField(p, 'Memory', 'jobManagerMemory', v.jobManagerMemory, (jobManagerMemory) => p.set({ jobManagerMemory }), {
        hint: 'Flink memory size: 2048m, 2g.',
      })}
    </div>`,
  )}
  ${section(
    'TaskManager',
    html`<div class="grid">
        ${textField(p, 'CPU', 'taskManagerCpu', v.taskManagerCpu, (taskManagerCpu) => p.set({ taskManagerCpu }))}
        ${textField(p, 'Memory', 'taskManagerMemory', v.taskManagerMemory, (taskManagerMemory) => p.set({ taskManagerMemory }))}
        ${textField(p, 'Count', 'taskManagerReplicas', v.taskManagerReplicas, (taskManagerReplicas) => p.set({ taskManagerReplicas }), {
          hint: '1 to 100 TaskManagers.',
        })}
        ${textField(p, 'Slots', 'taskManagerSlots', v.taskManagerSlots, (taskManagerSlots) => p.set({ taskManagerSlots }), {
          hint: 'Task slots per TaskManager (1 to 64).',
        })}
      </div>
      ${resources(p)}`,
  )}
  ${section(
    'Flink configuration',
    keyValueRows(p, 'flinkConfiguration', v.flinkConfiguration, (flinkConfiguration) => p.set({ flinkConfiguration }), {
      keyLabel: 'Key',
      keyPlaceholder: 'state.backend.type',
      valuePlaceholder: 'rocksdb',
      addLabel: 'Add option',
    }),
  )}
  ${p.showYaml ? section('Kubernetes objects (server dry-run)', reviewYaml(p.review)) : nothing}`;
}

function resources(p: SessionPage): TemplateResult {
  const t = sessionTotals(p.values);
  const room = p.namespaces.find((n) => n.namespace === p.values.namespace)?.room;
  const left =
    room && (room.cpuMillicores !== undefined || room.memoryMiB !== undefined)
      ? `the resource group (${p.values.namespace}) has ${room.cpuMillicores !== undefined ? formatCpu(room.cpuMillicores) : 'unlimited CPU'} and ${room.memoryMiB !== undefined ? formatMemory(room.memoryMiB) : 'unlimited memory'} left`
      : `no ResourceQuota limits ${p.values.namespace || 'the namespace'}`;
  const over =
    !!room &&
    ((room.cpuMillicores !== undefined && t.cpuMillicores > room.cpuMillicores) ||
      (room.memoryMiB !== undefined && t.memoryMiB > room.memoryMiB));
  // A total of an invalid field is no number: say so instead of printing "?".
  const cpu = Number.isFinite(t.cpuMillicores) ? html`<strong>${formatCpu(t.cpuMillicores)}</strong>` : 'CPU not known yet';
  const memory = Number.isFinite(t.memoryMiB) ? html`<strong>${formatMemory(t.memoryMiB)}</strong>` : 'memory not known yet';
  const unknown = Number.isFinite(t.cpuMillicores) && Number.isFinite(t.memoryMiB) ? nothing : ' (fix the marked fields)';
  return html`<p class=${over ? 'totals over' : 'totals'} data-field="totals">
    JobManager and TaskManagers: ${cpu}, ${memory}${unknown} · ${left}.
  </p>`;
}
