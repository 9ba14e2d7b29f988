-- 022-outlet-payments-and-receipts.sql — the payment methods an outlet takes and the text of its receipts (C7, S4)
--
-- payment_methods: which of the checkout's methods the outlet's tills take;
-- a checkout paid by another is refused (ts_order_pay, in
-- server/functions/selling-orders.sql).  Every outlet takes all of them
-- until its administrator says otherwise, as before this migration.
-- receipt_header / receipt_footer: printed above and below the lines of
-- each receipt the outlet prints.

ALTER TABLE outlet
  ADD COLUMN payment_methods text[] NOT NULL
    DEFAULT ARRAY['cash', 'cheque', 'card', 'gift_certificate', 'pass', 'on_account']::text[]
    CHECK (cardinality (payment_methods) >= 1
           AND payment_methods <@ ARRAY['cash', 'cheque', 'card', 'gift_certificate', 'pass', 'on_account']::text[]),
  ADD COLUMN receipt_header text CHECK (length (receipt_header) <= 500),
  ADD COLUMN receipt_footer text CHECK (length (receipt_footer) <= 500);
