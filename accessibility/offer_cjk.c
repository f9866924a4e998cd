/* offer_cjk.c -- the automatic offer for Chinese (complete.h,
 * a11y_complete_auto): an interpolated character n-gram over the corpus
 * that offers the continuation with the most characters expected to be
 * right, one character or a whole phrase.
 *
 * Every place in the corpus that follows the last one to four tokens typed
 * (characters or punctuation marks) is a witness. For a continuation s --
 * one to CJK_MAX characters of a witness, punctuation included -- and each
 * context length k, P_k(s) is the share of the places following the last
 * k tokens that go on with s; P(s) mixes them with weights CJK_LAMBDA^k,
 * each damped when its context has few places (n / (n + CJK_FEW), after
 * Witten-Bell: a context seen once is no proof), like an interpolated
 * n-gram over characters. The offer is the s with the most IME keys
 * expected to be saved: P(s) * (chars * CJK_KEYS - 1 for the Tab), where
 * each character after the first counts only n / (n + CJK_AGREE), n the
 * places that agree on the piece so far: one place that goes on with a
 * long phrase is weak evidence that an unseen reply will (undiscounted,
 * the engine offered four-character guesses and saved 16% of the IME keys
 * on the tuning set instead of 30%). So one place gives one character,
 * three agreeing places two, a phrase the library says a dozen times four
 * or five; the accept-word key takes four.
 *
 * A punctuation mark counts one key, not CJK_KEYS (it is typed with one):
 * a lone "，" saves nothing and is never offered (it was, as if it were a
 * character). And a piece that the longest context with CJK_TRUST places
 * or more never goes on with is not offered, however often a shorter
 * context does: after "请问" the library's "问题" made "题" the offer,
 * though no "请问" in it is ever followed by "题". Tuning set, pinyin keys
 * saved: 29.7% -> 30.8% (1 key per character 9.4% -> 9.3%); CJK_TRUST 2, 3
 * and 4 within 0.1.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "complete_int.h"

#define CJK_LAMBDA 2.0       /* weight of a context one token longer */
#define CJK_FEW 2.0          /* a context with n places counts n / (n + CJK_FEW) */
#define CJK_AGREE 3.0        /* a character n places agree on is right n / (n + CJK_AGREE) */
#define CJK_KEYS 3.6         /* IME keys per character: pinyin letters + 1, these sets' mean */
#define CJK_MIN_P 0.05
#define CJK_TRUST 3.0        /* places that make a context's "never" believable */
enum { CJK_MAX = 10, CJK_PLACES = 4096 };

struct place {
    const char *s;      /* the continuation */
    uint16_t ends[CJK_MAX];     /* bytes to the end of its 1st, 2nd, ... token */
    uint8_t nends;
    uint8_t k;          /* longest context it follows */
    float w;            /* 2 for the trainee's own answers */
    float n[CJK_MAX];   /* weight of the places that share its first 1, 2, ... tokens */
};

static bool same_piece(const struct place *x, const struct place *y, size_t l)
{
    return x->nends > l && y->nends > l && x->ends[l] == y->ends[l] &&
           memcmp(x->s, y->s, x->ends[l]) == 0;
}

static int place_cmp(const void *a, const void *b)
{
    const struct place *x = a, *y = b;
    size_t lx = x->nends ? x->ends[x->nends - 1] : 0, ly = y->nends ? y->ends[y->nends - 1] : 0;
    int r = memcmp(x->s, y->s, lx < ly ? lx : ly);
    return r ? r : (lx > ly) - (lx < ly);
}

/* The longest k (<= nctx) such that the place (t, i) follows the last k
 * context tokens. */
static int match_len(const a11y_complete_t *c, const struct ctext *t, size_t i, const int *ctx,
                     size_t nctx)
{
    int k = 0;
    while ((size_t)k < nctx && ctx_match(c, t, i, ctx, nctx, k + 1))
        k++;
    return k;
}

/* IME keys to type the token at s[0..len): a Chinese character costs
 * CJK_KEYS, a punctuation mark one key. */
static double token_keys(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t cp = 0;
    if (len >= 3 && (u[0] & 0xF0) == 0xE0)
        cp = (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
    else if (len >= 4 && (u[0] & 0xF8) == 0xF0)
        cp = 0x20000;   /* the supplementary ideograph planes */
    bool han = (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) || cp >= 0x20000;
    return han ? CJK_KEYS : 1.0;
}

/* Keep the max best pieces (by v) in out/outlen/val, best first. */
static size_t keep_best(const char **out, size_t *outlen, double *val, size_t n, size_t max,
                        const char *s, size_t len, double v)
{
    for (size_t i = 0; i < n; i++)
        if (outlen[i] == len && memcmp(out[i], s, len) == 0) {
            if (v <= val[i])
                return n;
            for (; i + 1 < n; i++) {    /* drop the old entry, then insert again */
                out[i] = out[i + 1];
                outlen[i] = outlen[i + 1];
                val[i] = val[i + 1];
            }
            n--;
            break;
        }
    if (n == max && v <= val[n - 1])
        return n;
    size_t j = n < max ? n++ : max - 1;
    for (; j > 0 && val[j - 1] < v; j--) {
        out[j] = out[j - 1];
        outlen[j] = outlen[j - 1];
        val[j] = val[j - 1];
    }
    out[j] = s;
    outlen[j] = len;
    val[j] = v;
    return n;
}

bool cjk_offer(const a11y_complete_t *c, const int *ctx, size_t nctx, const char **out,
               size_t *outlen)
{
    *out = NULL;
    *outlen = 0;
    return cjk_pieces(c, ctx, nctx, out, outlen, 1) == 1;
}

size_t cjk_pieces(const a11y_complete_t *c, const int *ctx, size_t nctx, const char **out,
                  size_t *outlen, size_t max)
{
    if (nctx == 0 || ctx[nctx - 1] < 0 || max == 0)
        return 0;
    double val[A11Y_COMPLETE_MAX];
    size_t nout = 0;
    if (max > A11Y_COMPLETE_MAX)
        max = A11Y_COMPLETE_MAX;
    struct place *pl = malloc(CJK_PLACES * sizeof *pl);
    if (!pl)
        return 0;
    size_t np = 0;
    double wk[MAX_CTX + 2] = {0};       /* the places' weight per context length */
    struct walk wk_ = {c, ctx[nctx - 1], 0};
    const struct ctext *t;
    size_t i;
    while (np < CJK_PLACES && walk_next(&wk_, &t, &i)) {
        if (t->t[i].cls == CTOK_WORD)
            continue;       /* Latin letters or digits come next: not ours */
        struct place *p = &pl[np];
        p->s = t->s + t->t[i].off;
        p->nends = 0;
        for (size_t j = i; j < t->n && p->nends < CJK_MAX && t->t[j].cls != CTOK_WORD; j++) {
            size_t end = t->t[j].off + t->t[j].len - t->t[i].off;
            if (end > UINT16_MAX || (j > i && t->t[j].off != t->t[j - 1].off + t->t[j - 1].len))
                break;      /* a space between: the piece stops there */
            p->ends[p->nends++] = (uint16_t)end;
            if (t->t[j].cls == CTOK_SENTENCE)
                break;
        }
        if (!p->nends)
            continue;
        p->k = (uint8_t)match_len(c, t, i, ctx, nctx);
        p->w = t->own ? 2.0f : 1.0f;
        for (int k = 1; k <= p->k; k++)
            wk[k] += p->w;
        np++;
    }
    qsort(pl, np, sizeof *pl, place_cmp);
    for (size_t l = 0; l < CJK_MAX; l++)    /* sorted: a piece's places are together */
        for (size_t a = 0, b; a < np; a = b) {
            float n = 0;
            for (b = a; b < np && same_piece(&pl[a], &pl[b], l); b++)
                n += pl[b].w;
            if (b == a)
                b++;
            for (size_t x = a; x < b; x++)
                pl[x].n[l] = n;
        }
    double lam[MAX_CTX + 2] = {0}, lsum = 0;
    for (size_t k = 1; k <= nctx; k++) {
        /* a context with few places says less than its length suggests */
        if (wk[k] > 0)
            lam[k] = pow(CJK_LAMBDA, (double)k) * wk[k] / (wk[k] + CJK_FEW);
        lsum += lam[k];
    }
    /* the longest context with enough places to trust: a piece it never
     * goes on with is not offered however often a shorter context does */
    size_t trust = 0;
    for (size_t k = 1; k <= nctx; k++)
        if (wk[k] >= CJK_TRUST)
            trust = k;
    for (size_t a = 0; a < np && lsum > 0; a++) {
        double sure = 1, keys = 0;
        for (size_t l = 0; l < pl[a].nends; l++) {
            size_t len = pl[a].ends[l];
            size_t from = l ? pl[a].ends[l - 1] : 0;
            keys += token_keys(pl[a].s + from, len - from);
            /* each character after the first is as sure as the number of
             * places that agree on it says: n / (n + CJK_FEW) */
            if (l > 0)
                sure *= pl[a].n[l] / (pl[a].n[l] + CJK_AGREE);
            /* the first place with this piece counts it */
            if (a > 0 && same_piece(&pl[a - 1], &pl[a], l))
                continue;
            double sup[MAX_CTX + 2] = {0};
            for (size_t b = a; b < np && pl[b].nends > l && pl[b].ends[l] == len &&
                               memcmp(pl[b].s, pl[a].s, len) == 0; b++)
                for (int k = 1; k <= pl[b].k; k++)
                    sup[k] += pl[b].w;
            if (trust && sup[trust] <= 0)
                break;      /* longer pieces of this place follow it no better */
            double p = 0;
            for (size_t k = 1; k <= nctx; k++)
                if (wk[k] > 0)
                    p += lam[k] * sup[k] / wk[k];
            p /= lsum;
            if (p < CJK_MIN_P)
                break;      /* longer pieces of this place are rarer still */
            double v = p * sure * (keys - 1);
            if (v > 0)
                nout = keep_best(out, outlen, val, nout, max, pl[a].s, len, v);
        }
    }
    free(pl);
    return nout;
}
