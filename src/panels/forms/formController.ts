/**
 * The extension's side of one form (New Compute, Configure, Create Session Cluster, Edit): what
 * the page may choose from, the dry-run review, create and save with their refusals on fields, the
 * 409 that says who changed what, and the draft kept when the form is closed with unsaved edits.
 *
 * No vscode import: the workbench calls come in through `FormUi`, so tests drive it with fakes.
 */
import * as l10n from '@vscode/l10n';
import { Disposable } from '../../common/disposable';
import { errorMessage, Logger } from '../../common/logger';
import { readActivity } from '../../clusters/activity';
import { ComputeCluster, SessionCluster } from '../../clusters/clusterModel';
import { BUNDLES, ComputeSpec } from '../../../shared/clusters/computeSpec';
import { ClusterConnection } from '../../clusters/connection';
import { activityName, ANNOTATIONS, ClusterKind, definitionName, generationOf, SPEC_KEY } from '../../clusters/definition';
import { describeConflict } from '../../clusters/forms/conflict';
import {
  checkComputeForm,
  computeFormFromSpec,
  computeSpecFromForm,
  configuredNotice,
  formFieldOfSpecField,
} from '../../../shared/forms/computeForm';
import { dryRunCompute, dryRunSession, flinkVersionsOfCrd, toYaml } from '../../clusters/forms/dryRun';
import { quotaRoom } from '../../../shared/text/quantity';
import { checkSessionForm, formFieldOfSessionSpecField, sessionFormFromSpec, sessionSpecFromForm } from '../../../shared/forms/sessionForm';
import { ComputeFormValues, cut, FORM_LIMITS as L, SessionFormValues } from '../../../shared/forms/formValues';
import { ClusterOperationError, StartAfterCreateError } from '../../clusters/operations';
import { FLINK_VERSIONS, SessionSpec } from '../../../shared/clusters/sessionSpec';
import { FieldError } from '../../../shared/clusters/validation';
import { KubeObject, RESOURCES } from '../../kube/resources';
import type { Handlers, RequestArgs, RequestResult } from '../../../shared/protocol/envelope';
import type { FormPage } from '../../../shared/protocol/formPage';
import type { WebviewPanelHost } from '../webviewPanelHost';
import { FormKey, formKeyString, formTitle, FormUi } from './formKeys';
import { computeNamespaces, formRoom, namespaceData, sessionNamespaces } from './formNamespaces';

const FLINK_CRD = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/flinkdeployments.flink.apache.org';

export interface FormControllerOptions {
  readonly key: FormKey;
  readonly connection: () => ClusterConnection | undefined;
  readonly watchedNamespaces: () => readonly string[];
  readonly ui: FormUi;
  readonly logger: Logger;
  readonly now?: () => number;
}

type Values = { compute?: ComputeFormValues; session?: SessionFormValues };

/** Text and lists as the form protocol carries them (cut to its limits, so the page never refuses an answer). */
const msg = (m: string): string => cut(m, L.message);
const fieldErrorsOut = (errors: readonly FieldError[]): FieldError[] =>
  errors.slice(0, L.fieldErrors).map((e) => ({ field: cut(e.field, L.name), message: msg(e.message) }));
const reviewOut = (yaml: string, errors: readonly FieldError[], messages: readonly string[]) => ({
  yaml: cut(yaml, L.yaml),
  fieldErrors: fieldErrorsOut(errors),
  messages: messages.slice(0, L.messages).map(msg),
});

export class FormController extends Disposable {
  readonly key: string;
  readonly title: string;
  private resourceVersion?: string;
  private baseSpec?: ComputeSpec | SessionSpec;
  /** The definition's generation the form's values came from (the review shows the next: what a save writes). */
  private openedGeneration?: number;
  private readonly openedAt: number;
  private lastValues?: Values;
  private dirty = false;
  /** `securitypolicyviolation` events the page reported (tests assert none). */
  cspViolations = 0;
  private submitted = false;
  private namespaces: string[] = [];
  private flinkVersions: string[] = [...FLINK_VERSIONS];
  private host?: WebviewPanelHost<FormPage>;
  private contextTimer?: ReturnType<typeof setTimeout>;
  private contextSent!: () => void;
  /**
   * Settles once the page has been sent the namespaces it may offer (the first `form.context`
   * after the panel loaded): from then on the form's checks know which namespaces are allowed.
   */
  readonly whenContextSent: Promise<void> = new Promise((resolve) => (this.contextSent = resolve));

  constructor(private readonly o: FormControllerOptions) {
    super();
    this.key = formKeyString(o.key);
    this.title = formTitle(o.key);
    this.openedAt = (o.now ?? Date.now)();
  }

  /** The request handlers of the form's panel. */
  handlers(): Handlers<FormPage> {
    return {
      'panel.painted': () => ({}),
      'panel.cspViolation': ({ directive, blocked }) => {
        this.cspViolations++;
        this.o.logger.error(`form ${this.key}: Content Security Policy violation: ${directive} blocked ${blocked}`);
        return {};
      },
      'form.review': (a) => this.review(a),
      'form.submit': (a) => this.submit(a),
      'form.reload': () => this.reload(),
      'form.changed': (a) => this.changed(a),
      'form.cancel': (a) => this.cancel(a),
      'form.discardDraft': async () => {
        await this.o.ui.drafts.set(this.key, undefined);
        return {};
      },
    };
  }

  /** Ties the controller to its panel: init and context at every ready, context again when clusters or quotas change. */
  attach(host: WebviewPanelHost<FormPage>): void {
    this.host = host;
    host.own(this);
    host.onDidBecomeReady(() => void this.sendInit());
    host.onDidDispose(() => this.onClosed());
    const model = this.conn()?.model;
    if (model) {
      this._register(model.onDidChangeCluster(() => this.scheduleContext()));
      this._register(model.onDidChangeResourceGroup(() => this.scheduleContext()));
    }
    this._register({ dispose: () => this.contextTimer && clearTimeout(this.contextTimer) });
  }

  private conn(): ClusterConnection | undefined {
    return this.o.connection();
  }

  private need(): ClusterConnection {
    const c = this.conn();
    if (!c?.model) throw new ClusterOperationError(l10n.t('Not connected to a Kubernetes cluster.'), 'failed');
    return c;
  }

  private cluster(): ComputeCluster | SessionCluster | undefined {
    const k = this.o.key;
    return k.mode === 'edit' ? (this.conn()?.model?.get(k.kind, k.namespace!, k.name!) as ComputeCluster | SessionCluster) : undefined;
  }

  /** The compute cluster Configure edits: its own pods do not count against its quota room. */
  private editedCompute(): ComputeCluster | undefined {
    const c = this.cluster();
    return c?.kind === 'compute' ? c : undefined;
  }

  /** Everything the page needs to start: values (or the draft), choices, and the namespace data. */
  async sendInit(): Promise<void> {
    const host = this.host;
    if (!host) return;
    const k = this.o.key;
    host.notify('panel.init', { key: this.key, title: this.title });
    const conn = this.conn();
    let compute: ComputeFormValues | undefined;
    let session: SessionFormValues | undefined;
    if (k.kind === 'session') this.flinkVersions = await this.readFlinkVersions();
    if (k.mode === 'edit') {
      const c = this.cluster();
      if (!this.baseSpec && c?.spec) {
        this.baseSpec = c.spec;
        this.resourceVersion = c.definitionResourceVersion;
        this.openedGeneration = c.generation;
      }
      if (this.baseSpec && k.kind === 'compute') compute = computeFormFromSpec(this.baseSpec as ComputeSpec);
      if (this.baseSpec && k.kind === 'session') session = sessionFormFromSpec(this.baseSpec as SessionSpec, k.namespace!);
    }
    const draft = this.o.ui.drafts.get(this.key);
    host.notify('form.init', {
      kind: k.kind,
      mode: k.mode,
      ...(compute ? { compute } : {}),
      ...(session ? { session } : {}),
      ...(this.resourceVersion ? { resourceVersion: this.resourceVersion } : {}),
      bundles: [...BUNDLES],
      flinkVersions: this.flinkVersions,
      ...(draft
        ? {
            draftSavedAt: draft.savedAt,
            ...(draft.compute ? { draftCompute: draft.compute } : {}),
            ...(draft.session ? { draftSession: draft.session } : {}),
          }
        : {}),
    });
    if (!conn?.model) {
      host.notify('form.context', {
        namespaces: [],
        notice: l10n.t('Not connected to a Kubernetes cluster yet; the form fills in once connected.'),
      });
      return;
    }
    await this.sendContext();
  }

  private scheduleContext(): void {
    if (this.contextTimer) clearTimeout(this.contextTimer);
    this.contextTimer = setTimeout(() => void this.sendContext(), 300);
  }

  private async sendContext(): Promise<void> {
    const host = this.host;
    const conn = this.conn();
    if (!host || !conn?.model || this.isDisposed) return;
    const k = this.o.key;
    let notice: string | undefined;
    if (k.mode === 'edit') this.namespaces = [k.namespace!];
    else if (k.kind === 'compute') {
      this.namespaces = await computeNamespaces(conn, this.o.watchedNamespaces());
      if (!this.namespaces.length)
        notice = l10n.t('You may not create compute clusters in any watched namespace (creating ConfigMaps and Deployments is needed).');
    } else {
      const r = await sessionNamespaces(conn, this.o.watchedNamespaces());
      this.namespaces = r.allowed;
      if (!r.allowed.length) notice = r.refused.join(' ');
    }
    const log = { logger: this.o.logger, title: this.title, editing: this.editedCompute() };
    const namespaces = await Promise.all(this.namespaces.map((ns) => namespaceData(conn, ns, log)));
    host.notify('form.context', { namespaces, ...(notice ? { notice } : {}) });
    this.contextSent();
  }

  /** The allowed flinkVersion values of the installed CRD; the built-in list when it cannot be read. */
  private async readFlinkVersions(): Promise<string[]> {
    const conn = this.conn();
    if (!conn) return [...FLINK_VERSIONS];
    try {
      const versions = flinkVersionsOfCrd(await conn.transport.request('GET', FLINK_CRD)) ?? [...FLINK_VERSIONS];
      return versions.slice(0, L.choices).map((v) => cut(v, L.short));
    } catch (e) {
      this.o.logger.debug(
        `${this.title}: the FlinkDeployment CRD could not be read (${errorMessage(e)}); using the built-in Flink versions`,
      );
      return [...FLINK_VERSIONS];
    }
  }

  private computeCheck(v: ComputeFormValues) {
    const model = this.need().model!;
    const ns = v.namespace;
    return checkComputeForm(v, {
      nodeTypes: model.nodeTypes(ns),
      mode: this.o.key.mode === 'create' ? 'create' : 'configure',
      namespaces: this.o.key.mode === 'create' ? this.namespaces : undefined,
      existingNames: model.computeClusters(ns).map((c) => c.name),
      room: ns ? formRoom(this.need(), ns, this.editedCompute()) : undefined,
    });
  }

  private sessionCheck(v: SessionFormValues) {
    const model = this.need().model!;
    return checkSessionForm(v, {
      mode: this.o.key.mode,
      flinkVersions: this.flinkVersions,
      namespaces: this.o.key.mode === 'create' ? this.namespaces : undefined,
      existingNames: model.sessionClusters(v.namespace).map((c) => c.name),
      room: v.namespace ? quotaRoom(model.resourceGroup(v.namespace).quotas) : undefined,
    });
  }

  private editAnnotations(): Record<string, string> {
    const def = this.cluster();
    return def?.createdBy ? { [ANNOTATIONS.createdBy]: def.createdBy } : {};
  }

  async review(a: RequestArgs<FormPage, 'form.review'>): Promise<RequestResult<FormPage, 'form.review'>> {
    const conn = this.need();
    const k = this.o.key;
    const c = this.cluster();
    const generation = k.mode === 'edit' ? (c?.generation ?? 1) + 1 : 1;
    const user = await conn.access.whoAmI().then(
      (id) => id.username,
      () => 'unknown',
    );
    if (k.kind === 'compute' && a.compute) {
      const v = this.values(a).compute!;
      const checked = this.computeCheck(v);
      if (checked.errors.length) return reviewOut('', checked.errors, [l10n.t('Fix the marked fields to see the objects.')]);
      const spec = computeSpecFromForm(v);
      const r = await dryRunCompute(conn.writer, spec, conn.model!.nodeTypes(spec.namespace), {
        generation,
        annotations: k.mode === 'edit' ? this.editAnnotations() : { [ANNOTATIONS.createdBy]: user },
        uid: c?.id,
        render: conn.computeRenderOptions(),
      });
      return reviewOut(toYaml(r.objects, r.notes), r.fieldErrors, r.messages);
    }
    if (k.kind === 'session' && a.session) {
      const v = this.values(a).session!;
      const checked = this.sessionCheck(v);
      if (checked.errors.length) return reviewOut('', checked.errors, [l10n.t('Fix the marked fields to see the objects.')]);
      const spec = sessionSpecFromForm(v);
      const owner = k.mode === 'edit' ? ((c as SessionCluster | undefined)?.owner ?? user) : user;
      const r = await dryRunSession(conn.writer, spec, v.namespace, {
        generation,
        annotations: { ...(k.mode === 'edit' ? this.editAnnotations() : { [ANNOTATIONS.createdBy]: user }), [ANNOTATIONS.owner]: owner },
        uid: c?.id,
      });
      return reviewOut(toYaml(r.objects, r.notes), r.fieldErrors, r.messages);
    }
    return { yaml: '', fieldErrors: [], messages: [l10n.t('The form sent no values.')] };
  }

  private values(a: Values): { compute?: ComputeFormValues; session?: SessionFormValues } {
    // Edit mode: the name (and the compute namespace and bundle) are read-only; whatever the page sends, keep them.
    const k = this.o.key;
    if (a.compute && k.mode === 'edit') {
      const base = this.baseSpec as ComputeSpec | undefined;
      return { compute: { ...a.compute, name: k.name!, namespace: k.namespace!, ...(base ? { bundle: base.bundle } : {}) } };
    }
    if (a.session && k.mode === 'edit') return { session: { ...a.session, name: k.name!, namespace: k.namespace! } };
    return { compute: a.compute, session: a.session };
  }

  async submit(a: RequestArgs<FormPage, 'form.submit'>): Promise<RequestResult<FormPage, 'form.submit'>> {
    const conn = this.need();
    const k = this.o.key;
    const v = this.values(a);
    const checked = k.kind === 'compute' && v.compute ? this.computeCheck(v.compute) : v.session ? this.sessionCheck(v.session) : undefined;
    if (!checked) return { done: false, message: l10n.t('The form sent no values.'), fieldErrors: [] };
    if (checked.errors.length)
      return {
        done: false,
        message: l10n.t('Some fields need attention; nothing was written.'),
        fieldErrors: fieldErrorsOut(checked.errors),
      };
    // The server's dry-run first: quota, admission and schema refusals land on fields before anything is written.
    const review = await this.review(a);
    if (review.fieldErrors.length || review.messages.length)
      return {
        done: false,
        message: msg(
          review.messages.length ? review.messages.join(' ') : l10n.t('The API server refused some fields; nothing was written.'),
        ),
        fieldErrors: review.fieldErrors,
      };
    try {
      if (k.kind === 'compute') {
        const spec = computeSpecFromForm(v.compute!);
        if (k.mode === 'create') {
          try {
            await conn.compute.create(spec, { start: true });
          } catch (e) {
            // The definition exists; only the start failed: the form has done its job.
            if (e instanceof StartAfterCreateError) {
              this.finish(() =>
                this.o.ui.error(errorMessage(e), [
                  { title: l10n.t('Open Details'), run: () => this.openDetails('compute', spec.namespace, spec.name) },
                ]),
              );
              this.finish(() => this.openDetails('compute', spec.namespace, spec.name));
              return { done: true, message: msg(errorMessage(e)), fieldErrors: [] };
            }
            throw e;
          }
          this.finish(() => this.openDetails('compute', spec.namespace, spec.name));
          return { done: true, message: msg(l10n.t('Created {0}; it is starting.', spec.name)), fieldErrors: [] };
        }
        const details = await conn.compute.configure(k.namespace!, k.name!, spec, this.resourceVersion ?? '');
        const state = this.editedCompute()?.state;
        this.finish(() => this.o.ui.info(configuredNotice(spec.name, details, state)));
        return { done: true, message: msg(details), fieldErrors: [] };
      }
      const spec = sessionSpecFromForm(v.session!);
      if (k.mode === 'create') {
        try {
          await conn.session.create(spec, v.session!.namespace, { start: true });
        } catch (e) {
          if (e instanceof StartAfterCreateError) {
            this.finish(() => this.o.ui.error(errorMessage(e)));
            this.finish(() => this.openDetails('session', v.session!.namespace, spec.name));
            return { done: true, message: msg(errorMessage(e)), fieldErrors: [] };
          }
          throw e;
        }
        this.finish(() => this.openDetails('session', v.session!.namespace, spec.name));
        return { done: true, message: msg(l10n.t('Created {0}; it is starting.', spec.name)), fieldErrors: [] };
      }
      const details = await conn.session.edit(k.namespace!, k.name!, spec, this.resourceVersion ?? '');
      this.finish(() => this.o.ui.info(l10n.t('{0}: {1}. Start the cluster to apply it.', spec.name, details)));
      return { done: true, message: msg(details), fieldErrors: [] };
    } catch (e) {
      return this.refusal(e, v);
    }
  }

  /** A refused create or save: fields, a conflict that says who changed what, or one message. */
  private async refusal(
    e: unknown,
    v: { compute?: ComputeFormValues; session?: SessionFormValues },
  ): Promise<RequestResult<FormPage, 'form.submit'>> {
    const err = e instanceof ClusterOperationError ? e : undefined;
    if (err?.code === 'conflict') return { done: false, fieldErrors: [], conflict: msg(await this.conflictMessage()) };
    const fieldErrors: FieldError[] = (err?.fieldErrors ?? []).map((f) => ({
      field: v.compute ? formFieldOfSpecField(f.field, v.compute) : formFieldOfSessionSpecField(f.field, v.session!),
      message: f.message,
    }));
    return { done: false, message: msg(errorMessage(e)), fieldErrors: fieldErrorsOut(fieldErrors) };
  }

  private async conflictMessage(): Promise<string> {
    const k = this.o.key;
    const conn = this.need();
    const what = k.kind === 'compute' ? l10n.t('Compute cluster {0}', k.name ?? '') : l10n.t('Session cluster {0}', k.name ?? '');
    try {
      const def = await conn.writer.get<KubeObject>(RESOURCES.configMaps, k.namespace!, definitionName(k.kind, k.name!));
      const activity = await conn.writer.tryGet<KubeObject>(RESOURCES.configMaps, k.namespace!, activityName(k.kind, k.name!));
      let fresh: unknown;
      try {
        fresh = JSON.parse(def.data?.[SPEC_KEY] ?? '{}');
      } catch {
        fresh = {};
      }
      const generation = generationOf(def, 1);
      return describeConflict(what, this.baseSpec, fresh, readActivity(activity), this.openedAt, generation, this.openedGeneration);
    } catch (e) {
      return l10n.t(
        '{0} was changed since you opened this form, and could not be read again ({1}). Nothing was overwritten.',
        what,
        errorMessage(e),
      );
    }
  }

  /** The definition as it is now; the form keeps the user's edits on top (the page merges). */
  async reload(): Promise<RequestResult<FormPage, 'form.reload'>> {
    const k = this.o.key;
    if (k.mode !== 'edit') throw new ClusterOperationError(l10n.t('Only Configure and Edit forms reload.'), 'invalid');
    const conn = this.need();
    const def = await conn.writer.get<KubeObject>(RESOURCES.configMaps, k.namespace!, definitionName(k.kind, k.name!));
    const spec = JSON.parse(def.data?.[SPEC_KEY] ?? '{}');
    this.baseSpec = spec;
    this.resourceVersion = def.metadata.resourceVersion;
    this.openedGeneration = generationOf(def, 1);
    return k.kind === 'compute'
      ? { compute: computeFormFromSpec(spec), resourceVersion: def.metadata.resourceVersion }
      : { session: sessionFormFromSpec(spec, k.namespace!), resourceVersion: def.metadata.resourceVersion };
  }

  async changed(a: RequestArgs<FormPage, 'form.changed'>): Promise<RequestResult<FormPage, 'form.changed'>> {
    this.dirty = a.dirty;
    this.lastValues = { compute: a.compute, session: a.session };
    await this.o.ui.drafts.set(
      this.key,
      a.dirty
        ? {
            savedAt: new Date((this.o.now ?? Date.now)()).toISOString(),
            ...(a.compute ? { compute: a.compute } : {}),
            ...(a.session ? { session: a.session } : {}),
          }
        : undefined,
    );
    return {};
  }

  async cancel(a: RequestArgs<FormPage, 'form.cancel'>): Promise<RequestResult<FormPage, 'form.cancel'>> {
    if (a.dirty && !(await this.o.ui.confirmDiscard(this.title))) return { closed: false };
    this.dirty = false;
    await this.o.ui.drafts.set(this.key, undefined);
    this.finish(() => undefined);
    return { closed: true };
  }

  get isDirty(): boolean {
    return this.dirty;
  }

  private openDetails(kind: ClusterKind, namespace: string, name: string): void {
    this.o.ui.openDetails({ kind, namespace, name });
  }

  /** After answering the page: close the form (the response goes out first), then run `after`. */
  private finish(after: () => void): void {
    this.submitted = true;
    this.dirty = false;
    void this.o.ui.drafts.set(this.key, undefined);
    setTimeout(() => {
      this.host?.dispose();
      after();
    }, 50);
  }

  /** The panel closed: a webview cannot refuse to close, so unsaved edits stay as a draft offered next time. */
  private onClosed(): void {
    if (this.submitted || !this.dirty || !this.lastValues) return;
    this.o.ui.draftKept(
      this.title,
      () => this.o.ui.reopen(this.key),
      () => void this.o.ui.drafts.set(this.key, undefined),
    );
  }
}
