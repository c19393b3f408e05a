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
      // A tab of the same id may answer on one kind of panel only (Diagnose is the compute panel's).
      type Factory = (ctx: TabContext) => { handlers?: Record<string, unknown>; dispose(): void };
      const answering = kinds.filter((kind) => {
        const host = (TAB_HOSTS[kind] as Record<string, Factory>)[tab]!(inertContext);
        try {
          return typeof host.handlers?.[name] === 'function';
        } finally {
          host.dispose();
        }
      });
      assert.ok(answering.length > 0, `no ${tab} tab answers ${name}`);
    }
  });
});
