-- 0001: workspaces, connections with sealed secrets, access tokens, audit log.
-- Times are Unix seconds (audit: microseconds, for durations and ordering within a second).

CREATE TABLE workspaces (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL
);
INSERT INTO workspaces (name, created_at) VALUES ('default', CAST(strftime('%s', 'now') AS INTEGER));

-- One row per credential. `secret` is nonce || XChaCha20-Poly1305 ciphertext, sealed with
-- associated data (workspace id, provider, connection id, key id); `key_id` names the
-- master key that sealed it, so a rotation can be resumed and a wrong key named.
CREATE TABLE connections (
  id            INTEGER PRIMARY KEY,
  workspace_id  INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE RESTRICT,
  provider      TEXT NOT NULL,
  name          TEXT NOT NULL,
  auth_method   TEXT NOT NULL,
  secret        BLOB,
  key_id        TEXT,
  status        TEXT NOT NULL DEFAULT 'active',
  last_sync_at  INTEGER,
  last_error    TEXT,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  UNIQUE (workspace_id, provider, name)
);

-- Bearer tokens for the HTTP transport. Only a hash of the secret part is kept; public_id
-- is the lookup key and the id an operator revokes.
CREATE TABLE access_tokens (
  id            INTEGER PRIMARY KEY,
  public_id     TEXT NOT NULL UNIQUE,
  workspace_id  INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE RESTRICT,
  label         TEXT,
  hash          BLOB NOT NULL,
  created_at    INTEGER NOT NULL,
  last_used_at  INTEGER,
  revoked_at    INTEGER
);

-- The workspace is kept by name, not by reference: the audit trail outlives a deleted workspace.
CREATE TABLE audit_log (
  id           INTEGER PRIMARY KEY,
  at_us        INTEGER NOT NULL,
  workspace    TEXT NOT NULL,
  client       TEXT,
  principal    TEXT,
  connection   TEXT,
  method       TEXT NOT NULL,
  name         TEXT,
  duration_us  INTEGER NOT NULL,
  ok           INTEGER NOT NULL,
  error_text   TEXT,
  arguments    TEXT
);
CREATE INDEX audit_log_by_time ON audit_log (at_us);
CREATE INDEX audit_log_by_workspace ON audit_log (workspace, at_us);

-- Small settings shared by every process. `current_key_id` names the master key new
-- secrets must be sealed with; a rotation changes it in the same transaction that
-- re-encrypts every secret, so no process can seal under a retired key afterwards.
CREATE TABLE meta (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
);
