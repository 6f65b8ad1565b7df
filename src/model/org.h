/* Units and users: the organisation a case belongs to and the people who work it. */
#ifndef TAKAMUL_MODEL_ORG_H
#define TAKAMUL_MODEL_ORG_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    int64_t id;
    char *code;
    char *name_ar;
    char *name_en;
    char *type;
    char *agency;
    char *governorate; /* NULL for national units */
    int64_t parent_id; /* 0: none */
    char *status;
    int64_t version;
    int64_t created_at;
    int64_t updated_at;
} Unit;

typedef struct {
    int64_t id;
    char *username;
    char *full_name;
    char *sex; /* 'female', 'male' or NULL (not recorded): the grammar of sentences naming the user */
    int64_t unit_id;
    uint32_t roles; /* bit set, see domain/core/access.h */
    char *status;
    int64_t version;
    int64_t created_at;
    int64_t updated_at;
    int64_t last_login_at;      /* 0: never */
    bool must_change_password;  /* the password was set by an administrator: it only lets the user change it */
    bool second_factor_missing; /* a session of a user whose roles need a second factor, with none: it only enrols */
    char *password_hash;        /* only filled by store_user_get_for_login */
} User;

typedef struct {
    const char *type, *agency, *governorate, *status; /* NULL: any */
    int64_t after_id;                                 /* cursor */
    int limit;
} UnitFilter;

typedef struct {
    int64_t unit_id; /* 0: any */
    uint32_t role;   /* 0: any; else users holding this role bit */
    const char *status;
    const char *query; /* NULL: any; else a piece of the user name or full name */
    int64_t after_id;
    int limit;
} UserFilter;

#endif
