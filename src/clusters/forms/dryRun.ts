/**
 * The Review step: every object a form will write, applied with `dryRun=All` so the API server
 * runs defaulting, schema validation, quota and admission webhooks and answers the objects as it
 * would store them. What it refuses lands on the form field it concerns, before anything is written.
 */
import { dump } from 'js-yaml';
import { KubeApiError } from '../../kube/kubeApiError';
import { KubeWriter } from '../../kube/kubeWriter';
import { renderComputeWorkload } from '../compute/computeRenderer';
import { ComputeRenderOptions } from '../compute/renderOptions';
import { ComputeSpec } from '../../../shared/clusters/computeSpec';
import { NodeType } from '../../../shared/clusters/nodeTypes';
import { ANNOTATIONS, commonLabels, definitionName, SPEC_KEY } from '../definition';
import { renderFlinkDeployment } from '../session/sessionRenderer';
import { SessionSpec } from '../../../shared/clusters/sessionSpec';
import { FieldError } from '../../../shared/clusters/validation';
import * as l10n from '@vscode/l10n';

export interface DryRunResult {
  /** The objects as the server answered them (managedFields left out, as kubectl shows them). */
  readonly objects: readonly Record<string, any>[];
  /** Refusals that concern a form field. */
  readonly fieldErrors: readonly FieldError[];
  /** Refusals that concern no single field (a webhook, a missing right), one sentence each. */
  readonly messages: readonly string[];
  /** What the review says beside the objects, refusing nothing (a new definition's uid), one sentence each. */
  readonly notes: readonly string[];
}

/** The definition ConfigMap as a create or a save writes it. */
export function definitionObject(
  kind: 'compute' | 'session',
  name: string,
  namespace: string,
  spec: unknown,
  annotations: Record<string, string>,
): Record<string, any> {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: definitionName(kind, name), namespace, labels: commonLabels(kind, name), annotations },
    data: { [SPEC_KEY]: JSON.stringify(spec, null, 2) },
  };
}

/** Kubernetes field paths of the rendered objects → compute form fields. */
function computeFieldOf(kind: string, path: string): string | undefined {
  if (/^metadata\.name/.test(path)) return 'name';
  if (/^metadata\.namespace/.test(path)) return 'namespace';
  if (kind === 'ConfigMap') return undefined;
  if (/containers\[\d+\]\.image/.test(path)) return 'image';
  if (/containers\[\d+\]\.resources/.test(path)) return 'driverNodeType';
  if (/containers\[\d+\]\.env\[/.test(path)) return 'env';
  if (/containers\[\d+\]\.args/.test(path)) return 'arguments';
  if (/ports/.test(path)) return 'arrowFlight';
  return undefined;
}

function sessionFieldOf(path: string): string | undefined {
  const map: [RegExp, string][] = [
    [/^metadata\.name/, 'name'],
    [/^metadata\.namespace/, 'namespace'],
    [/^spec\.image/, 'image'],
    [/^spec\.flinkVersion/, 'flinkVersion'],
    [/^spec\.serviceAccount/, 'serviceAccount'],
    [/^spec\.flinkConfiguration/, 'flinkConfiguration'],
    [/^spec\.jobManager\.resource\.cpu/, 'jobManagerCpu'],
    [/^spec\.jobManager\.resource\.memory/, 'jobManagerMemory'],
    [/^spec\.taskManager\.resource\.cpu/, 'taskManagerCpu'],
    [/^spec\.taskManager\.resource\.memory/, 'taskManagerMemory'],
    [/^spec\.taskManager\.replicas/, 'taskManagerReplicas'],
  ];
  return map.find(([re]) => re.test(path))?.[1];
}

/** Turns one refusal of the server into field errors or a message. */
export function classifyRefusal(
  e: unknown,
  obj: { kind?: string; metadata: { name: string; namespace?: string } },
  fieldOf: (kind: string, path: string) => string | undefined,
  quotaField: string,
): { fieldErrors: FieldError[]; messages: string[] } {
  const what = `${obj.kind} ${obj.metadata.name}`;
  if (!(e instanceof KubeApiError)) return { fieldErrors: [], messages: [`${what}: ${(e as Error)?.message ?? String(e)}`] };
  if (e.code === 422) {
    const causes = e.details?.causes ?? [];
    const fieldErrors: FieldError[] = [];
    const messages: string[] = [];
    for (const c of causes) {
      const f = fieldOf(obj.kind ?? '', c.field ?? '');
      const text = l10n.t('The API server refused {0} of {1}: {2}', c.field ?? 'a field', what, c.message ?? 'invalid');
      if (f) fieldErrors.push({ field: f, message: text });
      else messages.push(text);
    }
    if (!causes.length) messages.push(l10n.t('The API server refused {0}: {1}', what, e.serverMessage ?? e.message));
    return { fieldErrors, messages };
  }
  // The server's own words, not the framing the transport gives them for a notification.
  const said = e.serverMessage ?? e.message;
  if (e.code === 403 && /exceeded quota|failed quota/i.test(said))
    return { fieldErrors: [{ field: quotaField, message: l10n.t("Exceeds the namespace's quota: {0}", said) }], messages: [] };
  if (e.code === 403)
    return { fieldErrors: [], messages: [l10n.t('You may not write {0} in {1}: {2}', what, obj.metadata.namespace ?? '', said)] };
  if (e.code === 404 && obj.kind === 'FlinkDeployment')
    return {
      fieldErrors: [],
      messages: [l10n.t('The Apache Flink Kubernetes Operator is not installed in this cluster (no FlinkDeployment resource).')],
    };
  if (/admission webhook/i.test(said)) return { fieldErrors: [], messages: [l10n.t('An admission webhook refused {0}: {1}', what, said)] };
  return { fieldErrors: [], messages: [`${what}: ${said}`] };
}

interface Applied {
  /** What the server answered, or the object as sent where it refused it. */
  readonly objects: Record<string, any>[];
  /** Per object: whether the server answered it (its uid, defaults and all). */
  readonly answered: boolean[];
  readonly fieldErrors: FieldError[];
  readonly messages: string[];
}

async function applyAll(
  writer: KubeWriter,
  objects: Record<string, any>[],
  fieldOf: (kind: string, path: string) => string | undefined,
  quotaField: string,
  signal?: AbortSignal,
): Promise<Applied> {
  const out: Applied = { objects: [], answered: [], fieldErrors: [], messages: [] };
  for (const obj of objects) {
    try {
      out.objects.push(withoutManagedFields(await writer.dryRunApply<Record<string, any>>(obj, signal)));
      out.answered.push(true);
    } catch (e) {
      if ((e as { name?: string })?.name === 'AbortError') throw e;
      const r = classifyRefusal(e, obj as any, fieldOf, quotaField);
      out.fieldErrors.push(...r.fieldErrors);
      out.messages.push(...r.messages);
      out.objects.push(obj);
      out.answered.push(false);
    }
  }
  return out;
}

/**
 * The uid the workload names as its owner. An existing definition's is its own. A new definition
 * gets its uid from the API server when it is created: the review shows the one the server's dry
 * run answered, and says so; when that dry run was refused there is none, and the objects leave
 * their owner reference out (the server refuses an empty uid).
 */
function ownerUid(defName: string, existingUid: string | undefined, def: Applied): { uid?: string; notes: string[] } {
  if (existingUid) return { uid: existingUid, notes: [] };
  const answered = def.answered[0] ? (def.objects[0]?.metadata?.uid as string | undefined) : undefined;
  if (answered)
    return {
      uid: answered,
      notes: [
        l10n.t(
          'ConfigMap {0} does not exist yet: the API server assigns its uid, which owns the objects below, when it is created. The uid in their ownerReferences is the one its dry run answered.',
          defName,
        ),
      ],
    };
  return {
    notes: [
      l10n.t(
        'ConfigMap {0} does not exist yet and its dry run was refused: the objects below leave out their ownerReferences, whose uid the API server assigns when it is created.',
        defName,
      ),
    ],
  };
}

/** The rendered objects without the owner reference to a definition that has no uid. */
export function withoutOwnerlessReferences(objects: Record<string, any>[]): Record<string, any>[] {
  return objects.map((o) => {
    const refs: any[] | undefined = o?.metadata?.ownerReferences;
    if (!refs?.some((r) => !r?.uid)) return o;
    const kept = refs.filter((r) => r?.uid);
    const { ownerReferences: _dropped, ...metadata } = o.metadata;
    return { ...o, metadata: kept.length ? { ...metadata, ownerReferences: kept } : metadata };
  });
}

export function withoutManagedFields(o: Record<string, any>): Record<string, any> {
  if (!o?.metadata?.managedFields) return o;
  const { managedFields: _m, ...metadata } = o.metadata;
  return { ...o, metadata };
}

/**
 * Compute: the definition, then the workload a Start renders from it (the definition's uid is the
 * owner; see ownerUid for a definition not created yet).
 */
export async function dryRunCompute(
  writer: KubeWriter,
  spec: ComputeSpec,
  nodeTypes: readonly NodeType[],
  opts: { generation: number; annotations: Record<string, string>; uid?: string; render?: ComputeRenderOptions },
  signal?: AbortSignal,
): Promise<DryRunResult> {
  const def = definitionObject('compute', spec.name, spec.namespace, spec, {
    ...opts.annotations,
    [ANNOTATIONS.generation]: String(opts.generation),
  });
  const first = await applyAll(writer, [def], computeFieldOf, 'driverNodeType', signal);
  const owner = ownerUid(def.metadata.name, opts.uid, first);
  const workload = renderComputeWorkload(
    spec,
    { name: def.metadata.name, uid: owner.uid ?? '', generation: opts.generation },
    nodeTypes,
    1,
    opts.render,
  );
  const rest = await applyAll(writer, withoutOwnerlessReferences(workload), computeFieldOf, 'driverNodeType', signal);
  return {
    objects: [...first.objects, ...rest.objects],
    fieldErrors: [...first.fieldErrors, ...rest.fieldErrors],
    messages: [...first.messages, ...rest.messages],
    notes: owner.notes,
  };
}

export async function dryRunSession(
  writer: KubeWriter,
  spec: SessionSpec,
  namespace: string,
  opts: { generation: number; annotations: Record<string, string>; uid?: string },
  signal?: AbortSignal,
): Promise<DryRunResult> {
  const def = definitionObject('session', spec.name, namespace, spec, {
    ...opts.annotations,
    [ANNOTATIONS.generation]: String(opts.generation),
  });
  const first = await applyAll(writer, [def], (_k, p) => sessionFieldOf(p), 'jobManagerCpu', signal);
  const owner = ownerUid(def.metadata.name, opts.uid, first);
  const fd = renderFlinkDeployment(spec, namespace, { name: def.metadata.name, uid: owner.uid ?? '', generation: opts.generation });
  const rest = await applyAll(writer, withoutOwnerlessReferences([fd]), (_k, p) => sessionFieldOf(p), 'jobManagerCpu', signal);
  return {
    objects: [...first.objects, ...rest.objects],
    fieldErrors: [...first.fieldErrors, ...rest.fieldErrors],
    messages: [...first.messages, ...rest.messages],
    notes: owner.notes,
  };
}

/** Objects as one kubectl-readable YAML stream, the notes as comments ahead of it. */
export function toYaml(objects: readonly Record<string, any>[], notes: readonly string[] = []): string {
  const comments = notes.map((n) => commentLines(n.replace(/\s*\n\s*/g, ' '))).join('');
  return comments + objects.map((o) => dump(o, { noRefs: true, lineWidth: 160, sortKeys: false })).join('---\n');
}

/** A note as YAML comment lines of at most about 90 characters, broken between words, so it reads without scrolling. */
function commentLines(note: string, width = 90): string {
  const lines: string[] = [];
  let line = '';
  for (const word of note.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => `# ${l}\n`).join('');
}

/** Allowed flinkVersion values of the installed FlinkDeployment CRD (v1beta1), or undefined when unreadable. */
export function flinkVersionsOfCrd(crd: unknown): string[] | undefined {
  const versions = (crd as any)?.spec?.versions;
  if (!Array.isArray(versions)) return undefined;
  const v = versions.find((x: any) => x?.name === 'v1beta1') ?? versions.find((x: any) => x?.storage) ?? versions[0];
  const e = v?.schema?.openAPIV3Schema?.properties?.spec?.properties?.flinkVersion?.enum;
  if (!Array.isArray(e) || !e.every((x) => typeof x === 'string')) return undefined;
  // Newest first, as the form offers them.
  return [...e].sort((a, b) => b.localeCompare(a, undefined, { numeric: true }));
}
