-- PostgreSQL's announcement of the person change feed (schema version 31), applied after engine.sql when a new
-- database is created and by the step to version 31 of an older one (store/pg/schema.c).
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
