/**
 * Content-Security-Policy violations a page sees, on every page: each is reported to the extension
 * (`panel.cspViolation`, counted and logged there) and counted on `body[data-csp-violations]`, so
 * tests can assert there were none. Call it before anything renders.
 */
import { CSP_LIMITS } from '../../shared/protocol/common';

export function reportCspViolations(report: (violation: { readonly directive: string; readonly blocked: string }) => void): void {
  let count = 0;
  document.body.dataset.cspViolations = '0';
  document.addEventListener('securitypolicyviolation', (e) => {
    count++;
    document.body.dataset.cspViolations = String(count);
    report({
      directive: e.violatedDirective.slice(0, CSP_LIMITS.directive),
      blocked: String(e.blockedURI).slice(0, CSP_LIMITS.blocked),
    });
  });
}
