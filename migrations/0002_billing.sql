-- Billing: the append-only ledger and the balances kept in step with it (same D1 batch).
-- Every change of a balance is one ledger row; for every account and column,
-- SUM(ledger.<column>_delta) equals the balance column.

CREATE TABLE balances (
  account_id           TEXT PRIMARY KEY REFERENCES accounts(id),
  included_remaining   INTEGER NOT NULL DEFAULT 0 CHECK (included_remaining >= 0), -- tokens
  purchased_remaining  INTEGER NOT NULL DEFAULT 0 CHECK (purchased_remaining >= 0), -- tokens
  overage_tokens       INTEGER NOT NULL DEFAULT 0 CHECK (overage_tokens >= 0),      -- this period
  overage_cents        INTEGER NOT NULL DEFAULT 0 CHECK (overage_cents >= 0),       -- this period
  cap_cents            INTEGER NOT NULL DEFAULT 0 CHECK (cap_cents >= 0)
);

CREATE TABLE ledger (
  id                   INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id           TEXT NOT NULL REFERENCES accounts(id),
  at                   INTEGER NOT NULL,
  kind                 TEXT NOT NULL CHECK (kind IN
                         ('trial_grant', 'allowance', 'charge', 'refund', 'purchase', 'admin_credit')),
  tokens               INTEGER NOT NULL,           -- signed amount: negative for a charge
  included_delta       INTEGER NOT NULL DEFAULT 0,
  purchased_delta      INTEGER NOT NULL DEFAULT 0,
  overage_tokens_delta INTEGER NOT NULL DEFAULT 0,
  overage_cents_delta  INTEGER NOT NULL DEFAULT 0,
  reason               TEXT,
  ref                  TEXT,                       -- the run, ask, payment or period it belongs to
  refund_of            INTEGER REFERENCES ledger(id)
);
CREATE INDEX ledger_by_account ON ledger(account_id, id);
-- One charge per run or ask, one credit per payment or period, one refund per charge:
-- retries hit these and change nothing.
CREATE UNIQUE INDEX ledger_charge_once ON ledger(ref) WHERE kind = 'charge';
CREATE UNIQUE INDEX ledger_credit_once ON ledger(kind, ref) WHERE kind IN ('purchase', 'allowance');
CREATE UNIQUE INDEX ledger_refund_once ON ledger(refund_of) WHERE kind = 'refund';

-- Balances for accounts created before this migration: their trial grant, recorded.
INSERT INTO balances (account_id, included_remaining)
  SELECT id, 1000 FROM accounts;
INSERT INTO ledger (account_id, at, kind, tokens, included_delta, reason)
  SELECT id, created_at, 'trial_grant', 1000, 1000, 'trial tokens' FROM accounts;
