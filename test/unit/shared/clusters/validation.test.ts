import * as assert from 'node:assert/strict';
import { RESERVED_SPARK_CONF, RESERVED_SPARK_CONF_REASONS, validateSparkKey } from '../../../../shared/clusters/computeSpec';
import {
  validateImage,
  validateKeyRows,
  validateMaven,
  validateMinutes,
  validateQuantity,
  validateSecretRef,
} from '../../../../shared/clusters/validation';
import { plainRow } from '../../../../shared/forms/formModel';

const first = (errors: { message: string }[]) => errors[0]?.message ?? '';

describe('form validation rules (each invalid value gets a message naming its rule)', () => {
  describe('quantities', () => {
    for (const ok of ['50Gi', '500m', '1.5', '1e3', '100Ki', '2T'])
      it(`accepts ${ok}`, () => assert.deepEqual(validateQuantity(ok, 'v'), []));
    for (const [bad, rule] of [
      ['4 cores', /no space/],
      ['-1Gi', /cannot be negative/],
      ['', /empty/],
      ['   ', /empty/],
      ['10GB', /number with an optional unit/],
      ['Gi', /number with an optional unit/],
      ['1.2.3Gi', /number with an optional unit/],
      ['ten', /number with an optional unit/],
    ] as const)
      it(`refuses ${JSON.stringify(bad)}`, () => assert.match(first(validateQuantity(bad, 'volumeSize')), rule));
  });

  describe('auto-scaling timeout (1 min .. 3 h)', () => {
    for (const ok of ['1', '30', '180', 60]) it(`accepts ${ok}`, () => assert.deepEqual(validateMinutes(ok, 't', 1, 180), []));
    for (const [bad, rule] of [
      ['0', /too short/],
      ['181', /too long/],
      ['1000', /too long/],
      ['-5', /Whole minutes/],
      ['1.5', /Whole minutes/],
      ['30m', /Whole minutes/],
      ['', /Whole minutes/],
    ] as const)
      it(`refuses ${JSON.stringify(bad)}`, () => assert.match(first(validateMinutes(bad, 'idleTimeoutMinutes', 1, 180)), rule));
  });

  describe('Maven coordinates', () => {
    for (const ok of ['org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.6.1', 'g:a:1.0:jar', 'g:a:1:jar:tests'])
      it(`accepts ${ok}`, () => assert.deepEqual(validateMaven(ok, 'p'), []));
    for (const bad of ['iceberg', 'org.apache:iceberg', 'g:a:', 'g::1.0', 'g a:b:1', 'g:a:1:b:c:d', 'https://repo/x.jar'])
      it(`refuses ${JSON.stringify(bad)}`, () => assert.match(first(validateMaven(bad, 'packages[0]')), /groupId:artifactId:version/));
  });

  describe('image references', () => {
    for (const ok of ['apache/spark:3.5.3', 'registry.example.com:5000/team/spark:3.5', 'flink', `flink@sha256:${'a'.repeat(64)}`])
      it(`accepts ${ok}`, () => assert.deepEqual(validateImage(ok), []));
    for (const [bad, rule] of [
      ['', /required/],
      ['apache/spark 3.5', /contains a space/],
      ['Apache/Spark:3.5', /lower-case/],
      ['apache/spark:', /valid image reference/],
      ['apache//spark', /valid image reference/],
      ['apache/spark:tag@sha256:123', /valid image reference/],
      [`${'a'.repeat(256)}`, /at most 255/],
    ] as const)
      it(`refuses ${JSON.stringify(bad.length > 40 ? `${bad.length} characters` : bad)}`, () =>
        assert.match(first(validateImage(bad)), rule));
  });

  describe('key/value rows', () => {
    it('refuses an empty key, a duplicate key and an empty value, each on its row', () => {
      const errors = validateKeyRows([plainRow('A', '1'), plainRow('', 'x'), plainRow('A', '2'), plainRow('B', ' ')], 'env', {
        what: 'variable name',
      });
      assert.deepEqual(
        errors.map((e) => e.field),
        ['env[1].key', 'env[2].key', 'env[3].value'],
      );
      assert.match(errors[0].message, /variable name is empty/);
      assert.match(errors[1].message, /Duplicate variable name "A" \(also in row 1\)/);
      assert.match(errors[2].message, /value is empty/);
    });
    it('does not ask a value of a row taken from a Secret', () =>
      assert.deepEqual(validateKeyRows([{ ...plainRow('TOKEN', ''), fromSecret: true }], 'env'), []));
    it('checks Secret references', () => {
      assert.deepEqual(validateSecretRef({ secret: 'db-creds', key: 'password' }, 'env[0]'), []);
      assert.match(first(validateSecretRef({ secret: '', key: 'x' }, 'env[0]')), /Choose or type the Secret/);
      assert.match(first(validateSecretRef({ secret: 'Bad_Name', key: 'x' }, 'env[0]')), /not a Secret name/);
      assert.match(first(validateSecretRef({ secret: 'ok', key: 'a b' }, 'env[0]')), /not a Secret key/);
    });
  });

  describe('reserved Spark keys', () => {
    it('has a reason for every reserved key', () =>
      assert.deepEqual(Object.keys(RESERVED_SPARK_CONF_REASONS).sort(), [...RESERVED_SPARK_CONF].sort()));
    for (const k of RESERVED_SPARK_CONF)
      it(`refuses ${k} with why`, () =>
        assert.match(first(validateSparkKey(k, 'sparkConf[0].key')), new RegExp(`${k.replace(/\./g, '\\.')} is reserved: .+`)));
    it('refuses keys that are not Spark settings', () => {
      for (const bad of ['shuffle.partitions', 'spark.', 'spark.a b', 'SPARK.sql'])
        assert.match(first(validateSparkKey(bad, 'k')), /not a Spark setting/);
    });
    it('accepts ordinary Spark settings', () => assert.deepEqual(validateSparkKey('spark.sql.shuffle.partitions', 'k'), []));
  });
});
