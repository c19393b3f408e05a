/**
 * Translations for the page. The extension embeds the display language's bundle as a JSON data
 * block (never executed); configuring here, at import time, means every `l10n.t` (from
 * `@vscode/l10n`, in pages and in the shared src/ modules they bundle) after it translates.
 * Import this module first in each page entry, and call `l10n.t` inside functions, not at module
 * top level, so no string is looked up before the bundle is in place.
 */
import * as l10n from '@vscode/l10n';

const block = document.getElementById('l10n-bundle');
if (block?.textContent) {
  try {
    const bundle: unknown = JSON.parse(block.textContent);
    if (bundle && typeof bundle === 'object' && Object.values(bundle).every((v) => typeof v === 'string'))
      l10n.config({ contents: bundle as Record<string, string> });
  } catch {
    // A malformed bundle leaves the page in English rather than blank.
  }
}
