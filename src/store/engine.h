/* Inside store/ only: what each database engine does its own way, as named functions its folder implements
 * (store/sqlite/ today). Everything else the store runs is portable SQL through the seam (store/sql.h). */
#ifndef TAKAMUL_STORE_ENGINE_H
#define TAKAMUL_STORE_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "store/case_visible.h"
#include "store/studies.h"

/* Copies one snapshot of the database into the empty file at path, as a database of its own (an online backup).
 * 0 or a TkErr with a message in error. */
int engine_copy_into(Db *db, const char *path, char error[256]);

/* The highest id ever given to a row of the audit log, deleted rows included (0 when none). */
int engine_audit_last_id(Db *db, int64_t *id);

/* The text search index of studies: one entry per study (its id), the folded words of its sections. */
/* The entry of a study (*body NULL when it has none). */
int engine_study_index_get(Db *db, int64_t study_id, Arena *arena, char **body);
/* Replaces the entry of a study with body (no entry when body is empty). */
int engine_study_index_put(Db *db, int64_t study_id, const char *body);
/* Whether any entry holds the word (a folded word, without quotes). */
int engine_study_index_has(Db *db, const char *word, bool *found);
/* The studies whose entries hold every term of the filter (each term: one of words[t], the words of the index that
 * begin with it, or any word beginning with it when prefix[t]), newest first, as store_study_list. */
int engine_study_search(Db *db, const CaseViewer *viewer, const StudyFilter *f, char **const *words,
                        const int *word_counts, const bool *prefix, Arena *arena, Study **items, int *count,
                        bool *more);

/* Several servers on one database (docs/store.md, "Several servers"). */
/* Starts listening on db for the announcements of the person change feed (PostgreSQL: LISTEN; SQLite, where one
 * server is alone: nothing). 0 or a TkErr. */
int engine_changes_listen(Db *db);
/* Waits until a change is announced on db or timeout_ms pass (SQLite: waits). 0 or a TkErr (connection lost). */
int engine_changes_wait(Db *db, int timeout_ms);
/* Takes the lock of a background job (key: one of STORE_JOB_*) for db's session if no other session holds it:
 * *held says whether it was taken (PostgreSQL: pg_try_advisory_lock, a key apart from the writer lock's; SQLite,
 * one server: always taken). Released by engine_job_unlock, or when db is closed. */
int engine_job_try_lock(Db *db, int64_t key, bool *held);
int engine_job_unlock(Db *db, int64_t key);

#endif
