-- Migration 007: what makes a trace's lookups read a few rows instead of whole columns.
--
-- event_id_index: which file holds each stored eventID, in the order of a 32-bit hash of the
-- eventID. DuckDB keeps each row group's smallest and largest value, so a
-- lookup by hash reads one row group of the index instead of every stored eventID (a trace's first
-- query took ~200 ms at ten million events; the ingest's check for eventIDs already stored, longer
-- at every batch). The hash only narrows the search: every lookup then compares the eventID itself
-- in that file's rows of events, so two eventIDs with one hash cost a few rows more, never a wrong
-- answer. (The file alone narrows enough: its position in it would make the index half again as big.)
-- The hash is the first 32 bits of the eventID's MD5 digest (its first 8 hex digits, read as a
-- number): defined by MD5 alone, not by DuckDB's hash() or md5_number*, which have changed between
-- DuckDB versions, because a store outlives the binary that wrote it. Never change event_id_hash:
-- stored rows use it (test/store/event-id-index.test.ts pins its value).
-- Ingest appends to event_id_index_tail; when the tail outgrows a sixteenth of the index, the two
-- are merged in order (src/store/bulk-load.ts). Lookups read both.
CREATE MACRO event_id_hash(id) AS ('0x' || md5(id)[1:8])::UINTEGER;

CREATE TABLE event_id_index (
  id_hash  UINTEGER NOT NULL,
  file_id  INTEGER NOT NULL
);

CREATE TABLE event_id_index_tail (
  id_hash  UINTEGER NOT NULL,
  file_id  INTEGER NOT NULL
);

INSERT INTO event_id_index
SELECT event_id_hash(event_id), file_id FROM events ORDER BY 1, 2;

-- identity_events: DuckDB's own (ART) indexes on the columns the tracer looks issuances up by. This
-- table is a few percent of events, so its indexes are small; without them each lookup decoded
-- the compressed working records of a whole vector around every match (~5 ms a lookup at a
-- million events, ten times that at ten million).
CREATE INDEX identity_events_issued_access_key_id ON identity_events (issued_access_key_id);

CREATE INDEX identity_events_issued_principal_id ON identity_events (issued_principal_id);

CREATE INDEX identity_events_issued_arn ON identity_events (issued_arn);

CREATE INDEX identity_events_shared_event_id ON identity_events (shared_event_id);

-- credential_contexts: the same, on the credential's key, which a trace's findings look its
-- contexts up by; queries/trace/credential-usage.sql asks with IN (SELECT unnest(…)), which DuckDB
-- answers from the index (a third less at ten million events). By ARN or session a lookup matches
-- hundreds of rows, which a scan reads as fast.
CREATE INDEX credential_contexts_access_key_id ON credential_contexts (access_key_id);
