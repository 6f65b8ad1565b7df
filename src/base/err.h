/* Error codes shared by every module: functions return TK_OK or one of these. */
#ifndef TAKAMUL_BASE_ERR_H
#define TAKAMUL_BASE_ERR_H

typedef enum {
    TK_OK = 0,
    TK_ERR_NOMEM = -1,
    TK_ERR_INVALID = -2, /* bad input: the request records which field and why */
    TK_ERR_NOT_FOUND = -3,
    TK_ERR_CONFLICT = -4, /* stale version */
    TK_ERR_EXISTS = -5,   /* unique key taken */
    TK_ERR_FORBIDDEN = -6,
    TK_ERR_UNAUTHORIZED = -7,
    TK_ERR_LOCKED = -8,
    TK_ERR_TOO_LARGE = -9,
    TK_ERR_DB = -10,
    TK_ERR_IO = -11,
    TK_ERR_INTERNAL = -12,
    TK_ERR_VERSION = -13, /* database from a newer program */
    TK_ERR_BUSY = -14,
} TkErr;

/* A short English name for an error, for logs. */
const char *tk_err_name(int err);

#endif
