/* lm.c -- interpolated modified Kneser-Ney estimation and ARPA output.
 *
 * The method and its fall-backs are described in lm.h. Data are small (the
 * English text of one knowledge base: thousands of sentences), so every
 * order is one open-addressing hash table over word-id tuples with dense
 * per-entry arrays; the history statistics of order n live on the entries
 * of order n-1 (every history of a seen n-gram is itself a seen (n-1)-gram).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lm.h"

enum { BOS = 0, EOS = 1 };      /* word ids of <s> and </s> */

struct ngtab {
    int n;                      /* order of the tuples */
    size_t len, cap;            /* entries */
    int32_t *keys;              /* len * n word ids */
    uint32_t *raw, *adj;        /* raw and adjusted (KN) counts */
    double *prob;               /* interpolated p(w|h), linear */
    double *bow;                /* gamma(this entry as a history), linear */
    uint8_t *has_bow;
    /* statistics of this entry as the history of order n+1 */
    double *htot;
    uint32_t (*hn)[3];          /* N1, N2, N3+ */
    size_t *slots;              /* index + 1, 0 = empty */
    size_t nslots;
};

struct lm {
    int order;
    int estimated;
    char **words;               /* id -> word */
    size_t nwords, capwords;
    size_t *wslots;             /* word hash: id + 1 */
    size_t nwslots;
    struct ngtab tab[LM_MAX_ORDER + 1];   /* tab[1..order] */
    double disc[LM_MAX_ORDER + 1][3];
    int fallback[LM_MAX_ORDER + 1];
    double utot;                /* unigram total of adjusted counts */
    uint32_t un[3];             /* unigram N1, N2, N3+ */
    char errmsg[256];
};

static int lm_fail(lm_t *lm, int status, const char *fmt, const char *arg)
{
    if (lm)
        snprintf(lm->errmsg, sizeof lm->errmsg, fmt, arg ? arg : "");
    return status;
}

const char *lm_errmsg(const lm_t *lm)
{
    return lm && lm->errmsg[0] ? lm->errmsg : "no error";
}

/* ---- hashing ------------------------------------------------------------- */

static uint64_t hash_bytes(const void *p, size_t n)
{
    const unsigned char *b = p;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ull;
    return h;
}

static size_t word_find(const lm_t *lm, const char *w)
{
    if (!lm->nwslots)
        return SIZE_MAX;
    size_t mask = lm->nwslots - 1, i = hash_bytes(w, strlen(w)) & mask;
    while (lm->wslots[i]) {
        size_t id = lm->wslots[i] - 1;
        if (strcmp(lm->words[id], w) == 0)
            return id;
        i = (i + 1) & mask;
    }
    return SIZE_MAX;
}

static int word_rehash(lm_t *lm, size_t nslots)
{
    size_t *s = calloc(nslots, sizeof *s);
    if (!s)
        return LM_NOMEM;
    free(lm->wslots);
    lm->wslots = s;
    lm->nwslots = nslots;
    for (size_t id = 0; id < lm->nwords; id++) {
        const char *w = lm->words[id];
        size_t i = hash_bytes(w, strlen(w)) & (nslots - 1);
        while (s[i])
            i = (i + 1) & (nslots - 1);
        s[i] = id + 1;
    }
    return LM_OK;
}

/* Id of w, adding it if new; -1 out of memory. */
static int32_t word_id(lm_t *lm, const char *w)
{
    size_t id = word_find(lm, w);
    if (id != SIZE_MAX)
        return (int32_t)id;
    if (lm->nwords == lm->capwords) {
        size_t cap = lm->capwords ? lm->capwords * 2 : 256;
        char **nw = realloc(lm->words, cap * sizeof *nw);
        if (!nw)
            return -1;
        lm->words = nw;
        lm->capwords = cap;
    }
    char *copy = strdup(w);
    if (!copy)
        return -1;
    lm->words[lm->nwords++] = copy;
    if (lm->nwords * 2 > lm->nwslots)       /* rehashing inserts the new word too */
        return word_rehash(lm, lm->nwslots ? lm->nwslots * 2 : 1024) == LM_OK
                   ? (int32_t)(lm->nwords - 1) : -1;
    size_t i = hash_bytes(w, strlen(w)) & (lm->nwslots - 1);
    while (lm->wslots[i])
        i = (i + 1) & (lm->nwslots - 1);
    lm->wslots[i] = lm->nwords;
    return (int32_t)(lm->nwords - 1);
}

static size_t tab_find(const struct ngtab *t, const int32_t *key)
{
    if (!t->nslots)
        return SIZE_MAX;
    size_t mask = t->nslots - 1;
    size_t i = hash_bytes(key, (size_t)t->n * sizeof *key) & mask;
    while (t->slots[i]) {
        size_t e = t->slots[i] - 1;
        if (memcmp(t->keys + e * (size_t)t->n, key, (size_t)t->n * sizeof *key) == 0)
            return e;
        i = (i + 1) & mask;
    }
    return SIZE_MAX;
}

static int tab_grow(struct ngtab *t)
{
    size_t cap = t->cap ? t->cap * 2 : 256;
    int32_t *k = realloc(t->keys, cap * (size_t)t->n * sizeof *k);
    if (!k)
        return LM_NOMEM;
    t->keys = k;
    uint32_t *r = realloc(t->raw, cap * sizeof *r);
    if (!r)
        return LM_NOMEM;
    t->raw = r;
    t->cap = cap;
    size_t nslots = cap * 2;
    size_t *s = calloc(nslots, sizeof *s);
    if (!s)
        return LM_NOMEM;
    free(t->slots);
    t->slots = s;
    t->nslots = nslots;
    for (size_t e = 0; e < t->len; e++) {
        size_t i = hash_bytes(t->keys + e * (size_t)t->n, (size_t)t->n * sizeof(int32_t))
                   & (nslots - 1);
        while (s[i])
            i = (i + 1) & (nslots - 1);
        s[i] = e + 1;
    }
    return LM_OK;
}

static int tab_count(struct ngtab *t, const int32_t *key)
{
    size_t e = tab_find(t, key);
    if (e != SIZE_MAX) {
        t->raw[e]++;
        return LM_OK;
    }
    if (t->len == t->cap && tab_grow(t) != LM_OK)
        return LM_NOMEM;
    e = t->len++;
    memcpy(t->keys + e * (size_t)t->n, key, (size_t)t->n * sizeof *key);
    t->raw[e] = 1;
    size_t i = hash_bytes(key, (size_t)t->n * sizeof *key) & (t->nslots - 1);
    while (t->slots[i])
        i = (i + 1) & (t->nslots - 1);
    t->slots[i] = e + 1;
    return LM_OK;
}

/* ---- building ------------------------------------------------------------ */

int lm_new(lm_t **out, int order)
{
    lm_t *lm = calloc(1, sizeof *lm);
    *out = lm;
    if (!lm)
        return LM_NOMEM;
    if (order < 1 || order > LM_MAX_ORDER)
        return lm_fail(lm, LM_INVALID, "n-gram order must be 1 to 5%s", NULL);
    lm->order = order;
    for (int n = 1; n <= order; n++)
        lm->tab[n].n = n;
    if (word_id(lm, "<s>") != BOS || word_id(lm, "</s>") != EOS)
        return lm_fail(lm, LM_NOMEM, "out of memory%s", NULL);
    return LM_OK;
}

static void tab_free(struct ngtab *t)
{
    free(t->keys); free(t->raw); free(t->adj); free(t->prob); free(t->bow);
    free(t->has_bow); free(t->htot); free(t->hn); free(t->slots);
}

void lm_free(lm_t *lm)
{
    if (!lm)
        return;
    for (size_t i = 0; i < lm->nwords; i++)
        free(lm->words[i]);
    free(lm->words);
    free(lm->wslots);
    for (int n = 1; n <= lm->order; n++)
        tab_free(&lm->tab[n]);
    free(lm);
}

int lm_add_sentence(lm_t *lm, const char *const *words, size_t n)
{
    if (lm->estimated)
        return lm_fail(lm, LM_INVALID, "the model is already estimated%s", NULL);
    if (n == 0)
        return LM_OK;
    int32_t *ids = malloc((n + 2) * sizeof *ids);
    if (!ids)
        return lm_fail(lm, LM_NOMEM, "out of memory%s", NULL);
    int rc = LM_OK;
    ids[0] = BOS;
    for (size_t i = 0; i < n; i++) {
        if (!words[i][0] || strcmp(words[i], "<s>") == 0 || strcmp(words[i], "</s>") == 0) {
            rc = lm_fail(lm, LM_INVALID, "bad word '%s' in a sentence", words[i]);
            goto out;
        }
        ids[i + 1] = word_id(lm, words[i]);
        if (ids[i + 1] < 0) {
            rc = lm_fail(lm, LM_NOMEM, "out of memory%s", NULL);
            goto out;
        }
    }
    ids[n + 1] = EOS;
    /* every n-gram ending at position end; shorter ones only where the
     * sentence start cuts them (those begin with <s>) or at the lower orders */
    for (size_t end = 0; end < n + 2; end++)
        for (int k = 1; k <= lm->order && (size_t)k <= end + 1; k++) {
            if (tab_count(&lm->tab[k], ids + end + 1 - (size_t)k) != LM_OK) {
                rc = lm_fail(lm, LM_NOMEM, "out of memory%s", NULL);
                goto out;
            }
        }
out:
    free(ids);
    return rc;
}

/* ---- estimation ---------------------------------------------------------- */

static void set_discounts(lm_t *lm, int n, const uint32_t cc[5])
{
    double *d = lm->disc[n];
    double y = (cc[1] + 2.0 * cc[2]) > 0 ? cc[1] / (cc[1] + 2.0 * cc[2]) : -1;
    int ok = y > 0 && cc[1] && cc[2] && cc[3] && cc[4];
    if (ok) {
        d[0] = 1 - 2 * y * cc[2] / cc[1];
        d[1] = 2 - 3 * y * cc[3] / cc[2];
        d[2] = 3 - 4 * y * cc[4] / cc[3];
        for (int k = 0; k < 3; k++)
            if (!(d[k] > 0 && d[k] < k + 1))
                ok = 0;
    }
    lm->fallback[n] = !ok;
    if (!ok) {
        double one = (y > 0 && y < 1) ? y : 0.5;
        d[0] = d[1] = d[2] = one;
    }
}

static double disc_of(const lm_t *lm, int n, uint32_t c)
{
    return c == 0 ? 0 : lm->disc[n][c >= 3 ? 2 : c - 1];
}

static int alloc_stats(struct ngtab *t)
{
    size_t m = t->len ? t->len : 1;
    t->adj = calloc(m, sizeof *t->adj);
    t->prob = calloc(m, sizeof *t->prob);
    t->bow = calloc(m, sizeof *t->bow);
    t->has_bow = calloc(m, sizeof *t->has_bow);
    t->htot = calloc(m, sizeof *t->htot);
    t->hn = calloc(m, sizeof *t->hn);
    return t->adj && t->prob && t->bow && t->has_bow && t->htot && t->hn ? LM_OK : LM_NOMEM;
}

int lm_estimate(lm_t *lm)
{
    if (lm->estimated)
        return LM_OK;
    int N = lm->order;
    if (lm->tab[1].len <= 1)
        return lm_fail(lm, LM_INVALID, "no sentences to estimate a model from%s", NULL);
    for (int n = 1; n <= N; n++)
        if (alloc_stats(&lm->tab[n]) != LM_OK)
            return lm_fail(lm, LM_NOMEM, "out of memory%s", NULL);

    /* adjusted counts: raw at the top order and for n-grams opening with
     * <s>; elsewhere the number of distinct left extensions */
    for (int n = 1; n <= N; n++) {
        struct ngtab *t = &lm->tab[n];
        for (size_t e = 0; e < t->len; e++)
            t->adj[e] = (n == N || t->keys[e * (size_t)n] == BOS) ? t->raw[e] : 0;
        if (n == N)
            continue;
        struct ngtab *up = &lm->tab[n + 1];
        for (size_t e = 0; e < up->len; e++) {
            size_t s = tab_find(t, up->keys + e * (size_t)(n + 1) + 1);
            if (s != SIZE_MAX && t->keys[s * (size_t)n] != BOS)
                t->adj[s]++;
        }
    }

    /* discounts and history statistics, order by order */
    for (int n = 1; n <= N; n++) {
        struct ngtab *t = &lm->tab[n];
        uint32_t cc[5] = {0};
        for (size_t e = 0; e < t->len; e++) {
            if (n == 1 && t->keys[e] == BOS)
                continue;
            uint32_t c = t->adj[e];
            if (c >= 1 && c <= 4)
                cc[c]++;
            int b = c >= 3 ? 2 : (int)c - 1;
            if (n == 1) {
                lm->utot += c;
                if (b >= 0)
                    lm->un[b]++;
            } else {
                size_t h = tab_find(&lm->tab[n - 1], t->keys + e * (size_t)n);
                if (h == SIZE_MAX)
                    return lm_fail(lm, LM_ERROR, "internal error: missing history%s", NULL);
                lm->tab[n - 1].htot[h] += c;
                if (b >= 0)
                    lm->tab[n - 1].hn[h][b]++;
            }
        }
        set_discounts(lm, n, cc);
    }

    /* probabilities, lowest order first */
    double vocab = (double)(lm->tab[1].len - 1);    /* all but <s> */
    double *d1 = lm->disc[1];
    double g0 = (d1[0] * lm->un[0] + d1[1] * lm->un[1] + d1[2] * lm->un[2]) / lm->utot;
    struct ngtab *u = &lm->tab[1];
    for (size_t e = 0; e < u->len; e++) {
        if (u->keys[e] == BOS) {
            u->prob[e] = 0;
            continue;
        }
        double c = u->adj[e];
        u->prob[e] = fmax(c - disc_of(lm, 1, u->adj[e]), 0) / lm->utot + g0 / vocab;
    }
    for (int n = 2; n <= N; n++) {
        struct ngtab *t = &lm->tab[n], *lo = &lm->tab[n - 1];
        double *d = lm->disc[n];
        for (size_t e = 0; e < t->len; e++) {
            const int32_t *k = t->keys + e * (size_t)n;
            size_t h = tab_find(lo, k);
            size_t s = tab_find(lo, k + 1);
            if (h == SIZE_MAX || s == SIZE_MAX)
                return lm_fail(lm, LM_ERROR, "internal error: missing lower n-gram%s", NULL);
            double tot = lo->htot[h];
            double gamma = (d[0] * lo->hn[h][0] + d[1] * lo->hn[h][1]
                            + d[2] * lo->hn[h][2]) / tot;
            lo->bow[h] = gamma;
            lo->has_bow[h] = 1;
            t->prob[e] = fmax(t->adj[e] - disc_of(lm, n, t->adj[e]), 0) / tot
                         + gamma * lo->prob[s];
        }
    }
    lm->estimated = 1;
    return LM_OK;
}

int lm_discounts(const lm_t *lm, int order, double d[3])
{
    if (!lm->estimated || order < 1 || order > lm->order)
        return -1;
    memcpy(d, lm->disc[order], 3 * sizeof *d);
    return lm->fallback[order];
}

size_t lm_vocab_size(const lm_t *lm) { return lm->nwords - 2; }
const char *lm_vocab_word(const lm_t *lm, size_t i) { return lm->words[i + 2]; }

size_t lm_ngram_count(const lm_t *lm, int order)
{
    return order >= 1 && order <= lm->order ? lm->tab[order].len : 0;
}

/* ---- queries and output -------------------------------------------------- */

static double lg(double p) { return p > 0 ? log10(p) : -99; }

double lm_log10prob(const lm_t *lm, const char *const *history, size_t nh,
                    const char *word)
{
    if (!lm->estimated)
        return -99;
    int32_t key[LM_MAX_ORDER];
    size_t m = nh < (size_t)lm->order - 1 ? nh : (size_t)lm->order - 1;
    for (size_t i = 0; i < m; i++) {
        size_t id = word_find(lm, history[nh - m + i]);
        if (id == SIZE_MAX)
            return lm_log10prob(lm, history + nh - m + i + 1, m - i - 1, word);
        key[i] = (int32_t)id;
    }
    size_t w = word_find(lm, word);
    if (w == SIZE_MAX || w == BOS)
        return -99;
    key[m] = (int32_t)w;
    double bo = 0;
    for (size_t start = 0; start <= m; start++) {
        const struct ngtab *t = &lm->tab[m - start + 1];
        size_t e = tab_find(t, key + start);
        if (e != SIZE_MAX)
            return bo + lg(t->prob[e]);
        if (start < m) {
            const struct ngtab *ht = &lm->tab[m - start];
            size_t h = tab_find(ht, key + start);
            if (h != SIZE_MAX && ht->has_bow[h])
                bo += lg(ht->bow[h]);
        }
    }
    return -99;
}

int lm_write_arpa(lm_t *lm, FILE *fp)
{
    if (!lm->estimated) {
        int rc = lm_estimate(lm);
        if (rc != LM_OK)
            return rc;
    }
    fprintf(fp, "\\data\\\n");
    for (int n = 1; n <= lm->order; n++)
        fprintf(fp, "ngram %d=%zu\n", n, lm->tab[n].len);
    for (int n = 1; n <= lm->order; n++) {
        const struct ngtab *t = &lm->tab[n];
        fprintf(fp, "\n\\%d-grams:\n", n);
        for (size_t e = 0; e < t->len; e++) {
            const int32_t *k = t->keys + e * (size_t)n;
            fprintf(fp, "%.6f", (n == 1 && k[0] == BOS) ? -99.0 : lg(t->prob[e]));
            for (int i = 0; i < n; i++)
                fprintf(fp, "%c%s", i ? ' ' : '\t', lm->words[k[i]]);
            if (n < lm->order && t->has_bow[e])
                fprintf(fp, "\t%.6f", lg(t->bow[e]));
            fputc('\n', fp);
        }
    }
    fprintf(fp, "\n\\end\\\n");
    return ferror(fp) ? lm_fail(lm, LM_IO, "cannot write the ARPA model%s", NULL) : LM_OK;
}

int lm_write_arpa_file(lm_t *lm, const char *path)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return lm_fail(lm, LM_IO, "cannot write %s", path);
    int rc = lm_write_arpa(lm, fp);
    if (fclose(fp) != 0 && rc == LM_OK)
        rc = lm_fail(lm, LM_IO, "cannot write %s", path);
    return rc;
}
