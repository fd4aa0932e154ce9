-- A record is stored once: the change that last wrote it holds its data, and exchange_record keeps only the key,
-- the content hash and the sequence number of that change. The ingest appends each new or changed record to the
-- change log and moves the key's pointer; it no longer writes the whole record a second time. Compaction already
-- keeps the latest change of every held record (0009), so the pointer never dangles.
--
-- The change carries the content hash its record had, so the set-based ingest can move the pointers from what it
-- just logged (INSERT … RETURNING) without re-reading the records.
ALTER TABLE exchange_change ADD COLUMN content_hash text;
ALTER TABLE exchange_record DROP COLUMN data;
