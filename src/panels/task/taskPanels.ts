/**
 * The task panels: one per task (opening it again reveals it), titled "Task: {name}", restored
 * after a window reload from the task key the page saved. extension.ts makes one and hands the
 * task commands `openTask`.
 */
import type { TaskTab } from '../../../shared/protocol/taskPage';
import * as vscode from 'vscode';
import type { FlinkTask, TaskService } from '../../clusters/session/tasks/taskTypes';
import { Disposable } from '../../common/disposable';
import type { Event } from '../../common/event';
import type { Logger } from '../../common/logger';
import { createWebviewPanel, pageHtmlFor, prepareRestoredPanel } from '../panelFactory';
import { PanelRegistry } from '../panelRegistry';
import { panelSerializer } from '../serializer';
import type { SourceLocator } from './stackFrames';
import {
  refOfTaskKey,
  TASK_KEY_PATTERN,
  TASK_VIEW_TYPE,
  TaskPanelController,
  type TaskPanelDeps,
  type TaskPanelInfo,
  taskPanelTitle,
} from './taskPanelController';
import type { TaskPanelUi } from './taskPanelUi';
import { vscodeSourceLocator, vscodeTaskPanelUi } from './vscodeTaskUi';

export interface TaskPanelsOptions {
  readonly extensionUri: vscode.Uri;
  /** The task service of the current connection (undefined while there is none). */
  readonly service: () => TaskService | undefined;
  /** Fires when the connection (and so the task service) changes. */
  readonly onDidChangeService?: Event<unknown>;
  readonly logger: Logger;
  /** Tests replace the workbench ports. */
  readonly ui?: TaskPanelUi;
  readonly locator?: SourceLocator;
}

export class TaskPanels extends Disposable {
  private readonly registry = this._register(new PanelRegistry<TaskPanelController>());
  private readonly deps: TaskPanelDeps;

  constructor(private readonly options: TaskPanelsOptions) {
    super();
    this.deps = {
      service: options.service,
      ...(options.onDidChangeService ? { onDidChangeService: options.onDidChangeService } : {}),
      logger: options.logger,
      ui: options.ui ?? vscodeTaskPanelUi(),
      locator: options.locator ?? vscodeSourceLocator(),
      html: (title, initial) => pageHtmlFor(options.extensionUri, 'task', title, initial),
    };
    this._register(
      vscode.window.registerWebviewPanelSerializer(
        TASK_VIEW_TYPE,
        panelSerializer<vscode.WebviewPanel>({
          keyPattern: TASK_KEY_PATTERN,
          logger: options.logger,
          restore: (panel, key) => {
            this.registry.add(new TaskPanelController(prepareRestoredPanel(panel, options.extensionUri), key, this.deps));
          },
        }),
      ),
    );
  }

  /** Opens (or reveals) the panel of a task, given as the task or its key. */
  openTask(task: FlinkTask | string, options?: { readonly tab?: TaskTab }): TaskPanelController {
    const key = typeof task === 'string' ? task : task.key;
    const ref = refOfTaskKey(key);
    // l10n-ignore: programmer error, keys come from the task service
    if (!ref) throw new Error(`invalid task key ${key}`);
    const name = typeof task === 'string' ? (this.options.service()?.task(key)?.name ?? ref.name) : task.name;
    const controller = this.registry.openOrReveal(key, () => {
      const panel = createWebviewPanel(TASK_VIEW_TYPE, taskPanelTitle(name), this.options.extensionUri);
      return new TaskPanelController(panel, key, this.deps);
    });
    if (options?.tab) controller.showTab(options.tab);
    return controller;
  }

  get(key: string): TaskPanelController | undefined {
    return this.registry.get(key);
  }

  /** For tests: what each open panel shows. */
  info(): TaskPanelInfo[] {
    return this.registry.all().map((p) => p.info());
  }
}
