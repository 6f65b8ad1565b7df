/* The numbered schema migrations. A migration is never edited once released: changes come as a new one. */
#include "store/migrations.h"

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

const Migration store_migrations[] = {
    {1, "organisation, users and the audit log", migration_1},
    {2, "sessions, API tokens and login limits", migration_2},
    {3, "the person registry and family links", migration_3},
    {4, "family link ids never reused", migration_4},
};
const int store_migrations_count = (int)(sizeof store_migrations / sizeof store_migrations[0]);
