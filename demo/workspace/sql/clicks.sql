-- Flink SQL on a session cluster (orders-stream, after Enable SQL on it): a table of generated
-- clicks, and a grouped count whose result is a changelog (+I, -U, +U).

CREATE TABLE clicks (
  user_id INT,
  url STRING
) WITH (
  'connector' = 'datagen',
  'rows-per-second' = '20',
  'fields.user_id.min' = '1',
  'fields.user_id.max' = '6'
);

SELECT user_id, COUNT(*) AS clicks
FROM clicks
GROUP BY user_id;
