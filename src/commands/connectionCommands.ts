import * as vscode from 'vscode';
import { Disposable } from '../common/disposable';
import { Logger } from '../common/logger';
import { ClusterConnection } from '../clusters/connection';
import { KubeconfigModel } from '../kube/kubeconfigModel';
import { RESOURCES } from '../kube/resources';
import { ExtensionSettings } from '../settings/extensionSettings';
import { registerCommandWithLogging, UserCancelledError } from './index';

/** Which context and namespaces the extension watches. */
export class ConnectionCommands extends Disposable {
  constructor(
    private readonly kubeconfig: KubeconfigModel,
    private readonly settings: ExtensionSettings,
    private readonly connection: () => ClusterConnection | undefined,
    logger: Logger,
    showLog: () => void,
  ) {
    super();
    this._register(registerCommandWithLogging('dataClusters.selectNamespaces', () => this.selectNamespaces(), logger, showLog));
    this._register(registerCommandWithLogging('dataClusters.switchContext', () => this.switchContext(), logger, showLog));
  }

  private async selectNamespaces(): Promise<void> {
    const state = this.kubeconfig.state;
    const current = this.settings.namespaces();
    const fallback = state.kind === 'loaded' ? state.namespace : 'default';
    const chosen = current.length ? current : [fallback];
    let known: string[] = [];
    const conn = this.connection();
    if (conn && (await conn.access.can({ verb: 'list', resource: 'namespaces' }).catch(() => false))) {
      known = (await conn.writer.list(RESOURCES.namespaces, undefined)).items.map((n: any) => n.metadata.name).sort();
    }
    if (known.length) {
      const picked = await vscode.window.showQuickPick(
        known.map((ns) => ({ label: ns, picked: chosen.includes(ns) })),
        {
          canPickMany: true,
          title: vscode.l10n.t('Namespaces to watch'),
          placeHolder: vscode.l10n.t('Clusters in these namespaces appear in the views'),
        },
      );
      if (!picked) throw new UserCancelledError();
      await this.settings.setNamespaces(picked.length === 1 && picked[0].label === fallback ? [] : picked.map((p) => p.label));
      return;
    }
    const typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('Namespaces to watch'),
      prompt: vscode.l10n.t('You may not list namespaces in this cluster: type them, separated by commas.'),
      value: chosen.join(', '),
      validateInput: (v) =>
        v.split(',').every((x) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(x.trim()))
          ? undefined
          : vscode.l10n.t('Namespaces are lower-case DNS labels, separated by commas.'),
    });
    if (typed === undefined) throw new UserCancelledError();
    await this.settings.setNamespaces(
      typed
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    );
  }

  private async switchContext(): Promise<void> {
    const state = this.kubeconfig.state;
    if (state.kind !== 'loaded') throw new UserCancelledError();
    const current = this.settings.context() || state.currentContext;
    const picked = await vscode.window.showQuickPick(
      state.kubeConfig.getContexts().map((c) => ({
        label: c.name,
        description: [c.cluster, c.namespace].filter(Boolean).join(' · '),
        detail: c.name === current ? vscode.l10n.t('current') : undefined,
      })),
      { title: vscode.l10n.t('Kubernetes context for Data Clusters'), placeHolder: vscode.l10n.t('Now: {0}', current) },
    );
    if (!picked) throw new UserCancelledError();
    await this.settings.setContext(picked.label === state.currentContext ? '' : picked.label);
  }
}
