/* hours_time.c -- local days for the hours tracker.
 *
 * Intervals are stored as UTC instants; days are local and are computed here
 * with mktime (tm_isdst = -1) from calendar fields, so a day is 23 or 25
 * hours long across a DST change and a change of TZ moves day boundaries
 * without touching the stored data. Never "midnight + 86400".
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "hours_int.h"
#include "i18n.h"

static int64_t make_local(int y, int mon, int mday, int secs)
{
    struct tm tm = {0};
    tm.tm_year = y;
    tm.tm_mon = mon;
    tm.tm_mday = mday;
    tm.tm_hour = secs / 3600;
    tm.tm_min = (secs / 60) % 60;
    tm.tm_sec = secs % 60;
    tm.tm_isdst = -1;
    return (int64_t)mktime(&tm);
}

static void local(int64_t t, struct tm *tm)
{
    time_t tt = (time_t)t;
    localtime_r(&tt, tm);
}

int64_t hours_day_start(int64_t t)
{
    struct tm tm;
    local(t, &tm);
    int64_t d = make_local(tm.tm_year, tm.tm_mon, tm.tm_mday, 0);
    /* Where midnight does not exist (DST at 00:00), mktime lands after it;
     * an instant before that landing still belongs to this day. */
    return d <= t ? d : t;
}

int64_t hours_day_add(int64_t day_start, int days)
{
    struct tm tm;
    /* Noon is safely inside the day whatever DST does around midnight. */
    local(day_start + 12 * 3600, &tm);
    return make_local(tm.tm_year, tm.tm_mon, tm.tm_mday + days, 0);
}

int64_t hours_day_next(int64_t day_start) { return hours_day_add(day_start, 1); }

int64_t hours_day_at(int64_t day_start, int secs)
{
    if (secs >= 86400)
        return hours_day_next(day_start);
    struct tm tm;
    local(day_start + 12 * 3600, &tm);
    int64_t t = make_local(tm.tm_year, tm.tm_mon, tm.tm_mday, secs);
    return t < day_start ? day_start : t;
}

void hours_date(int64_t t, char *buf, size_t len)
{
    struct tm tm;
    local(t, &tm);
    snprintf(buf, len, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

void hours_hm(int64_t t, char *buf, size_t len)
{
    struct tm tm;
    local(t, &tm);
    snprintf(buf, len, "%02d:%02d", tm.tm_hour, tm.tm_min);
}

int hours_parse_date(const char *text, int64_t *day_start)
{
    int y, m, d, n = 0;
    if (!text || sscanf(text, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 ||
        text[10] != '\0')
        return -1;
    if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    int64_t t = make_local(y - 1900, m - 1, d, 0);
    struct tm tm;
    local(t, &tm);
    if (tm.tm_year != y - 1900 || tm.tm_mon != m - 1 || tm.tm_mday != d)
        return -1;                      /* 2026-02-30 and the like */
    *day_start = t;
    return 0;
}

int64_t hours_week_start(int64_t t)
{
    struct tm tm;
    local(t, &tm);
    int back = (tm.tm_wday + 6) % 7;    /* Monday = 0 */
    return make_local(tm.tm_year, tm.tm_mon, tm.tm_mday - back, 0);
}

int64_t hours_month_start(int64_t t)
{
    struct tm tm;
    local(t, &tm);
    return make_local(tm.tm_year, tm.tm_mon, 1, 0);
}

int64_t hours_month_next(int64_t month_start)
{
    struct tm tm;
    local(month_start + 12 * 3600, &tm);
    return make_local(tm.tm_year, tm.tm_mon + 1, 1, 0);
}

void hours_dur(int64_t secs, char *buf, size_t len)
{
    if (secs < 0)
        secs = 0;
    /* Translated: a Chinese screen reader reads "20m" as "20 米" (metres). */
    if (secs > 0 && secs < 60)
        snprintf(buf, len, _("%llds"), (long long)secs);
    else if (secs < 3600)
        snprintf(buf, len, _("%lldm"), (long long)(secs / 60));
    else
        snprintf(buf, len, _("%lldh %02lldm"), (long long)(secs / 3600),
                 (long long)((secs % 3600) / 60));
}

int64_t hours_clip(int64_t a, int64_t b, int64_t c, int64_t d)
{
    int64_t lo = a > c ? a : c, hi = b < d ? b : d;
    return hi > lo ? hi - lo : 0;
}

int hours_parse_window(const char *text, int *start, int *end)
{
    int h1, m1, h2, m2, n = 0;
    if (!text || sscanf(text, "%2d:%2d-%2d:%2d%n", &h1, &m1, &h2, &m2, &n) != 4 ||
        text[n] != '\0')
        return -1;
    if (h1 < 0 || h1 > 23 || m1 < 0 || m1 > 59 || h2 < 0 || h2 > 24 || m2 < 0 ||
        m2 > 59 || (h2 == 24 && m2 != 0))
        return -1;
    *start = h1 * 3600 + m1 * 60;
    *end = h2 * 3600 + m2 * 60;
    return *start < *end ? 0 : -1;
}
