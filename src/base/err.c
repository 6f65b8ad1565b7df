#include "base/err.h"

const char *tk_err_name(int err)
{
    switch (err) {
    case TK_OK: return "ok";
    case TK_ERR_NOMEM: return "out of memory";
    case TK_ERR_INVALID: return "invalid input";
    case TK_ERR_NOT_FOUND: return "not found";
    case TK_ERR_CONFLICT: return "version conflict";
    case TK_ERR_EXISTS: return "already exists";
    case TK_ERR_FORBIDDEN: return "forbidden";
    case TK_ERR_UNAUTHORIZED: return "unauthorized";
    case TK_ERR_LOCKED: return "locked";
    case TK_ERR_TOO_LARGE: return "too large";
    case TK_ERR_DB: return "database error";
    case TK_ERR_IO: return "i/o error";
    case TK_ERR_INTERNAL: return "internal error";
    case TK_ERR_VERSION: return "unsupported version";
    case TK_ERR_BUSY: return "busy";
    }
    return "unknown error";
}
