// The Spark Connect client's libraries: gRPC, the proto loader and Arrow, a third of the extension's
// code. They are loaded on the first Spark statement or catalog read, not at activation: the
// build makes them a bundle of their own (dist/sparkConnectLibs.js, esbuild.mjs), which this
// `require` reaches; from the sources (tests, tsx) it reaches libsBundle.ts.
import type * as Grpc from '@grpc/grpc-js';
import type * as ProtoLoader from '@grpc/proto-loader';
import type * as Arrow from 'apache-arrow';

export interface SparkConnectLibs {
  readonly grpc: typeof Grpc;
  readonly protoLoader: typeof ProtoLoader;
  readonly arrow: typeof Arrow;
}

let loaded: SparkConnectLibs | undefined;

/** The libraries, loaded once per process on first use. */
export function sparkConnectLibs(): SparkConnectLibs {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  loaded ??= require('./libsBundle') as SparkConnectLibs;
  return loaded;
}
