/* Online backup of the database: a consistent copy taken while the server writes, put in place without ever
 * replacing a file. */
#ifndef TAKAMUL_STORE_BACKUP_H
#define TAKAMUL_STORE_BACKUP_H

#include <stddef.h>

#include "store/store.h"

/* Copies db into a new private file (mode 0600) beside path, named path.partial-XXXXXX, written into temp_path
 * (temp_size bytes). The copy is one snapshot read in a single read transaction (VACUUM INTO): writers go on
 * meanwhile and never make it start over. It is a self-contained file (rollback journal, no -wal), synced to
 * disk. 0, or a TkErr with a message in error and no file left. */
int store_backup_take(Db *db, const char *path, char *temp_path, size_t temp_size, char error[256]);
/* Gives the copy at temp_path its name path, refusing (TK_ERR_EXISTS) when path exists, and syncs the directory.
 * 0, or a TkErr with a message in error; on failure nothing is at path and the copy stays at temp_path. */
int store_backup_publish(const char *temp_path, const char *path, char error[256]);
/* Removes a copy that is not to be kept (a failed check), with any journal file beside it. */
void store_backup_discard(const char *temp_path);

#endif
