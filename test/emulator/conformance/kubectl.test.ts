import * as assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { conformanceTarget, describeOnEmulator } from './target';

const KUBECTL = process.env.KUBECTL ?? 'kubectl';

/** Runs the real kubectl against the target; resolves with stdout, rejects with stderr. */
function kubectl(args: string[], input?: string): Promise<string> {
  const t = conformanceTarget();
  return new Promise((resolve, reject) => {
    const child = execFile(
      KUBECTL,
      ['--kubeconfig', t.kubeconfigFile, '-n', t.namespace, ...args],
      { timeout: 30_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`kubectl ${args.join(' ')} failed: ${stderr || err.message}`));
        else resolve(stdout);
      },
    );
    if (input !== undefined) child.stdin!.end(input);
  });
}

const manifest = (name: string, replicas = 1, image = 'nginx:1.27') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: {suite: kubectl}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
      - name: main
        image: ${image}
`;

describe('kubectl against the target', function () {
  this.timeout(60_000);
  let dir: string;
  before(function () {
    try {
      fs.accessSync('/usr/bin/kubectl', fs.constants.X_OK);
    } catch {
      // The suite drives the real kubectl: without one it fails rather than passing over it.
      if (!process.env.KUBECTL) throw new Error('kubectl is not installed at /usr/bin/kubectl (set KUBECTL to its path)');
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-kubectl-'));
  });

  it('apply creates, re-apply is unchanged, and an edit is configured', async () => {
    const file = path.join(dir, 'web.yaml');
    fs.writeFileSync(file, manifest('k-web'));
    assert.match(await kubectl(['apply', '-f', file]), /deployment.apps\/k-web created/);
    assert.match(await kubectl(['apply', '-f', file]), /deployment.apps\/k-web unchanged/);
    fs.writeFileSync(file, manifest('k-web', 2));
    assert.match(await kubectl(['apply', '-f', file]), /deployment.apps\/k-web configured/);
    assert.equal(await kubectl(['get', 'deploy', 'k-web', '-o', 'jsonpath={.spec.replicas}']), '2');
  });

  it('apply --server-side records kubectl as field manager', async () => {
    const out = await kubectl(['apply', '--server-side', '-f', '-'], manifest('k-ssa'));
    assert.match(out, /serverside-applied/);
    const managers = JSON.parse(
      await kubectl(['get', 'deploy', 'k-ssa', '-o', 'json', '--show-managed-fields']),
    ).metadata.managedFields.map((m: any) => `${m.manager}/${m.operation}`);
    assert.ok(managers.includes('kubectl/Apply'), managers.join(','));
  });

  it('get prints server-side tables and describe shows the object', async () => {
    await kubectl(['apply', '-f', '-'], manifest('k-table'));
    const table = await kubectl(['get', 'deploy', 'k-table']);
    assert.match(table, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE/m);
    assert.match(table, /^k-table\s+/m);
    const described = await kubectl(['describe', 'deploy', 'k-table']);
    assert.match(described, /Name:\s+k-table/);
    assert.match(described, /Image:\s+nginx:1.27/);
  });

  it('patch (merge and json) and scale', async () => {
    await kubectl(['create', 'configmap', 'k-cm', '--from-literal=a=1', '--dry-run=client', '-o', 'yaml']).then((y) =>
      kubectl(['apply', '-f', '-'], y),
    );
    await kubectl(['patch', 'configmap', 'k-cm', '--type=merge', '-p', '{"data":{"b":"2"}}']);
    await kubectl(['patch', 'configmap', 'k-cm', '--type=json', '-p', '[{"op":"remove","path":"/data/a"}]']);
    assert.equal(await kubectl(['get', 'cm', 'k-cm', '-o', 'jsonpath={.data}']), '{"b":"2"}');
    await kubectl(['apply', '-f', '-'], manifest('k-scale'));
    assert.match(await kubectl(['scale', 'deploy/k-scale', '--replicas=3']), /scaled/);
    assert.equal(await kubectl(['get', 'deploy', 'k-scale', '-o', 'jsonpath={.spec.replicas}']), '3');
  });

  it('auth can-i answers from RBAC', async () => {
    assert.equal((await kubectl(['auth', 'can-i', 'create', 'configmaps'])).trim(), 'yes');
    const t = conformanceTarget();
    const denied = await new Promise<string>((resolve) => {
      execFile(
        KUBECTL,
        ['--kubeconfig', t.kubeconfigFile, '-n', t.namespace, 'auth', 'can-i', 'delete', 'pods', '--as', 'nobody-at-all@example.com'],
        (_e, stdout) => resolve(stdout.trim()),
      );
    });
    assert.equal(denied, 'no');
  });

  it('auth can-i --list prints the rules of a SelfSubjectRulesReview', async () => {
    const out = await kubectl(['auth', 'can-i', '--list', '--as', 'nobody-at-all@example.com']);
    assert.match(out, /^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs/);
    assert.match(out, /selfsubjectrulesreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]/);
    assert.match(out, /\[\/version\]\s+\[\]\s+\[get\]/);
  });

  describeOnEmulator('behaviour seen through kubectl (emulator)', 'the controller-manager, a kubelet and pod logs', () => {
    it('delete --cascade=foreground removes the deployment and what it owns', async () => {
      await kubectl(['apply', '-f', '-'], manifest('k-del'));
      await kubectl(['delete', 'deploy', 'k-del', '--cascade=foreground', '--timeout=30s']);
      const left = await kubectl(['get', 'deploy,rs', '-l', 'app=k-del', '-o', 'name']);
      assert.equal(left.trim(), '');
    });

    it('wait --for=condition=Available returns once the pods are ready', async () => {
      await kubectl(['apply', '-f', '-'], manifest('k-wait', 2));
      assert.match(await kubectl(['wait', '--for=condition=Available', 'deploy/k-wait', '--timeout=30s']), /condition met/);
      const pods = await kubectl(['get', 'pods', '-l', 'app=k-wait', '--no-headers']);
      assert.equal(
        pods
          .trim()
          .split('\n')
          .filter((l) => /1\/1\s+Running/.test(l)).length,
        2,
      );
    });

    it('get -w streams changes as they happen', async () => {
      await kubectl(['apply', '-f', '-'], manifest('k-watch'));
      const t = conformanceTarget();
      const child = spawn(KUBECTL, ['--kubeconfig', t.kubeconfigFile, '-n', t.namespace, 'get', 'deploy', 'k-watch', '-w', '--no-headers']);
      let out = '';
      child.stdout.on('data', (c) => (out += c));
      await new Promise((r) => setTimeout(r, 1000));
      await kubectl(['scale', 'deploy/k-watch', '--replicas=3']);
      const deadline = Date.now() + 15_000;
      while (!/3\/3/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      child.kill();
      assert.match(out, /k-watch\s+\d\/1/);
      assert.match(out, /k-watch\s+3\/3/);
    });

    it('logs -f follows a pod and prints new lines', async () => {
      await kubectl(['apply', '-f', '-'], manifest('k-logs'));
      await kubectl(['wait', '--for=condition=Available', 'deploy/k-logs', '--timeout=30s']);
      const t = conformanceTarget();
      const pod = (await kubectl(['get', 'pods', '-l', 'app=k-logs', '-o', 'jsonpath={.items[0].metadata.name}'])).trim();
      const child = spawn(KUBECTL, ['--kubeconfig', t.kubeconfigFile, '-n', t.namespace, 'logs', '-f', pod]);
      let out = '';
      child.stdout.on('data', (c) => (out += c));
      await new Promise((r) => setTimeout(r, 500));
      const uid = t.emulator!.api.get(t.emulator!.api.mustType('', 'pods'), t.namespace, pod).metadata.uid;
      t.emulator!.logs.append(uid, 'main', 'a line written after kubectl started following');
      const deadline = Date.now() + 10_000;
      while (!out.includes('after kubectl started following') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      child.kill();
      assert.match(out, /listening/);
      assert.match(out, /a line written after kubectl started following/);
    });

    it('describe pod lists its events', async () => {
      await kubectl(['apply', '-f', '-'], manifest('k-events'));
      await kubectl(['wait', '--for=condition=Available', 'deploy/k-events', '--timeout=30s']);
      const described = await kubectl(['describe', 'pods', '-l', 'app=k-events']);
      for (const reason of ['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started'])
        assert.match(described, new RegExp(`Normal\\s+${reason}`));
    });
  });
});
