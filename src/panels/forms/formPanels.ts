/**
 * The forms in the workbench: the commands that open them (gated by state and rights before the
 * form opens), one panel per form key, restore after a window reload, and drafts in the
 * workspace state.
 */
import { FORM_PAGE, type FormPage } from '../../../shared/protocol/formPage';
import * as vscode from 'vscode';
import { Disposable } from '../../common/disposable';
import { Logger } from '../../common/logger';
import { ClusterConnection } from '../../clusters/connection';
import { ClusterKind } from '../../clusters/definition';
import { allows, ClusterRef, pickCluster, refFromArg } from '../../commands/clusterPicker';
import { ActionableError, registerCommandWithLogging, requireConnection } from '../../commands/index';
import { prompts } from '../../commands/prompts';
import { createWebviewPanel, pageHtmlFor, prepareRestoredPanel } from '../panelFactory';
import { PanelRegistry } from '../panelRegistry';
import { panelSerializer } from '../serializer';
import { WebviewPanelHost } from '../webviewPanelHost';
import {
  computeNamespaces,
  FORM_KEY_PATTERN,
  FormController,
  FormDraft,
  FormKey,
  formKeyString,
  formTitle,
  FormUi,
  parseFormKey,
  sessionNamespaces,
} from './formController';

export const FORM_VIEW_TYPE = 'dataClusters.form';
const DRAFT_PREFIX = 'dataClusters.formDraft:';

export class FormPanels extends Disposable {
  private readonly registry = this._register(new PanelRegistry<WebviewPanelHost<FormPage>>());
  private readonly controllers = new Map<string, FormController>();
  private readonly ui: FormUi;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly connection: () => ClusterConnection | undefined,
    private readonly watchedNamespaces: () => readonly string[],
    private readonly logger: Logger,
    showLog: () => void,
  ) {
    super();
    const state = context.workspaceState;
    this.ui = {
      drafts: {
        get: (key) => state.get<FormDraft>(DRAFT_PREFIX + key),
        set: (key, draft) => state.update(DRAFT_PREFIX + key, draft),
      },
      confirmDiscard: async (title) => {
        const discard = vscode.l10n.t('Discard');
        const choice = await vscode.window.showWarningMessage(
          vscode.l10n.t('Discard your unsaved edits in {0}?', title),
          { modal: true, detail: vscode.l10n.t('The form closes and what you typed is lost.') },
          discard,
        );
        return choice === discard;
      },
      // Notifications go through prompts(), like the commands' own, so tests see what the user is told.
      draftKept: (title, reopen, discard) => {
        const reopenTitle = vscode.l10n.t('Reopen');
        const discardTitle = vscode.l10n.t('Discard Edits');
        void prompts()
          .info(
            vscode.l10n.t('{0} was closed with unsaved edits; they are kept and come back when you open it again.', title),
            reopenTitle,
            discardTitle,
          )
          .then((c) => (c === reopenTitle ? reopen() : c === discardTitle ? discard() : undefined));
      },
      info: (m) => void prompts().info(m),
      error: (m, actions = []) =>
        void prompts()
          .error(m, ...actions.map((a) => a.title))
          .then((c) => actions.find((a) => a.title === c)?.run()),
      openDetails: (ref) => void vscode.commands.executeCommand('dataClusters.openDetails', ref),
      reopen: (key) => {
        const k = parseFormKey(key);
        if (k) this.open(k);
      },
    };
    const register = (id: string, fn: (...args: any[]) => unknown): void =>
      void this._register(registerCommandWithLogging(id, fn, logger, showLog));
    register('dataClusters.compute.create', (arg) => this.createCompute(arg));
    register('dataClusters.compute.configure', (arg) => this.editCluster('compute', 'configure', arg));
    register('dataClusters.session.create', (arg) => this.createSession(arg));
    register('dataClusters.session.edit', (arg) => this.editCluster('session', 'edit', arg));
    this._register(
      vscode.window.registerWebviewPanelSerializer(
        FORM_VIEW_TYPE,
        panelSerializer<vscode.WebviewPanel>({
          keyPattern: FORM_KEY_PATTERN,
          logger,
          restore: (panel, key) => {
            const k = parseFormKey(key)!;
            this.registry.add(this.makeHost(k, prepareRestoredPanel(panel, context.extensionUri) as vscode.WebviewPanel));
          },
        }),
      ),
    );
  }

  private need(): ClusterConnection {
    return requireConnection(this.connection());
  }

  /** The open form of `key` (tests read it), if any. */
  controller(key: string): FormController | undefined {
    return this.controllers.get(key);
  }

  open(k: FormKey): FormController {
    const key = formKeyString(k);
    this.registry.openOrReveal(key, () => this.makeHost(k, createWebviewPanel(FORM_VIEW_TYPE, formTitle(k), this.context.extensionUri)));
    return this.controllers.get(key)!;
  }

  private makeHost(k: FormKey, panel: vscode.WebviewPanel): WebviewPanelHost<FormPage> {
    const key = formKeyString(k);
    const controller = new FormController({
      key: k,
      connection: this.connection,
      watchedNamespaces: this.watchedNamespaces,
      ui: this.ui,
      logger: this.logger,
    });
    const host = new WebviewPanelHost(panel, {
      protocol: FORM_PAGE,
      key,
      title: controller.title,
      html: pageHtmlFor(this.context.extensionUri, 'form', controller.title),
      handlers: controller.handlers(),
      logger: this.logger,
    });
    controller.attach(host);
    this.controllers.set(key, controller);
    host.onDidDispose(() => {
      if (this.controllers.get(key) === controller) this.controllers.delete(key);
    });
    return host;
  }

  private async createCompute(_arg: unknown): Promise<void> {
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
    this.open({ kind: 'compute', mode: 'create' });
  }

  /**
   * Refused with the reason before the form opens: no right to create FlinkDeployments, or the
   * tenant's ResourceQuota reached. The command stays offered either way, so the reason can be seen.
   */
  private async createSession(_arg: unknown): Promise<void> {
    const conn = this.need();
    await conn.model!.whenReady('session');
    const r = await sessionNamespaces(conn, this.watchedNamespaces());
    if (!r.allowed.length) throw new ActionableError(vscode.l10n.t('Cannot create a session cluster. {0}', r.refused.join(' ')));
    this.open({ kind: 'session', mode: 'create' });
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
    this.open({ kind, mode: 'edit', namespace: ref.namespace, name: ref.name });
  }
}
