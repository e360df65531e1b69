-- Per-connection settings that are not secret (issue 5): JSON text, e.g. the roots of a
-- files connection or the base URL of a GitHub Enterprise connection. Connections without a
-- credential (files, web) have secret NULL and auth_method 'none'.
ALTER TABLE connections ADD COLUMN config TEXT NOT NULL DEFAULT '{}';
