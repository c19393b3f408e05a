import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { ClassFileError, isEntryClass, parseClassFile } from './classFile';
import { bufferSource, ByteSource, fileSource, NotAZipError, readCentralDirectory, readEntry, ZipEntry, ZipEntryError } from './zipReader';

/**
 * What a jar offers to run: the entry class its manifest names and the classes that Flink could
 * run as a program (public, with `public static void main(String[])`), found by reading the class
 * files rather than guessing from names. Fat jars are bounded: library packages are skipped and at
 * most `maxClasses` class files are read.
 */
export interface JarInspection {
  readonly fileName: string;
  /** The jar's size in bytes. */
  readonly size: number;
  /** The manifest's `program-class`, else its `Main-Class` (the order Flink's PackagedProgram reads them in). */
  readonly mainClass?: string;
  /** Dotted binary names, sorted. */
  readonly classesWithMain: readonly string[];
  /** Class files read. */
  readonly classesInspected: number;
  /** Class files left unread because they belong to a library package (Flink, Scala, Guava, …). */
  readonly librarySkipped: number;
  /** True when the jar has more class files than were read: `classesWithMain` may miss some. */
  readonly capped: boolean;
  /** Class files that could not be read (damaged, encrypted, not class files). */
  readonly unreadable: number;
}

export interface JarInspectorOptions {
  /** The most class files read (default 5,000). */
  readonly maxClasses?: number;
  /** Class files larger than this are not read (default 4 MiB). */
  readonly maxClassBytes?: number;
}

/** A file that is not a jar, or one that cannot be read. */
export class JarInspectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JarInspectionError';
  }
}

/**
 * Packages of the libraries a fat jar bundles, never the user's program. Flink's own examples are
 * runnable programs, so `examples` packages are read even below org/apache/flink.
 */
const LIBRARY_PREFIXES = [
  'org/apache/flink/',
  'org/apache/commons/',
  'org/apache/kafka/',
  'org/apache/hadoop/',
  'org/apache/log4j/',
  'org/apache/logging/',
  'org/apache/avro/',
  'org/apache/parquet/',
  'org/apache/http/',
  'org/apache/zookeeper/',
  'org/apache/calcite/',
  'org/apache/arrow/',
  'scala/',
  'akka/',
  'com/google/',
  'com/fasterxml/',
  'com/esotericsoftware/',
  'com/twitter/',
  'com/typesafe/',
  'com/amazonaws/',
  'software/amazon/',
  'com/github/luben/',
  'com/ibm/icu/',
  'io/netty/',
  'io/confluent/',
  'io/micrometer/',
  'io/grpc/',
  'org/slf4j/',
  'ch/qos/logback/',
  'org/xerial/',
  'org/lz4/',
  'net/jpountz/',
  'org/joda/',
  'org/json4s/',
  'org/codehaus/',
  'org/yaml/',
  'org/objenesis/',
  'org/checkerframework/',
  'org/glassfish/',
  'org/eclipse/',
  'org/antlr/',
  'org/jetbrains/',
  'kotlin/',
  'javax/',
  'jakarta/',
  'java/',
  'junit/',
  'org/junit/',
  'org/hamcrest/',
  'org/mockito/',
  'org/reactivestreams/',
  'org/roaringbitmap/',
  'org/xerial/snappy/',
  'shaded/',
];

const isLibrary = (name: string): boolean =>
  (LIBRARY_PREFIXES.some((p) => name.startsWith(p)) || name.includes('/shaded/')) && !name.includes('/examples/');

/** Reads a jar on disk without loading it whole. */
export async function inspectJar(file: string, opts: JarInspectorOptions = {}): Promise<JarInspection> {
  let src: Awaited<ReturnType<typeof fileSource>>;
  try {
    src = await fileSource(file);
  } catch (e) {
    throw new JarInspectionError(l10n.t('Cannot read {0}: {1}', path.basename(file), (e as Error).message));
  }
  try {
    return await inspect(path.basename(file), src, opts);
  } finally {
    await src.close();
  }
}

/** Reads a jar already in memory. */
export function inspectJarBytes(fileName: string, bytes: Uint8Array, opts: JarInspectorOptions = {}): Promise<JarInspection> {
  return inspect(fileName, bufferSource(bytes), opts);
}

async function inspect(fileName: string, src: ByteSource, opts: JarInspectorOptions): Promise<JarInspection> {
  const maxClasses = opts.maxClasses ?? 5000;
  const maxClassBytes = opts.maxClassBytes ?? 4 * 1024 * 1024;
  let entries: ZipEntry[];
  try {
    entries = await readCentralDirectory(src);
  } catch (e) {
    if (e instanceof NotAZipError)
      throw new JarInspectionError(
        e.noDirectory
          ? l10n.t('{0} is not a jar (no zip central directory).', fileName)
          : l10n.t('{0} is not a readable jar: {1}.', fileName, e.message),
      );
    throw e;
  }

  let mainClass: string | undefined;
  const manifestEntry = entries.find((e) => e.name.toUpperCase() === 'META-INF/MANIFEST.MF');
  if (manifestEntry) {
    try {
      const manifest = parseManifest((await readEntry(src, manifestEntry, 1024 * 1024)).toString('utf8'));
      mainClass = manifest.get('program-class') || manifest.get('main-class') || undefined;
    } catch (e) {
      if (!(e instanceof ZipEntryError)) throw e;
    }
  }

  // The manifest's class first (whatever its package), then the rest in the jar's order.
  const mainEntry = mainClass && `${mainClass.replace(/\./g, '/')}.class`;
  const candidates: ZipEntry[] = [];
  let librarySkipped = 0;
  for (const e of entries) {
    if (!e.name.endsWith('.class') || e.name.startsWith('META-INF/')) continue;
    const base = e.name.slice(e.name.lastIndexOf('/') + 1);
    if (base === 'module-info.class' || base === 'package-info.class') continue;
    if (e.name === mainEntry) candidates.unshift(e);
    else if (isLibrary(e.name)) librarySkipped++;
    else candidates.push(e);
  }

  const found = new Set<string>();
  let unreadable = 0;
  const toRead = candidates.slice(0, maxClasses);
  for (const e of toRead) {
    try {
      const c = parseClassFile(await readEntry(src, e, maxClassBytes));
      if (isEntryClass(c)) found.add(c.name);
    } catch (err) {
      if (!(err instanceof ZipEntryError || err instanceof ClassFileError || err instanceof RangeError)) throw err;
      unreadable++;
    }
  }
  return {
    fileName,
    size: src.size,
    mainClass,
    classesWithMain: [...found].sort(),
    classesInspected: toRead.length,
    librarySkipped,
    capped: candidates.length > toRead.length,
    unreadable,
  };
}

/**
 * The main section of a manifest (JAR File Specification): `Name: value` lines, a line starting
 * with one space continues the one before it, and the first empty line ends the section. Keys are
 * lower-cased (attribute names are case-insensitive); values are as written.
 */
export function parseManifest(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let last: string | undefined;
  for (const line of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    if (line === '') break;
    if (line.startsWith(' ')) {
      if (last !== undefined) out.set(last, out.get(last)! + line.slice(1));
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) {
      last = undefined;
      continue;
    }
    last = line.slice(0, colon).trim().toLowerCase();
    out.set(last, line.slice(colon + 1).replace(/^ /, ''));
  }
  for (const [k, v] of out) out.set(k, v.trim());
  return out;
}
