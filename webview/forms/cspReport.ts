/**
 * Content-Security-Policy violations the form page sees: each is reported to the extension
 * (`panel.cspViolation`, counted and logged there) and counted on `body[data-csp-violations]`, as
 * the cluster page does, so tests can assert there were none.
 */
import { CSP_LIMITS } from '../../shared/protocol/common';
import type { FormPage } from '../../shared/protocol/formPage';
import type { PageClient } from '../common/client';

export function reportCspViolations(client: PageClient<FormPage>): void {
  let count = 0;
  document.body.dataset.cspViolations = '0';
  document.addEventListener('securitypolicyviolation', (e) => {
    count++;
    document.body.dataset.cspViolations = String(count);
    void client.request('panel.cspViolation', {
      directive: e.violatedDirective.slice(0, CSP_LIMITS.directive),
      blocked: String(e.blockedURI).slice(0, CSP_LIMITS.blocked),
    });
  });
}
