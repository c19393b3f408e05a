package com.example.orders;

/**
 * Sample orders for trying the enricher locally. Its {@code main} is package-private on purpose:
 * it is a developer's tool, not a Flink program, so a jar's entry-class list leaves it out.
 */
final class OrderFixtures {
  private OrderFixtures() {}

  static Order[] samples() {
    return new Order[] {
      new Order(1001, "customer-32", 1537, "EUR"),
      new Order(1002, "customer-33", 1574, "USD"),
      new Order(1003, null, 1611, "GBP"),
    };
  }

  static void main(String[] args) throws Exception {
    OrderEnricher enricher = new OrderEnricher();
    for (Order order : samples()) {
      System.out.println(enricher.map(order));
    }
  }
}
