package com.example.orders;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Replays a range of order ids through the enricher, as a bounded job: {@code --from} and {@code
 * --to} (inclusive, default 1001 to 1100), {@code --job-name} (default ReplayJob).
 */
public class ReplayJob {
  public static void main(String[] args) throws Exception {
    JobArgs params = new JobArgs(args);
    long from = params.getLong("from", 1001);
    long to = params.getLong("to", 1100);

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.fromSequence(from, to)
        .map(new ToOrder())
        .name("Rebuild orders")
        .map(new OrderEnricher())
        .name("Enrich orders")
        .print();

    env.execute(params.get("job-name", "ReplayJob"));
  }

  /** Rebuilds the order an id stands for, as the source generated it. */
  public static class ToOrder implements MapFunction<Long, Order> {
    private static final long serialVersionUID = 1L;

    @Override
    public Order map(Long id) {
      return new Order(id, "customer-" + (id % 97), 500 + (id * 37) % 20000, "EUR");
    }
  }
}
