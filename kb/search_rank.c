/* search_rank.c -- how kb_search scores the entries a query matches: BM25
 * over weighted pieces, computed by kefu itself in two phases.
 *
 * FTS5's own bm25() was the ranking before. Two things about it cost
 * quality and time:
 *  - Every piece counts the same. A query's own word and a synonym the
 *    thesaurus added for it weigh alike, and a thesaurus group of six
 *    synonyms can add six times the score of one word: "how many days does
 *    delivery usually take" was ranked by the delivery group's
 *    parcel/package/快递/包裹..., not by "days". Here each piece has a
 *    weight (a synonym less than the query's own word, a CJK unigram less
 *    than a bigram) and the pieces of one thesaurus group count once, as
 *    the best of them: one concept, one score.
 *  - bm25() reads each matching row's length (a b-tree look-up in
 *    %_docsize per row) and scans every piece's posting list a second time
 *    for its document frequency. At 100,000 entries that was two thirds of
 *    a query's time (measured: iterating the matches and reading their term
 *    frequencies 0.8 / 1.5 ms CPU p50 / p99, with bm25() 2.7 / 4.3 ms).
 *    Here the auxiliary function kefu_rank() only records each matching
 *    row's weighted term frequencies; the document frequencies are then
 *    counted from those records (an OR query sees every row that has any
 *    piece, so the counts are exact), all rows are scored at the average
 *    length, and only the best few (opts->rerank) have their real length
 *    read from %_docsize and are scored again. With rerank at least the
 *    number of matches this is exactly BM25 as FTS5 computes it (k1 1.2,
 *    b 0.75, the same idf), with the weights above.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kb_int.h"
#include "search_int.h"

enum { RANK_COLS = 4 };

/* The recorded rows: rowid and one weighted frequency per piece. */
struct kb_rank {
    const struct kb_rank_query *q;
    double colw[RANK_COLS];
    sqlite3_int64 nrow;         /* rows in the whole index */
    double avgdl;               /* average row length in tokens */
    double avgcol[RANK_COLS];   /* average column lengths (BM25F) */
    bool bm25f;
    double k1, b;
    sqlite3_int64 *rowid;
    float *freq;                /* n * q->n * RANK_COLS: hits per piece and column */
    double *df;                 /* q->n: rows that have each piece */
    size_t n, cap;
    int oom;
};

/* kefu_rank(lib_fts, ptr): record this row for the kb_rank at ptr (bound
 * with sqlite3_bind_pointer, type "kefu_rank"). Returns NULL. */
static void x_rank(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                   int nval, sqlite3_value **val)
{
    struct kb_rank *r = nval == 1 ? sqlite3_value_pointer(val[0], "kefu_rank") : NULL;
    if (!r) {
        sqlite3_result_error(ctx, "kefu_rank: no ranking state", -1);
        return;
    }
    size_t np = r->q->n;
    if (r->nrow == 0) {
        if ((size_t)api->xPhraseCount(fts) != np) {
            sqlite3_result_error(ctx, "kefu_rank: the query's pieces and phrases differ", -1);
            return;
        }
        sqlite3_int64 tot = 0;
        if (api->xRowCount(fts, &r->nrow) != SQLITE_OK ||
            api->xColumnTotalSize(fts, -1, &tot) != SQLITE_OK) {
            sqlite3_result_error(ctx, "kefu_rank: cannot read the index size", -1);
            return;
        }
        r->avgdl = r->nrow > 0 ? (double)tot / (double)r->nrow : 1.0;
        if (r->avgdl <= 0)
            r->avgdl = 1.0;
        for (int c = 0; c < RANK_COLS; c++) {
            if (api->xColumnTotalSize(fts, c, &tot) != SQLITE_OK)
                tot = 0;
            r->avgcol[c] = r->nrow > 0 ? (double)tot / (double)r->nrow : 1.0;
            if (r->avgcol[c] <= 0)
                r->avgcol[c] = 1.0;
        }
    }
    if (r->oom)
        return;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 256;
        sqlite3_int64 *id = realloc(r->rowid, cap * sizeof *id);
        if (id)
            r->rowid = id;
        float *f = id ? realloc(r->freq, cap * np * RANK_COLS * sizeof *f) : NULL;
        if (!f) {
            r->oom = 1;
            sqlite3_result_error_nomem(ctx);
            return;
        }
        r->freq = f;
        r->cap = cap;
    }
    float *f = r->freq + r->n * np * RANK_COLS;
    memset(f, 0, np * RANK_COLS * sizeof *f);
    int ninst = 0;
    if (api->xInstCount(fts, &ninst) != SQLITE_OK) {
        sqlite3_result_error(ctx, "kefu_rank: cannot read the matches", -1);
        return;
    }
    for (int i = 0; i < ninst; i++) {
        int ip = 0, ic = 0, io = 0;
        if (api->xInst(fts, i, &ip, &ic, &io) == SQLITE_OK && ip >= 0 &&
            (size_t)ip < np && ic >= 0 && ic < RANK_COLS) {
            float *fp = f + (size_t)ip * RANK_COLS;
            if (fp[0] + fp[1] + fp[2] + fp[3] == 0)
                r->df[ip] += 1;         /* the piece's first hit in this row */
            fp[ic] += 1;
        }
    }
    r->rowid[r->n++] = api->xRowid(fts);
}

int kb_rank_register(fts5_api *api)
{
    return api->xCreateFunction(api, "kefu_rank", NULL, x_rank, NULL);
}

/* ------------------------------------------------------------------ */

struct scored {
    size_t row;
    double score;
    double mult;        /* policy demotion and coverage, kept for phase 2 */
};

static int cmp_scored(const void *a, const void *b_)
{
    const struct scored *x = a, *y = b_;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->row < y->row ? -1 : x->row > y->row;
}

/* Move the k best of v[0..n) to its front, in no order (quickselect):
 * sorting every match cost more than scoring them at 100,000 entries. */
static void select_best(struct scored *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n;
    while (k > lo && k < hi && hi - lo > 1) {
        struct scored pivot = v[lo + (hi - lo) / 2], t;
        size_t i = lo, j = hi - 1;
        while (i <= j) {
            while (cmp_scored(&v[i], &pivot) < 0)
                i++;
            while (cmp_scored(&v[j], &pivot) > 0)
                j--;
            if (i <= j) {
                t = v[i];
                v[i] = v[j];
                v[j] = t;
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        if (k <= j)
            hi = j + 1;
        else if (k >= i)
            lo = i;
        else
            break;
    }
}

/* The length of a row: in all, and of each column. */
struct rowlen {
    double total, col[RANK_COLS];
};

/* BM25 of one recorded row of length len: per piece weight * idf * tf
 * saturation, the pieces of one group counted as the best of them. Classic
 * BM25 as FTS5's bm25() (column-weighted tf, the whole row's length), or
 * BM25F (each column's tf normalised by that column's length first, so a
 * long answer does not dilute a match in the title or the wordings). */
static double score_row(const struct kb_rank *r, const double *idf, size_t row,
                        const struct rowlen *len, double *grpbest)
{
    const struct kb_rank_query *q = r->q;
    const float *f = r->freq + row * q->n * RANK_COLS;
    const double k1 = r->k1, b = r->b;
    double s = 0, norm = k1 * (1 - b + b * len->total / r->avgdl), colnorm[RANK_COLS];
    for (int c = 0; c < RANK_COLS; c++)
        colnorm[c] = r->colw[c] / (1 - b + b * len->col[c] / r->avgcol[c]);
    for (size_t g = 0; g < q->ngroups; g++)
        grpbest[g] = 0;
    for (size_t p = 0; p < q->n; p++, f += RANK_COLS) {
        double tf = 0, c;
        if (r->bm25f) {
            for (int k = 0; k < RANK_COLS; k++)
                tf += f[k] * colnorm[k];
            if (tf <= 0)
                continue;
            c = q->w[p] * idf[p] * (tf * (k1 + 1)) / (tf + k1);
        } else {
            for (int k = 0; k < RANK_COLS; k++)
                tf += f[k] * r->colw[k];
            if (tf <= 0)
                continue;
            c = q->w[p] * idf[p] * (tf * (k1 + 1)) / (tf + norm);
        }
        if (q->grp[p] >= 0) {
            if (c > grpbest[q->grp[p]])
                grpbest[q->grp[p]] = c;
        } else {
            s += c;
        }
    }
    for (size_t g = 0; g < q->ngroups; g++)
        s += grpbest[g];
    return s;
}

/* Row length in tokens, from FTS5's %_docsize (one varint per column). */
static int row_length(sqlite3_stmt *st, sqlite3_int64 rowid, struct rowlen *len)
{
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, rowid);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? SQLITE_OK : rc;   /* no size: keep the average */
    const unsigned char *p = sqlite3_column_blob(st, 0);
    int n = sqlite3_column_bytes(st, 0);
    double sum = 0;
    for (int i = 0, col = 0; p && i < n; col++) {
        unsigned long long v = 0;
        int k = 0;
        while (i < n && k < 9) {
            unsigned char c = p[i++];
            if (k == 8) {
                v = (v << 8) | c;
                break;
            }
            v = (v << 7) | (c & 0x7f);
            k++;
            if (!(c & 0x80))
                break;
        }
        sum += (double)v;
        if (col < RANK_COLS)
            len->col[col] = (double)v;
    }
    len->total = sum;
    return SQLITE_OK;
}

int kb_rank_run(kb_t *kb, sqlite3_stmt *match, const struct kb_rank_query *q,
                const struct kb_search_opts *o, int tier, size_t want,
                struct kb_cand **out, size_t *nout)
{
    struct kb_rank r = {.q = q, .bm25f = o->bm25f, .k1 = o->k1, .b = o->b};
    struct scored *sc = NULL;
    double *idf = NULL, *grpbest = NULL;
    sqlite3_stmt *dsz = NULL;
    size_t nsc = 0;
    int rc;

    *out = NULL;
    *nout = 0;
    if (kb_rank_colweights(o->weights, r.colw) != KB_OK)
        return kb_fail(kb, KB_INVALID, "bad column weights \"%s\"", o->weights);
    r.df = calloc(q->n, sizeof *r.df);
    if (!r.df)
        return kb_fail(kb, KB_NOMEM, "out of memory");
    sqlite3_bind_pointer(match, 2, &r, "kefu_rank", NULL);
    while ((rc = sqlite3_step(match)) == SQLITE_ROW)
        ;
    sqlite3_reset(match);
    if (r.oom) {
        rc = kb_fail(kb, KB_NOMEM, "out of memory");
        goto out;
    }
    if (rc != SQLITE_DONE) {
        rc = kb_sqlfail(kb, "searching the library");
        goto out;
    }
    rc = KB_OK;
    if (r.n == 0)
        goto out;

    /* document frequencies: counted from the rows of an OR query; an AND
     * query sees only rows with every piece, so its pieces bring theirs */
    idf = calloc(q->n, sizeof *idf);
    grpbest = calloc(q->ngroups + 1, sizeof *grpbest);
    sc = calloc(r.n, sizeof *sc);
    if (!idf || !grpbest || !sc) {
        rc = kb_fail(kb, KB_NOMEM, "out of memory");
        goto out;
    }
    for (size_t p = 0; p < q->n; p++) {
        double df = r.df[p];
        if (q->and_mode && q->df && q->df[p] > df)
            df = q->df[p];
        double nr = (double)r.nrow;
        idf[p] = log((nr - df + 0.5) / (df + 0.5));
        if (idf[p] <= 0)
            idf[p] = 1e-6;
    }

    /* phase 1: every row at the average length */
    struct rowlen avg = {r.avgdl, {0}};
    memcpy(avg.col, r.avgcol, sizeof avg.col);
    for (size_t i = 0; i < r.n; i++) {
        int code = (int)(r.rowid[i] % 4);
        if (tier >= 0 && code != tier)
            continue;
        double mult = code == 0 ? o->policy : 1.0;
        if (o->cover > 0) {
            size_t covered = 0;
            for (size_t p = 0; p < q->n; p++) {
                const float *f = r.freq + (i * q->n + p) * RANK_COLS;
                covered += f[0] + f[1] + f[2] + f[3] > 0;
            }
            mult *= 1.0 + o->cover * (double)covered / (double)q->n;
        }
        sc[nsc].row = i;
        sc[nsc].mult = mult;
        sc[nsc++].score = mult * score_row(&r, idf, i, &avg, grpbest);
    }
    /* only the best keep rows are ranked further */
    size_t nre = o->rerank > 0 && (size_t)o->rerank < nsc ? (size_t)o->rerank : nsc;
    size_t keep = nre > want ? nre : want;
    if (keep < nsc) {
        select_best(sc, nsc, keep);
        nsc = keep;
    }
    qsort(sc, nsc, sizeof *sc, cmp_scored);

    /* phase 2: the best rerank rows again at their real length */
    /* %_docsize is FTS5's own table (columnsize=1, the default): should a
     * future schema drop it, every row keeps the average length */
    if (o->rerank != 0 && nre &&
        sqlite3_prepare_v2(kb->db, "SELECT sz FROM lib_fts_docsize WHERE id = ?1", -1,
                           &dsz, NULL) == SQLITE_OK) {
        for (size_t k = 0; k < nre; k++) {
            size_t i = sc[k].row;
            struct rowlen len = avg;
            if (row_length(dsz, r.rowid[i], &len) != SQLITE_OK) {
                rc = kb_sqlfail(kb, "reading entry lengths");
                goto out;
            }
            sc[k].score = sc[k].mult * score_row(&r, idf, i, &len, grpbest);
        }
        /* all of them: a row scored at the average length may now pass one
         * whose real length lowered it */
        qsort(sc, nsc, sizeof *sc, cmp_scored);
    }

    size_t n = want < nsc ? want : nsc;
    *out = calloc(n ? n : 1, sizeof **out);
    if (!*out) {
        rc = kb_fail(kb, KB_NOMEM, "out of memory");
        goto out;
    }
    for (size_t k = 0; k < n; k++) {
        (*out)[k].rowid = r.rowid[sc[k].row];
        (*out)[k].score = sc[k].score;
    }
    *nout = n;
out:
    sqlite3_finalize(dsz);
    free(sc);
    free(idf);
    free(grpbest);
    free(r.rowid);
    free(r.freq);
    free(r.df);
    return rc;
}

static int cmp_cand(const void *a, const void *b_)
{
    const struct kb_cand *x = a, *y = b_;
    return x->score > y->score ? -1 : x->score < y->score;
}

/* The ranking before search_rank.c: FTS5's bm25(), for the benchmark. */
int kb_rank_fts5(kb_t *kb, const char *expr, const struct kb_search_opts *o, int code,
                     size_t want, struct kb_cand **out, size_t *nout)
{
    sqlite3_stmt *st = NULL;
    char *sql = sqlite3_mprintf("SELECT rowid, -bm25(lib_fts, %s) FROM lib_fts"
                                " WHERE lib_fts MATCH ?1 AND (?2 < 0 OR rowid %% 4 = ?2)"
                                " ORDER BY 2 DESC LIMIT ?3", o->weights);
    int rc = KB_OK;
    *out = calloc(want, sizeof **out);
    *nout = 0;
    if (!sql || !*out) {
        rc = kb_fail(kb, KB_NOMEM, "out of memory");
        goto out;
    }
    if (sqlite3_prepare_v2(kb->db, sql, -1, &st, NULL) != SQLITE_OK) {
        rc = kb_sqlfail(kb, "preparing the search");
        goto out;
    }
    sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, code);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)want);
    while (*nout < want && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct kb_cand *c = &(*out)[(*nout)++];
        c->rowid = sqlite3_column_int64(st, 0);
        c->score = sqlite3_column_double(st, 1) * (c->rowid % 4 == 0 ? o->policy : 1.0);
    }
    rc = rc == SQLITE_DONE || rc == SQLITE_ROW ? KB_OK : kb_sqlfail(kb, "searching the library");
    qsort(*out, *nout, sizeof **out, cmp_cand);
out:
    sqlite3_finalize(st);
    sqlite3_free(sql);
    return rc;
}

int kb_rank_colweights(const char *s, double w[4])
{
    char *end = NULL;
    for (int c = 0; c < RANK_COLS; c++) {
        w[c] = strtod(s, &end);
        if (end == s)
            return KB_INVALID;
        s = end;
        while (*s == ',' || *s == ' ')
            s++;
    }
    return KB_OK;
}
