/* i18n.c -- choosing the language and binding the catalogues.
 *
 * --lang must work on a machine with no generated locales (a fresh Debian
 * has only C.UTF-8), so the language is chosen with LANGUAGE on top of a
 * UTF-8 locale rather than by switching to zh_CN.UTF-8. */
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"

#include "i18n.h"
#include "paths.h"

static const char *lang_of(const char *v)
{
    if (!v || !*v)
        return NULL;
    if (strncmp(v, "zh", 2) == 0)
        return "zh";
    if (strncmp(v, "en", 2) == 0)
        return "en";
    return NULL;
}

const char *i18n_lang_from_env(void)
{
    const char *lang = getenv("LANGUAGE");
    if (lang && *lang) {                /* "zh_CN:en": the first one we know */
        const char *p = lang;
        while (p && *p) {
            const char *l = lang_of(p);
            if (l)
                return l;
            p = strchr(p, ':');
            if (p)
                p++;
        }
    }
    const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return lang_of(v);
    }
    return NULL;
}

static const char *current = "en";

const char *i18n_lang(void) { return current; }

void i18n_init(const char *lang)
{
    current = strcmp(lang, "zh") == 0 ? "zh" : "en";
    if (!setlocale(LC_ALL, ""))
        setlocale(LC_ALL, "C.UTF-8");
    const char *ctype = setlocale(LC_CTYPE, NULL);
    if (!ctype || (!strstr(ctype, "UTF-8") && !strstr(ctype, "utf8")))
        setlocale(LC_ALL, "C.UTF-8");
    /* gettext ignores LANGUAGE in the plain "C" locale; C.UTF-8 is fine. */
    setenv("LANGUAGE", strcmp(lang, "zh") == 0 ? "zh_CN" : "en", 1);
    bindtextdomain("kefu", kefu_locale_dir());
    bind_textdomain_codeset("kefu", "UTF-8");
    textdomain("kefu");
}

/* ---- dates and times as read aloud -------------------------------------- */

/* Chinese readers (and Chinese speech) say 11月29日, not 2026-11-29, which
 * a screen reader reads as a subtraction or digit by digit. */
static void date_into(const struct tm *tm, bool zh, char *buf, size_t len)
{
    if (!zh) {
        snprintf(buf, len, "%04d-%02d-%02d", tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday);
        return;
    }
    struct tm now;
    time_t n = (time_t)clock_now();
    localtime_r(&n, &now);
    if (now.tm_year == tm->tm_year)
        snprintf(buf, len, "%d月%d日", tm->tm_mon + 1, tm->tm_mday);
    else
        snprintf(buf, len, "%d年%d月%d日", tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday);
}

void i18n_date(int64_t t, char *buf, size_t len)
{
    struct tm tm;
    time_t tt = (time_t)t;
    if (!len)
        return;
    localtime_r(&tt, &tm);
    date_into(&tm, strcmp(current, "zh") == 0, buf, len);
}

void i18n_date_time(int64_t t, char *buf, size_t len)
{
    struct tm tm;
    time_t tt = (time_t)t;
    if (!len)
        return;
    i18n_date(t, buf, len);
    localtime_r(&tt, &tm);
    size_t used = strlen(buf);
    if (used < len)
        snprintf(buf + used, len - used, " %02d:%02d", tm.tm_hour, tm.tm_min);
}

const char *i18n_pgettext(const char *key)
{
    const char *tr = gettext(key);
    return tr == key ? strchr(key, '\004') + 1 : tr;
}
