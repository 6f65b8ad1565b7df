/* The numbered schema migrations. A migration is never edited once released: changes come as a new one. */
#include "store/sqlite/migrations.h"
#include "store/case_counts.h"

#include "store/studies.h"

static const char migration_1[] =
    "CREATE TABLE agencies ("
    "  code TEXT PRIMARY KEY CHECK (code IN ('mosd', 'psd')),"
    "  name_ar TEXT NOT NULL, name_en TEXT NOT NULL);"
    "INSERT INTO agencies VALUES"
    "  ('mosd', 'وزارة التنمية الاجتماعية', 'Ministry of Social Development'),"
    "  ('psd', 'مديرية الأمن العام', 'Public Security Directorate');"
    "CREATE TABLE governorates ("
    "  code TEXT PRIMARY KEY, name_ar TEXT NOT NULL, name_en TEXT NOT NULL, position INTEGER NOT NULL);"
    "INSERT INTO governorates VALUES"
    "  ('amman', 'عمان', 'Amman', 1), ('irbid', 'إربد', 'Irbid', 2), ('zarqa', 'الزرقاء', 'Zarqa', 3),"
    "  ('balqa', 'البلقاء', 'Balqa', 4), ('mafraq', 'المفرق', 'Mafraq', 5), ('karak', 'الكرك', 'Karak', 6),"
    "  ('jerash', 'جرش', 'Jerash', 7), ('madaba', 'مادبا', 'Madaba', 8), ('ajloun', 'عجلون', 'Ajloun', 9),"
    "  ('aqaba', 'العقبة', 'Aqaba', 10), ('tafilah', 'الطفيلة', 'Tafilah', 11), ('maan', 'معان', 'Ma''an', 12);"
    "CREATE TABLE units ("
    "  id INTEGER PRIMARY KEY,"
    "  code TEXT NOT NULL UNIQUE,"
    "  name_ar TEXT NOT NULL, name_en TEXT NOT NULL,"
    "  type TEXT NOT NULL,"
    "  agency TEXT NOT NULL REFERENCES agencies(code),"
    "  governorate TEXT REFERENCES governorates(code),"
    "  parent_id INTEGER REFERENCES units(id),"
    "  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),"
    "  version INTEGER NOT NULL DEFAULT 1,"
    "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);"
    "CREATE INDEX units_parent ON units(parent_id);"
    /* roles is a bit set: caseworker 1, monitor 2, officer 4, supervisor 8, manager 16, committee 32,
     * auditor 64, admin 128. The bits are stable: never renumber them. */
    "CREATE TABLE users ("
    "  id INTEGER PRIMARY KEY,"
    "  username TEXT NOT NULL UNIQUE COLLATE NOCASE,"
    "  full_name TEXT NOT NULL,"
    "  unit_id INTEGER NOT NULL REFERENCES units(id),"
    "  roles INTEGER NOT NULL CHECK (roles > 0 AND roles < 256),"
    "  password_hash TEXT NOT NULL,"
    "  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),"
    "  version INTEGER NOT NULL DEFAULT 1,"
    "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
    "  password_changed_at INTEGER NOT NULL, last_login_at INTEGER);"
    "CREATE INDEX users_unit ON users(unit_id);"
    "CREATE TABLE audit ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  at INTEGER NOT NULL, at_micros INTEGER NOT NULL,"
    "  user_id INTEGER, username TEXT, unit_id INTEGER,"
    "  action TEXT NOT NULL, object_type TEXT, object_id TEXT,"
    "  outcome TEXT NOT NULL, client_addr TEXT, detail TEXT,"
    "  hash BLOB NOT NULL);"
    "CREATE INDEX audit_user ON audit(user_id, id);"
    "CREATE INDEX audit_object ON audit(object_type, object_id, id);"
    "CREATE INDEX audit_action ON audit(action, id);"
    "CREATE INDEX audit_at ON audit(at);";

static const char migration_2[] =
    "CREATE TABLE sessions ("
    "  id INTEGER PRIMARY KEY,"
    "  token_hash BLOB NOT NULL UNIQUE,"
    "  user_id INTEGER NOT NULL REFERENCES users(id),"
    "  created_at INTEGER NOT NULL, last_seen_at INTEGER NOT NULL, ended_at INTEGER,"
    "  client_addr TEXT);"
    "CREATE INDEX sessions_user ON sessions(user_id);"
    "CREATE TABLE api_tokens ("
    "  id INTEGER PRIMARY KEY,"
    "  token_hash BLOB NOT NULL UNIQUE,"
    "  user_id INTEGER NOT NULL REFERENCES users(id),"
    "  label TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, revoked_at INTEGER, last_used_at INTEGER);"
    "CREATE INDEX api_tokens_user ON api_tokens(user_id);"
    /* Failed logins by the lower-cased name typed, known or not, so a lockout never tells which names exist.
     * device_hash is set when the browser showed a device cookie of that account. */
    "CREATE TABLE login_failures ("
    "  id INTEGER PRIMARY KEY, name_key TEXT NOT NULL, device_hash BLOB, at INTEGER NOT NULL);"
    "CREATE INDEX login_failures_name ON login_failures(name_key, at);"
    "CREATE TABLE trusted_devices ("
    "  token_hash BLOB PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users(id),"
    "  created_at INTEGER NOT NULL, last_used_at INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE INDEX trusted_devices_user ON trusted_devices(user_id);";

/* The person registry. Names are kept exactly as typed; the key_ columns hold their folded forms (src/text/arabic.c)
 * for search. A merged record keeps its row, pointing at the kept one, so a merge can be undone. */
static const char migration_3[] =
    "CREATE TABLE persons ("
    "  id INTEGER PRIMARY KEY,"
    "  first_name TEXT NOT NULL, father_name TEXT NOT NULL, grandfather_name TEXT, family_name TEXT NOT NULL,"
    "  latin_name TEXT,"
    "  national_id TEXT CHECK (national_id IS NULL OR (length(national_id) = 10 AND national_id NOT GLOB '*[^0-9]*')),"
    "  document_type TEXT, document_number TEXT,"
    "  birth_date TEXT, birth_year INTEGER, birth_year_estimated INTEGER NOT NULL DEFAULT 0,"
    "  sex TEXT NOT NULL CHECK (sex IN ('female', 'male')),"
    "  nationality TEXT,"
    "  governorate TEXT REFERENCES governorates(code),"
    "  address TEXT, phones TEXT, disability TEXT, notes TEXT,"
    "  key_first TEXT NOT NULL, key_father TEXT NOT NULL, key_grandfather TEXT, key_family TEXT NOT NULL,"
    "  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'merged')),"
    "  merged_into INTEGER REFERENCES persons(id),"
    "  created_by INTEGER REFERENCES users(id), updated_by INTEGER REFERENCES users(id),"
    "  version INTEGER NOT NULL DEFAULT 1,"
    "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);"
    "CREATE UNIQUE INDEX persons_national_id ON persons(national_id) WHERE national_id IS NOT NULL AND status = 'active';"
    "CREATE UNIQUE INDEX persons_document ON persons(document_type, document_number)"
    "  WHERE document_number IS NOT NULL AND status = 'active';"
    /* relation: what the relative is to the person. Each link is written in both directions. */
    "CREATE TABLE person_links ("
    "  id INTEGER PRIMARY KEY,"
    "  person_id INTEGER NOT NULL REFERENCES persons(id),"
    "  relative_id INTEGER NOT NULL REFERENCES persons(id),"
    "  relation TEXT NOT NULL CHECK (relation IN ('spouse', 'parent', 'child', 'sibling', 'grandparent',"
    "    'grandchild', 'relative', 'guardian', 'ward')),"
    "  degree INTEGER CHECK (degree IS NULL OR degree BETWEEN 1 AND 6),"
    "  pair_id INTEGER,"
    "  created_by INTEGER REFERENCES users(id), created_at INTEGER NOT NULL,"
    "  CHECK (person_id != relative_id));"
    /* one relation between two persons: a parent cannot also be recorded as the child */
    "CREATE UNIQUE INDEX person_links_pair ON person_links(person_id, relative_id);"
    "CREATE INDEX person_links_relative ON person_links(relative_id);"
    /* A merge keeps the links it moved or removed, so it can be undone exactly. */
    "CREATE TABLE person_merges ("
    "  id INTEGER PRIMARY KEY,"
    "  kept_id INTEGER NOT NULL REFERENCES persons(id), merged_id INTEGER NOT NULL REFERENCES persons(id),"
    "  reason TEXT NOT NULL, merged_by INTEGER REFERENCES users(id), merged_at INTEGER NOT NULL,"
    "  undone_by INTEGER REFERENCES users(id), undone_at INTEGER, undo_reason TEXT);"
    "CREATE INDEX person_merges_kept ON person_merges(kept_id);"
    "CREATE INDEX person_merges_merged ON person_merges(merged_id);"
    "CREATE TABLE person_merge_links ("
    "  merge_id INTEGER NOT NULL REFERENCES person_merges(id), link_id INTEGER NOT NULL,"
    "  person_id INTEGER NOT NULL, relative_id INTEGER NOT NULL, relation TEXT NOT NULL, degree INTEGER,"
    "  pair_id INTEGER, created_by INTEGER, created_at INTEGER NOT NULL);"
    "CREATE INDEX person_merge_links_merge ON person_merge_links(merge_id);";

/* Family links get ids never used before (AUTOINCREMENT): undoing a merge deletes the links it moved by their ids,
 * which must not have been given meanwhile to a new link. */
static const char migration_4[] =
    "CREATE TABLE person_links_new ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  person_id INTEGER NOT NULL REFERENCES persons(id),"
    "  relative_id INTEGER NOT NULL REFERENCES persons(id),"
    "  relation TEXT NOT NULL CHECK (relation IN ('spouse', 'parent', 'child', 'sibling', 'grandparent',"
    "    'grandchild', 'relative', 'guardian', 'ward')),"
    "  degree INTEGER CHECK (degree IS NULL OR degree BETWEEN 1 AND 6),"
    "  pair_id INTEGER,"
    "  created_by INTEGER REFERENCES users(id), created_at INTEGER NOT NULL,"
    "  CHECK (person_id != relative_id));"
    "INSERT INTO person_links_new (id, person_id, relative_id, relation, degree, pair_id, created_by, created_at)"
    "  SELECT id, person_id, relative_id, relation, degree, pair_id, created_by, created_at FROM person_links;"
    "DROP TABLE person_links;"
    "ALTER TABLE person_links_new RENAME TO person_links;"
    "CREATE UNIQUE INDEX person_links_pair ON person_links(person_id, relative_id);"
    "CREATE INDEX person_links_relative ON person_links(relative_id);"
    /* ids already given and since deleted, as far as the merges kept them, are not given again either */
    "INSERT INTO sqlite_sequence (name, seq) SELECT 'person_links', 0"
    "  WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'person_links');"
    "UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(link_id), 0) FROM person_merge_links))"
    "  WHERE name = 'person_links';";

/* Cases: the four kinds, their workers, persons in roles, incidents, notes, history and the tasks their deadlines
 * make. Kind-specific facts are columns (NULL for the other kinds), so that lists and statistics can filter on
 * them. */
static const char migration_5[] =
    "CREATE TABLE case_counters (kind TEXT NOT NULL, year INTEGER NOT NULL, last INTEGER NOT NULL,"
    "  PRIMARY KEY (kind, year));"
    "CREATE TABLE cases ("
    "  id INTEGER PRIMARY KEY,"
    "  reference TEXT NOT NULL UNIQUE,"
    "  kind TEXT NOT NULL CHECK (kind IN ('family_violence', 'juvenile_conflict', 'juvenile_protection',"
    "    'inmate_family')),"
    "  unit_id INTEGER NOT NULL REFERENCES units(id),"
    "  governorate TEXT REFERENCES governorates(code),"
    "  stage TEXT NOT NULL DEFAULT 'registration' CHECK (stage IN ('registration', 'assessment', 'case_plan',"
    "    'implementation', 'follow_up', 'closed')),"
    "  closure_requested INTEGER NOT NULL DEFAULT 0,"
    "  closure_reason TEXT, closure_requested_by INTEGER REFERENCES users(id), closure_requested_at INTEGER,"
    "  closed_by INTEGER REFERENCES users(id), closed_at INTEGER,"
    "  risk_level TEXT CHECK (risk_level IN ('high', 'medium', 'low')),"
    "  risk_assessment TEXT, risk_assessed_by INTEGER REFERENCES users(id), risk_assessed_at INTEGER,"
    "  sensitivity TEXT NOT NULL DEFAULT 'normal' CHECK (sensitivity IN ('normal', 'restricted')),"
    "  summary TEXT,"
    "  reported_at INTEGER NOT NULL,"
    "  act_date TEXT,"
    "  offence TEXT, legal_class TEXT CHECK (legal_class IN ('violation', 'misdemeanour', 'felony')),"
    "  complaint_date TEXT, arrest_date TEXT, settlement_eligible INTEGER,"
    "  protection_grounds TEXT,"
    "  centre_unit_id INTEGER REFERENCES units(id), admission_date TEXT, sentence TEXT, expected_release TEXT,"
    "  transferred_at INTEGER, family_notified_at INTEGER,"
    "  settlement_started TEXT, settlement_extended INTEGER NOT NULL DEFAULT 0,"
    "  detention_started TEXT, detention_renewals INTEGER NOT NULL DEFAULT 0,"
    "  last_monitor_report TEXT, next_follow_up TEXT,"
    "  created_by INTEGER REFERENCES users(id), updated_by INTEGER REFERENCES users(id),"
    "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, version INTEGER NOT NULL DEFAULT 1);"
    "CREATE INDEX cases_unit ON cases(unit_id, id);"
    "CREATE INDEX cases_kind ON cases(kind, stage, id);"
    "CREATE INDEX cases_reported ON cases(reported_at);"
    "CREATE TABLE case_assignments ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id), user_id INTEGER NOT NULL REFERENCES users(id),"
    "  role TEXT NOT NULL CHECK (role IN ('caseworker', 'monitor', 'officer')),"
    "  assigned_by INTEGER REFERENCES users(id), assigned_at INTEGER NOT NULL,"
    "  ended_by INTEGER REFERENCES users(id), ended_at INTEGER);"
    "CREATE UNIQUE INDEX case_assignments_current ON case_assignments(case_id, role) WHERE ended_at IS NULL;"
    "CREATE INDEX case_assignments_user ON case_assignments(user_id, case_id) WHERE ended_at IS NULL;"
    /* ids never given twice: undoing a person merge deletes the rows it moved by their ids */
    "CREATE TABLE case_persons ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id), person_id INTEGER NOT NULL REFERENCES persons(id),"
    "  role TEXT NOT NULL CHECK (role IN ('victim', 'alleged_perpetrator', 'juvenile', 'inmate', 'family_member',"
    "    'guardian', 'reporter', 'witness')),"
    "  added_by INTEGER REFERENCES users(id), added_at INTEGER NOT NULL,"
    "  UNIQUE (case_id, person_id, role));"
    "CREATE INDEX case_persons_person ON case_persons(person_id);"
    /* the case roles of a person merged into another, as they were, so that the merge can be undone */
    "CREATE TABLE person_merge_cases ("
    "  merge_id INTEGER NOT NULL REFERENCES person_merges(id), case_person_id INTEGER NOT NULL,"
    "  case_id INTEGER NOT NULL, person_id INTEGER NOT NULL, role TEXT NOT NULL, added_by INTEGER,"
    "  added_at INTEGER NOT NULL);"
    "CREATE INDEX person_merge_cases_merge ON person_merge_cases(merge_id);"
    "CREATE TABLE case_incidents ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  occurred_on TEXT NOT NULL, place TEXT, violence_types TEXT NOT NULL, perpetrator_relationship TEXT,"
    "  legal_class TEXT CHECK (legal_class IN ('violation', 'misdemeanour', 'felony')), identified_by TEXT,"
    "  description TEXT,"
    "  created_by INTEGER REFERENCES users(id), created_at INTEGER NOT NULL);"
    "CREATE INDEX case_incidents_case ON case_incidents(case_id);"
    "CREATE TABLE case_notes ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('note', 'home_visit', 'call', 'session', 'conference')),"
    "  occurred_on TEXT NOT NULL, participants TEXT, body TEXT NOT NULL,"
    "  author_id INTEGER REFERENCES users(id), created_at INTEGER NOT NULL);"
    "CREATE INDEX case_notes_case ON case_notes(case_id, id);"
    "CREATE TABLE case_events ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  at INTEGER NOT NULL, user_id INTEGER REFERENCES users(id), action TEXT NOT NULL, detail TEXT);"
    "CREATE INDEX case_events_case ON case_events(case_id, id);"
    /* The open deadlines of each case, recomputed from the case at every change. */
    "CREATE TABLE case_tasks ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  kind TEXT NOT NULL, due_at INTEGER NOT NULL, detail TEXT,"
    "  UNIQUE (case_id, kind));"
    "CREATE INDEX case_tasks_due ON case_tasks(due_at);";

/* The audit log's index by record. Rows of random records, filed one by one, each dirtied an index page of their
 * own in every commit of the audit writer; the writer now files them in batches of a few thousand, sorted, into
 * buckets of 65,536 rows (bucket = id >> 16), so a batch lands in a few hundred pages. audit_filed.upto is the
 * last row filed: a search by record reads the newer rows from the log itself. */
static const char migration_6[] =
    "DROP INDEX audit_object;"
    "CREATE TABLE audit_objects ("
    "  bucket INTEGER NOT NULL, object_type TEXT NOT NULL, object_id TEXT NOT NULL, audit_id INTEGER NOT NULL,"
    "  PRIMARY KEY (bucket, object_type, object_id, audit_id)) WITHOUT ROWID;"
    "CREATE TABLE audit_filed (id INTEGER PRIMARY KEY CHECK (id = 1), upto INTEGER NOT NULL);"
    "INSERT INTO audit_objects SELECT id >> 16, object_type, object_id, id FROM audit"
    "  WHERE object_type IS NOT NULL AND object_id IS NOT NULL ORDER BY 1, 2, 3, 4;"
    "INSERT INTO audit_filed VALUES (1, (SELECT coalesce(max(id), 0) FROM audit));";

/* The follow-up schedule of a case: contacts planned ahead (visits, calls, sessions, conferences), each recorded
 * by a note when it happens (done) or cancelled with a reason. */
static const char migration_7[] =
    "CREATE TABLE case_followups ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('home_visit', 'call', 'session', 'conference')),"
    "  due_on TEXT NOT NULL, participants TEXT,"
    "  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'done', 'cancelled')),"
    "  note_id INTEGER REFERENCES case_notes(id), reason TEXT,"
    "  created_by INTEGER REFERENCES users(id), created_at INTEGER NOT NULL,"
    "  closed_by INTEGER REFERENCES users(id), closed_at INTEGER);"
    "CREATE INDEX case_followups_case ON case_followups(case_id, status, due_on);";

/* The joint work between units: consents recorded on a case, referrals and transfers from one unit to another with the
 * sections of the case they share, the services of a case plan, and the log of every sharing of personal data with
 * another unit (PDPL 2023 art. 14). */
static const char migration_8[] =
    "CREATE TABLE case_consents ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  person_id INTEGER NOT NULL REFERENCES persons(id),"
    "  method TEXT NOT NULL CHECK (method IN ('written', 'verbal', 'electronic')),"
    "  given_on TEXT NOT NULL, scope TEXT NOT NULL,"
    "  recorded_by INTEGER REFERENCES users(id), recorded_at INTEGER NOT NULL,"
    "  withdrawn_by INTEGER REFERENCES users(id), withdrawn_at INTEGER);"
    "CREATE INDEX case_consents_case ON case_consents(case_id);"
    "CREATE TABLE referrals ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('referral', 'transfer')),"
    "  from_unit_id INTEGER NOT NULL REFERENCES units(id),"
    "  to_unit_id INTEGER NOT NULL REFERENCES units(id),"
    "  reason TEXT NOT NULL,"
    "  urgency TEXT NOT NULL CHECK (urgency IN ('routine', 'urgent', 'emergency')),"
    "  sections TEXT NOT NULL,"
    "  status TEXT NOT NULL DEFAULT 'pending'"
    "    CHECK (status IN ('pending', 'accepted', 'rejected', 'revoked', 'completed')),"
    "  status_reason TEXT,"
    "  consent_basis TEXT NOT NULL CHECK (consent_basis IN ('consent', 'child', 'not_required', 'override')),"
    "  consent_ids TEXT, override_reason TEXT,"
    "  sent_by INTEGER REFERENCES users(id), sent_at INTEGER NOT NULL,"
    "  decided_by INTEGER REFERENCES users(id), decided_at INTEGER,"
    "  status_changed_at INTEGER NOT NULL,"
    "  version INTEGER NOT NULL DEFAULT 1);"
    "CREATE INDEX referrals_case ON referrals(case_id);"
    "CREATE INDEX referrals_to ON referrals(to_unit_id, status, id);"
    "CREATE INDEX referrals_from ON referrals(from_unit_id, status, id);"
    "CREATE TABLE case_services ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  type TEXT NOT NULL,"
    "  unit_id INTEGER REFERENCES units(id), provider TEXT,"
    "  due_on TEXT,"
    "  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'referred', 'provided',"
    "    'received_elsewhere', 'declined', 'unavailable')),"
    "  notes TEXT,"
    "  referral_id INTEGER REFERENCES referrals(id),"
    "  created_by INTEGER REFERENCES users(id), created_at INTEGER NOT NULL,"
    "  updated_by INTEGER REFERENCES users(id), updated_at INTEGER NOT NULL,"
    "  version INTEGER NOT NULL DEFAULT 1,"
    "  CHECK (unit_id IS NOT NULL OR provider IS NOT NULL));"
    "CREATE INDEX case_services_case ON case_services(case_id);"
    "CREATE INDEX case_services_unit ON case_services(unit_id, status);"
    "CREATE TABLE data_sharing ("
    "  id INTEGER PRIMARY KEY,"
    "  at INTEGER NOT NULL,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  referral_id INTEGER REFERENCES referrals(id),"
    "  from_unit_id INTEGER NOT NULL REFERENCES units(id),"
    "  to_unit_id INTEGER NOT NULL REFERENCES units(id),"
    "  event TEXT NOT NULL, sections TEXT NOT NULL, persons TEXT,"
    "  basis TEXT NOT NULL, user_id INTEGER REFERENCES users(id));"
    "CREATE INDEX data_sharing_case ON data_sharing(case_id, id);"
    "CREATE INDEX data_sharing_to ON data_sharing(to_unit_id, id);";

/* Social studies (الدراسة الاجتماعية). The templates are data: their sections, in the order of the law's headings
 * (Juveniles Law art. 11 for a juvenile), with Arabic and English titles. A study keeps its text by section; each
 * submission to a supervisor is a numbered version with its sections as submitted. */
static const char migration_9[] =
    "CREATE TABLE study_templates ("
    "  code TEXT PRIMARY KEY, name_ar TEXT NOT NULL, name_en TEXT NOT NULL,"
    "  kinds TEXT NOT NULL, position INTEGER NOT NULL);"
    "CREATE TABLE study_template_sections ("
    "  template TEXT NOT NULL REFERENCES study_templates(code), key TEXT NOT NULL,"
    "  title_ar TEXT NOT NULL, title_en TEXT NOT NULL, kinds TEXT, position INTEGER NOT NULL,"
    "  PRIMARY KEY (template, key)) WITHOUT ROWID;"
    "INSERT INTO study_templates VALUES"
    "  ('juvenile', 'دراسة اجتماعية لحدث (المادة ١١ من قانون الأحداث)',"
    "   'Social study of a juvenile (Juveniles Law art. 11)', 'juvenile_conflict,juvenile_protection', 1),"
    "  ('fv_settlement', 'دراسة اجتماعية لتسوية نزاع أسري', 'Social study for a family-violence settlement',"
    "   'family_violence', 2),"
    "  ('inmate_family', 'دراسة اجتماعية لأسرة نزيل', 'Social study of an inmate''s family', 'inmate_family', 3);"
    "INSERT INTO study_template_sections VALUES"
    "  ('juvenile', 'family', 'الحدث وأسرته', 'The juvenile and the family', NULL, 1),"
    "  ('juvenile', 'circumstances', 'الظروف المادية والاجتماعية', 'Material and social circumstances', NULL, 2),"
    "  ('juvenile', 'upbringing', 'البيئة التي نشأ فيها', 'The environment of upbringing', NULL, 3),"
    "  ('juvenile', 'school', 'المدرسة والتحصيل الدراسي', 'School and attainment', NULL, 4),"
    "  ('juvenile', 'health', 'الحالة الصحية (المادة ٣٦)', 'Health (art. 36)', 'juvenile_protection', 5),"
    "  ('juvenile', 'act', 'ظروف ارتكاب الفعل', 'The circumstances of the act', 'juvenile_conflict', 6),"
    "  ('juvenile', 'assessment', 'رأي مراقب السلوك والتدبير المقترح',"
    "   'The monitor''s assessment and the recommended measure', NULL, 7),"
    "  ('fv_settlement', 'family', 'وضع الأسرة', 'The family''s situation', NULL, 1),"
    "  ('fv_settlement', 'parties', 'أطراف النزاع', 'The parties', NULL, 2),"
    "  ('fv_settlement', 'risk', 'تقييم الخطورة', 'The risk', NULL, 3),"
    "  ('fv_settlement', 'recommendation', 'التوصية', 'The recommendation', NULL, 4),"
    "  ('inmate_family', 'needs', 'احتياجات الأسرة', 'The family''s needs', NULL, 1),"
    "  ('inmate_family', 'income', 'الدخل ومصادره', 'Income', NULL, 2),"
    "  ('inmate_family', 'children', 'الأطفال', 'The children', NULL, 3),"
    "  ('inmate_family', 'services', 'الخدمات الموصى بها', 'The services recommended', NULL, 4);"
    "CREATE TABLE studies ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  template TEXT NOT NULL REFERENCES study_templates(code),"
    "  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'returned', 'approved')),"
    "  author_id INTEGER NOT NULL REFERENCES users(id),"
    "  submissions INTEGER NOT NULL DEFAULT 0,"
    "  review_comment TEXT, reviewed_by INTEGER REFERENCES users(id), reviewed_at INTEGER,"
    "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, version INTEGER NOT NULL DEFAULT 1);"
    "CREATE INDEX studies_case ON studies(case_id);"
    "CREATE TABLE study_sections ("
    "  study_id INTEGER NOT NULL REFERENCES studies(id), key TEXT NOT NULL, body TEXT NOT NULL,"
    "  PRIMARY KEY (study_id, key)) WITHOUT ROWID;"
    "CREATE TABLE study_versions ("
    "  study_id INTEGER NOT NULL REFERENCES studies(id), number INTEGER NOT NULL,"
    "  submitted_by INTEGER REFERENCES users(id), submitted_at INTEGER NOT NULL,"
    "  outcome TEXT NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'returned', 'approved')),"
    "  comment TEXT, decided_by INTEGER REFERENCES users(id), decided_at INTEGER,"
    "  PRIMARY KEY (study_id, number)) WITHOUT ROWID;"
    "CREATE TABLE study_version_sections ("
    "  study_id INTEGER NOT NULL, number INTEGER NOT NULL, key TEXT NOT NULL, body TEXT NOT NULL,"
    "  PRIMARY KEY (study_id, number, key),"
    "  FOREIGN KEY (study_id, number) REFERENCES study_versions(study_id, number)) WITHOUT ROWID;";

/* Follow-up reports on a juvenile, every three months (a monitor's report on a placement or a supervision
 * measure), and the search index over the text of studies: the folded words of each study and their other forms
 * (text/search.h), one entry per study (its id), and the words it holds. The index is filled after the migrations
 * (pending work reindex_studies), by the code of the schema they end at. */
static const char migration_10[] =
    "INSERT INTO study_templates VALUES"
    "  ('followup_report', 'تقرير متابعة دوري لحدث (كل ثلاثة أشهر)',"
    "   'Periodic follow-up report on a juvenile (every three months)', 'juvenile_conflict,juvenile_protection', 4);"
    "INSERT INTO study_template_sections VALUES"
    "  ('followup_report', 'period', 'الفترة التي يغطيها التقرير والتدبير المتخذ',"
    "   'The period covered and the measure in force', NULL, 1),"
    "  ('followup_report', 'progress', 'سلوك الحدث وتطوره خلال الفترة', 'The juvenile''s behaviour and progress',"
    "   NULL, 2),"
    "  ('followup_report', 'family', 'التواصل مع الأسرة وظروفها', 'Contact with the family and its circumstances',"
    "   NULL, 3),"
    "  ('followup_report', 'education', 'التعليم أو التدريب والحالة الصحية', 'Education or training, and health',"
    "   NULL, 4),"
    "  ('followup_report', 'recommendation', 'رأي مراقب السلوك والتوصية باستمرار التدبير أو تعديله أو إنهائه',"
    "   'The monitor''s assessment: continue, change or end the measure', NULL, 5);"
    "CREATE VIRTUAL TABLE study_search USING fts5(body, tokenize = 'unicode61 remove_diacritics 0');"
    "CREATE TABLE study_terms (term TEXT PRIMARY KEY) WITHOUT ROWID;"
    "CREATE TABLE pending_work (name TEXT PRIMARY KEY) WITHOUT ROWID;"
    "INSERT INTO pending_work VALUES ('reindex_studies');"
    "CREATE INDEX studies_author ON studies(author_id, id);"
    "CREATE INDEX studies_status ON studies(status, id);";

/* A password an administrator set for someone else (a reset, or a new account's first password) opens a session that
 * can do nothing but change it: the administrator never knows a password that reaches case content. */
static const char migration_11[] = "ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0"
                                   "  CHECK (must_change_password IN (0, 1));";

/* What each user has marked read among their notifications, which are derived from the records when read: an event
 * (the kind, the record, its time) stays read, and a new event about the same record (a study returned again) is
 * new. */
static const char migration_12[] = "CREATE TABLE notification_reads ("
                                   "  user_id INTEGER NOT NULL REFERENCES users(id),"
                                   "  kind TEXT NOT NULL, object_id INTEGER NOT NULL, event_at INTEGER NOT NULL,"
                                   "  read_at INTEGER NOT NULL,"
                                   "  PRIMARY KEY (user_id, kind, object_id, event_at)) WITHOUT ROWID;";

/* One notion of a case's next follow-up: the schedule. A date typed into the case's own field becomes a planned
 * contact (a call, unless the schedule already has one planned on or before it), and the field goes. */
static const char migration_13[] =
    "INSERT INTO case_followups (case_id, kind, due_on, status, created_by, created_at)"
    "  SELECT c.id, 'call', c.next_follow_up, 'planned', c.updated_by, c.updated_at FROM cases c"
    "  WHERE c.next_follow_up IS NOT NULL AND c.stage <> 'closed' AND NOT EXISTS (SELECT 1 FROM case_followups f"
    "    WHERE f.case_id = c.id AND f.status = 'planned' AND f.due_on <= c.next_follow_up);"
    "ALTER TABLE cases DROP COLUMN next_follow_up;";

/* The grammatical form a user is named in: Arabic verbs and titles agree with it ("أعادت المشرفة", "مراقبة السلوك").
 * NULL until recorded, read as masculine, Arabic's default. */
static const char migration_14[] = "ALTER TABLE users ADD COLUMN sex TEXT CHECK (sex IN ('female', 'male'));";

/* What a social worker plans on a case: structured risk assessments (the factors answered, the level they suggest and
 * the one decided, with the reason when they differ), safety plans (a new version each save), the goals of the case
 * plan (services, who is responsible, a review date, an outcome), and corrections of incidents that keep the values
 * they replaced. */
static const char migration_15[] =
    "CREATE TABLE case_risk_assessments ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  present TEXT NOT NULL, absent TEXT NOT NULL,"
    "  suggested TEXT NOT NULL CHECK (suggested IN ('high', 'medium', 'low')),"
    "  level TEXT NOT NULL CHECK (level IN ('high', 'medium', 'low')),"
    "  override_reason TEXT, notes TEXT,"
    "  assessed_by INTEGER REFERENCES users(id), assessed_at INTEGER NOT NULL);"
    "CREATE INDEX case_risk_assessments_case ON case_risk_assessments(case_id, id);"
    "CREATE TABLE case_safety_plans ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id), version INTEGER NOT NULL,"
    "  safe_place TEXT, contacts TEXT, warning_signs TEXT, actions TEXT, children TEXT, review_on TEXT,"
    "  saved_by INTEGER REFERENCES users(id), saved_at INTEGER NOT NULL,"
    "  UNIQUE (case_id, version));"
    "CREATE TABLE case_goals ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  goal TEXT NOT NULL, services TEXT, responsible TEXT, review_on TEXT,"
    "  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'achieved', 'dropped')), outcome TEXT,"
    "  created_by INTEGER REFERENCES users(id), created_at INTEGER NOT NULL,"
    "  updated_by INTEGER REFERENCES users(id), updated_at INTEGER NOT NULL,"
    "  version INTEGER NOT NULL DEFAULT 1);"
    "CREATE INDEX case_goals_case ON case_goals(case_id, status, review_on);"
    "ALTER TABLE case_incidents ADD COLUMN version INTEGER NOT NULL DEFAULT 1;"
    "ALTER TABLE case_incidents ADD COLUMN updated_by INTEGER REFERENCES users(id);"
    "ALTER TABLE case_incidents ADD COLUMN updated_at INTEGER;"
    "CREATE TABLE case_incident_revisions ("
    "  id INTEGER PRIMARY KEY,"
    "  incident_id INTEGER NOT NULL REFERENCES case_incidents(id), number INTEGER NOT NULL,"
    "  occurred_on TEXT NOT NULL, place TEXT, violence_types TEXT NOT NULL, perpetrator_relationship TEXT,"
    "  legal_class TEXT, identified_by TEXT, description TEXT, reason TEXT NOT NULL,"
    "  corrected_by INTEGER REFERENCES users(id), corrected_at INTEGER NOT NULL,"
    "  UNIQUE (incident_id, number));";

/* The search index of studies made again by the code of this schema: folding now drops every default-ignorable
 * code point (text/utf8.h), so the words of a text stored with one inside are indexed as a search folds them. */
static const char migration_16[] = "INSERT OR IGNORE INTO pending_work VALUES ('reindex_studies');";

/* Settlements, detention orders and trial steps as records of a case (domain.md §2), in place of the single fields
 * the case had: a settlement with its parties' consents, its sessions (the first one starts its clock and is never
 * moved), its one extension and its outcome; detention orders each with its authority, number, date, start and end,
 * a renewal naming the order it renews, and a release; the steps of a juvenile's trial (the referral to court,
 * hearings, the verdict). case_detention_orders is one kind of court measure: kind 'detention' is the only one yet,
 * and the measures of the homes and placements (their kinds, authorities and durations) are further kinds of the
 * same table. The old fields' data moves into the records: a settlement started (open, its first session on the old
 * date, extended when it was, its consents not recorded), a detention as its first order and one order per renewal
 * of 10 days each (the prosecutor's first, the court's after, as the law has it, numbers not recorded). */
static const char migration_17[] =
    "CREATE TABLE case_settlements ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'agreed', 'failed', 'withdrawn')),"
    "  consent_ids TEXT, first_session_on TEXT,"
    "  extended_on TEXT, extension_reason TEXT,"
    "  outcome_on TEXT, terms TEXT, court TEXT, ratified_on TEXT, prosecutor_on TEXT, outcome_note TEXT,"
    "  created_by INTEGER REFERENCES users(id), created_at INTEGER NOT NULL,"
    "  updated_by INTEGER REFERENCES users(id), updated_at INTEGER NOT NULL,"
    "  version INTEGER NOT NULL DEFAULT 1);"
    "CREATE INDEX case_settlements_case ON case_settlements(case_id, id);"
    "CREATE UNIQUE INDEX case_settlements_open ON case_settlements(case_id) WHERE status = 'open';"
    "CREATE TABLE case_settlement_sessions ("
    "  id INTEGER PRIMARY KEY,"
    "  settlement_id INTEGER NOT NULL REFERENCES case_settlements(id),"
    "  held_on TEXT NOT NULL, next_on TEXT, notes TEXT,"
    "  recorded_by INTEGER REFERENCES users(id), recorded_at INTEGER NOT NULL);"
    "CREATE INDEX case_settlement_sessions_settlement ON case_settlement_sessions(settlement_id, held_on);"
    "CREATE TABLE case_detention_orders ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  kind TEXT NOT NULL DEFAULT 'detention' CHECK (kind IN ('detention')),"
    "  authority TEXT NOT NULL CHECK (authority IN ('prosecutor', 'court')),"
    "  order_number TEXT, order_date TEXT, starts_on TEXT NOT NULL, ends_on TEXT NOT NULL,"
    "  renews_id INTEGER REFERENCES case_detention_orders(id), renewal INTEGER NOT NULL DEFAULT 0,"
    "  released_on TEXT, release_reason TEXT, released_by INTEGER REFERENCES users(id), released_at INTEGER,"
    "  created_by INTEGER REFERENCES users(id), created_at INTEGER NOT NULL,"
    "  version INTEGER NOT NULL DEFAULT 1,"
    "  UNIQUE (renews_id));"
    "CREATE INDEX case_detention_orders_case ON case_detention_orders(case_id, kind, id);"
    "CREATE TABLE case_trial_steps ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('court_referral', 'hearing', 'verdict')),"
    "  held_on TEXT NOT NULL, next_on TEXT, court TEXT, notes TEXT,"
    "  recorded_by INTEGER REFERENCES users(id), recorded_at INTEGER NOT NULL);"
    "CREATE INDEX case_trial_steps_case ON case_trial_steps(case_id, held_on, id);"
    "CREATE UNIQUE INDEX case_trial_steps_once ON case_trial_steps(case_id, kind) WHERE kind <> 'hearing';"
    "INSERT INTO case_settlements (case_id, status, first_session_on, extended_on, extension_reason, created_by,"
    "  created_at, updated_by, updated_at)"
    "  SELECT id, 'open', settlement_started, CASE WHEN settlement_extended THEN settlement_started END,"
    "    CASE WHEN settlement_extended THEN 'سُجّل التمديد قبل أن تصبح التسويات سجلات' END,"
    "    updated_by, updated_at, updated_by, updated_at FROM cases WHERE settlement_started IS NOT NULL;"
    "INSERT INTO case_settlement_sessions (settlement_id, held_on, recorded_by, recorded_at)"
    "  SELECT id, first_session_on, created_by, created_at FROM case_settlements;"
    "WITH RECURSIVE chain (case_id, started, renewal, last, who, stamp) AS ("
    "  SELECT id, detention_started, 0, min(detention_renewals, 20), updated_by, updated_at FROM cases"
    "    WHERE detention_started IS NOT NULL AND kind = 'juvenile_conflict'"
    "  UNION ALL SELECT case_id, started, renewal + 1, last, who, stamp FROM chain WHERE renewal < last)"
    "INSERT INTO case_detention_orders (case_id, authority, starts_on, ends_on, renewal, created_by, created_at)"
    "  SELECT case_id, CASE WHEN renewal <= 1 THEN 'prosecutor' ELSE 'court' END,"
    "    date(started, '+' || (10 * renewal) || ' days'), date(started, '+' || (10 * renewal + 9) || ' days'),"
    "    renewal, who, stamp FROM chain ORDER BY case_id, renewal;"
    "UPDATE case_detention_orders SET renews_id = (SELECT p.id FROM case_detention_orders p"
    "  WHERE p.case_id = case_detention_orders.case_id AND p.renewal = case_detention_orders.renewal - 1)"
    "  WHERE renewal > 0;"
    "ALTER TABLE cases DROP COLUMN settlement_started;"
    "ALTER TABLE cases DROP COLUMN settlement_extended;"
    "ALTER TABLE cases DROP COLUMN detention_started;"
    "ALTER TABLE cases DROP COLUMN detention_renewals;";

/* Where the clocks of a case restart from (domain/cases/deadlines.c): the assignment clock (registration, a transfer's
 * acceptance, a reopening, an unassignment), the latest reopening and the start of the case plan; filled from the
 * history for the cases there are. The stored tasks follow at each case's next change, or at once with `takamul
 * tasks refresh`. */
static const char migration_18[] =
    "ALTER TABLE cases ADD COLUMN clock_started_at INTEGER;"
    "ALTER TABLE cases ADD COLUMN reopened_at INTEGER;"
    "ALTER TABLE cases ADD COLUMN plan_started_at INTEGER;"
    "UPDATE cases SET"
    "  reopened_at = (SELECT max(e.at) FROM case_events e WHERE e.case_id = cases.id AND e.action = 'case.reopen'),"
    "  plan_started_at = (SELECT max(e.at) FROM case_events e WHERE e.case_id = cases.id"
    "    AND e.action = 'case.advance' AND e.detail LIKE '%case_plan'),"
    "  clock_started_at = max(created_at, coalesce((SELECT max(e.at) FROM case_events e WHERE e.case_id = cases.id"
    "    AND e.action IN ('case.reopen', 'case.transfer.accept', 'case.unassign')), 0));";

/* The court measures of a case (domain.md §2 and §4) in one table, of which the detention orders of migration 17
 * become the kind 'detention' (their ids kept): the measures of the Juveniles Law art. 24, the protection measures
 * of art. 33–40, and on family-violence cases the court's protection orders and settlement rulings, each with its
 * court, the decision's number and date, its start and end, the duration the court set, the monitor's report
 * schedule and its terms. */
static const char migration_19[] =
    "CREATE TABLE case_measures ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('detention', 'reprimand', 'handover', 'community_service',"
    "    'vocational_training', 'duties', 'rehabilitation_programme', 'judicial_supervision', 'rehabilitation_home',"
    "    'parental_undertaking', 'care_home', 'foster_family', 'protection_supervision', 'protection_order',"
    "    'settlement_ruling')),"
    "  authority TEXT NOT NULL CHECK (authority IN ('prosecutor', 'court')),"
    "  court TEXT, order_number TEXT, order_date TEXT, starts_on TEXT NOT NULL, ends_on TEXT,"
    "  duration_months INTEGER, report_months INTEGER, terms TEXT,"
    "  renews_id INTEGER REFERENCES case_measures(id), renewal INTEGER NOT NULL DEFAULT 0,"
    "  released_on TEXT, release_reason TEXT, released_by INTEGER REFERENCES users(id), released_at INTEGER,"
    "  created_by INTEGER REFERENCES users(id), created_at INTEGER NOT NULL,"
    "  version INTEGER NOT NULL DEFAULT 1,"
    "  UNIQUE (renews_id));"
    "INSERT INTO case_measures (id, case_id, kind, authority, order_number, order_date, starts_on, ends_on, renews_id,"
    "  renewal, released_on, release_reason, released_by, released_at, created_by, created_at, version)"
    "  SELECT id, case_id, kind, authority, order_number, order_date, starts_on, ends_on, renews_id, renewal,"
    "    released_on, release_reason, released_by, released_at, created_by, created_at, version"
    "  FROM case_detention_orders ORDER BY id;"
    "DROP TABLE case_detention_orders;"
    "CREATE INDEX case_measures_case ON case_measures(case_id, kind, id);";

/* Homes and placements (domain.md §1, §3, §7). A home is a unit of a home's type (units.type), with its own data: the
 * legal statuses it may hold, its places by sex and age band (a row per room or wing when it has them, else one for
 * the home), its rooms. A placement is a resident's stay in a home on a court measure (juveniles) or her recorded
 * consent (women's shelters), with its movements (transfer, leave, absence, hospital, court, their returns, the
 * family's notice, the discharge). A new role, care-home staff (bit 256): the users table is rebuilt for its CHECK,
 * with the foreign keys off as the migrations run (schema.c). */
static const char migration_20[] =
    "CREATE TABLE users_new ("
    "  id INTEGER PRIMARY KEY,"
    "  username TEXT NOT NULL UNIQUE COLLATE NOCASE,"
    "  full_name TEXT NOT NULL,"
    "  unit_id INTEGER NOT NULL REFERENCES units(id),"
    "  roles INTEGER NOT NULL CHECK (roles > 0 AND roles < 512),"
    "  password_hash TEXT NOT NULL,"
    "  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),"
    "  version INTEGER NOT NULL DEFAULT 1,"
    "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
    "  password_changed_at INTEGER NOT NULL, last_login_at INTEGER,"
    "  must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),"
    "  sex TEXT CHECK (sex IN ('female', 'male')));"
    "INSERT INTO users_new SELECT id, username, full_name, unit_id, roles, password_hash, status, version, created_at,"
    "  updated_at, password_changed_at, last_login_at, must_change_password, sex FROM users;"
    "DROP TABLE users;"
    "ALTER TABLE users_new RENAME TO users;"
    "CREATE INDEX users_unit ON users(unit_id);"
    "CREATE TABLE homes ("
    "  unit_id INTEGER PRIMARY KEY REFERENCES units(id),"
    "  home_type TEXT NOT NULL CHECK (home_type IN ('juvenile_education_home', 'juvenile_rehabilitation_home',"
    "    'juvenile_care_home', 'family_reconciliation_home', 'amna_home')),"
    "  statuses TEXT NOT NULL,"
    "  version INTEGER NOT NULL DEFAULT 1,"
    "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);"
    "CREATE TABLE home_rooms ("
    "  id INTEGER PRIMARY KEY,"
    "  home_id INTEGER NOT NULL REFERENCES homes(unit_id),"
    "  name TEXT NOT NULL,"
    "  UNIQUE (home_id, name));"
    "CREATE TABLE home_places ("
    "  id INTEGER PRIMARY KEY,"
    "  home_id INTEGER NOT NULL REFERENCES homes(unit_id),"
    "  room_id INTEGER REFERENCES home_rooms(id),"
    "  sex TEXT NOT NULL CHECK (sex IN ('female', 'male')),"
    "  age_band TEXT NOT NULL CHECK (age_band IN ('under_12', '12_15', '15_18', '18_plus', 'adult')),"
    "  places INTEGER NOT NULL CHECK (places >= 0));"
    "CREATE INDEX home_places_home ON home_places(home_id, room_id);"
    "CREATE TABLE placements ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  person_id INTEGER NOT NULL REFERENCES persons(id),"
    "  home_id INTEGER NOT NULL REFERENCES homes(unit_id),"
    "  room_id INTEGER REFERENCES home_rooms(id),"
    "  legal_status TEXT NOT NULL CHECK (legal_status IN ('detained', 'sentenced', 'protection', 'voluntary')),"
    "  measure_id INTEGER REFERENCES case_measures(id),"
    "  consent_id INTEGER REFERENCES case_consents(id),"
    "  sex TEXT NOT NULL CHECK (sex IN ('female', 'male')),"
    "  age_band TEXT NOT NULL CHECK (age_band IN ('under_12', '12_15', '15_18', '18_plus', 'adult')),"
    "  state TEXT NOT NULL DEFAULT 'present' CHECK (state IN ('present', 'leave', 'absent', 'hospital', 'court',"
    "    'discharged')),"
    "  admitted_at INTEGER NOT NULL, discharged_at INTEGER, discharge_reason TEXT,"
    "  capacity_override TEXT,"
    "  transferred_at INTEGER, family_notified_at INTEGER,"
    "  created_by INTEGER REFERENCES users(id), created_at INTEGER NOT NULL,"
    "  updated_by INTEGER REFERENCES users(id), updated_at INTEGER NOT NULL,"
    "  version INTEGER NOT NULL DEFAULT 1);"
    "CREATE INDEX placements_home ON placements(home_id, state);"
    "CREATE INDEX placements_case ON placements(case_id, id);"
    "CREATE UNIQUE INDEX placements_open ON placements(case_id) WHERE state <> 'discharged';"
    "CREATE TABLE placement_movements ("
    "  id INTEGER PRIMARY KEY,"
    "  placement_id INTEGER NOT NULL REFERENCES placements(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('admission', 'transfer', 'leave', 'absence', 'hospital', 'court', 'return',"
    "    'family_notice', 'discharge')),"
    "  at INTEGER NOT NULL, reason TEXT, from_home_id INTEGER REFERENCES homes(unit_id),"
    "  to_home_id INTEGER REFERENCES homes(unit_id), expected_return_at INTEGER, override_reason TEXT,"
    "  recorded_by INTEGER REFERENCES users(id), recorded_at INTEGER NOT NULL);"
    "CREATE INDEX placement_movements_placement ON placement_movements(placement_id, at, id);";

/* The second factor (RFC 6238 codes): a user's secret, sealed with the server's key, confirmed by a first code; the
 * step of the last code taken, so that each code is taken once; ten recovery codes kept as keyed digests, each used
 * once. */
static const char migration_21[] = "CREATE TABLE second_factors ("
                                   "  user_id INTEGER PRIMARY KEY REFERENCES users(id),"
                                   "  secret BLOB NOT NULL,"
                                   "  confirmed_at INTEGER,"
                                   "  last_step INTEGER NOT NULL DEFAULT 0,"
                                   "  created_at INTEGER NOT NULL);"
                                   "CREATE TABLE recovery_codes ("
                                   "  id INTEGER PRIMARY KEY,"
                                   "  user_id INTEGER NOT NULL REFERENCES users(id),"
                                   "  code_hash BLOB NOT NULL,"
                                   "  used_at INTEGER,"
                                   "  UNIQUE (user_id, code_hash));";

/* The browser a session was opened from, and whether the account had used it before: the user's list of their
 * sessions, and the sign-in before shown at the next. */
static const char migration_22[] =
    "ALTER TABLE sessions ADD COLUMN user_agent TEXT;"
    "ALTER TABLE sessions ADD COLUMN new_device INTEGER NOT NULL DEFAULT 0 CHECK (new_device IN (0, 1));";

/* Break-glass: a worker's access in an emergency to a case she is not allowed, for a set time, with its reason, the
 * supervisor's grant to change it, and its review by an auditor. */
static const char migration_23[] =
    "CREATE TABLE break_glass ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  user_id INTEGER NOT NULL REFERENCES users(id),"
    "  reason TEXT NOT NULL CHECK (reason IN ('danger_to_life', 'child_at_risk', 'court_today', 'after_hours',"
    "    'continuity_of_care', 'other')),"
    "  explanation TEXT NOT NULL,"
    "  started_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, ended_at INTEGER,"
    "  write_granted_by INTEGER REFERENCES users(id), write_granted_at INTEGER,"
    "  review TEXT CHECK (review IN ('justified', 'not_justified')), review_note TEXT,"
    "  reviewed_by INTEGER REFERENCES users(id), reviewed_at INTEGER);"
    "CREATE INDEX break_glass_case ON break_glass(case_id, user_id, expires_at);"
    "CREATE INDEX break_glass_review ON break_glass(review, id);";

/* Correction centres (domain.md §2.4, issue 18): each centre's catalogue of programmes (kind, provider, places,
 * schedule, start and end), the enrolments of inmates (the person and their case) with the waiting list in the order
 * it was joined, the attendance of each session, the outcome and certificate; on an inmate's case, the family's needs
 * assessment as structured fields, the family's visits, the children staying with their mother (to age 3), the
 * pre-release plan, the releases and transfers, and the aftercare contacts planned on the case's follow-up schedule. */
static const char migration_24[] =
    "CREATE TABLE programmes ("
    "  id INTEGER PRIMARY KEY,"
    "  centre_id INTEGER NOT NULL REFERENCES units(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('vocational', 'education', 'psychological', 'religious',"
    "    'family_relations', 'addiction_recovery', 'life_skills', 'work')),"
    "  name TEXT NOT NULL,"
    "  provider TEXT NOT NULL CHECK (provider IN ('ministry', 'police', 'organisation')),"
    "  provider_name TEXT, places INTEGER NOT NULL CHECK (places > 0), schedule TEXT,"
    "  starts_on TEXT NOT NULL, ends_on TEXT NOT NULL,"
    "  created_by INTEGER REFERENCES users(id), created_at INTEGER NOT NULL,"
    "  updated_by INTEGER REFERENCES users(id), updated_at INTEGER NOT NULL,"
    "  version INTEGER NOT NULL DEFAULT 1);"
    "CREATE INDEX programmes_centre ON programmes(centre_id, starts_on);"
    "CREATE TABLE programme_enrolments ("
    "  id INTEGER PRIMARY KEY,"
    "  programme_id INTEGER NOT NULL REFERENCES programmes(id),"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  person_id INTEGER NOT NULL REFERENCES persons(id),"
    "  status TEXT NOT NULL CHECK (status IN ('waiting', 'enrolled', 'completed', 'dropped', 'transferred',"
    "    'released')),"
    "  enrolled_on TEXT, outcome_on TEXT, outcome_reason TEXT, certificate TEXT,"
    "  created_by INTEGER REFERENCES users(id), created_at INTEGER NOT NULL,"
    "  updated_by INTEGER REFERENCES users(id), updated_at INTEGER NOT NULL,"
    "  version INTEGER NOT NULL DEFAULT 1,"
    "  UNIQUE (programme_id, person_id));"
    "CREATE INDEX programme_enrolments_case ON programme_enrolments(case_id, id);"
    "CREATE INDEX programme_enrolments_status ON programme_enrolments(programme_id, status, id);"
    "CREATE TABLE programme_attendance ("
    "  enrolment_id INTEGER NOT NULL REFERENCES programme_enrolments(id),"
    "  session_on TEXT NOT NULL,"
    "  present INTEGER NOT NULL CHECK (present IN (0, 1)),"
    "  note TEXT, recorded_by INTEGER REFERENCES users(id), recorded_at INTEGER NOT NULL,"
    "  PRIMARY KEY (enrolment_id, session_on));"
    "CREATE TABLE case_family_assessments ("
    "  case_id INTEGER PRIMARY KEY REFERENCES cases(id),"
    "  dependants INTEGER NOT NULL CHECK (dependants >= 0), children INTEGER NOT NULL CHECK (children >= 0),"
    "  children_in_school INTEGER NOT NULL CHECK (children_in_school >= 0),"
    "  monthly_income INTEGER CHECK (monthly_income >= 0), income_sources TEXT,"
    "  housing TEXT NOT NULL CHECK (housing IN ('owned', 'rented', 'with_relatives', 'unstable', 'homeless')),"
    "  health TEXT, risks TEXT, notes TEXT,"
    "  assessed_by INTEGER REFERENCES users(id), assessed_at INTEGER NOT NULL,"
    "  version INTEGER NOT NULL DEFAULT 1);"
    "CREATE TABLE case_family_visits ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  visited_on TEXT NOT NULL, arrangement TEXT NOT NULL CHECK (arrangement IN ('arranged', 'facilitated')),"
    "  visitors TEXT NOT NULL, notes TEXT,"
    "  created_by INTEGER REFERENCES users(id), created_at INTEGER NOT NULL);"
    "CREATE INDEX case_family_visits_case ON case_family_visits(case_id, visited_on);"
    "CREATE TABLE case_centre_children ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  person_id INTEGER NOT NULL REFERENCES persons(id),"
    "  mother_id INTEGER NOT NULL REFERENCES persons(id),"
    "  entered_on TEXT NOT NULL, next_place TEXT CHECK (next_place IN ('family', 'care_home')),"
    "  left_on TEXT, notes TEXT, protection_case_id INTEGER REFERENCES cases(id),"
    "  created_by INTEGER REFERENCES users(id), created_at INTEGER NOT NULL,"
    "  updated_by INTEGER REFERENCES users(id), updated_at INTEGER NOT NULL,"
    "  version INTEGER NOT NULL DEFAULT 1,"
    "  UNIQUE (case_id, person_id));"
    "CREATE TABLE case_release_plans ("
    "  case_id INTEGER PRIMARY KEY REFERENCES cases(id),"
    "  housing TEXT NOT NULL, work TEXT NOT NULL, family_readiness TEXT NOT NULL, documents TEXT NOT NULL,"
    "  referrals TEXT,"
    "  planned_by INTEGER REFERENCES users(id), planned_at INTEGER NOT NULL,"
    "  version INTEGER NOT NULL DEFAULT 1);"
    "CREATE TABLE case_releases ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('release', 'conditional_release', 'early_release', 'transfer')),"
    "  on_date TEXT NOT NULL, to_centre_id INTEGER REFERENCES units(id), notes TEXT, aftercare_months INTEGER,"
    "  created_by INTEGER REFERENCES users(id), created_at INTEGER NOT NULL);"
    "CREATE INDEX case_releases_case ON case_releases(case_id, id);"
    "CREATE TABLE case_aftercare_contacts ("
    "  followup_id INTEGER PRIMARY KEY REFERENCES case_followups(id),"
    "  release_id INTEGER NOT NULL REFERENCES case_releases(id),"
    "  month INTEGER NOT NULL);";
/* Statistics: the log of data exports (who took which figures away, with which filters; codes and dates only), and
 * the indexes the indicators read by (docs/statistics.md). */
static const char migration_25[] =
    "CREATE TABLE data_exports ("
    "  id INTEGER PRIMARY KEY,"
    "  at INTEGER NOT NULL,"
    "  user_id INTEGER REFERENCES users(id),"
    "  unit_id INTEGER REFERENCES units(id),"
    "  what TEXT NOT NULL,"
    "  format TEXT NOT NULL CHECK (format IN ('csv', 'xlsx', 'pdf')),"
    "  filters TEXT NOT NULL"
    ");"
    "CREATE INDEX data_exports_at ON data_exports(at);"
    "CREATE INDEX cases_closed ON cases(closed_at) WHERE closed_at IS NOT NULL;"
    "CREATE INDEX cases_created ON cases(created_at);"
    "CREATE INDEX cases_transferred ON cases(transferred_at) WHERE transferred_at IS NOT NULL;"
    "CREATE INDEX case_assignments_case ON case_assignments(case_id, assigned_at);"
    "CREATE INDEX referrals_sent ON referrals(sent_at);"
    "CREATE INDEX studies_created ON studies(created_at);"
    "CREATE INDEX case_services_created ON case_services(created_at);";
/* The joint committee (issue 20, domain.md §7): observations raised by a unit (the cases they point to kept apart,
 * for the raising unit alone), meetings numbered per year with their members present and absent and their agenda,
 * recommendations broken into actions owned by a unit, the owners' progress reports, and a history row for every
 * change of these records. The committee's secretary is a flag on a committee member (committee_members). */
static const char migration_26[] =
    "CREATE TABLE committee_members ("
    "  user_id INTEGER PRIMARY KEY REFERENCES users(id),"
    "  secretary INTEGER NOT NULL DEFAULT 0 CHECK (secretary IN (0, 1)),"
    "  updated_by INTEGER REFERENCES users(id), updated_at INTEGER NOT NULL);"
    "CREATE TABLE observations ("
    "  id INTEGER PRIMARY KEY,"
    "  unit_id INTEGER NOT NULL REFERENCES units(id),"
    "  category TEXT NOT NULL CHECK (category IN ('homes', 'referrals', 'deadlines', 'staffing', 'facilities',"
    "    'legal', 'training', 'data')),"
    "  governorate TEXT REFERENCES governorates(code),"
    "  description TEXT NOT NULL,"
    "  evidence TEXT,"
    "  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'on_agenda', 'discussed', 'recommended',"
    "    'dismissed')),"
    "  dismissed_reason TEXT,"
    "  created_by INTEGER REFERENCES users(id), created_at INTEGER NOT NULL,"
    "  updated_by INTEGER REFERENCES users(id), updated_at INTEGER NOT NULL,"
    "  version INTEGER NOT NULL DEFAULT 1);"
    "CREATE INDEX observations_unit ON observations(unit_id, id);"
    "CREATE INDEX observations_status ON observations(status, id);"
    "CREATE TABLE observation_units ("
    "  observation_id INTEGER NOT NULL REFERENCES observations(id),"
    "  unit_id INTEGER NOT NULL REFERENCES units(id),"
    "  PRIMARY KEY (observation_id, unit_id));"
    "CREATE TABLE observation_cases ("
    "  observation_id INTEGER NOT NULL REFERENCES observations(id),"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  PRIMARY KEY (observation_id, case_id));"
    "CREATE TABLE meetings ("
    "  id INTEGER PRIMARY KEY,"
    "  year INTEGER NOT NULL, number INTEGER NOT NULL,"
    "  held_on TEXT NOT NULL, place TEXT NOT NULL,"
    "  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'open', 'closed')),"
    "  notes TEXT,"
    "  opened_at INTEGER, closed_at INTEGER,"
    "  minutes_approved_at INTEGER, minutes_approved_by INTEGER REFERENCES users(id),"
    "  minutes_approved_in INTEGER REFERENCES meetings(id),"
    "  created_by INTEGER REFERENCES users(id), created_at INTEGER NOT NULL,"
    "  updated_by INTEGER REFERENCES users(id), updated_at INTEGER NOT NULL,"
    "  version INTEGER NOT NULL DEFAULT 1,"
    "  UNIQUE (year, number));"
    "CREATE TABLE meeting_members ("
    "  meeting_id INTEGER NOT NULL REFERENCES meetings(id),"
    "  user_id INTEGER NOT NULL REFERENCES users(id),"
    "  agency TEXT NOT NULL REFERENCES agencies(code),"
    "  present INTEGER NOT NULL DEFAULT 0 CHECK (present IN (0, 1)),"
    "  PRIMARY KEY (meeting_id, user_id));"
    "CREATE TABLE meeting_items ("
    "  id INTEGER PRIMARY KEY,"
    "  meeting_id INTEGER NOT NULL REFERENCES meetings(id),"
    "  position INTEGER NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('observation', 'review', 'other')),"
    "  observation_id INTEGER REFERENCES observations(id),"
    "  recommendation_id INTEGER,"
    "  title TEXT NOT NULL,"
    "  carried_from INTEGER REFERENCES meeting_items(id),"
    "  outcome TEXT CHECK (outcome IN ('information', 'decision', 'recommendations')),"
    "  outcome_text TEXT,"
    "  decided_by INTEGER REFERENCES users(id), decided_at INTEGER,"
    "  version INTEGER NOT NULL DEFAULT 1);"
    "CREATE INDEX meeting_items_meeting ON meeting_items(meeting_id, position, id);"
    "CREATE UNIQUE INDEX meeting_items_carried ON meeting_items(carried_from);"
    "CREATE TABLE recommendations ("
    "  id INTEGER PRIMARY KEY,"
    "  meeting_id INTEGER NOT NULL REFERENCES meetings(id),"
    "  item_id INTEGER REFERENCES meeting_items(id),"
    "  observation_id INTEGER REFERENCES observations(id),"
    "  text TEXT NOT NULL,"
    "  target_agency TEXT NOT NULL REFERENCES agencies(code),"
    "  target_unit_id INTEGER REFERENCES units(id),"
    "  priority TEXT NOT NULL CHECK (priority IN ('high', 'medium', 'low')),"
    "  due_on TEXT NOT NULL,"
    "  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'implemented', 'not_implemented',"
    "    'not_applicable')),"
    "  state_reason TEXT, closed_on TEXT,"
    "  created_by INTEGER REFERENCES users(id), created_at INTEGER NOT NULL,"
    "  updated_by INTEGER REFERENCES users(id), updated_at INTEGER NOT NULL,"
    "  version INTEGER NOT NULL DEFAULT 1);"
    "CREATE INDEX recommendations_state ON recommendations(state, due_on);"
    "CREATE TABLE committee_actions ("
    "  id INTEGER PRIMARY KEY,"
    "  recommendation_id INTEGER NOT NULL REFERENCES recommendations(id),"
    "  text TEXT NOT NULL,"
    "  owner_unit_id INTEGER NOT NULL REFERENCES units(id),"
    "  responsible TEXT NOT NULL,"
    "  due_on TEXT NOT NULL,"
    "  completed_on TEXT, last_report_at INTEGER,"
    "  created_by INTEGER REFERENCES users(id), created_at INTEGER NOT NULL,"
    "  updated_by INTEGER REFERENCES users(id), updated_at INTEGER NOT NULL,"
    "  version INTEGER NOT NULL DEFAULT 1);"
    "CREATE INDEX committee_actions_recommendation ON committee_actions(recommendation_id, id);"
    "CREATE INDEX committee_actions_owner ON committee_actions(owner_unit_id, due_on);"
    "CREATE TABLE action_reports ("
    "  id INTEGER PRIMARY KEY,"
    "  action_id INTEGER NOT NULL REFERENCES committee_actions(id),"
    "  text TEXT NOT NULL,"
    "  completed INTEGER NOT NULL DEFAULT 0 CHECK (completed IN (0, 1)),"
    "  reported_by INTEGER REFERENCES users(id), reported_at INTEGER NOT NULL);"
    "CREATE INDEX action_reports_action ON action_reports(action_id, id);"
    "CREATE TABLE committee_history ("
    "  id INTEGER PRIMARY KEY,"
    "  object_type TEXT NOT NULL CHECK (object_type IN ('observation', 'meeting', 'recommendation', 'action')),"
    "  object_id INTEGER NOT NULL,"
    "  event TEXT NOT NULL, detail TEXT,"
    "  by_user INTEGER REFERENCES users(id), at INTEGER NOT NULL);"
    "CREATE INDEX committee_history_object ON committee_history(object_type, object_id, id);";

/* The records officer (role bit 512) needs the users table again: SQLite cannot change a CHECK. Every row, the
 * index and the references to users (by name) stay. Juvenile records sealed at 18: the case's seal, and the court
 * orders a records officer records to open one to a reader for a time, or to lift the seal. */
static const char migration_27[] =
    "CREATE TABLE users_new ("
    "  id INTEGER PRIMARY KEY,"
    "  username TEXT NOT NULL UNIQUE COLLATE NOCASE,"
    "  full_name TEXT NOT NULL,"
    "  unit_id INTEGER NOT NULL REFERENCES units(id),"
    "  roles INTEGER NOT NULL CHECK (roles > 0 AND roles < 1024),"
    "  password_hash TEXT NOT NULL,"
    "  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),"
    "  version INTEGER NOT NULL DEFAULT 1,"
    "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
    "  password_changed_at INTEGER NOT NULL, last_login_at INTEGER,"
    "  must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),"
    "  sex TEXT CHECK (sex IN ('female', 'male')));"
    "INSERT INTO users_new SELECT id, username, full_name, unit_id, roles, password_hash, status, version, created_at,"
    "  updated_at, password_changed_at, last_login_at, must_change_password, sex FROM users;"
    "DROP TABLE users;"
    "ALTER TABLE users_new RENAME TO users;"
    "CREATE INDEX users_unit ON users(unit_id);"
    "ALTER TABLE cases ADD COLUMN sealed_at INTEGER;"
    "CREATE INDEX cases_sealed ON cases(sealed_at, id);"
    "CREATE TABLE seal_orders ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('read', 'unseal')),"
    "  court TEXT NOT NULL, order_number INTEGER NOT NULL CHECK (order_number > 0),"
    "  order_year INTEGER NOT NULL CHECK (order_year >= 2000),"
    "  purpose TEXT NOT NULL,"
    "  reader_id INTEGER REFERENCES users(id), expires_at INTEGER,"
    "  recorded_by INTEGER REFERENCES users(id), recorded_at INTEGER NOT NULL);"
    "CREATE INDEX seal_orders_case ON seal_orders(case_id, reader_id, expires_at);";

/* Retention: the cases past their retention, listed each day for a records officer to confirm, the marks of what
 * was anonymised, and persons' requests for erasure with the records officer's decision. */
static const char migration_28[] =
    "ALTER TABLE cases ADD COLUMN anonymised_at INTEGER;"
    "ALTER TABLE persons ADD COLUMN anonymised_at INTEGER;"
    "CREATE TABLE retention_reviews ("
    "  case_id INTEGER PRIMARY KEY REFERENCES cases(id),"
    "  due_on TEXT NOT NULL, listed_at INTEGER NOT NULL,"
    "  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'anonymised', 'kept')),"
    "  keep_reason TEXT,"
    "  decided_by INTEGER REFERENCES users(id), decided_at INTEGER,"
    "  version INTEGER NOT NULL DEFAULT 1);"
    "CREATE INDEX retention_reviews_state ON retention_reviews(state, case_id);"
    "CREATE TABLE erasure_requests ("
    "  id INTEGER PRIMARY KEY,"
    "  person_id INTEGER NOT NULL REFERENCES persons(id),"
    "  basis TEXT NOT NULL,"
    "  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'erased', 'refused')),"
    "  refusal TEXT CHECK (refusal IN ('open_case', 'within_retention', 'court_order', 'legal_obligation')),"
    "  decision_note TEXT,"
    "  requested_by INTEGER REFERENCES users(id), requested_at INTEGER NOT NULL,"
    "  decided_by INTEGER REFERENCES users(id), decided_at INTEGER,"
    "  version INTEGER NOT NULL DEFAULT 1);"
    "CREATE INDEX erasure_requests_state ON erasure_requests(state, id);";

/* Migration 29: the committee's fact-finding groups (set up at a meeting, with their members, task and due date,
 * reporting back onto a later agenda), and the statistics figures an observation attaches as evidence. The agenda
 * items and the history of committee records learn the fact-finding group: SQLite changes a CHECK only by copying
 * the table, with the foreign keys off as the migrations run (schema.c); the copies keep every id. The log of data
 * exports learns figures that leave as evidence (format "evidence"). */
static const char migration_29[] =
    "CREATE TABLE fact_finding_groups ("
    "  id INTEGER PRIMARY KEY,"
    "  meeting_id INTEGER NOT NULL REFERENCES meetings(id),"
    "  item_id INTEGER REFERENCES meeting_items(id),"
    "  task TEXT NOT NULL,"
    "  due_on TEXT NOT NULL,"
    "  state TEXT NOT NULL DEFAULT 'working' CHECK (state IN ('working', 'reported')),"
    "  report TEXT, reported_on TEXT,"
    "  created_by INTEGER REFERENCES users(id), created_at INTEGER NOT NULL,"
    "  updated_by INTEGER REFERENCES users(id), updated_at INTEGER NOT NULL,"
    "  version INTEGER NOT NULL DEFAULT 1);"
    "CREATE INDEX fact_finding_groups_meeting ON fact_finding_groups(meeting_id, id);"
    "CREATE TABLE fact_finding_members ("
    "  group_id INTEGER NOT NULL REFERENCES fact_finding_groups(id),"
    "  position INTEGER NOT NULL,"
    "  name TEXT NOT NULL,"
    "  agency TEXT NOT NULL REFERENCES agencies(code),"
    "  PRIMARY KEY (group_id, position));"
    "CREATE TABLE meeting_items_next ("
    "  id INTEGER PRIMARY KEY,"
    "  meeting_id INTEGER NOT NULL REFERENCES meetings(id),"
    "  position INTEGER NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('observation', 'review', 'other', 'fact_finding')),"
    "  observation_id INTEGER REFERENCES observations(id),"
    "  recommendation_id INTEGER,"
    "  title TEXT NOT NULL,"
    "  carried_from INTEGER REFERENCES meeting_items(id),"
    "  outcome TEXT CHECK (outcome IN ('information', 'decision', 'recommendations')),"
    "  outcome_text TEXT,"
    "  decided_by INTEGER REFERENCES users(id), decided_at INTEGER,"
    "  version INTEGER NOT NULL DEFAULT 1,"
    "  fact_finding_id INTEGER REFERENCES fact_finding_groups(id));"
    "INSERT INTO meeting_items_next SELECT id, meeting_id, position, kind, observation_id, recommendation_id, title,"
    "  carried_from, outcome, outcome_text, decided_by, decided_at, version, NULL FROM meeting_items;"
    "DROP TABLE meeting_items;"
    "ALTER TABLE meeting_items_next RENAME TO meeting_items;"
    "CREATE INDEX meeting_items_meeting ON meeting_items(meeting_id, position, id);"
    "CREATE UNIQUE INDEX meeting_items_carried ON meeting_items(carried_from);"
    "CREATE INDEX meeting_items_fact_finding ON meeting_items(fact_finding_id);"
    "CREATE TABLE observation_figures ("
    "  id INTEGER PRIMARY KEY,"
    "  observation_id INTEGER NOT NULL REFERENCES observations(id),"
    "  indicator TEXT NOT NULL,"
    "  breakdown TEXT NOT NULL,"
    "  period_from TEXT NOT NULL, period_to TEXT NOT NULL,"
    "  threshold INTEGER NOT NULL,"
    "  figures TEXT NOT NULL,"
    "  export_id INTEGER REFERENCES data_exports(id),"
    "  attached_by INTEGER REFERENCES users(id), attached_at INTEGER NOT NULL);"
    "CREATE INDEX observation_figures_observation ON observation_figures(observation_id, id);"
    "CREATE TABLE committee_history_next ("
    "  id INTEGER PRIMARY KEY,"
    "  object_type TEXT NOT NULL CHECK (object_type IN ('observation', 'meeting', 'recommendation', 'action',"
    "    'fact_finding')),"
    "  object_id INTEGER NOT NULL,"
    "  event TEXT NOT NULL, detail TEXT,"
    "  by_user INTEGER REFERENCES users(id), at INTEGER NOT NULL);"
    "INSERT INTO committee_history_next SELECT id, object_type, object_id, event, detail, by_user, at"
    "  FROM committee_history;"
    "DROP TABLE committee_history;"
    "ALTER TABLE committee_history_next RENAME TO committee_history;"
    "CREATE INDEX committee_history_object ON committee_history(object_type, object_id, id);"
    "CREATE TABLE data_exports_next ("
    "  id INTEGER PRIMARY KEY,"
    "  at INTEGER NOT NULL,"
    "  user_id INTEGER REFERENCES users(id),"
    "  unit_id INTEGER REFERENCES units(id),"
    "  what TEXT NOT NULL,"
    "  format TEXT NOT NULL CHECK (format IN ('csv', 'xlsx', 'pdf', 'evidence')),"
    "  filters TEXT NOT NULL);"
    "INSERT INTO data_exports_next SELECT id, at, user_id, unit_id, what, format, filters FROM data_exports;"
    "DROP TABLE data_exports;"
    "ALTER TABLE data_exports_next RENAME TO data_exports;"
    "CREATE INDEX data_exports_at ON data_exports(at);";

/* What the statistics count a case by, kept on the case in the same transaction as the writes that change it
 * (store_case_stat_refresh): its principal person's sex and year of birth (the first person added as victim,
 * juvenile or inmate), its first incident's acts and day, when its first worker was assigned and its risk first
 * assessed (the deadlines). The indexes by the day of report and of closing hold them,
 * so that a period's counts are read from an index alone; and the open cases, few beside ten years of closed ones,
 * have an index of their own that holds the same. */
static const char migration_30[] =
    "ALTER TABLE cases ADD COLUMN principal_sex TEXT;"
    "ALTER TABLE cases ADD COLUMN principal_birth_year INTEGER;"
    "ALTER TABLE cases ADD COLUMN first_violence TEXT;"
    "ALTER TABLE cases ADD COLUMN first_incident_on TEXT;"
    "ALTER TABLE cases ADD COLUMN first_assigned_at INTEGER;"
    "ALTER TABLE cases ADD COLUMN first_assessed_at INTEGER;"
    "UPDATE cases SET"
    " principal_sex = (SELECT p.sex FROM case_persons x JOIN persons p ON p.id = x.person_id WHERE x.case_id = cases.id"
    "   AND x.role IN ('victim', 'juvenile', 'inmate') ORDER BY x.id LIMIT 1),"
    " principal_birth_year = (SELECT p.birth_year FROM case_persons x JOIN persons p ON p.id = x.person_id"
    "   WHERE x.case_id = cases.id AND x.role IN ('victim', 'juvenile', 'inmate') ORDER BY x.id LIMIT 1),"
    " first_violence = (SELECT i.violence_types FROM case_incidents i WHERE i.case_id = cases.id ORDER BY i.id LIMIT 1),"
    " first_incident_on = (SELECT i.occurred_on FROM case_incidents i WHERE i.case_id = cases.id ORDER BY i.id LIMIT 1),"
    " first_assigned_at = (SELECT min(a.assigned_at) FROM case_assignments a WHERE a.case_id = cases.id"
    "   AND a.role IN ('caseworker', 'monitor')),"
    " first_assessed_at = (SELECT min(r.assessed_at) FROM case_risk_assessments r WHERE r.case_id = cases.id);"
    "DROP INDEX cases_reported;"
    "CREATE INDEX cases_reported ON cases(reported_at, kind, governorate, unit_id, stage, closed_at, principal_sex,"
    " principal_birth_year, first_violence, first_incident_on, first_assessed_at, risk_assessed_at);"
    "DROP INDEX cases_created;"
    "CREATE INDEX cases_created ON cases(created_at, kind, governorate, unit_id, risk_level, first_assigned_at);"
    "DROP INDEX cases_closed;"
    "CREATE INDEX cases_closed ON cases(closed_at, kind, governorate, unit_id, stage, reported_at, principal_sex,"
    " principal_birth_year, first_violence, first_incident_on);"
    "CREATE INDEX cases_open ON cases(kind, stage, unit_id, governorate, reported_at, closed_at, principal_sex,"
    " principal_birth_year, first_violence, first_incident_on) WHERE stage <> 'closed';";

/* The change feed of the person search index: a row for each write that changes what the index holds of a person,
 * in that write's transaction, which every server replays into its own index (docs/store.md, "Several servers");
 * and the day the daily job last ran, so that it runs once a day across servers. */
static const char migration_31[] =
    "CREATE TABLE person_changes (id INTEGER PRIMARY KEY AUTOINCREMENT, person_id INTEGER NOT NULL,"
    " kind TEXT NOT NULL CHECK (kind IN ('create', 'update', 'merge', 'unmerge', 'anonymise')), at INTEGER NOT NULL);"
    "CREATE INDEX person_changes_at ON person_changes(at);"
    "CREATE TABLE daily_runs (day TEXT PRIMARY KEY, sealed INTEGER NOT NULL, listed INTEGER NOT NULL,"
    " at INTEGER NOT NULL);";

/* The counts of the case load kept as they change (docs/statistics.md): the cases reported in each month (in Amman)
 * by unit, kind, governorate, the principal person's sex and age band in the year of the report, and the first
 * incident's acts; the cases open now by the same keys; each worker's open cases (the assignments not ended on open
 * cases). Triggers keep them in the transaction of every write to the cases and their assignments, so that no write
 * path can leave them behind; a key the case lacks is '' (a key is never NULL). The month is the Amman day number
 * of its first day. */
#define CASE_MONTH(r)                                                                                                  \
    "CAST(strftime('%s', " r ".reported_at + 10800, 'unixepoch', 'start of month') AS INTEGER) / 86400"
#define CASE_COUNTS_ADD(r)                                                                                             \
    " INSERT INTO case_month_counts (month, " CASE_COUNT_COLUMNS                                                       \
    ", cases) SELECT " CASE_MONTH(r) ", " CASE_COUNT_KEYS(                                                             \
        r) ", 1 WHERE true ON CONFLICT (month, " CASE_COUNT_COLUMNS                                                    \
           ") DO UPDATE SET cases = case_month_counts.cases + 1;"                                                      \
           " INSERT INTO case_open_counts (" CASE_COUNT_COLUMNS                                                        \
           ", cases) SELECT " CASE_COUNT_KEYS(r) ", 1 WHERE " r ".stage <> 'closed' ON CONFLICT (" CASE_COUNT_COLUMNS  \
                                                 ") DO UPDATE SET cases = case_open_counts.cases + 1;"
#define CASE_COUNTS_TAKE(r)                                                                                            \
    " UPDATE case_month_counts SET cases = cases - 1 WHERE month = " CASE_MONTH(                                       \
        r) " AND (" CASE_COUNT_COLUMNS                                                                                 \
           ") = (" CASE_COUNT_KEYS(                                                                                    \
               r) ");"                                                                                                 \
                  " DELETE FROM case_month_counts WHERE cases = 0 AND month = " CASE_MONTH(                            \
                      r) " AND (" CASE_COUNT_COLUMNS                                                                   \
                         ") = (" CASE_COUNT_KEYS(                                                                      \
                             r) ");"                                                                                   \
                                " UPDATE case_open_counts SET cases = cases - 1 WHERE " r                              \
                                ".stage <> 'closed' AND (" CASE_COUNT_COLUMNS ") = (" CASE_COUNT_KEYS(                 \
                                    r) ");"                                                                            \
                                       " DELETE FROM case_open_counts WHERE cases = 0 AND (" CASE_COUNT_COLUMNS        \
                                       ") = (" CASE_COUNT_KEYS(r) ");"
/* a worker's open cases: one more (sign 1) or one fewer (-1) for each assignment not ended on case c */
#define WORKER_COUNTS_MOVE(c, sign)                                                                                    \
    " INSERT INTO worker_open_counts (user_id, cases) SELECT a.user_id, " sign " * count(*) FROM case_assignments a"   \
    " WHERE a.case_id = " c ".id AND a.ended_at IS NULL GROUP BY a.user_id"                                            \
    " ON CONFLICT (user_id) DO UPDATE SET cases = worker_open_counts.cases + excluded.cases;"
#define WORKER_COUNTS_ASSIGNMENT(a, sign)                                                                              \
    " INSERT INTO worker_open_counts (user_id, cases) SELECT " a ".user_id, " sign " FROM cases c"                     \
    " WHERE c.id = " a ".case_id AND c.stage <> 'closed' AND " a ".ended_at IS NULL"                                   \
    " ON CONFLICT (user_id) DO UPDATE SET cases = worker_open_counts.cases + excluded.cases;"
/* The deadlines of assignment and first response (the two whose clocks every case starts), by the month their clock
 * started, unit, kind, governorate, whether the risk was high, and the hours they took (DEADLINE_HOURS). */
#define MONTH_OF(at) "CAST(strftime('%s', " at " + 10800, 'unixepoch', 'start of month') AS INTEGER) / 86400"
#define DEADLINE_KEYS(r, deadline, at, high, done)                                                                     \
    MONTH_OF(r "." at)                                                                                                 \
    ", '" deadline "', " r ".unit_id, " r ".kind, COALESCE(" r ".governorate, ''), " high                              \
    ", " DEADLINE_HOURS(done, r "." at)
#define ASSIGNMENT_KEYS(r)                                                                                             \
    DEADLINE_KEYS(r, "assignment", "created_at", "CASE WHEN " r ".risk_level = 'high' THEN 1 ELSE 0 END",              \
                  r ".first_assigned_at")
#define RESPONSE_KEYS(r)                                                                                               \
    DEADLINE_KEYS(r, "first_response", "reported_at", "0", "COALESCE(" r ".first_assessed_at, " r ".risk_assessed_at)")
#define DEADLINE_ADD(keys, when)                                                                                       \
    " INSERT INTO deadline_month_counts (" DEADLINE_COUNT_COLUMNS ", cases) SELECT " keys ", 1 WHERE " when            \
    " ON CONFLICT (" DEADLINE_COUNT_COLUMNS ") DO UPDATE SET cases = deadline_month_counts.cases + 1;"
#define DEADLINE_TAKE(keys, when)                                                                                      \
    " UPDATE deadline_month_counts SET cases = cases - 1 WHERE " when " AND (" DEADLINE_COUNT_COLUMNS ") = (" keys     \
    ");"                                                                                                               \
    " DELETE FROM deadline_month_counts WHERE cases = 0 AND (" DEADLINE_COUNT_COLUMNS ") = (" keys ");"
#define DEADLINE_COUNTS_ADD(r)                                                                                         \
    DEADLINE_ADD(ASSIGNMENT_KEYS(r), "true") DEADLINE_ADD(RESPONSE_KEYS(r), r ".kind = 'family_violence'")
#define DEADLINE_COUNTS_TAKE(r)                                                                                        \
    DEADLINE_TAKE(ASSIGNMENT_KEYS(r), "true") DEADLINE_TAKE(RESPONSE_KEYS(r), r ".kind = 'family_violence'")
static const char migration_32[] =
    "CREATE TABLE case_month_counts (month INTEGER NOT NULL, unit_id INTEGER NOT NULL, kind TEXT NOT NULL,"
    " governorate TEXT NOT NULL, sex TEXT NOT NULL, age_band TEXT NOT NULL, violence TEXT NOT NULL,"
    " cases INTEGER NOT NULL, PRIMARY KEY (month, " CASE_COUNT_COLUMNS ")) WITHOUT ROWID;"
    "CREATE TABLE case_open_counts (unit_id INTEGER NOT NULL, kind TEXT NOT NULL, governorate TEXT NOT NULL,"
    " sex TEXT NOT NULL, age_band TEXT NOT NULL, violence TEXT NOT NULL, cases INTEGER NOT NULL,"
    " PRIMARY KEY (" CASE_COUNT_COLUMNS ")) WITHOUT ROWID;"
    "CREATE TABLE worker_open_counts (user_id INTEGER PRIMARY KEY, cases INTEGER NOT NULL);"
    "CREATE TABLE deadline_month_counts (month INTEGER NOT NULL, deadline TEXT NOT NULL, unit_id INTEGER NOT NULL,"
    " kind TEXT NOT NULL, governorate TEXT NOT NULL, high INTEGER NOT NULL, hours INTEGER NOT NULL,"
    " cases INTEGER NOT NULL, PRIMARY KEY (" DEADLINE_COUNT_COLUMNS ")) WITHOUT ROWID;"
    "INSERT INTO deadline_month_counts (" DEADLINE_COUNT_COLUMNS ", cases) SELECT " ASSIGNMENT_KEYS(
        "c") ", count(*) FROM cases c GROUP BY 1, 2, 3, 4, 5, 6, 7;"
             "INSERT INTO deadline_month_counts (" DEADLINE_COUNT_COLUMNS ", cases) SELECT " RESPONSE_KEYS(
                 "c") ", count(*) FROM cases c WHERE c.kind = 'family_violence' GROUP BY 1, 2, 3, 4, 5, 6, 7;"
                      "CREATE TRIGGER deadline_counts_insert AFTER INSERT ON cases BEGIN" DEADLINE_COUNTS_ADD(
                          "NEW") " END;"
                                 "CREATE TRIGGER deadline_counts_update AFTER UPDATE OF unit_id, kind, governorate, created_at, reported_at,"
                                 " risk_level, first_assigned_at, first_assessed_at, risk_assessed_at ON cases"
                                 " WHEN OLD.unit_id IS NOT NEW.unit_id OR OLD.kind IS NOT NEW.kind OR OLD.governorate IS NOT NEW.governorate"
                                 " OR OLD.created_at IS NOT NEW.created_at OR OLD.reported_at IS NOT NEW.reported_at"
                                 " OR OLD.risk_level IS NOT NEW.risk_level OR OLD.first_assigned_at IS NOT NEW.first_assigned_at"
                                 " OR OLD.first_assessed_at IS NOT NEW.first_assessed_at OR OLD.risk_assessed_at IS NOT NEW.risk_assessed_at"
                                 " BEGIN" DEADLINE_COUNTS_TAKE("OLD")
                                     DEADLINE_COUNTS_ADD(
                                         "NEW") " END;"
                                                "CREATE TRIGGER deadline_counts_delete AFTER DELETE ON cases BEGIN" DEADLINE_COUNTS_TAKE(
                                                    "OLD") " END;"
                                                           "INSERT INTO case_month_counts (month, " CASE_COUNT_COLUMNS
                                                           ", cases) SELECT " CASE_MONTH("c") ", " CASE_COUNT_KEYS(
                                                               "c") ", count(*) FROM cases c GROUP BY 1, 2, 3, 4, 5, 6, 7;"
                                                                    "INSERT INTO case_open_counts (" CASE_COUNT_COLUMNS
                                                                    ", cases) SELECT " CASE_COUNT_KEYS(
                                                                        "c") ", count(*) FROM cases c WHERE c.stage <> 'closed' GROUP BY 1, 2, 3, 4, 5, 6;"
                                                                             "INSERT INTO worker_open_counts (user_id, cases) SELECT a.user_id, count(*) FROM case_assignments a"
                                                                             " JOIN cases c ON c.id = a.case_id WHERE a.ended_at IS NULL AND c.stage <> 'closed' GROUP BY a.user_id;"
                                                                             "CREATE TRIGGER case_counts_insert AFTER INSERT ON cases BEGIN" CASE_COUNTS_ADD(
                                                                                 "NEW") " END;"
                                                                                        "CREATE TRIGGER case_counts_update AFTER UPDATE OF unit_id, kind, governorate, reported_at, stage,"
                                                                                        " principal_sex, principal_birth_year, first_violence ON cases WHEN OLD.unit_id IS NOT NEW.unit_id"
                                                                                        " OR OLD.kind IS NOT NEW.kind OR OLD.governorate IS NOT NEW.governorate"
                                                                                        " OR OLD.reported_at IS NOT NEW.reported_at OR OLD.stage IS NOT NEW.stage"
                                                                                        " OR OLD.principal_sex IS NOT NEW.principal_sex OR OLD.principal_birth_year IS NOT NEW.principal_birth_year"
                                                                                        " OR OLD.first_violence IS NOT NEW.first_violence BEGIN" CASE_COUNTS_TAKE(
                                                                                            "OLD")
                                                                                            CASE_COUNTS_ADD("NEW") " END;"
                                                                                                                   "CREATE TRIGGER case_counts_delete AFTER DELETE ON cases BEGIN" CASE_COUNTS_TAKE(
                                                                                                                       "OLD") " END;"
                                                                                                                              "CREATE TRIGGER worker_counts_stage AFTER UPDATE OF stage ON cases"
                                                                                                                              " WHEN (OLD.stage = 'closed') <> (NEW.stage = 'closed') BEGIN" WORKER_COUNTS_MOVE("NEW", "CASE WHEN NEW.stage = 'closed' THEN -1 ELSE 1 END") " END;"
                                                                                                                                                                                                                                                                            "CREATE TRIGGER worker_counts_assign AFTER INSERT ON case_assignments BEGIN" WORKER_COUNTS_ASSIGNMENT("NEW",
                                                                                                                                                                                                                                                                                                                                                                                  "1") " END;"
                                                                                                                                                                                                                                                                                                                                                                                       "CREATE TRIGGER worker_counts_reassign AFTER UPDATE OF case_id, user_id, ended_at ON case_assignments BEGIN" WORKER_COUNTS_ASSIGNMENT(
                                                                                                                                                                                                                                                                                                                                                                                           "OLD",
                                                                                                                                                                                                                                                                                                                                                                                           "-1") WORKER_COUNTS_ASSIGNMENT("NEW", "1") " END;"
                                                                                                                                                                                                                                                                                                                                                                                                                                      "CREATE TRIGGER worker_counts_unassign AFTER DELETE ON case_assignments BEGIN" WORKER_COUNTS_ASSIGNMENT(
                                                                                                                                                                                                                                                                                                                                                                                                                                          "OLD",
                                                                                                                                                                                                                                                                                                                                                                                                                                          "-1") " END;";

/* PostgreSQL checks the governorate of a person against the fixed list with a CHECK instead of a foreign key, which
 * made its COPY of an import twice as slow (store/pg/schema.c, docs/import.md). SQLite keeps its foreign key, a
 * lookup in an index of twelve rows there: the version is taken so that both engines stay at the same one. */
static const char migration_33[] = "-- nothing to change on SQLite";

/* A row of the person change feed may stand for the persons of a range of ids (person_id to last_person_id), all
 * created by one chunk of an import: one row a chunk rather than one a person (docs/import.md). */
static const char migration_34[] = "ALTER TABLE person_changes ADD COLUMN last_person_id INTEGER;";

const Migration store_migrations[] = {
    {1, "organisation, users and the audit log", migration_1},
    {2, "sessions, API tokens and login limits", migration_2},
    {3, "the person registry and family links", migration_3},
    {4, "family link ids never reused", migration_4},
    {5, "cases, their workers, persons, incidents, notes, history and tasks", migration_5},
    {6, "the audit log's index by record, filed in batches", migration_6},
    {7, "the follow-up schedule of cases", migration_7},
    {8, "consents, referrals and transfers, services and the data-sharing log", migration_8},
    {9, "social studies: templates, drafts and their submitted versions", migration_9},
    {10, "follow-up reports on juveniles and the search index of studies", migration_10},
    {11, "one-time passwords set by an administrator", migration_11},
    {12, "notifications marked read", migration_12},
    {13, "the follow-up schedule is the case's one notion of its next follow-up", migration_13},
    {14, "the sex of users, for the grammar of sentences that name them", migration_14},
    {15, "risk assessments, safety plans, the goals of the case plan and corrections of incidents", migration_15},
    {16, "the search index of studies folded again, invisible characters dropped", migration_16},
    {17, "settlements, detention orders and trial steps as records of a case", migration_17},
    {18, "the clocks of a case restart from a transfer, a reopening or an unassignment", migration_18},
    {19, "court measures in one table, detention orders one kind of them", migration_19},
    {20, "homes, their places and rooms, placements and their movements, and the care-home staff role", migration_20},
    {21, "the second factor: sealed secrets, the last code taken, recovery codes", migration_21},
    {22, "the browser a session was opened from, and whether it was new to the account", migration_22},
    {23, "break-glass: emergency access to a case, its grant and its review", migration_23},
    {24, "correction centres: programmes, enrolments and attendance, families, children, release and aftercare",
     migration_24},
    {25, "the log of data exports and the indexes of statistics", migration_25},
    {26, "the joint committee: observations, meetings, recommendations, actions and their history", migration_26},
    {27, "the records officer's role, juvenile records sealed at 18 and the court orders that open them", migration_27},
    {28, "retention: the cases past it, anonymisation, and persons' requests for erasure", migration_28},
    {29, "the committee's fact-finding groups and statistics figures as an observation's evidence", migration_29},
    {30, "what the statistics count a case by, kept on the case, and the indexes that hold it", migration_30},
    {31, "the change feed of the person index, and the days the daily job ran", migration_31},
    {32, "the counts of the case load by month and open now, and each worker's open cases, kept by triggers",
     migration_32},
    {33, "a person's governorate checked against the list (PostgreSQL: a CHECK rather than a foreign key)",
     migration_33},
    {34, "a row of the person change feed for the persons of an import's chunk together", migration_34},
};
const int store_migrations_count = (int)(sizeof store_migrations / sizeof store_migrations[0]);

const PendingWork store_pending_work[] = {
    {"reindex_studies", store_studies_reindex},
};
const int store_pending_work_count = (int)(sizeof store_pending_work / sizeof store_pending_work[0]);
