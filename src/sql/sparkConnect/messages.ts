// The shapes of the Spark Connect 3.5.3 messages this client sends and reads, as @grpc/proto-loader
// decodes them with LOADER_OPTIONS (snake_case names, int64 as decimal strings, enums by name,
// `oneof` groups named by a string field). Only the fields the product uses are typed.

export interface UserContext {
  user_id: string;
  user_name?: string;
}

/** `spark.connect.DataType`: one `kind` set. */
export interface DataTypeMessage {
  kind?: string;
  decimal?: { precision?: number; scale?: number };
  char?: { length: number };
  var_char?: { length: number };
  array?: { element_type?: DataTypeMessage; contains_null?: boolean };
  map?: { key_type?: DataTypeMessage; value_type?: DataTypeMessage; value_contains_null?: boolean };
  struct?: { fields?: StructFieldMessage[] };
  udt?: { type?: string; sql_type?: DataTypeMessage };
  unparsed?: { data_type_string?: string };
  [kind: string]: unknown;
}

export interface StructFieldMessage {
  name: string;
  data_type?: DataTypeMessage;
  nullable?: boolean;
  metadata?: string;
}

/** `spark.connect.Relation`, opaque to the client except for being sent back as a plan root. */
export type RelationMessage = Record<string, unknown>;

export interface PlanMessage {
  root?: RelationMessage;
  command?: { sql_command?: { sql: string } };
}

export interface ExecutePlanRequest {
  session_id: string;
  user_context: UserContext;
  operation_id?: string;
  plan: PlanMessage;
  client_type?: string;
  request_options?: { reattach_options?: { reattachable: boolean } }[];
  tags?: string[];
}

export interface ExecutePlanResponse {
  session_id?: string;
  operation_id?: string;
  response_id?: string;
  response_type?: string;
  arrow_batch?: { row_count?: string; data?: Buffer };
  sql_command_result?: { relation?: RelationMessage };
  result_complete?: Record<string, never>;
  metrics?: unknown;
  schema?: DataTypeMessage;
}

export interface ReattachExecuteRequest {
  session_id: string;
  user_context: UserContext;
  operation_id: string;
  client_type?: string;
  last_response_id?: string;
}

export interface ReleaseExecuteRequest {
  session_id: string;
  user_context: UserContext;
  operation_id: string;
  client_type?: string;
  release?: string;
  release_all?: Record<string, never>;
  release_until?: { response_id: string };
}

export interface InterruptRequest {
  session_id: string;
  user_context: UserContext;
  client_type?: string;
  interrupt_type: 'INTERRUPT_TYPE_ALL' | 'INTERRUPT_TYPE_TAG' | 'INTERRUPT_TYPE_OPERATION_ID';
  operation_tag?: string;
  operation_id?: string;
}

export interface InterruptResponse {
  session_id?: string;
  interrupted_ids?: string[];
}

export interface KeyValue {
  key: string;
  value?: string;
}

export interface ConfigRequest {
  session_id: string;
  user_context: UserContext;
  client_type?: string;
  operation: {
    set?: { pairs: KeyValue[] };
    get?: { keys: string[] };
    get_option?: { keys: string[] };
    get_all?: { prefix?: string };
    unset?: { keys: string[] };
  };
}

export interface ConfigResponse {
  session_id?: string;
  pairs?: KeyValue[];
  warnings?: string[];
}
