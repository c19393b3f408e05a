/**
 * What the task panel needs from the workbench, as ports: the controller imports no vscode, so
 * unit tests drive it with fakes; vscodeTaskUi.ts holds the real ones.
 */
import type { IDisposable } from '../../common/disposable';
import type { SourceLocation } from './stackFrames';

export interface TaskPanelUi {
  /** The ids of the commands registered now. */
  commands(): PromiseLike<readonly string[]>;
  executeCommand(command: string, arg?: unknown): PromiseLike<unknown>;
  /** Opens a workspace file at a line, beside the panel. */
  openSource(location: SourceLocation): PromiseLike<void>;
}

/** Runs `fn` once after `ms`; disposing cancels it. Tests pass a scheduler they step by hand. */
export type Schedule = (fn: () => void, ms: number) => IDisposable;

export const realSchedule: Schedule = (fn, ms) => {
  const t = setTimeout(fn, ms);
  return { dispose: () => clearTimeout(t) };
};
