/* textnorm.c -- kb_normalize(): sanitise, NFKC/case-fold, T2S, numerals, strip.
 *
 * utf8proc does Unicode (it is small and has no global state); OpenCC does
 * Traditional -> Simplified with its phrase dictionary, which is more than a
 * character table gets right. OpenCC's converter is loaded lazily once per
 * process (about 1.5 ms) under pthread_once, and only when a caller asks for
 * T2S, so commands that never compare text never pay for it.
 */
#include "textnorm.h"

#include <opencc/opencc.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "kb.h"

/* ------------------------------------------------------------------ */
/* A growable byte buffer. */

struct buf {
    char *p;
    size_t n, cap;
    bool oom;
};

static void buf_put(struct buf *b, const void *data, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, data, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void buf_cp(struct buf *b, int32_t cp)
{
    utf8proc_uint8_t tmp[4];
    utf8proc_ssize_t n = utf8proc_encode_char(cp, tmp);
    buf_put(b, tmp, (size_t)n);
}

/* ------------------------------------------------------------------ */
/* OpenCC, once per process. */

static pthread_once_t t2s_once = PTHREAD_ONCE_INIT;
static opencc_t t2s_cc = (opencc_t)-1;
static char t2s_err[256];

static void t2s_load(void)
{
    /* OpenCC looks a bare name up in its own data directory; Debian puts
     * the configuration in /usr/share/opencc, tried second. */
    static const char *const names[] = {"t2s.json", "/usr/share/opencc/t2s.json"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        t2s_cc = opencc_open(names[i]);
        if (t2s_cc != (opencc_t)-1)
            return;
    }
    const char *why = opencc_error();
    snprintf(t2s_err, sizeof t2s_err,
             "cannot load OpenCC t2s.json (%s); Traditional characters are "
             "not converted. Install the opencc data package",
             why ? why : "unknown error");
}

/* Which BMP characters OpenCC's t2s may change, one bit each. Documents
 * are long and nearly always Simplified already; checking them against this
 * map first skips OpenCC (the dearest step of indexing by far) for them.
 * Built once, only when a long text is first seen, from one OpenCC call over
 * every CJK character, one per line (so phrases cannot form). Short texts
 * (queries) go straight to OpenCC and never pay for the map. */
enum { T2S_MAP_FROM = 0x3400, T2S_MAP_TO = 0xFAFF, T2S_LONG = 256 };
static pthread_once_t t2s_map_once = PTHREAD_ONCE_INIT;
static unsigned char t2s_map[(T2S_MAP_TO + 1) / 8];
static bool t2s_map_ok;

static void t2s_map_build(void)
{
    size_t n = T2S_MAP_TO - T2S_MAP_FROM + 1;
    char *all = malloc(n * 4 + 1), *conv = NULL;
    if (!all || kb_textnorm_t2s_error()) {
        free(all);
        return;
    }
    size_t len = 0;
    for (int32_t c = T2S_MAP_FROM; c <= T2S_MAP_TO; c++) {
        /* Han only (ext A, unified, compatibility): t2s changes nothing else */
        bool han = c <= 0x9FFF || c >= 0xF900;
        utf8proc_ssize_t m = han && utf8proc_codepoint_valid(c)
            ? utf8proc_encode_char(c, (utf8proc_uint8_t *)all + len) : 0;
        len += (size_t)m;
        all[len++] = '\n';
    }
    all[len] = '\0';
    conv = opencc_convert_utf8(t2s_cc, all, len);
    if (conv) {
        /* walk both texts line by line: line k is character FROM + k */
        const char *a = all, *b = conv;
        bool aligned = true;
        for (int32_t c = T2S_MAP_FROM; c <= T2S_MAP_TO && aligned; c++) {
            const char *ea = strchr(a, '\n'), *eb = strchr(b, '\n');
            if (!ea || !eb) {
                aligned = false;
                break;
            }
            if (ea - a != eb - b || memcmp(a, b, (size_t)(ea - a)) != 0)
                t2s_map[c / 8] |= (unsigned char)(1u << (c % 8));
            a = ea + 1;
            b = eb + 1;
        }
        t2s_map_ok = aligned;
        opencc_convert_utf8_free(conv);
    }
    free(all);
}

/* false when text surely has nothing for t2s to convert */
static bool t2s_needed(const char *s, size_t len)
{
    if (len < T2S_LONG)
        return true;
    pthread_once(&t2s_map_once, t2s_map_build);
    if (!t2s_map_ok)
        return true;
    size_t i = 0;
    while (i < len) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        utf8proc_int32_t c;
        utf8proc_ssize_t m = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &c);
        if (m <= 0)
            return true;
        if (c > 0xFFFF || (c >= T2S_MAP_FROM && c <= T2S_MAP_TO &&
                           (t2s_map[c / 8] >> (c % 8)) & 1))
            return true;
        i += (size_t)m;
    }
    return false;
}

const char *kb_textnorm_t2s_error(void)
{
    pthread_once(&t2s_once, t2s_load);
    return t2s_cc == (opencc_t)-1 ? t2s_err : NULL;
}

/* ------------------------------------------------------------------ */
/* Chinese numerals. */

/* 0-9 for a numeral digit, -1 otherwise. */
static int cn_digit(int32_t cp)
{
    switch (cp) {
    case 0x96F6: case 0x3007: return 0;   /* 零 〇 */
    case 0x4E00: return 1;                /* 一 */
    case 0x4E8C: case 0x4E24: return 2;   /* 二 两 */
    case 0x4E09: return 3;                /* 三 */
    case 0x56DB: return 4;                /* 四 */
    case 0x4E94: return 5;                /* 五 */
    case 0x516D: return 6;                /* 六 */
    case 0x4E03: return 7;                /* 七 */
    case 0x516B: return 8;                /* 八 */
    case 0x4E5D: return 9;                /* 九 */
    default: return -1;
    }
}

/* 10, 100, 1000, 10000 for a unit character, 0 otherwise. */
static unsigned cn_unit(int32_t cp)
{
    switch (cp) {
    case 0x5341: return 10;       /* 十 */
    case 0x767E: return 100;      /* 百 */
    case 0x5343: return 1000;     /* 千 */
    case 0x4E07: return 10000;    /* 万 */
    default: return 0;
    }
}

/* Write the value of the numeral run cps[0..n) as ASCII digits. A run
 * without units is read digit by digit (一二三 -> 123, as in phone and
 * order numbers read aloud); with units it is read positionally
 * (二十五 -> 25, 一百零五 -> 105, 十五 -> 15). */
static void put_numeral(struct buf *b, const int32_t *cps, size_t n)
{
    bool units = false;
    for (size_t i = 0; i < n; i++)
        if (cn_unit(cps[i]))
            units = true;
    if (!units) {
        for (size_t i = 0; i < n; i++) {
            char c = (char)('0' + cn_digit(cps[i]));
            buf_put(b, &c, 1);
        }
        return;
    }
    uint64_t total = 0, section = 0, digit = 0;
    bool have_digit = false;
    for (size_t i = 0; i < n; i++) {
        int d = cn_digit(cps[i]);
        unsigned u = cn_unit(cps[i]);
        if (d >= 0) {
            digit = (uint64_t)d;
            have_digit = d > 0;
        } else if (u == 10000) {
            total = (total + section + digit) * 10000u;
            section = digit = 0;
            have_digit = false;
        } else {
            if (!have_digit && u == 10)
                digit = 1;                  /* 十五: the 1 is implied */
            section += digit * u;
            digit = 0;
            have_digit = false;
        }
        if (total > UINT64_C(1000000000000000)) {
            /* absurdly long: keep the characters rather than overflow */
            for (size_t j = 0; j < n; j++)
                buf_cp(b, cps[j]);
            return;
        }
    }
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%llu", (unsigned long long)(total + section + digit));
    buf_put(b, tmp, strlen(tmp));
}

/* ------------------------------------------------------------------ */

static bool is_strippable(int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS: case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO: case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC: case UTF8PROC_CATEGORY_CF:
        return true;
    default:
        return false;
    }
}

/* Valid UTF-8 out of any bytes: bad sequences -> U+FFFD, NUL -> space. */
static void sanitize(struct buf *b, const char *in, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)in[i];
        if (c < 0x80) {
            char ch = c ? (char)c : ' ';
            buf_put(b, &ch, 1);
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)in + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0) {
            buf_cp(b, 0xFFFD);
            i++;
        } else {
            buf_put(b, in + i, (size_t)n);
            i += (size_t)n;
        }
    }
    buf_put(b, "", 0);  /* always a string, even when empty */
}

/* Steps 4 and 5 over valid UTF-8. */
static void numerals_strip(struct buf *b, const char *s, size_t len, unsigned flags)
{
    int32_t run[64];
    size_t nrun = 0;
    size_t i = 0;
    while (i <= len) {
        utf8proc_int32_t cp = -1;
        utf8proc_ssize_t n = 0;
        if (i < len) {
            n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                 (utf8proc_ssize_t)(len - i), &cp);
            if (n <= 0) {      /* cannot happen after sanitize; be safe */
                cp = 0xFFFD;
                n = 1;
            }
        }
        if (flags & KB_NORM_NUMERALS) {
            bool starts = cn_digit(cp) >= 0 || cp == 0x5341;
            bool continues = nrun > 0 && (cn_digit(cp) >= 0 || cn_unit(cp));
            if ((starts || continues) && nrun < sizeof run / sizeof run[0]) {
                run[nrun++] = cp;
                i += (size_t)n;
                continue;
            }
            if (nrun) {
                put_numeral(b, run, nrun);
                nrun = 0;
                if (starts) {       /* run was full: start a new one */
                    run[nrun++] = cp;
                    i += (size_t)n;
                    continue;
                }
            }
        }
        if (i == len)
            break;
        if (!((flags & KB_NORM_STRIP) && is_strippable(cp)))
            buf_cp(b, cp);
        i += (size_t)n;
    }
    buf_put(b, "", 0);
}

int kb_normalize(const char *in, size_t len, unsigned flags, char **out)
{
    struct buf a = {0}, c = {0};
    utf8proc_uint8_t *mapped = NULL;
    char *conv = NULL;
    int rc = KB_NOMEM;

    if (!out)
        return KB_INVALID;
    *out = NULL;
    if (!in && len)
        return KB_INVALID;

    sanitize(&a, in ? in : "", len);
    if (a.oom)
        goto out;
    const char *cur = a.p;
    size_t curlen = a.n;

    if (flags & (KB_NORM_NFKC | KB_NORM_CASEFOLD)) {
        int opt = UTF8PROC_STABLE;
        if (flags & KB_NORM_NFKC)
            opt |= UTF8PROC_COMPOSE | UTF8PROC_COMPAT;
        if (flags & KB_NORM_CASEFOLD)
            opt |= UTF8PROC_CASEFOLD;
        utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)cur,
                                          (utf8proc_ssize_t)curlen, &mapped,
                                          (utf8proc_option_t)opt);
        if (n < 0) {
            rc = n == UTF8PROC_ERROR_NOMEM ? KB_NOMEM : KB_INVALID;
            goto out;
        }
        cur = (const char *)mapped;
        curlen = (size_t)n;
    }

    if ((flags & KB_NORM_T2S) && curlen && !kb_textnorm_t2s_error()) {
        bool ascii = true;      /* pure ASCII cannot change: skip OpenCC */
        for (size_t i = 0; i < curlen && ascii; i++)
            ascii = (unsigned char)cur[i] < 0x80;
        if (!ascii && t2s_needed(cur, curlen)) {
            conv = opencc_convert_utf8(t2s_cc, cur, curlen);
            if (conv) {
                cur = conv;
                curlen = strlen(conv);
            }
        }
    }

    numerals_strip(&c, cur, curlen, flags);
    if (c.oom)
        goto out;
    *out = c.p;
    c.p = NULL;
    rc = KB_OK;
out:
    if (conv)
        opencc_convert_utf8_free(conv);
    free(mapped);
    free(a.p);
    free(c.p);
    return rc;
}
