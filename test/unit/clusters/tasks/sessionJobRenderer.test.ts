import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import * as yaml from 'js-yaml';
import { jobStatePatch, renderSessionJob, runAgainPatch } from '../../../../src/clusters/session/tasks/sessionJobRenderer';
import { checkJarUri, validateRunParams } from '../../../../src/clusters/session/tasks/taskRunParams';
import type { TaskRunParams } from '../../../../src/clusters/session/tasks/taskTypes';
import { validateAgainstSchema } from '../../../emulator/api/schemaValidator';
import { CRD_DIR } from '../../../emulator/emulator';

const crdSchema = (() => {
  const crd = yaml.load(fs.readFileSync(path.join(CRD_DIR, 'flinksessionjobs.flink.apache.org-v1.yml'), 'utf8')) as any;
  return crd.spec.versions.find((v: any) => v.name === 'v1beta1').schema.openAPIV3Schema;
})();
const schemaErrors = (o: unknown) => validateAgainstSchema(structuredClone(o), crdSchema, '');

const params = (patch: Partial<TaskRunParams> = {}): TaskRunParams => ({
  namespace: 'streaming',
  cluster: 'orders',
  name: 'fraud-detector',
  source: { kind: 'uri', jarURI: 'https://artifacts.example.com/jobs/fraud-1.2.jar' },
  entryClass: 'com.example.fraud.FraudDetectionJob',
  args: ['--window', '5m'],
  parallelism: 2,
  ...patch,
});
const owner = { uid: '11111111-2222-3333-4444-555555555555' };

describe('renderSessionJob', () => {
  it('renders a FlinkSessionJob on the cluster, labelled and owned by its definition, that the CRD schema accepts', () => {
    const o = renderSessionJob(params({ savepointPath: 's3://sp/savepoint-1', allowNonRestoredState: true }), owner);
    assert.deepEqual(schemaErrors(o), []);
    assert.equal(o.apiVersion, 'flink.apache.org/v1beta1');
    assert.equal(o.kind, 'FlinkSessionJob');
    assert.equal(o.metadata.name, 'fraud-detector');
    assert.equal(o.metadata.namespace, 'streaming');
    assert.deepEqual(o.metadata.labels, {
      'app.kubernetes.io/managed-by': 'data-clusters',
      'dataclusters.io/kind': 'session',
      'dataclusters.io/cluster': 'orders',
    });
    assert.deepEqual(o.metadata.ownerReferences, [
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'session.orders', uid: owner.uid, controller: true, blockOwnerDeletion: false },
    ]);
    assert.deepEqual(o.spec, {
      deploymentName: 'orders',
      job: {
        jarURI: 'https://artifacts.example.com/jobs/fraud-1.2.jar',
        entryClass: 'com.example.fraud.FraudDetectionJob',
        args: ['--window', '5m'],
        parallelism: 2,
        upgradeMode: 'savepoint',
        state: 'running',
        initialSavepointPath: 's3://sp/savepoint-1',
        allowNonRestoredState: true,
      },
    });
  });

  it('starts clean as stateless without a savepoint, and leaves out what is not set', () => {
    const o = renderSessionJob(params({ savepointPath: 's3://sp/1', upgradeMode: 'last-state', entryClass: undefined }), owner, {
      clean: true,
      restartNonce: 3,
    });
    assert.deepEqual(schemaErrors(o), []);
    assert.equal(o.spec.job.upgradeMode, 'stateless');
    assert.equal('initialSavepointPath' in o.spec.job, false);
    assert.equal('entryClass' in o.spec.job, false);
    assert.equal(o.spec.restartNonce, 3);
  });

  it('refuses parameters that do not validate', () => {
    assert.throws(() => renderSessionJob(params({ name: 'Fraud_Detector' }), owner), /name/);
    assert.throws(() => renderSessionJob(params({ name: 'a'.repeat(64) }), owner), /name/);
    assert.throws(() => renderSessionJob(params({ parallelism: 0 }), owner), /parallelism/);
    assert.throws(() => renderSessionJob(params({ source: { kind: 'uri', jarURI: 'ftp://host/job.jar' } }), owner), /ftp/);
    assert.throws(() => renderSessionJob(params({ args: ['ok', 1 as unknown as string] }), owner), /args/);
    assert.throws(() => renderSessionJob(params({ source: { kind: 'jar', path: '/w/job.jar' } }), owner));
  });

  it('renders every valid run as an object the CRD schema accepts (property)', () => {
    const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
    const uri = fc.oneof(
      fc
        .tuple(fc.constantFrom('https', 'http', 's3', 's3a', 'gs', 'hdfs'), fc.domain(), fc.webSegment())
        .map(([s, h, p]) => `${s}://${h}/${p}.jar`),
      fc.webSegment().map((p) => `local:///opt/flink/usrlib/${p}.jar`),
    );
    fc.assert(
      fc.property(
        fc.record({
          name: label,
          cluster: label,
          jarURI: uri,
          entryClass: fc.option(fc.stringMatching(/^[a-z][a-z0-9]{0,8}(\.[A-Z][A-Za-z0-9]{0,8}){1,3}$/), { nil: undefined }),
          args: fc.array(
            fc.string({ maxLength: 40 }).filter((a) => !a.includes('\0')),
            { maxLength: 6 },
          ),
          parallelism: fc.option(fc.integer({ min: 1, max: 1024 }), { nil: undefined }),
          savepointPath: fc.option(
            fc.webSegment().map((s) => `s3://savepoints/${s || 'sp'}`),
            { nil: undefined },
          ),
          allowNonRestoredState: fc.option(fc.boolean(), { nil: undefined }),
          upgradeMode: fc.option(fc.constantFrom('stateless' as const, 'savepoint' as const, 'last-state' as const), { nil: undefined }),
          clean: fc.boolean(),
          nonce: fc.option(fc.nat(), { nil: undefined }),
        }),
        (r) => {
          const p = params({ ...r, source: { kind: 'uri', jarURI: r.jarURI } });
          assert.deepEqual(validateRunParams(p), []);
          const o = renderSessionJob(p, owner, { clean: r.clean, restartNonce: r.nonce });
          assert.deepEqual(schemaErrors(o), []);
          assert.equal(o.spec.deploymentName, r.cluster);
          assert.equal(o.spec.job.state, 'running');
          const patched = { ...o, metadata: { ...o.metadata, resourceVersion: '7' }, spec: { ...o.spec, restartNonce: r.nonce } };
          const patch = runAgainPatch(p, patched, r.clean);
          assert.equal(patch.spec.restartNonce, (r.nonce ?? 0) + 1);
          // The patch applied gives an object the schema accepts too (nulls remove fields).
          const job = Object.fromEntries(Object.entries(patch.spec.job).filter(([, v]) => v !== null));
          assert.deepEqual(schemaErrors({ ...o, spec: { ...o.spec, restartNonce: patch.spec.restartNonce, job } }), []);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('runAgainPatch and jobStatePatch', () => {
  it('bumps the restart nonce, preconditions on the resourceVersion and clears the savepoint for a clean start', () => {
    const current = { metadata: { resourceVersion: '42' }, spec: { restartNonce: 4 } };
    const p = runAgainPatch(params({ savepointPath: 's3://sp/1' }), current, false);
    assert.equal(p.metadata.resourceVersion, '42');
    assert.equal(p.spec.restartNonce, 5);
    assert.equal(p.spec.job.initialSavepointPath, 's3://sp/1');
    assert.equal(p.spec.job.upgradeMode, 'savepoint');
    const clean = runAgainPatch(params({ savepointPath: 's3://sp/1' }), { metadata: { resourceVersion: '1' } }, true);
    assert.equal(clean.spec.restartNonce, 1);
    assert.equal(clean.spec.job.initialSavepointPath, null);
    assert.equal(clean.spec.job.upgradeMode, 'stateless');
    assert.deepEqual(jobStatePatch('suspended'), { spec: { job: { state: 'suspended' } } });
  });
});

describe('checkJarUri', () => {
  it('accepts the schemes Flink fetches and says what the operator fetches only when configured', () => {
    assert.deepEqual(checkJarUri('https://repo.example.com/a/job.jar'), { errors: [], warnings: [] });
    assert.deepEqual(checkJarUri('local:///opt/flink/examples/streaming/StateMachineExample.jar'), { errors: [], warnings: [] });
    const http = checkJarUri('http://repo.example.com/job.jar');
    assert.deepEqual(http.errors, []);
    assert.match(http.warnings.join(' '), /https only/);
    const s3 = checkJarUri('s3://bucket/jobs/job.jar');
    assert.deepEqual(s3.errors, []);
    assert.match(s3.warnings.join(' '), /file system plugin/);
  });

  it('warns of private and loopback hosts, which the operator refuses by default', () => {
    for (const host of ['127.0.0.1', 'localhost', '10.1.2.3', '192.168.0.10', '172.20.0.1', '[::1]', 'artifacts.tools.svc.cluster.local'])
      assert.match(checkJarUri(`https://${host}/job.jar`).warnings.join(' '), /private and loopback/, host);
    assert.equal(checkJarUri('https://8.8.8.8/job.jar').warnings.length, 0);
  });

  it('refuses what is not a jar URI', () => {
    assert.match(checkJarUri('').errors[0], /required/);
    assert.match(checkJarUri('/home/me/job.jar').errors[0], /scheme/);
    assert.match(checkJarUri('ftp://host/job.jar').errors[0], /ftp/);
    assert.match(checkJarUri('local:job.jar').errors[0], /absolute path/);
    assert.match(checkJarUri('https:///job.jar').errors.join(' '), /host|valid/);
  });
});
