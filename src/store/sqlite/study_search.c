/* The text search index of studies in SQLite: an FTS5 table, study_search, one entry per study (its rowid, the
 * study's id) holding the folded words of its sections (text/search.h). */
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "store/engine.h"
#include "store/sqlite/sqlite.h"
#include "store/studies_sql.h"

int sqlite_study_index_get(Db *db, int64_t study_id, Arena *arena, char **body)
{
    Query q = (sql_query)(db, "SELECT body FROM study_search WHERE rowid = :id");
    sql_int(&q, ":id", study_id);
    *body = sql_row(&q) ? sql_col_text(&q, 0, arena) : NULL;
    return sql_done(&q);
}

int sqlite_study_index_put(Db *db, int64_t study_id, const char *body)
{
    Query clear = (sql_query)(db, "DELETE FROM study_search WHERE rowid = :id");
    sql_int(&clear, ":id", study_id);
    int rc = sql_exec(&clear);
    if (rc == TK_OK && body && *body) {
        Query add = (sql_query)(db, "INSERT INTO study_search (rowid, body) VALUES (:id, :body)");
        sql_int(&add, ":id", study_id);
        sql_text(&add, ":body", body);
        rc = sql_exec(&add);
    }
    return rc;
}

/* Appends a quoted FTS5 string (a quote inside doubled). */
static void append_quoted(Buf *b, const char *text)
{
    buf_append_str(b, "\"");
    for (const char *c = text; *c; c++)
        buf_append(b, *c == '"' ? "\"\"" : c, *c == '"' ? 2 : 1);
    buf_append_str(b, "\"");
}

int sqlite_study_index_has(Db *db, const char *word, bool *found)
{
    Buf quoted;
    buf_init(&quoted, 1u << 16);
    append_quoted(&quoted, word);
    int rc = buf_append(&quoted, "", 1); /* the terminating NUL */
    Query q = (sql_query)(db, "SELECT 1 FROM study_search WHERE study_search MATCH :quoted LIMIT 1");
    sql_text(&q, ":quoted", quoted.data);
    *found = rc == TK_OK && sql_row(&q);
    int done = sql_done(&q);
    buf_free(&quoted);
    return rc != TK_OK ? TK_ERR_NOMEM : done;
}

/* The FTS5 expression of a search: every term required; each the words of the index that begin with it, joined by
 * OR, which FTS5 walks lazily (a prefix query "…"* first gathers every entry of every such word), or the prefix query
 * itself when too many words begin with it. */
static char *search_expression(const StudyFilter *f, char **const *words, const int *word_counts, const bool *prefix,
                               Arena *arena)
{
    Buf b;
    buf_init(&b, 1u << 20);
    for (int i = 0; i < f->term_count; i++) {
        buf_append_str(&b, i ? " AND (" : "(");
        if (prefix[i]) {
            append_quoted(&b, f->terms[i]);
            buf_append_str(&b, "*");
        }
        for (int k = 0; k < word_counts[i] && !prefix[i]; k++) {
            if (k)
                buf_append_str(&b, " OR ");
            append_quoted(&b, words[i][k]);
        }
        buf_append_str(&b, ")");
    }
    char *match = b.len ? arena_strndup(arena, b.data, b.len) : NULL;
    buf_free(&b);
    return match;
}

int sqlite_study_search(Db *db, const CaseViewer *viewer, const StudyFilter *f, char **const *words,
                        const int *word_counts, const bool *prefix, Arena *arena, Study **items, int *count, bool *more)
{
    char *match = search_expression(f, words, word_counts, prefix, arena);
    if (!match)
        return TK_ERR_NOMEM;
    /* a search walks the studies that have every term newest first, so that it stops at a page of those the user
     * may see without ranking or counting every match */
    Query q = (sql_query)(db, "SELECT " STUDY_SELECT " FROM study_search m JOIN studies s ON s.id = m.rowid" STUDY_JOINS
                              " WHERE m.study_search MATCH :match AND (:before = 0 OR m.rowid < :before)"
                              " AND " CASE_VISIBLE STUDY_KEPT " ORDER BY m.rowid DESC LIMIT :limit");
    store_study_bind_list(&q, viewer, f);
    sql_text(&q, ":match", match);
    sql_int(&q, ":limit", f->limit + 1);
    return sql_collect(&q, arena, sizeof(Study), store_study_read_row, f->limit, items, count, more);
}
