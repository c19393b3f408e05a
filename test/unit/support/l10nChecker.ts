/**
 * Finds user-facing English that bypasses localization. The release rule is that every string a
 * person reads goes through `vscode.l10n.t` / `l10n.t` (or package.nls.json), so translators see
 * it in the exported bundle. The checker is a heuristic over the TypeScript AST: it flags
 *   - sentences (two or more words) anywhere except positions that hold code, not prose;
 *   - short labels ('Start', 'Delete…', a state in capitals such as 'STOPPED') when they sit in a
 *     user-facing position (a UI call, a property or variable named like label/title/message, the
 *     text or a user-facing attribute of a lit html template);
 *   - labels in a table that spells its keys for display (`{ active: 'Active' }`), whatever the
 *     table is called;
 *   - misuse of `l10n.t`: a message that is not a literal, a template with substitutions, or a
 *     call at module top level (it would run before the bundle is configured).
 * Exemptions are deliberately few: logger arguments, a `// l10n-ignore: <reason>` marker for a line,
 * and `// l10n-ignore-file: <reason>` in a file's first lines, for a module whose every string is
 * developer text (message schema problems, which go to the log).
 */
import * as ts from 'typescript';

export type L10nRule = 'literal' | 'message-not-literal' | 'top-level-call' | 'marker-without-reason';

export interface L10nViolation {
  file: string;
  line: number;
  rule: L10nRule;
  text: string;
  /** Offsets of the offending node in the file, for tools that rewrite it. */
  start: number;
  end: number;
}

export interface L10nReport {
  violations: L10nViolation[];
  /** Lines carrying a `// l10n-ignore: <reason>` marker, so reviews can see the exemptions grow. */
  markers: { file: string; line: number; reason: string }[];
}

const MARKER = /\/\/\s*l10n-ignore\b:?\s*(.*)$/;
const FILE_MARKER = /\/\/\s*l10n-ignore-file\b:?\s*(.*)$/;
/** How far down a file-wide marker may sit: it belongs with the file's header comment. */
const FILE_MARKER_LINES = 12;

/** Property, variable, parameter and function names whose string values people read. */
const USER_FACING_NAMES = new Set(
  [
    ...['label', 'title', 'shortTitle', 'description', 'detail', 'details', 'tooltip', 'message', 'messages', 'reason', 'prompt'],
    ...['placeholder', 'hint', 'note', 'notes', 'summary', 'heading', 'caption', 'text', 'error', 'errors', 'warning', 'ariaLabel'],
    ...['alt', 'validationMessage', 'headline', 'subtitle', 'emptyText', 'actionLabel', 'confirm', 'question'],
  ].map((n) => n.toLowerCase()),
);
const USER_FACING_SUFFIX = /(label|title|message|description|tooltip|reason|hint|note|text|heading|summary|prompt|placeholder|caption)s?$/i;

/** Calls whose string arguments are shown to a person. */
const UI_CALLS = new Set([
  'showErrorMessage',
  'showWarningMessage',
  'showInformationMessage',
  'showQuickPick',
  'showInputBox',
  'setStatusBarMessage',
  'withProgress',
  'report',
  'createStatusBarItem',
  'createOutputChannel',
  'createWebviewPanel',
  'createTerminal',
]);
/** Constructors whose message argument reaches the person (errors surface in notifications and panels). */
const ERROR_CLASS = /Error$/;

/** Methods of the extension's Logger. Logs stay English: they are read in bug reports, not in the UI. */
const LOGGER_METHODS = new Set(['trace', 'debug', 'info', 'warn', 'error']);
const LOGGER_RECEIVER = /(^|\.)(log|logger|_log|output|channel|console)$/i;

/** Attributes of html`` templates whose values are shown (or read aloud) to a person. */
const HTML_TEXT_ATTRIBUTES =
  /(?:^|\s)[.?]?(title|label|placeholder|aria-label|aria-description|alt|heading|description|helper-text|subtitle|message)=["']?$/i;

function isL10nCall(node: ts.Node): node is ts.CallExpression {
  if (!ts.isCallExpression(node)) return false;
  const callee = node.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 't') return false;
  const target = callee.expression.getText();
  return target === 'l10n' || target === 'vscode.l10n';
}

function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

function isLoggerCall(call: ts.CallExpression): boolean {
  const callee = call.expression;
  // A log function itself: `log('…')`, `this.log('…')` (the page client's console logger).
  if (ts.isIdentifier(callee) && callee.text === 'log') return true;
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'log' && callee.expression.kind === ts.SyntaxKind.ThisKeyword)
    return true;
  if (!ts.isPropertyAccessExpression(callee) || !LOGGER_METHODS.has(callee.name.text)) return false;
  // `this.log.warn`, `log.info`, `deps.logger.error`, `console.warn`: the receiver's last name decides.
  return LOGGER_RECEIVER.test(callee.expression.getText().replace(/\s+/g, ''));
}

function isUserFacingName(name: string): boolean {
  return USER_FACING_NAMES.has(name.toLowerCase()) || USER_FACING_SUFFIX.test(name);
}

function nameOf(node: ts.Node | undefined): string | undefined {
  if (!node) return undefined;
  if (ts.isIdentifier(node) || ts.isStringLiteral(node) || ts.isPrivateIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  return undefined;
}

/** The variable or property an object literal is assigned to, through `as`/`satisfies`. */
function holderName(object: ts.Node): string | undefined {
  let n = object.parent;
  while (ts.isAsExpression(n) || ts.isSatisfiesExpression(n) || ts.isParenthesizedExpression(n)) n = n.parent;
  if (ts.isVariableDeclaration(n) || ts.isPropertyAssignment(n) || ts.isPropertyDeclaration(n)) return nameOf(n.name);
  return undefined;
}

function isFunctionLike(node: ts.Node): boolean {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node) ||
    // Instance field initialisers run in the constructor, after activation.
    (ts.isPropertyDeclaration(node) && !node.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword))
  );
}

function insideFunction(node: ts.Node): boolean {
  for (let n = node.parent; n; n = n.parent) if (isFunctionLike(n)) return true;
  return false;
}

/** The static text of a literal or template, with each substitution shown as `{}`. */
function staticText(node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression): string {
  if (!ts.isTemplateExpression(node)) return node.text;
  return node.head.text + node.templateSpans.map((s) => '{}' + s.literal.text).join('');
}

/** Text with placeholders, escapes and typographic punctuation removed, for the word tests. */
function bare(text: string): string {
  return text.replace(/\{[\w.]*\}/g, ' ').replace(/\$\([\w~-]+\)/g, ' ');
}

/**
 * Prose of two or more words: letters separated by spaces, little punctuation that code uses.
 * Code with spaces (CSS declarations, shell lines, selectors, expressions) trips the code test.
 */
export function looksLikeSentence(text: string): boolean {
  const t = bare(text).trim();
  if (!/[A-Za-z]{2,}[,;:!?’'…)]?\s+(?:&\s+)?\(?[A-Za-z]{2,}/.test(t)) return false;
  const words = t.split(/\s+/).filter(Boolean);
  const isWord = (w: string) => /^[(“"'‘]?[A-Za-z][A-Za-z’']*[a-z]?[.,;:!?…)”"'’]*$/.test(w);
  const wordy = words.filter(isWord).length;
  // Prose that names code (`Use it with SparkSession.builder.remote(...)`) is still prose: a run of
  // plain words and mostly words outweigh the code signs below.
  const run = Math.max(0, ...words.map((_, i) => (words.slice(i, i + 4).every(isWord) ? 4 : 0)));
  if (run >= 4 && wordy >= 6 && wordy / words.length >= 0.6) return true;
  if (/[=<>{}[\]`|\\$]|=>|::|--|&&|^\w+\(|\b\w+\.\w+\(|^[.#@][\w-]/.test(t)) return false;
  if (/^[a-z-]+:\s*[^\s]/.test(t) && !/\s\w+\s\w+\s/.test(t)) return false; // `display: none`
  if (/^(kubectl|spark-submit|flink|export|curl|helm|pyspark|spark-shell|set|cd|python\d?|java)\b/.test(t)) return false;
  if (/^from [\w.]+ import \w/.test(t)) return false; // Python
  return wordy >= 2 && wordy / words.length >= 0.5;
}

/** One capitalised word, maybe with an ellipsis or end punctuation: a button, column or state label. */
export function looksLikeLabel(text: string): boolean {
  return /^[A-Z][a-z]+(?:\s[a-z]+)*(?:…|\.\.\.|[:?!.])?$/.test(bare(text).trim());
}

/**
 * A word in capitals, as the product writes a cluster's state ('STOPPED', 'ACTIVE'): a code where
 * the model compares it, a label where a person reads it, so it is reported in user-facing positions only.
 */
export function looksLikeCapsLabel(text: string): boolean {
  return /^[A-Z]{2,}(?:[ _][A-Z]{2,})*$/.test(text.trim());
}

/**
 * A value that spells its own key for display: `{ active: 'Active' }`, `{ notRunning: 'Not running' }`.
 * Such an object is a table of labels whatever it is called; a value equal to its key is a code.
 */
function spellsItsKey(node: ts.Node): boolean {
  const at = valuePosition(node);
  const p = at.parent;
  if (!ts.isPropertyAssignment(p) || p.initializer !== at) return false;
  const key = nameOf(p.name);
  if (key === undefined || !(ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) || node.text === key) return false;
  const squash = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '');
  return squash(key).length > 0 && squash(key) === squash(node.text);
}

/** A piece glued onto a sentence: ` (started ${at})`, `; it is now generation ${n}`, ` in all namespaces`. */
export function looksLikeFragment(text: string): boolean {
  return /^(\s+|\s*[(;,—–]\s*)[a-z]{2,}\s+\S/.test(text) && !/[=<>{}[\]`|\\$]|=>|&&/.test(bare(text));
}

/** A template such as `Cannot ${verb} ${name}: ${why}.`: one word among values, which the sentence test cannot see. */
function hasWordsAroundValues(text: string): boolean {
  // bare() drops `{}` and codicons such as `$(server)`, which are not words.
  return text.includes('{}') && /(^|[^\w.-])[A-Za-z][a-z]+(?![\w.-])/.test(bare(text));
}

/** Climbs through expressions that pass a string along unchanged (ternaries, `??`, `+`, parentheses, arrays). */
function valuePosition(node: ts.Node): ts.Node {
  let n = node;
  for (;;) {
    const p = n.parent;
    if (
      ts.isParenthesizedExpression(p) ||
      (ts.isConditionalExpression(p) && p.condition !== n) ||
      (ts.isBinaryExpression(p) &&
        [ts.SyntaxKind.PlusToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(p.operatorToken.kind)) ||
      ts.isArrayLiteralExpression(p) ||
      ts.isAsExpression(p) ||
      ts.isSatisfiesExpression(p) ||
      (ts.isTemplateSpan(p) && !isHtmlTemplate(p.parent))
    ) {
      n = ts.isTemplateSpan(p) ? p.parent : p;
      continue;
    }
    return n;
  }
}

function isHtmlTemplate(node: ts.Node): boolean {
  return ts.isTemplateExpression(node) && ts.isTaggedTemplateExpression(node.parent) && node.parent.tag.getText() === 'html';
}

/** The template's literal text before this `${}`, all chunks of it: a tag may open chunks earlier. */
function htmlBefore(span: ts.TemplateSpan): string {
  const tpl = span.parent;
  const index = tpl.templateSpans.indexOf(span);
  return (
    tpl.head.text +
    tpl.templateSpans
      .slice(0, index)
      .map((s) => '${}' + s.literal.text)
      .join('')
  );
}

/** Whether the literal text before a `${}` in an html template ends in element text or a user-facing attribute value. */
function htmlHoleIsText(before: string): boolean {
  const lastOpen = before.lastIndexOf('<');
  const lastClose = before.lastIndexOf('>');
  if (lastClose > lastOpen) return true;
  return HTML_TEXT_ATTRIBUTES.test(before);
}

/**
 * Parameter names of the functions and constructors declared in the scanned files, by name
 * (constructors under their class's name). An argument whose parameter is called `label`, `title`,
 * `message`, `hint`... is user-facing, so helpers such as `button(label, onClick)` need no list.
 */
export type Signatures = ReadonlyMap<string, readonly (readonly string[])[]>;

export function collectSignatures(sources: readonly { file: string; text: string }[]): Signatures {
  const out = new Map<string, string[][]>();
  const add = (name: string | undefined, params: ts.NodeArray<ts.ParameterDeclaration>) => {
    if (!name) return;
    // A parameter typed as something other than plain string (`reason: PortForwardErrorReason`) takes codes, not text.
    const names = params.map((p) => (ts.isIdentifier(p.name) && (!p.type || isPlainStringType(p.type)) ? p.name.text : ''));
    out.set(name, [...(out.get(name) ?? []), names]);
  };
  for (const { file, text } of sources) {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    const walk = (n: ts.Node): void => {
      if (ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n)) add(nameOf(n.name), n.parameters);
      if (ts.isConstructorDeclaration(n) && ts.isClassDeclaration(n.parent)) add(n.parent.name?.text, n.parameters);
      if (ts.isVariableDeclaration(n) && n.initializer && (ts.isArrowFunction(n.initializer) || ts.isFunctionExpression(n.initializer)))
        add(nameOf(n.name), n.initializer.parameters);
      ts.forEachChild(n, walk);
    };
    walk(source);
  }
  return out;
}

function isPlainStringType(type: ts.TypeNode): boolean {
  if (type.kind === ts.SyntaxKind.StringKeyword) return true;
  return ts.isUnionTypeNode(type) && type.types.some((t) => t.kind === ts.SyntaxKind.StringKeyword);
}

/** `reason` parameters carry Kubernetes status reasons (NotFound, Conflict), codes rather than text. */
const CODE_PARAMETER = /^(reason|code|kind|type|id)$/;

function parameterIsUserFacing(signatures: Signatures, callee: string, index: number): boolean {
  return (signatures.get(callee) ?? []).some((params) => {
    const name = params[index] ?? '';
    return isUserFacingName(name) && !CODE_PARAMETER.test(name);
  });
}

/** Is the string at this position read by a person (so even a one-word label must be translated)? */
function isUserFacingPosition(node: ts.Node, signatures: Signatures): boolean {
  const at = valuePosition(node);
  const p = at.parent;
  if (ts.isCallExpression(p) || ts.isNewExpression(p)) {
    const index = p.arguments?.indexOf(at as ts.Expression) ?? -1;
    if (index < 0) return false;
    const name = calleeName(p) ?? '';
    // An error's first argument is its message; later ones are codes and causes.
    return (
      UI_CALLS.has(name) ||
      (ts.isNewExpression(p) && ERROR_CLASS.test(name) && index === 0) ||
      parameterIsUserFacing(signatures, name, index)
    );
  }
  if (ts.isPropertyAssignment(p) && p.initializer === at)
    // `{ label: 'Start' }`, or a table of labels by key: `const TAB_LABELS = { general: 'General' }`.
    return isUserFacingName(nameOf(p.name) ?? '') || isUserFacingName(holderName(p.parent) ?? '');
  if (ts.isVariableDeclaration(p) && p.initializer === at) return isUserFacingName(nameOf(p.name) ?? '');
  if (ts.isPropertyDeclaration(p) && p.initializer === at) return isUserFacingName(nameOf(p.name) ?? '');
  if (ts.isParameter(p) && p.initializer === at) return isUserFacingName(nameOf(p.name) ?? '');
  if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && p.right === at)
    return isUserFacingName(nameOf(p.left) ?? '');
  if (ts.isThrowStatement(p)) return true;
  if (ts.isReturnStatement(p) || (ts.isArrowFunction(p) && p.body === at)) {
    for (let f: ts.Node | undefined = p; f; f = f.parent) {
      if (ts.isFunctionDeclaration(f) || ts.isMethodDeclaration(f)) return isUserFacingName(nameOf(f.name) ?? '');
      if ((ts.isArrowFunction(f) || ts.isFunctionExpression(f)) && ts.isVariableDeclaration(f.parent))
        return isUserFacingName(nameOf(f.parent.name) ?? '');
      if ((ts.isArrowFunction(f) || ts.isFunctionExpression(f)) && ts.isPropertyAssignment(f.parent))
        return isUserFacingName(nameOf(f.parent.name) ?? '');
    }
    return false;
  }
  if (ts.isTemplateSpan(p) && isHtmlTemplate(p.parent)) {
    return htmlHoleIsText(htmlBefore(p));
  }
  return false;
}

/** A string placed as element text (or a user-facing attribute) of an html`` template: any word there is read. */
function isHtmlTextHole(node: ts.Node, text: string): boolean {
  const at = valuePosition(node);
  const p = at.parent;
  if (!ts.isTemplateSpan(p) || !isHtmlTemplate(p.parent) || !/[A-Za-z]{2,}/.test(text)) return false;
  return htmlHoleIsText(htmlBefore(p));
}

/** Positions that hold code or protocol values, never prose, whatever the text looks like. */
function isCodePosition(node: ts.Node): boolean {
  const p = node.parent;
  // Inside an html`` tag but not in a user-facing attribute: `class=${over ? 'totals over' : 'totals'}`.
  const at = valuePosition(node);
  if (ts.isTemplateSpan(at.parent) && isHtmlTemplate(at.parent.parent) && !htmlHoleIsText(htmlBefore(at.parent))) return true;
  if (ts.isImportDeclaration(p) || ts.isExportDeclaration(p) || ts.isExternalModuleReference(p)) return true;
  if (ts.isLiteralTypeNode(p)) return true;
  if (
    (ts.isPropertyAssignment(p) || ts.isPropertySignature(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p)) &&
    p.name === node
  )
    return true;
  if (ts.isEnumMember(p) && p.name === node) return true;
  if (ts.isElementAccessExpression(p) && p.argumentExpression === node) return true;
  if (ts.isCaseClause(p)) return true;
  if (ts.isBinaryExpression(p)) {
    const op = p.operatorToken.kind;
    const comparisons = [
      ts.SyntaxKind.EqualsEqualsEqualsToken,
      ts.SyntaxKind.ExclamationEqualsEqualsToken,
      ts.SyntaxKind.EqualsEqualsToken,
      ts.SyntaxKind.ExclamationEqualsToken,
      ts.SyntaxKind.InKeyword,
    ];
    if (comparisons.includes(op)) return true;
  }
  // Class lists, ids and roles of DOM elements: `row.className = 'row current'`, `{ class: 'a b' }`.
  const domName = /^(className|class|classList|id|role|slot|style|type|name|rel|target|part)$/;
  if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && domName.test(nameOf(p.left) ?? '')) return true;
  if (ts.isConditionalExpression(p) && ts.isBinaryExpression(p.parent) && domName.test(nameOf(p.parent.left) ?? '')) return true;
  if (ts.isCallExpression(p) && p.expression.kind === ts.SyntaxKind.ImportKeyword) return true;
  if (ts.isCallExpression(p) && ts.isIdentifier(p.expression) && p.expression.text === 'require') return true;
  if (ts.isTaggedTemplateExpression(p) && p.template === node) return true; // html``/css`` are handled below
  return false;
}

interface Context {
  file: string;
  source: ts.SourceFile;
  lines: string[];
  violations: L10nViolation[];
  /** Lines (0-based) exempted by a marker with a reason. */
  exempt: Set<number>;
  signatures: Signatures;
}

function lineOf(ctx: Context, node: ts.Node): number {
  return ctx.source.getLineAndCharacterOfPosition(node.getStart(ctx.source)).line;
}

function report(ctx: Context, node: ts.Node, rule: L10nRule, text: string): void {
  const line = lineOf(ctx, node);
  if (rule === 'literal') {
    const last = ctx.source.getLineAndCharacterOfPosition(node.getEnd()).line;
    for (let l = line; l <= last; l++) if (ctx.exempt.has(l)) return;
  }
  const shown = text.length > 100 ? text.slice(0, 97) + '...' : text;
  ctx.violations.push({ file: ctx.file, line: line + 1, rule, text: shown, start: node.getStart(ctx.source), end: node.getEnd() });
}

const HTML_TEXT_ATTRIBUTE_VALUE =
  /(?:^|\s)[.?]?(?:title|label|placeholder|aria-label|aria-description|alt|heading|description|helper-text|subtitle|message)="([^"]*)"/gi;

/**
 * Prose in an html`` template: text between tags (not in `<style>` or comments) and the values of
 * user-facing attributes. Chunks are the literal parts between `${}`; whether a chunk starts inside
 * a tag depends on the chunks before it, so the scan carries that state across them.
 */
function checkHtmlTemplate(ctx: Context, node: ts.TaggedTemplateExpression): void {
  const tpl = node.template;
  const chunks = ts.isNoSubstitutionTemplateLiteral(tpl) ? [tpl] : [tpl.head, ...tpl.templateSpans.map((s) => s.literal)];
  let inTag = false;
  let skipText: 'style' | 'comment' | undefined;
  for (const chunk of chunks) {
    const texts: string[] = [];
    let tag = '';
    let text = '';
    const source = chunk.text;
    for (let i = 0; i < source.length; i++) {
      const c = source[i];
      if (skipText === 'comment') {
        if (source.startsWith('-->', i)) {
          skipText = undefined;
          i += 2;
        }
        continue;
      }
      if (!inTag) {
        if (source.startsWith('<!--', i)) {
          skipText = 'comment';
          continue;
        }
        if (c === '<') {
          if (!skipText) texts.push(text);
          text = '';
          inTag = true;
          tag = '';
        } else text += c;
        continue;
      }
      if (c === '>') {
        inTag = false;
        texts.push(...[...tag.matchAll(HTML_TEXT_ATTRIBUTE_VALUE)].map((m) => m[1]));
        if (/^style\b/i.test(tag)) skipText = 'style';
        else if (/^\/style\b/i.test(tag)) skipText = undefined;
      } else tag += c;
    }
    if (inTag) texts.push(...[...tag.matchAll(HTML_TEXT_ATTRIBUTE_VALUE)].map((m) => m[1]));
    else if (!skipText) texts.push(text);
    for (const piece of texts) {
      const prose = piece.replace(/&[a-z]+;|&#\d+;/g, ' ').trim();
      if (!/[A-Za-z]{2,}/.test(prose)) continue;
      if (looksLikeSentence(prose) || /^[^A-Za-z]*[A-Za-z][a-z]+/.test(prose)) report(ctx, chunk, 'literal', prose);
    }
  }
}

function checkL10nCall(ctx: Context, call: ts.CallExpression): void {
  const message = call.arguments[0];
  if (!message) {
    report(ctx, call, 'message-not-literal', call.getText(ctx.source));
    return;
  }
  const literal =
    ts.isStringLiteral(message) ||
    ts.isNoSubstitutionTemplateLiteral(message) ||
    // The export tool also reads `l10n.t({ message: '...', args, comment })`.
    (ts.isObjectLiteralExpression(message) &&
      message.properties.some((p) => ts.isPropertyAssignment(p) && nameOf(p.name) === 'message' && ts.isStringLiteralLike(p.initializer)));
  if (!literal) report(ctx, message, 'message-not-literal', message.getText(ctx.source));
  if (!insideFunction(call)) report(ctx, call, 'top-level-call', message.getText(ctx.source));
}

function visit(ctx: Context, node: ts.Node): void {
  if (ts.isCallExpression(node) && isL10nCall(node)) {
    checkL10nCall(ctx, node);
    // The message is translated; the other arguments are values, which must not hide untranslated prose.
    for (const arg of node.arguments.slice(1)) visit(ctx, arg);
    return;
  }
  if (ts.isCallExpression(node) && isLoggerCall(node)) return;
  if (ts.isTaggedTemplateExpression(node)) {
    const tag = node.tag.getText(ctx.source);
    if (tag === 'css') return; // stylesheet
    if (tag === 'html') checkHtmlTemplate(ctx, node);
    if (ts.isTemplateExpression(node.template)) for (const span of node.template.templateSpans) visit(ctx, span.expression);
    return;
  }
  if (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node)) return; // type positions hold no runtime text
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
    if (!isCodePosition(node)) {
      const text = staticText(node);
      const userFacing = () => isUserFacingPosition(node, ctx.signatures);
      if (
        looksLikeSentence(text) ||
        looksLikeFragment(text) ||
        ((looksLikeLabel(text) || hasWordsAroundValues(text) || looksLikeCapsLabel(text)) && userFacing()) ||
        (looksLikeLabel(text) && spellsItsKey(node)) ||
        isHtmlTextHole(node, text)
      )
        report(ctx, node, 'literal', text);
    }
    if (ts.isTemplateExpression(node)) for (const span of node.templateSpans) visit(ctx, span.expression);
    return;
  }
  ts.forEachChild(node, (child) => visit(ctx, child));
}

/**
 * Checks one source file's text. `file` is only used to name the findings; `signatures` are those of
 * the whole tree (collectSignatures), and default to the functions this text declares.
 */
export function checkL10nSource(file: string, text: string, signatures?: Signatures): L10nReport {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const lines = text.split(/\r?\n/);
  const ctx: Context = {
    file,
    source,
    lines,
    violations: [],
    exempt: new Set(),
    signatures: signatures ?? collectSignatures([{ file, text }]),
  };
  const markers: L10nReport['markers'] = [];
  const fileMarker = lines.slice(0, FILE_MARKER_LINES).findIndex((line) => FILE_MARKER.test(line));
  if (fileMarker >= 0) {
    const line = lines[fileMarker];
    const reason = FILE_MARKER.exec(line)![1].trim();
    if (!reason)
      return { violations: [{ file, line: fileMarker + 1, rule: 'marker-without-reason', text: line.trim(), start: 0, end: 0 }], markers };
    markers.push({ file, line: fileMarker + 1, reason: `whole file: ${reason}` });
    return { violations: [], markers };
  }
  lines.forEach((line, i) => {
    if (FILE_MARKER.test(line)) return;
    const m = MARKER.exec(line);
    if (!m) return;
    const reason = m[1].trim();
    if (!reason) {
      ctx.violations.push({ file, line: i + 1, rule: 'marker-without-reason', text: line.trim(), start: 0, end: 0 });
      return;
    }
    markers.push({ file, line: i + 1, reason });
    ctx.exempt.add(i);
    // A marker alone on its line covers the next line.
    if (/^\s*\/\//.test(line)) ctx.exempt.add(i + 1);
  });
  visit(ctx, source);
  return { violations: ctx.violations, markers };
}
