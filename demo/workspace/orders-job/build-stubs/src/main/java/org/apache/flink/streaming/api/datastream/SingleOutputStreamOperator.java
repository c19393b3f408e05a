// Compile-only stand-in for Flink 1.20.0 (provided by the cluster at run time); same signature.
package org.apache.flink.streaming.api.datastream;

public class SingleOutputStreamOperator<T> extends DataStream<T> {
  public SingleOutputStreamOperator<T> name(String name) {
    throw new UnsupportedOperationException("stub");
  }

  public SingleOutputStreamOperator<T> uid(String uid) {
    throw new UnsupportedOperationException("stub");
  }
}
