/* The text search index of studies in PostgreSQL: the table study_search (store/pg/engine.sql), one entry per study
 * holding the folded words of its sections (text/search.h) and their tsvector, each word a lexeme as it is, under a
 * GIN index. A search is a tsquery: every term required, each one of the index's words that begin with it, or a
 * prefix (:*) when too many do. */
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "store/engine.h"
#include "store/pg/pg.h"
#include "store/studies_sql.h"

int pg_study_index_get(Db *db, int64_t study_id, Arena *arena, char **body)
{
    Query q = (sql_query)(db, "SELECT body FROM study_search WHERE study_id = :id");
    sql_int(&q, ":id", study_id);
    *body = sql_row(&q) ? sql_col_text(&q, 0, arena) : NULL;
    return sql_done(&q);
}

int pg_study_index_put(Db *db, int64_t study_id, const char *body)
{
    Query clear = (sql_query)(db, "DELETE FROM study_search WHERE study_id = :id");
    sql_int(&clear, ":id", study_id);
    int rc = sql_exec(&clear);
    if (rc == TK_OK && body && *body) {
        Query add = (sql_query)(db, "INSERT INTO study_search (study_id, body) VALUES (:id, :body)");
        sql_int(&add, ":id", study_id);
        sql_text(&add, ":body", body);
        rc = sql_exec(&add);
    }
    return rc;
}

/* Appends a lexeme of a tsquery, quoted (a quote or backslash inside escaped). */
static void append_lexeme(Buf *b, const char *word)
{
    buf_append_str(b, "'");
    for (const char *c = word; *c; c++) {
        if (*c == '\'' || *c == '\\')
            buf_append(b, "\\", 1);
        buf_append(b, c, 1);
    }
    buf_append_str(b, "'");
}

int pg_study_index_has(Db *db, const char *word, bool *found)
{
    Buf query;
    buf_init(&query, 1u << 16);
    append_lexeme(&query, word);
    int rc = buf_append(&query, "", 1);
    Query q = (sql_query)(db, "SELECT 1 FROM study_search WHERE words @@ CAST(:query AS tsquery) LIMIT 1");
    sql_text(&q, ":query", query.data);
    *found = rc == TK_OK && sql_row(&q);
    int done = sql_done(&q);
    buf_free(&query);
    return rc != TK_OK ? TK_ERR_NOMEM : done;
}

static char *search_query(const StudyFilter *f, char **const *words, const int *word_counts, const bool *prefix,
                          Arena *arena)
{
    Buf b;
    buf_init(&b, 1u << 20);
    for (int i = 0; i < f->term_count; i++) {
        buf_append_str(&b, i ? " & (" : "(");
        if (prefix[i]) {
            append_lexeme(&b, f->terms[i]);
            buf_append_str(&b, ":*");
        }
        for (int k = 0; k < word_counts[i] && !prefix[i]; k++) {
            if (k)
                buf_append_str(&b, " | ");
            append_lexeme(&b, words[i][k]);
        }
        if (!prefix[i] && word_counts[i] == 0)
            append_lexeme(&b, f->terms[i]); /* no word begins with it: nothing matches */
        buf_append_str(&b, ")");
    }
    char *query = b.len ? arena_strndup(arena, b.data, b.len) : NULL;
    buf_free(&b);
    return query;
}

int pg_study_search(Db *db, const CaseViewer *viewer, const StudyFilter *f, char **const *words, const int *word_counts,
                    const bool *prefix, Arena *arena, Study **items, int *count, bool *more)
{
    char *query = search_query(f, words, word_counts, prefix, arena);
    if (!query)
        return TK_ERR_NOMEM;
    Query q = (sql_query)(db,
                          "SELECT " STUDY_SELECT " FROM study_search m JOIN studies s ON s.id = m.study_id" STUDY_JOINS
                          " WHERE m.words @@ CAST(:match AS tsquery) AND (:before = 0 OR m.study_id < :before)"
                          " AND " CASE_VISIBLE STUDY_KEPT " ORDER BY m.study_id DESC LIMIT :limit");
    store_study_bind_list(&q, viewer, f);
    sql_text(&q, ":match", query);
    sql_int(&q, ":limit", f->limit + 1);
    return sql_collect(&q, arena, sizeof(Study), store_study_read_row, f->limit, items, count, more);
}
