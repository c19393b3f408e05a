import * as l10n from '@vscode/l10n';

/**
 * Reads what a Flink entry class needs from a class file (JVMS §4): its binary name, its access
 * flags and whether it declares `public static void main(String[])`. Flink's PackagedProgram finds
 * the method with `getMethod("main", String[].class)`, checks it is public and static, and invokes
 * it reflectively, which a class that is not public refuses.
 */

export interface ClassSummary {
  /** Dotted binary name, e.g. `com.example.Job$Inner`. */
  readonly name: string;
  readonly accessFlags: number;
  /** Declares `public static void main(String[])`. */
  readonly hasMain: boolean;
}

export class ClassFileError extends Error {}

export const ACC_PUBLIC = 0x0001;
export const ACC_STATIC = 0x0008;
export const ACC_INTERFACE = 0x0200;
export const ACC_ANNOTATION = 0x2000;
export const ACC_MODULE = 0x8000;

const MAIN_DESCRIPTOR = '([Ljava/lang/String;)V';

/** Bytes each constant-pool tag occupies after the tag, where fixed. */
const FIXED: Readonly<Record<number, number>> = {
  3: 4, // Integer
  4: 4, // Float
  5: 8, // Long (two slots)
  6: 8, // Double (two slots)
  7: 2, // Class
  8: 2, // String
  9: 4, // Fieldref
  10: 4, // Methodref
  11: 4, // InterfaceMethodref
  12: 4, // NameAndType
  15: 3, // MethodHandle
  16: 2, // MethodType
  17: 4, // Dynamic
  18: 4, // InvokeDynamic
  19: 2, // Module
  20: 2, // Package
};

export function parseClassFile(bytes: Buffer): ClassSummary {
  let p = 0;
  const need = (n: number) => {
    if (p + n > bytes.length) throw new ClassFileError(l10n.t('truncated class file'));
  };
  const u2 = () => (need(2), (p += 2), bytes.readUInt16BE(p - 2));
  const u4 = () => (need(4), (p += 4), bytes.readUInt32BE(p - 4));
  if (u4() !== 0xcafebabe) throw new ClassFileError(l10n.t('not a class file (bad magic)'));
  p += 4; // minor, major
  const count = u2();
  // Only UTF-8 constants and Class entries matter; remember where they are.
  const utf8 = new Map<number, string>();
  const classes = new Map<number, number>();
  for (let i = 1; i < count; i++) {
    need(1);
    const tag = bytes[p++];
    if (tag === 1) {
      const length = u2();
      need(length);
      // Modified UTF-8 differs from UTF-8 only for NUL and supplementary characters, which names
      // that matter here never contain.
      utf8.set(i, bytes.toString('utf8', p, p + length));
      p += length;
    } else if (tag === 7) {
      classes.set(i, u2());
    } else if (FIXED[tag] !== undefined) {
      need(FIXED[tag]);
      p += FIXED[tag];
      if (tag === 5 || tag === 6) i++;
    } else throw new ClassFileError(l10n.t('unknown constant pool tag {0} at entry {1}', tag, i));
  }
  const accessFlags = u2();
  const thisClass = u2();
  const internal = utf8.get(classes.get(thisClass) ?? -1);
  if (internal === undefined) throw new ClassFileError(l10n.t('this_class names no class'));
  p += 2; // super_class
  const interfaces = u2();
  p += 2 * interfaces;
  const skipMembers = (inspect?: (flags: number, name: string | undefined, descriptor: string | undefined) => void) => {
    const n = u2();
    for (let m = 0; m < n; m++) {
      const flags = u2();
      const name = utf8.get(u2());
      const descriptor = utf8.get(u2());
      inspect?.(flags, name, descriptor);
      const attributes = u2();
      for (let a = 0; a < attributes; a++) {
        p += 2;
        const length = u4();
        need(length);
        p += length;
      }
    }
  };
  skipMembers(); // fields
  let hasMain = false;
  skipMembers((flags, name, descriptor) => {
    if (name === 'main' && descriptor === MAIN_DESCRIPTOR && (flags & (ACC_PUBLIC | ACC_STATIC)) === (ACC_PUBLIC | ACC_STATIC))
      hasMain = true;
  });
  return { name: internal.replace(/\//g, '.'), accessFlags, hasMain };
}

/** Whether Flink can run the class as a program's entry: a public class (or interface) with a public static main. */
export const isEntryClass = (c: ClassSummary): boolean =>
  c.hasMain && (c.accessFlags & ACC_PUBLIC) !== 0 && (c.accessFlags & (ACC_MODULE | ACC_ANNOTATION)) === 0;
