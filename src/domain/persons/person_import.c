#include "domain/persons/person_import.h"

#include <pthread.h>
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
enum { IMPORT_CHUNK = 1000, IMPORT_CHUNKS = 3 };

typedef struct {
    int line;
    int person;
    const char *field, *code;
} ChunkRow;

typedef enum { CHUNK_FREE, CHUNK_FILLED } ChunkState;

typedef struct {
    ChunkRow rows[IMPORT_CHUNK];
    Person persons[IMPORT_CHUNK];
    int results[IMPORT_CHUNK];
    int count, kept;
    Arena arena; /* the kept persons' text */
    bool last;   /* the end of the file is in it (or the reading stopped there) */
    int error;   /* the reading stopped on it (TK_ERR_NOMEM) */
    ChunkState state;
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
static int chunk_keep(Chunk *chunk, int line, const Person *person)
{
    Person *p = &chunk->persons[chunk->kept];
    *p = *person;
    bool failed = false;
    char **texts[] = {&p->first_name,  &p->father_name,   &p->grandfather_name, &p->family_name,     &p->latin_name,
                      &p->national_id, &p->document_type, &p->document_number,  &p->birth_date,      &p->sex,
                      &p->nationality, &p->governorate,   &p->address,          &p->phones,          &p->disability,
                      &p->notes,       &p->key_first,     &p->key_father,       &p->key_grandfather, &p->key_family};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        *texts[i] = copy_text(&chunk->arena, *texts[i], &failed);
    if (failed)
        return TK_ERR_NOMEM;
    chunk->rows[chunk->count++] = (ChunkRow){.line = line, .person = chunk->kept++};
    return TK_OK;
}

/* The reading of the file into chunks, on a thread of its own while the chunks before go to the store (parsing and
 * checking a row costs about as much as storing it: on two cores the two overlap), or in turn with the storing
 * when that thread cannot be started. The chunks go round a ring of IMPORT_CHUNKS, in the order of the file. */
typedef struct {
    Ctx ctx; /* the importer's, with the reader's own arena and fault: it never touches the database */
    Arena row_arena;
    CsvReader *reader;
    const int *position;
    bool end;
    Chunk *chunks[IMPORT_CHUNKS];
    pthread_mutex_t lock;
    pthread_cond_t changed;
    bool stopping; /* the storing stopped: read no more */
} Reading;

/* Fills a chunk with the next rows of the file (IMPORT_CHUNK of them, or those up to its end). */
static void fill_chunk(Reading *r, Chunk *chunk)
{
    chunk->count = chunk->kept = 0;
    chunk->error = TK_OK;
    arena_reset(&chunk->arena);
    char *fields[MAX_COLUMNS + 1];
    while (chunk->count < IMPORT_CHUNK && !r->end) {
        int line = 0;
        int count = csv_next(r->reader, fields, MAX_COLUMNS + 1, &line);
        r->end = count == 0;
        if (count < 0) {
            chunk_refuse(chunk, line, "row", "import.open_quote");
            r->end = true;
        } else if (count == 1 && fields[0][0] == '\0') {
            continue; /* an empty line */
        } else if (count > 0) {
            Fault fault = {0};
            r->ctx.fault = &fault;
            Person person;
            PhoneList phones;
            const char *bad = count > MAX_COLUMNS ? "row"
                                                  : read_row(&r->ctx, fields, count, r->position, &person, &phones);
            int row_rc = bad ? fault_field(&fault, TK_ERR_INVALID,
                                           count > MAX_COLUMNS ? "import.too_many_fields" : "field.invalid", bad)
                             : domain_person_prepare(&r->ctx, &person, &phones);
            if (row_rc == TK_OK)
                row_rc = chunk_keep(chunk, line, &person);
            if (row_rc == TK_ERR_INVALID || row_rc == TK_ERR_EXISTS) {
                bool failed = false;
                chunk_refuse(chunk, line,
                             copy_text(&chunk->arena, fault.field_count ? fault.fields[0].field : "row", &failed),
                             fault.code ? fault.code : "field.invalid");
                if (failed)
                    row_rc = TK_ERR_NOMEM;
            }
            if (row_rc != TK_OK && row_rc != TK_ERR_INVALID && row_rc != TK_ERR_EXISTS) {
                chunk->error = row_rc;
                r->end = true;
            }
            arena_reset(&r->row_arena);
        }
    }
    chunk->last = r->end;
}

static void *read_chunks(void *argument)
{
    Reading *r = argument;
    for (int next = 0; !r->end; next = (next + 1) % IMPORT_CHUNKS) {
        Chunk *chunk = r->chunks[next];
        pthread_mutex_lock(&r->lock);
        while (chunk->state != CHUNK_FREE && !r->stopping)
            pthread_cond_wait(&r->changed, &r->lock);
        bool stop = r->stopping;
        pthread_mutex_unlock(&r->lock);
        if (stop)
            break;
        fill_chunk(r, chunk);
        pthread_mutex_lock(&r->lock);
        chunk->state = CHUNK_FILLED;
        pthread_cond_broadcast(&r->changed);
        pthread_mutex_unlock(&r->lock);
    }
    return NULL;
}

/* The next chunk in the order of the file: read on the reading thread, or here when there is none. */
static Chunk *next_chunk(Reading *r, bool threaded, int index)
{
    Chunk *chunk = r->chunks[index];
    if (!threaded) {
        fill_chunk(r, chunk);
        return chunk;
    }
    pthread_mutex_lock(&r->lock);
    while (chunk->state != CHUNK_FILLED)
        pthread_cond_wait(&r->changed, &r->lock);
    pthread_mutex_unlock(&r->lock);
    return chunk;
}

static void chunk_done(Reading *r, Chunk *chunk)
{
    pthread_mutex_lock(&r->lock);
    chunk->state = CHUNK_FREE;
    pthread_cond_broadcast(&r->changed);
    pthread_mutex_unlock(&r->lock);
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
    DOMAIN_REQUIRE(rc, ctx, CAP_IMPORT_PERSONS);
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
     * when read or by the database, is reported in the order of the file. The next chunks are read meanwhile. */
    Reading reading = {.ctx = *ctx, .reader = &reader, .position = position};
    pthread_mutex_init(&reading.lock, NULL);
    pthread_cond_init(&reading.changed, NULL);
    arena_init(&reading.row_arena, 16384);
    reading.ctx.arena = &reading.row_arena;
    for (int i = 0; i < IMPORT_CHUNKS; i++) {
        reading.chunks[i] = calloc(1, sizeof(Chunk));
        if (reading.chunks[i])
            arena_init(&reading.chunks[i]->arena, 1u << 20);
        else
            rc = TK_ERR_NOMEM;
    }
    int in_batch = 0;
    int64_t batch_first = 0, batch_last = 0;
    store_set_cache_mib(ctx->db, IMPORT_CACHE_MIB);
    store_set_bulk(ctx->db, true);
    if (rc == TK_OK)
        rc = store_begin(ctx->db);
    int batch = batch_size(ctx->db);
    pthread_t reader_thread;
    bool threaded = rc == TK_OK && pthread_create(&reader_thread, NULL, read_chunks, &reading) == 0;
    for (int index = 0, last = 0; rc == TK_OK && !last; index = (index + 1) % IMPORT_CHUNKS) {
        Chunk *chunk = next_chunk(&reading, threaded, index);
        last = chunk->last;
        rc = chunk->error;
        /* the chunk to the store, its rows reported in order */
        if (rc == TK_OK)
            rc = store_person_insert_many(ctx->db, chunk->persons, chunk->kept, ctx->user ? ctx->user->id : 0,
                                          chunk->results);
        for (int i = 0; i < chunk->count && rc == TK_OK; i++) {
            ChunkRow *r = &chunk->rows[i];
            if (r->person < 0) {
                rejected(context, r->line, r->field, r->code);
                result->rejected++;
                continue;
            }
            Person *person = &chunk->persons[r->person];
            int row_rc = chunk->results[r->person];
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
        if (threaded)
            chunk_done(&reading, chunk);
        if (rc == TK_OK && in_batch >= batch) {
            if ((rc = audit_batch(ctx, batch_first, batch_last, in_batch)) == TK_OK &&
                (rc = store_commit(ctx->db)) == TK_OK)
                rc = store_begin(ctx->db);
            batch = batch_size(ctx->db);
            in_batch = 0;
            batch_first = batch_last = 0;
        }
    }
    if (threaded) {
        pthread_mutex_lock(&reading.lock);
        reading.stopping = true;
        pthread_cond_broadcast(&reading.changed);
        pthread_mutex_unlock(&reading.lock);
        pthread_join(reader_thread, NULL);
    }
    if (rc == TK_OK) {
        rc = audit_batch(ctx, batch_first, batch_last, in_batch);
        if (rc == TK_OK)
            rc = store_commit(ctx->db);
    } else if (store_in_transaction(ctx->db)) {
        store_rollback(ctx->db);
    }
    store_set_bulk(ctx->db, false);
    arena_free(&reading.row_arena);
    for (int i = 0; i < IMPORT_CHUNKS; i++) {
        if (reading.chunks[i])
            arena_free(&reading.chunks[i]->arena);
        free(reading.chunks[i]);
    }
    pthread_mutex_destroy(&reading.lock);
    pthread_cond_destroy(&reading.changed);
    csv_free(&reader);
    return rc;
}
