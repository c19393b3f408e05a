/**
 * The forms' values as the page holds them (text as typed), described once as schemas: the types
 * the models use are the ones inferred from them, and the form page's protocol checks the same
 * schemas at the boundary. The length limits are named here, and the extension cuts what it sends
 * with the same constants, so a long value is shortened rather than refused by the page.
 */
import { arr, bool, Infer, literal, obj, str } from '../protocol/schema';

/** How long each kind of text (and how many items each list) a form message may carry. */
export const FORM_LIMITS = {
  /** A Kubernetes name or key, a node type, a namespace. */
  name: 300,
  /** A short value typed as text: a count, a quantity, a version, a bundle. */
  short: 100,
  /** An image reference or a node type's description. */
  long: 1000,
  /** A free text: a description, a value, Java options. */
  text: 10_000,
  /** One row of a list (an argument, a jar). */
  listItem: 4000,
  /** A message or a field's error, as shown to the user. */
  message: 4000,
  /** Rows of a list or key/value table. */
  rows: 500,
  /** The review's YAML. */
  yaml: 2_000_000,
  /** Field errors or messages in one answer. */
  fieldErrors: 500,
  messages: 100,
  /** Node types, namespaces, existing names and Secrets of a namespace. */
  nodeTypes: 200,
  namespaces: 500,
  names: 5000,
  secrets: 2000,
  /** Bundles and Flink versions to choose from. */
  choices: 100,
} as const;

const L = FORM_LIMITS;
const nameText = str({ max: L.name });
const shortText = str({ max: L.short });
const formText = str({ max: L.text });

export const keyValueRow = obj({ key: nameText, value: formText, fromSecret: bool, secret: nameText, secretKey: nameText });
/** A key/value row as a form holds it: a plain value, or a key of a Secret in the namespace. */
export type KeyValueRow = Infer<typeof keyValueRow>;

const textRows = arr(str({ max: L.listItem }), { max: L.rows });
const kvRows = arr(keyValueRow, { max: L.rows });

/** The compute form's values as typed (computeForm.ts is their model). */
export const computeFormValues = obj({
  name: nameText,
  description: formText,
  bundle: shortText,
  namespace: nameText,
  deploymentType: literal('multi-node', 'single-node'),
  driverNodeType: nameText,
  executorNodeType: nameText,
  executorCount: shortText,
  spotInstances: bool,
  volumeEnabled: bool,
  volumeSize: shortText,
  autoScalingEnabled: bool,
  idleTimeoutMinutes: shortText,
  arrowFlight: bool,
  env: kvRows,
  sparkConf: kvRows,
  arguments: textRows,
  javaOptions: formText,
  jars: textRows,
  files: textRows,
  pyFiles: textRows,
  packages: textRows,
  image: str({ max: L.long }),
  tags: kvRows,
});
export type ComputeFormValues = Infer<typeof computeFormValues>;

/** The session cluster form's values as typed (sessionForm.ts is their model). */
export const sessionFormValues = obj({
  name: nameText,
  description: formText,
  namespace: nameText,
  image: str({ max: L.long }),
  flinkVersion: shortText,
  jobManagerCpu: shortText,
  jobManagerMemory: shortText,
  taskManagerCpu: shortText,
  taskManagerMemory: shortText,
  taskManagerReplicas: shortText,
  taskManagerSlots: shortText,
  flinkConfiguration: kvRows,
  serviceAccount: nameText,
});
export type SessionFormValues = Infer<typeof sessionFormValues>;

/** `s` cut to `max` characters (what the extension does before sending text of the cluster's to a form). */
export const cut = (s: string, max: number): string => (s.length > max ? s.slice(0, max) : s);
