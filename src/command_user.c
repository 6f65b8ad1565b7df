/* takamul user add, list, disable, passwd, token: the users an administrator manages from the command line. */
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "console.h"
#include "domain/core/codes.h"
#include "domain/org/login.h"
#include "domain/org/org.h"

/* Reads one line (a password) from standard input into out; trailing newline removed. */
static int read_password(char *out, size_t size)
{
    if (isatty(STDIN_FILENO))
        fprintf(stderr, "password: ");
    if (!fgets(out, (int)size, stdin))
        return -1;
    out[strcspn(out, "\r\n")] = '\0';
    return 0;
}

/* The subcommand named by the options, in a console context (console_run); a usage error is printed here and
 * returned as 1. */
static int user_work(Ctx *ctx, const Options *options)
{
    const char *sub = options->rest[0];
    const char *username = options->rest_count > 1 ? options->rest[1] : NULL;
    int rc = TK_OK;
    char password[4200] = "";
    if (strcmp(sub, "list") == 0) {
        UserFilter filter = {.limit = 500};
        User *users;
        int count;
        int64_t next;
        do {
            if ((rc = domain_users_list(ctx, &filter, &users, &count, &next)) != TK_OK)
                break;
            for (int i = 0; i < count; i++) {
                printf("%-20s %-9s ", users[i].username, users[i].status);
                for (int r = 0; r < codes_roles.count; r++)
                    if (users[i].roles & codes_roles.entries[r].bit)
                        printf("%s ", codes_roles.entries[r].code);
                printf(" %s\n", users[i].full_name);
            }
            filter.after_id = next;
        } while (next);
    } else if (!username) {
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "USERNAME");
    } else if (strcmp(sub, "add") == 0) {
        Unit unit;
        uint32_t roles = 0;
        if (!options->unit || !options->roles || !options->name) {
            return console_fail("%s", "user add needs --unit CODE --roles R1,R2 --name \"FULL NAME\"");
        }
        char roles_copy[256];
        snprintf(roles_copy, sizeof roles_copy, "%s", options->roles);
        for (char *save = NULL, *part = strtok_r(roles_copy, ",", &save); part; part = strtok_r(NULL, ",", &save)) {
            uint32_t bit = codes_role_bit(part);
            if (!bit)
                rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", "roles");
            roles |= bit;
        }
        bool generated = false;
        if (rc == TK_OK && options->password_stdin) {
            if (read_password(password, sizeof password) != 0)
                rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "password");
        } else if (rc == TK_OK) {
            /* No password given: make a strong one and show it once. */
            unsigned char random_bytes[15];
            randombytes_buf(random_bytes, sizeof random_bytes);
            sodium_bin2base64(password, sizeof password, random_bytes, sizeof random_bytes,
                              sodium_base64_VARIANT_URLSAFE_NO_PADDING);
            generated = true;
        }
        if (rc == TK_OK && (rc = domain_unit_get_by_code(ctx, options->unit, &unit)) == TK_ERR_NOT_FOUND) {
            sodium_memzero(password, sizeof password);
            return console_fail("there is no unit %s: make it first (takamul unit add, or takamul unit list)",
                                options->unit);
        }
        if (rc == TK_OK) {
            User user = {.username = (char *)username,
                         .full_name = (char *)options->name,
                         .sex = (char *)options->sex,
                         .unit_id = unit.id,
                         .roles = roles};
            rc = domain_user_create(ctx, &user, password);
            if (rc == TK_OK)
                printf("user %s added to %s%s%s\n", username, unit.code, generated ? "; password: " : "",
                       generated ? password : "");
        }
    } else if (strcmp(sub, "disable") == 0 || strcmp(sub, "passwd") == 0) {
        User user;
        rc = domain_user_get_by_name(ctx, username, &user);
        if (rc == TK_OK && strcmp(sub, "disable") == 0) {
            UserChanges changes = {.status = "disabled"};
            User result;
            rc = domain_user_update(ctx, user.id, user.version, &changes, &result);
            if (rc == TK_OK)
                printf("user %s disabled; their sessions and tokens are ended\n", username);
        } else if (rc == TK_OK) {
            if (read_password(password, sizeof password) != 0)
                rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "password");
            else if ((rc = domain_user_set_password(ctx, user.id, password)) == TK_OK)
                printf("password of %s changed; their sessions are ended\n", username);
        }
    } else if (strcmp(sub, "token") == 0) {
        char token[TOKEN_TEXT_SIZE];
        rc = domain_token_create(ctx, username, options->label ? options->label : "command line", token);
        if (rc == TK_OK)
            printf("%s\n", token);
        sodium_memzero(token, sizeof token);
    } else {
        return console_fail("unknown user subcommand %s", sub);
    }
    sodium_memzero(password, sizeof password);
    return rc;
}

int command_user(const Options *options)
{
    if (options->rest_count < 1)
        return console_fail("%s", "user wants a subcommand: add, list, disable, passwd, token");
    return console_run(options, STORE_OPEN_EXISTING, user_work);
}
