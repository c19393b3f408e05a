import * as zlib from 'node:zlib';

/** What the JobManager reads from an uploaded jar: its manifest's entry class and the classes inside. */
export interface JarContents {
  /** `Main-Class` (or Flink's `program-class`) of META-INF/MANIFEST.MF, when readable. */
  mainClass?: string;
  /** Every class the jar holds, as Java names (`com.example.Job`, `com.example.Job$Inner`). */
  classes: string[];
}

const CENTRAL_DIRECTORY = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const LOCAL_HEADER = 0x04034b50;

/**
 * The entries of a jar (a zip file), read through its central directory: name → bytes. Stored and
 * deflated entries are read; anything else (or a file that is not a zip) answers undefined, as the
 * emulator then knows nothing of the jar's contents.
 */
export function readJar(bytes: Uint8Array): Map<string, Buffer> | undefined {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    const end = endOfCentralDirectory(buf);
    if (end < 0) return undefined;
    const count = buf.readUInt16LE(end + 10);
    let at = buf.readUInt32LE(end + 16);
    const entries = new Map<string, Buffer>();
    for (let i = 0; i < count; i++) {
      if (buf.readUInt32LE(at) !== CENTRAL_DIRECTORY) return undefined;
      const method = buf.readUInt16LE(at + 10);
      const compressed = buf.readUInt32LE(at + 20);
      const nameLength = buf.readUInt16LE(at + 28);
      const extraLength = buf.readUInt16LE(at + 30);
      const commentLength = buf.readUInt16LE(at + 32);
      const local = buf.readUInt32LE(at + 42);
      const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
      at += 46 + nameLength + extraLength + commentLength;
      if (name.endsWith('/')) continue;
      if (buf.readUInt32LE(local) !== LOCAL_HEADER) return undefined;
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + compressed);
      if (method === 0) entries.set(name, Buffer.from(data));
      else if (method === 8) entries.set(name, zlib.inflateRawSync(data));
    }
    return entries;
  } catch {
    return undefined;
  }
}

/** The offset of the End of Central Directory record, searched from the end past a comment. */
function endOfCentralDirectory(buf: Buffer): number {
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--)
    if (buf.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) return i;
  return -1;
}

/** A main section attribute of a manifest (`Main-Class`, `program-class`), continuation lines joined. */
export function manifestAttribute(manifest: string, name: string): string | undefined {
  const unfolded = manifest.replace(/\r?\n /g, '');
  const line = unfolded.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim() || undefined;
}

/** The class a jar names to run: `program-class`, else `Main-Class`, as Flink's PackagedProgram reads them. */
export function jarEntryClass(entries: Map<string, Buffer>): string | undefined {
  const manifest = entries.get('META-INF/MANIFEST.MF')?.toString('utf8');
  if (!manifest) return undefined;
  return manifestAttribute(manifest, 'program-class') ?? manifestAttribute(manifest, 'Main-Class');
}

/** The jar's manifest entry class and classes, as the JobManager's class loader sees them; undefined for bytes that are no zip. */
export function jarContents(data: Uint8Array): JarContents | undefined {
  const entries = readJar(data);
  if (!entries) return undefined;
  const classes = [...entries.keys()]
    .filter((name) => name.endsWith('.class') && !name.endsWith('module-info.class'))
    .map((name) => name.slice(0, -'.class'.length).replace(/\//g, '.'));
  return { mainClass: jarEntryClass(entries), classes };
}

/** CRC-32 as zip computes it (Node 20 has no zlib.crc32). */
function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** A small jar (stored entries): a manifest naming `mainClass` and an empty .class entry per class. */
export function buildJar(mainClass: string | undefined, classes: string[]): Buffer {
  const manifest = `Manifest-Version: 1.0\r\nCreated-By: data-clusters emulator\r\n${mainClass ? `Main-Class: ${mainClass}\r\n` : ''}\r\n`;
  const entries: [string, Buffer][] = [
    ['META-INF/MANIFEST.MF', Buffer.from(manifest)],
    ...classes.map((c): [string, Buffer] => [`${c.replace(/\./g, '/')}.class`, Buffer.from([0xca, 0xfe, 0xba, 0xbe])]),
  ];
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, body] of entries) {
    const nameBuf = Buffer.from(name);
    const crc = crc32(body);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    local.writeUInt16LE(10, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(body.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL_DIRECTORY, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(10, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(body.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, body);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + body.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}
