/* Dropping root: a server started as root (to bind a port below 1024, to read a TLS key only root may read) becomes
 * its own user before it opens the database or answers anyone, as OpenBSD's daemons do. */
#ifndef TAKAMUL_BASE_PRIVILEGES_H
#define TAKAMUL_BASE_PRIVILEGES_H

/* Becomes user (its group and supplementary groups too) for good: it cannot become root again. 0, or -1 with a message
 * in error (size 256): not root, no such user, or a step that failed. */
int privileges_drop(const char *user, char error[256]);

#endif
