/* A table of a record's fields: each named as in C, with its offset and its kind, from which the code that reads a
 * record field by field is one loop (the store's rows: sql_read_fields; the API's bodies: api_body_record; the
 * domain's changes: fields_copy_chosen, fields_copy_given). A field
 * is of int64_t, int, bool or char * (const or not); a field of another type does not compile. */
#ifndef TAKAMUL_BASE_FIELDS_H
#define TAKAMUL_BASE_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { FIELD_I64, FIELD_INT, FIELD_BOOL, FIELD_TEXT } FieldKind;
typedef struct {
    const char *name;  /* the field's name in C */
    const char *param; /* the same with a colon: the name of its statement parameter (store/sql.h) */
    size_t offset;
    FieldKind kind;
} Field;
typedef struct {
    const Field *fields;
    int count;
} Fields;

/* Copies from src to dst (two records of the table's type) each field whose bit, 1 << its place in the table, is in
 * chosen: the fields a change names (text is copied as the pointer). */
void fields_copy_chosen(void *dst, const void *src, Fields fields, uint32_t chosen);
/* Copies from src to dst each field src has (text not NULL, a number not 0, true): the fields an edit gives. */
void fields_copy_given(void *dst, const void *src, Fields fields);

#define FIELD_OF(T, f)                                                                                                 \
    {                                                                                                                  \
        .name = #f, .param = ":" #f, .offset = offsetof(T, f), .kind = FIELD_KIND_(T, f)                               \
    }
#define FIELD_KIND_(T, f)                                                                                              \
    _Generic(((T *)0)->f, int64_t : FIELD_I64, int : FIELD_INT, bool : FIELD_BOOL, char * : FIELD_TEXT,               \
             const char * : FIELD_TEXT)
/* The fields of T in the order the reader wants them: FIELDS(Meeting, id, year, number, held_on). */
#define FIELDS(T, ...)                                                                                                 \
    __extension__({                                                                                                    \
        static const Field fields_[] = {FIELD_EACH_(T, __VA_ARGS__)};                                                  \
        (Fields){fields_, (int)(sizeof fields_ / sizeof fields_[0])};                                                  \
    })
/* The same table as the initialiser of a static array, for a table declared at file scope (store/sql.h's SQL_RECORD):
 * static const Field goal_fields[] = {FIELD_LIST(CaseGoal, id, case_id, goal)}; */
#define FIELD_LIST(T, ...) FIELD_EACH_(T, __VA_ARGS__)
#define FIELD_EACH_(T, ...)                                                                                            \
    FIELD_PICK_(__VA_ARGS__, FIELD_48, FIELD_47, FIELD_46, FIELD_45, FIELD_44, FIELD_43, FIELD_42, FIELD_41, FIELD_40, \
                FIELD_39, FIELD_38, FIELD_37, FIELD_36, FIELD_35, FIELD_34, FIELD_33, FIELD_32, FIELD_31, FIELD_30,    \
                FIELD_29, FIELD_28, FIELD_27, FIELD_26, FIELD_25, FIELD_24, FIELD_23, FIELD_22, FIELD_21, FIELD_20,    \
                FIELD_19, FIELD_18, FIELD_17, FIELD_16, FIELD_15, FIELD_14, FIELD_13, FIELD_12, FIELD_11, FIELD_10,    \
                FIELD_9, FIELD_8, FIELD_7, FIELD_6, FIELD_5, FIELD_4, FIELD_3, FIELD_2, FIELD_1)                       \
    (T, __VA_ARGS__)
#define FIELD_PICK_(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17, _18, _19, _20, _21,    \
                    _22, _23, _24, _25, _26, _27, _28, _29, _30, _31, _32, _33, _34, _35, _36, _37, _38, _39, _40,     \
                    _41, _42, _43, _44, _45, _46, _47, _48, name, ...)                                                 \
    name
#define FIELD_1(T, f) FIELD_OF(T, f)
#define FIELD_2(T, f, ...) FIELD_OF(T, f), FIELD_1(T, __VA_ARGS__)
#define FIELD_3(T, f, ...) FIELD_OF(T, f), FIELD_2(T, __VA_ARGS__)
#define FIELD_4(T, f, ...) FIELD_OF(T, f), FIELD_3(T, __VA_ARGS__)
#define FIELD_5(T, f, ...) FIELD_OF(T, f), FIELD_4(T, __VA_ARGS__)
#define FIELD_6(T, f, ...) FIELD_OF(T, f), FIELD_5(T, __VA_ARGS__)
#define FIELD_7(T, f, ...) FIELD_OF(T, f), FIELD_6(T, __VA_ARGS__)
#define FIELD_8(T, f, ...) FIELD_OF(T, f), FIELD_7(T, __VA_ARGS__)
#define FIELD_9(T, f, ...) FIELD_OF(T, f), FIELD_8(T, __VA_ARGS__)
#define FIELD_10(T, f, ...) FIELD_OF(T, f), FIELD_9(T, __VA_ARGS__)
#define FIELD_11(T, f, ...) FIELD_OF(T, f), FIELD_10(T, __VA_ARGS__)
#define FIELD_12(T, f, ...) FIELD_OF(T, f), FIELD_11(T, __VA_ARGS__)
#define FIELD_13(T, f, ...) FIELD_OF(T, f), FIELD_12(T, __VA_ARGS__)
#define FIELD_14(T, f, ...) FIELD_OF(T, f), FIELD_13(T, __VA_ARGS__)
#define FIELD_15(T, f, ...) FIELD_OF(T, f), FIELD_14(T, __VA_ARGS__)
#define FIELD_16(T, f, ...) FIELD_OF(T, f), FIELD_15(T, __VA_ARGS__)
#define FIELD_17(T, f, ...) FIELD_OF(T, f), FIELD_16(T, __VA_ARGS__)
#define FIELD_18(T, f, ...) FIELD_OF(T, f), FIELD_17(T, __VA_ARGS__)
#define FIELD_19(T, f, ...) FIELD_OF(T, f), FIELD_18(T, __VA_ARGS__)
#define FIELD_20(T, f, ...) FIELD_OF(T, f), FIELD_19(T, __VA_ARGS__)
#define FIELD_21(T, f, ...) FIELD_OF(T, f), FIELD_20(T, __VA_ARGS__)
#define FIELD_22(T, f, ...) FIELD_OF(T, f), FIELD_21(T, __VA_ARGS__)
#define FIELD_23(T, f, ...) FIELD_OF(T, f), FIELD_22(T, __VA_ARGS__)
#define FIELD_24(T, f, ...) FIELD_OF(T, f), FIELD_23(T, __VA_ARGS__)
#define FIELD_25(T, f, ...) FIELD_OF(T, f), FIELD_24(T, __VA_ARGS__)
#define FIELD_26(T, f, ...) FIELD_OF(T, f), FIELD_25(T, __VA_ARGS__)
#define FIELD_27(T, f, ...) FIELD_OF(T, f), FIELD_26(T, __VA_ARGS__)
#define FIELD_28(T, f, ...) FIELD_OF(T, f), FIELD_27(T, __VA_ARGS__)
#define FIELD_29(T, f, ...) FIELD_OF(T, f), FIELD_28(T, __VA_ARGS__)
#define FIELD_30(T, f, ...) FIELD_OF(T, f), FIELD_29(T, __VA_ARGS__)
#define FIELD_31(T, f, ...) FIELD_OF(T, f), FIELD_30(T, __VA_ARGS__)
#define FIELD_32(T, f, ...) FIELD_OF(T, f), FIELD_31(T, __VA_ARGS__)
#define FIELD_33(T, f, ...) FIELD_OF(T, f), FIELD_32(T, __VA_ARGS__)
#define FIELD_34(T, f, ...) FIELD_OF(T, f), FIELD_33(T, __VA_ARGS__)
#define FIELD_35(T, f, ...) FIELD_OF(T, f), FIELD_34(T, __VA_ARGS__)
#define FIELD_36(T, f, ...) FIELD_OF(T, f), FIELD_35(T, __VA_ARGS__)
#define FIELD_37(T, f, ...) FIELD_OF(T, f), FIELD_36(T, __VA_ARGS__)
#define FIELD_38(T, f, ...) FIELD_OF(T, f), FIELD_37(T, __VA_ARGS__)
#define FIELD_39(T, f, ...) FIELD_OF(T, f), FIELD_38(T, __VA_ARGS__)
#define FIELD_40(T, f, ...) FIELD_OF(T, f), FIELD_39(T, __VA_ARGS__)
#define FIELD_41(T, f, ...) FIELD_OF(T, f), FIELD_40(T, __VA_ARGS__)
#define FIELD_42(T, f, ...) FIELD_OF(T, f), FIELD_41(T, __VA_ARGS__)
#define FIELD_43(T, f, ...) FIELD_OF(T, f), FIELD_42(T, __VA_ARGS__)
#define FIELD_44(T, f, ...) FIELD_OF(T, f), FIELD_43(T, __VA_ARGS__)
#define FIELD_45(T, f, ...) FIELD_OF(T, f), FIELD_44(T, __VA_ARGS__)
#define FIELD_46(T, f, ...) FIELD_OF(T, f), FIELD_45(T, __VA_ARGS__)
#define FIELD_47(T, f, ...) FIELD_OF(T, f), FIELD_46(T, __VA_ARGS__)
#define FIELD_48(T, f, ...) FIELD_OF(T, f), FIELD_47(T, __VA_ARGS__)

#endif
