/* What went wrong with a request, for the error response: a stable code and the fields at fault.
 * Lower layers record it; the API layer turns it into the one error format. */
#ifndef TAKAMUL_BASE_FAULT_H
#define TAKAMUL_BASE_FAULT_H

#include <stdint.h>

typedef struct {
    const char *field; /* static or arena text */
    const char *code;  /* e.g. "field.required" */
} FieldFault;

typedef struct {
    const char *code; /* NULL: derive from the error number */
    FieldFault fields[8];
    int field_count;
    int retry_after;          /* seconds: auth.locked, a busy document (Retry-After) */
    const char *related_type; /* a record the fault is about, e.g. the existing person of a duplicate */
    int64_t related_id;
} Fault;

/* Records a fault on a field (the first code also becomes the fault's code) and returns err. */
int fault_field(Fault *fault, int err, const char *code, const char *field);
/* Records a fault with no field and returns err. */
int fault_set(Fault *fault, int err, const char *code);

#endif
