/**
 * package.json contributions are localized by VS Code itself: a user-facing field holds `%key%`
 * and package.nls.json (package.nls.<locale>.json for other languages) holds the text. This module
 * lists the fields that must be keys and finds literal text, missing keys and unused keys.
 */
import { looksLikeSentence } from './l10nChecker';

/**
 * JSON paths (`*` any key, `[]` any element) of the fields people read: the marketplace entry,
 * titles in views and the Command Palette, welcome content, walkthroughs and the Settings editor.
 */
export const USER_FACING_PACKAGE_FIELDS: readonly string[] = [
  'displayName',
  'description',
  'contributes.commands[].title',
  'contributes.commands[].shortTitle',
  'contributes.commands[].category',
  'contributes.viewsContainers.*[].title',
  'contributes.views.*[].name',
  'contributes.views.*[].contextualTitle',
  'contributes.viewsWelcome[].contents',
  'contributes.configuration.title',
  'contributes.configuration[].title',
  'contributes.configuration.properties.*.description',
  'contributes.configuration.properties.*.markdownDescription',
  'contributes.configuration.properties.*.enumDescriptions[]',
  'contributes.configuration.properties.*.markdownEnumDescriptions[]',
  'contributes.configuration.properties.*.deprecationMessage',
  'contributes.configuration.properties.*.markdownDeprecationMessage',
  'contributes.configuration.properties.*.patternErrorMessage',
  'contributes.walkthroughs[].title',
  'contributes.walkthroughs[].description',
  'contributes.walkthroughs[].steps[].title',
  'contributes.walkthroughs[].steps[].description',
  'contributes.walkthroughs[].steps[].media.altText',
  'contributes.submenus[].label',
  'contributes.keybindings[].description',
  'contributes.taskDefinitions[].properties.*.description',
];

/** Fields that hold identifiers, expressions or paths, so the catch-all sentence test skips them. */
const CODE_FIELDS = new Set(['id', 'command', 'when', 'enablement', 'group', 'icon', 'view', 'type', 'scope', 'pattern', 'markdown']);

/** Every string in the value with its JSON path, e.g. `contributes.commands[3].title`. */
function strings(value: unknown, path: string, out: { path: string; field: string; text: string }[]): void {
  if (typeof value === 'string')
    out.push({
      path,
      field:
        path
          .replace(/\[\d+\]$/, '')
          .split('.')
          .pop() ?? '',
      text: value,
    });
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) strings(v, path ? `${path}.${k}` : k, out);
}

function matches(pattern: string, path: string): boolean {
  const re = pattern
    .split('.')
    .map((part) =>
      part
        .replace(/[[\]]/g, (b) => '\\' + b)
        .replace(/\\\[\\\]/g, '\\[\\d+\\]')
        .replace(/^\*/, '[^.]+'),
    )
    .join('\\.');
  return new RegExp(`^${re}$`).test(path);
}

/** Problems with package.json's localization, each naming the JSON path or the nls key. */
export function packageNlsProblems(pkg: Record<string, unknown>, nls: Record<string, string>): string[] {
  const problems: string[] = [];
  const used = new Set<string>();
  const all: { path: string; field: string; text: string }[] = [];
  strings({ displayName: pkg.displayName, description: pkg.description, contributes: pkg.contributes }, '', all);
  for (const s of all) {
    const key = /^%([^%]+)%$/.exec(s.text)?.[1];
    if (key) {
      used.add(key);
      if (nls[key] === undefined) problems.push(`${s.path}: ${s.text} is not a key of package.nls.json`);
      continue;
    }
    if (USER_FACING_PACKAGE_FIELDS.some((p) => matches(p, s.path)))
      problems.push(`${s.path}: "${s.text}" is literal text; use %key% and package.nls.json`);
    // Anything else user-facing this list does not know yet: prose in a field that is not code.
    else if (!CODE_FIELDS.has(s.field) && looksLikeSentence(s.text))
      problems.push(`${s.path}: "${s.text}" reads as prose; use %key% and package.nls.json (or add the field to the list)`);
  }
  for (const key of Object.keys(nls)) if (!used.has(key)) problems.push(`package.nls.json: ${key} is not used by package.json`);
  return problems;
}
