/**
 * events.k8s.io/v1 Events: the same stored objects as core/v1 Events, converted as kube-apiserver
 * 1.26 converts them (pkg/apis/events/v1/conversion.go), and validated as it validates them
 * (pkg/apis/core/validation/events.go: the request's version decides how strictly).
 */
import { qualifiedNameErrors } from './labelSyntax';

type Cause = { field: string; message: string; reason?: string };

const has = (v: unknown): boolean => v !== undefined && v !== null && v !== '';

/**
 * A core/v1 Event as the Go struct serialises it: `involvedObject` and `source` always there,
 * unset timestamps as null, `reportingComponent` and `reportingInstance` never omitted.
 */
export function coreEventShape(e: any): any {
  const { kind, apiVersion, metadata, involvedObject, reason, message, source, firstTimestamp, lastTimestamp, count, type } = e;
  const { eventTime, series, action, related, reportingComponent, reportingInstance, ...rest } = e;
  for (const k of ['kind', 'apiVersion', 'metadata', 'involvedObject', 'reason', 'message', 'source']) delete rest[k];
  for (const k of ['firstTimestamp', 'lastTimestamp', 'count', 'type']) delete rest[k];
  return {
    kind,
    apiVersion,
    metadata,
    involvedObject: involvedObject ?? {},
    ...(has(reason) ? { reason } : {}),
    ...(has(message) ? { message } : {}),
    source: source ?? {},
    firstTimestamp: firstTimestamp ?? null,
    lastTimestamp: lastTimestamp ?? null,
    ...(count ? { count } : {}),
    ...(has(type) ? { type } : {}),
    eventTime: eventTime ?? null,
    ...(series ? { series } : {}),
    ...(has(action) ? { action } : {}),
    ...(related ? { related } : {}),
    reportingComponent: reportingComponent ?? '',
    reportingInstance: reportingInstance ?? '',
    ...rest,
  };
}

/** The events.k8s.io/v1 view of a stored core/v1 Event. */
export function coreToEventsV1(e: any): any {
  return {
    kind: 'Event',
    apiVersion: 'events.k8s.io/v1',
    metadata: e.metadata,
    eventTime: e.eventTime ?? null,
    ...(e.series ? { series: e.series } : {}),
    ...(has(e.reportingComponent) ? { reportingController: e.reportingComponent } : {}),
    ...(has(e.reportingInstance) ? { reportingInstance: e.reportingInstance } : {}),
    ...(has(e.action) ? { action: e.action } : {}),
    ...(has(e.reason) ? { reason: e.reason } : {}),
    regarding: e.involvedObject ?? {},
    ...(e.related ? { related: e.related } : {}),
    ...(has(e.message) ? { note: e.message } : {}),
    ...(has(e.type) ? { type: e.type } : {}),
    deprecatedSource: e.source ?? {},
    deprecatedFirstTimestamp: e.firstTimestamp ?? null,
    deprecatedLastTimestamp: e.lastTimestamp ?? null,
    ...(e.count ? { deprecatedCount: e.count } : {}),
  };
}

/** The core/v1 Event an events.k8s.io/v1 Event is stored as. */
export function eventsV1ToCore(v: any): any {
  return coreEventShape({
    kind: 'Event',
    apiVersion: 'v1',
    metadata: v.metadata ?? {},
    involvedObject: v.regarding,
    reason: v.reason,
    message: v.note,
    source: v.deprecatedSource,
    firstTimestamp: v.deprecatedFirstTimestamp,
    lastTimestamp: v.deprecatedLastTimestamp,
    count: v.deprecatedCount,
    type: v.type,
    eventTime: v.eventTime,
    series: v.series,
    action: v.action,
    related: v.related,
    reportingComponent: v.reportingController,
    reportingInstance: v.reportingInstance,
  });
}

const invalid = (field: string, value: unknown, why: string): Cause => ({
  field,
  message: `Invalid value: ${JSON.stringify(value)}: ${why}`,
  reason: 'FieldValueInvalid',
});
const required = (field: string): Cause => ({ field, message: 'Required value', reason: 'FieldValueRequired' });

/** Checks common to every version: what core/v1 writes must pass too (legacyValidateEvent). */
function legacyErrors(e: any, strict: boolean): Cause[] {
  const out: Cause[] = [];
  const ns = e.metadata?.namespace ?? '';
  const involvedNs = e.involvedObject?.namespace ?? '';
  if (!has(e.eventTime)) {
    // Old-style events: the involved object's namespace must be the event's (or "default").
    if (!involvedNs ? ns !== '' && ns !== 'default' : ns !== involvedNs)
      out.push(invalid('involvedObject.namespace', involvedNs, 'does not match event.namespace'));
  } else {
    if (!involvedNs && ns !== 'default' && ns !== 'kube-system')
      out.push(invalid('involvedObject.namespace', involvedNs, 'does not match event.namespace'));
    const controllerField = strict ? 'reportingController' : 'reportingComponent';
    const controller = String(e.reportingComponent ?? '');
    if (!controller) out.push(required(controllerField));
    for (const message of qualifiedNameErrors(controller)) out.push({ field: controllerField, message, reason: 'FieldValueInvalid' });
    const limited = (field: string, value: unknown, limit: number, isRequired: boolean) => {
      const s = String(value ?? '');
      if (isRequired && !s) out.push(required(field));
      if (s.length > limit) out.push(invalid(field, '', `can have at most ${limit} characters`));
    };
    limited('reportingInstance', e.reportingInstance, 128, true);
    limited('action', e.action, 128, true);
    limited('reason', e.reason, 128, true);
    limited('message', e.message, 1024, false);
  }
  return out;
}

function seriesErrors(e: any): Cause[] {
  if (!e.series) return [];
  const out: Cause[] = [];
  if (!((e.series.count ?? 0) >= 2)) out.push(invalid('series.count', '', 'should be at least 2'));
  if (!has(e.series.lastObservedTime)) out.push(required('series.lastObservedTime'));
  return out;
}

/**
 * The causes of a refused Event write, `e` in its stored (core) form. `strict` for writes through
 * events.k8s.io/v1, which also requires eventTime and forbids the deprecated fields, and makes
 * everything but the series immutable. Field names are the core ones, as the 1.26 server reports them.
 */
export function eventErrors(e: any, strict: boolean, live?: any): Cause[] {
  const out = legacyErrors(e, strict);
  if (!strict) return out;
  if (!live) {
    out.push(...seriesErrors(e));
    if (!has(e.eventTime)) out.push(required('eventTime'));
    if (e.type !== 'Normal' && e.type !== 'Warning') out.push(invalid('type', '', `has invalid value: ${e.type ?? ''}`));
    if (has(e.firstTimestamp)) out.push(invalid('firstTimestamp', '', 'needs to be unset'));
    if (has(e.lastTimestamp)) out.push(invalid('lastTimestamp', '', 'needs to be unset'));
    if (e.count) out.push(invalid('count', '', 'needs to be unset'));
    if (has(e.source?.component) || has(e.source?.host)) out.push(invalid('source', '', 'needs to be unset'));
    return out;
  }
  if (JSON.stringify(e.series) !== JSON.stringify(live.series)) out.push(...seriesErrors(e));
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const immutable: [string, unknown, unknown][] = [
    ['involvedObject', e.involvedObject, live.involvedObject],
    ['reason', e.reason ?? '', live.reason ?? ''],
    ['message', e.message ?? '', live.message ?? ''],
    ['source', e.source ?? {}, live.source ?? {}],
    ['firstTimestamp', e.firstTimestamp, live.firstTimestamp],
    ['lastTimestamp', e.lastTimestamp, live.lastTimestamp],
    ['count', e.count ?? 0, live.count ?? 0],
    ['type', e.type ?? '', live.type ?? ''],
    ['eventTime', e.eventTime, live.eventTime],
    ['action', e.action ?? '', live.action ?? ''],
    ['related', e.related, live.related],
    ['reportingComponent', e.reportingComponent ?? '', live.reportingComponent ?? ''],
    ['reportingInstance', e.reportingInstance ?? '', live.reportingInstance ?? ''],
  ];
  for (const [field, now, before] of immutable) if (!same(now, before)) out.push(invalid(field, now, 'field is immutable'));
  return out;
}
