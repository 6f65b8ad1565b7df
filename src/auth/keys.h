/* The server's secret: 32 random bytes in a file beside the database (mode 0600),
 * from which the audit-chain key, the CSRF key and the key of sealed secrets are derived. */
#ifndef TAKAMUL_AUTH_KEYS_H
#define TAKAMUL_AUTH_KEYS_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    uint8_t audit[32];  /* HMAC-SHA-256 key of the audit chain */
    uint8_t csrf[32];   /* key from which CSRF tokens are derived */
    uint8_t sealed[32]; /* key of the secrets the database keeps sealed (second-factor secrets, recovery codes) */
} Keys;

/* The key file's path for a database: PATH.key. Caller frees. */
char *keys_path_for(const char *db_path);
/* Reads the key file, or creates it when create is true and it is missing.
 * 0, or -1 with a message in error (size 256). */
int keys_load(const char *path, bool create, Keys *keys, char error[256]);
/* Copies a key file to a new file (mode 0600; an existing file is never replaced), for a backup to carry its key.
 * 0, or -1 with a message in error and no file left. */
int keys_copy_file(const char *from, const char *to, char error[256]);
/* The keys of this process, set once at start-up (before threads), read by everyone after. */
void keys_install(const Keys *keys);
const Keys *keys_current(void);
/* Wipes the keys. */
void keys_wipe(Keys *keys);

#endif
