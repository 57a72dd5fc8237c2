-- Persona runs, their reactions, and follow-up threads.

CREATE TABLE runs (
  id               TEXT PRIMARY KEY,           -- "run_" + base62
  account_id       TEXT NOT NULL REFERENCES accounts(id),
  status           TEXT NOT NULL CHECK (status IN ('pending', 'running', 'complete', 'failed')),
  input            TEXT NOT NULL,              -- JSON: the validated polis_test input
  engine           TEXT NOT NULL,
  tokens_charged   INTEGER NOT NULL,
  reactions_done   INTEGER NOT NULL DEFAULT 0,
  reactions_total  INTEGER NOT NULL,
  page_title       TEXT,                       -- url runs: the fetched page's title
  page_text        TEXT,                       -- url runs: the readable text the audience read
  audience         TEXT,                       -- JSON, once settled
  report           TEXT,                       -- JSON (the synthesis), once complete
  failure          TEXT,                       -- why a failed run failed, for the caller
  llm_tokens       INTEGER NOT NULL DEFAULT 0, -- tokens an LLM engine used
  created_at       INTEGER NOT NULL,
  started_at       INTEGER,
  completed_at     INTEGER
);
CREATE INDEX runs_by_account ON runs(account_id, created_at DESC);

CREATE TABLE run_reactions (
  run_id      TEXT NOT NULL REFERENCES runs(id),
  persona_id  TEXT NOT NULL,
  seq         INTEGER NOT NULL,                -- the persona's place in the panel
  persona     TEXT NOT NULL,                   -- JSON
  reaction    TEXT NOT NULL,                   -- JSON
  PRIMARY KEY (run_id, persona_id)
);

CREATE TABLE threads (
  id          TEXT PRIMARY KEY,                -- "thr_" + base62
  account_id  TEXT NOT NULL REFERENCES accounts(id),
  run_id      TEXT NOT NULL REFERENCES runs(id),
  target      TEXT NOT NULL CHECK (target IN ('persona', 'archetype', 'segment', 'panel')),
  target_name TEXT NOT NULL,                   -- persona id, archetype or segment name, "panel"
  status      TEXT NOT NULL CHECK (status IN ('pending', 'answered', 'failed')),
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE INDEX threads_by_run ON threads(run_id);

CREATE TABLE thread_turns (
  thread_id   TEXT NOT NULL REFERENCES threads(id),
  seq         INTEGER NOT NULL,
  question    TEXT NOT NULL,
  answer      TEXT,                            -- null while a panel answer is being written
  charge_ref  TEXT NOT NULL,                   -- the ledger charge of this turn
  status      TEXT NOT NULL CHECK (status IN ('pending', 'answered', 'failed')),
  failure     TEXT,
  asked_at    INTEGER NOT NULL,
  answered_at INTEGER,
  PRIMARY KEY (thread_id, seq)
);
