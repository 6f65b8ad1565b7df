/* The legal steps of a case in the database: settlements with their sessions, detention orders with their renewals
 * and release, and the steps of a juvenile's trial; and the dates the legal clocks run from (LegalClocks), read in
 * one go for the deadlines. Strings of returned records live in the caller's arena. */
#ifndef TAKAMUL_STORE_LEGAL_RECORDS_H
#define TAKAMUL_STORE_LEGAL_RECORDS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "model/legal.h"
#include "store/store.h"

/* Opens a settlement (status open); TK_ERR_EXISTS when the case has one open already. */
int store_settlement_add(Db *db, Settlement *s, int64_t by);
/* The settlements of a case, newest first, each with its sessions. */
int store_settlements(Db *db, int64_t case_id, Arena *arena, Settlement **items, int *count);
/* A settlement of that case with its sessions; TK_ERR_NOT_FOUND when the case has none of that id. */
int store_settlement_get(Db *db, int64_t case_id, int64_t id, Arena *arena, Settlement *s);
/* Writes the settlement's fields at s->version and bumps it: TK_ERR_CONFLICT when it changed meanwhile. */
int store_settlement_update(Db *db, Settlement *s, int64_t by);
int store_settlement_session_add(Db *db, SettlementSession *session, int64_t by);

/* Records a measure of any kind (a detention order among them); TK_ERR_CONFLICT when another renewal of the order it
 * renews came first. */
int store_measure_add(Db *db, Measure *measure, int64_t by);
/* The measures of a case, every kind, newest first. */
int store_measures(Db *db, int64_t case_id, Arena *arena, Measure **items, int *count);
/* A measure of that case; TK_ERR_NOT_FOUND when the case has none of that id. */
int store_measure_get(Db *db, int64_t case_id, int64_t id, Arena *arena, Measure *measure);
/* The detention orders of a case, newest first. */
int store_detention_orders(Db *db, int64_t case_id, Arena *arena, DetentionOrder **items, int *count);
/* The newest detention order of a case; TK_ERR_NOT_FOUND when it has none. */
int store_detention_order_newest(Db *db, int64_t case_id, Arena *arena, DetentionOrder *order);
/* Records the early end of a measure (the release from a detention order) at measure->version: TK_ERR_CONFLICT when
 * it changed meanwhile or was ended already. */
int store_measure_end(Db *db, Measure *measure, int64_t by);

/* TK_ERR_EXISTS when the case has that step already (a referral to court and a verdict are recorded once). */
int store_trial_step_add(Db *db, TrialStep *step, int64_t by);
/* The trial steps of a case in the order they happened. */
int store_trial_steps(Db *db, int64_t case_id, Arena *arena, TrialStep **items, int *count);

int store_legal_clocks(Db *db, int64_t case_id, Arena *arena, LegalClocks *clocks);
/* Whether the case has a detention in force, a settlement open. */
int store_legal_state(Db *db, int64_t case_id, bool *detained, bool *settling);

#endif
