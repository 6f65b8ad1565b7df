#include "domain/records/records.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "base/log.h"
#include "base/settings.h"
#include "domain/core/access.h"
#include "domain/core/codes.h"
#include "domain/core/validate.h"
#include "domain/persons/person_search.h"
#include "domain/persons/persons.h"
#include "store/org.h"
#include "store/persons.h"
#include "store/records.h"

/* A purpose, reason or basis the law asks for: its length in characters at the least and at the most. */
enum { STATEMENT_MIN = 10, STATEMENT_MAX = 1000 };

static const SettingId retention_settings[RETENTION_KINDS] = {
    SET_RETENTION_YEARS_FAMILY_VIOLENCE, SET_RETENTION_YEARS_JUVENILE_CONFLICT, SET_RETENTION_YEARS_JUVENILE_PROTECTION,
    SET_RETENTION_YEARS_INMATE_FAMILY};

/* The records officer's pages and decisions: that role alone (administrators grant it; it reads no case work). */
static int require_records_officer(Ctx *ctx)
{
    if (!ctx->user)
        return fault_set(ctx->fault, TK_ERR_UNAUTHORIZED, "auth.required");
    if (!access_has_role(ctx, ROLE_RECORDS_OFFICER))
        return fault_set(ctx->fault, TK_ERR_FORBIDDEN, "auth.forbidden");
    return TK_OK;
}

/* Checks a statement (STATEMENT_MIN to STATEMENT_MAX characters) given as field: 0, or TK_ERR_INVALID with the fault
 * recorded, too_short its code when the statement is shorter. */
static int check_statement(Ctx *ctx, const char *text, const char *field, const char *too_short)
{
    if (!text || strlen(text) < STATEMENT_MIN)
        return fault_field(ctx->fault, TK_ERR_INVALID, text ? too_short : "field.required", field);
    return validate_text(ctx, text, STATEMENT_MAX, true, field) != TK_OK ? TK_ERR_INVALID : TK_OK;
}

/* The date `years` before a YYYY-MM-DD date (29 February gives 28 February in a common year). */
static void years_before(const char *date, int64_t years, char out[11])
{
    int y = atoi(date), m = atoi(date + 5), d = atoi(date + 8);
    y -= (int)years;
    if (d > clock_month_days(y, m))
        d = clock_month_days(y, m);
    /* the ranges of a date, which the compiler cannot see from atoi */
    y = y < 0 ? 0 : y > 9999 ? 9999 : y;
    m = m < 1 ? 1 : m > 12 ? 12 : m;
    d = d < 1 ? 1 : d > 31 ? 31 : d;
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

/* The start of the day in Amman before which a case of each kind must have closed to be past its retention. */
static void retention_cutoffs(int64_t cutoffs[RETENTION_KINDS])
{
    char today[11], day[11];
    clock_amman_today(today);
    for (int i = 0; i < RETENTION_KINDS; i++) {
        years_before(today, settings_get(retention_settings[i]), day);
        cutoffs[i] = clock_amman_day_start(day);
    }
}

/* The day a case's retention ended: its closing day in Amman, `years` later. */
static void retention_due_on(int64_t closed_at, int64_t years, char out[11])
{
    char closed[11];
    clock_amman_date(closed_at, closed);
    years_before(closed, -years, out);
}

static int64_t retention_years_of(const char *kind)
{
    for (int i = 0; i < RETENTION_KINDS; i++)
        if (strcmp(store_retention_kinds[i], kind) == 0)
            return settings_get(retention_settings[i]);
    return settings_get(SET_RETENTION_YEARS_FAMILY_VIOLENCE);
}

int domain_records_daily(Ctx *ctx, bool once_a_day, int *sealed, int *listed, bool *ran)
{
    *sealed = *listed = 0;
    *ran = false;
    char today[11], born_by[11];
    clock_amman_today(today);
    /* a juvenile born on or before this day has turned 18 by today */
    years_before(today, 18, born_by);
    int64_t now = clock_now();
    int rc;
    DOMAIN_TRANSACTION(ctx, rc, {
        int64_t *ids = NULL;
        int count = 0;
        /* read under the write lock: a server that finds today's run noted by another leaves it at that */
        bool done_today = false;
        rc = once_a_day ? store_daily_run_seen(ctx->db, today, &done_today) : TK_OK;
        *ran = rc == TK_OK && !done_today;
        if (rc == TK_OK && *ran)
            rc = store_seal_due(ctx->db, born_by, ctx->arena, &ids, &count);
        for (int i = 0; rc == TK_OK && i < count; i++) {
            rc = store_case_seal(ctx->db, ids[i], now);
            if (rc == TK_OK)
                rc = domain_audit_change(ctx, "case.seal", "case", ids[i], "ok", "the juvenile turned 18");
        }
        if (rc == TK_OK)
            *sealed = count;
        int64_t cutoffs[RETENTION_KINDS];
        retention_cutoffs(cutoffs);
        RetentionReview *due = NULL;
        int due_count = 0;
        if (rc == TK_OK && *ran)
            rc = store_retention_candidates(ctx->db, cutoffs, ctx->arena, &due, &due_count);
        for (int i = 0; rc == TK_OK && i < due_count; i++) {
            char due_on[11];
            retention_due_on(due[i].closed_at, retention_years_of(due[i].kind), due_on);
            rc = store_retention_review_add(ctx->db, due[i].case_id, due_on, now);
            if (rc == TK_OK)
                rc = domain_audit_change(ctx, "case.retention.listed", "case", due[i].case_id, "ok", due_on);
        }
        if (rc == TK_OK)
            *listed = due_count;
        if (rc == TK_OK && *ran && once_a_day)
            rc = store_daily_run_add(ctx->db, today, *sealed, *listed, now);
    });
    return rc;
}

int domain_sealed_list(Ctx *ctx, SealedCase **items, int *count)
{
    int rc = require_records_officer(ctx);
    if (rc == TK_OK)
        rc = store_sealed_list(ctx->db, ctx->arena, items, count);
    return rc == TK_OK ? domain_audit_read(ctx, "sealed.list", NULL, 0, NULL) : rc;
}

int domain_seal_orders(Ctx *ctx, SealOrder **items, int *count)
{
    int rc = require_records_officer(ctx);
    if (rc == TK_OK)
        rc = store_seal_orders(ctx->db, 0, ctx->arena, items, count);
    return rc == TK_OK ? domain_audit_read(ctx, "seal_order.list", NULL, 0, NULL) : rc;
}

/* "number/year": digits, a slash, a year from 2000 to this one. */
static bool parse_order(const char *text, int64_t *number, int64_t *year)
{
    const char *slash = text ? strchr(text, '/') : NULL;
    if (!slash || slash == text || slash - text > 7 || strlen(slash + 1) != 4)
        return false;
    for (const char *c = text; *c; c++)
        if (c != slash && (*c < '0' || *c > '9'))
            return false;
    *number = atoll(text);
    *year = atoll(slash + 1);
    char today[11];
    clock_amman_today(today);
    return *number > 0 && *year >= 2000 && *year <= atoi(today);
}

int domain_seal_order_add(Ctx *ctx, int64_t case_id, const char *reference, const char *reader_name, int64_t days,
                          SealOrder *o)
{
    int rc = require_records_officer(ctx);
    if (rc != TK_OK)
        return rc;
    bool read = o->kind && strcmp(o->kind, "read") == 0;
    if (!o->kind)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "kind");
    else if (!read && strcmp(o->kind, "unseal") != 0)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "kind");
    if (validate_code(ctx, &codes_courts, o->court, "court") != TK_OK)
        rc = TK_ERR_INVALID;
    if (!reference)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "order");
    else if (!parse_order(reference, &o->order_number, &o->order_year))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "seal.order_format", "order");
    if (check_statement(ctx, o->purpose, "purpose", "seal.purpose_short") != TK_OK)
        rc = TK_ERR_INVALID;
    if (read && !reader_name)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "reader");
    if (read && (days < 1 || days > settings_get(SET_SEAL_READ_DAYS_MAX)))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, days ? "seal.days" : "field.required", "days");
    if (rc != TK_OK)
        return rc;
    int64_t now = clock_now();
    DOMAIN_TRANSACTION(ctx, rc, {
        SealedCase sealed;
        rc = domain_found(ctx, store_sealed_get(ctx->db, case_id, ctx->arena, &sealed));
        User reader;
        if (rc == TK_OK && read &&
            ((rc = store_user_get_for_login(ctx->db, reader_name, ctx->arena, &reader)) == TK_ERR_NOT_FOUND ||
             (rc == TK_OK && strcmp(reader.status, "active") != 0)))
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "seal.reader", "reader");
        if (rc == TK_OK && read)
            o->reader_id = reader.id;
        if (rc == TK_OK) {
            o->case_id = case_id;
            o->reader_id = read ? o->reader_id : 0;
            o->expires_at = read ? now + days * 86400 : 0;
            o->recorded_by = ctx->user->id;
            o->recorded_at = now;
            rc = store_seal_order_add(ctx->db, o);
        }
        if (rc == TK_OK && !read)
            rc = store_case_seal(ctx->db, case_id, 0);
        /* the audit names the order by its id and court reference and the reader by id, never the record's content */
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, read ? "case.seal.read_order" : "case.unseal", "case", case_id, "ok",
                                     arena_printf(ctx->arena, "order %lld: %s %lld/%lld%s", (long long)o->id, o->court,
                                                  (long long)o->order_number, (long long)o->order_year,
                                                  read ? arena_printf(ctx->arena, ", reader %lld until %lld",
                                                                      (long long)o->reader_id, (long long)o->expires_at)
                                                       : ""));
    });
    return rc;
}

int domain_seal_read_order(Ctx *ctx, int64_t case_id, const SealOrder **order)
{
    *order = NULL;
    if (!ctx->user)
        return TK_OK;
    SealOrder *found = arena_calloc(ctx->arena, 1, sizeof *found);
    if (!found)
        return TK_ERR_NOMEM;
    int rc = store_seal_order_active(ctx->db, case_id, ctx->user->id, clock_now(), ctx->arena, found);
    if (rc == TK_OK)
        *order = found;
    return rc == TK_ERR_NOT_FOUND ? TK_OK : rc;
}

/* The opening of a records officer's list filtered by state (NULL: every one): 0, the refusal, or 400 query.invalid
 * for a state not among the count states. */
/* A records officer's list, filtered by state when one is given: the state must be one of states (comma-separated). */
static int require_list_state(Ctx *ctx, const char *state, const char *states)
{
    int rc = require_records_officer(ctx);
    if (rc == TK_OK && state && !codes_listed(states, state))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "query.invalid", "state");
    return rc;
}

int domain_retention_reviews(Ctx *ctx, const char *state, RetentionReview **items, int *count)
{
    int rc = require_list_state(ctx, state, "pending,anonymised,kept");
    if (rc == TK_OK)
        rc = store_retention_reviews(ctx->db, state, ctx->arena, items, count);
    return rc == TK_OK ? domain_audit_read(ctx, "retention.list", NULL, 0, state) : rc;
}

/* The ids of a list, comma-separated, for an audit row. */
static char *ids_text(Ctx *ctx, const int64_t *ids, int count)
{
    char *text = arena_strdup(ctx->arena, "");
    for (int i = 0; text && i < count; i++)
        text = arena_printf(ctx->arena, "%s%s%lld", text, i ? "," : "", (long long)ids[i]);
    return text ? text : "";
}

/* The persons anonymised in a transaction, to take out of the search index once it is committed. */
typedef struct {
    int64_t *ids;
    int count, capacity;
} Forgotten;

static void forgotten_add(Ctx *ctx, Forgotten *f, const int64_t *ids, int count)
{
    if (f->count + count > f->capacity) {
        int capacity = (f->count + count) * 2 + 8;
        int64_t *grown = arena_alloc(ctx->arena, sizeof(int64_t) * (size_t)capacity);
        if (!grown)
            return;
        if (f->count)
            memcpy(grown, f->ids, sizeof(int64_t) * (size_t)f->count);
        f->ids = grown;
        f->capacity = capacity;
    }
    memcpy(f->ids + f->count, ids, sizeof(int64_t) * (size_t)count);
    f->count += count;
}

/* Anonymises a case in the caller's transaction and audits what it removed, by id. */
static int anonymise_case(Ctx *ctx, int64_t case_id, int64_t now, const char *why, Forgotten *forgotten)
{
    Anonymised removed;
    int rc = store_case_anonymise(ctx->db, case_id, now, ctx->arena, &removed);
    if (rc == TK_OK)
        rc = domain_audit_change(ctx, "case.anonymise", "case", case_id, "ok",
                                 arena_printf(ctx->arena,
                                              "%s; removed: the case's free text and that of its records; the identity"
                                              " of persons [%s]; the sections of studies [%s]",
                                              why, ids_text(ctx, removed.person_ids, removed.person_count),
                                              ids_text(ctx, removed.study_ids, removed.study_count)));
    for (int i = 0; rc == TK_OK && i < removed.person_count; i++)
        rc = domain_audit_change(ctx, "person.anonymise", "person", removed.person_ids[i], "ok",
                                 arena_printf(ctx->arena, "with case %lld", (long long)case_id));
    if (rc == TK_OK)
        forgotten_add(ctx, forgotten, removed.person_ids, removed.person_count);
    return rc;
}

/* rc of reading a review or a request to decide: not found, or 409 decided once its state (at *state) is no longer
 * pending. */
static int still_pending(Ctx *ctx, int rc, char *const *state, const char *decided)
{
    rc = domain_found(ctx, rc);
    if (rc == TK_OK && strcmp(*state, "pending") != 0)
        rc = fault_set(ctx->fault, TK_ERR_CONFLICT, decided);
    return rc;
}

/* Takes anonymised persons out of the search index (after the commit). */
static void forget_persons(Ctx *ctx, const Forgotten *forgotten)
{
    for (int i = 0; i < forgotten->count; i++) {
        Person p;
        if (store_person_get(ctx->db, forgotten->ids[i], ctx->arena, &p) == TK_OK) {
            p.status = "anonymised";
            person_index_put(&p);
        }
    }
}

int domain_retention_anonymise(Ctx *ctx, int64_t case_id, int64_t version, RetentionReview *out)
{
    int rc = require_records_officer(ctx);
    if (rc != TK_OK)
        return rc;
    int64_t now = clock_now();
    Forgotten forgotten = {0};
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = still_pending(ctx, store_retention_review_get(ctx->db, case_id, ctx->arena, out), &out->state,
                           "retention.decided");
        if (rc == TK_OK)
            rc = domain_write_at_version(
                ctx, store_retention_review_decide(ctx->db, case_id, version, "anonymised", NULL, ctx->user->id, now));
        if (rc == TK_OK)
            rc = anonymise_case(ctx, case_id, now,
                                arena_printf(ctx->arena, "retention ended %s, confirmed", out->due_on), &forgotten);
    });
    if (rc == TK_OK)
        forget_persons(ctx, &forgotten);
    return rc == TK_OK ? store_retention_review_get(ctx->db, case_id, ctx->arena, out) : rc;
}

int domain_retention_keep(Ctx *ctx, int64_t case_id, int64_t version, const char *reason, RetentionReview *out)
{
    int rc = require_records_officer(ctx);
    if (rc != TK_OK)
        return rc;
    if ((rc = check_statement(ctx, reason, "reason", "retention.reason_short")) != TK_OK)
        return rc;
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = still_pending(ctx, store_retention_review_get(ctx->db, case_id, ctx->arena, out), &out->state,
                           "retention.decided");
        if (rc == TK_OK)
            rc = domain_write_at_version(ctx, store_retention_review_decide(ctx->db, case_id, version, "kept", reason,
                                                                            ctx->user->id, clock_now()));
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, "case.retention.kept", "case", case_id, "ok", NULL);
    });
    return rc == TK_OK ? store_retention_review_get(ctx->db, case_id, ctx->arena, out) : rc;
}

int domain_erasure_request(Ctx *ctx, int64_t person_id, const char *basis, ErasureRequest *out)
{
    memset(out, 0, sizeof *out);
    DOMAIN_REQUIRE(rc, ctx, CAP_PERSONS);
    if ((rc = check_statement(ctx, basis, "basis", "erasure.basis_short")) != TK_OK)
        return rc;
    DOMAIN_TRANSACTION(ctx, rc, {
        /* the worker must see the person: her record as this worker reads it */
        Person p;
        rc = domain_person_get(ctx, person_id, &p);
        if (rc == TK_OK && p.withheld)
            rc = fault_set(ctx->fault, TK_ERR_FORBIDDEN, "person.restricted");
        if (rc == TK_OK) {
            out->person_id = person_id;
            out->basis = (char *)basis;
            out->requested_by = ctx->user->id;
            out->requested_at = clock_now();
            rc = store_erasure_add(ctx->db, out);
        }
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, "person.erasure.request", "person", person_id, "ok",
                                     arena_printf(ctx->arena, "request %lld", (long long)out->id));
    });
    return rc == TK_OK ? store_erasure_get(ctx->db, out->id, ctx->arena, out) : rc;
}

int domain_erasure_list(Ctx *ctx, const char *state, ErasureRequest **items, int *count)
{
    int rc = require_list_state(ctx, state, "pending,erased,refused");
    if (rc == TK_OK)
        rc = store_erasure_list(ctx->db, state, ctx->arena, items, count);
    return rc == TK_OK ? domain_audit_read(ctx, "erasure.list", NULL, 0, state) : rc;
}

/* Erases a person whose record the law no longer keeps: her cases (all past retention) and her identity. */
static int erase_person(Ctx *ctx, int64_t person_id, int64_t request_id, int64_t now, Forgotten *forgotten)
{
    int64_t *cases = NULL;
    int count = 0;
    int rc = store_person_kept_cases(ctx->db, person_id, ctx->arena, &cases, &count);
    for (int i = 0; rc == TK_OK && i < count; i++)
        rc = anonymise_case(ctx, cases[i], now, arena_printf(ctx->arena, "erasure request %lld", (long long)request_id),
                            forgotten);
    /* she may be in no case at all: her identity goes all the same */
    if (rc == TK_OK)
        rc = store_person_anonymise(ctx->db, person_id, now);
    if (rc == TK_OK)
        forgotten_add(ctx, forgotten, &person_id, 1);
    if (rc == TK_OK)
        rc = domain_audit_change(
            ctx, "person.erase", "person", person_id, "ok",
            arena_printf(ctx->arena, "request %lld; cases [%s]", (long long)request_id, ids_text(ctx, cases, count)));
    return rc;
}

int domain_erasure_decide(Ctx *ctx, int64_t id, int64_t version, const char *decision, const char *refusal,
                          const char *note, ErasureRequest *out)
{
    int rc = require_records_officer(ctx);
    if (rc != TK_OK)
        return rc;
    bool erase = decision && strcmp(decision, "erase") == 0;
    if (!decision)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "decision");
    else if (!erase && strcmp(decision, "refuse") != 0)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "decision");
    if (!erase && decision && !refusal)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "refusal");
    else if (!erase && refusal && !codes_find(&codes_erasure_refusals, refusal))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "refusal");
    if (note && validate_text(ctx, note, STATEMENT_MAX, true, "note") != TK_OK)
        rc = TK_ERR_INVALID;
    if (rc != TK_OK)
        return rc;
    int64_t now = clock_now();
    Forgotten forgotten = {0};
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = still_pending(ctx, store_erasure_get(ctx->db, id, ctx->arena, out), &out->state, "erasure.decided");
        if (rc == TK_OK && erase) {
            /* what the law keeps is refused whoever asks: the reason is the answer */
            int64_t cutoffs[RETENTION_KINDS];
            retention_cutoffs(cutoffs);
            bool open_case = false, within = false, court = false;
            rc = store_erasure_blockers(ctx->db, out->person_id, cutoffs, now, &open_case, &within, &court);
            if (rc == TK_OK && (open_case || within || court))
                rc = fault_field(ctx->fault, TK_ERR_CONFLICT,
                                 open_case ? "erasure.open_case"
                                 : within  ? "erasure.within_retention"
                                           : "erasure.court_order",
                                 "decision");
        }
        if (rc == TK_OK &&
            (rc = store_erasure_decide(ctx->db, id, version, erase ? "erased" : "refused", erase ? NULL : refusal, note,
                                       ctx->user->id, now)) == TK_ERR_CONFLICT)
            fault_field(ctx->fault, rc, "version.conflict", "version");
        if (rc == TK_OK && erase)
            rc = erase_person(ctx, out->person_id, id, now, &forgotten);
        if (rc == TK_OK && !erase)
            rc = domain_audit_change(ctx, "person.erasure.refused", "person", out->person_id, "ok",
                                     arena_printf(ctx->arena, "request %lld: %s", (long long)id, refusal));
    });
    if (rc == TK_OK)
        forget_persons(ctx, &forgotten);
    return rc == TK_OK ? store_erasure_get(ctx->db, id, ctx->arena, out) : rc;
}
