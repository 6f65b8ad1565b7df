/* The filter of the audit log's lists (the rows themselves: audit/chain.h). */
#ifndef TAKAMUL_MODEL_AUDIT_H
#define TAKAMUL_MODEL_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    int64_t user_id;      /* 0: any */
    const char *username; /* NULL: any */
    const char *action;
    const char *object_type;
    const char *object_id;
    const char *outcome;
    int64_t from, to;  /* seconds; 0: open */
    int64_t before_id; /* cursor: rows with a smaller id; 0: from the newest */
    int limit;
} AuditFilter;

#endif
