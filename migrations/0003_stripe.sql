-- Stripe: each account's customer, the subscriptions Stripe reports, and the webhook events
-- already applied. Times from Stripe (periods, event creation) stay in unix seconds, exactly as
-- Stripe sends them, because allowance refs are built from them; our own times are milliseconds.

CREATE TABLE stripe_customers (
  account_id   TEXT PRIMARY KEY REFERENCES accounts(id),
  customer_id  TEXT NOT NULL UNIQUE,             -- "cus_…"
  created_at   INTEGER NOT NULL                  -- unix milliseconds
);

CREATE TABLE subscriptions (
  id                    TEXT PRIMARY KEY,         -- Stripe "sub_…"
  account_id            TEXT NOT NULL REFERENCES accounts(id),
  plan                  TEXT NOT NULL,            -- catalogue plan id: 'pro' or 'scale'
  status                TEXT NOT NULL,            -- Stripe's: active, past_due, canceled, …
  current_period_start  INTEGER NOT NULL,         -- unix seconds (Stripe)
  current_period_end    INTEGER NOT NULL,         -- unix seconds (Stripe)
  observed_at           INTEGER NOT NULL,         -- unix seconds: Stripe time of the state held
  updated_at            INTEGER NOT NULL          -- unix milliseconds
);
CREATE INDEX subscriptions_by_account ON subscriptions(account_id);
-- The hourly renewal scans entitled subscriptions by period.
CREATE INDEX subscriptions_by_status ON subscriptions(status, current_period_start);

-- One row per webhook event applied, written in the same D1 batch as its effect: a replay, or
-- a concurrent duplicate delivery, fails on the primary key and changes nothing.
CREATE TABLE stripe_events (
  event_id     TEXT PRIMARY KEY,                 -- "evt_…"
  type         TEXT NOT NULL,
  received_at  INTEGER NOT NULL                  -- unix milliseconds
);
