/**
 * The commands that open a form: New Compute, Configure, Create Session Cluster and Edit, each
 * gated by state and rights before the form opens, with the reason when it does not.
 */
import * as vscode from 'vscode';
import { Disposable } from '../common/disposable';
import { Logger } from '../common/logger';
import { ClusterConnection } from '../clusters/connection';
import { ClusterKind } from '../clusters/definition';
import type { FormKey } from '../panels/forms/formKeys';
import { computeNamespaces, sessionNamespaces } from '../panels/forms/formNamespaces';
import { allows, ClusterRef, pickCluster, refFromArg } from './clusterPicker';
import { ActionableError, registerCommandWithLogging, requireConnection } from './index';

export class FormCommands extends Disposable {
  constructor(
    private readonly forms: { open(k: FormKey): unknown },
    private readonly connection: () => ClusterConnection | undefined,
    private readonly watchedNamespaces: () => readonly string[],
    logger: Logger,
    showLog: () => void,
  ) {
    super();
    const register = (id: string, fn: (...args: any[]) => unknown): void =>
      void this._register(registerCommandWithLogging(id, fn, logger, showLog));
    register('dataClusters.compute.create', () => this.createCompute());
    register('dataClusters.compute.configure', (arg) => this.editCluster('compute', 'configure', arg));
    register('dataClusters.session.create', () => this.createSession());
    register('dataClusters.session.edit', (arg) => this.editCluster('session', 'edit', arg));
  }

  private need(): ClusterConnection {
    return requireConnection(this.connection());
  }

  private async createCompute(): Promise<void> {
    const conn = this.need();
    await conn.model!.whenReady('compute');
    const namespaces = await computeNamespaces(conn, this.watchedNamespaces());
    if (!namespaces.length)
      throw new ActionableError(
        vscode.l10n.t(
          'You may not create compute clusters in the watched namespaces ({0}): that needs creating ConfigMaps and Deployments there.',
          this.watchedNamespaces().join(', '),
        ),
        [{ title: vscode.l10n.t('Select Namespaces'), run: () => vscode.commands.executeCommand('dataClusters.selectNamespaces') }],
      );
    this.forms.open({ kind: 'compute', mode: 'create' });
  }

  /** Refused with the reason before the form opens: no right to create FlinkDeployments, or the tenant's limit reached. */
  private async createSession(): Promise<void> {
    const conn = this.need();
    await conn.model!.whenReady('session');
    const r = await sessionNamespaces(conn, this.watchedNamespaces());
    if (!r.allowed.length) throw new ActionableError(vscode.l10n.t('Cannot create a session cluster. {0}', r.refused.join(' ')));
    this.forms.open({ kind: 'session', mode: 'create' });
  }

  /** Configure (compute, only STOPPED or FAILED) and Edit (session, only Disabled), as the state table allows. */
  private async editCluster(kind: ClusterKind, action: 'configure' | 'edit', arg: unknown): Promise<void> {
    const conn = this.need();
    const ref: ClusterRef =
      refFromArg(arg) ?? refFromArg((arg as { node?: unknown })?.node) ?? (await pickCluster(conn.model!, kind, action, conn.permissions));
    const c = conn.model!.get(kind, ref.namespace, ref.name);
    if (!c) throw new ActionableError(vscode.l10n.t('{0} no longer exists in {1}.', ref.name, ref.namespace));
    if (!allows(c, action, conn.permissions)) {
      const state = c.kind === 'compute' ? c.state : c.status;
      const denied = conn.permissions.denied(c, action);
      throw new ActionableError(
        denied ??
          (c.operation
            ? action === 'configure'
              ? vscode.l10n.t('Cannot configure {0}: {1} by {2} is in progress.', ref.name, c.operation.action, c.operation.user)
              : vscode.l10n.t('Cannot edit {0}: {1} by {2} is in progress.', ref.name, c.operation.action, c.operation.user)
            : kind === 'compute'
              ? vscode.l10n.t(
                  'Cannot configure {0}: it is {1}. Terminate it first; Configure is for STOPPED or FAILED clusters.',
                  ref.name,
                  state,
                )
              : vscode.l10n.t('Cannot edit {0}: it is {1}. Disable it first; Edit is for Disabled session clusters.', ref.name, state)),
      );
    }
    if (!c.spec)
      throw new ActionableError(
        vscode.l10n.t('The definition of {0} cannot be read: {1}', ref.name, c.problems.map((p) => p.message).join(' ')),
      );
    this.forms.open({ kind, mode: 'edit', namespace: ref.namespace, name: ref.name });
  }
}
