/**
 * The message machinery every page shares with its host; each page declares its own protocol
 * (`clusterPage.ts`, `formPage.ts`) as two tables of schemas, and both sides are typed from them.
 *
 * - Requests (page → extension): a name, typed arguments and a typed result. Each carries an `id`
 *   that its response repeats; a failure comes back as data (`ok: false` with a message and a code)
 *   for the page to show, never as a thrown exception crossing the boundary.
 * - Notifications (extension → page): pushes of structured data (numbers, enums, timestamps), never
 *   display strings built for the tree.
 * - `ready` (page → extension): sent once the page's script listens; the extension posts nothing before.
 *
 * Every message is validated on arrival on both sides, against the page's own tables; malformed or
 * unknown messages are dropped and logged, never acted on. A host answers with a `Handlers<P>`
 * table, which the compiler checks is complete: a request without a handler does not build.
 */
import { Infer, int, literal, obj, problem, Schema, str, unknownValue } from './schema';

export const ERROR_CODES = ['bad-request', 'forbidden', 'not-found', 'conflict', 'unavailable', 'cancelled', 'timeout', 'failed'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
export const errorData = obj({ message: str({ max: 4000 }), code: literal(...ERROR_CODES) });
export type ErrorData = Infer<typeof errorData>;

/** One page's protocol: page → extension requests, extension → page notifications. */
export interface PageProtocol {
  readonly requests: Readonly<Record<string, { readonly args: Schema<unknown>; readonly result: Schema<unknown> }>>;
  readonly notifications: Readonly<Record<string, { readonly body: Schema<unknown> }>>;
}

/** Declares a page's protocol, keeping its literal names for the types below. */
export const definePage = <const P extends PageProtocol>(protocol: P): P => protocol;

export type RequestName<P extends PageProtocol> = keyof P['requests'] & string;
export type RequestArgs<P extends PageProtocol, N extends RequestName<P>> = Infer<P['requests'][N]['args']>;
export type RequestResult<P extends PageProtocol, N extends RequestName<P>> = Infer<P['requests'][N]['result']>;
export type NotificationName<P extends PageProtocol> = keyof P['notifications'] & string;
export type NotificationBody<P extends PageProtocol, N extends NotificationName<P>> = Infer<P['notifications'][N]['body']>;

/** A host's answers: one handler per request of its page, no more, no fewer. */
export type Handlers<P extends PageProtocol> = {
  readonly [N in RequestName<P>]: (args: RequestArgs<P, N>) => RequestResult<P, N> | PromiseLike<RequestResult<P, N>>;
};

export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorData };

// ---- envelopes ----

export type PageMessage<P extends PageProtocol> =
  | { readonly kind: 'ready' }
  | {
      readonly [N in RequestName<P>]: { readonly kind: 'request'; readonly id: number; readonly name: N; readonly args: RequestArgs<P, N> };
    }[RequestName<P>];

export type HostMessage<P extends PageProtocol> =
  | { readonly kind: 'response'; readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly kind: 'response'; readonly id: number; readonly ok: false; readonly error: ErrorData }
  | {
      readonly [N in NotificationName<P>]: { readonly kind: 'notification'; readonly name: N; readonly body: NotificationBody<P, N> };
    }[NotificationName<P>];

/** Either the message, or why it was refused (for the log). */
export type Parsed<T> = { readonly message: T; readonly problem?: undefined } | { readonly message?: undefined; readonly problem: string };

const requestId = int({ min: 1 });
const readyEnvelope = obj({ kind: literal('ready') });
const requestEnvelope = obj({ kind: literal('request'), id: requestId, name: str({ max: 100 }), args: unknownValue });
const okEnvelope = obj({ kind: literal('response'), id: requestId, ok: literal(true), result: unknownValue });
const errEnvelope = obj({ kind: literal('response'), id: requestId, ok: literal(false), error: errorData });
const noteEnvelope = obj({ kind: literal('notification'), name: str({ max: 100 }), body: unknownValue });

const has = (o: object, k: string): boolean => Object.hasOwn(o, k);
const kindOf = (v: unknown): unknown => (typeof v === 'object' && v !== null ? (v as { kind?: unknown }).kind : undefined);

/** Validates a message from the page (on the extension side) against the page's protocol. */
export function parsePageMessage<P extends PageProtocol>(protocol: P, value: unknown): Parsed<PageMessage<P>> {
  const kind = kindOf(value);
  if (kind === 'ready') {
    const p = problem(readyEnvelope, value);
    return p ? { problem: p } : { message: { kind: 'ready' } };
  }
  // l10n-ignore: a protocol problem, for the log
  if (kind !== 'request') return { problem: 'unknown message kind' };
  const p = problem(requestEnvelope, value);
  if (p) return { problem: p };
  const m = value as { id: number; name: string; args: unknown };
  // l10n-ignore: a protocol problem, for the log
  if (!has(protocol.requests, m.name)) return { problem: `unknown request ${JSON.stringify(m.name)}` };
  const ap = protocol.requests[m.name]!.args.check(m.args, `${m.name}.args`);
  if (ap) return { problem: ap };
  return { message: { kind: 'request', id: m.id, name: m.name, args: m.args } as PageMessage<P> };
}

/**
 * Validates a message from the extension (on the page side). A response's result is checked against
 * the schema of the request it answers, which only the page knows (`requestNameOf`); a response to
 * no pending request is refused.
 */
export function parseHostMessage<P extends PageProtocol>(
  protocol: P,
  value: unknown,
  requestNameOf: (id: number) => RequestName<P> | undefined,
): Parsed<HostMessage<P>> {
  const kind = kindOf(value);
  if (kind === 'notification') {
    const p = problem(noteEnvelope, value);
    if (p) return { problem: p };
    const m = value as { name: string; body: unknown };
    // l10n-ignore: a protocol problem, for the log
    if (!has(protocol.notifications, m.name)) return { problem: `unknown notification ${JSON.stringify(m.name)}` };
    const bp = protocol.notifications[m.name]!.body.check(m.body, `${m.name}.body`);
    return bp ? { problem: bp } : { message: { kind: 'notification', name: m.name, body: m.body } as HostMessage<P> };
  }
  // l10n-ignore: a protocol problem, for the log
  if (kind !== 'response') return { problem: 'unknown message kind' };
  const ok = (value as { ok?: unknown }).ok;
  const p = ok === true ? problem(okEnvelope, value) : problem(errEnvelope, value);
  if (p) return { problem: p };
  const m = value as HostMessage<P> & { kind: 'response' };
  const name = requestNameOf(m.id);
  // l10n-ignore: a protocol problem, for the log
  if (!name) return { problem: `response ${m.id} answers no pending request` };
  if (m.ok) {
    const rp = protocol.requests[name]!.result.check(m.result, `${name}.result`);
    if (rp) return { problem: rp };
  }
  return { message: m };
}

/** Builders, so neither side writes an envelope by hand. */
export const envelope = {
  ready: (): { readonly kind: 'ready' } => ({ kind: 'ready' }),
  request: <P extends PageProtocol, N extends RequestName<P>>(_protocol: P, id: number, name: N, args: RequestArgs<P, N>): PageMessage<P> =>
    ({ kind: 'request', id, name, args }) as PageMessage<P>,
  ok: <P extends PageProtocol, N extends RequestName<P>>(
    _protocol: P,
    id: number,
    _name: N,
    result: RequestResult<P, N>,
  ): HostMessage<P> => ({
    kind: 'response',
    id,
    ok: true,
    result,
  }),
  error: <P extends PageProtocol>(_protocol: P, id: number, error: ErrorData): HostMessage<P> => ({
    kind: 'response',
    id,
    ok: false,
    error,
  }),
  notification: <P extends PageProtocol, N extends NotificationName<P>>(
    _protocol: P,
    name: N,
    body: NotificationBody<P, N>,
  ): HostMessage<P> => ({ kind: 'notification', name, body }) as HostMessage<P>,
};
