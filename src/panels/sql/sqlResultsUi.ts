/**
 * What the results panel needs from the workbench, as ports: the controller imports no vscode, so
 * unit tests drive it with fakes; vscodeSqlResultsUi.ts holds the real ones.
 */
export interface SqlResultsUi {
  /** Asks where to save (a save dialog); the chosen file's URI, or undefined when the user cancels. */
  saveAs(defaultName: string, format: 'csv' | 'json'): PromiseLike<string | undefined>;
  /** Writes the file from its chunks. */
  writeFile(uri: string, chunks: Iterable<string>): PromiseLike<void>;
  /** Puts text on the clipboard. */
  copy(text: string): PromiseLike<void>;
  executeCommand(command: string, arg?: unknown): PromiseLike<unknown>;
}

/** The command that opens a Flink task's panel (taskCommands.ts registers it; it takes the task key). */
export const OPEN_TASK_COMMAND = 'dataClusters.openTask';
/** The command that stops a Flink task with a savepoint (it takes the task key, returns the savepoint's location). */
export const STOP_TASK_COMMAND = 'dataClusters.stopTask';

/** The setting `dataClusters.sql.rowLimit`: rows fetched before fetching waits for "Fetch more". */
export const DEFAULT_ROW_LIMIT = 100_000;
export const MAX_ROW_LIMIT = 10_000_000;

/** A setting's value as a row limit: a whole number from 100 up to MAX_ROW_LIMIT, else the default. */
export function rowLimitOf(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 100 && value <= MAX_ROW_LIMIT ? value : DEFAULT_ROW_LIMIT;
}
