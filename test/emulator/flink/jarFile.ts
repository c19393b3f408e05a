import * as zlib from 'node:zlib';

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
      if (buf.readUInt32LE(at) !== 0x02014b50) return undefined;
      const method = buf.readUInt16LE(at + 10);
      const compressed = buf.readUInt32LE(at + 20);
      const nameLength = buf.readUInt16LE(at + 28);
      const extraLength = buf.readUInt16LE(at + 30);
      const commentLength = buf.readUInt16LE(at + 32);
      const local = buf.readUInt32LE(at + 42);
      const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
      at += 46 + nameLength + extraLength + commentLength;
      if (name.endsWith('/')) continue;
      if (buf.readUInt32LE(local) !== 0x04034b50) return undefined;
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
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) if (buf.readUInt32LE(i) === 0x06054b50) return i;
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
