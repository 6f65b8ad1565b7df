#include "base/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

static LogLevel log_level = LOG_INFO;

void log_set_level(LogLevel level)
{
    log_level = level;
}

void log_write(LogLevel level, const char *func, const char *format, ...)
{
    static const char *names[] = {"debug", "info", "warn", "error"};
    if (level < log_level)
        return;
    char stamp[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    char line[1024];
    va_list args;
    va_start(args, format);
    vsnprintf(line, sizeof line, format, args);
    va_end(args);
    fprintf(stderr, "%s %s %s: %s\n", stamp, names[level], func, line);
}
