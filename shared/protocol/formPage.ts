/**
 * The protocol of the form page (Create / Configure / Edit): its requests, its notifications, and the
 * schemas of the values it carries. The form models in `shared/forms/` use these types.
 */
import { COMMON_NOTIFICATIONS, COMMON_REQUESTS, empty } from './common';
import { definePage } from './envelope';
import { arr, bool, Infer, literal, num, obj, optional, str } from './schema';

const formText = str({ max: 10_000 });
const kvRow = obj({ key: str({ max: 300 }), value: formText, fromSecret: bool, secret: str({ max: 300 }), secretKey: str({ max: 300 }) });
const textRows = arr(str({ max: 4000 }), { max: 500 });
const kvRows = arr(kvRow, { max: 500 });

/** The compute form's values as typed (src/clusters/forms/computeForm.ts is their model). */
export const computeFormValues = obj({
  name: str({ max: 300 }),
  description: formText,
  bundle: str({ max: 100 }),
  namespace: str({ max: 300 }),
  deploymentType: literal('multi-node', 'single-node'),
  driverNodeType: str({ max: 300 }),
  executorNodeType: str({ max: 300 }),
  executorCount: str({ max: 100 }),
  spotInstances: bool,
  volumeEnabled: bool,
  volumeSize: str({ max: 100 }),
  autoScalingEnabled: bool,
  idleTimeoutMinutes: str({ max: 100 }),
  arrowFlight: bool,
  env: kvRows,
  sparkConf: kvRows,
  arguments: textRows,
  javaOptions: formText,
  jars: textRows,
  files: textRows,
  pyFiles: textRows,
  packages: textRows,
  image: str({ max: 1000 }),
  tags: kvRows,
});
export type ComputeFormWire = Infer<typeof computeFormValues>;

/** The session cluster form's values as typed (src/clusters/forms/sessionForm.ts). */
export const sessionFormValues = obj({
  name: str({ max: 300 }),
  description: formText,
  namespace: str({ max: 300 }),
  image: str({ max: 1000 }),
  flinkVersion: str({ max: 100 }),
  jobManagerCpu: str({ max: 100 }),
  jobManagerMemory: str({ max: 100 }),
  taskManagerCpu: str({ max: 100 }),
  taskManagerMemory: str({ max: 100 }),
  taskManagerReplicas: str({ max: 100 }),
  taskManagerSlots: str({ max: 100 }),
  flinkConfiguration: kvRows,
  serviceAccount: str({ max: 300 }),
});
export type SessionFormWire = Infer<typeof sessionFormValues>;

export const fieldErrorData = obj({ field: str({ max: 300 }), message: str({ max: 4000 }) });
const formNodeTypeData = obj({
  name: str({ max: 300 }),
  cpuMillicores: num({ min: 0 }),
  memoryMiB: num({ min: 0 }),
  driver: bool,
  executor: bool,
  description: optional(str({ max: 1000 })),
});
const quotaRoomData = obj({
  cpuMillicores: optional(num()),
  memoryMiB: optional(num()),
  cpuQuota: optional(str({ max: 300 })),
  memoryQuota: optional(str({ max: 300 })),
  cpuHard: optional(num()),
  memoryHard: optional(num()),
});
/** What a form needs to know about one namespace it may write to. */
export const formNamespaceData = obj({
  namespace: str({ max: 300 }),
  nodeTypes: arr(formNodeTypeData, { max: 200 }),
  room: quotaRoomData,
  computeNames: arr(str({ max: 300 }), { max: 5000 }),
  sessionNames: arr(str({ max: 300 }), { max: 5000 }),
  /** Secrets the user may read (names and key names only, never values); undefined when they may not list them. */
  secrets: optional(arr(obj({ name: str({ max: 300 }), keys: arr(str({ max: 300 }), { max: 500 }) }), { max: 2000 })),
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
        yaml: str({ max: 2_000_000 }),
        fieldErrors: arr(fieldErrorData, { max: 500 }),
        messages: arr(str({ max: 4000 }), { max: 100 }),
      }),
    },
    /** Create or save. A refusal is data: field errors, a message, or a conflict (409) that offers a reload. */
    'form.submit': {
      args: formValuesArgs,
      result: obj({
        done: bool,
        message: optional(str({ max: 4000 })),
        fieldErrors: arr(fieldErrorData, { max: 500 }),
        conflict: optional(str({ max: 4000 })),
      }),
    },
    /** After a conflict: the definition as it is now (the page merges it with the user's edits). */
    'form.reload': {
      args: empty,
      result: obj({ compute: optional(computeFormValues), session: optional(sessionFormValues), resourceVersion: str({ max: 100 }) }),
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
        resourceVersion: optional(str({ max: 100 })),
        bundles: arr(str({ max: 100 }), { max: 50 }),
        flinkVersions: arr(str({ max: 100 }), { max: 100 }),
        /** Unsaved edits kept from a form closed earlier (ISO time), offered instead of the values above. */
        draftSavedAt: optional(str({ max: 100 })),
        draftCompute: optional(computeFormValues),
        draftSession: optional(sessionFormValues),
      }),
    },
    /** Namespaces the form may write to, with their node types, quota room, existing names and Secrets. */
    'form.context': { body: obj({ namespaces: arr(formNamespaceData, { max: 500 }), notice: optional(str({ max: 4000 })) }) },
  },
});
export type FormPage = typeof FORM_PAGE;
