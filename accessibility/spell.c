/* spell.c -- spelling a line or an order number character by character
 * (ACCESSIBILITY.md 13). A listener who missed "TB20240315001" needs it one
 * character at a time, digits one by one ("two zero two four", never "two
 * thousand and twenty-four"), letters by name in the session's language.
 * Word breaks are said ("space", 空格) and punctuation is named ("question
 * mark", 问号): a spelled "Hello? Anyone" must not run together.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "a11y.h"

static const char *const en_digits[10] = {"zero", "one", "two", "three", "four",
                                          "five", "six", "seven", "eight", "nine"};
static const char *const zh_digits[10] = {"零", "一", "二", "三", "四",
                                          "五", "六", "七", "八", "九"};
/* Latin letters as Chinese speakers name them (the common classroom names). */
static const char *const zh_letters[26] = {
    "诶", "比", "西", "迪", "伊", "艾弗", "吉", "艾尺", "艾", "杰", "开", "艾勒", "艾马",
    "艾娜", "哦", "屁", "吉吾", "艾儿", "艾丝", "提", "伊吾", "维", "豆贝尔维", "艾克斯",
    "吾艾", "贼德"};

/* Punctuation by name; printed and spoken the same (ACCESSIBILITY.md 6). */
static const struct { int32_t cp; const char *en, *zh; } punct[] = {
    {'.', "period", "句号"}, {0x3002, "period", "句号"}, {',', "comma", "逗号"},
    {0xFF0C, "comma", "逗号"}, {0x3001, "comma", "顿号"}, {'?', "question mark", "问号"},
    {0xFF1F, "question mark", "问号"}, {'!', "exclamation mark", "感叹号"},
    {0xFF01, "exclamation mark", "感叹号"}, {':', "colon", "冒号"}, {0xFF1A, "colon", "冒号"},
    {';', "semicolon", "分号"}, {0xFF1B, "semicolon", "分号"}, {'\'', "apostrophe", "撇号"},
    {'"', "quote", "引号"}, {0x201C, "quote", "引号"}, {0x201D, "quote", "引号"},
    {'-', "dash", "横线"}, {'_', "underscore", "下划线"}, {'/', "slash", "斜杠"},
    {'@', "at", "艾特"}, {'#', "hash", "井号"}, {'&', "and", "和号"}, {'+', "plus", "加号"},
    {'(', "open bracket", "左括号"}, {')', "close bracket", "右括号"},
    {0xFF08, "open bracket", "左括号"}, {0xFF09, "close bracket", "右括号"},
    {'%', "percent", "百分号"}, {'*', "star", "星号"}, {0xA5, "yuan sign", "人民币符号"},
    {'$', "dollar", "美元符号"},
};

struct buf {
    char *s;
    size_t n, cap;
    bool bad;
};

static void put(struct buf *b, const char *s, size_t n)
{
    if (b->bad)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = (b->n + n + 1) * 2;
        char *t = realloc(b->s, cap);
        if (!t) {
            b->bad = true;
            return;
        }
        b->s = t;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

static void puts_(struct buf *b, const char *s) { put(b, s, strlen(s)); }

int a11y_spell(const char *text, const char *lang, char **shown, char **spoken)
{
    bool zh = lang && strcmp(lang, "zh") == 0;
    struct buf sh = {0}, sp = {0};
    size_t len = strlen(text);
    *shown = *spoken = NULL;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const uint8_t *)text + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0) {
            i++;
            continue;
        }
        const char *ch = text + i;
        i += (size_t)k;
        bool gap = cp == ' ' || cp == 0x3000 || cp < 0x20;
        if (gap) {              /* a run of blanks is one word break */
            while (i < len && (text[i] == ' ' || (unsigned char)text[i] < 0x20))
                i++;
            if (!sh.n || i >= len)
                continue;       /* none before the first or after the last */
        }
        if (sh.n) {
            puts_(&sh, " ");
            puts_(&sp, zh ? "，" : ", ");
        }
        const char *name = gap ? (zh ? "空格" : "space") : NULL;
        for (size_t p = 0; !name && p < sizeof punct / sizeof punct[0]; p++)
            if (punct[p].cp == cp)
                name = zh ? punct[p].zh : punct[p].en;
        if (name) {
            puts_(&sh, name);
            puts_(&sp, name);
            continue;
        }
        put(&sh, ch, (size_t)k);
        if (cp >= '0' && cp <= '9') {
            puts_(&sp, zh ? zh_digits[cp - '0'] : en_digits[cp - '0']);
        } else if (((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')) {
            int l = (cp | 0x20) - 'a';
            if (zh) {
                puts_(&sp, zh_letters[l]);
            } else {
                put(&sp, ch, 1);    /* a lone letter is read by its name */
            }
        } else {
            put(&sp, ch, (size_t)k);
        }
    }
    if (sh.bad || sp.bad) {
        free(sh.s);
        free(sp.s);
        return -1;
    }
    *shown = sh.s ? sh.s : strdup("");
    *spoken = sp.s ? sp.s : strdup("");
    return *shown && *spoken ? 0 : -1;
}

char *a11y_find_order_number(const char *text)
{
    const char *best = NULL;
    size_t best_len = 0;
    for (const char *p = text; *p;) {
        const char *q = p;
        int digits = 0;
        while ((*q >= '0' && *q <= '9') || (*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z')) {
            digits += *q >= '0' && *q <= '9';
            q++;
        }
        if (q - p >= 6 && digits >= 3 && (size_t)(q - p) > best_len) {
            best = p;
            best_len = (size_t)(q - p);
        }
        p = q > p ? q : p + 1;
    }
    return best ? strndup(best, best_len) : NULL;
}
