/* The demo organisation: synthetic units across the 12 governorates, one user per role, a registry of synthetic
 * persons in twelve families with their family links, and synthetic cases of every kind. */
#ifndef TAKAMUL_DOMAIN_DEMO_H
#define TAKAMUL_DOMAIN_DEMO_H

#include <stdio.h>

#include "domain/core/context.h"
#include "model/org.h"

/* Fills an empty database; the demo logins are printed to out. TK_ERR_EXISTS (demo.not_empty) when units already
 * exist: nothing is then added. */
int domain_demo_fill(Ctx *ctx, FILE *out);
/* Acts as the console again (no user, no unit), after acting as a demo user. */
void demo_act_as_console(Ctx *ctx);
/* The demo's synthetic cases (setting demo_cases_per_kind of each kind), after the units, users and persons. */
int demo_fill_cases(Ctx *ctx, FILE *out);
/* The demo's homes and shelters with their places and rooms (at the console); a line on out. */
int demo_fill_homes(Ctx *ctx, FILE *out);

/* The demo's joint committee: its secretary, observations, three meetings, recommendations and actions (at the
 * console, after the cases); a line on out. */
int demo_fill_committee(Ctx *ctx, FILE *out);

/* The demo's social studies on a case in implementation, written by author and reviewed by supervisor. */
int demo_case_studies(Ctx *ctx, int64_t case_id, const char *kind, User *author, User *supervisor);

/* The demo's legal steps on a case registered some weeks ago, by the user acting: a settlement of some
 * family-violence cases (principal: the victim, other: the alleged perpetrator), detention orders and trial steps of
 * some juveniles whose act is a misdemeanour. */
int demo_legal_records(Ctx *ctx, int64_t case_id, const char *kind, const char *legal_class, int64_t principal,
                       int64_t other);

/* A case the demo may place in a home: its id, kind, and its juvenile with the juvenile's sex. */
typedef struct {
    int64_t case_id, person_id;
    const char *kind, *sex;
} DemoResident;

/* Places some of the candidates (open juvenile cases of the Amman office, acting as its caseworker) in the Amman
 * homes on measures of their own, through every rule of admission; a line on out. */
int demo_place_residents(Ctx *ctx, const DemoResident *candidates, int count, FILE *out);

/* The demo's correction centres: each centre's programmes and, with the demo cases, inmates enrolled with their
 * attendance, families assessed with services and visits, a mother with her child, releases due and one released
 * with aftercare (demo_centres.c); a line on out. */
int demo_fill_centres(Ctx *ctx, FILE *out);

#endif
