/** The session cluster form (Create Session Cluster / Edit). */
import * as l10n from '@vscode/l10n';
import { html, nothing, TemplateResult } from 'lit';
import { SessionFormValues, sessionTotals } from '../../../shared/forms/sessionForm';
import { formatCpu, formatMemory } from '../../../shared/text/quantity';
import { quotaLeftText } from '../../../shared/text/clusterText';
import { fill, section } from '../../components';
import { flinkVersionText } from '../../../shared/text/format';
import { noQuota, reviewYaml } from './computeView';
import { unusedName } from '../../../shared/forms/formModel';
import { FormPage, keyValueRows, namespaceField, selectField, textArea, textField } from './widgets';

export interface SessionPage extends FormPage<SessionFormValues> {
  readonly flinkVersions: readonly string[];
  readonly showYaml: boolean;
}

export function sessionForm(p: SessionPage): TemplateResult {
  const v = p.values;
  const edit = p.mode === 'edit';
  return html`${section(
    l10n.t('Basic information'),
    html`<div class="grid">
      ${textField(p, l10n.t('Name'), 'name', v.name, (name) => p.set({ name }), {
        readonly: edit,
        placeholder: unusedName('orders-stream', p.namespaces.find((n) => n.namespace === v.namespace)?.sessionNames ?? []),
        hint: edit ? l10n.t('Read-only after create.') : l10n.t('Lower-case letters, digits and "-", at most 53 characters.'),
      })}
      ${namespaceField(p, l10n.t('The tenant: namespaces where you may create a session cluster now.'))}
      ${textArea(p, l10n.t('Description'), 'description', v.description, (description) => p.set({ description }))}
    </div>`,
  )}
  ${section(
    l10n.t('Image'),
    html`<div class="grid">
      ${textField(p, l10n.t('Image'), 'image', v.image, (image) => p.set({ image }), { placeholder: 'flink:1.20' })}
      ${selectField(
        p,
        l10n.t('Flink version'),
        'flinkVersion',
        v.flinkVersion,
        p.flinkVersions.map((x) => ({ value: x, label: flinkVersionText(x) })),
        (flinkVersion) => p.set({ flinkVersion }),
        { hint: l10n.t('The versions the installed operator’s CRD accepts.') },
      )}
      ${textField(p, l10n.t('Service account'), 'serviceAccount', v.serviceAccount, (serviceAccount) => p.set({ serviceAccount }), {
        placeholder: 'flink',
      })}
    </div>`,
  )}
  ${section(
    l10n.t('JobManager'),
    html`<div class="grid">
      ${textField(p, l10n.t('CPU'), 'jobManagerCpu', v.jobManagerCpu, (jobManagerCpu) => p.set({ jobManagerCpu }), {
        hint: l10n.t('Cores; 0.5 is half a core.'),
      })}
      ${textField(p, l10n.t('Memory'), 'jobManagerMemory', v.jobManagerMemory, (jobManagerMemory) => p.set({ jobManagerMemory }), {
        hint: l10n.t('Flink memory size: 2048m, 2g.'),
      })}
    </div>`,
  )}
  ${section(
    l10n.t('TaskManager'),
    html`<div class="grid">
        ${textField(p, l10n.t('CPU'), 'taskManagerCpu', v.taskManagerCpu, (taskManagerCpu) => p.set({ taskManagerCpu }))}
        ${textField(p, l10n.t('Memory'), 'taskManagerMemory', v.taskManagerMemory, (taskManagerMemory) => p.set({ taskManagerMemory }))}
        ${textField(
          p,
          l10n.t('Count'),
          'taskManagerReplicas',
          v.taskManagerReplicas,
          (taskManagerReplicas) => p.set({ taskManagerReplicas }),
          { hint: l10n.t('1 to 100 TaskManagers.') },
        )}
        ${textField(p, l10n.t('Slots'), 'taskManagerSlots', v.taskManagerSlots, (taskManagerSlots) => p.set({ taskManagerSlots }), {
          hint: l10n.t('Task slots per TaskManager (1 to 64).'),
        })}
      </div>
      ${resources(p)}`,
  )}
  ${section(
    l10n.t('Flink configuration'),
    keyValueRows(p, 'flinkConfiguration', v.flinkConfiguration, (flinkConfiguration) => p.set({ flinkConfiguration }), {
      keyLabel: l10n.t('Key'),
      keyPlaceholder: 'state.backend.type',
      valuePlaceholder: 'rocksdb',
      addLabel: l10n.t('Add option'),
    }),
  )}
  ${p.showYaml ? section(l10n.t('Kubernetes objects (server dry-run)'), reviewYaml(p.review)) : nothing}`;
}

function resources(p: SessionPage): TemplateResult {
  const t = sessionTotals(p.values);
  const room = p.namespaces.find((n) => n.namespace === p.values.namespace)?.room;
  const left =
    room && (room.cpuMillicores !== undefined || room.memoryMiB !== undefined)
      ? l10n.t('the resource group ({namespace}) has {cpu} and {memory} left', {
          namespace: p.values.namespace,
          ...quotaLeftText(room),
        })
      : noQuota(p.values.namespace);
  const over =
    !!room &&
    ((room.cpuMillicores !== undefined && t.cpuMillicores > room.cpuMillicores) ||
      (room.memoryMiB !== undefined && t.memoryMiB > room.memoryMiB));
  // A total of an invalid field is no number: say so instead of printing "?".
  const cpu = Number.isFinite(t.cpuMillicores) ? html`<strong>${formatCpu(t.cpuMillicores)}</strong>` : l10n.t('CPU not known yet');
  const memory = Number.isFinite(t.memoryMiB) ? html`<strong>${formatMemory(t.memoryMiB)}</strong>` : l10n.t('memory not known yet');
  const known = Number.isFinite(t.cpuMillicores) && Number.isFinite(t.memoryMiB);
  // No arguments to l10n.t: fill puts the figures (bold when known) where the translation has {0} and {1}.
  const sentence = known
    ? l10n.t('JobManager and TaskManagers: {0}, {1} · {2}.')
    : l10n.t('JobManager and TaskManagers: {0}, {1} (fix the marked fields) · {2}.');
  return html`<p class=${over ? 'totals over' : 'totals'} data-field="totals">${fill(sentence, cpu, memory, left)}</p>`;
}
