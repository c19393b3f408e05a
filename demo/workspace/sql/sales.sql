-- Spark SQL on a compute cluster (sales-etl): click "Choose a cluster to run on…" above a
-- statement, or press Ctrl+Enter (Cmd+Enter) with the cursor in it.

-- Revenue per order status.
SELECT status, count(*) AS orders, sum(amount) AS revenue
FROM sales.orders
GROUP BY status
ORDER BY status;

-- A misspelt table: the error lands on the name.
SELECT * FROM sales.ordrs;

-- A million rows: fetching pauses at the row limit; "Fetch more" goes on.
SELECT o.order_id, o.ordered_at, p.name AS product, p.price
FROM sales.orders o CROSS JOIN sales.products p
LIMIT 1000000;
