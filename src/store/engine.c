/* What each engine does its own way (store/engine.h, and the schema and upkeep of store/store.h): the connection's
 * driver names its engine's functions (store/driver.h), in store/sqlite/ or store/pg/. */
#include "store/engine.h"

#include "base/err.h"
#include "store/driver.h"
#include "store/store.h"

int store_schema_version(Db *db)
{
    return db->driver->engine->schema_version(db);
}

int store_migrate_to(Db *db, int target, char error[256])
{
    return db->driver->engine->migrate_to(db, target, error);
}

int store_check(Db *db, char error[256])
{
    return db->driver->engine->check(db, error);
}

int store_set_bulk(Db *db, bool bulk)
{
    return db->driver->engine->set_bulk ? db->driver->engine->set_bulk(db, bulk) : TK_OK;
}

int store_set_autocheckpoint(Db *db, int pages)
{
    return db->driver->engine->set_autocheckpoint ? db->driver->engine->set_autocheckpoint(db, pages) : TK_OK;
}

void store_track_wal_frames(Db *db, int *frames)
{
    if (db->driver->engine->track_wal_frames)
        db->driver->engine->track_wal_frames(db, frames);
    else
        *frames = 0;
}

int store_checkpoint(Db *db)
{
    return db->driver->engine->checkpoint ? db->driver->engine->checkpoint(db) : TK_OK;
}

int store_set_durable(Db *db, bool durable)
{
    return db->driver->engine->set_durable(db, durable);
}

int store_log_open(Db *db)
{
    return db->driver->engine->log_open ? db->driver->engine->log_open(db) : -1;
}

int store_set_cache_mib(Db *db, int mib)
{
    return db->driver->engine->set_cache_mib(db, mib);
}

int engine_copy_into(Db *db, const char *path, char error[256])
{
    return db->driver->engine->copy_into(db, path, error);
}

int engine_changes_listen(Db *db)
{
    return db->driver->engine->changes_listen ? db->driver->engine->changes_listen(db) : TK_OK;
}

int engine_changes_wait(Db *db, int timeout_ms)
{
    return db->driver->engine->changes_wait(db, timeout_ms);
}

int engine_job_try_lock(Db *db, int64_t key, bool *held)
{
    if (db->driver->engine->job_try_lock)
        return db->driver->engine->job_try_lock(db, key, held);
    *held = true;
    return TK_OK;
}

int engine_job_unlock(Db *db, int64_t key)
{
    return db->driver->engine->job_unlock ? db->driver->engine->job_unlock(db, key) : TK_OK;
}

int store_job_try_lock(Db *db, StoreJob job, bool *held)
{
    return engine_job_try_lock(db, (int64_t)job, held);
}

void store_job_unlock(Db *db, StoreJob job)
{
    engine_job_unlock(db, (int64_t)job);
}

int engine_audit_last_id(Db *db, int64_t *id)
{
    return db->driver->engine->audit_last_id(db, id);
}

int engine_study_index_get(Db *db, int64_t study_id, Arena *arena, char **body)
{
    return db->driver->engine->study_index_get(db, study_id, arena, body);
}

int engine_study_index_put(Db *db, int64_t study_id, const char *body)
{
    return db->driver->engine->study_index_put(db, study_id, body);
}

int engine_study_index_has(Db *db, const char *word, bool *found)
{
    return db->driver->engine->study_index_has(db, word, found);
}

int engine_study_search(Db *db, const CaseViewer *viewer, const StudyFilter *f, char **const *words,
                        const int *word_counts, const bool *prefix, Arena *arena, Study **items, int *count, bool *more)
{
    return db->driver->engine->study_search(db, viewer, f, words, word_counts, prefix, arena, items, count, more);
}
