/**
 * What every page's protocol has: the panel's identity after `ready`, its first paint, and the
 * Content-Security-Policy violations it saw (counted by the host; tests assert none). Also the small
 * schemas both pages build their messages from.
 */
import { obj, str } from './schema';

export const text = (max = 1000) => str({ max });
export const isoTime = str({ max: 64 });
export const empty = obj({});
const panelKey = str({ min: 1, max: 300 });
/** How much of a CSP violation a page reports (it cuts to these; the protocol checks them). */
export const CSP_LIMITS = { directive: 200, blocked: 500 } as const;

/** page → extension, on every page. */
export const COMMON_REQUESTS = {
  /** The page painted the cluster's data for the first time (the panel-open benchmark's end mark). */
  'panel.painted': { args: empty, result: empty },
  /** A `securitypolicyviolation` the page saw: counted and logged by the extension (tests assert none). */
  'panel.cspViolation': { args: obj({ directive: text(CSP_LIMITS.directive), blocked: text(CSP_LIMITS.blocked) }), result: empty },
} as const;

/** extension → page, on every page. */
export const COMMON_NOTIFICATIONS = {
  /** First message after `ready`: who the panel is. The page saves the key for restoring after a reload. */
  'panel.init': { body: obj({ key: panelKey, title: str({ max: 300 }) }) },
} as const;
