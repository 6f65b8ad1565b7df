#include "domain/persons/person_import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "domain/core/access.h"
#include "domain/persons/persons.h"
#include "store/persons.h"
#include "text/csv.h"

/* Rows go in batches of one transaction each. A batch touches pages of the national number's index all over it, and
 * each commit writes every page it touched: in a large registry, batches a twentieth of its size write each page
 * once a batch rather than once every few thousand rows (at 10 M persons, 10 GB written instead of 35). */
enum { IMPORT_BATCH_MIN = 20000, IMPORT_BATCH_MAX = 500000, IMPORT_CACHE_MIB = 768, MAX_COLUMNS = 32 };

static int batch_size(Db *db)
{
    int64_t persons = 0;
    if (store_person_max_id(db, &persons) != TK_OK)
        return IMPORT_BATCH_MIN;
    int64_t size = persons / 20;
    return (int)(size < IMPORT_BATCH_MIN ? IMPORT_BATCH_MIN : size > IMPORT_BATCH_MAX ? IMPORT_BATCH_MAX : size);
}

typedef enum {
    COLUMN_FIRST_NAME,
    COLUMN_FATHER_NAME,
    COLUMN_GRANDFATHER_NAME,
    COLUMN_FAMILY_NAME,
    COLUMN_LATIN_NAME,
    COLUMN_NATIONAL_ID,
    COLUMN_DOCUMENT_TYPE,
    COLUMN_DOCUMENT_NUMBER,
    COLUMN_BIRTH_DATE,
    COLUMN_BIRTH_YEAR,
    COLUMN_BIRTH_YEAR_ESTIMATED,
    COLUMN_SEX,
    COLUMN_NATIONALITY,
    COLUMN_GOVERNORATE,
    COLUMN_ADDRESS,
    COLUMN_PHONES,
    COLUMN_DISABILITY,
    COLUMN_NOTES,
    COLUMN_COUNT
} Column;

static const char *const column_names[COLUMN_COUNT] = {
    "first_name",    "father_name",     "grandfather_name", "family_name", "latin_name",           "national_id",
    "document_type", "document_number", "birth_date",       "birth_year",  "birth_year_estimated", "sex",
    "nationality",   "governorate",     "address",          "phones",      "disability",           "notes",
};

/* Text of a field, or NULL when empty. */
static char *value(char **fields, int count, const int *position, Column column)
{
    int at = position[column];
    return at >= 0 && at < count && fields[at][0] ? fields[at] : NULL;
}

/* Fills a person from a row; returns the field at fault for a malformed number or flag, or NULL. */
static const char *read_row(Ctx *ctx, char **fields, int count, const int *position, Person *p, PhoneList *phones)
{
    memset(p, 0, sizeof *p);
    p->first_name = value(fields, count, position, COLUMN_FIRST_NAME);
    p->father_name = value(fields, count, position, COLUMN_FATHER_NAME);
    p->grandfather_name = value(fields, count, position, COLUMN_GRANDFATHER_NAME);
    p->family_name = value(fields, count, position, COLUMN_FAMILY_NAME);
    p->latin_name = value(fields, count, position, COLUMN_LATIN_NAME);
    p->national_id = value(fields, count, position, COLUMN_NATIONAL_ID);
    p->document_type = value(fields, count, position, COLUMN_DOCUMENT_TYPE);
    p->document_number = value(fields, count, position, COLUMN_DOCUMENT_NUMBER);
    p->birth_date = value(fields, count, position, COLUMN_BIRTH_DATE);
    p->sex = value(fields, count, position, COLUMN_SEX);
    p->nationality = value(fields, count, position, COLUMN_NATIONALITY);
    p->governorate = value(fields, count, position, COLUMN_GOVERNORATE);
    p->address = value(fields, count, position, COLUMN_ADDRESS);
    p->disability = value(fields, count, position, COLUMN_DISABILITY);
    p->notes = value(fields, count, position, COLUMN_NOTES);
    const char *year = value(fields, count, position, COLUMN_BIRTH_YEAR);
    if (year) {
        for (const char *c = year; *c; c++)
            if (*c < '0' || *c > '9' || c - year >= 4)
                return "birth_year";
        p->birth_year = atoi(year);
    }
    const char *estimated = value(fields, count, position, COLUMN_BIRTH_YEAR_ESTIMATED);
    if (estimated) {
        if (strcmp(estimated, "1") == 0 || strcmp(estimated, "true") == 0 || strcmp(estimated, "yes") == 0)
            p->birth_year_estimated = true;
        else if (strcmp(estimated, "0") != 0 && strcmp(estimated, "false") != 0 && strcmp(estimated, "no") != 0)
            return "birth_year_estimated";
    }
    /* phones are separated by ; or | inside their field */
    static const char *items[8];
    phones->items = items;
    phones->count = 0;
    char *list = value(fields, count, position, COLUMN_PHONES);
    for (char *save = NULL, *phone = list ? strtok_r(list, ";|", &save) : NULL; phone;
         phone = strtok_r(NULL, ";|", &save)) {
        if (phones->count == 8)
            return "phones";
        items[phones->count++] = phone;
    }
    (void)ctx;
    return NULL;
}

/* Maps header names to columns; records the first problem in the fault. */
static int read_header(Ctx *ctx, char **fields, int count, int *position)
{
    for (int c = 0; c < COLUMN_COUNT; c++)
        position[c] = -1;
    if (count > MAX_COLUMNS)
        return fault_field(ctx->fault, TK_ERR_INVALID, "import.too_many_columns", "header");
    for (int i = 0; i < count; i++) {
        int found = -1;
        for (int c = 0; c < COLUMN_COUNT && found < 0; c++)
            if (strcmp(fields[i], column_names[c]) == 0)
                found = c;
        if (found < 0)
            return fault_field(ctx->fault, TK_ERR_INVALID, "import.unknown_column",
                               arena_strdup(ctx->arena, fields[i]));
        if (position[found] >= 0)
            return fault_field(ctx->fault, TK_ERR_INVALID, "import.duplicate_column", column_names[found]);
        position[found] = i;
    }
    static const Column required[] = {COLUMN_FIRST_NAME, COLUMN_FATHER_NAME, COLUMN_FAMILY_NAME, COLUMN_SEX};
    for (size_t r = 0; r < sizeof required / sizeof required[0]; r++)
        if (position[required[r]] < 0)
            return fault_field(ctx->fault, TK_ERR_INVALID, "import.missing_column", column_names[required[r]]);
    return TK_OK;
}

/* The rows of a chunk, in the order of the file: each either refused when read (person -1, with the field and code of
 * the refusal) or kept for the store (its index in persons, copied into the chunk's arena). */
enum { IMPORT_CHUNK = 1000 };

typedef struct {
    int line;
    int person;
    const char *field, *code;
} ChunkRow;

typedef struct {
    ChunkRow *rows;
    Person *persons;
    int *results;
    int count, kept;
} Chunk;

static void chunk_refuse(Chunk *chunk, int line, const char *field, const char *code)
{
    chunk->rows[chunk->count++] = (ChunkRow){.line = line, .person = -1, .field = field, .code = code};
}

static char *copy_text(Arena *arena, const char *text, bool *failed)
{
    char *copy = text ? arena_strdup(arena, text) : NULL;
    if (text && !copy)
        *failed = true;
    return copy;
}

/* Keeps a person read and prepared (its text still in the reader's and the row's memory) for the chunk. */
static int chunk_keep(Chunk *chunk, Arena *arena, int line, const Person *person)
{
    Person *p = &chunk->persons[chunk->kept];
    *p = *person;
    bool failed = false;
    char **texts[] = {&p->first_name,  &p->father_name,   &p->grandfather_name, &p->family_name,     &p->latin_name,
                      &p->national_id, &p->document_type, &p->document_number,  &p->birth_date,      &p->sex,
                      &p->nationality, &p->governorate,   &p->address,          &p->phones,          &p->disability,
                      &p->notes,       &p->key_first,     &p->key_father,       &p->key_grandfather, &p->key_family};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        *texts[i] = copy_text(arena, *texts[i], &failed);
    if (failed)
        return TK_ERR_NOMEM;
    chunk->rows[chunk->count++] = (ChunkRow){.line = line, .person = chunk->kept++};
    return TK_OK;
}

/* One audit row for each batch, in the batch's transaction, naming the ids it created (they are consecutive
 * but for the rows refused between them). */
static int audit_batch(Ctx *ctx, int64_t first, int64_t last, int rows)
{
    char detail[96];
    snprintf(detail, sizeof detail, "import: %d persons, ids %lld to %lld", rows, (long long)first, (long long)last);
    return domain_audit_change(ctx, "person.import", "person", 0, "ok", detail);
}

int domain_person_import(Ctx *ctx, const char *data, size_t len, ImportRejected rejected, void *context,
                         ImportResult *result)
{
    memset(result, 0, sizeof *result);
    int rc = access_require(ctx, CAP_IMPORT_PERSONS);
    if (rc != TK_OK)
        return rc;
    CsvReader reader;
    csv_init(&reader, data, len);
    char *fields[MAX_COLUMNS + 1];
    int position[COLUMN_COUNT], line = 0;
    int count = csv_next(&reader, fields, MAX_COLUMNS + 1, &line);
    if (count <= 0) {
        csv_free(&reader);
        return fault_field(ctx->fault, TK_ERR_INVALID, count < 0 ? "import.open_quote" : "import.empty", "header");
    }
    if ((rc = read_header(ctx, fields, count, position)) != TK_OK) {
        csv_free(&reader);
        return rc;
    }
    /* Rows go in batches, each one transaction with its rows' audit rows; a row refused by the database (a number
     * taken, in the file or before it) is reported and the batch goes on. Within a batch, rows go to the store a chunk
     * at a time (store_person_insert_many: an engine may load a chunk in one go), and every row of a chunk, refused
     * when read or by the database, is reported in the order of the file. */
    Arena *request_arena = ctx->arena;
    Fault *request_fault = ctx->fault;
    Arena row_arena, chunk_arena;
    arena_init(&row_arena, 16384);
    arena_init(&chunk_arena, 1u << 20);
    ctx->arena = &row_arena;
    Chunk chunk = {.rows = calloc(IMPORT_CHUNK, sizeof(ChunkRow)),
                   .persons = calloc(IMPORT_CHUNK, sizeof(Person)),
                   .results = calloc(IMPORT_CHUNK, sizeof(int))};
    int in_batch = 0;
    int64_t batch_first = 0, batch_last = 0;
    store_set_cache_mib(ctx->db, IMPORT_CACHE_MIB);
    store_set_bulk(ctx->db, true);
    rc = chunk.rows && chunk.persons && chunk.results ? store_begin(ctx->db) : TK_ERR_NOMEM;
    int batch = batch_size(ctx->db);
    bool end = false;
    while (rc == TK_OK && !end) {
        count = csv_next(&reader, fields, MAX_COLUMNS + 1, &line);
        end = count == 0;
        if (count < 0) {
            chunk_refuse(&chunk, line, "row", "import.open_quote");
            end = true;
        } else if (count == 1 && fields[0][0] == '\0') {
            continue; /* an empty line */
        } else if (count > 0) {
            Fault fault = {0};
            ctx->fault = &fault;
            Person person;
            PhoneList phones;
            const char *bad = count > MAX_COLUMNS ? "row" : read_row(ctx, fields, count, position, &person, &phones);
            int row_rc = bad ? fault_field(&fault, TK_ERR_INVALID,
                                           count > MAX_COLUMNS ? "import.too_many_fields" : "field.invalid", bad)
                             : domain_person_prepare(ctx, &person, &phones);
            if (row_rc == TK_OK)
                row_rc = chunk_keep(&chunk, &chunk_arena, line, &person);
            if (row_rc == TK_ERR_INVALID || row_rc == TK_ERR_EXISTS)
                chunk_refuse(&chunk, line, fault.field_count ? fault.fields[0].field : "row",
                             fault.code ? fault.code : "field.invalid");
            else if (row_rc != TK_OK)
                rc = row_rc;
            arena_reset(&row_arena);
        }
        if (rc != TK_OK || (chunk.count < IMPORT_CHUNK && !end))
            continue;
        /* the chunk to the store, its rows reported in order */
        rc = store_person_insert_many(ctx->db, chunk.persons, chunk.kept, ctx->user ? ctx->user->id : 0, chunk.results);
        for (int i = 0; i < chunk.count && rc == TK_OK; i++) {
            ChunkRow *r = &chunk.rows[i];
            if (r->person < 0) {
                rejected(context, r->line, r->field, r->code);
                result->rejected++;
                continue;
            }
            Person *person = &chunk.persons[r->person];
            int row_rc = chunk.results[r->person];
            if (row_rc == TK_OK) {
                if (!batch_first)
                    batch_first = person->id;
                batch_last = person->id;
                result->imported++;
                in_batch++;
            } else if (row_rc == TK_ERR_EXISTS) {
                rejected(context, r->line, person->national_id ? "national_id" : "document_number",
                         person->national_id ? "person.duplicate_national_id" : "person.duplicate_document");
                result->rejected++;
            } else {
                rejected(context, r->line, "row", "field.invalid");
                result->rejected++;
            }
        }
        chunk.count = chunk.kept = 0;
        arena_reset(&chunk_arena);
        if (rc == TK_OK && in_batch >= batch) {
            if ((rc = audit_batch(ctx, batch_first, batch_last, in_batch)) == TK_OK &&
                (rc = store_commit(ctx->db)) == TK_OK)
                rc = store_begin(ctx->db);
            batch = batch_size(ctx->db);
            in_batch = 0;
            batch_first = batch_last = 0;
        }
    }
    if (rc == TK_OK) {
        ctx->arena = request_arena;
        rc = audit_batch(ctx, batch_first, batch_last, in_batch);
        if (rc == TK_OK)
            rc = store_commit(ctx->db);
    } else {
        store_rollback(ctx->db);
    }
    store_set_bulk(ctx->db, false);
    ctx->arena = request_arena;
    ctx->fault = request_fault;
    arena_free(&row_arena);
    arena_free(&chunk_arena);
    free(chunk.rows);
    free(chunk.persons);
    free(chunk.results);
    csv_free(&reader);
    return rc;
}
