package com.example.orders;

import java.time.Duration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.TimeUtils;

/**
 * Reads generated orders, enriches each with its customer's tier and prints it.
 *
 * <pre>
 *   --rate N                 orders a second per subtask (default 5)
 *   --records N              stop after N orders per subtask (default: run until stopped)
 *   --fail-after N           make the N-th order a bad record, so the job fails (default: never)
 *   --checkpoint-interval D  a Flink duration such as "10 s" or "1 min" (default 10 s)
 *   --job-name NAME          the job's name (default OrdersJob)
 * </pre>
 */
public class OrdersJob {
  public static void main(String[] args) throws Exception {
    JobArgs params = new JobArgs(args);
    int rate = (int) params.getLong("rate", 5);
    long records = params.getLong("records", -1);
    long failAfter = params.getLong("fail-after", 0);
    Duration checkpointInterval = TimeUtils.parseDuration(params.get("checkpoint-interval", "10 s"));

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.enableCheckpointing(checkpointInterval.toMillis());

    env.addSource(new OrderSource(rate, records, failAfter), "Orders")
        .uid("orders-source")
        .map(new OrderEnricher())
        .uid("enrich-orders")
        .name("Enrich orders")
        .print();

    env.execute(params.get("job-name", "OrdersJob"));
  }
}
