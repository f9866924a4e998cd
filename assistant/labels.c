/* labels.c -- translated names of tiers and categories (labels.h).
 *
 * Categories are looked up with a gettext context ("category") because a
 * bare "shipping" or "order" already has other translations in the
 * catalogue (a rubric section, an order field).
 */
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "labels.h"

const char *label_tier(const char *tier)
{
    static const char *const t[] = {N_("basic"), N_("intermediate"), N_("advanced"),
                                    N_("policy")};
    if (!tier)
        return "";
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (!strcmp(tier, t[i]))
            return _(t[i]);
    return tier;
}

/* "category" EOT slug: the key msgfmt builds for msgctxt "category" */
#define CAT(s) {s, "category\004" s}

const char *label_category(const char *category)
{
    static const struct { const char *slug, *key; } t[] = {
        CAT("after-sales"), CAT("pre-sales"), CAT("shipping"), CAT("payment"),
        CAT("order"), CAT("complaint"), CAT("escalation"), CAT("quality-review"),
        CAT("coaching"), CAT("privacy"), CAT("invoices"), CAT("pricing"),
        CAT("refunds"), CAT("returns"), CAT("general"),
    };
    if (!category)
        return "";
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        if (strcmp(category, t[i].slug))
            continue;
        const char *tr = gettext(t[i].key);
        return tr == t[i].key ? t[i].slug : tr;     /* untranslated: the slug */
    }
    return category;
}

/* the English name when the catalogue has none: the key's name as printed
 * on the keyboard and in the docs ("Space", "Enter"), punctuation named (a
 * screen reader may skip a bare "`"); the config file takes either case */
#define KEY(s, en) {"key\004" s, s, en}

const char *label_key(const char *name)
{
    static const struct { const char *key, *slug, *en; } t[] = {
        KEY("space", "Space"), KEY("enter", "Enter"), KEY("return", "Enter"),
        KEY("tab", "Tab"), KEY("escape", "Escape"), KEY("esc", "Escape"),
        KEY("backspace", "Backspace"), KEY("`", "backquote `"),
    };
    if (!name)
        return "";
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        if (strcasecmp(name, t[i].slug))
            continue;
        const char *tr = gettext(t[i].key);
        return tr == t[i].key ? t[i].en : tr;
    }
    return name;
}
