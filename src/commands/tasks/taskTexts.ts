import * as l10n from '@vscode/l10n';
import type { TaskAction, TaskViewAction } from '../../../shared/clusters/taskStates';

/** What the task commands say: whole sentences per action, since a verb and a noun put together do not translate. */
export const taskTexts = {
  notRerunnable: () => l10n.t('This task was not started from this workspace, so its jar and arguments are not known here.'),
  noRuns: () => l10n.t('No task was run from this workspace yet: run a jar first.'),
  pickRunTitle: () => l10n.t('Run again from the last savepoint: choose the task'),
  pickRunCleanTitle: () => l10n.t('Run again from a clean start: choose the task'),
  gone: (key: string) => (key ? l10n.t('The task {0} no longer exists.', key) : l10n.t('The task no longer exists.')),
  stopping: (name: string) => l10n.t('Stop {0} with a savepoint', name),
  stopFailed: (name: string, message: string) => l10n.t('{0} could not be stopped with a savepoint: {1}', name, message),
  cancelInstead: () => l10n.t('Cancel Task Instead'),
  stopped: (name: string) => l10n.t('Task {0} stopped.', name),
  stoppedAt: (name: string, location: string) => l10n.t('Task {0} stopped with a savepoint at {1}.', name, location),
  cancelling: (name: string) => l10n.t('Cancel {0}', name),
  cancelled: (name: string) => l10n.t('Task {0} cancelled.', name),
  running: (name: string, cluster: string) => l10n.t('Task {0} is running on {1}.', name, cluster),
  failed: (name: string, reason: string | undefined) =>
    reason ? l10n.t('Task {0} failed: {1}', name, reason) : l10n.t('Task {0} failed.', name),
  change: (action: 'suspend' | 'resume' | 'delete', name: string): { progress: string; done: string } => {
    switch (action) {
      case 'suspend':
        return { progress: l10n.t('Suspend {0}', name), done: l10n.t('Task {0} suspended.', name) };
      case 'resume':
        return { progress: l10n.t('Resume {0}', name), done: l10n.t('Task {0} resumed.', name) };
      case 'delete':
        return { progress: l10n.t('Delete the FlinkSessionJob {0}', name), done: l10n.t('The FlinkSessionJob {0} is deleted.', name) };
    }
  },
};

/** The title of the palette's task picker and what it says when no task allows the action. */
export function taskPickerTexts(action: TaskAction | TaskViewAction): { none: string; title: string } {
  switch (action) {
    case 'stop':
      return { none: l10n.t('No task can be stopped now.'), title: l10n.t('Choose the task to stop with a savepoint') };
    case 'cancel':
      return { none: l10n.t('No task can be cancelled now.'), title: l10n.t('Choose the task to cancel') };
    case 'suspend':
      return { none: l10n.t('No task can be suspended now.'), title: l10n.t('Choose the task to suspend') };
    case 'resume':
      return { none: l10n.t('No task can be resumed now.'), title: l10n.t('Choose the task to resume') };
    case 'runAgain':
      return { none: l10n.t('No task can be run again now.'), title: l10n.t('Choose the task to run again') };
    case 'delete':
      return { none: l10n.t('No FlinkSessionJob can be deleted now.'), title: l10n.t('Choose the FlinkSessionJob to delete') };
    case 'openTask':
      return { none: l10n.t('No session cluster has tasks now.'), title: l10n.t('Choose the task to open') };
    case 'showTaskLogs':
      return { none: l10n.t('No session cluster has tasks now.'), title: l10n.t('Choose the task whose logs to show') };
    case 'showTaskOutput':
      return { none: l10n.t('No session cluster has tasks now.'), title: l10n.t('Choose the task whose output to show') };
  }
}
