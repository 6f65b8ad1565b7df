#include "base/fault.h"

int fault_field(Fault *fault, int err, const char *code, const char *field)
{
    if (!fault)
        return err;
    if (!fault->code)
        fault->code = code;
    int slots = (int)(sizeof fault->fields / sizeof fault->fields[0]);
    if (fault->field_count < slots) {
        fault->fields[fault->field_count].field = field;
        fault->fields[fault->field_count].code = code;
        fault->field_count++;
    }
    return err;
}

int fault_set(Fault *fault, int err, const char *code)
{
    if (fault && !fault->code)
        fault->code = code;
    return err;
}
