-- The search index (tantivy, in the data directory) is derived from these tables. It
-- catches up from a change feed keyed by transaction id rather than by a sequence:
-- sequence values are handed out before commit, so a reader that saw value N could
-- later find a smaller one committed after it. A transaction below the xmax of
-- pg_current_snapshot() and not in its in-progress list has finished, so its changes
-- are visible to every later read (node/store/src/search_feed.rs has the details).

-- Which database the index was built from: an index whose payload names another
-- database (a restored or replaced server) is rebuilt rather than caught up.
CREATE TABLE node_meta (
    key   text PRIMARY KEY,
    value text NOT NULL
);
INSERT INTO node_meta (key, value) VALUES ('database_id', gen_random_uuid()::text);

-- The transaction that last changed anything the index holds about a torrent: the row
-- itself, its files, sources, hints, classification or tags.
ALTER TABLE torrents ADD COLUMN changed_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX torrents_changed ON torrents (changed_xid, info_hash);

-- Deletions are read by the index the same way, to remove documents.
ALTER TABLE deleted_torrents ADD COLUMN deleted_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX deleted_torrents_xid ON deleted_torrents (deleted_xid);
