// The vendored Spark Connect 3.5.3 protocol (vendor/spark-connect), loaded at run time with
// @grpc/proto-loader. The build copies the .proto files to dist/proto (esbuild.mjs), so the bundle
// finds them beside itself; from the sources (tests, tsx) they are found in vendor/.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import type * as protoLoader from '@grpc/proto-loader';
import { sparkConnectLibs } from './libs';

/** The .proto files the client and the emulator load (base.proto imports the rest). */
export const SPARK_CONNECT_PROTO = 'spark/connect/base.proto';

/** How decoded messages look: snake_case fields, 64-bit integers as strings, enums by name, oneofs named. */
export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: false,
  oneofs: true,
};

/** The folder holding `spark/connect/*.proto`: dist/proto in the bundle, vendor/spark-connect from the sources. */
export function protoRoot(): string {
  const candidates = [join(__dirname, 'proto'), join(__dirname, '..', '..', '..', 'vendor', 'spark-connect')];
  const found = candidates.find((dir) => existsSync(join(dir, SPARK_CONNECT_PROTO)));
  if (!found) throw new Error(`Spark Connect protocol files not found (looked in ${candidates.join(', ')}).`);
  return found;
}

let cached: protoLoader.PackageDefinition | undefined;

/** The package definition of `spark.connect` (loaded once per process). */
export function sparkConnectPackageDefinition(): protoLoader.PackageDefinition {
  cached ??= sparkConnectLibs().protoLoader.loadSync([SPARK_CONNECT_PROTO], { ...LOADER_OPTIONS, includeDirs: [protoRoot()] });
  return cached;
}

/** The service definition the client constructor and the emulator's server both use. */
export function sparkConnectService(): grpc.ServiceDefinition {
  const pkg = sparkConnectLibs().grpc.loadPackageDefinition(sparkConnectPackageDefinition()) as any;
  return pkg.spark.connect.SparkConnectService.service as grpc.ServiceDefinition;
}

/** The generated client class of `spark.connect.SparkConnectService`. */
export function sparkConnectClientConstructor(): grpc.ServiceClientConstructor {
  const pkg = sparkConnectLibs().grpc.loadPackageDefinition(sparkConnectPackageDefinition()) as any;
  return pkg.spark.connect.SparkConnectService as grpc.ServiceClientConstructor;
}
