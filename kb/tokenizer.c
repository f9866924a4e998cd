/* tokenizer.c -- the "kefu" FTS5 tokenizer: Chinese unigrams + bigrams,
 * English case-folded Snowball stems, after one shared normalisation.
 *
 * Why this shape: Chinese has no spaces, and a word segmenter needs a
 * dictionary we would have to ship and keep; overlapping bigrams catch
 * two-character words (订单, 退货, 破损) without one, and unigrams keep
 * recall when a query has a typo or a single-character word. Every bigram is
 * emitted COLOCATED with the unigram at the same position, so phrase queries
 * still line up. In query mode a run of two or more CJK characters yields
 * its bigrams only (what a phrase of them must match), one character yields
 * the unigram.
 *
 * Text first goes through kb_normalize (NFKC, case folding, Traditional ->
 * Simplified, Chinese numerals -> digits) so 訂單, ＲＥＦＵＮＤ and 七天 meet
 * 订单, refund and 7天. English words are stemmed (refunds, refunded ->
 * refund) and a short list of function words is dropped.
 *
 * Registration: SQLite auto-extension, so every connection kb/ opens has
 * the tokenizer before the schema (which names it) is touched.
 */
#include <libstemmer.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "kb_search.h"
#include "search_int.h"
#include "textnorm.h"
#include <sqlite3.h>           /* carries the fts5_api declarations */

enum { TOK_WORD_MAX = 64, TOK_NORM = KB_NORM_NFKC | KB_NORM_CASEFOLD | KB_NORM_T2S | KB_NORM_NUMERALS };

/* English function words that carry no topic. Kept short on purpose:
 * bm25 already discounts common words; these are the ones that are common
 * in customer questions and in every answer alike. Sorted for bsearch. */
static const char *const stopwords[] = {
    "a", "about", "am", "an", "and", "any", "are", "as", "at", "be", "but",
    "by", "can", "could", "do", "does", "for", "from", "had", "has", "have",
    "hi", "how", "i", "if", "in", "is", "it", "its", "me", "my", "of", "on",
    "or", "our", "please", "so", "that", "the", "this", "to", "us", "was",
    "we", "what", "when", "where", "which", "will", "with", "would", "you",
    "your",
};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool is_stopword(const char *w, size_t n)
{
    char tmp[16];
    if (n >= sizeof tmp)
        return false;
    memcpy(tmp, w, n);
    tmp[n] = '\0';
    const char *key = tmp;
    return bsearch(&key, stopwords, sizeof stopwords / sizeof stopwords[0],
                   sizeof stopwords[0], cmp_str) != NULL;
}

/* At most one insertion, deletion or substitution apart (ASCII). */
static bool one_edit(const char *a, size_t na, const char *b, size_t nb)
{
    if (na > nb + 1 || nb > na + 1)
        return false;
    size_t i = 0;
    while (i < na && i < nb && a[i] == b[i])
        i++;
    if (na == nb)
        return i == na || !memcmp(a + i + 1, b + i + 1, na - i - 1);
    if (na > nb)
        return !memcmp(a + i + 1, b + i, na - i - 1);
    return !memcmp(a + i, b + i + 1, nb - i - 1);
}

bool kb_near_stopword(const char *w, size_t n)
{
    for (size_t i = 0; i < sizeof stopwords / sizeof stopwords[0]; i++) {
        size_t sn = strlen(stopwords[i]);
        if (sn >= 3 && one_edit(w, n, stopwords[i], sn))
            return true;
    }
    return false;
}

static bool is_cjk(int32_t c)
{
    return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F) ||
           (c >= 0x3040 && c <= 0x30FF);   /* kana behave like Han here */
}

static bool is_wordchar(int32_t c)
{
    utf8proc_category_t cat = utf8proc_category(c);
    return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
           (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO) ||
           cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC;
}

/* Emit callback with FTS5's shape; returns non-zero to stop. */
typedef int (*emit_fn)(void *ctx, int tflags, const char *tok, int n, int start, int end);

static int emit_word(struct sb_stemmer *st, void *ctx, emit_fn emit,
                     const char *w, size_t n, size_t start)
{
    if (n > TOK_WORD_MAX)
        n = TOK_WORD_MAX;   /* a 10 MB "word" is not a word */
    if (is_stopword(w, n) || (n == 1 && w[0] >= 'a' && w[0] <= 'z'))
        return 0;   /* function words; the "s" of "where's" */
    bool letters = n > 2;
    for (size_t i = 0; i < n && letters; i++)
        letters = w[i] >= 'a' && w[i] <= 'z';
    if (letters && st) {
        const sb_symbol *s = sb_stemmer_stem(st, (const sb_symbol *)w, (int)n);
        if (s)
            return emit(ctx, 0, (const char *)s, sb_stemmer_length(st),
                        (int)start, (int)(start + n));
    }
    return emit(ctx, 0, w, (int)n, (int)start, (int)(start + n));
}

/* Positions of the characters of one CJK run: byte offset of each start,
 * plus one past the end. */
struct run {
    size_t *off;
    size_t n, cap;
};

static int emit_cjk(void *ctx, emit_fn emit, const char *s, const struct run *r,
                    bool query)
{
    int rc = 0;
    size_t n = r->n;
    for (size_t i = 0; i < n && !rc; i++) {
        size_t a = r->off[i], b = r->off[i + 1];
        bool has_next = i + 1 < n;
        if (query) {
            if (n == 1)
                rc = emit(ctx, 0, s + a, (int)(b - a), (int)a, (int)b);
            else if (has_next)
                rc = emit(ctx, 0, s + a, (int)(r->off[i + 2] - a), (int)a,
                          (int)r->off[i + 2]);
            continue;
        }
        rc = emit(ctx, 0, s + a, (int)(b - a), (int)a, (int)b);
        if (!rc && has_next)
            rc = emit(ctx, FTS5_TOKEN_COLOCATED, s + a, (int)(r->off[i + 2] - a),
                      (int)a, (int)r->off[i + 2]);
    }
    return rc;
}

/* Tokenise already-normalised text s. Returns 0, or what emit returned, or
 * SQLITE_NOMEM. */
static int tokenize_norm(struct sb_stemmer *st, const char *s, size_t len,
                         bool query, void *ctx, emit_fn emit)
{
    struct run r = {0};
    size_t wstart = 0;
    bool inword = false;
    int rc = 0;
    size_t i = 0;

    while (!rc) {
        utf8proc_int32_t c = -1;
        utf8proc_ssize_t n = 0;
        if (i < len) {
            n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                 (utf8proc_ssize_t)(len - i), &c);
            if (n <= 0) {
                c = 0xFFFD;
                n = 1;
            }
        }
        bool cjk = i < len && is_cjk(c);
        bool word = i < len && !cjk && is_wordchar(c);

        if (inword && !word) {
            rc = emit_word(st, ctx, emit, s + wstart, i - wstart, wstart);
            inword = false;
        }
        if (r.n && !cjk && !rc) {
            rc = emit_cjk(ctx, emit, s, &r, query);
            r.n = 0;
        }
        if (rc || i >= len)
            break;
        if (cjk) {
            if (r.n + 2 > r.cap) {
                size_t cap = r.cap ? r.cap * 2 : 32;
                size_t *p = realloc(r.off, cap * sizeof *p);
                if (!p) {
                    rc = SQLITE_NOMEM;
                    break;
                }
                r.off = p;
                r.cap = cap;
            }
            r.off[r.n++] = i;
            r.off[r.n] = i + (size_t)n;
        } else if (word && !inword) {
            inword = true;
            wstart = i;
        }
        i += (size_t)n;
    }
    free(r.off);
    return rc;
}

/* ------------------------------------------------------------------ */
/* The public helper, for tests, the benchmark and the query builder. */

struct pub_ctx {
    kb_token_fn fn;
    void *arg;
};

static int pub_emit(void *ctx, int tflags, const char *tok, int n, int start, int end)
{
    (void)tflags; (void)start; (void)end;
    struct pub_ctx *p = ctx;
    p->fn(p->arg, tok, (size_t)n);
    return 0;
}

int kb_tokenize(const char *text, size_t len, bool query, kb_token_fn fn, void *arg)
{
    char *norm = NULL;
    int rc = kb_normalize(text, len, TOK_NORM, &norm);
    if (rc != KB_OK)
        return rc;
    struct sb_stemmer *st = sb_stemmer_new("english", NULL);
    struct pub_ctx p = {fn, arg};
    rc = tokenize_norm(st, norm, strlen(norm), query, &p, pub_emit) ? KB_NOMEM : KB_OK;
    sb_stemmer_delete(st);
    free(norm);
    return rc;
}

/* kb_tokenize() for text already normalised, with one stemmer kept for the
 * process (kefu searches from one thread; the stemmer is not shared with
 * FTS5's own instances). For the query builder, which tokenises many short
 * pieces per query. */
int kb_tokenize_normalised(const char *norm, size_t len, bool query, kb_token_fn fn,
                           void *arg)
{
    static struct sb_stemmer *st;
    if (!st)
        st = sb_stemmer_new("english", NULL);
    struct pub_ctx p = {fn, arg};
    return tokenize_norm(st, norm, len, query, &p, pub_emit) ? KB_NOMEM : KB_OK;
}

/* Split a query into the raw pieces kb_search ORs together: the bigrams of
 * each CJK run (with unigrams too) and every unstemmed word (FTS5 stems it
 * again when it tokenises the quoted piece). */
int kb_query_pieces(const char *norm, size_t len, bool unigrams, kb_token_fn fn,
                    void *arg)
{
    struct pub_ctx p = {fn, arg};
    /* document mode gives unigrams and bigrams, query mode bigrams only (a
     * lone character stays a unigram); no stemmer: words stay raw */
    return tokenize_norm(NULL, norm, len, !unigrams, &p, pub_emit) ? KB_NOMEM : KB_OK;
}

/* ------------------------------------------------------------------ */
/* FTS5 glue. */

struct kefu_tok {
    struct sb_stemmer *stem;
};

static int x_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
    (void)ctx; (void)argv; (void)argc;
    struct kefu_tok *t = calloc(1, sizeof *t);
    if (!t)
        return SQLITE_NOMEM;
    t->stem = sb_stemmer_new("english", NULL);
    if (!t->stem) {
        free(t);
        return SQLITE_ERROR;
    }
    *out = (Fts5Tokenizer *)t;
    return SQLITE_OK;
}

static void x_delete(Fts5Tokenizer *tk)
{
    struct kefu_tok *t = (struct kefu_tok *)tk;
    if (t) {
        sb_stemmer_delete(t->stem);
        free(t);
    }
}

struct fts_ctx {
    void *pctx;
    int (*xToken)(void *, int, const char *, int, int, int);
    int ntext;
};

static int fts_emit(void *ctx, int tflags, const char *tok, int n, int start, int end)
{
    struct fts_ctx *f = ctx;
    /* offsets refer to the normalised text; clamp them into the original
     * (only highlight() would read them, and kefu does not use it) */
    if (start > f->ntext)
        start = f->ntext;
    if (end > f->ntext)
        end = f->ntext;
    return f->xToken(f->pctx, tflags, tok, n, start, end);
}

static int x_tokenize(Fts5Tokenizer *tk, void *pctx, int flags, const char *text,
                      int ntext,
                      int (*xToken)(void *, int, const char *, int, int, int))
{
    struct kefu_tok *t = (struct kefu_tok *)tk;
    char *norm = NULL;
    if (ntext < 0)
        ntext = 0;
    int rc = kb_normalize(text, (size_t)ntext, TOK_NORM, &norm);
    if (rc != KB_OK)
        return SQLITE_NOMEM;
    struct fts_ctx f = {pctx, xToken, ntext};
    rc = tokenize_norm(t->stem, norm, strlen(norm), (flags & FTS5_TOKENIZE_QUERY) != 0,
                       &f, fts_emit);
    free(norm);
    return rc;
}

static fts5_tokenizer kefu_tokenizer = {x_create, x_delete, x_tokenize};

/* kefu_cover(lib_fts): how many of the query's phrases (pieces) occur in
 * this entry at all. bm25 rewards a piece that occurs often; coverage
 * rewards an entry that shares many different pieces with the question,
 * which is what a paraphrase looks like (docs/search.md measures it). */
static void x_cover(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                    int nval, sqlite3_value **val)
{
    (void)nval; (void)val;
    int nphrase = api->xPhraseCount(fts), ninst = 0, covered = 0;
    unsigned char seen[256] = {0};
    if (api->xInstCount(fts, &ninst) != SQLITE_OK) {
        sqlite3_result_error(ctx, "kefu_cover: cannot read the matches", -1);
        return;
    }
    for (int i = 0; i < ninst; i++) {
        int phrase = 0, col = 0, off = 0;
        if (api->xInst(fts, i, &phrase, &col, &off) == SQLITE_OK && phrase >= 0 &&
            phrase < nphrase && phrase < 256 && !seen[phrase]) {
            seen[phrase] = 1;
            covered++;
        }
    }
    sqlite3_result_int(ctx, covered);
}

int kb_tokenizer_register(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    rc = sqlite3_finalize(st);
    if (rc != SQLITE_OK)
        return rc;
    if (!api || api->iVersion < 2)
        return SQLITE_ERROR;
    rc = api->xCreateTokenizer(api, KB_TOKENIZER_NAME, NULL, &kefu_tokenizer, NULL);
    if (rc == SQLITE_OK)
        rc = api->xCreateFunction(api, "kefu_cover", NULL, x_cover, NULL);
    if (rc == SQLITE_OK)
        rc = kb_rank_register(api);
    return rc;
}

static int auto_init(sqlite3 *db, char **err, const void *api)
{
    (void)api;
    int rc = kb_tokenizer_register(db);
    if (rc != SQLITE_OK && err)
        *err = sqlite3_mprintf("cannot register the kefu FTS5 tokenizer");
    return rc;
}

void kb_tokenizer_autoload(void)
{
    /* sqlite3_auto_extension ignores a second registration of the same
     * function, so calling this more than once is harmless. */
    sqlite3_auto_extension((void (*)(void))auto_init);
}
