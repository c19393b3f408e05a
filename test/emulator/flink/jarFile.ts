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
 * Reads a jar (a zip) as the JobManager's class loader sees it: the central directory's entry names
 * and the manifest. Answers undefined for bytes that are no zip at all.
 */
export function readJar(data: Buffer): JarContents | undefined {
  let end = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 0xffff); i--)
    if (data.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
      end = i;
      break;
    }
  if (end < 0) return undefined;
  const count = data.readUInt16LE(end + 10);
  let at = data.readUInt32LE(end + 16);
  const classes: string[] = [];
  let mainClass: string | undefined;
  for (let n = 0; n < count && at + 46 <= data.length; n++) {
    if (data.readUInt32LE(at) !== CENTRAL_DIRECTORY) return undefined;
    const method = data.readUInt16LE(at + 10);
    const compressedSize = data.readUInt32LE(at + 20);
    const nameLength = data.readUInt16LE(at + 28);
    const extraLength = data.readUInt16LE(at + 30);
    const commentLength = data.readUInt16LE(at + 32);
    const localOffset = data.readUInt32LE(at + 42);
    const name = data.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    if (name.endsWith('.class') && !name.endsWith('module-info.class')) classes.push(name.slice(0, -'.class'.length).replace(/\//g, '.'));
    if (name === 'META-INF/MANIFEST.MF') mainClass = manifestMainClass(entryData(data, localOffset, method, compressedSize));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return { mainClass, classes };
}

function entryData(data: Buffer, localOffset: number, method: number, size: number): string {
  if (data.readUInt32LE(localOffset) !== LOCAL_HEADER) return '';
  const start = localOffset + 30 + data.readUInt16LE(localOffset + 26) + data.readUInt16LE(localOffset + 28);
  const raw = data.subarray(start, start + size);
  try {
    return (method === 8 ? zlib.inflateRawSync(raw) : raw).toString('utf8');
  } catch {
    return '';
  }
}

function manifestMainClass(manifest: string): string | undefined {
  // Manifest lines continue on the next line when it starts with a space.
  const text = manifest.replace(/\r?\n /g, '');
  return /^(?:Main-Class|program-class):\s*([\w.$]+)\s*$/m.exec(text)?.[1];
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
