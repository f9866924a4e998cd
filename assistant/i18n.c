/* i18n.c -- choosing the language and binding the catalogues.
 *
 * --lang must work on a machine with no generated locales (a fresh Debian
 * has only C.UTF-8), so the language is chosen with LANGUAGE on top of a
 * UTF-8 locale rather than by switching to zh_CN.UTF-8. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

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

void i18n_init(const char *lang)
{
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
