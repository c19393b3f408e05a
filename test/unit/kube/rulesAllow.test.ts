import * as assert from 'node:assert/strict';
import { rulesAllow } from '../../../src/kube/access';

describe('rulesAllow (RBAC rules of a SelfSubjectRulesReview)', () => {
  const rules = [
    { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods', 'pods/log'] },
    { verbs: ['patch'], apiGroups: ['apps'], resources: ['deployments'] },
    { verbs: ['*'], apiGroups: ['flink.apache.org'], resources: ['*'] },
    { verbs: ['update'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['compute.etl'] },
  ];

  it('matches verb, group and resource, with * as a wildcard', () => {
    assert.equal(rulesAllow(rules, { verb: 'list', resource: 'pods' }), true);
    assert.equal(rulesAllow(rules, { verb: 'delete', resource: 'pods' }), false);
    assert.equal(rulesAllow(rules, { verb: 'patch', group: 'apps', resource: 'deployments' }), true);
    assert.equal(rulesAllow(rules, { verb: 'patch', resource: 'deployments' }), false, 'the core group is not apps');
    assert.equal(rulesAllow(rules, { verb: 'delete', group: 'flink.apache.org', resource: 'flinksessionjobs' }), true);
  });

  it('names a subresource as resource/subresource, and a rule on the resource does not cover it', () => {
    assert.equal(rulesAllow(rules, { verb: 'get', resource: 'pods', subresource: 'log' }), true);
    assert.equal(rulesAllow(rules, { verb: 'create', resource: 'pods', subresource: 'portforward' }), false);
    assert.equal(
      rulesAllow([{ verbs: ['create'], apiGroups: [''], resources: ['*/portforward'] }], {
        verb: 'create',
        resource: 'pods',
        subresource: 'portforward',
      }),
      true,
    );
  });

  it('limits a rule with resourceNames to those names', () => {
    assert.equal(rulesAllow(rules, { verb: 'update', resource: 'configmaps', name: 'compute.etl' }), true);
    assert.equal(rulesAllow(rules, { verb: 'update', resource: 'configmaps' }), false, 'any configmap is more than one name');
  });
});
