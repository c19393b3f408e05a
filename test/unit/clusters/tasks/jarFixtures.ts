import { deflateRawSync } from 'node:zlib';

/**
 * Jars made in the test: a minimal ZIP writer (stored or deflated entries, optionally with zip64
 * records as a writer uses them past 65,535 entries or 4 GiB) and a minimal class-file writer
 * (a constant pool, access flags, methods by name and descriptor, no code).
 */

export interface ZipInput {
  readonly name: string;
  readonly data: Buffer | string;
  readonly method?: 'store' | 'deflate';
}

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

function crc32(b: Buffer): number {
  let c = -1;
  for (const byte of b) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

const u16 = (v: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(v);
  return b;
};
const u32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v >>> 0);
  return b;
};
const u64 = (v: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(v));
  return b;
};

export function zip(entries: readonly ZipInput[], opts: { zip64?: boolean; comment?: string } = {}): Buffer {
  const zip64 = opts.zip64 ?? false;
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const raw = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : e.data;
    const deflate = (e.method ?? 'deflate') === 'deflate';
    const data = deflate ? deflateRawSync(raw) : raw;
    const name = Buffer.from(e.name, 'utf8');
    const crc = crc32(raw);
    const extra = zip64 ? Buffer.concat([u16(1), u16(24), u64(raw.length), u64(data.length), u64(offset)]) : Buffer.alloc(0);
    const localExtra = zip64 ? Buffer.concat([u16(1), u16(16), u64(raw.length), u64(data.length)]) : Buffer.alloc(0);
    const big = (v: number) => (zip64 ? 0xffffffff : v);
    const header = Buffer.concat([
      u32(0x04034b50),
      u16(zip64 ? 45 : 20),
      u16(0x800),
      u16(deflate ? 8 : 0),
      u32(0),
      u32(crc),
      u32(big(data.length)),
      u32(big(raw.length)),
      u16(name.length),
      u16(localExtra.length),
      name,
      localExtra,
    ]);
    central.push(
      Buffer.concat([
        u32(0x02014b50),
        u16(zip64 ? 45 : 20),
        u16(zip64 ? 45 : 20),
        u16(0x800),
        u16(deflate ? 8 : 0),
        u32(0),
        u32(crc),
        u32(big(data.length)),
        u32(big(raw.length)),
        u16(name.length),
        u16(extra.length),
        u16(0),
        u16(0),
        u16(0),
        u32(0),
        u32(big(offset)),
        name,
        extra,
      ]),
    );
    local.push(header, data);
    offset += header.length + data.length;
  }
  const cd = Buffer.concat(central);
  const comment = Buffer.from(opts.comment ?? '', 'utf8');
  const records: Buffer[] = [];
  if (zip64) {
    const at = offset + cd.length;
    records.push(
      Buffer.concat([
        u32(0x06064b50),
        u64(44),
        u16(45),
        u16(45),
        u32(0),
        u32(0),
        u64(entries.length),
        u64(entries.length),
        u64(cd.length),
        u64(offset),
      ]),
      Buffer.concat([u32(0x07064b50), u32(0), u64(at), u32(1)]),
    );
  }
  records.push(
    Buffer.concat([
      u32(0x06054b50),
      u16(0),
      u16(0),
      u16(zip64 ? 0xffff : entries.length),
      u16(zip64 ? 0xffff : entries.length),
      u32(zip64 ? 0xffffffff : cd.length),
      u32(zip64 ? 0xffffffff : offset),
      u16(comment.length),
      comment,
    ]),
  );
  return Buffer.concat([...local, cd, ...records]);
}

export interface MethodSpec {
  readonly name: string;
  readonly descriptor: string;
  /** Access flags: 0x0001 public, 0x0008 static. */
  readonly access: number;
}

export const PUBLIC = 0x0001;
export const STATIC = 0x0008;
export const MAIN = '([Ljava/lang/String;)V';

/** A class file naming `internalName` (slashes), with the methods given and a Long constant (two pool slots). */
export function classFile(internalName: string, access: number, methods: readonly MethodSpec[]): Buffer {
  const pool: Buffer[] = [];
  let next = 1;
  const add = (b: Buffer, slots = 1) => {
    pool.push(b);
    const i = next;
    next += slots;
    return i;
  };
  const utf8 = (s: string) => {
    const bytes = Buffer.from(s, 'utf8');
    const len = Buffer.alloc(2);
    len.writeUInt16BE(bytes.length);
    return add(Buffer.concat([Buffer.from([1]), len, bytes]));
  };
  const be16 = (v: number) => {
    const b = Buffer.alloc(2);
    b.writeUInt16BE(v);
    return b;
  };
  const cls = (nameIndex: number) => add(Buffer.concat([Buffer.from([7]), be16(nameIndex)]));
  // A Long before the class entries: a parser that gives it one slot reads the wrong this_class.
  add(Buffer.from([5, 0, 0, 0, 0, 0, 0, 0, 42]), 2);
  const self = cls(utf8(internalName));
  const superClass = cls(utf8('java/lang/Object'));
  const methodBytes = methods.map((m) =>
    Buffer.concat([be16(m.access), be16(utf8(m.name)), be16(utf8(m.descriptor)), be16(1), be16(utf8('Deprecated')), Buffer.alloc(4)]),
  );
  const fieldName = utf8('count');
  const fieldType = utf8('I');
  return Buffer.concat([
    Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 55]),
    be16(next),
    ...pool,
    be16(access),
    be16(self),
    be16(superClass),
    be16(0), // interfaces
    be16(1), // one field, with an attribute, to be skipped
    be16(0x0002),
    be16(fieldName),
    be16(fieldType),
    be16(0),
    be16(methods.length),
    ...methodBytes,
    be16(0), // class attributes
  ]);
}

/** A jar holding a manifest (stored, so the emulator's JobManager reads its Main-Class) and the classes given. */
export function jarWith(mainClass: string | undefined, classes: readonly ZipInput[], extra: readonly ZipInput[] = []): Buffer {
  const manifest = `Manifest-Version: 1.0\r\n${mainClass ? `Main-Class: ${mainClass}\r\n` : ''}\r\n`;
  return zip([{ name: 'META-INF/MANIFEST.MF', data: manifest, method: 'store' }, ...classes, ...extra]);
}
