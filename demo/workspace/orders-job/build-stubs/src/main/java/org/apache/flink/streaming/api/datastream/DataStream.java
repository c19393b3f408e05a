// Compile-only stand-in for Flink 1.20.0 (provided by the cluster at run time); same signature.
package org.apache.flink.streaming.api.datastream;

import org.apache.flink.api.common.functions.MapFunction;

public class DataStream<T> {
  public <R> SingleOutputStreamOperator<R> map(MapFunction<T, R> mapper) {
    throw new UnsupportedOperationException("stub");
  }

  public DataStreamSink<T> print() {
    throw new UnsupportedOperationException("stub");
  }
}
