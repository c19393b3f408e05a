/**
 * The protocol of the form page (Create / Configure / Edit): its requests, its notifications, and the
 * schemas of what it carries. The form values' schemas (and their limits) are in `shared/forms/formValues.ts`.
 */
import { COMMON_NOTIFICATIONS, COMMON_REQUESTS, empty } from './common';
import { definePage } from './envelope';
import { arr, bool, Infer, literal, num, obj, optional, str } from './schema';
import { computeFormValues, FORM_LIMITS as L, sessionFormValues } from '../forms/formValues';

export const fieldErrorData = obj({ field: str({ max: L.name }), message: str({ max: L.message }) });
const formNodeTypeData = obj({
  name: str({ max: L.name }),
  cpuMillicores: num({ min: 0 }),
  memoryMiB: num({ min: 0 }),
  driver: bool,
  executor: bool,
  description: optional(str({ max: L.long })),
});
const quotaRoomData = obj({
  cpuMillicores: optional(num()),
  memoryMiB: optional(num()),
  cpuQuota: optional(str({ max: L.name })),
  memoryQuota: optional(str({ max: L.name })),
  cpuHard: optional(num()),
  memoryHard: optional(num()),
});
/** What a form needs to know about one namespace it may write to. */
export const formNamespaceData = obj({
  namespace: str({ max: L.name }),
  nodeTypes: arr(formNodeTypeData, { max: L.nodeTypes }),
  room: quotaRoomData,
  computeNames: arr(str({ max: L.name }), { max: L.names }),
  sessionNames: arr(str({ max: L.name }), { max: L.names }),
  /** Secrets the user may read (names and key names only, never values); undefined when they may not list them. */
  secrets: optional(arr(obj({ name: str({ max: L.name }), keys: arr(str({ max: L.name }), { max: L.rows }) }), { max: L.secrets })),
});
export type FormNamespaceData = Infer<typeof formNamespaceData>;

const formValuesArgs = obj({ compute: optional(computeFormValues), session: optional(sessionFormValues) });

export const FORM_PAGE = definePage({
  requests: {
    ...COMMON_REQUESTS,
    /** Review: a server-side dry-run apply of every object the form writes; refusals come back on their fields. */
    'form.review': {
      args: formValuesArgs,
      result: obj({
        yaml: str({ max: L.yaml }),
        fieldErrors: arr(fieldErrorData, { max: L.fieldErrors }),
        messages: arr(str({ max: L.message }), { max: L.messages }),
      }),
    },
    /** Create or save. A refusal is data: field errors, a message, or a conflict (409) that offers a reload. */
    'form.submit': {
      args: formValuesArgs,
      result: obj({
        done: bool,
        message: optional(str({ max: L.message })),
        fieldErrors: arr(fieldErrorData, { max: L.fieldErrors }),
        conflict: optional(str({ max: L.message })),
      }),
    },
    /** After a conflict: the definition as it is now (the page merges it with the user's edits). */
    'form.reload': {
      args: empty,
      result: obj({ compute: optional(computeFormValues), session: optional(sessionFormValues), resourceVersion: str({ max: L.short }) }),
    },
    /** The values changed: the extension keeps them as a draft, offered again if the form is closed with unsaved edits. */
    'form.changed': {
      args: obj({ dirty: bool, compute: optional(computeFormValues), session: optional(sessionFormValues) }),
      result: empty,
    },
    /** Cancel: asks before discarding unsaved edits, then closes the form. */
    'form.cancel': { args: obj({ dirty: bool }), result: obj({ closed: bool }) },
    'form.discardDraft': { args: empty, result: empty },
  },
  notifications: {
    ...COMMON_NOTIFICATIONS,
    /** A form's start: its kind and mode, the values to show, and what it may choose from. */
    'form.init': {
      body: obj({
        kind: literal('compute', 'session'),
        mode: literal('create', 'edit'),
        compute: optional(computeFormValues),
        session: optional(sessionFormValues),
        /** The definition version being edited (edit mode): a save refuses if it moved on. */
        resourceVersion: optional(str({ max: L.short })),
        bundles: arr(str({ max: L.short }), { max: L.choices }),
        flinkVersions: arr(str({ max: L.short }), { max: L.choices }),
        /** Unsaved edits kept from a form closed earlier (ISO time), offered instead of the values above. */
        draftSavedAt: optional(str({ max: L.short })),
        draftCompute: optional(computeFormValues),
        draftSession: optional(sessionFormValues),
      }),
    },
    /** Namespaces the form may write to, with their node types, quota room, existing names and Secrets. */
    'form.context': { body: obj({ namespaces: arr(formNamespaceData, { max: L.namespaces }), notice: optional(str({ max: L.message })) }) },
  },
});
export type FormPage = typeof FORM_PAGE;
