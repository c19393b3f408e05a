import * as vscode from 'vscode';
import type { FlinkTask } from '../../clusters/session/tasks/taskTypes';
import type { TaskViewsPort } from './taskPorts';

const openCluster = (t: FlinkTask): void =>
  void vscode.commands.executeCommand('dataClusters.openDetails', { kind: 'session', namespace: t.namespace, name: t.cluster });

/** The views of a task where no task panel or task channels are wired: the cluster's detail panel, which lists its jobs. */
export const clusterDetailsTaskViews: TaskViewsPort = {
  openTask: openCluster,
  showTaskLogs: openCluster,
  showTaskOutput: openCluster,
};
