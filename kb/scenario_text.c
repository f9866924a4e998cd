/* scenario_text.c -- small text rules of the scenario format: slugs, set
 * names, placeholders, tiers, columns, "did you mean" distances. */
#include <string.h>
#include <utf8proc.h>
#include "scenario_int.h"

static const char *const placeholders[] = {
    "order.id", "order.item", "order.qty", "order.amount", "order.status",
    "order.courier", "order.tracking", "order.placed", "order.shipped",
    "order.eta", "order.city", "order.buyer", NULL
};

const char *const *kb_placeholder_names(void)
{
    return placeholders;
}

bool kb_placeholder_known(const char *name, size_t len)
{
    for (size_t i = 0; placeholders[i]; i++)
        if (strlen(placeholders[i]) == len && memcmp(placeholders[i], name, len) == 0)
            return true;
    return false;
}

static const char *const tiers[] = { "", "basic", "intermediate", "advanced" };

const char *kb_tier_name(kb_tier t)
{
    return (t >= KB_TIER_BASIC && t <= KB_TIER_ADVANCED) ? tiers[t] : "";
}

kb_tier kb_tier_from_name(const char *s)
{
    for (int t = KB_TIER_BASIC; t <= KB_TIER_ADVANCED; t++)
        if (s && strcmp(s, tiers[t]) == 0)
            return (kb_tier)t;
    return KB_TIER_NONE;
}

bool kbs_is_slug(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    }
    return true;
}

bool kbs_is_setname(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    }
    return true;
}

kb_lang kbs_detect_lang(const char *s)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_int32_t c;
    utf8proc_ssize_t n;

    while (*p) {
        n = utf8proc_iterate(p, -1, &c);
        if (n <= 0)
            return KB_LANG_EN;
        /* CJK radicals .. Hangul, compatibility ideographs, full-width forms */
        if ((c >= 0x2E80 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFAFF) ||
            (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x3FFFF))
            return KB_LANG_ZH;
        p += n;
    }
    return KB_LANG_EN;
}

int kbs_clip(const char *s, size_t n, size_t max)
{
    if (n <= max)
        return (int)n;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return (int)max;
}

int kbs_ncols(const char *s, size_t n)
{
    int cols = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            cols++;
    return cols;
}

int kbs_distance(const char *a, size_t na, const char *b)
{
    /* optimal string alignment: a swap of two letters ("titel") costs 1 */
    size_t nb = strlen(b);
    int d[32][32];

    if (na > 30 || nb > 30)
        return 9;
    for (size_t i = 0; i <= na; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= nb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= na; i++) {
        for (size_t j = 1; j <= nb; j++) {
            int best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[na][nb] > 9 ? 9 : d[na][nb];
}
