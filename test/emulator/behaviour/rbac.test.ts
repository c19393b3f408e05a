import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { renderDriverRbac } from '../../../src/clusters/compute/computeRenderer';
import { FIELD_MANAGER } from '../../../src/clusters/definition';
import { SESSION_QUOTA_KEY } from '../../../src/clusters/session/sessionQuota';
import { conformanceTarget, describeOnEmulator, onRealCluster } from '../conformance/target';

/**
 * deploy/rbac/: the manifests parse, `kubectl apply` accepts them (server dry run, then for real),
 * and each ClusterRole, bound to a user by the example RoleBindings, allows exactly what its
 * capability needs. Runs against the emulator, or against a real API server when KUBECONFIG is set
 * (npm run test:conformance), where escalation checks and schema validation are the real ones.
 */

const RBAC_DIR = path.join(__dirname, '..', '..', '..', 'deploy', 'rbac');
/** The per-tenant quota: one session cluster (FlinkDeployment) per namespace. */
const QUOTA_FILE = path.join(__dirname, '..', '..', '..', 'deploy', 'quota', 'session-cluster-quota.yaml');
/** The namespace the manifests name as a placeholder; tests replace it with their own. */
const PLACEHOLDER = 'data-team';
const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';
const RBAC = 'rbac.authorization.k8s.io';

const t = () => conformanceTarget();
const ns = () => t().namespace;

const yamlFiles = () =>
  fs
    .readdirSync(RBAC_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
const docsOf = (file: string): any[] =>
  yaml.loadAll(fs.readFileSync(path.join(RBAC_DIR, file), 'utf8')).filter((d) => d && typeof d === 'object') as any[];
const inTestNamespace = (file: string) => fs.readFileSync(path.join(RBAC_DIR, file), 'utf8').replaceAll(PLACEHOLDER, ns());

function kubectl(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      KUBECTL,
      ['--kubeconfig', t().kubeconfigFile, '-n', ns(), ...args],
      { timeout: 30_000, maxBuffer: 4 * 1024 * 1024 },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as any).code ?? 1) || 1 : 0, stdout, stderr }),
    );
    if (input !== undefined) child.stdin!.end(input);
  });
}

async function kubectlOk(args: string[], input?: string): Promise<string> {
  const r = await kubectl(args, input);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** One request the extension makes, as RBAC sees it. */
interface Access {
  readonly verb: string;
  readonly group?: string;
  readonly resource: string;
  readonly subresource?: string;
  readonly name?: string;
}
const key = (a: Access) =>
  `${a.verb} ${a.group ? `${a.resource}.${a.group}` : a.resource}${a.subresource ? `/${a.subresource}` : ''}${a.name ? ` ${a.name}` : ''}`;
const each = (verbs: string[], resource: string, group = '', extra: Partial<Access> = {}): Access[] =>
  verbs.map((verb) => ({ verb, group, resource, ...extra }));

// What each capability needs in a namespace, from the calls in src/ (informers, lifecycles, logs, access checks).
const READ: Access[] = [
  ...each(['get', 'list', 'watch'], 'configmaps'), // clusterCache: definitions, activity, node types
  ...each(['get', 'list', 'watch'], 'pods'), // clusterCache: state derivation
  { verb: 'get', resource: 'pods', subresource: 'log' }, // podLogs: driver logs
  ...each(['get', 'list', 'watch'], 'events'), // clusterEvents: the Events tab
  ...each(['get', 'list', 'watch'], 'resourcequotas'), // clusterCache: resource group
  ...each(['get', 'list', 'watch'], 'services'), // connection details
  ...each(['get', 'list', 'watch'], 'deployments', 'apps'), // clusterCache: driver Deployments
  ...each(['get', 'list', 'watch'], 'flinkdeployments', 'flink.apache.org'), // clusterCache: session clusters
  ...each(['get', 'list', 'watch'], 'flinksessionjobs', 'flink.apache.org'), // clusterCache: jobs per session cluster
];
const DEFINITIONS: Access[] = [
  ...each(['create', 'update', 'patch', 'delete'], 'configmaps'), // definition, activity, operation marker
  { verb: 'update', resource: 'configmaps', subresource: 'finalizers' }, // blockOwnerDeletion on the workload's owner
];
const COMPUTE: Access[] = [
  ...READ,
  ...DEFINITIONS,
  ...each(['create', 'patch', 'delete'], 'deployments', 'apps'), // apply, scale to 0, delete the driver
  ...each(['get', 'patch', 'update'], 'deployments', 'apps', { subresource: 'scale' }), // kubectl scale
  ...each(['create', 'patch', 'delete'], 'services'), // apply, delete the driver Service
  ...each(['delete', 'deletecollection'], 'pods'), // executors on Terminate, Restart, Delete
  ...each(['get', 'create'], 'pods', '', { subresource: 'portforward' }), // connections
  ...each(['get', 'create', 'patch'], 'serviceaccounts'), // ensureServiceAccount
  ...each(['get', 'create', 'patch'], 'roles', RBAC),
  ...each(['get', 'create', 'patch'], 'rolebindings', RBAC),
  ...each(['escalate', 'bind'], 'roles', RBAC, { name: 'data-clusters-spark' }),
];
const SESSION: Access[] = [
  ...READ,
  ...DEFINITIONS,
  ...each(['create', 'patch', 'delete'], 'flinkdeployments', 'flink.apache.org'), // apply, Disable; create = administrator
  { verb: 'delete', group: 'flink.apache.org', resource: 'flinksessionjobs' }, // Disable cancels session jobs
  ...each(['create', 'patch', 'delete'], 'deployments', 'apps'), // Enable SQL / Disable SQL: the SQL Gateway
  ...each(['create', 'patch', 'delete'], 'services'), // Enable SQL / Disable SQL: the SQL Gateway's Service
];
/** Nobody gets these from the manifests. */
const NEVER: Access[] = [
  ...each(['get', 'list'], 'secrets'),
  ...each(['create', 'update'], 'pods'),
  { verb: 'update', group: 'apps', resource: 'deployments' },
  { verb: 'deletecollection', group: 'apps', resource: 'deployments' },
  { verb: 'create', group: 'apps', resource: 'replicasets' },
  { verb: 'create', group: 'flink.apache.org', resource: 'flinksessionjobs' },
  { verb: 'update', group: 'flink.apache.org', resource: 'flinkdeployments', subresource: 'status' },
  { verb: 'exec', resource: 'pods', subresource: 'exec' },
  { verb: 'create', resource: 'pods', subresource: 'exec' },
  { verb: 'delete', resource: 'serviceaccounts' },
  { verb: 'delete', group: RBAC, resource: 'roles' },
  { verb: 'escalate', group: RBAC, resource: 'roles', name: 'admin' },
  { verb: 'bind', group: RBAC, resource: 'clusterroles', name: 'cluster-admin' },
  { verb: 'escalate', group: RBAC, resource: 'roles' },
  { verb: 'delete', resource: 'events' },
  { verb: 'update', resource: 'resourcequotas' },
];

/** A namespace editor: the built-in edit role, with aggregate-to-builtin-roles.yaml aggregated into it. */
const EDITOR = { user: 'editor@example.com', groups: [] as string[] };

/** Who the example RoleBindings bind, as impersonated users. */
const SUBJECTS = {
  'read-only': { user: 'viewer@example.com', groups: ['data-viewers'], role: 'data-clusters-read-only', needs: READ },
  'compute-operator': { user: 'jane@example.com', groups: [], role: 'data-clusters-compute-operator', needs: COMPUTE },
  'session-admin': {
    user: 'flink-admin@example.com',
    groups: ['data-platform-admins'],
    role: 'data-clusters-session-admin',
    needs: SESSION,
  },
} as const;

async function allowed(as: { user: string; groups: readonly string[] }, a: Access, namespace: string | null = ns()): Promise<boolean> {
  const r = await t().request('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: {
        resourceAttributes: {
          verb: a.verb,
          group: a.group ?? '',
          resource: a.resource,
          subresource: a.subresource ?? '',
          name: a.name ?? '',
          namespace: namespace ?? '',
        },
      },
    },
    impersonate: { user: as.user, groups: [...as.groups] },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.status.allowed === true;
}

describe('deploy/rbac manifests', function () {
  this.timeout(60_000);

  before(function () {
    try {
      fs.accessSync(KUBECTL, fs.constants.X_OK);
    } catch {
      throw new Error(`kubectl is not installed at ${KUBECTL} (set KUBECTL to its path)`);
    }
  });

  after(async () => {
    // ClusterRoles outlive the test namespace: remove ours (this matters on a real cluster).
    const roles = new Set(
      yamlFiles().flatMap((f) =>
        docsOf(f)
          .filter((d) => d.kind === 'ClusterRole')
          .map((d) => d.metadata.name),
      ),
    );
    for (const name of roles) await t().request('DELETE', `/apis/${RBAC}/v1/clusterroles/${name}`);
  });

  describe('the files', () => {
    it('parse as YAML into RBAC and ServiceAccount objects of known kinds and apiVersions', () => {
      const allowedKinds: Record<string, string> = {
        ClusterRole: `${RBAC}/v1`,
        Role: `${RBAC}/v1`,
        RoleBinding: `${RBAC}/v1`,
        ServiceAccount: 'v1',
      };
      const files = yamlFiles();
      assert.deepEqual(files, [
        'aggregate-to-builtin-roles.yaml',
        'compute-operator.yaml',
        'example-rolebindings.yaml',
        'read-only.yaml',
        'session-admin.yaml',
        'spark-driver.yaml',
      ]);
      for (const f of files) {
        const docs = docsOf(f);
        assert.ok(docs.length > 0, `${f} is empty`);
        for (const d of docs) {
          assert.ok(d.kind in allowedKinds, `${f}: unexpected kind ${d.kind}`);
          assert.equal(d.apiVersion, allowedKinds[d.kind], `${f}: ${d.kind} ${d.metadata?.name}`);
          assert.match(d.metadata?.name ?? '', /^data-clusters-[a-z0-9-]+$/, `${f}: name ${d.metadata?.name}`);
          if (d.kind === 'ClusterRole') assert.equal(d.metadata.namespace, undefined, `${f}: a ClusterRole has no namespace`);
          else assert.equal(d.metadata.namespace, PLACEHOLDER, `${f}: ${d.kind} ${d.metadata.name} uses the placeholder namespace`);
          for (const rule of d.rules ?? []) {
            assert.ok(
              rule.apiGroups?.length && rule.resources?.length && rule.verbs?.length,
              `${f}: incomplete rule ${JSON.stringify(rule)}`,
            );
            assert.ok(!rule.verbs.includes('*') && !rule.resources.includes('*'), `${f}: wildcard in ${JSON.stringify(rule)}`);
          }
        }
      }
    });

    it('bind only the ClusterRoles they define, each example to a User or Group', () => {
      const clusterRoles = new Set(
        yamlFiles().flatMap((f) =>
          docsOf(f)
            .filter((d) => d.kind === 'ClusterRole')
            .map((d) => d.metadata.name),
        ),
      );
      const bindings = docsOf('example-rolebindings.yaml');
      assert.deepEqual(
        bindings.map((b) => b.roleRef.name),
        ['data-clusters-read-only', 'data-clusters-compute-operator', 'data-clusters-session-admin'],
      );
      for (const b of bindings) {
        assert.equal(b.roleRef.kind, 'ClusterRole');
        assert.ok(clusterRoles.has(b.roleRef.name), b.roleRef.name);
        for (const s of b.subjects) assert.ok(['User', 'Group'].includes(s.kind) && s.apiGroup === RBAC, JSON.stringify(s));
      }
    });

    it('spark-driver.yaml is exactly the ServiceAccount, Role and RoleBinding Start creates', () => {
      assert.deepEqual(docsOf('spark-driver.yaml'), JSON.parse(JSON.stringify(renderDriverRbac(PLACEHOLDER))));
    });

    it('the aggregation ClusterRoles carry the labels the built-in view, edit and admin roles select', () => {
      const [view, edit] = docsOf('aggregate-to-builtin-roles.yaml');
      for (const r of ['view', 'edit', 'admin']) assert.equal(view.metadata.labels[`${RBAC}/aggregate-to-${r}`], 'true');
      for (const r of ['edit', 'admin']) assert.equal(edit.metadata.labels[`${RBAC}/aggregate-to-${r}`], 'true');
      assert.equal(edit.metadata.labels[`${RBAC}/aggregate-to-view`], undefined, 'view must stay read-only');
      assert.deepEqual(view.rules[0].verbs, ['get', 'list', 'watch']);
    });

    it('the tenant quota is one ResourceQuota allowing one FlinkDeployment, under the key the extension reads', () => {
      const docs = yaml.loadAll(fs.readFileSync(QUOTA_FILE, 'utf8')).filter(Boolean) as any[];
      assert.equal(docs.length, 1);
      assert.equal(docs[0].apiVersion, 'v1');
      assert.equal(docs[0].kind, 'ResourceQuota');
      assert.equal(docs[0].metadata.namespace, PLACEHOLDER);
      assert.deepEqual(docs[0].spec.hard, { [SESSION_QUOTA_KEY]: '1' });
      assert.equal(SESSION_QUOTA_KEY, 'count/flinkdeployments.flink.apache.org');
    });

    it('the edit aggregation reads, patches and deletes FlinkDeployments but never creates them', () => {
      const [, edit] = docsOf('aggregate-to-builtin-roles.yaml');
      const flink = edit.rules.filter((r: any) => r.resources.includes('flinkdeployments'));
      assert.ok(flink.length > 0);
      for (const r of flink) assert.ok(!r.verbs.includes('create'), JSON.stringify(r));
    });

    it('the README names every manifest and the field manager the extension writes with', () => {
      const readme = fs.readFileSync(path.join(RBAC_DIR, 'README.md'), 'utf8');
      for (const f of yamlFiles()) assert.ok(readme.includes(f), `README.md does not mention ${f}`);
      assert.ok(readme.includes('deploy/quota/session-cluster-quota.yaml'), 'README.md does not mention the tenant quota');
      assert.ok(readme.includes(FIELD_MANAGER));
    });
  });

  describe('kubectl apply', () => {
    it('accepts every manifest in a server dry run, then applies it (server-side, then client-side unchanged)', async () => {
      for (const f of yamlFiles()) {
        const text = inTestNamespace(f);
        const n = docsOf(f).length;
        const dry = await kubectlOk(['apply', '--server-side', '--dry-run=server', '-f', '-'], text);
        assert.equal(dry.match(/serverside-applied \(server dry run\)/g)?.length, n, `${f}: ${dry}`);
        const dryClient = await kubectlOk(['apply', '--dry-run=server', '-f', '-'], text);
        assert.equal(dryClient.match(/\(server dry run\)/g)?.length, n, `${f}: ${dryClient}`);
        const applied = await kubectlOk(['apply', '--server-side', '-f', '-'], text);
        assert.equal(applied.match(/serverside-applied/g)?.length, n, `${f}: ${applied}`);
      }
      const roles = await kubectlOk(['get', 'clusterroles', '-l', 'app.kubernetes.io/name=data-clusters', '-o', 'name']);
      assert.deepEqual(roles.trim().split('\n').sort(), [
        'clusterrole.rbac.authorization.k8s.io/data-clusters-compute-operator',
        'clusterrole.rbac.authorization.k8s.io/data-clusters-flink-edit',
        'clusterrole.rbac.authorization.k8s.io/data-clusters-flink-view',
        'clusterrole.rbac.authorization.k8s.io/data-clusters-read-only',
        'clusterrole.rbac.authorization.k8s.io/data-clusters-session-admin',
      ]);
    });

    it('refuses a manifest with a mistake in it (the check has teeth)', async () => {
      const badKind = inTestNamespace('read-only.yaml').replace('kind: ClusterRole', 'kind: ClusterRoel');
      const kind = await kubectl(['apply', '--server-side', '--dry-run=server', '--validate=false', '-f', '-'], badKind);
      assert.notEqual(kind.code, 0, kind.stdout);
      assert.match(kind.stderr, /ClusterRoel/);
      // The emulator does not check the schema of built-in kinds; a real API server does.
      if (!onRealCluster()) return;
      const badRule = inTestNamespace('read-only.yaml').replace("verbs: ['list']", "verbs: 'list'");
      const rule = await kubectl(['apply', '--server-side', '--dry-run=server', '--validate=false', '-f', '-'], badRule);
      assert.notEqual(rule.code, 0, rule.stdout);
      assert.match(rule.stderr, /verbs/);
    });
  });

  describe('what each role allows, bound by the example RoleBindings', () => {
    const probes = (): Access[] => {
      const seen = new Map<string, Access>();
      for (const a of [...READ, ...COMPUTE, ...SESSION, ...NEVER]) seen.set(key(a), a);
      return [...seen.values()];
    };

    for (const [capability, subject] of Object.entries(SUBJECTS)) {
      it(`${capability} allows exactly what the extension needs for it, in the namespace`, async () => {
        const needs = new Set(subject.needs.map(key));
        const wrong: string[] = [];
        for (const a of probes()) {
          const got = await allowed(subject, a);
          if (got !== needs.has(key(a))) wrong.push(`${got ? 'allowed' : 'denied'}: ${key(a)}`);
        }
        assert.deepEqual(wrong, [], `${subject.role} as ${subject.user}`);
      });
    }

    it('grants nothing outside the bound namespace, and nothing cluster-wide through a RoleBinding', async () => {
      for (const subject of Object.values(SUBJECTS)) {
        assert.equal(await allowed(subject, { verb: 'list', resource: 'configmaps' }, 'default'), false, `${subject.user} in default`);
        assert.equal(await allowed(subject, { verb: 'list', resource: 'configmaps' }, null), false, `${subject.user} cluster-wide`);
        assert.equal(await allowed(subject, { verb: 'list', resource: 'namespaces' }, null), false, `${subject.user} namespaces`);
      }
    });

    it('kubectl auth can-i agrees: read-only may get logs but not delete the driver Deployment', async () => {
      const as = ['--as', SUBJECTS['read-only'].user, '--as-group', 'data-viewers'];
      assert.equal((await kubectl(['auth', 'can-i', 'get', 'pods', '--subresource=log', ...as])).stdout.trim(), 'yes');
      assert.equal((await kubectl(['auth', 'can-i', 'watch', 'configmaps', ...as])).stdout.trim(), 'yes');
      const del = await kubectl(['auth', 'can-i', 'delete', 'deployments.apps', ...as]);
      assert.equal(del.stdout.trim(), 'no');
      assert.notEqual(del.code, 0);
      const operator = ['--as', SUBJECTS['compute-operator'].user];
      assert.equal((await kubectl(['auth', 'can-i', 'delete', 'deployments.apps', ...operator])).stdout.trim(), 'yes');
      assert.equal((await kubectl(['auth', 'can-i', 'create', 'flinkdeployments.flink.apache.org', ...operator])).stdout.trim(), 'no');
    });

    it('a compute operator can create the driver service account, Role and RoleBinding the way Start does; read-only cannot', async () => {
      const manifest = inTestNamespace('spark-driver.yaml');
      await kubectlOk(['delete', '--ignore-not-found', '-f', '-'], manifest);
      const viewer = await kubectl(
        [
          'apply',
          '--server-side',
          `--field-manager=${FIELD_MANAGER}`,
          '--as',
          SUBJECTS['read-only'].user,
          '--as-group',
          'data-viewers',
          '-f',
          '-',
        ],
        manifest,
      );
      assert.notEqual(viewer.code, 0);
      assert.match(viewer.stderr, /forbidden/i);
      const out = await kubectlOk(
        [
          'apply',
          '--server-side',
          `--field-manager=${FIELD_MANAGER}`,
          '--force-conflicts',
          '--as',
          SUBJECTS['compute-operator'].user,
          '-f',
          '-',
        ],
        manifest,
      );
      assert.equal(out.match(/serverside-applied/g)?.length, 3, out);
      const managers = JSON.parse(
        await kubectlOk(['get', 'role', 'data-clusters-spark', '-o', 'json', '--show-managed-fields']),
      ).metadata.managedFields.map((m: any) => m.manager);
      assert.ok(managers.includes(FIELD_MANAGER), managers.join(','));
    });

    describeOnEmulator(
      'with the controller-manager',
      'kube-controller-manager, which aggregates the built-in roles and fills in quota usage',
      () => {
        it('a namespace editor (built-in edit) cannot create FlinkDeployments, so is no session administrator; a session-admin can', async () => {
          const binding = JSON.stringify({
            apiVersion: `${RBAC}/v1`,
            kind: 'RoleBinding',
            metadata: { name: 'data-clusters-test-editor', namespace: ns() },
            roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'edit' },
            subjects: [{ apiGroup: RBAC, kind: 'User', name: EDITOR.user }],
          });
          await kubectlOk(['apply', '-f', '-'], binding);
          try {
            const editor = ['--as', EDITOR.user];
            const can = async (args: string[]) => (await kubectl(['auth', 'can-i', ...args])).stdout.trim();
            assert.equal(await can(['create', 'flinkdeployments.flink.apache.org', ...editor]), 'no');
            assert.equal(await allowed(EDITOR, { verb: 'create', group: 'flink.apache.org', resource: 'flinkdeployments' }), false);
            // What the owner of a session cluster still does with it, and the tenant's session jobs.
            for (const verb of ['get', 'list', 'watch', 'patch', 'delete'])
              assert.equal(await can([verb, 'flinkdeployments.flink.apache.org', ...editor]), 'yes', `edit may ${verb} flinkdeployments`);
            assert.equal(await can(['create', 'flinksessionjobs.flink.apache.org', ...editor]), 'yes');
            const admin = ['--as', SUBJECTS['session-admin'].user, '--as-group', 'data-platform-admins'];
            assert.equal(await can(['create', 'flinkdeployments.flink.apache.org', ...admin]), 'yes');
          } finally {
            await kubectl(['delete', 'rolebinding', 'data-clusters-test-editor', '--ignore-not-found']);
          }
        });

        it('the tenant quota lets a session-admin create one FlinkDeployment in the namespace, and the server refuses a second', async () => {
          // A tenant of its own, bound as the example says: the suite's namespace holds other tests' FlinkDeployments.
          const tenant = `${ns()}-tenant`;
          const created = await t().request('POST', '/api/v1/namespaces', {
            body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: tenant } },
          });
          assert.equal(created.status, 201, JSON.stringify(created.body));
          try {
            const inTenant = (file: string) => fs.readFileSync(file, 'utf8').replaceAll(PLACEHOLDER, tenant);
            await kubectlOk(
              ['apply', '--server-side', '-n', tenant, '-f', '-'],
              inTenant(path.join(RBAC_DIR, 'example-rolebindings.yaml')),
            );
            const quota = inTenant(QUOTA_FILE);
            assert.match(await kubectlOk(['apply', '--server-side', '-n', tenant, '-f', '-'], quota), /serverside-applied/);
            const admin = ['-n', tenant, '--as', SUBJECTS['session-admin'].user, '--as-group', 'data-platform-admins'];
            const deployment = (name: string) =>
              JSON.stringify({
                apiVersion: 'flink.apache.org/v1beta1',
                kind: 'FlinkDeployment',
                metadata: { name },
                spec: {
                  image: 'flink:1.20',
                  flinkVersion: 'v1_20',
                  serviceAccount: 'flink',
                  jobManager: { resource: { cpu: 1, memory: '1024m' } },
                  taskManager: { resource: { cpu: 1, memory: '1024m' } },
                },
              });
            // Admission needs the quota's status.used, which the quota controller fills in.
            const deadline = Date.now() + 30_000;
            const used = async () =>
              JSON.parse(await kubectlOk(['get', 'resourcequota', 'data-clusters-session-clusters', '-n', tenant, '-o', 'json'])).status
                ?.used?.[SESSION_QUOTA_KEY];
            while ((await used()) !== '0') {
              assert.ok(Date.now() < deadline, 'the quota controller reports used');
              await new Promise((r) => setTimeout(r, 100));
            }
            await kubectlOk(['create', '-f', '-', ...admin], deployment('first'));
            const second = await kubectl(['create', '-f', '-', ...admin], deployment('second'));
            assert.notEqual(second.code, 0, second.stdout);
            assert.match(
              second.stderr,
              /flinkdeployments.flink.apache.org "second" is forbidden: exceeded quota: data-clusters-session-clusters, requested: count\/flinkdeployments.flink.apache.org=1, used: count\/flinkdeployments.flink.apache.org=1, limited: count\/flinkdeployments.flink.apache.org=1/,
            );
          } finally {
            await t().request('DELETE', `/api/v1/namespaces/${tenant}`);
          }
        });
      },
    );
  });
});
