/* clock.c -- "now" for the whole program, and the ISO-8601 forms people
 * type. Tests fix now with KEFU_NOW; every other part asks here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"

/* Parse "+HH:MM", "+HHMM", "+HH", "Z"; returns offset seconds east of UTC. */
static int parse_offset(const char *s, long *off)
{
    if (strcmp(s, "Z") == 0 || strcmp(s, "z") == 0) {
        *off = 0;
        return 0;
    }
    if (s[0] != '+' && s[0] != '-')
        return -1;
    int hh = 0, mm = 0, n = 0;
    if (sscanf(s + 1, "%2d:%2d%n", &hh, &mm, &n) == 2 && s[1 + n] == '\0' && n == 5) {
    } else if (sscanf(s + 1, "%2d%2d%n", &hh, &mm, &n) == 2 && s[1 + n] == '\0' && n == 4) {
    } else if (sscanf(s + 1, "%2d%n", &hh, &n) == 1 && s[1 + n] == '\0' && n == 2) {
        mm = 0;
    } else {
        return -1;
    }
    if (hh > 14 || mm > 59)
        return -1;
    *off = (hh * 3600L + mm * 60L) * (s[0] == '-' ? -1 : 1);
    return 0;
}

static int valid_fields(int y, int mo, int d, int h, int mi, int s)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1])
        return 0;
    if (mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 0;
    return h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && s >= 0 && s <= 60;
}

static int parse_full(const char *text, int64_t *out)
{
    int y, mo, d, h, mi, s = 0, n = 0;
    if (sscanf(text, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
        return -1;
    const char *p = text + 10;
    if (*p == '\0') {
        h = mi = 0;                   /* a bare date is local midnight */
    } else {
        if (*p != 'T' && *p != 't' && *p != ' ')
            return -1;
        p++;
        if (sscanf(p, "%2d:%2d%n", &h, &mi, &n) != 2 || n != 5)
            return -1;
        p += 5;
        if (*p == ':') {
            if (sscanf(p + 1, "%2d%n", &s, &n) != 1 || n != 2)
                return -1;
            p += 3;
            if (*p == '.' || *p == ',') {           /* fractions are dropped */
                p++;
                while (*p >= '0' && *p <= '9')
                    p++;
            }
        }
    }
    if (!valid_fields(y, mo, d, h, mi, s))
        return -1;
    struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
                    .tm_hour = h, .tm_min = mi, .tm_sec = s, .tm_isdst = -1};
    if (*p == '\0') {
        time_t t = mktime(&tm);
        if (t == (time_t)-1)
            return -1;
        *out = (int64_t)t;
        return 0;
    }
    long off;
    if (parse_offset(p, &off) != 0)
        return -1;
    *out = (int64_t)timegm(&tm) - off;
    return 0;
}

int clock_parse(const char *text, int64_t *out)
{
    if (!text)
        return -1;
    while (*text == ' ')
        text++;
    int h, mi, s = 0, n = 0;
    size_t len = strlen(text);
    if ((len == 5 && sscanf(text, "%2d:%2d%n", &h, &mi, &n) == 2 && n == 5) ||
        (len == 8 && sscanf(text, "%2d:%2d:%2d%n", &h, &mi, &s, &n) == 3 && n == 8)) {
        if (h > 23 || mi > 59 || s > 59 || h < 0 || mi < 0 || s < 0)
            return -1;
        time_t now = (time_t)clock_now();
        struct tm tm;
        localtime_r(&now, &tm);
        tm.tm_hour = h;
        tm.tm_min = mi;
        tm.tm_sec = s;
        tm.tm_isdst = -1;
        time_t t = mktime(&tm);
        if (t == (time_t)-1)
            return -1;
        *out = (int64_t)t;
        return 0;
    }
    return parse_full(text, out);
}

int clock_check_env(char *err, size_t errlen)
{
    const char *v = getenv("KEFU_NOW");
    int64_t t;
    if (!v || !*v || parse_full(v, &t) == 0)
        return 0;
    snprintf(err, errlen, "KEFU_NOW='%s' is not an ISO-8601 time such as "
             "2026-03-01T09:00:00+08:00", v);
    return -1;
}

int64_t clock_now(void)
{
    const char *v = getenv("KEFU_NOW");
    int64_t t;
    if (v && *v && parse_full(v, &t) == 0)
        return t;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec;
}

int64_t clock_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void clock_format_iso(int64_t t, char *buf, size_t len)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    long off = tm.tm_gmtoff;
    char sign = off < 0 ? '-' : '+';
    if (off < 0)
        off = -off;
    snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld",
             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
             tm.tm_sec, sign, off / 3600, (off % 3600) / 60);
}

void clock_format_date(int64_t t, char *buf, size_t len)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    snprintf(buf, len, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}
