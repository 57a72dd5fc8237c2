-- The people's pages: email sign-in codes, the account each consent page was shown to, and
-- when each OAuth connection was last used.

-- One row per code sent. Only the newest code of an email works; rows older than a day are
-- deleted as new codes are sent. Send limits (per email, per client address) count these rows.
CREATE TABLE sign_in_codes (
  id            TEXT PRIMARY KEY,            -- random
  email         TEXT NOT NULL,               -- lower-cased
  code_hash     TEXT NOT NULL,               -- hex SHA-256 of salt, email and code; never the code
  salt          TEXT NOT NULL,               -- random, per code
  address_hash  TEXT NOT NULL,               -- hex SHA-256 of the client address (CF-Connecting-IP)
  created_at    INTEGER NOT NULL,            -- unix milliseconds
  expires_at    INTEGER NOT NULL,            -- created_at + 10 minutes
  attempts      INTEGER NOT NULL DEFAULT 0,  -- wrong or right; the code is dead at 5
  used_at       INTEGER                      -- set once: a code signs in at most once
);
CREATE INDEX sign_in_codes_by_email ON sign_in_codes(email, created_at);
CREATE INDEX sign_in_codes_by_address ON sign_in_codes(address_hash, created_at);
CREATE INDEX sign_in_codes_by_age ON sign_in_codes(created_at);

-- The account a consent page was shown to, keyed by the hash of its handle: approving it
-- after signing in as someone else in the same browser is refused.
CREATE TABLE consent_bindings (
  handle_hash  TEXT PRIMARY KEY,             -- hex SHA-256 of the consent handle
  account_id   TEXT NOT NULL REFERENCES accounts(id),
  expires_at   INTEGER NOT NULL              -- unix milliseconds; the handle lives 10 minutes
);
CREATE INDEX consent_bindings_by_expiry ON consent_bindings(expires_at);

-- "Last used" of an OAuth connection (a WOP grant), refreshed at most once an hour.
CREATE TABLE connection_usage (
  grant_id      TEXT PRIMARY KEY,
  account_id    TEXT NOT NULL REFERENCES accounts(id),
  last_used_at  INTEGER NOT NULL             -- unix milliseconds
);
CREATE INDEX connection_usage_by_account ON connection_usage(account_id);
