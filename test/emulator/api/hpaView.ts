/**
 * autoscaling/v1 HorizontalPodAutoscalers: the same stored objects as autoscaling/v2 ones, converted
 * as kube-apiserver 1.26 converts them (pkg/apis/autoscaling/v1/conversion.go): the CPU utilization
 * target is the one metric v1 has; every other metric travels in an annotation.
 */
const METRICS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/metrics';

const isCpuUtilization = (m: any): boolean =>
  m?.type === 'Resource' && m.resource?.name === 'cpu' && m.resource?.target?.type === 'Utilization';

/** A v2 metric as the v1 annotation spells it (the v2beta1 shape). */
function annotationMetric(m: any): any {
  if (m?.type !== 'Resource') return m;
  const target = m.resource?.target ?? {};
  return {
    type: 'Resource',
    resource: {
      name: m.resource?.name,
      ...(target.averageUtilization !== undefined ? { targetAverageUtilization: target.averageUtilization } : {}),
      ...(target.averageValue !== undefined ? { targetAverageValue: target.averageValue } : {}),
    },
  };
}

function metricFromAnnotation(m: any): any {
  if (m?.type !== 'Resource') return m;
  const r = m.resource ?? {};
  return {
    type: 'Resource',
    resource: {
      name: r.name,
      target:
        r.targetAverageUtilization !== undefined
          ? { type: 'Utilization', averageUtilization: r.targetAverageUtilization }
          : { type: 'AverageValue', averageValue: r.targetAverageValue },
    },
  };
}

/** The autoscaling/v1 view of a stored autoscaling/v2 HorizontalPodAutoscaler. */
export function hpaV2ToV1(o: any): any {
  const spec = o.spec ?? {};
  const metrics: any[] = spec.metrics ?? [];
  const cpu = metrics.find(isCpuUtilization);
  const others = metrics.filter((m) => m !== cpu);
  const annotations = { ...o.metadata?.annotations };
  if (others.length) annotations[METRICS_ANNOTATION] = JSON.stringify(others.map(annotationMetric));
  const status = o.status ?? {};
  const currentCpu = (status.currentMetrics ?? []).find(
    (m: any) => m?.type === 'Resource' && m.resource?.name === 'cpu' && m.resource?.current?.averageUtilization !== undefined,
  );
  return {
    kind: 'HorizontalPodAutoscaler',
    apiVersion: 'autoscaling/v1',
    metadata: { ...o.metadata, ...(Object.keys(annotations).length ? { annotations } : {}) },
    spec: {
      scaleTargetRef: spec.scaleTargetRef,
      ...(spec.minReplicas !== undefined ? { minReplicas: spec.minReplicas } : {}),
      maxReplicas: spec.maxReplicas,
      ...(cpu ? { targetCPUUtilizationPercentage: cpu.resource.target.averageUtilization } : {}),
    },
    status: {
      ...(status.observedGeneration !== undefined ? { observedGeneration: status.observedGeneration } : {}),
      ...(status.lastScaleTime ? { lastScaleTime: status.lastScaleTime } : {}),
      currentReplicas: status.currentReplicas ?? 0,
      desiredReplicas: status.desiredReplicas ?? 0,
      ...(currentCpu ? { currentCPUUtilizationPercentage: currentCpu.resource.current.averageUtilization } : {}),
    },
  };
}

/** A v1 HorizontalPodAutoscaler as it is stored (autoscaling/v2). */
export function hpaV1ToV2(o: any): any {
  const spec = o?.spec ?? {};
  const annotations = { ...o?.metadata?.annotations };
  let others: any[] = [];
  if (annotations[METRICS_ANNOTATION]) {
    try {
      others = (JSON.parse(annotations[METRICS_ANNOTATION]) as any[]).map(metricFromAnnotation);
    } catch {
      others = [];
    }
    delete annotations[METRICS_ANNOTATION];
  }
  const cpu =
    spec.targetCPUUtilizationPercentage !== undefined
      ? [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage } },
          },
        ]
      : [];
  const metrics = [...cpu, ...others];
  const { annotations: _a, ...metadata } = o?.metadata ?? {};
  const status = o?.status;
  return {
    ...o,
    apiVersion: 'autoscaling/v2',
    metadata: { ...metadata, ...(Object.keys(annotations).length ? { annotations } : {}) },
    spec: {
      ...(spec.scaleTargetRef ? { scaleTargetRef: spec.scaleTargetRef } : {}),
      ...(spec.minReplicas !== undefined ? { minReplicas: spec.minReplicas } : {}),
      ...(spec.maxReplicas !== undefined ? { maxReplicas: spec.maxReplicas } : {}),
      ...(metrics.length ? { metrics } : {}),
    },
    ...(status
      ? {
          status: {
            ...(status.observedGeneration !== undefined ? { observedGeneration: status.observedGeneration } : {}),
            ...(status.lastScaleTime ? { lastScaleTime: status.lastScaleTime } : {}),
            ...(status.currentReplicas !== undefined ? { currentReplicas: status.currentReplicas } : {}),
            desiredReplicas: status.desiredReplicas ?? 0,
          },
        }
      : {}),
  };
}
