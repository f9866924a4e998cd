/* offer_auto.c -- the automatic offer: one continuation shown without
 * asking when the corpus is confident (complete.h, a11y_complete_auto), and
 * how much of it the accept-word key takes.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "complete_int.h"

struct cont {
    const char *s;      /* continuation, to the end of its sentence */
    size_t len;
    size_t phrase;      /* bytes to the end of its first phrase */
    double w;
};

/* The byte lengths of the token ends in a continuation of t from token i. */
static size_t sentence_from(const struct ctext *t, size_t i, size_t from, size_t *phrase)
{
    size_t j = i, ph = 0;
    for (; j < t->n && j < i + SENTENCE_TOKENS; j++) {
        size_t end = t->t[j].off + t->t[j].len;
        if (!ph && (t->t[j].cls == CTOK_PUNCT || t->t[j].cls == CTOK_SENTENCE))
            ph = end - from;
        if (t->t[j].cls == CTOK_SENTENCE) {
            j++;
            break;
        }
    }
    size_t end = t->t[j - 1].off + t->t[j - 1].len;
    *phrase = ph ? ph : end - from;
    return end - from;
}

/* Is byte n of s the end of a token (so an offer never stops mid-word)? */
static bool token_end(const char *s, size_t len, size_t n)
{
    if (n == 0 || n > len)
        return false;
    if (n == len)
        return true;
    unsigned char a = (unsigned char)s[n - 1], b = (unsigned char)s[n];
    bool aw = (a >= 'a' && a <= 'z') || (a >= 'A' && a <= 'Z') || (a >= '0' && a <= '9') || a == '\'';
    bool bw = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '\'';
    return (b & 0xC0) != 0x80 && !(aw && bw) && b != ' ';
}

/* Consensus continuation of the places (t, i, from) in conts: the
 * token-aligned prefix with the most characters expected to be right --
 * its share of the places' weight (smoothed: one unseen place more) times
 * its length in characters, each token after the first counted only
 * sup / (sup + CONS_AGREE), sup the weight of the places that still agree
 * there: what one place says about the words after the next is weak
 * evidence about an unseen reply, what many agree on is good evidence (the
 * same rule as Chinese, offer_cjk.c; it replaced length^0.7, which trusted
 * one place's long phrase as much as ten places': tuning set 43.8% ->
 * 45.8%). Past the first phrase only when two or more places agree; at
 * least half the weight must agree. Length in bytes, 0 if none. */
#define CONS_SMOOTH 1.0
#define CONS_AGREE 1.0
#define NEXT_WORD_SHARE 1000
#ifndef CONS_MIN_SHARE
#define CONS_MIN_SHARE 2.0
#endif
static size_t consensus(const struct cont *conts, size_t m, double total, const char **out)
{
    size_t best = 0;
    double best_score = 0;
    unsigned char alive[MAX_CAND];
    *out = NULL;
    for (size_t a = 0; a < m; a++) {
        /* a continuation that an earlier one equals gives the same answer */
        bool dup = false;
        for (size_t b = 0; b < a && !dup; b++)
            dup = conts[b].len == conts[a].len && memcmp(conts[b].s, conts[a].s, conts[a].len) == 0;
        if (dup)
            continue;
        for (size_t b = 0; b < m; b++)
            alive[b] = 1;
        size_t prev = 0, chars = 0, toks = 0;
        double sure = 1;
        for (size_t n = 1; n <= conts[a].len; n++) {
            chars += ((unsigned char)conts[a].s[n - 1] & 0xC0) != 0x80;
            if (!token_end(conts[a].s, conts[a].len, n))
                continue;
            double sup = 0;
            size_t cnt = 0;
            for (size_t b = 0; b < m; b++) {
                if (alive[b] && (conts[b].len < n ||
                                 memcmp(conts[b].s + prev, conts[a].s + prev, n - prev) != 0))
                    alive[b] = 0;
                if (alive[b]) {
                    sup += conts[b].w;
                    cnt++;
                }
            }
            prev = n;
            if (sup * CONS_MIN_SHARE < total || (n > conts[a].phrase && cnt < 2))
                break;
            if (toks++ > 0)
                sure *= sup / (sup + CONS_AGREE);
            double score = sup / (total + CONS_SMOOTH) * sure * (double)chars;
            if (score > best_score) {
                best_score = score;
                best = n;
                *out = conts[a].s;
            }
        }
    }
    return best;
}

static void cont_add(struct cont *conts, size_t *m, double *total, const struct ctext *t,
                     size_t i, size_t from)
{
    if (*m >= MAX_CAND || t->hidden)
        return;
    size_t phrase, len = sentence_from(t, i, from, &phrase);
    const char *brace = memchr(t->s + from, '{', len);
    if (brace) {        /* a {placeholder}: offer only what comes before */
        len = (size_t)(brace - (t->s + from));
        if (phrase > len)
            phrase = len;
    }
    if (len == 0)
        return;
    double w = t->own ? 2.0 : 1.0;
    conts[(*m)++] = (struct cont){t->s + from, len, phrase, w};
    *total += w;
}

/* The most likely word starting with prefix after the context: the
 * contexts of 3, 2, 1 and (with a prefix) 0 tokens each vote with the
 * share of their places that continue with the word, weighted by
 * BW_WEIGHT^k (interpolated back-off: a long context the corpus knows
 * counts most, but one odd place in it does not outvote the rest); the
 * general-language model, when there is one, votes with GEN_WEIGHT times
 * its trigram probability of the word in context (of the words with the
 * letters typed), so that ordinary words the corpus never used are
 * offered, and the corpus still decides where it knows the context well
 * (its weights reach 1 + 4 + 16 + 64). Tuning set: 46.2% with the general
 * model only where the corpus has no word for the letters, 47.7% with
 * GEN_WEIGHT 2 everywhere, 47.4% with 1 or 4, 45.4% with 16.
 * word_votes() gives every candidate's votes (complete_int.h; the list
 * of offers ranks them too); best_word() below the winner. */
#define BW_WEIGHT 4.0
#define GEN_WEIGHT 2.0
enum { GEN_CANDS = 24 };

static size_t bw_slot(struct wvote *v, size_t *n, int id, const char *name)
{
    for (size_t m = 0; m < *n; m++)
        if (id >= 0 ? v[m].id == id : strcmp(v[m].name, name) == 0)
            return m;
    if (*n == WV_MAX)
        return WV_MAX;
    v[*n] = (struct wvote){id, name, 0, 0};
    return (*n)++;
}

size_t word_votes(const a11y_complete_t *c, const char *typed, const int *ctx, size_t nctx,
                  const char *prefix, size_t plen, struct wvote *v, double *wsum_out)
{
    size_t nv = 0;
    double wsum = 0;
    for (int k = nctx < 3 ? (int)nctx : 3; k >= (plen ? 0 : 1); k--) {
        if (k > 0 && ctx[nctx - 1] == CTX_UNKNOWN)
            continue;
        int kid[WV_MAX];
        double kcnt[WV_MAX], all = 0;
        size_t kn = 0;
        if (k == 0) {
            for (size_t id = 0; id < c->nids && kn < WV_MAX; id++) {
                const struct cid *e = &c->ids[id];
                if (e->cls == CTOK_WORD && strlen(e->name) >= plen &&
                    strncmp(e->name, prefix, plen) == 0) {
                    kid[kn] = (int)id;
                    kcnt[kn++] = (double)e->freq;
                    all += (double)e->freq;
                }
            }
        } else {
            struct walk wk = {c, ctx[nctx - 1], 0};
            const struct ctext *t;
            size_t i;
            while (walk_next(&wk, &t, &i)) {
                if (!ctx_match(c, t, i, ctx, nctx, k))
                    continue;
                const struct ctok *tk = &t->t[i];
                if (tk->cls != CTOK_WORD ||
                    (plen && strncmp(c->ids[tk->id].name, prefix, plen) != 0))
                    continue;
                size_t j = 0;
                while (j < kn && kid[j] != tk->id)
                    j++;
                if (j == kn) {
                    if (kn == WV_MAX)
                        continue;
                    kid[kn] = tk->id;
                    kcnt[kn++] = 0;
                }
                double w = t->own ? 2 : 1;
                kcnt[j] += w;
                all += w;
            }
        }
        if (all <= 0)
            continue;
        double wk = pow(BW_WEIGHT, k);
        wsum += wk;
        for (size_t j = 0; j < kn; j++) {
            size_t m = bw_slot(v, &nv, kid[j], c->ids[kid[j]].name);
            if (m < WV_MAX)
                v[m].score += wk * kcnt[j] / all;
        }
    }
    char hist[2][64];
    int nh = c->gen ? cgen_history(typed, strlen(typed) - plen, hist) : -1;
    if (nh >= 0) {
        struct gcand g[GEN_CANDS];
        size_t ng = cgen_candidates(c, hist, nh, prefix, plen, g, GEN_CANDS);
        if (ng)
            wsum += GEN_WEIGHT;
        for (size_t j = 0; j < ng; j++) {
            int id = cmp_find(c, g[j].w);
            size_t m = bw_slot(v, &nv, id, g[j].w);
            if (m < WV_MAX)
                v[m].score += GEN_WEIGHT * g[j].p;
        }
    }
    /* ranked by the keys each would save when right: its letters still to
     * type and the space after it (a word typed whole saves the space and
     * what the offer after it brings; counted as the space). Tuning set:
     * 47.7% -> 48.1% against ranking by probability alone. */
    for (size_t m = 0; m < nv; m++)
        v[m].value = v[m].score * ((double)(strlen(v[m].name) - plen) + 1);
    *wsum_out = wsum;
    return nv;
}

/* The winner (by votes times keys saved): its id in the corpus (-1 if
 * only the general model knows it) and its name; *share: its share of the
 * votes. false: none. */
static bool best_word(const a11y_complete_t *c, const char *typed, const int *ctx, size_t nctx,
                      const char *prefix, size_t plen, int *best_id, const char **best_name,
                      double *share)
{
    struct wvote *v = malloc(WV_MAX * sizeof *v);
    if (!v)
        return false;
    double wsum = 0;
    *share = 1.0;
    size_t nv = word_votes(c, typed, ctx, nctx, prefix, plen, v, &wsum);
    size_t best = nv;
    for (size_t m = 0; m < nv; m++) {
        if (best == nv || v[m].value > v[best].value ||
            (v[m].value == v[best].value && v[m].id >= 0 &&
             (v[best].id < 0 || c->ids[v[m].id].freq > c->ids[v[best].id].freq)))
            best = m;
    }
    bool found = best < nv;
    if (found) {
        *best_id = v[best].id;
        *best_name = v[best].name;
        if (wsum > 0)
            *share = v[best].score / wsum;
    }
    free(v);
    return found;
}

/* The first word of an offer that starts a word takes the case the place
 * in the answer needs, not the case it had where the corpus has it: a
 * capital at the start of a sentence ("Sorry" after "Hello! "), none in
 * the middle ("so sorry") unless the corpus always writes it with one
 * (a name: "Friday", "ZTO") or it is "I". */
void offer_fix_case(const a11y_complete_t *c, const char *typed, char *ins)
{
    size_t i = 0;
    while (ins[i] == ' ')
        i++;
    char ch = ins[i];
    if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')))
        return;
    size_t e = i;
    while ((ins[e] >= 'a' && ins[e] <= 'z') || (ins[e] >= 'A' && ins[e] <= 'Z') || ins[e] == '\'')
        e++;
    /* where the word goes: after the end of a sentence (or nothing), or not */
    size_t n = strlen(typed);
    while (n > 0 && typed[n - 1] == ' ')
        n--;
    bool start = n == 0 || strchr(".!?", typed[n - 1]);
    if (start) {
        if (ch >= 'a' && ch <= 'z')
            ins[i] = (char)(ch - 'a' + 'A');
        return;
    }
    if (!(ch >= 'A' && ch <= 'Z') || (e - i == 1 && ch == 'I') || (ch == 'I' && ins[i + 1] == '\''))
        return;
    for (size_t j = i + 1; j < e; j++)
        if (ins[j] >= 'A' && ins[j] <= 'Z')
            return;     /* "ZTO", "McDonald": as written */
    char buf[64];
    if (e - i >= sizeof buf)
        return;
    for (size_t j = i; j < e; j++)
        buf[j - i] = (char)(ins[j] >= 'A' && ins[j] <= 'Z' ? ins[j] - 'A' + 'a' : ins[j]);
    buf[e - i] = '\0';
    int id = cmp_find(c, buf);
    if (id < 0)
        return;
    const struct cid *w = &c->ids[id];
    for (size_t o = 0; o < w->nocc; o++) {
        const struct ctext *t = &c->texts[w->occ[o].text];
        if (t->s[t->t[w->occ[o].tok].off] == buf[0]) {
            ins[i] = buf[0];    /* the corpus writes it in lower case too */
            return;
        }
    }
}

/* The offer after typed + " ", with the space in front: for a word that
 * is whole already and a punctuation mark, where the next key is a space. */
static bool offer_after_space(const a11y_complete_t *c, const char *typed, int min_ctx,
                              struct a11y_completion *out);

static bool auto_offer(const a11y_complete_t *c, const char *typed, int min_ctx,
                       struct a11y_completion *out, bool nested)
{
    memset(out, 0, sizeof *out);
    if (!c || !typed || !*typed)
        return false;
    size_t tl0 = strlen(typed);
    if (!nested && strchr(",.!?;:", typed[tl0 - 1]))
        return offer_after_space(c, typed, min_ctx, out);
    int ctx[MAX_CTX + 1];
    char prefix[256];
    bool partial_cjk;
    size_t nctx = typed_context(c, typed, ctx, prefix, sizeof prefix, &partial_cjk);
    size_t plen = strlen(prefix);
    struct cont *conts = malloc(MAX_CAND * sizeof *conts);
    if (!conts)
        return false;
    size_t m = 0, best = 0;
    double total = 0;
    const char *bs = NULL;
    /* Chinese: offer_cjk.c */
    if (partial_cjk) {
        cjk_offer(c, ctx, nctx, &bs, &best);
        goto done;
    }
    /* 1. A long context the corpus knows: what half of its places agree on
     * (the longest context with places). */
    for (int k = (int)nctx; k >= min_ctx && k > 0 && !bs; k--) {
        if (ctx[nctx - 1] == CTX_UNKNOWN)
            break;
        m = 0;
        total = 0;
        struct walk wk = {c, ctx[nctx - 1], 0};
        const struct ctext *t;
        size_t i;
        while (m < MAX_CAND && walk_next(&wk, &t, &i)) {
            if (!ctx_match(c, t, i, ctx, nctx, k))
                continue;
            const struct ctok *tk = &t->t[i];
            if (plen && (tk->cls != CTOK_WORD || strncmp(c->ids[tk->id].name, prefix, plen) != 0))
                continue;
            cont_add(conts, &m, &total, t, i, tk->off + plen);
        }
        if (m == 0)
            continue;
        best = consensus(conts, m, total, &bs);
        if (bs && best < 2)
            bs = NULL;
        break;      /* the longest context with places decides */
    }
    /* 2. Otherwise the most likely word for the letters typed (or, after a
     * space, the next word when a quarter of the places agree on it), and what follows
     * it when its places agree. */
    size_t tlen = strlen(typed);
    bool after_space = tlen && typed[tlen - 1] == ' ' && !partial_cjk;
    double share = 0;
    int w = -1;
    const char *wname = NULL;
    char gbuf[256];
    size_t glen = 0;
    bool have = !bs && (plen || after_space) &&
                best_word(c, typed, ctx, nctx, prefix, plen, &w, &wname, &share);
    if (have && !plen && share * NEXT_WORD_SHARE < 1.0)
        have = false;
    if (have && plen && strlen(wname) == plen) {
        /* the letters typed most likely are the whole word: offer the
         * space and what comes after it */
        free(conts);
        return !nested && offer_after_space(c, typed, min_ctx, out);
    }
    if (have && w >= 0) {
        const struct cid *e = &c->ids[w];
        m = 0;
        total = 0;
        for (size_t o = 0; o < e->nocc && m < MAX_CAND; o++) {
            const struct ctext *t = &c->texts[e->occ[o].text];
            cont_add(conts, &m, &total, t, e->occ[o].tok, t->t[e->occ[o].tok].off + plen);
        }
        size_t wl = strlen(e->name) - plen;
        best = consensus(conts, m, total, &bs);
        if (best < wl || !bs) {
            /* the word alone, as the corpus spells it */
            const struct ctext *t = &c->texts[e->occ[0].text];
            bs = t->s + t->t[e->occ[0].tok].off + plen;
            best = wl;
        } else if (m < 2 || best > wl) {
            /* past the word only when two or more places agree */
            size_t agree = 0;
            for (size_t b = 0; b < m; b++)
                agree += conts[b].len >= best && memcmp(conts[b].s, bs, best) == 0;
            if (agree < 2)
                best = wl;
        }
    } else if (have && strlen(wname) - plen < sizeof gbuf) {
        /* a word only the general model knows, in lower case except "I"
         * and the first word of a sentence */
        glen = strlen(wname) - plen;
        memcpy(gbuf, wname + plen, glen + 1);
        char hist[2][64];
        int nh = cgen_history(typed, tlen, hist);
        if (strcmp(wname, "i") == 0 || strncmp(wname, "i'", 2) == 0 ||
            (!plen && nh > 0 && strcmp(hist[nh - 1], "<s>") == 0))
            if (!plen && gbuf[0] >= 'a' && gbuf[0] <= 'z')
                gbuf[0] = (char)(gbuf[0] - 'a' + 'A');
        bs = gbuf;
        best = glen;
    }
done:
    if (bs)
        while (best > 0 && bs[best - 1] == ' ')
            best--;
    /* an offer ending with a whole English word takes the space after it,
     * as word prediction does: one key less per word. Before punctuation
     * the accept-word key takes the word without the space. */
    bool space = false;
    if (bs && best > 0) {
        unsigned char last = (unsigned char)bs[best - 1];
        space = (last >= 'a' && last <= 'z') || (last >= 'A' && last <= 'Z') ||
                (last >= '0' && last <= '9') || last == '\'';
    }
    free(conts);
    /* Two characters or more: less is not worth a line on screen and a key. */
    size_t chars = 0;
    for (size_t i = 0; bs && i < best; i++)
        chars += ((unsigned char)bs[i] & 0xC0) != 0x80;
    if (!bs || best == 0 || (chars < 2 && (unsigned char)bs[0] < 0x80))
        return false;
    out->insert = malloc(best + 2);
    if (out->insert) {
        memcpy(out->insert, bs, best);
        out->insert[best] = ' ';
        out->insert[best + space] = '\0';
        if (!plen)
            offer_fix_case(c, typed, out->insert);
    }
    out->context = (int)nctx;
    return out->insert != NULL;
}

bool a11y_complete_auto(const a11y_complete_t *c, const char *typed, int min_ctx,
                        struct a11y_completion *out)
{
    return auto_offer(c, typed, min_ctx, out, false);
}

static bool offer_after_space(const a11y_complete_t *c, const char *typed, int min_ctx,
                              struct a11y_completion *out)
{
    size_t n = strlen(typed);
    char *t2 = malloc(n + 2);
    if (!t2)
        return false;
    memcpy(t2, typed, n);
    memcpy(t2 + n, " ", 2);
    struct a11y_completion a;
    bool ok = auto_offer(c, t2, min_ctx, &a, true);
    free(t2);
    if (!ok)
        return false;
    size_t il = strlen(a.insert);
    out->insert = malloc(il + 2);
    if (out->insert) {
        out->insert[0] = ' ';
        memcpy(out->insert + 1, a.insert, il + 1);
    }
    out->context = a.context;
    a11y_completion_clear(&a);
    return out->insert != NULL;
}

size_t a11y_offer_word(const char *insert)
{
    size_t n = strlen(insert), i = 0;
    while (i < n && insert[i] == ' ')
        i++;
    if (i < n && (unsigned char)insert[i] >= 0x80) {
        /* Chinese: up to the first punctuation mark or four characters */
        int chars = 0;
        while (i < n && chars < 4) {
            size_t j = i + 1;
            while (j < n && ((unsigned char)insert[j] & 0xC0) == 0x80)
                j++;
            i = j;
            chars++;
        }
        return i;
    }
    while (i < n && insert[i] != ' ')
        i++;
    return i;
}
