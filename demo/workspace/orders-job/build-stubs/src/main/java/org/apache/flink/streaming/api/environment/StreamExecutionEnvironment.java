// Compile-only stand-in for Flink 1.20.0 (provided by the cluster at run time); same signature.
package org.apache.flink.streaming.api.environment;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.functions.source.SourceFunction;

public class StreamExecutionEnvironment {
  public static StreamExecutionEnvironment getExecutionEnvironment() {
    throw new UnsupportedOperationException("stub");
  }

  public StreamExecutionEnvironment enableCheckpointing(long interval) {
    throw new UnsupportedOperationException("stub");
  }

  public <OUT> DataStreamSource<OUT> addSource(SourceFunction<OUT> function, String sourceName) {
    throw new UnsupportedOperationException("stub");
  }

  public DataStreamSource<Long> fromSequence(long from, long to) {
    throw new UnsupportedOperationException("stub");
  }

  public JobExecutionResult execute(String jobName) throws Exception {
    throw new UnsupportedOperationException("stub");
  }
}
