/* complete_gen.c -- the general-language word model of phrase completion
 * (complete.h, a11y_complete_set_lm).
 *
 * The knowledge base knows a few thousand words and how its own answers go
 * on; a trainee's reply also uses ordinary words it never wrote ("Friday",
 * "neighbour") and ordinary sequences ("as soon as"). The caller hands in a
 * general n-gram model as two callbacks (accessibility/ never reads model
 * files itself: assistant/complete_lm.c feeds the PocketSphinx en-us model).
 * Its vocabulary is copied here, sorted, with each word's unigram
 * probability, so that the words starting with the letters typed are a
 * binary search away; only the likeliest of them (by unigram) are scored in
 * context, which keeps every key's offer to a few hundred look-ups.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "complete_int.h"

enum { GEN_SCORE_PREFIX = 120, GEN_SCORE_NEXT = 400 };

struct gword {
    char *w;
    float lp;           /* log10 unigram probability */
};

struct cgen {
    struct a11y_complete_lm lm;
    struct gword *v;    /* sorted by w */
    size_t n;
    uint32_t *top;      /* indices into v, likeliest first (for no prefix) */
    size_t ntop;
};

static bool gen_word_ok(const char *w)
{
    size_t n = strlen(w);
    if (n == 0 || n > 40 || w[0] == '\'')
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((w[i] >= 'a' && w[i] <= 'z') || w[i] == '\''))
            return false;
    return true;
}

static int gword_cmp(const void *a, const void *b)
{
    return strcmp(((const struct gword *)a)->w, ((const struct gword *)b)->w);
}

static const struct gword *top_base;
static int top_cmp(const void *a, const void *b)
{
    float x = top_base[*(const uint32_t *)a].lp, y = top_base[*(const uint32_t *)b].lp;
    return x < y ? 1 : x > y ? -1 : 0;
}

void cgen_free(struct cgen *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->n; i++)
        free(g->v[i].w);
    free(g->v);
    free(g->top);
    if (g->lm.release)
        g->lm.release(g->lm.arg);
    free(g);
}

int a11y_complete_set_lm(a11y_complete_t *c, const struct a11y_complete_lm *lm)
{
    if (!c || !lm || !lm->word || !lm->logprob) {
        if (lm && lm->release)
            lm->release(lm->arg);
        return -1;
    }
    struct cgen *g = calloc(1, sizeof *g);
    if (!g)
        goto oom;
    g->lm = *lm;
    g->v = malloc((lm->nwords ? lm->nwords : 1) * sizeof *g->v);
    if (!g->v)
        goto oom;
    for (size_t i = 0; i < lm->nwords; i++) {
        const char *w = lm->word(lm->arg, i);
        if (!w || !gen_word_ok(w))
            continue;
        double p = lm->logprob(lm->arg, NULL, 0, w);
        g->v[g->n].w = strdup(w);
        if (!g->v[g->n].w)
            goto oom;
        g->v[g->n++].lp = (float)p;
    }
    qsort(g->v, g->n, sizeof *g->v, gword_cmp);
    g->ntop = g->n < GEN_SCORE_NEXT ? g->n : GEN_SCORE_NEXT;
    uint32_t *all = malloc((g->n ? g->n : 1) * sizeof *all);
    if (!all)
        goto oom;
    for (size_t i = 0; i < g->n; i++)
        all[i] = (uint32_t)i;
    top_base = g->v;    /* qsort has no context argument; set up once here */
    qsort(all, g->n, sizeof *all, top_cmp);
    g->top = all;
    cgen_free(c->gen);
    c->gen = g;
    return 0;
oom:
    if (g) {
        g->lm.release = NULL;   /* released below, once */
        cgen_free(g);
    }
    if (lm->release)
        lm->release(lm->arg);
    return -1;
}

bool a11y_complete_has_lm(const a11y_complete_t *c) { return c && c->gen; }

/* The general model's history for typed: its last two words, lower-cased,
 * "<s>" after the start or the end of a sentence; commas and other marks
 * the model never saw are passed over. Returns how many (0..2), or -1 when
 * the text ends in something the model cannot follow (Chinese). */
int cgen_history(const char *typed, size_t len, char hist[2][64])
{
    struct ctok tok[MAX_TYPED_TOKENS];
    size_t n = ctok_split(typed, len, tok, MAX_TYPED_TOKENS);
    if (n > MAX_TYPED_TOKENS)
        n = MAX_TYPED_TOKENS;
    char got[2][64];
    int m = 0;
    for (size_t i = n; i-- > 0 && m < 2;) {
        if (tok[i].cls == CTOK_CJK)
            return m == 0 ? -1 : m;
        if (tok[i].cls == CTOK_PUNCT)
            continue;
        if (tok[i].cls == CTOK_SENTENCE) {
            strcpy(got[m++], "<s>");
            break;
        }
        size_t l = tok[i].len < 63 ? tok[i].len : 63;
        for (size_t j = 0; j < l; j++) {
            char ch = typed[tok[i].off + j];
            got[m][j] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
        }
        got[m++][l] = '\0';
        if (i == 0 && m < 2)
            strcpy(got[m++], "<s>");
    }
    if (n == 0)
        strcpy(got[m++], "<s>");
    for (int i = 0; i < m; i++)     /* oldest first */
        strcpy(hist[i], got[m - 1 - i]);
    return m;
}

/* The likeliest words that start with prefix after hist, best first: each
 * word's probability in context, normalised over the words scored (so it
 * reads as "the share of the prefix's words"). At most max; returns how
 * many. The strings are the model's (borrowed while c lives). */
size_t cgen_candidates(const a11y_complete_t *c, char hist[2][64], int nhist,
                       const char *prefix, size_t plen, struct gcand *out, size_t max)
{
    const struct cgen *g = c->gen;
    if (!g || g->n == 0 || max == 0 || nhist < 0)
        return 0;
    /* the likeliest words with the prefix, by unigram */
    size_t lim = plen ? GEN_SCORE_PREFIX : GEN_SCORE_NEXT;
    uint32_t *pick = malloc(lim * sizeof *pick);
    if (!pick)
        return 0;
    size_t np = 0;
    if (plen == 0) {
        for (size_t i = 0; i < g->ntop && np < lim; i++)
            pick[np++] = g->top[i];
    } else {
        size_t lo = 0, hi = g->n;
        while (lo < hi) {       /* first word >= prefix */
            size_t mid = (lo + hi) / 2;
            if (strncmp(g->v[mid].w, prefix, plen) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t i = lo; i < g->n && strncmp(g->v[i].w, prefix, plen) == 0; i++) {
            if (np < lim) {
                pick[np++] = (uint32_t)i;
                continue;
            }
            size_t worst = 0;   /* keep the lim likeliest */
            for (size_t j = 1; j < np; j++)
                if (g->v[pick[j]].lp < g->v[pick[worst]].lp)
                    worst = j;
            if (g->v[i].lp > g->v[pick[worst]].lp)
                pick[worst] = (uint32_t)i;
        }
    }
    const char *h[2] = {hist[0], hist[1]};
    double total = 0;
    size_t n = 0;
    for (size_t i = 0; i < np; i++) {
        const char *w = g->v[pick[i]].w;
        double p = pow(10.0, g->lm.logprob(g->lm.arg, h, (size_t)nhist, w));
        total += p;
        if (n < max) {
            out[n++] = (struct gcand){w, p};
        } else if (p > out[n - 1].p) {
            out[n - 1] = (struct gcand){w, p};
        } else {
            continue;
        }
        for (size_t j = n - 1; j > 0 && out[j].p > out[j - 1].p; j--) {
            struct gcand t = out[j];
            out[j] = out[j - 1];
            out[j - 1] = t;
        }
    }
    free(pick);
    /* with letters typed, the share of the words with them; with none the
     * model's probability already is the share of all words */
    for (size_t i = 0; plen && i < n && total > 0; i++)
        out[i].p /= total;
    return n;
}
