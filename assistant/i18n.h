/* i18n.h -- user-facing strings go through gettext (domain "kefu").
 * Catalogues: po/zh_CN.po (the product's first language) and po/en.po. */
#ifndef KEFU_I18N_H
#define KEFU_I18N_H
#include <libintl.h>
#define _(s) gettext(s)
#define N_(s) (s)

/* Bind the catalogues and choose the language ("zh" or "en"). */
void i18n_init(const char *lang);
/* The language from the environment (LANGUAGE, LC_ALL, LC_MESSAGES, LANG):
 * "zh", "en", or NULL when it names neither. */
const char *i18n_lang_from_env(void);
#endif
