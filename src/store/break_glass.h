/* Break-glass grants in the database (model/break_glass.h); strings live in the caller's arena. */
#ifndef TAKAMUL_STORE_BREAK_GLASS_H
#define TAKAMUL_STORE_BREAK_GLASS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "model/break_glass.h"
#include "model/notification.h"
#include "store/store.h"

/* Records a grant (id set). */
int store_break_glass_add(Db *db, BreakGlass *grant);
/* The user's grant on the case not ended and not expired at now; TK_ERR_NOT_FOUND when none. */
int store_break_glass_active(Db *db, int64_t case_id, int64_t user_id, int64_t now, Arena *arena, BreakGlass *out);
int store_break_glass_get(Db *db, int64_t id, Arena *arena, BreakGlass *out);
/* Lets the grant change the case (its supervisor's decision): TK_ERR_CONFLICT when granted already, ended or
 * expired. */
int store_break_glass_grant_write(Db *db, int64_t id, int64_t by, int64_t now);
/* The auditor's verdict: TK_ERR_CONFLICT when reviewed already. */
int store_break_glass_review(Db *db, int64_t id, const char *verdict, const char *note, int64_t by, int64_t now);
/* Ends a grant before its time: the user's own (user_id), or any (0: its case's supervisor). */
int store_break_glass_end(Db *db, int64_t id, int64_t user_id, int64_t now);

typedef struct {
    int64_t unit_id; /* the cases of this unit only (a supervisor's); 0: all (auditors) */
    bool pending;    /* not reviewed yet */
    int limit;
} BreakGlassFilter;

/* Grants, newest first. */
int store_break_glass_list(Db *db, const BreakGlassFilter *filter, Arena *arena, BreakGlass **items, int *count);
/* Grants started since `since` (notifications, kind break_glass): on the cases of unit_id, or all when 0; newest
 * first, at most limit. */
int store_notifications_break_glass(Db *db, int64_t unit_id, int64_t since, int limit, Arena *arena,
                                    Notification **items, int *count);

#endif
