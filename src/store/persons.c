#include "store/persons.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "store/case_visible.h"
#include "store/driver.h"
#include "store/engine.h"
#include "store/sql.h"
#include "store/statistics.h"

#define PERSON_COLUMNS                                                                                                 \
    "id, first_name, father_name, grandfather_name, family_name, latin_name, national_id, document_type,"              \
    " document_number, birth_date, birth_year, birth_year_estimated, sex, nationality, governorate, address,"          \
    " phones, disability, notes, key_first, key_father, key_grandfather, key_family, status, merged_into,"             \
    " created_by, updated_by, version, created_at, updated_at"

SQL_RECORD(PERSON, Person, id, first_name, father_name, grandfather_name, family_name, latin_name, national_id,
           document_type, document_number, birth_date, birth_year, birth_year_estimated, sex, nationality, governorate,
           address, phones, disability, notes, key_first, key_father, key_grandfather, key_family, status, merged_into,
           created_by, updated_by, version, created_at, updated_at);

/* Reads the person columns starting at column first; the column after them. */
static int read_person_at(Query *q, int first, Arena *arena, Person *p)
{
    p->withheld = false;
    p->sealed = false;
    return sql_read_fields(q, first, arena, p, PERSON.fields);
}

static void read_person(Query *q, Arena *arena, Person *p)
{
    read_person_at(q, 0, arena, p);
}

/* Binds the fields that inserts and updates share. */
static void bind_person(Query *q, const Person *p)
{
    sql_bind_fields(q, p,
                    SQL_FIELDS(Person, first_name, father_name, grandfather_name, family_name, latin_name, national_id,
                               document_type, document_number, birth_date, sex, nationality, governorate, address,
                               phones, disability, notes, key_first, key_father, key_grandfather, key_family));
    sql_bind_args(q, SQL_ARGS(SQL_ID(":birth_year", p->birth_year), SQL_INT(":estimated", p->birth_year_estimated)));
}

/* Inserts the person's row alone, without its note in the change feed. */
static int insert_row(Db *db, Person *person, int64_t user_id, int64_t now)
{
    Query q = sql_query(
        db, "INSERT INTO persons (first_name, father_name, grandfather_name, family_name, latin_name, national_id,"
            " document_type, document_number, birth_date, birth_year, birth_year_estimated, sex, nationality,"
            " governorate, address, phones, disability, notes, key_first, key_father, key_grandfather, key_family,"
            " created_by, updated_by, created_at, updated_at) VALUES (:first_name, :father_name, :grandfather_name,"
            " :family_name, :latin_name, :national_id, :document_type, :document_number, :birth_date, :birth_year,"
            " :estimated, :sex, :nationality, :governorate, :address, :phones, :disability, :notes, :key_first,"
            " :key_father, :key_grandfather, :key_family, :user, :user, :now, :now) RETURNING id");
    bind_person(&q, person);
    sql_bind_args(&q, SQL_ARGS(SQL_ID(":user", user_id), SQL_INT(":now", now)));
    int rc = sql_exec_returning(&q, &person->id);
    if (rc == TK_OK)
        store_person_inserted(person, user_id, now);
    return rc;
}

int store_person_insert(Db *db, Person *person, int64_t user_id)
{
    int64_t now = clock_now();
    int rc = insert_row(db, person, user_id, now);
    return rc == TK_OK ? store_person_changed(db, person->id, "create", now) : rc;
}

void store_person_inserted(Person *person, int64_t user_id, int64_t now)
{
    person->version = 1;
    person->status = "active";
    person->created_by = person->updated_by = user_id;
    person->created_at = person->updated_at = now;
}

int store_person_insert_many(Db *db, Person *persons, int count, int64_t user_id, int *results)
{
    if (db->driver->engine->person_insert_many)
        return db->driver->engine->person_insert_many(db, persons, count, user_id, results);
    int64_t now = clock_now(), low = 0, high = 0;
    for (int i = 0; i < count; i++) {
        results[i] = insert_row(db, &persons[i], user_id, now);
        if (results[i] == TK_OK) {
            low = low ? low : persons[i].id;
            high = persons[i].id;
        } else if (results[i] != TK_ERR_EXISTS && results[i] != TK_ERR_INVALID) {
            return results[i];
        }
    }
    return low ? store_person_changes_created(db, low, high, now) : TK_OK;
}

int store_person_changes_created(Db *db, int64_t low, int64_t high, int64_t now)
{
    Query q = sql_query(db, "INSERT INTO person_changes (person_id, last_person_id, kind, at)"
                            " VALUES (:low, :high, 'create', :now)");
    sql_int(&q, ":now", now);
    sql_int(&q, ":low", low);
    sql_int(&q, ":high", high);
    return sql_exec(&q);
}

static void read_person_row(Query *q, Arena *arena, void *item)
{
    read_person(q, arena, item);
}

int store_person_get(Db *db, int64_t id, Arena *arena, Person *person)
{
    Query q = sql_query(db, "SELECT " PERSON_COLUMNS " FROM persons WHERE id = :id");
    sql_int(&q, ":id", id);
    return sql_one(&q, arena, read_person_row, person);
}

/* A viewer's sight of the person pe (PersonSight), in three columns: she appears in a restricted case; the viewer
 * sees one of her cases (CASE_VISIBLE, bound with store_bind_case_viewer); she is the juvenile of a sealed record of a
 * unit other than the viewer's (domain/records/). Each is asked of her own cases (the index of case_persons by
 * person): the OFFSET 0 keeps PostgreSQL from hashing an EXISTS once for all rows instead, which reads every case
 * (no index has the sensitivity) to answer a few persons. */
#define SIGHT_COLUMNS                                                                                                  \
    "EXISTS (SELECT 1 FROM case_persons m JOIN cases c ON c.id = m.case_id"                                            \
    "   WHERE m.person_id = pe.id AND c.sensitivity = 'restricted' LIMIT 1 OFFSET 0),"                                 \
    " EXISTS (SELECT 1 FROM case_persons m JOIN cases c ON c.id = m.case_id WHERE m.person_id = pe.id"                 \
    "   AND " CASE_VISIBLE " LIMIT 1 OFFSET 0),"                                                                       \
    " EXISTS (SELECT 1 FROM case_persons m JOIN cases c ON c.id = m.case_id WHERE m.person_id = pe.id"                 \
    "   AND m.role = 'juvenile' AND c.sealed_at IS NOT NULL AND c.unit_id <> :viewer_unit LIMIT 1 OFFSET 0)"

static void read_sight(Query *q, int first, PersonSight *sight)
{
    sight->restricted = sql_col_int(q, first) != 0;
    sight->sees = sql_col_int(q, first + 1) != 0;
    sight->sealed_elsewhere = sql_col_int(q, first + 2) != 0;
}

int store_person_sight(Db *db, int64_t id, const CaseViewer *viewer, PersonSight *sight)
{
    *sight = (PersonSight){0};
    Query q = sql_query(db, "SELECT " SIGHT_COLUMNS " FROM persons pe WHERE pe.id = :id");
    sql_int(&q, ":id", id);
    store_bind_case_viewer(&q, viewer);
    if (sql_row(&q))
        read_sight(&q, 0, sight);
    return sql_done(&q);
}

/* The batch's statement names PERSONS_ASKED ids, the unused ones bound to 0 (no person's id). */
_Static_assert(PERSONS_ASKED == 50, "the statement below names PERSONS_ASKED ids");
/* Bound names are remembered by their address: each its own. */
static const char *const persons_asked_names[PERSONS_ASKED] = {SQL_PARAM_NAMES_50(":p")};

/* One statement for up to PERSONS_ASKED of the ids, and the highest person id (one row even when none is found). */
static int persons_sighted_slice(Db *db, const int64_t *ids, int count, const CaseViewer *viewer, Arena *arena,
                                 Person *persons, PersonSight *sights, int64_t *newest)
{
    Query q = sql_query(db, SQL_GENERIC_PLAN "SELECT n.newest, " PERSON_COLUMNS ", " SIGHT_COLUMNS
                                             " FROM (SELECT coalesce(max(id), 0) AS newest FROM persons) n"
                                             " LEFT JOIN persons pe ON pe.id IN (" SQL_PARAMS_50(":p") ")");
    for (int i = 0; i < PERSONS_ASKED; i++)
        sql_int(&q, persons_asked_names[i], i < count ? ids[i] : 0);
    store_bind_case_viewer(&q, viewer);
    int found = 0;
    while (sql_row(&q)) {
        *newest = sql_col_int(&q, 0);
        if (sql_col_is_null(&q, 1)) /* none of the ids is a person's */
            continue;
        int64_t id = sql_col_int(&q, 1);
        int read = -1; /* an id asked twice gets the row twice */
        for (int i = 0; i < count; i++) {
            if (ids[i] != id)
                continue;
            if (read < 0) {
                read_sight(&q, read_person_at(&q, 1, arena, &persons[i]), &sights[i]);
                read = i;
            } else {
                persons[i] = persons[read];
                sights[i] = sights[read];
            }
            found++;
        }
    }
    int rc = sql_done(&q);
    return rc == TK_OK && found < count ? TK_ERR_NOT_FOUND : rc;
}

int store_persons_sighted(Db *db, const int64_t *ids, int count, const CaseViewer *viewer, Arena *arena,
                          Person *persons, PersonSight *sights, int64_t *newest)
{
    *newest = 0;
    int rc = TK_OK, at = 0;
    do { /* once at least, for newest */
        int slice = count - at < PERSONS_ASKED ? count - at : PERSONS_ASKED;
        rc = persons_sighted_slice(db, ids + at, slice, viewer, arena, persons + at, sights + at, newest);
        at += PERSONS_ASKED;
    } while (at < count && rc == TK_OK);
    return rc;
}

int store_person_find_national_id(Db *db, const char *national_id, Arena *arena, Person *person)
{
    Query q = sql_query(db, "SELECT " PERSON_COLUMNS
                            " FROM persons WHERE national_id = :national_id AND status = 'active'");
    sql_text(&q, ":national_id", national_id);
    return sql_one(&q, arena, read_person_row, person);
}

int store_person_find_document(Db *db, const char *type, const char *number, Arena *arena, Person *person)
{
    Query q = sql_query(db, "SELECT " PERSON_COLUMNS
                            " FROM persons WHERE document_type = :type AND document_number = :number"
                            " AND status = 'active'");
    sql_text(&q, ":type", type);
    sql_text(&q, ":number", number);
    return sql_one(&q, arena, read_person_row, person);
}

int store_person_update(Db *db, Person *person, int64_t user_id)
{
    Query q = sql_query(
        db, "UPDATE persons SET first_name = :first_name, father_name = :father_name,"
            " grandfather_name = :grandfather_name, family_name = :family_name, latin_name = :latin_name,"
            " national_id = :national_id, document_type = :document_type, document_number = :document_number,"
            " birth_date = :birth_date, birth_year = :birth_year, birth_year_estimated = :estimated, sex = :sex,"
            " nationality = :nationality, governorate = :governorate, address = :address, phones = :phones,"
            " disability = :disability, notes = :notes, key_first = :key_first, key_father = :key_father,"
            " key_grandfather = :key_grandfather, key_family = :key_family, updated_by = :by, updated_at = :now,"
            " version = version + 1 WHERE id = :id AND version = :version");
    bind_person(&q, person);
    int rc = sql_update_stamped_or_missing(&q, "SELECT 1 FROM persons WHERE id = :id", user_id, person->id,
                                           &person->version, &person->updated_by, &person->updated_at);
    if (rc != TK_OK)
        return rc;
    rc = store_person_changed(db, person->id, "update", person->updated_at);
    return rc == TK_OK ? store_case_stat_refresh_person(db, person->id) : rc; /* a sex or a year of birth corrected */
}

static int insert_link(Db *db, int64_t person_id, int64_t relative_id, const char *relation, int64_t degree,
                       int64_t user_id, int64_t now, int64_t *id)
{
    return sql_run_returning(
        db,
        "INSERT INTO person_links (person_id, relative_id, relation, degree, created_by, created_at)"
        " VALUES (:person, :relative, :relation, :degree, :user, :now) RETURNING id",
        id,
        SQL_ARGS(SQL_INT(":person", person_id), SQL_INT(":relative", relative_id), SQL_TEXT(":relation", relation),
                 SQL_ID(":degree", degree), SQL_ID(":user", user_id), SQL_INT(":now", now)));
}

int store_person_link_insert(Db *db, int64_t person_id, int64_t relative_id, const char *relation, const char *inverse,
                             int64_t degree, int64_t user_id, int64_t *link_id)
{
    int64_t now = clock_now(), inverse_id = 0;
    int rc = insert_link(db, person_id, relative_id, relation, degree, user_id, now, link_id);
    if (rc == TK_OK)
        rc = insert_link(db, relative_id, person_id, inverse, degree, user_id, now, &inverse_id);
    if (rc == TK_OK) {
        Query pair = sql_query(db, "UPDATE person_links SET pair_id = CASE id WHEN :a THEN :b ELSE :a END"
                                   " WHERE id IN (:a, :b)");
        sql_int(&pair, ":a", *link_id);
        sql_int(&pair, ":b", inverse_id);
        rc = sql_exec(&pair);
    }
    return rc;
}

int store_person_link_delete(Db *db, int64_t person_id, int64_t link_id)
{
    Query q = sql_query(
        db, "DELETE FROM person_links WHERE id IN (SELECT id FROM person_links WHERE id = :id AND person_id = :person"
            " UNION SELECT pair_id FROM person_links WHERE id = :id AND person_id = :person)");
    sql_int(&q, ":id", link_id);
    sql_int(&q, ":person", person_id);
    return sql_exec_one(&q, TK_ERR_NOT_FOUND);
}

/* One row (a SqlReadRow): item is a PersonLink, its relative's columns after its own. */
static void read_link(Query *q, Arena *arena, void *item)
{
    PersonLink *link = item;
    sql_read_fields(q, 0, arena, link,
                    SQL_FIELDS(PersonLink, id, person_id, relative_id, relation, degree, created_by, created_at));
    read_person_at(q, 7, arena, &link->relative);
}

int store_person_family(Db *db, int64_t person_id, Arena *arena, PersonLink **links, int *count)
{
    Query q = sql_query(
        db, "SELECT l.id, l.person_id, l.relative_id, l.relation, l.degree, l.created_by, l.created_at, "
            "p.id, p.first_name, p.father_name, p.grandfather_name, p.family_name, p.latin_name, p.national_id,"
            " p.document_type, p.document_number, p.birth_date, p.birth_year, p.birth_year_estimated, p.sex,"
            " p.nationality, p.governorate, p.address, p.phones, p.disability, p.notes, p.key_first, p.key_father,"
            " p.key_grandfather, p.key_family, p.status, p.merged_into, p.created_by, p.updated_by, p.version,"
            " p.created_at, p.updated_at"
            " FROM person_links l JOIN persons p ON p.id = l.relative_id WHERE l.person_id = :person"
            " ORDER BY l.relation, p.birth_year, l.id LIMIT 500");
    sql_int(&q, ":person", person_id);
    return sql_collect(&q, arena, sizeof(PersonLink), read_link, 0, links, count, NULL);
}

/* The scan reads the persons a page at a time, by id: an engine that fetches a statement's rows at once
 * (PostgreSQL) then holds one page in memory, not the registry's millions. */
enum { SCAN_PAGE = 50000 };

/* The index's columns of a person (p the persons table): read by read_keys from their first. */
#define KEY_COLUMNS                                                                                                    \
    "p.id, p.key_first, p.key_father, p.key_grandfather, p.key_family, coalesce(p.birth_year, 0), p.sex,"              \
    " CASE WHEN p.anonymised_at IS NULL THEN p.status ELSE 'anonymised' END"

/* Reads the KEY_COLUMNS from column first, without a copy (valid until the next row): a person merged away or
 * anonymised is found no more. */
static PersonKeys read_keys(Query *q, int first)
{
    PersonKeys keys = {
        .id = sql_col_int(q, first),
        .key_first = sql_col_text_ref(q, first + 1),
        .key_father = sql_col_text_ref(q, first + 2),
        .key_grandfather = sql_col_text_ref(q, first + 3),
        .key_family = sql_col_text_ref(q, first + 4),
        .birth_year = sql_col_int(q, first + 5),
        .sex = sql_col_text_ref(q, first + 6),
    };
    const char *status = sql_col_text_ref(q, first + 7);
    keys.active = status && strcmp(status, "active") == 0;
    return keys;
}

int store_person_scan_keys(Db *db, int64_t after_id, int (*visit)(void *context, const PersonKeys *keys), void *context)
{
    int stop = 0, rc = TK_OK;
    for (int rows = SCAN_PAGE; !stop && rc == TK_OK && rows == SCAN_PAGE;) {
        Query q = sql_query(db, "SELECT " KEY_COLUMNS " FROM persons p WHERE p.id > :after ORDER BY p.id LIMIT :limit");
        sql_int(&q, ":after", after_id);
        sql_int(&q, ":limit", SCAN_PAGE);
        rows = 0;
        while (!stop && sql_row(&q)) {
            PersonKeys keys = read_keys(&q, 0);
            after_id = keys.id;
            rows++;
            stop = visit(context, &keys);
        }
        rc = sql_done(&q);
    }
    return rc != TK_OK ? rc : stop;
}

/* One statement for a number and its variants: NATIONAL_ASKED parameters, the unused ones bound to the first. */
_Static_assert(NATIONAL_ASKED == 100, "the statement below names NATIONAL_ASKED numbers");
/* Bound names are remembered by their address: each its own. */
static const char *const national_ids_names[NATIONAL_ASKED] = {SQL_PARAM_NAMES_100(":n")};

int store_persons_by_national_ids(Db *db, const char *const *numbers, int count, int64_t *ids, bool *exact, int max,
                                  int *found)
{
    *found = 0;
    if (count <= 0)
        return TK_OK;
    Query q = sql_query(db, "SELECT id, CASE WHEN national_id = :n0 THEN 1 ELSE 0 END FROM persons"
                            " WHERE status = 'active' AND national_id IN (" SQL_PARAMS_100(":n") ")"
                                                                                                 " ORDER BY id");
    for (int i = 0; i < NATIONAL_ASKED; i++)
        sql_text(&q, national_ids_names[i], numbers[i < count ? i : 0]);
    while (*found < max && sql_row(&q)) {
        ids[*found] = sql_col_int(&q, 0);
        exact[(*found)++] = sql_col_int(&q, 1) != 0;
    }
    return sql_done(&q);
}

int store_person_max_id(Db *db, int64_t *id)
{
    Query q = sql_query(db, "SELECT coalesce(max(id), 0) FROM persons");
    *id = sql_row(&q) ? sql_col_int(&q, 0) : 0;
    return sql_done(&q);
}

int store_person_changed(Db *db, int64_t person_id, const char *kind, int64_t now)
{
    Query q = sql_query(db, "INSERT INTO person_changes (person_id, kind, at) VALUES (:person, :kind, :now)");
    sql_int(&q, ":person", person_id);
    sql_text(&q, ":kind", kind);
    sql_int(&q, ":now", now);
    return sql_exec(&q);
}

int store_person_changes_read(Db *db, int64_t low, int64_t high, int changes, int persons,
                              int (*visit)(void *context, int64_t change_id, const PersonKeys *keys), void *context,
                              bool *more)
{
    *more = false;
    /* l: the changes asked for, at most `changes`; w: with how many persons' ids each range covers, counted from the
     * first (the running sum), and how many l holds; c: those that begin before `persons` are covered (the first
     * always does), and how many. The persons of one change are never split between two reads. */
    Query q = sql_query(db, "SELECT c.id, c.picked, c.kept, " KEY_COLUMNS
                            " FROM (SELECT id, person_id, last_id, picked, count(*) OVER () AS kept"
                            " FROM (SELECT id, person_id, last_id, count(*) OVER () AS picked,"
                            " sum(last_id - person_id + 1) OVER (ORDER BY id) AS covered"
                            " FROM (SELECT id, person_id, CASE WHEN last_person_id IS NULL THEN person_id"
                            " ELSE last_person_id END AS last_id FROM person_changes"
                            " WHERE id > :low AND id <= :high ORDER BY id LIMIT :changes) l) w"
                            " WHERE covered - (last_id - person_id + 1) < :persons) c"
                            " JOIN persons p ON p.id >= c.person_id AND p.id <= c.last_id ORDER BY c.id, p.id");
    sql_bind_args(&q, SQL_ARGS(SQL_INT(":low", low), SQL_INT(":high", high), SQL_INT(":changes", changes),
                               SQL_INT(":persons", persons)));
    int stop = 0;
    bool first = true;
    while (!stop && sql_row(&q)) {
        if (first) {
            int64_t picked = sql_col_int(&q, 1), kept = sql_col_int(&q, 2);
            *more = picked == changes || kept < picked;
            first = false;
        }
        PersonKeys keys = read_keys(&q, 3);
        stop = visit(context, sql_col_int(&q, 0), &keys);
    }
    int rc = sql_done(&q);
    return rc != TK_OK ? rc : stop;
}

int store_person_changes_newest(Db *db, int64_t *id)
{
    Query q = sql_query(db, "SELECT coalesce(max(id), 0) FROM person_changes");
    *id = sql_row(&q) ? sql_col_int(&q, 0) : 0;
    return sql_done(&q);
}

int store_person_changes_prune(Db *db, int64_t before, int64_t *deleted)
{
    Query q = sql_query(db, "DELETE FROM person_changes WHERE at < :before");
    sql_int(&q, ":before", before);
    int rc = sql_exec(&q);
    *deleted = rc == TK_OK ? sql_changes(db) : 0;
    return rc;
}

int store_person_changes_listen(Db *db)
{
    return engine_changes_listen(db);
}

int store_person_changes_wait(Db *db, int timeout_ms)
{
    return engine_changes_wait(db, timeout_ms);
}
