// Compile-only stand-in for Flink 1.20.0 (provided by the cluster at run time); same signature.
package org.apache.flink.streaming.api.functions.source;

@Deprecated
public interface ParallelSourceFunction<OUT> extends SourceFunction<OUT> {}
