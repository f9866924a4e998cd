/* scenario_line.c -- the lexical layer of scenario files: cutting the buffer
 * into lines, making each line clean UTF-8 (reporting and replacing what is
 * not), dropping comments, and splitting `keyword[@lang] [args]: value`.
 *
 * Why a clean copy of each line: everything after this layer (the data model,
 * the database, the screen reader) may rely on valid UTF-8 without control
 * characters, and columns can be counted in characters on the copy, where
 * every bad byte became one U+FFFD. Lines are bounded (KB_LINE_MAX), so the
 * copy is too, whatever the input. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "scenario_line.h"

static const char REPLACEMENT[] = "\xEF\xBF\xBD";      /* U+FFFD */

int kbs_line_clean(struct kbs_line *L, const char *raw, size_t n, bool first,
                   kbs_line_report report, void *ctx)
{
    bool bad_utf8 = false, bad_ctl = false;
    size_t i = 0, o = 0;
    int col = 1;                /* of the next character written to L->buf */

    L->len = 0;
    if (n > KB_LINE_MAX) {
        report(ctx, 1, "this line is too long (%zu bytes; at most %d); it is "
               "skipped", n, KB_LINE_MAX);
        return -1;
    }
    if (L->cap < 3 * n + 1) {
        char *b = realloc(L->buf, 3 * n + 1);
        if (!b)
            return -2;
        L->buf = b;
        L->cap = 3 * n + 1;
    }
    if (first && n >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0)
        i = 3;                  /* a UTF-8 byte order mark: accepted, dropped */
    while (i < n) {
        unsigned char b = (unsigned char)raw[i];
        if (b >= 0x80) {
            utf8proc_int32_t c;
            utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)raw + i,
                                                  (utf8proc_ssize_t)(n - i), &c);
            if (k > 0 && c >= 0xA0) {
                memcpy(L->buf + o, raw + i, (size_t)k);
                o += (size_t)k;
                i += (size_t)k;
                col++;
                continue;
            }
            if (k > 0) {        /* C1 controls, U+0080..U+009F */
                if (!bad_ctl)
                    report(ctx, col, "control character U+%04X in the text", (unsigned)c);
                bad_ctl = true;
                i += (size_t)k - 1;
            } else {
                if (!bad_utf8)
                    report(ctx, col, "invalid UTF-8 (byte 0x%02X); save the "
                           "file as UTF-8", b);
                bad_utf8 = true;
            }
        } else if (b == 0) {
            if (!bad_ctl)
                report(ctx, col, "NUL byte in the text; is this a text file?");
            bad_ctl = true;
        } else if ((b < 0x20 && b != '\t') || b == 0x7F) {
            if (!bad_ctl)
                report(ctx, col, "control character U+%04X in the text", b);
            bad_ctl = true;
        } else {
            L->buf[o++] = (char)b;
            i++;
            col++;
            continue;
        }
        memcpy(L->buf + o, REPLACEMENT, 3);
        o += 3;
        i++;
        col++;
    }
    L->buf[o] = '\0';
    L->len = o;
    return 0;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* A separator is ':' or the full-width '：' (U+FF1A), which Chinese input
 * methods type; its length in bytes, or 0. */
static size_t sep_len(const char *s, size_t left)
{
    if (*s == ':')
        return 1;
    if (left >= 3 && memcmp(s, "\xEF\xBC\x9A", 3) == 0)
        return 3;
    return 0;
}

void kbs_line_split(const struct kbs_line *L, struct kbs_head *h)
{
    const char *s = L->buf;
    size_t n = L->len, i;

    memset(h, 0, sizeof *h);
    /* A comment starts at '#' at the start or after white space, so "C#"
     * or "订单#3" stay text. */
    for (i = 0; i < n; i++) {
        if (s[i] == '#' && (i == 0 || is_space(s[i - 1]))) {
            n = i;
            break;
        }
    }
    while (n > 0 && is_space(s[n - 1]))
        n--;
    for (i = 0; i < n && is_space(s[i]); i++)
        ;
    if (i == n) {
        h->empty = true;
        return;
    }
    h->kw = i;
    while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
        i++;
    h->kwlen = i - h->kw;
    if (i < n && s[i] == '@') {
        h->at = i + 1;
        h->has_lang = true;
        for (i++; i < n && ((s[i] >= 'a' && s[i] <= 'z') ||
                            (s[i] >= 'A' && s[i] <= 'Z')); i++)
            ;
        h->langlen = i - h->at;
    }
    h->args = i;
    for (; i < n; i++) {
        size_t k = sep_len(s + i, n - i);
        if (k) {
            h->has_sep = true;
            h->sep = i;
            h->argslen = i - h->args;
            h->val = i + k;
            break;
        }
    }
    if (!h->has_sep) {
        h->argslen = n - h->args;
        h->val = h->vallen = 0;
    } else {
        while (h->val < n && is_space(s[h->val]))
            h->val++;
        h->vallen = n - h->val;
    }
    /* trim the args */
    while (h->argslen > 0 && is_space(s[h->args])) {
        h->args++;
        h->argslen--;
    }
    while (h->argslen > 0 && is_space(s[h->args + h->argslen - 1]))
        h->argslen--;
}

int kbs_col(const struct kbs_line *L, size_t off)
{
    return kbs_ncols(L->buf, off) + 1;
}
