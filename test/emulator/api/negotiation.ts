import * as http from 'node:http';
import { ApiError } from './errors';
import { ResourceType } from './resourceTypes';

/**
 * What a read is rendered as, chosen from the Accept header as the real server chooses it: the
 * first acceptable media range wins; `as=Table` and `as=PartialObjectMetadata[List]` (group
 * meta.k8s.io) ask for a server-side conversion, anything else JSON-ish for the object itself.
 */
export type Rendering = 'object' | 'Table' | 'PartialObjectMetadata' | 'PartialObjectMetadataList';

const CONVERSIONS = new Set(['Table', 'PartialObjectMetadata', 'PartialObjectMetadataList']);

export function renderingOf(req: http.IncomingMessage): Rendering {
  const accept = String(req.headers.accept ?? '');
  for (const range of accept.split(',')) {
    const [type, ...paramParts] = range.split(';').map((p) => p.trim());
    const params = Object.fromEntries(paramParts.map((p) => p.split('=').map((x) => x.trim())));
    if (params.as !== undefined) {
      if (CONVERSIONS.has(params.as) && params.g === 'meta.k8s.io' && (params.v === 'v1' || params.v === 'v1beta1'))
        return params.as as Rendering;
      continue;
    }
    if (type === '' || type === '*/*' || type === 'application/*' || type.startsWith('application/json') || type.includes('yaml'))
      return 'object';
    if (type.startsWith('application/vnd.kubernetes.protobuf')) return 'object';
  }
  return 'object';
}

/** The Go type the real server names in its 406 answers. */
function goType(t: ResourceType, list: boolean): string {
  if (t.schema !== undefined || !t.strategicMerge) return list ? '*unstructured.UnstructuredList' : '*unstructured.Unstructured';
  const pkg = t.group === '' ? 'core' : t.group.split('.')[0];
  return `*${pkg}.${t.kind}${list ? 'List' : ''}`;
}

/** A list asked for as one object, or one object asked for as a list: 406, as the real server answers. */
export function checkRendering(rendering: Rendering, t: ResourceType, list: boolean): void {
  if (rendering === 'PartialObjectMetadataList' && !list)
    throw new ApiError(
      406,
      'NotAcceptable',
      `you requested PartialObjectMetadataList, but the requested object is not a list (${goType(t, false)})`,
    );
  if (rendering === 'PartialObjectMetadata' && list)
    throw new ApiError(
      406,
      'NotAcceptable',
      `you requested PartialObjectMetadata, but the requested object is a list (${goType(t, true)})`,
    );
}

export function partialObjectMetadata(obj: any): any {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

/**
 * Items of a built-in list carry no kind or apiVersion (the typed list drops them), while items of
 * a custom resource list keep theirs (they are unstructured).
 */
export function listItem(t: ResourceType, obj: any): any {
  if (t.schema !== undefined || !t.strategicMerge) return obj;
  const { kind: _k, apiVersion: _a, ...rest } = obj;
  return rest;
}
