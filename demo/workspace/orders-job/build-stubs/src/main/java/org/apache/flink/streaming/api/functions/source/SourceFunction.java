// Compile-only stand-in for Flink 1.20.0 (provided by the cluster at run time); same signature.
package org.apache.flink.streaming.api.functions.source;

import java.io.Serializable;
import org.apache.flink.api.common.functions.Function;

@Deprecated
public interface SourceFunction<T> extends Function, Serializable {
  void run(SourceContext<T> ctx) throws Exception;

  void cancel();

  interface SourceContext<T> {
    void collect(T element);

    Object getCheckpointLock();
  }
}
