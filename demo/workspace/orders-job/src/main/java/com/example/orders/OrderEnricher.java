package com.example.orders;

import org.apache.flink.api.common.functions.MapFunction;

/**
 * Looks up the customer's tier for each order. An order without a customer is a bad record the job
 * cannot enrich: the map fails, and Flink restarts the job as its restart strategy says.
 *
 * <p>The tier comes from the customer id here; a real job would look it up in state or a side
 * input.
 */
public class OrderEnricher implements MapFunction<Order, EnrichedOrder> {
  private static final long serialVersionUID = 1L;

  private static final String[] TIERS = {"bronze", "silver", "gold"};

  @Override
  public EnrichedOrder map(Order order) throws Exception {
    if (order.customerId == null) {
      throw new IllegalStateException(String.format("Order %d has no customer", order.id));
    }
    EnrichedOrder enriched = new EnrichedOrder();
    enriched.orderId = order.id;
    enriched.customerId = order.customerId;
    enriched.tier = TIERS[Math.floorMod(order.customerId.hashCode(), TIERS.length)];
    enriched.amountCents = order.amountCents;
    enriched.currency = order.currency;
    return enriched;
  }
}
