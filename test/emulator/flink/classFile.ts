/**
 * Just enough of the JVM class file format (JVMS §4) to name a method's lines in a stack trace: the
 * class's name, super class, interfaces and SourceFile, and per method its flags, descriptor,
 * instructions and LineNumberTable (present when the class was compiled with `-g` or javac's
 * default `-g:source,lines`).
 */

export const ACC_PUBLIC = 0x0001;
export const ACC_STATIC = 0x0008;
export const ACC_BRIDGE = 0x0040;
export const ACC_SYNTHETIC = 0x1000;

export interface Instruction {
  pc: number;
  opcode: number;
  /** The constant pool index a `new`, `ldc`, field or invoke instruction names. */
  index?: number;
}

export interface MethodInfo {
  name: string;
  descriptor: string;
  access: number;
  code: Instruction[];
  /** `[startPc, line]`, sorted by pc. */
  lines: [number, number][];
}

export interface ClassInfo {
  /** Binary name with dots: `com.example.orders.OrderEnricher`. */
  name: string;
  superName?: string;
  interfaces: string[];
  sourceFile?: string;
  methods: MethodInfo[];
  /** A class constant's name (dots), a String constant's text, or a member reference's owner, name and descriptor. */
  constant(index: number): { className?: string; text?: string; owner?: string; member?: string; descriptor?: string };
}

export const OP = { ldc: 0x12, ldc_w: 0x13, athrow: 0xbf, new: 0xbb, invokespecial: 0xb7, invokeinterface: 0xb9 } as const;

type Entry = { tag: number; a: number; b: number; utf8?: string };

export function parseClass(bytes: Buffer): ClassInfo {
  let at = 0;
  const u1 = () => bytes.readUInt8(at++);
  const u2 = () => ((at += 2), bytes.readUInt16BE(at - 2));
  const u4 = () => ((at += 4), bytes.readUInt32BE(at - 4));
  if (u4() !== 0xcafebabe) throw new Error('not a class file');
  at += 4;
  const pool: Entry[] = [];
  const poolCount = u2();
  for (let i = 1; i < poolCount; i++) {
    const tag = u1();
    if (tag === 1) {
      const length = u2();
      pool[i] = { tag, a: 0, b: 0, utf8: bytes.toString('utf8', at, at + length) };
      at += length;
    } else if (tag === 5 || tag === 6) {
      at += 8;
      i++;
    } else if (tag === 3 || tag === 4) at += 4;
    else if (tag === 7 || tag === 8 || tag === 16 || tag === 19 || tag === 20) pool[i] = { tag, a: u2(), b: 0 };
    else if (tag === 15) pool[i] = { tag, a: u1(), b: u2() };
    else if ([9, 10, 11, 12, 17, 18].includes(tag)) pool[i] = { tag, a: u2(), b: u2() };
    else throw new Error(`unknown constant pool tag ${tag}`);
  }
  const utf8 = (i: number) => pool[i]?.utf8 ?? '';
  const className = (i: number) => (i ? utf8(pool[i].a).replace(/\//g, '.') : undefined);
  const constant = (i: number) => {
    const e = pool[i];
    if (!e) return {};
    if (e.tag === 7) return { className: className(i) };
    if (e.tag === 8) return { text: utf8(e.a) };
    if (e.tag >= 9 && e.tag <= 11) {
      const nat = pool[e.b];
      return { owner: className(e.a), member: utf8(nat.a), descriptor: utf8(nat.b) };
    }
    return {};
  };

  at += 2;
  const name = className(u2())!;
  const superName = className(u2());
  const interfaces = Array.from({ length: u2() }, () => className(u2())!);
  const skipAttributes = () => {
    for (let n = u2(); n > 0; n--) {
      at += 2;
      const length = u4();
      at += length;
    }
  };
  for (let n = u2(); n > 0; n--) {
    at += 6;
    skipAttributes();
  }
  const methods: MethodInfo[] = [];
  for (let n = u2(); n > 0; n--) {
    const method: MethodInfo = { access: u2(), name: utf8(u2()), descriptor: utf8(u2()), code: [], lines: [] };
    for (let a = u2(); a > 0; a--) {
      const attr = utf8(u2());
      const length = u4();
      const end = at + length;
      if (attr === 'Code') {
        at += 4;
        const codeLength = u4();
        method.code = instructions(bytes.subarray(at, at + codeLength));
        at += codeLength;
        const handlers = u2();
        at += 8 * handlers;
        for (let c = u2(); c > 0; c--) {
          const sub = utf8(u2());
          const subLength = u4();
          const subEnd = at + subLength;
          if (sub === 'LineNumberTable') for (let l = u2(); l > 0; l--) method.lines.push([u2(), u2()]);
          at = subEnd;
        }
        method.lines.sort((x, y) => x[0] - y[0]);
      }
      at = end;
    }
    methods.push(method);
  }
  let sourceFile: string | undefined;
  for (let n = u2(); n > 0; n--) {
    const attr = utf8(u2());
    const length = u4();
    const end = at + length;
    if (attr === 'SourceFile') sourceFile = utf8(u2());
    at = end;
  }
  return { name, superName, interfaces, sourceFile, methods, constant };
}

/** The line a pc belongs to, as the JVM names it in a stack trace; undefined without a LineNumberTable. */
export function lineAt(method: MethodInfo, pc: number): number | undefined {
  let line: number | undefined;
  for (const [start, l] of method.lines) if (start <= pc) line = l;
  return line;
}

/** Operand bytes after each opcode (JVMS §6.5); switches and `wide` are measured where they occur. */
const OPERANDS: number[] = (() => {
  const t = new Array<number>(256).fill(0);
  const set = (from: number, to: number, n: number) => {
    for (let op = from; op <= to; op++) t[op] = n;
  };
  set(0x10, 0x10, 1);
  set(0x11, 0x11, 2);
  set(0x12, 0x12, 1);
  set(0x13, 0x14, 2);
  set(0x15, 0x19, 1);
  set(0x36, 0x3a, 1);
  set(0x84, 0x84, 2);
  set(0x99, 0xa8, 2);
  set(0xa9, 0xa9, 1);
  set(0xb2, 0xb8, 2);
  set(0xb9, 0xba, 4);
  set(0xbb, 0xbb, 2);
  set(0xbc, 0xbc, 1);
  set(0xbd, 0xbd, 2);
  set(0xc0, 0xc1, 2);
  set(0xc5, 0xc5, 3);
  set(0xc6, 0xc7, 2);
  set(0xc8, 0xc9, 4);
  return t;
})();

function instructions(code: Buffer): Instruction[] {
  const out: Instruction[] = [];
  let pc = 0;
  while (pc < code.length) {
    const opcode = code[pc];
    const ins: Instruction = { pc, opcode };
    let next: number;
    if (opcode === 0xaa || opcode === 0xab) {
      const base = (pc + 4) & ~3;
      next =
        opcode === 0xaa
          ? base + 12 + 4 * (code.readInt32BE(base + 8) - code.readInt32BE(base + 4) + 1)
          : base + 8 + 8 * code.readInt32BE(base + 4);
    } else if (opcode === 0xc4) {
      next = pc + (code[pc + 1] === 0x84 ? 6 : 4);
    } else {
      next = pc + 1 + OPERANDS[opcode];
      if (opcode === 0x12) ins.index = code[pc + 1];
      else if (opcode === 0x13 || (opcode >= 0xb2 && opcode <= 0xc1 && OPERANDS[opcode] >= 2)) ins.index = code.readUInt16BE(pc + 1);
    }
    out.push(ins);
    pc = next;
  }
  return out;
}
