import { ACC_BRIDGE, ClassInfo, Instruction, lineAt, MethodInfo, OP, parseClass } from './classFile';
import { readJar } from './jarFile';

/**
 * What the emulator knows of a job's own code, read from its jar, to fail it as the JVM would
 * report it. The rule, kept simple and stated here so nothing about a particular demo is built in:
 *
 * - The user classes are the jar's classes in the entry class's package (or below it). Those the
 *   entry class instantiates (`new`) are looked at first, then the others, by name.
 * - The failing map function is the first such class that implements Flink's `MapFunction` (or
 *   extends `RichMapFunction`) and whose `map` throws (has an `athrow`). Its frames are the typed
 *   `map` at the line of the thrown exception's constructor call, then javac's bridge
 *   `map(Object)` at the line javac gives it (the class declaration's).
 * - The exception is the class of the last `new` before that `athrow`; the message is the first
 *   string constant loaded between that `new` and its constructor call, with `%d`/`%s` replaced
 *   by the failing record's number (a message built by string concatenation is not read).
 * - The source is a class the entry class instantiates that implements `SourceFunction` or
 *   `ParallelSourceFunction` (or extends their Rich variants); its frame is `run` at the line of its
 *   first `SourceContext.collect` call.
 *
 * Line numbers come from the classes' LineNumberTable, so a jar compiled without them gives frames
 * with the file name only, and one without SourceFile gives `Unknown Source`, as Java prints them.
 */
export interface UserCode {
  exceptionClass: string;
  /** The exception's message format, `%d`/`%s` standing for the record; undefined when not read. */
  messageFormat?: string;
  /** `\tat …` lines of the throwing map, innermost first. */
  mapFrames: string[];
  /** The `\tat …` line of the source's `run`, when the job's source is its own SourceFunction. */
  sourceFrame?: string;
}

const MAP_FUNCTION = 'org.apache.flink.api.common.functions.MapFunction';
const RICH_MAP_FUNCTION = 'org.apache.flink.api.common.functions.RichMapFunction';
const SOURCE_TYPES = new Set(
  ['SourceFunction', 'ParallelSourceFunction', 'RichSourceFunction', 'RichParallelSourceFunction'].map(
    (n) => `org.apache.flink.streaming.api.functions.source.${n}`,
  ),
);
const SOURCE_CONTEXT = 'org.apache.flink.streaming.api.functions.source.SourceFunction$SourceContext';

/** The job's own code in `jar` for the program `entryClass`, or undefined when the jar says nothing of it. */
export function userCode(jar: Uint8Array, entryClass: string): UserCode | undefined {
  const entries = readJar(jar);
  if (!entries) return undefined;
  const pkg = entryClass.includes('.') ? entryClass.slice(0, entryClass.lastIndexOf('.') + 1) : '';
  const classes: ClassInfo[] = [];
  for (const [name, bytes] of entries) {
    if (!name.endsWith('.class') || name.startsWith('META-INF/') || name.endsWith('module-info.class')) continue;
    try {
      const cls = parseClass(bytes);
      if (cls.name.startsWith(pkg)) classes.push(cls);
    } catch {
      // a class this reader cannot follow is left out, as if the jar did not have it
    }
  }
  const entry = classes.find((c) => c.name === entryClass);
  if (!entry) return undefined;
  const used = new Set(
    entry.methods.flatMap((m) => m.code.filter((i) => i.opcode === OP.new).map((i) => entry.constant(i.index!).className)),
  );
  const byName = (a: ClassInfo, b: ClassInfo) => a.name.localeCompare(b.name);
  const ordered = [...classes.filter((c) => used.has(c.name)).sort(byName), ...classes.filter((c) => !used.has(c.name)).sort(byName)];

  for (const cls of ordered) {
    if (!cls.interfaces.includes(MAP_FUNCTION) && cls.superName !== RICH_MAP_FUNCTION) continue;
    const typed = cls.methods.find((m) => m.name === 'map' && !(m.access & ACC_BRIDGE) && m.code.some((i) => i.opcode === OP.athrow));
    if (!typed) continue;
    const thrown = throwSite(cls, typed);
    const bridge = cls.methods.find((m) => m.name === 'map' && m.access & ACC_BRIDGE);
    const mapFrames = [frame(cls, typed, thrown.pc)];
    if (bridge) mapFrames.push(frame(cls, bridge, 0));
    const source = ordered.find(
      (c) => used.has(c.name) && (c.interfaces.some((i) => SOURCE_TYPES.has(i)) || SOURCE_TYPES.has(c.superName ?? '')),
    );
    const run = source?.methods.find(
      (m) => m.name === 'run' && m.descriptor.startsWith('(Lorg/apache/flink/streaming/api/functions/source/'),
    );
    const collect = run?.code.find((i) => i.opcode === OP.invokeinterface && isCollect(source!, i));
    return {
      exceptionClass: thrown.exceptionClass,
      messageFormat: thrown.message,
      mapFrames,
      sourceFrame: source && run ? frame(source, run, collect?.pc ?? 0) : undefined,
    };
  }
  return undefined;
}

/** The exception a method's first `athrow` throws: its class, message constant and constructor call's pc. */
function throwSite(cls: ClassInfo, method: MethodInfo): { exceptionClass: string; message?: string; pc: number } {
  const code = method.code;
  const athrow = code.findIndex((i) => i.opcode === OP.athrow);
  let created = -1;
  for (let i = athrow - 1; i >= 0 && created < 0; i--) if (code[i].opcode === OP.new) created = i;
  if (created < 0) return { exceptionClass: 'java.lang.RuntimeException', pc: code[athrow].pc };
  const exceptionClass = cls.constant(code[created].index!).className ?? 'java.lang.RuntimeException';
  const between = code.slice(created + 1, athrow);
  const init = [...between].reverse().find((i) => isConstructorOf(cls, i, exceptionClass));
  const message = between
    .filter((i) => (i.opcode === OP.ldc || i.opcode === OP.ldc_w) && (!init || i.pc < init.pc))
    .map((i) => cls.constant(i.index!).text)
    .find((t) => t !== undefined);
  return { exceptionClass, message, pc: (init ?? code[athrow]).pc };
}

function isConstructorOf(cls: ClassInfo, i: Instruction, owner: string): boolean {
  if (i.opcode !== OP.invokespecial) return false;
  const ref = cls.constant(i.index!);
  return ref.member === '<init>' && ref.owner === owner;
}

function isCollect(cls: ClassInfo, i: Instruction): boolean {
  const ref = cls.constant(i.index!);
  return ref.owner === SOURCE_CONTEXT && ref.member === 'collect';
}

/** A stack trace line as Java prints it: `\tat pkg.Class.method(File.java:31)`. */
function frame(cls: ClassInfo, method: MethodInfo, pc: number): string {
  const line = lineAt(method, pc);
  const where = !cls.sourceFile ? 'Unknown Source' : line === undefined ? cls.sourceFile : `${cls.sourceFile}:${line}`;
  return `\tat ${cls.name}.${method.name}(${where})`;
}
