import { DefinitionRef } from '../compute/computeRenderer';
import { ANNOTATIONS, commonLabels } from '../definition';
import { SessionSpec } from '../../../shared/clusters/sessionSpec';

export const flinkRestServiceName = (name: string) => `${name}-rest`;
export const FLINK_REST_PORT = 8081;

/** A session cluster's workload: one FlinkDeployment without spec.job, owned by the definition. */
export function renderFlinkDeployment(spec: SessionSpec, namespace: string, def: DefinitionRef): any {
  return {
    apiVersion: 'flink.apache.org/v1beta1',
    kind: 'FlinkDeployment',
    metadata: {
      name: spec.name,
      namespace,
      labels: commonLabels('session', spec.name),
      annotations: { [ANNOTATIONS.generation]: String(def.generation) },
      ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: def.name, uid: def.uid, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      image: spec.image,
      flinkVersion: spec.flinkVersion,
      serviceAccount: spec.serviceAccount,
      flinkConfiguration: { ...spec.flinkConfiguration, 'taskmanager.numberOfTaskSlots': String(spec.taskManager.slots) },
      jobManager: { replicas: 1, resource: { cpu: spec.jobManager.cpu, memory: spec.jobManager.memory } },
      taskManager: { replicas: spec.taskManager.replicas, resource: { cpu: spec.taskManager.cpu, memory: spec.taskManager.memory } },
    },
  };
}
