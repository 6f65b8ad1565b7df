-- No write of case data without its audit row, and no audit row of a write without its record: the check the failpoint
-- loop (scripts/failpoints.js) runs on the database after each run. Every line it prints is a problem; none, all is
-- well. A change of a case writes its history row (case_events) and its audit row of the same action on the case in
-- one transaction, so the two match one for one; each record of a case is counted against the history rows of the
-- action that makes it, and each version of a record against the changes recorded for it.

WITH events AS (
  SELECT case_id, action, count(*) AS n FROM case_events GROUP BY case_id, action
), audited AS (
  SELECT CAST(object_id AS INTEGER) AS case_id, action, count(*) AS n FROM audit
  WHERE object_type = 'case' AND outcome = 'ok' AND action IN (SELECT action FROM case_events)
  GROUP BY object_id, action
)
SELECT 'case ' || e.case_id || ': ' || e.n || ' history rows ' || e.action || ', ' || coalesce(a.n, 0) || ' audit rows'
FROM events e LEFT JOIN audited a ON a.case_id = e.case_id AND a.action = e.action
WHERE coalesce(a.n, 0) <> e.n
UNION ALL
SELECT 'case ' || a.case_id || ': ' || a.n || ' audit rows ' || a.action || ', no history row'
FROM audited a LEFT JOIN events e ON e.case_id = a.case_id AND e.action = a.action
WHERE e.n IS NULL;

-- An audit row of a change on a case or person that does not exist: the change was undone, its audit row kept.
SELECT 'audit row ' || id || ' (' || action || ') names the missing case ' || object_id FROM audit
WHERE object_type = 'case' AND outcome = 'ok' AND object_id IS NOT NULL
  AND CAST(object_id AS INTEGER) NOT IN (SELECT id FROM cases);
SELECT 'audit row ' || id || ' (' || action || ') names the missing person ' || object_id FROM audit
WHERE object_type = 'person' AND outcome = 'ok' AND action = 'person.create'
  AND CAST(object_id AS INTEGER) NOT IN (SELECT id FROM persons);
SELECT 'audit row ' || id || ' (' || action || ') names the missing study ' || object_id FROM audit
WHERE object_type = 'study' AND outcome = 'ok' AND object_id IS NOT NULL
  AND CAST(object_id AS INTEGER) NOT IN (SELECT id FROM studies);

-- Records without the audited change that made them.
SELECT 'person ' || p.id || ' has no audit row' FROM persons p
WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.object_type = 'person' AND a.object_id = CAST(p.id AS TEXT));

WITH made(what, case_id, n) AS (
  SELECT 'case.create', id, 1 FROM cases
  UNION ALL SELECT 'case.note', case_id, count(*) FROM case_notes GROUP BY case_id
  UNION ALL SELECT 'case.person.add', case_id, count(*) FROM case_persons GROUP BY case_id
  UNION ALL SELECT 'case.assign', case_id, count(*) FROM case_assignments GROUP BY case_id
  UNION ALL SELECT 'send', case_id, count(*) FROM referrals GROUP BY case_id
  UNION ALL SELECT 'case.study.create', case_id, count(*) FROM studies GROUP BY case_id
  UNION ALL SELECT 'case.study.submit', s.case_id, count(*) FROM study_versions v JOIN studies s ON s.id = v.study_id
    GROUP BY s.case_id
), recorded(what, case_id, n) AS (
  SELECT m.what, m.case_id, (SELECT count(*) FROM case_events e WHERE e.case_id = m.case_id AND CASE m.what
      WHEN 'case.note' THEN e.action LIKE '%note%' OR e.action LIKE '%followup%'
      WHEN 'case.assign' THEN e.action LIKE 'case.assign%'
      WHEN 'send' THEN e.action LIKE 'case.%.send'
      ELSE e.action = m.what END)
  FROM made m
)
SELECT 'case ' || m.case_id || ': ' || m.n || ' records of ' || m.what || ', ' || r.n || ' recorded changes'
FROM made m JOIN recorded r ON r.what = m.what AND r.case_id = m.case_id
WHERE (m.what = 'case.create' AND r.n <> 1) OR r.n < m.n;

-- Each version after the first is a change, and each change has its history or audit row.
SELECT 'case ' || c.id || ' at version ' || c.version || ' with ' || count(e.id) || ' recorded changes'
FROM cases c LEFT JOIN case_events e ON e.case_id = c.id GROUP BY c.id HAVING c.version > count(e.id);
SELECT 'referral ' || r.id || ' at version ' || r.version || ' with ' || count(e.id) || ' recorded changes'
FROM referrals r LEFT JOIN case_events e ON e.case_id = r.case_id AND (e.action LIKE 'case.referral.%'
  OR e.action LIKE 'case.transfer.%')
GROUP BY r.id HAVING r.version > count(e.id);
SELECT 'study ' || s.id || ' at version ' || s.version || ' with fewer recorded changes'
FROM studies s
WHERE s.version > (SELECT count(*) FROM case_events e WHERE e.case_id = s.case_id AND e.action LIKE 'case.study.%')
  + (SELECT count(*) FROM audit a WHERE a.object_type = 'study' AND a.object_id = CAST(s.id AS TEXT)
     AND a.outcome = 'ok' AND a.action = 'study.save');
