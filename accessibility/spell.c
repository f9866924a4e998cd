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
    {'$', "dollar", "美元符号"}, {0x2026, "ellipsis", "省略号"}, {'~', "tilde", "波浪号"},
    {0xFF5E, "tilde", "波浪号"}, {'=', "equals", "等号"}, {'<', "less than", "小于号"},
    {'>', "greater than", "大于号"}, {'[', "open square bracket", "左方括号"},
    {']', "close square bracket", "右方括号"}, {'{', "open brace", "左花括号"},
    {'}', "close brace", "右花括号"}, {'\\', "backslash", "反斜杠"}, {'|', "bar", "竖线"},
    {'^', "caret", "脱字符"}, {'`', "backquote", "反引号"}, {0x2018, "quote", "引号"},
    {0x2019, "apostrophe", "撇号"}, {0x300A, "open title mark", "左书名号"},
    {0x300B, "close title mark", "右书名号"}, {0x3010, "open bracket", "左方头括号"},
    {0x3011, "close bracket", "右方头括号"}, {0x2014, "dash", "破折号"},
    {0x00B7, "middle dot", "间隔号"}, {0x20AC, "euro", "欧元符号"},
};

static const char *punct_name(int32_t cp, bool zh)
{
    for (size_t p = 0; p < sizeof punct / sizeof punct[0]; p++)
        if (punct[p].cp == cp)
            return zh ? punct[p].zh : punct[p].en;
    return NULL;
}

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
        const char *name = gap ? (zh ? "空格" : "space") : punct_name(cp, zh);
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

/* ---- switch choices read aloud (ACCESSIBILITY.md 18) --------------------- */

static bool is_mark(int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_PO) ||
           (c >= UTF8PROC_CATEGORY_SM && c <= UTF8PROC_CATEGORY_SO) ||
           (c >= UTF8PROC_CATEGORY_ZS && c <= UTF8PROC_CATEGORY_ZP) || cp == '\t' || cp == '\n';
}

char *a11y_name_marks(const char *text, const char *lang)
{
    bool zh = lang && strcmp(lang, "zh") == 0;
    struct buf b = {0};
    size_t len = text ? strlen(text) : 0;
    if (len == 0)
        return NULL;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const uint8_t *)text + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0 || !is_mark(cp))
            goto none;          /* words read as themselves */
        i += (size_t)k;
        const char *name;
        if (cp == '.' && i + 1 < len && text[i] == '.' && text[i + 1] == '.') {
            while (i < len && text[i] == '.')
                i++;            /* "..." is one ellipsis, not three periods */
            name = zh ? "省略号" : "ellipsis";
        } else if (cp == 0x2026) {
            while (i + 3 <= len && memcmp(text + i, "\xE2\x80\xA6", 3) == 0)
                i += 3;         /* "……" likewise */
            name = punct_name(cp, zh);
        } else if (cp == ' ' || cp == 0x3000 || cp == 0xA0) {
            name = zh ? "空格" : "space";
        } else if (cp == '\t') {
            name = zh ? "制表符" : "tab";
        } else if (cp == '\n') {
            name = zh ? "换行" : "new line";
        } else {
            name = punct_name(cp, zh);
        }
        if (!name)
            goto none;          /* a symbol with no name here: shown as it is */
        if (b.n)
            puts_(&b, zh ? "、" : ", ");
        puts_(&b, name);
    }
    if (!b.bad)
        return b.s;
none:
    free(b.s);
    return NULL;
}

/* The text a choice adds, as compared: lower case, no blanks at either
 * end, no punctuation at the end. Caller frees; NULL when out of memory. */
static char *choice_key(const char *s)
{
    size_t len = strlen(s);
    struct buf b = {0};
    size_t keep = 0;            /* bytes up to the last letter, digit or ideograph */
    for (size_t i = 0; i < len;) {
        int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0) {
            i++;
            continue;
        }
        i += (size_t)k;
        if (b.n == 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS)
            continue;
        uint8_t enc[4];
        utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_tolower(cp), enc);
        put(&b, (const char *)enc, (size_t)m);
        if (!is_mark(cp))
            keep = b.n;
    }
    if (b.bad)
        return NULL;
    if (!b.s)
        return strdup("");
    b.s[keep] = '\0';
    return b.s;
}

bool a11y_choice_same(const char *a, const char *b)
{
    char *ka = a ? choice_key(a) : NULL, *kb = b ? choice_key(b) : NULL;
    /* marks alone ("!" and ",") are different choices, never the same */
    bool same = ka && kb && *ka && strcmp(ka, kb) == 0;
    free(ka);
    free(kb);
    return same;
}
