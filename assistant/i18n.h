/* i18n.h -- user-facing strings go through gettext (domain "kefu").
 * Catalogues: po/zh_CN.po (the product's first language) and po/en.po. */
#ifndef KEFU_I18N_H
#define KEFU_I18N_H
#include <libintl.h>
#include <stddef.h>
#include <stdint.h>
#define _(s) gettext(s)
#define N_(s) (s)
/* Plural forms: n_("%zu scenario", "%zu scenarios", n) picks the form for n
 * (ngettext; Chinese has one form, English two). A screen reader reads
 * "1 scenarios" exactly as written. Format the result with n yourself. */
#define n_(one, many, n) ngettext((one), (many), (unsigned long)(n))

/* A message with a context (msgctxt in po/), keyed "CTXT\004msgid";
 * untranslated: the msgid, the part after the \004. */
const char *i18n_pgettext(const char *key);

/* Bind the catalogues and choose the language ("zh" or "en"). */
void i18n_init(const char *lang);
/* The language from the environment (LANGUAGE, LC_ALL, LC_MESSAGES, LANG):
 * "zh", "en", or NULL when it names neither. */
const char *i18n_lang_from_env(void);
/* The language chosen by i18n_init(): "zh" or "en" ("en" before). */
const char *i18n_lang(void);

/* Dates and times as a person reads or hears them, in the chosen language
 * (local time): Chinese "11月29日" and "11月29日 14:05" (the year is added,
 * "2025年11月29日", when it is not this year's); English keeps the ISO
 * "2026-11-29" and "2026-11-29 14:05". Files, CSV and JSON keep ISO. */
void i18n_date(int64_t t, char *buf, size_t len);
void i18n_date_time(int64_t t, char *buf, size_t len);
#endif
