/**
 * Just enough of Kubernetes' protobuf encoding to read what kubectl's typed clients send:
 * the `k8s\0` envelope (runtime.Unknown), SelfSubjectAccessReview and SelfSubjectRulesReview, for `kubectl auth can-i`.
 */

export const PROTOBUF_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

type Field = { no: number; wire: number; value: number | Buffer };

function readVarint(buf: Buffer, pos: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    if (pos >= buf.length) throw new Error('truncated varint');
    const b = buf[pos++];
    result += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [result, pos];
    shift += 7;
  }
}

function fields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [tag, p1] = readVarint(buf, pos);
    pos = p1;
    const no = Math.floor(tag / 8);
    const wire = tag & 7;
    if (wire === 0) {
      const [v, p2] = readVarint(buf, pos);
      out.push({ no, wire, value: v });
      pos = p2;
    } else if (wire === 2) {
      const [len, p2] = readVarint(buf, pos);
      out.push({ no, wire, value: buf.subarray(p2, p2 + len) });
      pos = p2 + len;
    } else if (wire === 1) {
      pos += 8;
    } else if (wire === 5) {
      pos += 4;
    } else throw new Error(`unsupported wire type ${wire}`);
  }
  return out;
}

const str = (f: Field[], no: number): string | undefined => {
  const v = f.find((x) => x.no === no)?.value;
  return Buffer.isBuffer(v) ? v.toString('utf8') : undefined;
};
const msg = (f: Field[], no: number): Field[] | undefined => {
  const v = f.find((x) => x.no === no)?.value;
  return Buffer.isBuffer(v) ? fields(v) : undefined;
};

/** Decodes a protobuf request body into JSON, or throws for kinds this emulator cannot read. */
export function decodeProtobuf(body: Buffer): any {
  if (!body.subarray(0, 4).equals(PROTOBUF_MAGIC)) throw new Error('not a Kubernetes protobuf message');
  const unknown = fields(body.subarray(4));
  const typeMeta = msg(unknown, 1) ?? [];
  const apiVersion = str(typeMeta, 1);
  const kind = str(typeMeta, 2);
  const raw = unknown.find((x) => x.no === 2)?.value;
  if (kind === 'SelfSubjectReview') return { apiVersion, kind };
  // kubectl auth can-i --list: SelfSubjectRulesReviewSpec has one field, namespace.
  if (kind === 'SelfSubjectRulesReview' && Buffer.isBuffer(raw)) {
    const spec = msg(fields(raw), 2) ?? [];
    return { apiVersion, kind, spec: { namespace: str(spec, 1) ?? '' } };
  }
  if (kind === 'SelfSubjectAccessReview' && Buffer.isBuffer(raw)) {
    const review = fields(raw);
    const spec = msg(review, 2) ?? [];
    const ra = msg(spec, 1);
    const nra = msg(spec, 2);
    return {
      apiVersion,
      kind,
      spec: {
        ...(ra
          ? {
              resourceAttributes: {
                namespace: str(ra, 1) ?? '',
                verb: str(ra, 2) ?? '',
                group: str(ra, 3) ?? '',
                version: str(ra, 4) ?? '',
                resource: str(ra, 5) ?? '',
                subresource: str(ra, 6) ?? '',
                name: str(ra, 7) ?? '',
              },
            }
          : {}),
        ...(nra ? { nonResourceAttributes: { path: str(nra, 1) ?? '', verb: str(nra, 2) ?? '' } } : {}),
      },
    };
  }
  throw new Error(
    `${kind ?? 'this object'} in protobuf is not supported by the emulator; send JSON (kubectl apply, or --output json) instead`,
  );
}
