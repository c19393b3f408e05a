import * as assert from 'node:assert/strict';
import { defaultComputeSpec } from '../../../shared/clusters/computeSpec';
import { BUILTIN_NODE_TYPES } from '../../../shared/clusters/nodeTypes';
import { isSecretKey, MASK, revealSparkValue, sparkConfigEntries } from '../../../src/panels/sparkConfig';

describe('Configuration tab data', () => {
  const spec = {
    ...defaultComputeSpec('sales-etl', 'analytics', BUILTIN_NODE_TYPES),
    sparkConf: { 'spark.sql.shuffle.partitions': '64', 'spark.hadoop.fs.s3a.secret.key': 's3cr3t', 'spark.ssl.keyPassword': 'pw' },
    env: { API_TOKEN: 'tok' },
  };
  const entries = sparkConfigEntries(spec, BUILTIN_NODE_TYPES);
  const by = Object.fromEntries(entries.map((e) => [e.key, e]));

  it('lists every active key with its source, custom values first', () => {
    assert.equal(by['spark.sql.shuffle.partitions'].source, 'custom');
    assert.equal(by['spark.sql.shuffle.partitions'].value, '64');
    assert.equal(by['spark.master'].source, 'system');
    assert.equal(by['spark.dynamicAllocation.maxExecutors'].value, '2');
    const firstSystem = entries.findIndex((e) => e.source === 'system');
    assert.ok(entries.slice(0, firstSystem).every((e) => e.source === 'custom'));
  });

  it('masks secret-looking values and reveals them on request only', () => {
    for (const k of ['spark.hadoop.fs.s3a.secret.key', 'spark.ssl.keyPassword', 'spark.executorEnv.API_TOKEN']) {
      assert.equal(by[k].secret, true, k);
      assert.equal(by[k].value, MASK, k);
    }
    assert.ok(!JSON.stringify(entries).includes('s3cr3t'));
    assert.equal(revealSparkValue(spec, BUILTIN_NODE_TYPES, 'spark.hadoop.fs.s3a.secret.key'), 's3cr3t');
    assert.equal(revealSparkValue(spec, BUILTIN_NODE_TYPES, 'spark.nope'), undefined);
    assert.equal(revealSparkValue(spec, BUILTIN_NODE_TYPES, '__proto__'), undefined);
  });

  it('tells secret keys', () => {
    for (const k of ['password', 'spark.x.passwd', 'my.secret', 'github.token', 'aws.accessKey', 'credentials.file'])
      assert.ok(isSecretKey(k), k);
    for (const k of ['spark.master', 'spark.sql.shuffle.partitions', 'spark.executor.memory']) assert.ok(!isSecretKey(k), k);
  });
});
