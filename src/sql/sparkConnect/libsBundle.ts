// The libraries libs.ts loads on first use; the build makes this file dist/sparkConnectLibs.js.
export * as grpc from '@grpc/grpc-js';
export * as protoLoader from '@grpc/proto-loader';
export * as arrow from 'apache-arrow';
