-- The normalised warehouse. Every key is deterministic (see io.tillstream.parse.Keys), so every
-- sink can replay idempotently. Cross-table references are documented, not enforced: each table
-- has its own exactly-once sink committing on its own, and an enforced foreign key would make a
-- sale wait for its product's transaction (DESIGN.md, trap 4).

CREATE TABLE branch (
    branch_id uuid PRIMARY KEY,
    name      text NOT NULL
);

CREATE TABLE product (
    product_id uuid PRIMARY KEY,
    name       text NOT NULL,
    size       text NOT NULL,
    flavour    text NOT NULL DEFAULT ''
);

CREATE TABLE sale (
    sale_id      uuid PRIMARY KEY,
    branch_id    uuid NOT NULL,
    sold_at      timestamptz NOT NULL,
    payment_type text NOT NULL CHECK (payment_type IN ('CASH', 'CARD')),
    total        numeric(12, 2) NOT NULL,
    customer_key uuid,
    item_count   integer NOT NULL,
    source_file  text NOT NULL,
    source_line  bigint NOT NULL,
    loaded_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sale_sold_at ON sale (sold_at);
CREATE INDEX sale_branch_sold_at ON sale (branch_id, sold_at);
CREATE INDEX sale_customer ON sale (customer_key) WHERE customer_key IS NOT NULL;

COMMENT ON COLUMN sale.branch_id IS 'references branch (not enforced: committed by another sink)';
COMMENT ON COLUMN sale.customer_key IS 'keyed HMAC of the card number: a pseudonym, never the number';

CREATE TABLE sale_item (
    sale_id    uuid NOT NULL,
    line_no    integer NOT NULL,
    product_id uuid NOT NULL,
    price      numeric(12, 2) NOT NULL,
    PRIMARY KEY (sale_id, line_no)
);
CREATE INDEX sale_item_product ON sale_item (product_id);

COMMENT ON COLUMN sale_item.product_id IS 'references product (not enforced: committed by another sink)';

CREATE TABLE rejected_row (
    rejection_id uuid PRIMARY KEY,
    source_file  text NOT NULL,
    source_line  bigint NOT NULL,
    reason_code  text NOT NULL,
    reason       text NOT NULL,
    excerpt      text NOT NULL,
    rejected_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rejected_row_file ON rejected_row (source_file);
