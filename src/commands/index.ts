import * as vscode from 'vscode';
import type { Cluster } from '../clusters/clusterModel';
import type { ClusterRef } from '../clusters/clusterRef';
import type { ClusterConnection } from '../clusters/connection';
import { availableActions, PermissionView } from '../clusters/permissions';
import { errorMessage, Logger } from '../common/logger';
import { prompts } from './prompts';

/** Thrown by a command to offer the user follow-up actions along with its message. */
export class ActionableError extends Error {
  constructor(
    message: string,
    readonly actions: readonly { title: string; run: () => unknown }[] = [],
  ) {
    super(message);
    this.name = 'ActionableError';
  }
}

/** Start, as the follow-up a refusal offers, when the user may start the cluster; else none. */
export function startOffer(c: Cluster, permissions: PermissionView | undefined, ref: ClusterRef): ActionableError['actions'] {
  return availableActions(c, permissions).actions.includes('start')
    ? [{ title: vscode.l10n.t('Start'), run: () => vscode.commands.executeCommand(`dataClusters.${c.kind}.start`, ref) }]
    : [];
}

/** A cancelled confirmation or picker: not an error, nothing to report. */
export class UserCancelledError extends Error {
  constructor() {
    // l10n-ignore: never shown; registerCommandWithLogging swallows cancellations
    super('Cancelled');
    this.name = 'UserCancelledError';
  }
}

/**
 * Registers every command of the extension: logs each call and its duration, and turns a thrown
 * error into a notification that says what failed and offers the next step, instead of VS Code's
 * generic "command resulted in an error".
 */
export function registerCommandWithLogging(
  id: string,
  handler: (...args: any[]) => unknown,
  logger: Logger,
  showLog: () => void,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    const started = Date.now();
    logger.debug(`command ${id} started`);
    try {
      const result = await handler(...args);
      logger.debug(`command ${id} finished in ${Date.now() - started} ms`);
      return result;
    } catch (err) {
      if (err instanceof UserCancelledError || err instanceof vscode.CancellationError) {
        logger.debug(`command ${id} cancelled`);
        return undefined;
      }
      logger.error(`command ${id} failed: ${errorMessage(err)}`);
      const actions = err instanceof ActionableError ? err.actions : [];
      const showLogTitle = vscode.l10n.t('Show Log');
      void prompts()
        .error(errorMessage(err), ...actions.map((a) => a.title), showLogTitle)
        .then((choice) => {
          if (choice === showLogTitle) showLog();
          else actions.find((a) => a.title === choice)?.run();
        });
      return undefined;
    }
  });
}

/** The current connection with its model, or an error offering Refresh: what every cluster command needs first. */
export function requireConnection(connection: ClusterConnection | undefined): ClusterConnection {
  if (!connection?.model)
    throw new ActionableError(vscode.l10n.t('Not connected to a Kubernetes cluster yet.'), [
      { title: vscode.l10n.t('Refresh'), run: () => vscode.commands.executeCommand('dataClusters.refresh') },
    ]);
  return connection;
}
