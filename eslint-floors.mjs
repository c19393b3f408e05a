// The floors of the house and what each may import (ARCHITECTURE.md, "The floors").
// One ESLint rule reads this table: an import that reaches a folder its floor may not see is an error.
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(fileURLToPath(import.meta.url));

/**
 * Each floor: the folder it covers (the longest match wins), the folders it may import from, and
 * which packages: `vscode: false` keeps the VS Code API out, `node: false` Node's built-ins,
 * `packages` (when given) is the whole list of packages allowed.
 */
export const FLOORS = [
  { floor: 'shared', may: ['shared'], packages: ['@vscode/l10n'], vscode: false, node: false },
  { floor: 'webview', may: ['webview', 'shared'], vscode: false, node: false },
  { floor: 'src/common', may: ['src/common'], vscode: false },
  { floor: 'src/kube', may: ['src/kube', 'src/common'], vscode: false },
  { floor: 'src/clusters', may: ['src/clusters', 'src/kube', 'src/common', 'shared'], vscode: false },
  { floor: 'src/connections', may: ['src/connections', 'src/clusters', 'src/kube', 'src/common', 'shared'], vscode: false },
  // SQL on both engines: the engines and what runs statements, without VS Code. The protocol
  // clients under it know only their protocol (no clusters, no Kubernetes).
  { floor: 'src/sql', may: ['src/sql', 'src/clusters', 'src/kube', 'src/common', 'shared'], vscode: false },
  { floor: 'src/sql/sparkConnect', may: ['src/sql/sparkConnect', 'src/common', 'shared'], vscode: false },
  { floor: 'src/sql/flinkGateway', may: ['src/sql/flinkGateway', 'src/common', 'shared'], vscode: false },
  { floor: 'src', may: ['src', 'shared'] },
];

const rel = (file) => path.relative(ROOT, file).split(path.sep).join('/');
const inside = (file, folder) => file === folder || file.startsWith(`${folder}/`);

/** The floor a repository-relative path stands on, or undefined outside the floors (tests, tools). */
export function floorOf(file) {
  return FLOORS.filter((f) => inside(file, f.floor)).sort((a, b) => b.floor.length - a.floor.length)[0];
}

const NODE_BUILTINS = new Set(builtinModules);
const packageName = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);

/** Why `spec`, imported from repository-relative `file`, breaks its floor; undefined when it does not. */
export function floorViolation(file, spec) {
  const floor = floorOf(file);
  if (!floor) return undefined;
  if (spec.startsWith('.')) {
    const target = rel(path.resolve(ROOT, path.dirname(file), spec));
    if (floor.may.some((f) => inside(target, f) && floorOf(target) !== undefined && allowedTarget(floor, target))) return undefined;
    return `${floor.floor}/ may import only from ${floor.may.join(', ')}; '${spec}' is ${target}.`;
  }
  if (spec === 'vscode' && floor.vscode === false) return `${floor.floor}/ must not import vscode (it runs without VS Code).`;
  const bare = spec.replace(/^node:/, '');
  if (floor.node === false && (spec.startsWith('node:') || NODE_BUILTINS.has(packageName(bare)))) {
    return `${floor.floor}/ runs in the page too: no Node built-ins ('${spec}').`;
  }
  if (floor.packages && !floor.packages.includes(packageName(spec))) {
    return `${floor.floor}/ may import only the packages ${floor.packages.join(', ')}; not '${spec}'.`;
  }
  return undefined;
}

/** A folder listed in `may` still has floors of its own below it: src may not reach webview through '..'. */
function allowedTarget(floor, target) {
  const targetFloor = floorOf(target);
  return floor.may.includes(targetFloor.floor) || floor.may.some((f) => inside(targetFloor.floor, f));
}

/** The ESLint plugin: `floors/imports` checks every import, export-from, dynamic import and require. */
export const floorsPlugin = {
  rules: {
    imports: {
      meta: { type: 'problem', docs: { description: 'Keep each floor to the imports its table row allows.' }, schema: [] },
      create(context) {
        const file = rel(context.filename ?? context.getFilename());
        const check = (node, source) => {
          if (!source || typeof source.value !== 'string') return;
          const why = floorViolation(file, source.value);
          if (why) context.report({ node, message: why });
        };
        return {
          ImportDeclaration: (n) => check(n, n.source),
          ExportNamedDeclaration: (n) => check(n, n.source),
          ExportAllDeclaration: (n) => check(n, n.source),
          ImportExpression: (n) => check(n, n.source),
          TSImportEqualsDeclaration: (n) => check(n, n.moduleReference?.expression),
          CallExpression: (n) => {
            if (n.callee.type === 'Identifier' && n.callee.name === 'require') check(n, n.arguments[0]);
          },
        };
      },
    },
  },
};
