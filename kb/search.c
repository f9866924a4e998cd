/* search.c -- kb_search(): the query side of the library's full-text index,
 * the index rebuild, and kb_each_text().
 *
 * A query is normalised exactly as the indexed text is (textnorm.h), split
 * into its CJK unigrams, bigrams and English words, and those pieces are
 * ORed together: customers paraphrase, so requiring every piece (AND) loses
 * most real questions, while BM25 over the OR already rewards entries that
 * share more and rarer pieces. Added to them, each with its own weight:
 * thesaurus synonyms, corrections of misspelt English words and pairs of
 * neighbouring English words (search_expand.c). search_rank.c scores the
 * matches. The weights were chosen by measurement on two evaluation sets
 * and checked on a third, held out (docs/search.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb_int.h"
#include "kb_search.h"
#include "search_int.h"
#include "textnorm.h"

/* BM25 column weights: title, customer wordings, answers, body (brief,
 * policy text, category, slug). */
#define KB_BM25_WEIGHTS "1.0, 1.0, 1.0, 1.0"

/* ------------------------------------------------------------------ */
/* Query building. */

struct pieces {
    char **v;
    char **key;         /* each piece as the index sees it (stems), for dedup */
    double *w;          /* weight (search_rank.c) */
    int *grp;           /* thesaurus group, or -1 */
    double *df;         /* document frequency from lib_df (prune()), or 0 */
    size_t n, cap;
    int oom;
    bool and2;          /* "v[0]" AND "v[1]": see prune() */
    double cur_w;       /* weight and group of the pieces being added */
    int cur_grp;
};

struct keybuf {
    char s[256];
    size_t n;
};

static void key_add(void *arg, const char *tok, size_t n)
{
    struct keybuf *k = arg;
    if (k->n + n + 2 > sizeof k->s)
        return;
    if (k->n)
        k->s[k->n++] = ' ';
    memcpy(k->s + k->n, tok, n);
    k->n += n;
    k->s[k->n] = '\0';
}

/* Add a piece unless one that means the same to the index is there: "pays"
 * from the query and "pay" from the thesaurus are one stem, and counting it
 * twice would let one word of the query outweigh the others. */
static void piece_add(void *arg, const char *tok, size_t n)
{
    struct pieces *p = arg;
    if (p->oom)
        return;
    struct keybuf k = {.n = 0};
    k.s[0] = '\0';
    kb_tokenize_normalised(tok, n, true, key_add, &k);
    if (k.n == 0)
        return;         /* only function words: FTS5 would see no phrase */
    for (size_t i = 0; i < p->n; i++)
        if ((strlen(p->v[i]) == n && memcmp(p->v[i], tok, n) == 0) ||
            !strcmp(p->key[i], k.s)) {
            /* the query's own word is also a thesaurus term: it joins the
             * group, at its own weight */
            if (p->grp[i] < 0 && p->cur_grp >= 0)
                p->grp[i] = p->cur_grp;
            return;
        }
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 32;
        char **v = realloc(p->v, cap * sizeof *v);
        if (v)
            p->v = v;
        char **kv = v ? realloc(p->key, cap * sizeof *kv) : NULL;
        if (kv)
            p->key = kv;
        double *w = kv ? realloc(p->w, cap * sizeof *w) : NULL;
        if (w)
            p->w = w;
        int *g = w ? realloc(p->grp, cap * sizeof *g) : NULL;
        if (g)
            p->grp = g;
        double *df = g ? realloc(p->df, cap * sizeof *df) : NULL;
        if (!df) {
            p->oom = 1;
            return;
        }
        p->df = df;
        p->cap = cap;
    }
    char *s = malloc(n + 1), *ks = strdup(k.s);
    if (!s || !ks) {
        free(s);
        free(ks);
        p->oom = 1;
        return;
    }
    memcpy(s, tok, n);
    s[n] = '\0';
    p->key[p->n] = ks;
    p->w[p->n] = p->cur_w;
    p->grp[p->n] = p->cur_grp;
    p->df[p->n] = 0;
    p->v[p->n++] = s;
}

/* A correction: a piece, and a word of the text the thesaurus reads. */
struct fixes {
    struct pieces *p;
    char *text;
    size_t len;
};

static void fix_add(void *arg, const char *tok, size_t n)
{
    struct fixes *f = arg;
    piece_add(f->p, tok, n);
    char *t = realloc(f->text, f->len + n + 2);
    if (!t) {
        f->p->oom = 1;
        return;
    }
    t[f->len++] = ' ';
    memcpy(t + f->len, tok, n);
    f->len += n;
    t[f->len] = '\0';
    f->text = t;
}

static void synonym_add(void *arg, const char *tok, size_t n, int group)
{
    struct pieces *p = arg;
    p->cur_grp = group;
    piece_add(arg, tok, n);
    p->cur_grp = -1;
}

/* A CJK character of the query that is also part of one of its bigrams
 * weighs opts->uni_weight: the bigram says more, the unigram is there for
 * typos and one-character words. */
static bool is_unigram_of_bigram(const struct pieces *p, size_t i)
{
    const unsigned char *u = (const unsigned char *)p->v[i];
    size_t len = strlen(p->v[i]);
    if (len < 3 || len > 4 || u[0] < 0xE3)
        return false;
    for (size_t j = 0; j < p->n; j++)
        if (j != i && strlen(p->v[j]) > len && strlen(p->v[j]) <= 2 * len &&
            ((const unsigned char *)p->v[j])[0] >= 0xE3 && strstr(p->v[j], p->v[i]))
            return true;
    return false;
}

/* Number the groups the pieces use 0..n-1 (search_rank.c sizes by it). */
static size_t renumber_groups(struct pieces *p)
{
    int map[64];
    size_t ng = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (p->grp[i] < 0)
            continue;
        size_t g = 0;
        while (g < ng && map[g] != p->grp[i])
            g++;
        if (g == ng) {
            if (ng == sizeof map / sizeof map[0]) {
                p->grp[i] = -1;     /* more groups than any query has */
                continue;
            }
            map[ng++] = p->grp[i];
        }
        p->grp[i] = (int)g;
    }
    return ng;
}

/* The keys are only for piece_add; prune() reorders the pieces without them. */
static void pieces_drop_keys(struct pieces *p)
{
    for (size_t i = 0; p->key && i < p->n; i++)
        free(p->key[i]);
    free(p->key);
    p->key = NULL;
}

static void pieces_free(struct pieces *p)
{
    pieces_drop_keys(p);
    for (size_t i = 0; i < p->n; i++)
        free(p->v[i]);
    free(p->v);
    free(p->w);
    free(p->grp);
    free(p->df);
}

/* "a" OR "b" OR ... with embedded quotes doubled ("a" AND "b" when prune()
 * says so). NULL when out of memory; "" when there are no pieces. Caller
 * frees. */
static char *match_expr(const struct pieces *p)
{
    size_t len = 1;
    for (size_t i = 0; i < p->n; i++)
        len += 2 * strlen(p->v[i]) + 7;
    char *e = malloc(len);
    if (!e)
        return NULL;
    char *w = e;
    for (size_t i = 0; i < p->n; i++) {
        if (i) {
            memcpy(w, p->and2 ? " AND " : " OR ", p->and2 ? 5 : 4);
            w += p->and2 ? 5 : 4;
        }
        *w++ = '"';
        for (const char *s = p->v[i]; *s; s++) {
            if (*s == '"')
                *w++ = '"';
            *w++ = *s;
        }
        *w++ = '"';
    }
    *w = '\0';
    return e;
}

static int tier_code(const char *tier)
{
    if (!tier)
        return -1;
    if (!strcmp(tier, "policy"))
        return 0;
    if (!strcmp(tier, "basic"))
        return 1;
    if (!strcmp(tier, "intermediate"))
        return 2;
    if (!strcmp(tier, "advanced"))
        return 3;
    return -2;
}

static char *dup_col(sqlite3_stmt *st, int col)
{
    const unsigned char *s = sqlite3_column_text(st, col);
    return s ? strdup((const char *)s) : NULL;
}

void kb_hits_free(kb_hit *hits, size_t n)
{
    if (!hits)
        return;
    for (size_t i = 0; i < n; i++) {
        free(hits[i].slug);
        free(hits[i].kind);
        free(hits[i].tier);
        free(hits[i].category);
        free(hits[i].title);
        free(hits[i].title_en);
    }
    free(hits);
}

/* Fill one hit from its FTS rowid. */
static int hit_fill(kb_t *kb, sqlite3_stmt *ent, sqlite3_int64 rowid, kb_hit *h)
{
    sqlite3_reset(ent);
    sqlite3_bind_int64(ent, 1, rowid / 4);
    sqlite3_bind_int(ent, 2, (int)(rowid % 4));
    int rc = sqlite3_step(ent);
    if (rc == SQLITE_DONE)
        return KB_NOTFOUND;     /* index out of step: skip the hit */
    if (rc != SQLITE_ROW)
        return kb_sqlfail(kb, "reading a search hit");
    h->slug = dup_col(ent, 0);
    h->kind = strdup(rowid % 4 ? "scenario" : "policy");
    h->tier = dup_col(ent, 1);
    h->category = dup_col(ent, 2);
    h->title = dup_col(ent, 3);
    h->title_en = dup_col(ent, 4);
    if (!h->slug || !h->kind || !h->tier || !h->category)
        return kb_fail(kb, KB_NOMEM, "out of memory");
    return KB_OK;
}

const struct kb_search_opts kb_search_defaults = {
    .weights = KB_BM25_WEIGHTS,
    .unigrams = true,
    .cover = 0.0,
    .candidates = 30,
    .prune_budget = 2000,
    .prune_min = 2000,
    .max_pieces = 12,
    .policy = 0.6,
    .thesaurus = true,
    .syn_weight = 0.5,
    .uni_weight = 1.0,
    .group_max = false,
    .rerank = 100,
    .bm25f = false,
    .typo_weight = 0.7,
    .pair_weight = 0.5,
    .family_weight = 0,
    .k1 = 1.6,
    .mmap_mb = 0,
    .b = 0.75,
    .fts5_bm25 = false,
};

/* Document frequency of each piece, from the index's vocabulary. English
 * pieces are looked up by their stem, as the index holds them. */
struct df_piece {
    char *text;
    sqlite3_int64 df;       /* cost: the postings of all of its tokens */
    sqlite3_int64 dfmin;    /* its rarest token's (0: one is unlisted, rare) */
    double w;
    int grp;
};

/* The cost of a piece: the postings FTS5 reads for it, i.e. the document
 * frequencies of all of its tokens (a phrase reads every token's list). */
struct cost_ctx {
    sqlite3_stmt *st;
    sqlite3_int64 sum, min;
    int ntok;
};

static void add_cost(void *arg, const char *tok, size_t n)
{
    struct cost_ctx *c = arg;
    sqlite3_reset(c->st);
    sqlite3_bind_text(c->st, 1, tok, (int)n, SQLITE_TRANSIENT);
    /* terms rarer than lib_df lists are not in it */
    sqlite3_int64 df = sqlite3_step(c->st) == SQLITE_ROW ? sqlite3_column_int64(c->st, 0) : 0;
    c->sum += df ? df : 1;
    if (c->ntok++ == 0 || df < c->min)
        c->min = df;
}

static int cmp_df(const void *a, const void *b)
{
    const struct df_piece *x = a, *y = b;
    return x->df < y->df ? -1 : x->df > y->df;
}

static sqlite3_int64 index_docs(kb_t *kb)
{
    sqlite3_stmt *st = NULL;
    sqlite3_int64 n = 0;
    if (sqlite3_prepare_v2(kb->db, "SELECT CAST(value AS INTEGER) FROM lib_meta"
                           " WHERE key = 'index_docs'", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* bm25 costs time for every posting of every piece (about 1 us each), so a
 * large library is searched with its rarest pieces only, within a budget of
 * postings: the work per query is then bounded whatever the library's
 * size, and the pieces left out are the common ones, whose idf is near zero
 * anyway. A small library (the built-in one) is searched with every piece.
 *
 * When even the two rarest pieces hold more postings than the budget (an
 * English question of common words only: "we listed the wrong price..."),
 * ORing them would score every entry that has either word -- 10,000 to
 * 20,000 of them at 100,000 entries, 10-20 ms, the whole tail of the
 * latency. Then the two are ANDed: FTS5 intersects the two lists without
 * scoring, and bm25 runs only on the entries that have both, which are
 * also the ones worth ranking first. */
static int prune(kb_t *kb, struct pieces *p, const struct kb_search_opts *o)
{
    sqlite3_int64 ndocs = index_docs(kb);
    if (o->prune_budget <= 0 || ndocs < o->prune_min || p->n <= 1)
        return KB_OK;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(kb->db, "SELECT df FROM lib_df WHERE term = ?1", -1,
                           &st, NULL) != SQLITE_OK)
        return kb_sqlfail(kb, "reading the search vocabulary");
    struct df_piece *v = calloc(p->n, sizeof *v);
    if (!v) {
        sqlite3_finalize(st);
        return kb_fail(kb, KB_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < p->n; i++) {
        struct cost_ctx c = {st, 0, 0, 0};
        kb_tokenize_normalised(p->v[i], strlen(p->v[i]), true, add_cost, &c);
        v[i] = (struct df_piece){p->v[i], c.sum, c.min, p->w[i], p->grp[i]};
    }
    sqlite3_finalize(st);
    qsort(v, p->n, sizeof *v, cmp_df);
    size_t keep = 0;
    sqlite3_int64 postings = 0;
    p->and2 = p->n >= 2 && v[0].df + v[1].df > o->prune_budget;
    for (size_t i = 0; i < p->n; i++) {
        if (p->and2 && i >= 2) {
            free(v[i].text);
            continue;
        }
        bool fits = keep < 2 || postings + v[i].df <= o->prune_budget;
        if (fits && (o->max_pieces <= 0 || keep < (size_t)o->max_pieces)) {
            p->w[keep] = v[i].w;
            p->grp[keep] = v[i].grp;
            p->df[keep] = (double)v[i].dfmin;
            p->v[keep++] = v[i].text;
            postings += v[i].df;
        } else {
            free(v[i].text);
        }
    }
    p->n = keep;
    if (o->stats) {
        o->stats->postings = postings;
        o->stats->and2 = p->and2;
    }
    free(v);
    return KB_OK;
}

int kb_search(kb_t *kb, const char *query, const char *tier, int limit,
              kb_hit **hits, size_t *n)
{
    return kb_search_opt(kb, query, tier, limit, &kb_search_defaults, hits, n);
}

int kb_search_opt(kb_t *kb, const char *query, const char *tier, int limit,
                  const struct kb_search_opts *o, kb_hit **hits, size_t *n)
{
    struct pieces p = {.cur_w = 1.0, .cur_grp = -1};
    struct fixes fx = {NULL, NULL, 0};
    bool in_txn = false;
    char *norm = NULL, *expr = NULL;
    sqlite3_stmt *st = NULL, *ent = NULL;
    kb_hit *res = NULL;
    struct kb_cand *cand = NULL;
    size_t nres = 0, ncand = 0;
    int rc;

    *hits = NULL;
    *n = 0;
    if (!query)
        return kb_fail(kb, KB_INVALID, "the search query is empty");
    size_t qlen = strlen(query);
    if (qlen > KB_QUERY_MAX)
        return kb_fail(kb, KB_INVALID,
                       "the search query is %zu bytes long; the limit is %d",
                       qlen, KB_QUERY_MAX);
    int code = tier_code(tier);
    if (code == -2)
        return kb_fail(kb, KB_INVALID,
                       "unknown tier \"%s\"; use basic, intermediate, advanced "
                       "or policy", tier);
    if (limit < 1 || limit > 1000)
        return kb_fail(kb, KB_INVALID, "the limit must be 1 to 1000, not %d", limit);

    rc = kb_normalize(query, qlen,
                      KB_NORM_NFKC | KB_NORM_CASEFOLD | KB_NORM_T2S | KB_NORM_NUMERALS,
                      &norm);
    if (rc != KB_OK)
        return kb_fail(kb, rc, "cannot normalise the query");
    size_t blank = strspn(norm, " \t\r\n\v\f");
    if (norm[blank] == '\0') {
        rc = kb_fail(kb, KB_INVALID, "the search query is empty");
        goto out;
    }
    /* one read transaction for the whole search: each statement on its own
     * took and dropped the file lock and re-checked the file (fcntl, fstat,
     * pread of the header), 15% of a query's time at 100,000 entries. A
     * savepoint, as the caller may be inside a transaction of its own. */
    if (o->mmap_mb > 0) {
        sqlite3_int64 sz = (sqlite3_int64)o->mmap_mb << 20;
        sqlite3_file_control(kb->db, "main", SQLITE_FCNTL_MMAP_SIZE, &sz);
    }
    in_txn = sqlite3_exec(kb->db, "SAVEPOINT kb_search", NULL, NULL, NULL) == SQLITE_OK;
    rc = kb_query_pieces(norm, strlen(norm), o->unigrams, piece_add, &p);
    if (rc != KB_OK || p.oom) {
        rc = kb_fail(kb, KB_NOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < p.n; i++)
        if (is_unigram_of_bigram(&p, i))
            p.w[i] = o->uni_weight;
    p.cur_w = o->pair_weight;
    if (o->pair_weight > 0 && (kb_word_pairs(norm, piece_add, &p) != KB_OK || p.oom)) {
        rc = kb_fail(kb, KB_NOMEM, "out of memory");
        goto out;
    }
    /* corrections of misspelt words: pieces, and words the thesaurus reads */
    fx = (struct fixes){&p, strdup(norm), strlen(norm)};
    if (!fx.text) {
        rc = kb_fail(kb, KB_NOMEM, "out of memory");
        goto out;
    }
    p.cur_w = o->typo_weight;
    if (o->typo_weight > 0 && (rc = kb_typo_fix(kb, norm, fix_add, &fx)) != KB_OK)
        goto fail;
    p.cur_w = o->family_weight;
    if (o->family_weight > 0 && (rc = kb_word_family(kb, fx.text, piece_add, &p)) != KB_OK)
        goto fail;
    p.cur_w = o->syn_weight;
    if (o->thesaurus &&
        (kb_thesaurus_expand_groups(fx.text, synonym_add, &p) != KB_OK || p.oom)) {
        rc = kb_fail(kb, KB_NOMEM, "out of memory");
        goto out;
    }
    pieces_drop_keys(&p);
    if (o->stats)
        *o->stats = (struct kb_search_stats){.pieces_in = p.n};
    if ((rc = prune(kb, &p, o)) != KB_OK)
        goto out;
    if (o->stats)
        o->stats->pieces = p.n;
    if (p.n == 0) {             /* only punctuation or function words */
        rc = KB_OK;
        goto out;
    }
    expr = match_expr(&p);
    if (!expr) {
        rc = kb_fail(kb, KB_NOMEM, "out of memory");
        goto out;
    }

    size_t want = (size_t)(limit > o->candidates ? limit : o->candidates);
    if (o->fts5_bm25) {
        rc = kb_rank_fts5(kb, expr, o, code, want, &cand, &ncand);
    } else {
        struct kb_rank_query q = {
            .n = p.n, .w = p.w, .grp = p.grp, .df = p.df, .and_mode = p.and2,
            .ngroups = o->group_max ? renumber_groups(&p) : 0,
        };
        if (!o->group_max)
            for (size_t i = 0; i < p.n; i++)
                p.grp[i] = -1;
        rc = sqlite3_prepare_v2(kb->db, "SELECT kefu_rank(lib_fts, ?2) FROM lib_fts"
                                " WHERE lib_fts MATCH ?1", -1, &st, NULL);
        if (rc != SQLITE_OK) {
            rc = kb_sqlfail(kb, "preparing the search");
            goto out;
        }
        sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
        rc = kb_rank_run(kb, st, &q, o, code, want, &cand, &ncand);
    }
    if (rc != KB_OK)
        goto out;
    rc = sqlite3_prepare_v2(kb->db,
        "SELECT slug, tier, category, title_zh, title_en FROM scenario"
        " WHERE id = ?1 AND ?2 > 0"
        " UNION ALL"
        " SELECT slug, 'policy', category, title_zh, title_en FROM policy"
        " WHERE id = ?1 AND ?2 = 0",
        -1, &ent, NULL);
    if (rc != SQLITE_OK) {
        rc = kb_sqlfail(kb, "preparing the search");
        goto out;
    }
    res = calloc((size_t)limit, sizeof *res);
    if (!res) {
        rc = kb_fail(kb, KB_NOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < ncand && nres < (size_t)limit; i++) {
        kb_hit *h = &res[nres];
        int frc = hit_fill(kb, ent, cand[i].rowid, h);
        if (frc == KB_NOTFOUND)
            continue;
        nres++;
        if (frc != KB_OK) {
            rc = frc;
            goto out;
        }
        h->score = cand[i].score;
    }
    rc = KB_OK;
    *hits = res;
    *n = nres;
    res = NULL;
    goto out;
fail:
    if (rc == KB_NOMEM || p.oom)
        rc = kb_fail(kb, KB_NOMEM, "out of memory");
out:
    kb_hits_free(res, nres);
    free(cand);
    sqlite3_finalize(st);
    sqlite3_finalize(ent);
    if (in_txn)
        sqlite3_exec(kb->db, "RELEASE kb_search", NULL, NULL, NULL);
    pieces_free(&p);
    free(fx.text);
    free(expr);
    free(norm);
    return rc;
}
