/* textsplit_num.c -- how numbers are read (see textsplit.h): ids digit by
 * digit, amounts and quantities as numbers. Works on bytes: every pattern
 * it looks for (ASCII digits and letters, a few currency signs and Chinese
 * units) is matched as whole UTF-8 sequences, so other text passes through
 * untouched. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "textsplit.h"

/* ---- a growing string ---------------------------------------------------- */

struct sb { char *p; size_t n, cap; bool oom; };

static void sb_put(struct sb *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = (b->cap + n + 1) * 2;
        char *np = realloc(b->p, cap);
        if (!np) {
            b->oom = true;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void sb_puts(struct sb *b, const char *s) { sb_put(b, s, strlen(s)); }

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }

/* ---- Chinese numerals ---------------------------------------------------- */

static const char *const zh_digits[10] = {"零", "一", "二", "三", "四",
                                          "五", "六", "七", "八", "九"};
/* digit by digit, 1 is 幺 as customer-service staff read phone and order numbers */
static const char *const zh_spell[10] = {"零", "幺", "二", "三", "四",
                                         "五", "六", "七", "八", "九"};

static void group4(unsigned g, struct sb *b)
{
    static const char *const pos[4] = {"千", "百", "十", ""};
    unsigned div = 1000;
    bool started = false, zero = false;
    for (int p = 0; p < 4; p++, div /= 10) {
        unsigned d = g / div % 10;
        if (d == 0) {
            zero = started;
            continue;
        }
        if (zero)
            sb_puts(b, "零");
        zero = false;
        started = true;
        sb_puts(b, zh_digits[d]);
        sb_puts(b, pos[p]);
    }
}

void tts_zh_numeral(unsigned long long n, char *buf, size_t cap)
{
    static const char *const units[] = {"", "万", "亿", "万亿"};
    struct sb b = {0};
    if (n == 0) {
        sb_puts(&b, "零");
    } else {
        unsigned groups[5];
        int ng = 0;
        for (unsigned long long m = n; m && ng < 5; m /= 10000)
            groups[ng++] = (unsigned)(m % 10000);
        bool zero = false;
        for (int k = ng - 1; k >= 0; k--) {
            if (groups[k] == 0) {
                zero = b.n > 0;
                continue;
            }
            if (b.n > 0 && (zero || groups[k] < 1000))
                sb_puts(&b, "零");
            zero = false;
            group4(groups[k], &b);
            sb_puts(&b, k < 4 ? units[k] : "");
        }
    }
    const char *s = b.p ? b.p : "";
    if (strncmp(s, "一十", strlen("一十")) == 0)     /* 十五, not 一十五 */
        s += strlen("一");
    snprintf(buf, cap, "%s", s);
    free(b.p);
}

/* ---- recognising numbers ------------------------------------------------- */

struct number {
    size_t end;             /* byte after the number */
    char digits[40];        /* integer part without separators */
    char frac[24];          /* fraction digits, may be empty */
    bool fits;              /* integer part fits our numerals (<= 16 digits) */
    unsigned long long value;
};

/* A number at t[i] (a digit): 1234, 1,234,567, 12.50. */
static size_t parse_number(const char *t, size_t len, size_t i, struct number *num)
{
    size_t nd = 0, nf = 0;
    memset(num, 0, sizeof *num);
    while (i < len) {
        if (is_digit(t[i])) {
            if (nd + 1 < sizeof num->digits)
                num->digits[nd++] = t[i];
            i++;
        } else if (t[i] == ',' && nd > 0 && i + 3 < len && is_digit(t[i + 1]) &&
                   is_digit(t[i + 2]) && is_digit(t[i + 3]) &&
                   (i + 4 >= len || !is_digit(t[i + 4]))) {
            i++;                                          /* thousands separator */
        } else {
            break;
        }
    }
    if (i + 1 < len && t[i] == '.' && is_digit(t[i + 1])) {
        i++;
        while (i < len && is_digit(t[i])) {
            if (nf + 1 < sizeof num->frac)
                num->frac[nf++] = t[i];
            i++;
        }
    }
    num->end = i;
    num->fits = nd <= 16;
    for (size_t k = 0; num->fits && k < nd; k++)
        num->value = num->value * 10 + (unsigned long long)(num->digits[k] - '0');
    return i;
}

static void put_number(struct sb *b, const struct number *num, tts_lang lang)
{
    if (lang == TTS_LANG_ZH) {
        char buf[160];
        if (num->fits) {
            tts_zh_numeral(num->value, buf, sizeof buf);
            sb_puts(b, buf);
        } else {
            for (const char *d = num->digits; *d; d++)
                sb_puts(b, zh_digits[*d - '0']);
        }
        if (num->frac[0]) {
            sb_puts(b, "点");
            for (const char *d = num->frac; *d; d++)
                sb_puts(b, zh_digits[*d - '0']);
        }
    } else {
        sb_puts(b, num->digits);
        if (num->frac[0]) {
            sb_puts(b, ".");
            sb_puts(b, num->frac);
        }
    }
}

/* digit-by-digit (and letter-by-letter) reading of t[i..end) */
static void put_spelled(struct sb *b, const char *t, size_t i, size_t end, tts_lang lang)
{
    bool first = true;
    for (; i < end; i++) {
        char c = t[i];
        if (!is_alnum(c)) {
            sb_puts(b, lang == TTS_LANG_ZH ? "，" : ", ");   /* a group break */
            first = true;
            continue;
        }
        if (lang == TTS_LANG_ZH && is_digit(c)) {
            sb_puts(b, zh_spell[c - '0']);
            continue;
        }
        if (!first)
            sb_puts(b, " ");
        char up = (c >= 'a' && c <= 'z') ? (char)(c - 32) : c;
        sb_put(b, &up, 1);
        first = false;
    }
}

/* ---- currencies and units ------------------------------------------------ */

struct currency { const char *sign, *zh, *en_one, *en_many; };
static const struct currency currencies[] = {
    {"¥", "元", "yuan", "yuan"},  {"￥", "元", "yuan", "yuan"},
    {"$", "美元", "dollar", "dollars"}, {"€", "欧元", "euro", "euros"},
    {"£", "英镑", "pound", "pounds"},
};

static const struct currency *currency_at(const char *t, size_t len, size_t i, size_t *after)
{
    for (size_t k = 0; k < sizeof currencies / sizeof currencies[0]; k++) {
        size_t n = strlen(currencies[k].sign);
        if (i + n <= len && memcmp(t + i, currencies[k].sign, n) == 0) {
            size_t j = i + n;
            if (j < len && t[j] == ' ')
                j++;
            if (j < len && is_digit(t[j])) {
                *after = j;
                return &currencies[k];
            }
        }
    }
    return NULL;
}

/* Units after a number that make it an amount or a quantity, not an id. */
static bool unit_follows(const char *t, size_t len, size_t i)
{
    static const char *const zh_units[] = {
        "元", "块", "角", "毛", "分", "美元", "欧元", "英镑", "件", "个", "只", "台", "箱",
        "包", "瓶", "袋", "双", "套", "天", "小时", "分钟", "秒", "次", "人", "克", "千克",
        "公斤", "斤", "米", "公里", "年", "月", "日", "周", "岁", "倍", "%", "％"};
    static const char *const en_units[] = {
        "yuan", "dollar", "dollars", "usd", "rmb", "cny", "euro", "euros", "kg", "g",
        "item", "items", "piece", "pieces", "pcs", "day", "days", "hours", "minutes",
        "years", "percent", "km"};
    if (i < len && t[i] == ' ')
        i++;
    for (size_t k = 0; k < sizeof zh_units / sizeof zh_units[0]; k++) {
        size_t n = strlen(zh_units[k]);
        if (i + n <= len && memcmp(t + i, zh_units[k], n) == 0)
            return true;
    }
    size_t j = i;
    while (j < len && is_alpha(t[j]))
        j++;
    for (size_t k = 0; j > i && k < sizeof en_units / sizeof en_units[0]; k++)
        if (strlen(en_units[k]) == j - i && strncasecmp(t + i, en_units[k], j - i) == 0)
            return true;
    return false;
}

/* Digit groups joined by '-' (138-0013-8000), or by single spaces when
 * there are three or more (138 0013 8000): a phone or tracking number.
 * Returns the end, or 0 if t[i..] is not such a chain. A date (2026-02-15)
 * is not. */
static size_t digit_chain(const char *t, size_t len, size_t i)
{
    size_t total = 0, groups = 0, end = i, glen[8] = {0};
    char sep = 0;
    while (i < len && is_digit(t[i])) {
        size_t g = 0;
        while (i < len && is_digit(t[i])) {
            g++;
            i++;
        }
        if (groups < 8)
            glen[groups] = g;
        groups++;
        total += g;
        end = i;
        if (i + 1 < len && (t[i] == '-' || t[i] == ' ') && is_digit(t[i + 1]) &&
            (!sep || sep == t[i])) {
            sep = t[i];
            i++;
        } else {
            break;
        }
    }
    if (groups < 2 || total < 7 || (sep == ' ' && groups < 3))
        return 0;
    if (groups == 3 && glen[0] == 4 && glen[1] <= 2 && glen[2] <= 2)
        return 0;                                         /* a date */
    if (end < len && is_alpha(t[end]))
        return 0;
    return end;
}

/* ---- the rewrite --------------------------------------------------------- */

char *tts_numbers(const char *t, size_t len, tts_lang lang)
{
    struct sb b = {0};
    sb_put(&b, "", 0);
    size_t i = 0;
    while (i < len && !b.oom) {
        size_t after;
        const struct currency *cur = currency_at(t, len, i, &after);
        if (cur) {                                        /* ¥12.50, $3 */
            struct number num;
            i = parse_number(t, len, after, &num);
            put_number(&b, &num, lang);
            if (lang == TTS_LANG_ZH) {
                sb_puts(&b, cur->zh);
            } else {
                bool one = num.value == 1 && num.fits && !num.frac[0];
                sb_puts(&b, " ");
                sb_puts(&b, one ? cur->en_one : cur->en_many);
            }
            continue;
        }
        if (!is_alnum(t[i]) || (i > 0 && is_alnum(t[i - 1]))) {
            sb_put(&b, t + i, 1);
            i++;
            continue;
        }
        size_t j = i, nd = 0, nl = 0, nlower = 0;
        for (; j < len && is_alnum(t[j]); j++) {
            nd += is_digit(t[j]);
            nl += is_alpha(t[j]);
            nlower += (t[j] >= 'a' && t[j] <= 'z');
        }
        if (nl > 0) {
            if (nd >= 4 && nlower == 0)                   /* TB20260215001 */
                put_spelled(&b, t, i, j, TTS_LANG_OTHER);
            else
                sb_put(&b, t + i, j - i);                 /* a word, MP3, iPhone15 */
            i = j;
            continue;
        }
        size_t chain = digit_chain(t, len, i);
        if (chain) {                                      /* 138-0013-8000 */
            put_spelled(&b, t, i, chain, lang);
            i = chain;
            continue;
        }
        struct number num;
        size_t end = parse_number(t, len, i, &num);
        bool decorated = end != j;                        /* 1,234 or 12.5 */
        if (!decorated && nd >= 5 && !unit_follows(t, len, end)) {
            put_spelled(&b, t, i, end, lang);             /* 12345: an id */
        } else if (lang == TTS_LANG_ZH && end < len && (t[end] == '%')) {
            sb_puts(&b, "百分之");
            put_number(&b, &num, lang);
            end++;
        } else {
            put_number(&b, &num, lang);
        }
        i = end;
    }
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    return b.p;
}
