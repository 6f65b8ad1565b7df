-- PostgreSQL's own objects of the store, applied after schema.sql when a new database is created (store/pg/schema.c).
-- Not in the comparison with the SQLite migrations (tests/pg/run.sh): SQLite has its own for each.

-- The schema version (SQLite's PRAGMA user_version): the number of the SQLite migration the schema matches.
CREATE TABLE takamul_schema (version bigint NOT NULL);

-- The highest id ever given to a row of the audit log, deleted rows included (SQLite's sqlite_sequence row of an
-- AUTOINCREMENT table): kept by a trigger, in the transaction of the append.
CREATE TABLE audit_given (id bigint NOT NULL);
INSERT INTO audit_given VALUES (0);
CREATE FUNCTION audit_given_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE audit_given SET id = NEW.id WHERE id < NEW.id;
  RETURN NEW;
END
$$;
CREATE TRIGGER audit_given_keep AFTER INSERT ON audit FOR EACH ROW EXECUTE FUNCTION audit_given_keep();

-- The text search index of studies (SQLite's FTS5 table study_search): one entry per study, the folded words of its
-- sections (src/text/search.h), each word a lexeme as it is (no parser, no dictionary: the words are folded already),
-- under a GIN index; a search is a tsquery of those words, a prefix with :*.
CREATE TABLE study_search (
  study_id bigint PRIMARY KEY,
  body text NOT NULL,
  words tsvector NOT NULL GENERATED ALWAYS AS (array_to_tsvector(array_remove(regexp_split_to_array(body, '\s+'), ''))) STORED
);
CREATE INDEX study_search_words ON study_search USING gin (words);

-- The change feed of the person index announced to every server (LISTEN takamul_person_changes): one notification
-- per transaction that wrote to it, sent when that transaction commits (NOTIFY folds equal ones), COPY included.
CREATE FUNCTION person_changes_announce() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('takamul_person_changes', '');
  RETURN NULL;
END
$$;
CREATE TRIGGER person_changes_announce AFTER INSERT ON person_changes FOR EACH STATEMENT
  EXECUTE FUNCTION person_changes_announce();
