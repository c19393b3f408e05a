/**
 * The forms in the workbench: one panel per form key, restore after a window reload, drafts in the
 * workspace state, and the context key that says whether a session cluster may be created. The
 * commands that open them are in src/commands/formCommands.ts.
 */
import { FORM_PAGE, type FormPage } from '../../../shared/protocol/formPage';
import * as vscode from 'vscode';
import { Disposable } from '../../common/disposable';
import { Logger } from '../../common/logger';
import { ClusterConnection } from '../../clusters/connection';
import { confirmDiscardEdits } from '../../commands/confirmations';
import { prompts } from '../../commands/prompts';
import { createWebviewPanel, pageHtmlFor, prepareRestoredPanel } from '../panelFactory';
import { PanelRegistry } from '../panelRegistry';
import { panelSerializer } from '../serializer';
import { WebviewPanelHost } from '../webviewPanelHost';
import { FormController } from './formController';
import { FORM_KEY_PATTERN, FormDraft, FormKey, formKeyString, formTitle, FormUi, parseFormKey } from './formKeys';

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
  ) {
    super();
    const state = context.workspaceState;
    this.ui = {
      drafts: {
        get: (key) => state.get<FormDraft>(DRAFT_PREFIX + key),
        set: (key, draft) => state.update(DRAFT_PREFIX + key, draft),
      },
      confirmDiscard: confirmDiscardEdits,
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
}
