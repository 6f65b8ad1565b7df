/* Persons and their family links in the database. Strings of returned records live in the caller's arena. */
#ifndef TAKAMUL_STORE_PERSONS_H
#define TAKAMUL_STORE_PERSONS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "model/case.h"
#include "model/person.h"
#include "store/store.h"

/* Inserts person (id, version and times are set). TK_ERR_EXISTS when the national or document number is taken. */
int store_person_insert(Db *db, Person *person, int64_t user_id);
/* Inserts count persons in this order, as many store_person_insert would (each gets its id, or is refused alone):
 * results[i] is TK_OK, TK_ERR_EXISTS (a national or document number taken) or TK_ERR_INVALID for each. Inside a
 * transaction. Returns TK_OK, or the error that stopped it (then nothing of the call is kept). An engine may load
 * them in one go (PostgreSQL: COPY). */
int store_person_insert_many(Db *db, Person *persons, int count, int64_t user_id, int *results);
int store_person_get(Db *db, int64_t id, Arena *arena, Person *person);

/* A viewer's sight of one person (PersonSight: its second fact by the rule of store/case_visible.h; all false for a person that is not there), in one statement. */
int store_person_sight(Db *db, int64_t id, const CaseViewer *viewer, PersonSight *sight);
/* The most persons read by one statement of store_persons_sighted. */
enum { PERSONS_ASKED = 50 };
/* Reads the persons ids[0 .. count-1] as store_person_get does, and the viewer's sight of each: persons[i] and
 * sights[i] are those of ids[i] (the caller's order). *newest: the highest person id, read in the same statement (for
 * the person index to see whether another process added persons). One statement per PERSONS_ASKED ids, and one for
 * none. TK_ERR_NOT_FOUND when an id is no person's. */
int store_persons_sighted(Db *db, const int64_t *ids, int count, const CaseViewer *viewer, Arena *arena,
                          Person *persons, PersonSight *sights, int64_t *newest);
/* The active person holding a national number, or a document type and number; TK_ERR_NOT_FOUND when none. */
int store_person_find_national_id(Db *db, const char *national_id, Arena *arena, Person *person);
int store_person_find_document(Db *db, const char *type, const char *number, Arena *arena, Person *person);
/* Writes every field when person->version is current, and bumps it. TK_ERR_CONFLICT on a stale version. */
int store_person_update(Db *db, Person *person, int64_t user_id);
/* Inserts a link and its inverse. */
int store_person_link_insert(Db *db, int64_t person_id, int64_t relative_id, const char *relation, const char *inverse,
                             int64_t degree, int64_t user_id, int64_t *link_id);
/* Deletes a link of this person and its inverse; TK_ERR_NOT_FOUND when it is not the person's. */
int store_person_link_delete(Db *db, int64_t person_id, int64_t link_id);
/* The person's links, each with the relative's record. */
int store_person_family(Db *db, int64_t person_id, Arena *arena, PersonLink **links, int *count);

/* Merges merged_id into kept_id: records the merge and the links it touches, moves the merged person's family links
 * to the kept one (dropping those the kept one already has, and those between the two), and marks the merged
 * record. The merged person's roles in cases move the same way. Runs in the caller's transaction. */
int store_person_merge(Db *db, int64_t kept_id, int64_t merged_id, const char *reason, int64_t user_id,
                       int64_t *merge_id);
/* Puts back what a merge changed and reactivates the merged record. TK_ERR_EXISTS when its national or document
 * number is now another active person's. Runs in the caller's transaction. */
int store_person_merge_undo(Db *db, int64_t merge_id, int64_t user_id, const char *reason);
int store_person_merge_get(Db *db, int64_t id, Arena *arena, PersonMerge *merge);
/* Every merge in which the person is the kept or the merged record, undone ones too, newest first, with the names
 * of who merged and undid (at most 500). The array lives in arena. */
int store_person_merges_of(Db *db, int64_t person_id, Arena *arena, PersonMerge **merges, int *count);
/* Fills merge->merged_by_name and undone_by_name, and their sex, from the users table (NULL for a user that is not
 * there). */
int store_person_merge_names(Db *db, PersonMerge *merge, Arena *arena);

/* Calls visit for every person with an id above after_id, in id order; stops early when visit returns non-zero
 * (and returns that). */
int store_person_scan_keys(Db *db, int64_t after_id, int (*visit)(void *context, const PersonKeys *keys),
                           void *context);
/* The highest person id (0 when there are none). */
int store_person_max_id(Db *db, int64_t *id);

/* The change feed of the person index (docs/store.md, "Several servers"). Every write that changes what the index
 * holds of a person (her name keys, birth year, sex, status, anonymisation) notes it with store_person_changed in the
 * same transaction; every server follows the feed and puts the persons it names into its own index. */
/* Notes a change of kind ("create", "update", "merge", "unmerge", "anonymise") of the person, at now. */
int store_person_changed(Db *db, int64_t person_id, const char *kind, int64_t now);
/* Notes the creation of the persons low to high, just inserted in one go (an import's), in one row of the feed:
 * every id between them is a person of theirs (or none, a row refused), as no other transaction writes persons
 * while this one holds the writer lock. */
int store_person_changes_created(Db *db, int64_t low, int64_t high, int64_t now);
/* Gives each change with low < id <= high (in the order of their ids) to visit with the keys of its person as they
 * now are, once for each person of a change that stands for several (in the order of their ids); visit returns 0 or
 * a TkErr to stop. One read gives at most `changes` changes, and stops before a change whose range begins past the
 * first `persons` ids covered (the first change is always given whole), so that an import's changes of a thousand
 * persons each never come a million at a time. *more: the read stopped at either bound, and more changes may follow
 * the last one given. 0 or a TkErr. */
int store_person_changes_read(Db *db, int64_t low, int64_t high, int changes, int persons,
                              int (*visit)(void *context, int64_t change_id, const PersonKeys *keys), void *context,
                              bool *more);
/* The id of the newest change (0 when none). */
int store_person_changes_newest(Db *db, int64_t *id);
/* Deletes the changes noted before `before` (Unix seconds); *deleted: how many. */
int store_person_changes_prune(Db *db, int64_t before, int64_t *deleted);
/* Waits on the feed's own connection (store_person_changes_listen) until a change is announced or timeout_ms pass:
 * PostgreSQL announces each committed change (NOTIFY); SQLite, with one server, only waits. 0 or a TkErr (the
 * connection is lost: open another). */
int store_person_changes_listen(Db *db);
int store_person_changes_wait(Db *db, int timeout_ms);
/* The active persons holding any of these national numbers (at most NATIONAL_ASKED; at most max found), in one
 * statement; exact[i]: ids[i] holds numbers[0] itself. */
int store_persons_by_national_ids(Db *db, const char *const *numbers, int count, int64_t *ids, bool *exact, int max,
                                  int *found);

#endif
