/* Files compiled into the binary by tools/embed (web interface, fonts, word lists). */
#ifndef TAKAMUL_BASE_EMBEDDED_H
#define TAKAMUL_BASE_EMBEDDED_H

#include <stddef.h>

typedef struct {
    const char *name; /* path relative to its root, e.g. "views/home.js" */
    const unsigned char *data;
    size_t size;
} EmbeddedFile;

/* The web interface: web/ plus the fonts. */
extern const EmbeddedFile web_files[];
extern const size_t web_files_count;
/* The list of common passwords. */
extern const EmbeddedFile wordlist_files[];
extern const size_t wordlist_files_count;
/* The schema of a new PostgreSQL database: schema.sql (the tables) and engine.sql (what is PostgreSQL's own). */
extern const EmbeddedFile pg_schema_files[];
extern const size_t pg_schema_files_count;

#endif
