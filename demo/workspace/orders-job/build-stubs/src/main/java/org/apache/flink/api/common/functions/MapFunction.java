// Compile-only stand-in for Flink 1.20.0 (provided by the cluster at run time); same signature.
package org.apache.flink.api.common.functions;

import java.io.Serializable;

@FunctionalInterface
public interface MapFunction<T, O> extends Function, Serializable {
  O map(T value) throws Exception;
}
