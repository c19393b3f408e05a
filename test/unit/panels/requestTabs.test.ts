import * as assert from 'node:assert/strict';
import { CLUSTER_PAGE } from '../../../shared/protocol/clusterPage';
import type { TabContext } from '../../../src/panels/cluster/tab';
import { isPanelRequest, REQUEST_TABS, TAB_HOSTS } from '../../../src/panels/cluster/tabs';

/** A context whose every member, called or read, is again inert: enough to build a tab's host half. */
const inert: unknown = new Proxy(function () {}, {
  get: (_t, p) => (p === Symbol.toPrimitive ? () => 'inert' : p === 'then' ? undefined : inert),
  apply: () => inert,
});
const inertContext = inert as TabContext;

describe('cluster panel: who answers each request', () => {
  it('every request of the page is the panel’s own or names a tab that answers it', () => {
    for (const name of Object.keys(CLUSTER_PAGE.requests) as (keyof typeof CLUSTER_PAGE.requests)[]) {
      if (isPanelRequest(name)) continue;
      const tab = REQUEST_TABS[name];
      const kinds = (['compute', 'session'] as const).filter((k) => tab in TAB_HOSTS[k]);
      assert.ok(kinds.length > 0, `${name} belongs to ${tab}, which no panel has`);
      for (const kind of kinds) {
        const host = (TAB_HOSTS[kind] as Record<string, (ctx: TabContext) => { handlers?: Record<string, unknown>; dispose(): void }>)[
          tab
        ]!(inertContext);
        try {
          assert.equal(typeof host.handlers?.[name], 'function', `the ${kind} panel's ${tab} tab answers ${name}`);
        } finally {
          host.dispose();
        }
      }
    }
  });
});
