import * as fs from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import * as l10n from '@vscode/l10n';

/**
 * Just enough of ZIP (APPNOTE 6.3) to read a jar without unpacking it: the central directory
 * (with zip64 sizes and offsets), and stored or deflated entries read one at a time, so a fat jar
 * is never held in memory as a whole.
 */

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
}

/** Positional reads: a file through its handle, or bytes already in memory. */
export interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Promise<Buffer>;
}

export class NotAZipError extends Error {
  constructor(
    message: string,
    /** No end of central directory record at all: the file is not a zip, rather than a damaged one. */
    readonly noDirectory = false,
  ) {
    super(message);
  }
}

/** An entry that cannot be read here: encrypted, compressed other than deflate, or damaged. */
export class ZipEntryError extends Error {}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const U16 = 0xffff;
const U32 = 0xffffffff;

export function bufferSource(bytes: Uint8Array): ByteSource {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { size: buf.length, read: async (offset, length) => buf.subarray(offset, Math.min(buf.length, offset + length)) };
}

/** A file opened for positional reads; close it when done. */
export async function fileSource(path: string): Promise<ByteSource & { close(): Promise<void> }> {
  const handle = await fs.promises.open(path, 'r');
  const { size } = await handle.stat();
  return {
    size,
    async read(offset, length) {
      const buf = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
      let done = 0;
      while (done < buf.length) {
        const { bytesRead } = await handle.read(buf, done, buf.length - done, offset + done);
        if (!bytesRead) break;
        done += bytesRead;
      }
      return buf.subarray(0, done);
    },
    close: () => handle.close(),
  };
}

const u64 = (b: Buffer, at: number): number => Number(b.readBigUInt64LE(at));

/** The central directory's entries, in the order it lists them. Throws NotAZipError when there is none. */
export async function readCentralDirectory(src: ByteSource): Promise<ZipEntry[]> {
  // The end record is the last 22 bytes plus a comment of at most 64 KiB.
  const tailLength = Math.min(src.size, 22 + U16);
  const tailStart = src.size - tailLength;
  const tail = await src.read(tailStart, tailLength);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--)
    if (tail.readUInt32LE(i) === EOCD && i + 22 + tail.readUInt16LE(i + 20) <= tail.length) {
      at = i;
      break;
    }
  if (at < 0) throw new NotAZipError(l10n.t('no end of central directory record'), true);
  let count = tail.readUInt16LE(at + 10);
  let cdSize = tail.readUInt32LE(at + 12);
  let cdOffset = tail.readUInt32LE(at + 16);
  if (count === U16 || cdSize === U32 || cdOffset === U32) {
    const locatorAt = tailStart + at - 20;
    const locator = locatorAt >= 0 ? await src.read(locatorAt, 20) : Buffer.alloc(0);
    if (locator.length < 20 || locator.readUInt32LE(0) !== ZIP64_LOCATOR)
      throw new NotAZipError(l10n.t('zip64 sizes without a zip64 locator'));
    const record = await src.read(u64(locator, 8), 56);
    if (record.length < 56 || record.readUInt32LE(0) !== ZIP64_EOCD)
      throw new NotAZipError(l10n.t('no zip64 end of central directory record'));
    count = u64(record, 32);
    cdSize = u64(record, 40);
    cdOffset = u64(record, 48);
  }
  if (cdOffset + cdSize > src.size) throw new NotAZipError(l10n.t('the central directory lies past the end of the file'));
  const cd = await src.read(cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw new NotAZipError(l10n.t('central directory entry {0} is damaged', n));
    const flags = cd.readUInt16LE(p + 8);
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    let compressedSize = cd.readUInt32LE(p + 20);
    let size = cd.readUInt32LE(p + 24);
    let localHeaderOffset = cd.readUInt32LE(p + 42);
    const name = cd.subarray(p + 46, p + 46 + nameLength).toString(flags & 0x800 ? 'utf8' : 'latin1');
    // Zip64 extra field: the 64-bit values of exactly those fields that hold 0xFFFFFFFF, in this order.
    const extra = cd.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength);
    for (let e = 0; e + 4 <= extra.length;) {
      const id = extra.readUInt16LE(e);
      const len = extra.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        const next = () => (q + 8 <= e + 4 + len ? ((q += 8), u64(extra, q - 8)) : undefined);
        if (size === U32) size = next() ?? size;
        if (compressedSize === U32) compressedSize = next() ?? compressedSize;
        if (localHeaderOffset === U32) localHeaderOffset = next() ?? localHeaderOffset;
      }
      e += 4 + len;
    }
    entries.push({ name, method: cd.readUInt16LE(p + 10), flags, compressedSize, size, localHeaderOffset });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** An entry's content, inflated. Refuses entries larger than `maxBytes` rather than inflating them. */
export async function readEntry(src: ByteSource, entry: ZipEntry, maxBytes: number): Promise<Buffer> {
  if (entry.flags & 0x1) throw new ZipEntryError(l10n.t('{0} is encrypted', entry.name));
  if (entry.size > maxBytes) throw new ZipEntryError(l10n.t('{0} is larger than {1} bytes', entry.name, maxBytes));
  const local = await src.read(entry.localHeaderOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== LOCAL) throw new ZipEntryError(l10n.t('{0} has no local header', entry.name));
  const dataAt = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  const data = await src.read(dataAt, entry.compressedSize);
  if (data.length < entry.compressedSize) throw new ZipEntryError(l10n.t('{0} is cut short', entry.name));
  if (entry.method === 0) return data;
  if (entry.method !== 8) throw new ZipEntryError(l10n.t('{0} uses compression method {1}', entry.name, entry.method));
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(1, entry.size) });
  } catch (e) {
    throw new ZipEntryError(l10n.t('{0} does not inflate: {1}', entry.name, (e as Error).message));
  }
}
