import { Disposable } from '../common/disposable';
import { Emitter, Event } from '../common/event';
import { errorMessage, Logger, silentLogger } from '../common/logger';
import { AccessAttributes, AccessReviewer, rulesAllow } from '../kube/access';
import type { Cluster } from './clusterModel';
import { ClusterKind } from './definition';
import { computeActions, isViewAction, sessionActions } from '../../shared/clusters/stateTable';
import * as l10n from '@vscode/l10n';

type Need = Omit<AccessAttributes, 'namespace' | 'name'>;

const configMaps = (verb: string): Need => ({ verb, resource: 'configmaps' });
const apps = (verb: string, resource: string): Need => ({ verb, resource, group: 'apps' });
const flink = (verb: string, resource: string): Need => ({ verb, resource, group: 'flink.apache.org' });
/** Every action marks the definition while it runs. */
const MARK = configMaps('patch');

/**
 * What each lifecycle action calls on the API, so menus offer only what the user may do. The
 * server still decides: these reviews only spare the user a 403 after a confirmation.
 */
export const REQUIRED_ACCESS: Readonly<Record<ClusterKind | 'task', Readonly<Record<string, readonly Need[]>>>> = {
  compute: {
    // Server-side apply of an object that does not exist yet needs create as well as patch.
    start: [MARK, apps('create', 'deployments'), apps('patch', 'deployments'), { verb: 'patch', resource: 'services' }],
    terminate: [MARK, apps('patch', 'deployments'), { verb: 'deletecollection', resource: 'pods' }],
    restart: [MARK, apps('patch', 'deployments'), { verb: 'deletecollection', resource: 'pods' }],
    configure: [MARK, configMaps('update')],
    delete: [MARK, apps('delete', 'deployments'), { verb: 'delete', resource: 'services' }, configMaps('delete')],
    openSparkUi: [{ verb: 'create', resource: 'pods', subresource: 'portforward' }],
  },
  session: {
    start: [MARK, flink('patch', 'flinkdeployments')],
    disable: [MARK, flink('delete', 'flinkdeployments'), flink('delete', 'flinksessionjobs')],
    edit: [MARK, configMaps('update')],
    delete: [MARK, configMaps('delete')],
    // Looking actions that open a port-forward need it; the others need nothing beyond reading.
    openFlinkUi: [{ verb: 'create', resource: 'pods', subresource: 'portforward' }],
    // Enable SQL applies the gateway's Deployment and Service (server-side apply: create and patch).
    enableSql: [
      MARK,
      apps('create', 'deployments'),
      apps('patch', 'deployments'),
      { verb: 'create', resource: 'services' },
      { verb: 'patch', resource: 'services' },
    ],
    disableSql: [MARK, apps('delete', 'deployments'), { verb: 'delete', resource: 'services' }],
  },
  // Tasks on a session cluster: a jar goes to the JobManager through a port-forward; a jar URI
  // becomes a FlinkSessionJob (server-side apply: create and patch), changed through its spec.
  task: {
    runJar: [{ verb: 'create', resource: 'pods', subresource: 'portforward' }],
    stop: [{ verb: 'create', resource: 'pods', subresource: 'portforward' }],
    cancel: [{ verb: 'create', resource: 'pods', subresource: 'portforward' }],
    runUri: [flink('create', 'flinksessionjobs'), flink('patch', 'flinksessionjobs')],
    runAgainManaged: [flink('patch', 'flinksessionjobs')],
    suspend: [flink('patch', 'flinksessionjobs')],
    resume: [flink('patch', 'flinksessionjobs')],
    delete: [flink('delete', 'flinksessionjobs')],
  },
};

/** The rights a task action needs, by the names of REQUIRED_ACCESS.task. */
export type TaskRight = 'runJar' | 'runUri' | 'runAgainManaged' | 'stop' | 'cancel' | 'suspend' | 'resume' | 'delete';

/** What the task service asks of the permission model. */
export interface TaskPermissionView {
  /** Why the user may not do this to tasks in the namespace, or undefined when they may (or it is not known yet). */
  taskDenied(namespace: string, right: TaskRight): string | undefined;
}

/** Who may manage a session cluster besides its owner: whoever may create FlinkDeployments there (DESIGN.md). */
export const SESSION_ADMIN: Need = flink('create', 'flinkdeployments');

const key = (need: Need, namespace: string) =>
  `${need.verb} ${need.group ?? ''}/${need.resource}${need.subresource ? `/${need.subresource}` : ''} ${namespace}`;

/** Reads the answers a PermissionModel has; also what tests give the tree items. */
export interface PermissionView {
  /** Why the user may not do `action` on the cluster, or undefined when they may (or it is not known yet). */
  denied(cluster: Cluster, action: string): string | undefined;
}

/**
 * Cached SelfSubjectAccessReviews for every lifecycle action in the watched namespaces, asked
 * once per connection and again on Refresh, so menus and buttons can be gated synchronously.
 */
export class PermissionModel extends Disposable implements PermissionView, TaskPermissionView {
  private readonly _onDidChange = this._register(new Emitter<void>());
  readonly onDidChange: Event<void> = this._onDidChange.event;
  private readonly answers = new Map<string, boolean>();
  private me?: string;
  private generation = 0;

  constructor(
    private readonly access: AccessReviewer,
    private readonly logger: Logger = silentLogger,
  ) {
    super();
  }

  /**
   * Asks everything the actions need in these namespaces; resolves when the answers are in. One
   * SelfSubjectRulesReview per namespace answers them all (dozens of access reviews at connect
   * time cost more than the lists themselves); where the server cannot answer that completely,
   * each right is asked on its own.
   */
  async refresh(namespaces: readonly string[]): Promise<void> {
    const generation = ++this.generation;
    const needs: Need[] = [];
    const seen = new Set<string>();
    for (const list of [
      ...Object.values(REQUIRED_ACCESS.compute),
      ...Object.values(REQUIRED_ACCESS.session),
      ...Object.values(REQUIRED_ACCESS.task),
      [SESSION_ADMIN],
    ])
      for (const need of list) {
        if (seen.has(key(need, ''))) continue;
        seen.add(key(need, ''));
        needs.push(need);
      }
    const inNamespace = async (namespace: string): Promise<(readonly [string, boolean] | undefined)[]> => {
      const rules = await this.access.rules(namespace).catch(() => undefined);
      if (rules) return needs.map((need) => [key(need, namespace), rulesAllow(rules, { ...need, namespace })] as const);
      return Promise.all(
        needs.map((need) =>
          this.access.can({ ...need, namespace }).then(
            (allowed) => [key(need, namespace), allowed] as const,
            (e) => {
              // Unknown stays unknown: the action is offered and the server decides.
              this.logger.warn(`Could not review ${key(need, namespace)}: ${errorMessage(e)}`);
              return undefined;
            },
          ),
        ),
      );
    };
    const [me, perNamespace] = await Promise.all([
      this.access.whoAmI().then(
        (id) => id.username,
        () => undefined,
      ),
      Promise.all(namespaces.map(inNamespace)),
    ]);
    const answers = perNamespace.flat();
    if (generation !== this.generation || this.isDisposed) return;
    this.answers.clear();
    for (const a of answers) if (a) this.answers.set(a[0], a[1]);
    this.me = me;
    this._onDidChange.fire();
  }

  /** Whether the user may create FlinkDeployments in a namespace, once the answers are in. */
  mayAdministerSessions(namespace: string): boolean | undefined {
    return this.answers.get(key(SESSION_ADMIN, namespace));
  }

  get username(): string | undefined {
    return this.me;
  }

  /** The first missing right, in words: "You may not delete deployments in analytics". */
  private missing(kind: ClusterKind | 'task', action: string, namespace: string): string | undefined {
    // The marker's right is named last: "patch deployments" says more about Terminate than "patch configmaps".
    const needs = REQUIRED_ACCESS[kind][action] ?? [];
    for (const need of [...needs.filter((n) => n !== MARK), ...needs.filter((n) => n === MARK)]) {
      if (this.answers.get(key(need, namespace)) === false)
        return l10n.t(
          'You may not {0} {1}{2} in {3}.',
          need.verb,
          need.resource,
          need.subresource ? `/${need.subresource}` : '',
          namespace,
        );
    }
    return undefined;
  }

  taskDenied(namespace: string, right: TaskRight): string | undefined {
    return this.missing('task', right, namespace);
  }

  denied(cluster: Cluster, action: string): string | undefined {
    if (isViewAction(action)) return this.missing(cluster.kind, action, cluster.namespace);
    if (cluster.kind === 'session') {
      const owner = cluster.owner;
      const admin = this.answers.get(key(SESSION_ADMIN, cluster.namespace));
      if (admin === false && this.me !== undefined && owner !== this.me)
        return l10n.t(
          'Only the owner ({0}) or an administrator of {1} may {2} session cluster {3}.',
          owner ?? 'unknown',
          cluster.namespace,
          action,
          cluster.name,
        );
    }
    return this.missing(cluster.kind, action, cluster.namespace);
  }
}

export interface AvailableActions {
  /** What the cluster's state allows and the user may do. */
  readonly actions: readonly string[];
  /** What the state allows but the user may not do, with why (for tooltips and disabled buttons). */
  readonly denied: readonly { readonly action: string; readonly reason: string }[];
}

/** Enable SQL on a Running session cluster without a gateway; Disable SQL wherever one is deployed. Never while an action runs. */
export function sqlActions(c: Cluster): ('enableSql' | 'disableSql')[] {
  if (c.kind !== 'session' || c.operation) return [];
  if (c.sql) return ['disableSql'];
  return c.status === 'Running' ? ['enableSql'] : [];
}

/** The one place that combines the state table with the user's rights; menus, buttons and pickers read it. */
export function availableActions(c: Cluster, permissions?: PermissionView): AvailableActions {
  const byState: readonly string[] =
    c.kind === 'compute' ? computeActions(c.state, !!c.operation) : [...sessionActions(c.status, !!c.operation), ...sqlActions(c)];
  const actions: string[] = [];
  const denied: { action: string; reason: string }[] = [];
  for (const action of byState) {
    const reason = permissions?.denied(c, action);
    if (reason) denied.push({ action, reason });
    else actions.push(action);
  }
  return { actions, denied };
}
