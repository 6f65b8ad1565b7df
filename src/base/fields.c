/* Copying a record's fields by its field table (fields.h): the fields a change names, or those an edit gives. */
#include "base/fields.h"

/* Copies one field of src to dst; when only_given, a field src does not have (NULL, 0, false) is left. */
static void field_copy(void *dst, const void *src, const Field *field, bool only_given)
{
    char *to = (char *)dst + field->offset;
    const char *from = (const char *)src + field->offset;
    switch (field->kind) {
    case FIELD_I64:
        if (!only_given || *(const int64_t *)from)
            *(int64_t *)to = *(const int64_t *)from;
        break;
    case FIELD_INT:
        if (!only_given || *(const int *)from)
            *(int *)to = *(const int *)from;
        break;
    case FIELD_BOOL:
        if (!only_given || *(const bool *)from)
            *(bool *)to = *(const bool *)from;
        break;
    case FIELD_TEXT:
        if (!only_given || *(const char *const *)from)
            *(const char **)to = *(const char *const *)from;
        break;
    }
}

void fields_copy_chosen(void *dst, const void *src, Fields fields, uint32_t chosen)
{
    for (int i = 0; i < fields.count && i < 32; i++)
        if (chosen & (1u << i))
            field_copy(dst, src, &fields.fields[i], false);
}

void fields_copy_given(void *dst, const void *src, Fields fields)
{
    for (int i = 0; i < fields.count; i++)
        field_copy(dst, src, &fields.fields[i], true);
}
