package com.example.orders;

import org.apache.flink.streaming.api.functions.source.ParallelSourceFunction;

/**
 * Generates orders: {@code rate} a second per subtask, {@code records} in all per subtask when
 * bounded (negative: unbounded). With {@code failAfter > 0} the subtask's {@code failAfter}-th order
 * is a bad record, written without its customer.
 */
public class OrderSource implements ParallelSourceFunction<Order> {
  private static final long serialVersionUID = 1L;

  private static final String[] CURRENCIES = {"EUR", "USD", "GBP"};

  private final int rate;
  private final long records;
  private final long failAfter;
  private volatile boolean running = true;

  public OrderSource(int rate, long records, long failAfter) {
    this.rate = rate;
    this.records = records;
    this.failAfter = failAfter;
  }

  @Override
  public void run(SourceContext<Order> ctx) throws Exception {
    long emitted = 0;
    long pauseMillis = rate > 0 ? Math.max(1, 1000 / rate) : 1000;
    while (running && (records < 0 || emitted < records)) {
      emitted++;
      long id = 1000 + emitted;
      String customer = emitted == failAfter ? null : "customer-" + (id % 97);
      Order order = new Order(id, customer, 500 + (id * 37) % 20000, CURRENCIES[(int) (id % 3)]);
      synchronized (ctx.getCheckpointLock()) {
        ctx.collect(order);
      }
      Thread.sleep(pauseMillis);
    }
  }

  @Override
  public void cancel() {
    running = false;
  }
}
