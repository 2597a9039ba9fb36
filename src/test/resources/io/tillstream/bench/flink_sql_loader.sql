-- The plain Flink SQL alternative to Tillstream: the same till files into the same normalised
-- tables with nothing but SQL (filesystem source with the csv format, parsing in SQL, JDBC upsert
-- sinks). Statements are separated by a semicolon at the end of a line; ${...} is filled in by
-- FlinkSqlLoader. What it cannot do, by construction: line numbers (the csv format has none, so
-- source_line is 0 and there is no ledger), rejections (unparseable rows are dropped silently by
-- csv.ignore-parse-errors or filtered out), keyed sale ids (no HMAC in SQL: an MD5 of the row, so
-- a guessed card number can be tested against it), counted duplicates (an upsert on the row's hash
-- merges exact repeats without saying so), product figures per window and exactly-once commits
-- (the JDBC sink flushes batches; idempotent upserts make a rerun converge).

CREATE TEMPORARY TABLE till_line (
    f0          STRING,
    f1          STRING,
    f2          STRING,
    f3          STRING,
    f4          STRING,
    f5          STRING,
    f6          STRING,
    source_file STRING NOT NULL METADATA FROM 'file.path' VIRTUAL
) WITH (
    'connector' = 'filesystem',
    'path' = '${input}',
    'format' = 'csv',
    'csv.ignore-parse-errors' = 'true'
);

-- The layout is told by the timestamp's shape, as Tillstream's parser does; the legacy layout
-- swaps payment type and total and writes the card as "type,number".
CREATE TEMPORARY VIEW receipt AS
SELECT
    MD5(CONCAT_WS('|', f0, f1, f2, f3, f4, f5, f6))                    AS sale_id,
    MD5(TRIM(REGEXP_REPLACE(LOWER(f1), '[\s_]+', ' ')))                AS branch_id,
    f1                                                                 AS branch_name,
    sold_local,
    legacy,
    f3                                                                 AS basket,
    UPPER(TRIM(IF(legacy, f4, f5)))                                    AS payment_type,
    CAST(TRIM(IF(legacy, f5, f4)) AS DECIMAL(12, 2))                   AS total,
    TRIM(IF(legacy, SPLIT_INDEX(f6, ',', 1), f6))                      AS card_number,
    IF(legacy,
       (CHAR_LENGTH(f3) - CHAR_LENGTH(REPLACE(f3, ',', '')) + 1) / 3,
       (CHAR_LENGTH(f3) - CHAR_LENGTH(REPLACE(f3, ', ', ''))) / 2 + 1) AS item_count,
    source_file
FROM (
    SELECT *,
           f0 LIKE '____-%' AS legacy,
           IF(f0 LIKE '____-%',
              TO_TIMESTAMP(TRIM(f0), 'yyyy-M-d H:mm:ss'),
              TO_TIMESTAMP(TRIM(f0), 'd/M/yyyy H:mm')) AS sold_local
    FROM till_line
)
WHERE sold_local IS NOT NULL;

-- One row per item: a receipt joined with item positions 0..${max-items} (no WITH ORDINALITY
-- before Flink 2.1), kept where the basket has an item at that position.
CREATE TEMPORARY VIEW item_text AS
SELECT
    sale_id,
    i + 1 AS line_no,
    IF(legacy,
       COALESCE(NULLIF(TRIM(SPLIT_INDEX(basket, ',', 3 * i)), ''), 'Standard'),
       REGEXP_EXTRACT(SPLIT_INDEX(basket, ', ', i), '^(\S+) (.+) - ([0-9.]+)$', 1)) AS size,
    IF(legacy,
       TRIM(SPLIT_INDEX(basket, ',', 3 * i + 1)),
       REGEXP_EXTRACT(SPLIT_INDEX(basket, ', ', i), '^(\S+) (.+) - ([0-9.]+)$', 2)) AS described,
    IF(legacy,
       TRIM(SPLIT_INDEX(basket, ',', 3 * i + 2)),
       REGEXP_EXTRACT(SPLIT_INDEX(basket, ', ', i), '^(\S+) (.+) - ([0-9.]+)$', 3)) AS price
FROM receipt CROSS JOIN (${positions}) AS item_position (i)
WHERE IF(legacy, SPLIT_INDEX(basket, ',', 3 * i + 2), SPLIT_INDEX(basket, ', ', i)) IS NOT NULL;

CREATE TEMPORARY VIEW item AS
SELECT
    sale_id,
    line_no,
    MD5(CONCAT_WS('|', LOWER(name), LOWER(size), LOWER(flavour))) AS product_id,
    name,
    size,
    flavour,
    CAST(price AS DECIMAL(12, 2)) AS price
FROM (
    SELECT sale_id, line_no, size, price,
           TRIM(REGEXP_EXTRACT(described, '^(.+?)( - (.+))?$', 1))           AS name,
           COALESCE(TRIM(REGEXP_EXTRACT(described, '^(.+?)( - (.+))?$', 3)), '') AS flavour
    FROM item_text
);

CREATE TEMPORARY TABLE branch_sink (
    branch_id STRING,
    name      STRING,
    PRIMARY KEY (branch_id) NOT ENFORCED
) WITH (${jdbc}, 'table-name' = 'branch');

CREATE TEMPORARY TABLE product_sink (
    product_id STRING,
    name       STRING,
    size       STRING,
    flavour    STRING,
    PRIMARY KEY (product_id) NOT ENFORCED
) WITH (${jdbc}, 'table-name' = 'product');

-- sold_at is the local time too: the connection's time zone (the chain's) turns it into the instant
CREATE TEMPORARY TABLE sale_sink (
    sale_id      STRING,
    branch_id    STRING,
    sold_at      TIMESTAMP(3),
    payment_type STRING,
    total        DECIMAL(12, 2),
    customer_key STRING,
    item_count   INT,
    source_file  STRING,
    source_line  BIGINT,
    sold_local   TIMESTAMP(3),
    PRIMARY KEY (sale_id) NOT ENFORCED
) WITH (${jdbc}, 'table-name' = 'sale');

CREATE TEMPORARY TABLE sale_item_sink (
    sale_id    STRING,
    line_no    INT,
    product_id STRING,
    price      DECIMAL(12, 2),
    PRIMARY KEY (sale_id, line_no) NOT ENFORCED
) WITH (${jdbc}, 'table-name' = 'sale_item');

INSERT INTO branch_sink
SELECT branch_id, MAX(branch_name) FROM receipt GROUP BY branch_id;

INSERT INTO product_sink
SELECT product_id, MAX(name), MAX(size), MAX(flavour) FROM item GROUP BY product_id;

INSERT INTO sale_sink
SELECT sale_id, branch_id, sold_local, payment_type, total,
       IF(payment_type = 'CARD' AND card_number <> '' AND card_number <> 'None',
          MD5(CONCAT('customer|', card_number)), CAST(NULL AS STRING)),
       CAST(item_count AS INT), source_file, CAST(0 AS BIGINT), sold_local
FROM receipt;

INSERT INTO sale_item_sink
SELECT sale_id, CAST(line_no AS INT), product_id, price FROM item;
