-- Accounts, their API keys, people's sign-in sessions, and the operators' audit log.
-- Forward-only: a later change is a new numbered file, never an edit of this one.

CREATE TABLE accounts (
  id          TEXT PRIMARY KEY,            -- "acct_" + base62; never contains ':' (WOP user ids)
  email       TEXT NOT NULL UNIQUE,        -- lower-cased at the boundary
  plan        TEXT NOT NULL DEFAULT 'trial',
  status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  created_at  INTEGER NOT NULL             -- unix milliseconds
);

CREATE TABLE api_keys (
  id            TEXT PRIMARY KEY,          -- "key_" + base62
  account_id    TEXT NOT NULL REFERENCES accounts(id),
  key_hash      TEXT NOT NULL UNIQUE,      -- hex SHA-256 of the whole key; the key itself is never stored
  prefix        TEXT NOT NULL,             -- "sk_live_Ab3d" for display
  created_at    INTEGER NOT NULL,
  last_used_at  INTEGER,                   -- coarse: refreshed at most once an hour per key
  revoked_at    INTEGER
);
CREATE INDEX api_keys_by_account ON api_keys(account_id);

CREATE TABLE sessions (
  id_hash     TEXT PRIMARY KEY,            -- hex SHA-256 of the cookie value
  account_id  TEXT NOT NULL REFERENCES accounts(id),
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
);
CREATE INDEX sessions_by_account ON sessions(account_id);
CREATE INDEX sessions_by_expiry ON sessions(expires_at);

CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  at          INTEGER NOT NULL,
  actor       TEXT NOT NULL,               -- "admin", "account:<id>", "system"
  action      TEXT NOT NULL,               -- e.g. "api_key.revoke"
  target      TEXT NOT NULL,               -- the id acted on
  reason      TEXT,
  detail      TEXT                         -- JSON, never a secret
);
CREATE INDEX audit_log_by_target ON audit_log(target);
