-- PostgreSQL's triggers that keep the statistics' counts (schema version 32), applied after engine.sql when a new
-- database is created and by the step to version 32 of an older one (store/pg/schema.c).
-- The counts of the case load kept for the statistics (SQLite's migration 32 keeps them by triggers of its own): the
-- cases reported in each month (in Amman, its first day's day number) by unit, kind, governorate, the principal
-- person's sex and age band in the year of the report and the first incident's acts; the cases open now by the same
-- keys; each worker's open cases; the deadlines of assignment and first response by the month their clock started,
-- whether the risk was high and the hours they took (rounded up; -1 not done; 721 longer than any setting). A key the
-- case lacks is ''. In the transaction of every write to the cases and their assignments; `takamul check` compares
-- them with the cases.
CREATE FUNCTION case_counts_move(r cases, delta bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  m bigint := extract(epoch FROM date_trunc('month', to_timestamp(r.reported_at + 10800) AT TIME ZONE 'UTC'))::bigint / 86400;
  a bigint := 1970 + (4 * ((r.reported_at + 10800) / 86400) + 2) / 1461 - r.principal_birth_year;
  b text := CASE WHEN a IS NULL OR a < 0 OR a > 150 THEN 'unknown' WHEN a < 12 THEN 'under_12' WHEN a < 15 THEN '12_14'
    WHEN a < 18 THEN '15_17' WHEN a < 30 THEN '18_29' WHEN a < 50 THEN '30_49' ELSE '50_plus' END;
  g text := COALESCE(r.governorate, '');
  s text := COALESCE(r.principal_sex, '');
  v text := COALESCE(r.first_violence, '');
  assigned bigint := extract(epoch FROM date_trunc('month', to_timestamp(r.created_at + 10800) AT TIME ZONE 'UTC'))::bigint / 86400;
  hr bigint := CASE WHEN r.risk_level = 'high' THEN 1 ELSE 0 END;
  took bigint := CASE WHEN r.first_assigned_at IS NULL THEN -1 WHEN r.first_assigned_at <= r.created_at THEN 0
    ELSE least((r.first_assigned_at - r.created_at + 3599) / 3600, 721) END;
  answered bigint := COALESCE(r.first_assessed_at, r.risk_assessed_at);
  answer bigint := CASE WHEN answered IS NULL THEN -1 WHEN answered <= r.reported_at THEN 0
    ELSE least((answered - r.reported_at + 3599) / 3600, 721) END;
BEGIN
  INSERT INTO deadline_month_counts AS k (month, deadline, unit_id, kind, governorate, high, hours, cases)
    VALUES (assigned, 'assignment', r.unit_id, r.kind, g, hr, took, delta)
    ON CONFLICT (month, deadline, unit_id, kind, governorate, high, hours) DO UPDATE SET cases = k.cases + delta;
  DELETE FROM deadline_month_counts k WHERE k.cases = 0 AND k.month = assigned AND k.deadline = 'assignment'
    AND k.unit_id = r.unit_id AND k.kind = r.kind AND k.governorate = g AND k.high = hr AND k.hours = took;
  IF r.kind = 'family_violence' THEN
    INSERT INTO deadline_month_counts AS k (month, deadline, unit_id, kind, governorate, high, hours, cases)
      VALUES (m, 'first_response', r.unit_id, r.kind, g, 0, answer, delta)
      ON CONFLICT (month, deadline, unit_id, kind, governorate, high, hours) DO UPDATE SET cases = k.cases + delta;
    DELETE FROM deadline_month_counts k WHERE k.cases = 0 AND k.month = m AND k.deadline = 'first_response'
      AND k.unit_id = r.unit_id AND k.kind = r.kind AND k.governorate = g AND k.high = 0 AND k.hours = answer;
  END IF;
  INSERT INTO case_month_counts AS k (month, unit_id, kind, governorate, sex, age_band, violence, cases)
    VALUES (m, r.unit_id, r.kind, g, s, b, v, delta)
    ON CONFLICT (month, unit_id, kind, governorate, sex, age_band, violence) DO UPDATE SET cases = k.cases + delta;
  DELETE FROM case_month_counts k WHERE k.cases = 0 AND k.month = m AND k.unit_id = r.unit_id AND k.kind = r.kind
    AND k.governorate = g AND k.sex = s AND k.age_band = b AND k.violence = v;
  IF r.stage <> 'closed' THEN
    INSERT INTO case_open_counts AS k (unit_id, kind, governorate, sex, age_band, violence, cases)
      VALUES (r.unit_id, r.kind, g, s, b, v, delta)
      ON CONFLICT (unit_id, kind, governorate, sex, age_band, violence) DO UPDATE SET cases = k.cases + delta;
    DELETE FROM case_open_counts k WHERE k.cases = 0 AND k.unit_id = r.unit_id AND k.kind = r.kind
      AND k.governorate = g AND k.sex = s AND k.age_band = b AND k.violence = v;
  END IF;
END
$$;
CREATE FUNCTION case_counts_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM case_counts_move(OLD, -1);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM case_counts_move(NEW, 1);
  END IF;
  IF TG_OP = 'UPDATE' AND (OLD.stage = 'closed') <> (NEW.stage = 'closed') THEN
    INSERT INTO worker_open_counts AS w (user_id, cases)
      SELECT x.user_id, CASE WHEN NEW.stage = 'closed' THEN -1 ELSE 1 END * count(*) FROM case_assignments x
      WHERE x.case_id = NEW.id AND x.ended_at IS NULL GROUP BY x.user_id
      ON CONFLICT (user_id) DO UPDATE SET cases = w.cases + excluded.cases;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER case_counts_keep AFTER INSERT OR DELETE OR UPDATE OF unit_id, kind, governorate, reported_at, stage,
  principal_sex, principal_birth_year, first_violence, created_at, risk_level, first_assigned_at, first_assessed_at,
  risk_assessed_at ON cases FOR EACH ROW EXECUTE FUNCTION case_counts_keep();
CREATE FUNCTION worker_counts_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.ended_at IS NULL THEN
    INSERT INTO worker_open_counts AS w (user_id, cases)
      SELECT OLD.user_id, -1 FROM cases c WHERE c.id = OLD.case_id AND c.stage <> 'closed'
      ON CONFLICT (user_id) DO UPDATE SET cases = w.cases - 1;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.ended_at IS NULL THEN
    INSERT INTO worker_open_counts AS w (user_id, cases)
      SELECT NEW.user_id, 1 FROM cases c WHERE c.id = NEW.case_id AND c.stage <> 'closed'
      ON CONFLICT (user_id) DO UPDATE SET cases = w.cases + 1;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER worker_counts_keep AFTER INSERT OR DELETE OR UPDATE OF case_id, user_id, ended_at ON case_assignments
  FOR EACH ROW EXECUTE FUNCTION worker_counts_keep();
