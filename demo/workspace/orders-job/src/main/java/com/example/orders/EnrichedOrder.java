package com.example.orders;

/** An order with what the job knows of its customer. */
public class EnrichedOrder {
  public long orderId;
  public String customerId;
  public String tier;
  public long amountCents;
  public String currency;

  public EnrichedOrder() {}

  @Override
  public String toString() {
    return String.format(
        "EnrichedOrder{orderId=%d, customer=%s, tier=%s, amount=%d.%02d %s}",
        orderId, customerId, tier, amountCents / 100, amountCents % 100, currency);
  }
}
