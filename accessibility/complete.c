/* complete.c -- the phrase-completion engine and snippets (complete.h).
 *
 * The corpus is a list of texts, each cut into tokens: words (ASCII letters
 * lower-cased for matching), single CJK characters, and single punctuation
 * marks; whitespace only separates. Every token is interned to an id, and
 * each id keeps the list of places it occurs, so that "what follows these
 * k tokens" is a walk over the occurrences of the last one. Offers are
 * slices of the original texts (so case, spacing and punctuation come out
 * as the knowledge base wrote them), ranked by the longest context they
 * follow, then by a count weighted by context length (and doubled for the
 * trainee's own answers), then by length.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "complete.h"
#include "complete_int.h"

/* ---- tokens ------------------------------------------------------------- */

static bool is_cjk(int32_t cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FFFF);
}

static bool is_space(int32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000 ||
           utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

static bool is_wordch(int32_t cp)
{
    if (cp == '\'' || cp == 0x2019)
        return true;
    utf8proc_category_t k = utf8proc_category(cp);
    return (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO) ||
           (k >= UTF8PROC_CATEGORY_ND && k <= UTF8PROC_CATEGORY_NO) ||
           (k >= UTF8PROC_CATEGORY_MN && k <= UTF8PROC_CATEGORY_ME);
}

static int punct_class(int32_t cp)
{
    static const int32_t sentence[] = {'.', '!', '?', 0x3002, 0xFF01, 0xFF1F, 0x2026};
    for (size_t i = 0; i < sizeof sentence / sizeof sentence[0]; i++)
        if (cp == sentence[i])
            return CTOK_SENTENCE;
    return CTOK_PUNCT;
}

size_t ctok_split(const char *s, size_t len, struct ctok *out, size_t max)
{
    size_t n = 0, i = 0;
    struct ctok cur = {0};
    bool in_word = false;
    while (i < len) {
        int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0) {           /* invalid byte: treat as a separator */
            k = 1;
            cp = ' ';
        }
        bool word = !is_cjk(cp) && is_wordch(cp);
        if (in_word && !word) {
            if (out && n < max)
                out[n] = cur;
            n++;
            in_word = false;
        }
        if (word) {
            if (!in_word) {
                cur.off = (uint32_t)i;
                cur.len = 0;
                cur.cls = CTOK_WORD;
                in_word = true;
            }
            cur.len += (uint32_t)k;
        } else if (!is_space(cp)) {
            struct ctok t = {(uint32_t)i, (uint32_t)k, 0,
                             (uint8_t)(is_cjk(cp) ? CTOK_CJK : punct_class(cp))};
            if (out && n < max)
                out[n] = t;
            n++;
        }
        i += (size_t)k;
    }
    if (in_word) {
        if (out && n < max)
            out[n] = cur;
        n++;
    }
    return n;
}

/* The matching form of a token: ASCII lower-cased (same byte length). */
static void norm(const char *s, const struct ctok *t, char *buf, size_t buflen)
{
    size_t n = t->len < buflen - 1 ? t->len : buflen - 1;
    for (size_t i = 0; i < n; i++) {
        char ch = s[t->off + i];
        buf[i] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
    }
    buf[n] = '\0';
}

/* ---- interning ---------------------------------------------------------- */

static uint32_t fnv(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

int cmp_find(const a11y_complete_t *c, const char *name)
{
    if (!c->hcap)
        return -1;
    for (size_t h = fnv(name) & (c->hcap - 1);; h = (h + 1) & (c->hcap - 1)) {
        int id = c->hash[h];
        if (id < 0)
            return -1;
        if (strcmp(c->ids[id].name, name) == 0)
            return id;
    }
}

static int rehash(a11y_complete_t *c, size_t cap)
{
    int *h = malloc(cap * sizeof *h);
    if (!h)
        return -1;
    for (size_t i = 0; i < cap; i++)
        h[i] = -1;
    for (size_t id = 0; id < c->nids; id++) {
        size_t k = fnv(c->ids[id].name) & (cap - 1);
        while (h[k] >= 0)
            k = (k + 1) & (cap - 1);
        h[k] = (int)id;
    }
    free(c->hash);
    c->hash = h;
    c->hcap = cap;
    return 0;
}

static int intern(a11y_complete_t *c, const char *name, uint8_t cls)
{
    int id = cmp_find(c, name);
    if (id >= 0)
        return id;
    if ((c->nids + 1) * 2 > c->hcap && rehash(c, c->hcap ? c->hcap * 2 : 1024) != 0)
        return -1;
    if (c->nids == c->idcap) {
        size_t cap = c->idcap ? c->idcap * 2 : 512;
        struct cid *n = realloc(c->ids, cap * sizeof *n);
        if (!n)
            return -1;
        c->ids = n;
        c->idcap = cap;
    }
    struct cid *e = &c->ids[c->nids];
    memset(e, 0, sizeof *e);
    e->name = strdup(name);
    if (!e->name)
        return -1;
    e->cls = cls;
    size_t k = fnv(name) & (c->hcap - 1);
    while (c->hash[k] >= 0)
        k = (k + 1) & (c->hcap - 1);
    c->hash[k] = (int)c->nids;
    return (int)c->nids++;
}

static int add_occ(struct cid *e, uint32_t text, uint32_t tok)
{
    if (e->nocc == e->occcap) {
        size_t cap = e->occcap ? e->occcap * 2 : 4;
        struct cocc *n = realloc(e->occ, cap * sizeof *n);
        if (!n)
            return -1;
        e->occ = n;
        e->occcap = cap;
    }
    e->occ[e->nocc++] = (struct cocc){text, tok};
    return 0;
}

/* ---- the corpus --------------------------------------------------------- */

a11y_complete_t *a11y_complete_new(void)
{
    return calloc(1, sizeof(a11y_complete_t));
}

void a11y_complete_free(a11y_complete_t *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->ntexts; i++) {
        free(c->texts[i].s);
        free(c->texts[i].t);
    }
    free(c->texts);
    for (size_t i = 0; i < c->nids; i++) {
        free(c->ids[i].name);
        free(c->ids[i].occ);
    }
    free(c->ids);
    free(c->hash);
    for (size_t i = 0; i < c->nsnip; i++) {
        free(c->snip[i].abbrev);
        free(c->snip[i].text);
    }
    free(c->snip);
    cgen_free(c->gen);
    free(c);
}

int a11y_complete_add(a11y_complete_t *c, const char *utf8, bool own)
{
    if (!c || !utf8)
        return -1;
    size_t len = strlen(utf8);
    size_t n = ctok_split(utf8, len, NULL, 0);
    if (n == 0)
        return 0;
    if (c->ntexts == c->textcap) {
        size_t cap = c->textcap ? c->textcap * 2 : 64;
        struct ctext *t = realloc(c->texts, cap * sizeof *t);
        if (!t)
            return -1;
        c->texts = t;
        c->textcap = cap;
    }
    struct ctext *t = &c->texts[c->ntexts];
    t->s = strdup(utf8);
    t->t = malloc(n * sizeof *t->t);
    t->n = n;
    t->own = own;
    t->hidden = false;
    if (!t->s || !t->t) {
        free(t->s);
        free(t->t);
        return -1;
    }
    ctok_split(utf8, len, t->t, n);
    for (size_t i = 0; i < n; i++) {
        char buf[256];
        norm(t->s, &t->t[i], buf, sizeof buf);
        int id = intern(c, buf, t->t[i].cls);
        if (id < 0 || add_occ(&c->ids[id], (uint32_t)c->ntexts, (uint32_t)i) != 0)
            return -1;  /* the text stays half-indexed; harmless for offers */
        t->t[i].id = id;
        c->ids[id].freq++;
    }
    c->ntexts++;
    return 0;
}

size_t a11y_complete_texts(const a11y_complete_t *c) { return c ? c->ntexts : 0; }

size_t a11y_complete_hide(a11y_complete_t *c, const char *utf8)
{
    size_t n = 0;
    for (size_t i = 0; c && i < c->ntexts; i++) {
        c->texts[i].hidden = utf8 && strcmp(c->texts[i].s, utf8) == 0;
        n += c->texts[i].hidden;
    }
    return n;
}

/* ---- snippets ----------------------------------------------------------- */

int a11y_complete_snippet(a11y_complete_t *c, const char *abbrev, const char *text,
                          char *err, size_t errlen)
{
    size_t n = abbrev ? strlen(abbrev) : 0;
    bool ok = n >= 2 && n <= 16 && abbrev[0] == '/';
    for (size_t i = 1; ok && i < n; i++) {
        char ch = abbrev[i];
        ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
             (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
    }
    if (!ok) {
        snprintf(err, errlen, "snippet name '%s' must be '/' and 1 to 15 letters or digits, like /qj",
                 abbrev ? abbrev : "");
        return -1;
    }
    if (!text || !*text) {
        snprintf(err, errlen, "snippet '%s' has no text", abbrev);
        return -1;
    }
    for (size_t i = 0; i < c->nsnip; i++)
        if (strcmp(c->snip[i].abbrev, abbrev) == 0) {
            char *t = strdup(text);
            if (!t)
                goto oom;
            free(c->snip[i].text);
            c->snip[i].text = t;
            return 0;
        }
    struct csnip *s = realloc(c->snip, (c->nsnip + 1) * sizeof *s);
    if (!s)
        goto oom;
    c->snip = s;
    s[c->nsnip].abbrev = strdup(abbrev);
    s[c->nsnip].text = strdup(text);
    if (!s[c->nsnip].abbrev || !s[c->nsnip].text) {
        free(s[c->nsnip].abbrev);
        free(s[c->nsnip].text);
        goto oom;
    }
    c->nsnip++;
    return 0;
oom:
    snprintf(err, errlen, "out of memory");
    return -1;
}

const char *a11y_complete_snippet_get(const a11y_complete_t *c, const char *abbrev)
{
    for (size_t i = 0; c && abbrev && i < c->nsnip; i++)
        if (strcmp(c->snip[i].abbrev, abbrev) == 0)
            return c->snip[i].text;
    return NULL;
}

bool a11y_complete_snippet_at(const a11y_complete_t *c, size_t i, const char **abbrev,
                              const char **text)
{
    if (!c || i >= c->nsnip)
        return false;
    *abbrev = c->snip[i].abbrev;
    *text = c->snip[i].text;
    return true;
}

void a11y_completion_clear(struct a11y_completion *x)
{
    if (x) {
        free(x->insert);
        memset(x, 0, sizeof *x);
    }
}
