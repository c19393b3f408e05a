package com.example.orders;

/** An order as the shop writes it: a Flink POJO (public fields, a public no-argument constructor). */
public class Order {
  public long id;
  /** Null on a bad record: an order the shop wrote without its customer. */
  public String customerId;
  public long amountCents;
  public String currency;

  public Order() {}

  public Order(long id, String customerId, long amountCents, String currency) {
    this.id = id;
    this.customerId = customerId;
    this.amountCents = amountCents;
    this.currency = currency;
  }
}
