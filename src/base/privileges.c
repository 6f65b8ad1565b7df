#define _GNU_SOURCE /* setresuid, setresgid */
#include "base/privileges.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

int privileges_drop(const char *user, char error[256])
{
    if (geteuid() != 0) {
        snprintf(error, 256, "--user %s needs the server to start as root", user);
        return -1;
    }
    errno = 0;
    struct passwd *pw = getpwnam(user);
    if (!pw) {
        snprintf(error, 256, "no user %s: %s", user, errno ? strerror(errno) : "unknown");
        return -1;
    }
    if (pw->pw_uid == 0) {
        snprintf(error, 256, "--user %s is root: name the user the server runs as", user);
        return -1;
    }
    /* the groups first, while still allowed; then the user, real, effective and saved alike */
    if (initgroups(pw->pw_name, pw->pw_gid) != 0 || setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) != 0 ||
        setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) != 0) {
        snprintf(error, 256, "cannot become %s: %s", user, strerror(errno));
        return -1;
    }
    if (setuid(0) == 0 || geteuid() == 0) {
        snprintf(error, 256, "became %s but could become root again", user);
        return -1;
    }
    return 0;
}
