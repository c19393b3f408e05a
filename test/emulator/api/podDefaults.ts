/**
 * Defaulting of pod specs as kube-apiserver 1.26 does it (pkg/apis/core/v1/defaults.go plus the
 * Priority and DefaultTolerationSeconds admission plugins), for pods and for pod templates.
 * Not emulated: the projected service account token volume the ServiceAccount admission adds.
 */

/** Always for :latest or an untagged image, IfNotPresent otherwise (a digest counts as a tag). */
export function defaultPullPolicy(image: unknown): string {
  const ref = String(image ?? '');
  if (ref.includes('@')) return 'IfNotPresent';
  const lastSegment = ref.slice(ref.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  if (colon < 0) return 'Always';
  return lastSegment.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainer(c: any): void {
  if (!c || typeof c !== 'object') return;
  for (const p of c.ports ?? []) p.protocol ??= 'TCP';
  c.resources ??= {};
  // Requests default to the limits they leave out.
  if (c.resources.limits) c.resources.requests = { ...c.resources.limits, ...c.resources.requests };
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  c.imagePullPolicy ??= defaultPullPolicy(c.image);
}

/** Defaults shared by pods and pod templates. */
export function defaultPodSpec(spec: any): void {
  for (const c of spec.initContainers ?? []) defaultContainer(c);
  for (const c of spec.containers ?? []) defaultContainer(c);
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
}

/** What a created pod gets beyond its template's defaults: admission plugins and the initial status. */
export function defaultPod(pod: any): void {
  const spec = (pod.spec ??= {});
  defaultPodSpec(spec);
  if (spec.serviceAccount && !spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount;
  spec.serviceAccountName ??= 'default';
  spec.serviceAccount = spec.serviceAccountName;
  const tolerations: any[] = (spec.tolerations ??= []);
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    if (!tolerations.some((t) => t.key === key && (t.effect === 'NoExecute' || !t.effect)))
      tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  }
  spec.priority ??= 0;
  spec.enableServiceLinks ??= true;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  pod.status = { phase: 'Pending', qosClass: qosClassOf(spec), ...pod.status };
}

/** Guaranteed when every container limits cpu and memory at its requests, BestEffort when none asks for anything. */
export function qosClassOf(spec: any): string {
  const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) if (lim[r] === undefined || (req[r] ?? lim[r]) !== lim[r]) guaranteed = false;
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** What pkg/apis/core/validation says, before the diff of the two specs it appends, when an update changes a fixed field. */
export const POD_UPDATE_FORBIDDEN =
  'Forbidden: pod updates may not change fields other than `spec.containers[*].image`, `spec.initContainers[*].image`, ' +
  '`spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to existing tolerations) or ' +
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/**
 * Whether an update of a pod (its new spec already defaulted) changes more than the few fields a
 * pod's spec lets change (ValidatePodUpdate): the images, the active deadline, the tolerations,
 * and a negative grace period to 1.
 */
export function podSpecChangesFixedFields(oldSpec: any, newSpec: any, same: (a: unknown, b: unknown) => boolean): boolean {
  const mutable = JSON.parse(JSON.stringify(oldSpec ?? {}));
  const copyImages = (key: 'containers' | 'initContainers') => {
    const from: any[] = newSpec?.[key] ?? [];
    const to: any[] = mutable[key] ?? [];
    if (from.length !== to.length) return;
    to.forEach((c, i) => {
      if (c && from[i]?.image !== undefined) c.image = from[i].image;
    });
  };
  copyImages('containers');
  copyImages('initContainers');
  if (newSpec?.activeDeadlineSeconds === undefined) delete mutable.activeDeadlineSeconds;
  else mutable.activeDeadlineSeconds = newSpec.activeDeadlineSeconds;
  if (newSpec?.tolerations === undefined) delete mutable.tolerations;
  else mutable.tolerations = newSpec.tolerations;
  if ((oldSpec?.terminationGracePeriodSeconds ?? 0) < 0 && newSpec?.terminationGracePeriodSeconds === 1)
    mutable.terminationGracePeriodSeconds = 1;
  return !same(mutable, newSpec ?? {});
}
