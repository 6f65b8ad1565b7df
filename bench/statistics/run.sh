#!/bin/bash
# Statistics: every indicator of the dashboard for a manager's agency over the last twelve months, on BENCH_CASES
# synthetic cases (1 M by default) reported over ten years across the demo's offices (nearly all of those older than
# a year closed, half of the last year's), each with its principal person, one of 2,000 workers, three tasks (3 M), an incident on the family-violence ones, and a referral and a study on one in ten.
# A case is closed up to 200 days after its report, never later than halfway from its report to now (no closing in the
# future). Written straight into the database (a fill for reading); the counts of migration 32 are kept by its
# triggers as the rows go in, as they are by every write. Prints a Markdown table (docs/benchmarks.md).
# usage: bench/statistics/run.sh   (after a build; TAKAMUL_BIN names the binary, its bench_statistics beside it)
#        BENCH_DB=PATH keeps the filled database there, and a later run with the same BENCH_DB only reads it.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${TAKAMUL_BIN:-build/takamul}
BENCH=$(dirname "$BIN")/bench/bench_statistics
CASES=${BENCH_CASES:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# BENCH_DB=PATH keeps the filled database there, and a later run with the same BENCH_DB reads it again unfilled
if [ -n "${BENCH_DB:-}" ] && [ -f "$BENCH_DB" ]; then
  "$BENCH" "$BENCH_DB" "${BENCH_RUNS:-20}"
  exit
fi
"$BIN" init --db "$work/s.db" >/dev/null 2>&1
"$BIN" demo --db "$work/s.db" --set demo_cases_per_kind=0 >/dev/null 2>&1
echo "Filling $CASES cases over ten years..."
start=$(date +%s)
sqlite3 "$work/s.db" <<SQL
PRAGMA synchronous = OFF;
PRAGMA foreign_keys = OFF;
CREATE TEMP TABLE offices AS SELECT row_number() OVER (ORDER BY id) - 1 AS n, id, governorate FROM units
  WHERE type IN ('social_service_office', 'fjpd_office', 'juvenile_police_office', 'monitor_office');
CREATE TEMP TABLE worker AS SELECT min(id) AS id FROM users WHERE username = 'caseworker';
-- 2,000 social workers across the offices (about 35 open cases each)
INSERT INTO users (username, full_name, unit_id, roles, password_hash, created_at, updated_at, password_changed_at)
  SELECT printf('bench%04d', i), 'أخصائي', o.id, 1, 'x', unixepoch(), unixepoch(), unixepoch()
  FROM (WITH RECURSIVE w(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM w WHERE i < 1999) SELECT i FROM w) w
  JOIN offices o ON o.n = w.i % (SELECT count(*) FROM offices);
CREATE TEMP TABLE workers AS SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM users WHERE username LIKE 'bench%';
CREATE TEMP TABLE n AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $CASES) SELECT i FROM n;
INSERT INTO persons (id, first_name, father_name, family_name, sex, birth_year, key_first, key_father, key_family,
                     created_at, updated_at)
  SELECT 1000000 + i, 'سارة', 'محمد', 'العلي', CASE WHEN i % 3 = 0 THEN 'male' ELSE 'female' END, 1950 + i % 65,
         'ساره', 'محمد', 'علي', unixepoch(), unixepoch() FROM n;
INSERT INTO cases (id, reference, kind, unit_id, governorate, stage, sensitivity, summary, reported_at, created_at,
                   updated_at, closed_at, risk_level)
  SELECT 1000000 + i, printf('ST-%07d', i),
         CASE i % 4 WHEN 0 THEN 'family_violence' WHEN 1 THEN 'juvenile_conflict' WHEN 2 THEN 'juvenile_protection'
           ELSE 'inmate_family' END,
         o.id, o.governorate, CASE WHEN (i > $CASES / 10 AND i % 50 <> 0) OR (i <= $CASES / 10 AND i % 2 = 0) THEN 'closed' ELSE 'assessment' END, 'normal',
         'ملخص', unixepoch() - i * (315360000 / $CASES), unixepoch() - i * (315360000 / $CASES),
         unixepoch() - i * (315360000 / $CASES),
         CASE WHEN (i > $CASES / 10 AND i % 50 <> 0) OR (i <= $CASES / 10 AND i % 2 = 0) THEN min(unixepoch() - i * (315360000 / $CASES) + (i % 200) * 86400, unixepoch() - i * (315360000 / $CASES) / 2) END,
         CASE WHEN i % 7 = 0 THEN 'high' ELSE 'medium' END
  FROM n JOIN offices o ON o.n = i % (SELECT count(*) FROM offices);
INSERT INTO case_persons (case_id, person_id, role, added_at)
  SELECT 1000000 + i, 1000000 + i, CASE i % 4 WHEN 0 THEN 'victim' WHEN 3 THEN 'inmate' ELSE 'juvenile' END,
         unixepoch() FROM n;
INSERT INTO case_assignments (case_id, user_id, role, assigned_at)
  SELECT 1000000 + i, w.id, 'caseworker', unixepoch() - i * (315360000 / $CASES) + (i % 5) * 3600
  FROM n JOIN workers w ON w.n = i % 2000;
INSERT INTO case_tasks (case_id, kind, due_at)
  SELECT 1000000 + i, k.kind, unixepoch() + i FROM n
  JOIN (SELECT 'follow_up' AS kind UNION ALL SELECT 'plan_review' UNION ALL SELECT 'first_response') k;
INSERT INTO case_incidents (case_id, occurred_on, violence_types, created_at)
  SELECT 1000000 + i, date(unixepoch() - i * (315360000 / $CASES) - (i % 60) * 86400, 'unixepoch'),
         CASE i % 3 WHEN 0 THEN 'physical_assault' WHEN 1 THEN 'psychological_abuse,physical_assault' ELSE 'neglect' END,
         unixepoch()
  FROM n WHERE i % 4 = 0;
INSERT INTO referrals (case_id, kind, from_unit_id, to_unit_id, reason, urgency, sections, status, consent_basis,
                       sent_at, status_changed_at)
  SELECT 1000000 + i, 'referral', o.id, (SELECT id FROM offices WHERE n = (o.n + 1) % (SELECT count(*) FROM offices)),
         'خدمات', 'routine', 'summary', CASE i % 5 WHEN 0 THEN 'pending' WHEN 1 THEN 'accepted' WHEN 2 THEN 'rejected'
           ELSE 'completed' END, 'not_required', unixepoch() - i * (315360000 / $CASES),
         unixepoch() - i * (315360000 / $CASES)
  FROM n JOIN offices o ON o.n = i % (SELECT count(*) FROM offices) WHERE i % 10 = 0;
INSERT INTO studies (case_id, template, status, author_id, created_at, updated_at)
  SELECT 1000000 + i, (SELECT code FROM study_templates LIMIT 1), CASE i % 3 WHEN 0 THEN 'approved' WHEN 1 THEN 'returned'
    ELSE 'submitted' END, (SELECT id FROM worker), unixepoch() - i * (315360000 / $CASES),
    unixepoch() - i * (315360000 / $CASES)
  FROM n WHERE i % 10 = 5;
-- what the statistics count a case by, kept on the case (as the store keeps it, store_case_stat_refresh)
UPDATE cases SET
  principal_sex = (SELECT p.sex FROM case_persons x JOIN persons p ON p.id = x.person_id WHERE x.case_id = cases.id
    AND x.role IN ('victim', 'juvenile', 'inmate') ORDER BY x.id LIMIT 1),
  principal_birth_year = (SELECT p.birth_year FROM case_persons x JOIN persons p ON p.id = x.person_id
    WHERE x.case_id = cases.id AND x.role IN ('victim', 'juvenile', 'inmate') ORDER BY x.id LIMIT 1),
  first_violence = (SELECT i.violence_types FROM case_incidents i WHERE i.case_id = cases.id ORDER BY i.id LIMIT 1),
  first_incident_on = (SELECT i.occurred_on FROM case_incidents i WHERE i.case_id = cases.id ORDER BY i.id LIMIT 1),
  first_assigned_at = (SELECT min(a.assigned_at) FROM case_assignments a WHERE a.case_id = cases.id
    AND a.role IN ('caseworker', 'monitor')),
  first_assessed_at = (SELECT min(r.assessed_at) FROM case_risk_assessments r WHERE r.case_id = cases.id);
ANALYZE;
SQL
echo "filled in $(( $(date +%s) - start )) s; database: $(du -m "$work/s.db" | cut -f1) MB"
sync
if [ -n "${BENCH_DB:-}" ]; then
  mv "$work/s.db" "$BENCH_DB"
  "$BENCH" "$BENCH_DB" "${BENCH_RUNS:-20}"
else
  "$BENCH" "$work/s.db" "${BENCH_RUNS:-20}"
fi
