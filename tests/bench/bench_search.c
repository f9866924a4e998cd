/* bench_search.c -- how well and how fast kefu finds the right scenario.
 *
 * Quality: every line of tests/bench/data/search_eval.tsv (query TAB slug;
 * paraphrases, colloquial, typos, Traditional, full-width, mixed language,
 * none copied from the scenario files) is searched four ways over the same
 * built-in library, in the same run:
 *   ours       FTS5 + kefu tokenizer (kb_search)
 *   unicode61  FTS5 with the default tokenizer, the query's words ORed
 *   trigram    FTS5 trigram tokenizer, the query's trigrams ORed
 *   like       a plain LIKE scan counting the query's bigrams/words
 * and top-1, top-3 and MRR@10 are printed side by side, overall and by
 * kind of query.
 *
 * Speed: p50/p99 per query at the real library size and at 10,000 and
 * 100,000 scenarios (synthetic: real scenarios with 80% of their characters
 * and words replaced, --perturb N to change it), next to the LIKE scan; the time to build each size;
 * and cold start: exec of `kefu kb search` to its answer on an existing
 * database, median of many runs, beside exec of `kefu --version`.
 *
 * Options: --quick (10,000 only, fewer cold runs), --no-scale, --eval FILE,
 * --perturb N, --prune-budget N (0: no pruning), --no-ablation,
 * --misses (print the queries ours gets wrong). Asserts nothing.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <math.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <utf8proc.h>

#include "kb_int.h"
#include "kb_library.h"
#include "kb_scenario.h"
#include "kb_search.h"
#include "search_int.h"
#include "textnorm.h"

extern char **environ;

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(double *v, size_t n, double p)
{
    if (!n)
        return 0;
    qsort(v, n, sizeof *v, cmp_double);
    size_t i = (size_t)ceil(p / 100.0 * (double)n);
    return v[i ? i - 1 : 0];
}

static void die(const char *what, kb_t *kb)
{
    fprintf(stderr, "bench_search: %s%s%s\n", what, kb ? ": " : "", kb ? kb_errmsg(kb) : "");
    exit(1);
}

static void exec_sql(kb_t *kb, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(kb->db, sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "bench_search: %s\n  in: %.200s\n", err, sql);
        exit(1);
    }
}

/* ------------------------------------------------------------------ */
/* The library and the evaluation set. */

static const char *source_dir(void)
{
    const char *s = getenv("KEFU_SOURCE_DIR");
    return s && *s ? s : KEFU_SOURCE_DIR;
}

static kb_t *open_library(const char *path)
{
    kb_t *kb = NULL;
    kb_library *lib = NULL;
    kb_diags d;
    glob_t g;
    char pattern[4096];
    unlink(path);
    if (kb_open(&kb, path, KB_OPEN_CREATE) != KB_OK)
        die("cannot open the database", kb);
    exec_sql(kb, "PRAGMA synchronous = OFF");
    kb_diags_init(&d);
    kb_library_new(&lib);
    snprintf(pattern, sizeof pattern, "%s/kb/data/*.kefu", source_dir());
    if (glob(pattern, 0, NULL, &g) != 0)
        die("no scenario files in kb/data", NULL);
    for (size_t i = 0; i < g.gl_pathc; i++)
        kb_parse_file(lib, g.gl_pathv[i], &d);
    globfree(&g);
    if (kb_library_finish(lib, &d) != KB_OK)
        fprintf(stderr, "bench_search: warning: the library has %zu errors; "
                        "benchmarking what parsed\n", d.errors);
    if (kb_lib_install(kb, lib, KB_ORIGIN_BUILTIN, NULL) != KB_OK)
        die("cannot install the library", kb);
    kb_library_free(lib);
    kb_diags_free(&d);
    return kb;
}

struct item {
    char *query, *slug, *kind;
};

/* What kind of query a line is, for the breakdown: Traditional (T2S
 * changes it), full-width (NFKC changes it), mixed (CJK and Latin words),
 * en (Latin only), zh. */
static const char *query_kind(const char *q)
{
    char *t = NULL, *f = NULL;
    kb_normalize(q, strlen(q), KB_NORM_T2S, &t);
    kb_normalize(q, strlen(q), KB_NORM_NFKC, &f);
    bool trad = t && strcmp(t, q) != 0, full = f && strcmp(f, q) != 0;
    free(t);
    free(f);
    bool cjk = false, latin = false;
    for (const unsigned char *p = (const unsigned char *)q; *p; p++) {
        if (*p >= 0xE3 && *p <= 0xE9)
            cjk = true;
        if ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')
            latin = true;
    }
    if (trad)
        return "traditional";
    if (full)
        return "full-width";
    if (cjk && latin)
        return "mixed";
    return cjk ? "zh" : "en";
}

static struct item *read_eval(const char *path, size_t *n)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "bench_search: cannot read %s: %s\n", path, strerror(errno));
        exit(1);
    }
    struct item *v = NULL;
    size_t nv = 0;
    char line[8192];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *tab = strchr(line, '\t');
        if (line[0] == '#' || !tab || !strcmp(line, "query\tslug"))
            continue;
        *tab = '\0';
        char *slug = tab + 1;
        slug[strcspn(slug, "\t")] = '\0';
        v = realloc(v, (nv + 1) * sizeof *v);
        v[nv].query = strdup(line);
        v[nv].slug = strdup(slug);
        v[nv].kind = (char *)query_kind(line);
        nv++;
    }
    fclose(f);
    *n = nv;
    return v;
}

/* ------------------------------------------------------------------ */
/* The baselines: the same texts in plain FTS5 tables and a LIKE table. */

#define DOC_SELECT                                                            \
    "SELECT s.id * 4 + CASE s.tier WHEN 'basic' THEN 1"                      \
    "  WHEN 'intermediate' THEN 2 ELSE 3 END, s.slug,"                       \
    "  ifnull(s.title_zh, '') || ' ' || ifnull(s.title_en, ''),"             \
    "  ifnull((SELECT group_concat(ifnull(v.text_zh, '') || ' ' ||"           \
    "     ifnull(v.text_en, ''), ' ') FROM scenario_variant v"                \
    "     WHERE v.scenario_id = s.id), ''),"                                  \
    "  ifnull((SELECT group_concat(ifnull(t.answer_zh, '') || ' ' ||"         \
    "     ifnull(t.answer_en, ''), ' ') FROM scenario_turn t"                 \
    "     WHERE t.scenario_id = s.id), ''),"                                  \
    "  ifnull(s.brief_zh, '') || ' ' || ifnull(s.brief_en, '') || ' ' ||"    \
    "  s.category || ' ' || replace(s.slug, '-', ' ')"                       \
    " FROM scenario s"                                                        \
    " UNION ALL SELECT p.id * 4, p.slug,"                                     \
    "  ifnull(p.title_zh, '') || ' ' || ifnull(p.title_en, ''), '', '',"     \
    "  ifnull(p.text_zh, '') || ' ' || ifnull(p.text_en, '') || ' ' ||"      \
    "  p.category || ' ' || replace(p.slug, '-', ' ') FROM policy p"

static void build_doc_table(kb_t *kb)
{
    exec_sql(kb, "DROP TABLE IF EXISTS ev_doc;"
                 "CREATE TABLE ev_doc(id INTEGER PRIMARY KEY, slug TEXT, title, wording,"
                 " answer, body, alltext);"
                 "INSERT INTO ev_doc(id, slug, title, wording, answer, body)"
                 " " DOC_SELECT ";"
                 "UPDATE ev_doc SET alltext = title || ' ' || wording || ' ' || answer"
                 " || ' ' || body;");
}

static void build_fts_baselines(kb_t *kb)
{
    exec_sql(kb, "DROP TABLE IF EXISTS ev_uni; DROP TABLE IF EXISTS ev_tri;"
                 "CREATE VIRTUAL TABLE ev_uni USING fts5(title, wording, answer, body,"
                 " content = '', tokenize = 'unicode61');"
                 "CREATE VIRTUAL TABLE ev_tri USING fts5(title, wording, answer, body,"
                 " content = '', tokenize = 'trigram');"
                 "INSERT INTO ev_uni(rowid, title, wording, answer, body)"
                 " SELECT id, title, wording, answer, body FROM ev_doc;"
                 "INSERT INTO ev_tri(rowid, title, wording, answer, body)"
                 " SELECT id, title, wording, answer, body FROM ev_doc;");
}

/* Split q into code points. */
static size_t decode(const char *q, int32_t *cp, size_t cap)
{
    size_t n = 0, len = strlen(q), i = 0;
    while (i < len && n < cap) {
        utf8proc_int32_t c;
        utf8proc_ssize_t m = utf8proc_iterate((const utf8proc_uint8_t *)q + i,
                                              (utf8proc_ssize_t)(len - i), &c);
        if (m <= 0) {
            i++;
            continue;
        }
        cp[n++] = c;
        i += (size_t)m;
    }
    return n;
}

static bool is_alnum(int32_t c)
{
    utf8proc_category_t k = utf8proc_category(c);
    return (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO) ||
           (k >= UTF8PROC_CATEGORY_ND && k <= UTF8PROC_CATEGORY_NO);
}

static bool is_cjk(int32_t c)
{
    return c >= 0x3400 && c <= 0x9FFF;
}

/* Append cps[a..b) to s as UTF-8. */
static void put(char *s, size_t cap, const int32_t *cp, size_t a, size_t b)
{
    size_t len = strlen(s);
    for (size_t i = a; i < b && len + 5 < cap; i++) {
        utf8proc_uint8_t tmp[4];
        utf8proc_ssize_t m = utf8proc_encode_char(cp[i], tmp);
        memcpy(s + len, tmp, (size_t)m);
        len += (size_t)m;
    }
    s[len] = '\0';
}

static void add_or(char *expr, size_t cap, const int32_t *cp, size_t a, size_t b)
{
    if (*expr)
        strncat(expr, " OR ", cap - strlen(expr) - 1);
    strncat(expr, "\"", cap - strlen(expr) - 1);
    put(expr, cap, cp, a, b);
    strncat(expr, "\"", cap - strlen(expr) - 1);
}

/* unicode61: the query's words (runs of letters/digits; a CJK run is one
 * "word" to unicode61), ORed. */
static void expr_unicode61(const char *q, char *expr, size_t cap)
{
    int32_t cp[2048];
    size_t n = decode(q, cp, 2048), i = 0;
    expr[0] = '\0';
    while (i < n) {
        while (i < n && !is_alnum(cp[i]))
            i++;
        size_t a = i;
        while (i < n && is_alnum(cp[i]))
            i++;
        if (i > a)
            add_or(expr, cap, cp, a, i);
    }
}

/* trigram: every 3-character window of the query without spaces or
 * punctuation, ORed. */
static void expr_trigram(const char *q, char *expr, size_t cap)
{
    int32_t cp[2048];
    size_t n = decode(q, cp, 2048);
    expr[0] = '\0';
    for (size_t i = 0; i + 3 <= n; i++)
        if (is_alnum(cp[i]) && is_alnum(cp[i + 1]) && is_alnum(cp[i + 2]))
            add_or(expr, cap, cp, i, i + 3);
}

/* LIKE: CJK bigrams and Latin words of two letters or more. */
static size_t like_pieces(const char *q, char pieces[][64], size_t cap)
{
    int32_t cp[2048];
    size_t n = decode(q, cp, 2048), np = 0, i = 0;
    while (i < n && np < cap) {
        if (is_cjk(cp[i])) {
            if (i + 1 < n && is_cjk(cp[i + 1])) {
                pieces[np][0] = '\0';
                put(pieces[np++], 64, cp, i, i + 2);
            }
            i++;
        } else if (is_alnum(cp[i])) {
            size_t a = i;
            while (i < n && is_alnum(cp[i]) && !is_cjk(cp[i]))
                i++;
            if (i - a >= 2 && i - a < 20) {
                pieces[np][0] = '\0';
                put(pieces[np++], 64, cp, a, i);
            }
        } else {
            i++;
        }
    }
    return np;
}

/* ------------------------------------------------------------------ */
/* The four searches: top 10 slugs for one query. */

enum { TOPK = 10 };
typedef size_t (*search_fn)(kb_t *kb, const char *q, char out[TOPK][96]);

static size_t rows_to_slugs(kb_t *kb, sqlite3_stmt *st, char out[TOPK][96])
{
    size_t n = 0;
    while (n < TOPK && sqlite3_step(st) == SQLITE_ROW)
        snprintf(out[n++], 96, "%s", (const char *)sqlite3_column_text(st, 0));
    (void)kb;
    sqlite3_finalize(st);
    return n;
}

static struct kb_search_opts ours_opts;   /* kb_search_defaults unless told */
static size_t s_ours(kb_t *kb, const char *q, char out[TOPK][96])
{
    kb_hit *h = NULL;
    size_t n = 0;
    if (kb_search_opt(kb, q, NULL, TOPK, &ours_opts, &h, &n) != KB_OK)
        return 0;
    for (size_t i = 0; i < n; i++)
        snprintf(out[i], 96, "%s", h[i].slug);
    kb_hits_free(h, n);
    return n;
}

static size_t s_fts(kb_t *kb, const char *table, const char *expr, char out[TOPK][96])
{
    char sql[256];
    sqlite3_stmt *st = NULL;
    if (!*expr)
        return 0;
    snprintf(sql, sizeof sql, "SELECT d.slug FROM (SELECT rowid AS r, bm25(%s, 8.0, 4.0,"
             " 1.0, 2.0) AS b FROM %s WHERE %s MATCH ?1 ORDER BY b LIMIT %d) JOIN ev_doc d"
             " ON d.id = r ORDER BY b", table, table, table, TOPK);
    if (sqlite3_prepare_v2(kb->db, sql, -1, &st, NULL) != SQLITE_OK)
        die("prepare baseline", NULL);
    sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
    return rows_to_slugs(kb, st, out);
}

static size_t s_unicode61(kb_t *kb, const char *q, char out[TOPK][96])
{
    char expr[16384];
    expr_unicode61(q, expr, sizeof expr);
    return s_fts(kb, "ev_uni", expr, out);
}

static size_t s_trigram(kb_t *kb, const char *q, char out[TOPK][96])
{
    char expr[16384];
    expr_trigram(q, expr, sizeof expr);
    return s_fts(kb, "ev_tri", expr, out);
}

static size_t s_like(kb_t *kb, const char *q, char out[TOPK][96])
{
    char pieces[64][64];
    size_t np = like_pieces(q, pieces, 64);
    if (!np)
        return 0;
    char sql[8192] = "SELECT slug FROM (SELECT slug, id, 0";
    for (size_t i = 0; i < np; i++)
        snprintf(sql + strlen(sql), sizeof sql - strlen(sql), " + (alltext LIKE ?%zu)", i + 1);
    snprintf(sql + strlen(sql), sizeof sql - strlen(sql),
             " AS s FROM ev_doc) WHERE s > 0 ORDER BY s DESC, id LIMIT %d", TOPK);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(kb->db, sql, -1, &st, NULL) != SQLITE_OK)
        die("prepare LIKE", NULL);
    for (size_t i = 0; i < np; i++) {
        char pat[80];
        snprintf(pat, sizeof pat, "%%%s%%", pieces[i]);
        sqlite3_bind_text(st, (int)i + 1, pat, -1, SQLITE_TRANSIENT);
    }
    return rows_to_slugs(kb, st, out);
}

/* Variants of ours, to measure each ranking choice (docs/search.md). */
static struct kb_search_opts cur_opts;
static size_t s_variant(kb_t *kb, const char *q, char out[TOPK][96])
{
    kb_hit *h = NULL;
    size_t n = 0;
    if (kb_search_opt(kb, q, NULL, TOPK, &cur_opts, &h, &n) != KB_OK)
        return 0;
    for (size_t i = 0; i < n; i++)
        snprintf(out[i], 96, "%s", h[i].slug);
    kb_hits_free(h, n);
    return n;
}

struct method {
    const char *name;
    search_fn fn;
};
static const struct method methods[] = {
    {"ours", s_ours}, {"unicode61", s_unicode61}, {"trigram", s_trigram}, {"like", s_like},
};
enum { N_METHODS = 4 };

/* ------------------------------------------------------------------ */
/* Quality. */

struct score {
    double top1, top3, mrr;
    size_t n;
};

static void evaluate(kb_t *kb, const struct item *items, size_t n, bool misses)
{
    static const char *const kinds[] = {"zh", "en", "traditional", "full-width", "mixed"};
    struct score all[N_METHODS] = {{0}}, by[5][N_METHODS] = {{{0}}};
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        while (k < 5 && strcmp(kinds[k], items[i].kind))
            k++;
        for (int m = 0; m < N_METHODS; m++) {
            char out[TOPK][96];
            size_t got = methods[m].fn(kb, items[i].query, out);
            size_t rank = 0;
            for (size_t r = 0; r < got && !rank; r++)
                if (!strcmp(out[r], items[i].slug))
                    rank = r + 1;
            struct score *s[2] = {&all[m], k < 5 ? &by[k][m] : NULL};
            for (int j = 0; j < 2; j++) {
                if (!s[j])
                    continue;
                s[j]->n++;
                s[j]->top1 += rank == 1;
                s[j]->top3 += rank >= 1 && rank <= 3;
                s[j]->mrr += rank ? 1.0 / (double)rank : 0;
            }
            if (misses && m == 0 && rank != 1)
                printf("  miss: %-40s want %-22s got %s (rank %zu)\n", items[i].query,
                       items[i].slug, got ? out[0] : "-", rank);
        }
    }
    printf("\nQuality over %zu queries (top-1 / top-3 / MRR@10)\n", n);
    printf("  %-12s %6s", "queries", "n");
    for (int m = 0; m < N_METHODS; m++)
        printf("  %-22s", methods[m].name);
    printf("\n");
    for (size_t k = 0; k <= 5; k++) {
        struct score *row = k < 5 ? by[k] : all;
        if (!row[0].n)
            continue;
        printf("  %-12s %6zu", k < 5 ? kinds[k] : "ALL", row[0].n);
        for (int m = 0; m < N_METHODS; m++) {
            double d = (double)row[m].n;
            printf("  %5.1f%% %5.1f%% %5.3f  ", 100 * row[m].top1 / d, 100 * row[m].top3 / d,
                   row[m].mrr / d);
        }
        printf("\n");
    }
}

static void rank_of(kb_t *kb, const struct item *it, search_fn fn, struct score *sc)
{
    char out[TOPK][96];
    size_t got = fn(kb, it->query, out), rank = 0;
    for (size_t r = 0; r < got && !rank; r++)
        if (!strcmp(out[r], it->slug))
            rank = r + 1;
    sc->n++;
    sc->top1 += rank == 1;
    sc->top3 += rank >= 1 && rank <= 3;
    sc->mrr += rank ? 1.0 / (double)rank : 0;
}

static void ablation(kb_t *kb, const struct item *items, size_t n)
{
    struct variant {
        const char *name;
        struct kb_search_opts o;
    } v[24];
    size_t nv = 0;
    const struct kb_search_opts d = kb_search_defaults;
    v[nv++] = (struct variant){"defaults", d};
    struct kb_search_opts o = d;
    o.unigrams = !d.unigrams;
    v[nv++] = (struct variant){d.unigrams ? "no CJK unigrams" : "with CJK unigrams", o};
    o = d;
    o.thesaurus = !d.thesaurus;
    v[nv++] = (struct variant){d.thesaurus ? "no thesaurus" : "with thesaurus", o};
    static const double covers[] = {0, 0.5, 1, 2, 4};
    static char names[8][48];
    for (size_t i = 0; i < 5; i++) {
        if (covers[i] == d.cover)
            continue;
        o = d;
        o.cover = covers[i];
        snprintf(names[i], sizeof names[i], "coverage %.1f", covers[i]);
        v[nv++] = (struct variant){names[i], o};
    }
    static const char *const weights[] = {"1.0, 1.0, 1.0, 1.0", "8.0, 4.0, 1.0, 2.0",
                                          "4.0, 4.0, 1.0, 1.0", "10.0, 5.0, 0.5, 1.0",
                                          "3.0, 6.0, 1.0, 1.0"};
    for (size_t i = 0; i < 5; i++) {
        if (!strcmp(weights[i], d.weights))
            continue;
        o = d;
        o.weights = weights[i];
        v[nv++] = (struct variant){weights[i], o};
    }
    static const double pols[] = {1.0, 0.8, 0.6, 0.4};
    static char pnames[4][48];
    for (size_t i = 0; i < 4; i++) {
        if (pols[i] == d.policy)
            continue;
        o = d;
        o.policy = pols[i];
        snprintf(pnames[i], sizeof pnames[i], "policy x %.1f", pols[i]);
        v[nv++] = (struct variant){pnames[i], o};
    }
    printf("\nAblation of ours (top-1 / top-3 / MRR@10; weights are title, wording,"
           " answer, body)\n");
    for (size_t i = 0; i < nv; i++) {
        struct score sc = {0};
        cur_opts = v[i].o;
        for (size_t k = 0; k < n; k++)
            rank_of(kb, &items[k], s_variant, &sc);
        printf("  %-22s %5.1f%% %5.1f%% %5.3f\n", v[i].name, 100 * sc.top1 / (double)sc.n,
               100 * sc.top3 / (double)sc.n, sc.mrr / (double)sc.n);
    }
}

/* ------------------------------------------------------------------ */
/* Latency and the synthetic scale-up. */

static uint64_t rng = 0x9E3779B97F4A7C15u;
static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

/* Replace most (perturb_pct %, default 80) of the CJK characters with
 * others of the library's own characters (random ones from all of CJK would
 * be mostly Traditional and rare, unlike real text) and as many of the Latin
 * words with words of the library: the result has the shape and vocabulary
 * of real scenarios without being any of them. */
static unsigned perturb_pct = 80;  /* --perturb N: share of characters replaced */

struct pool {
    int32_t *cjk;
    size_t n_cjk;
    char **words;
    size_t n_words;
};

static char *perturb(const struct pool *p, const char *text)
{
    if (!text)
        return NULL;
    int32_t cp[4096];
    size_t n = decode(text, cp, 4096);
    char *out = malloc(n * 4 + 64 * n / 2 + 16);
    out[0] = '\0';
    size_t len = 0;
    for (size_t i = 0; i < n;) {
        if (is_cjk(cp[i])) {
            int32_t c = cp[i];
            if (rnd() % 100 < perturb_pct)
                c = p->cjk[rnd() % p->n_cjk];
            len += (size_t)utf8proc_encode_char(c, (utf8proc_uint8_t *)out + len);
            i++;
        } else if (cp[i] < 128 && isalpha((int)cp[i])) {
            size_t a = i;
            while (i < n && cp[i] < 128 && isalpha((int)cp[i]))
                i++;
            if (rnd() % 100 < perturb_pct && p->n_words) {
                const char *w = p->words[rnd() % p->n_words];
                memcpy(out + len, w, strlen(w));
                len += strlen(w);
            } else {
                for (size_t j = a; j < i; j++)
                    out[len++] = (char)cp[j];
            }
        } else {
            len += (size_t)utf8proc_encode_char(cp[i], (utf8proc_uint8_t *)out + len);
            i++;
        }
    }
    out[len] = '\0';
    return out;
}

static void pool_build(kb_t *kb, struct pool *p)
{
    sqlite3_stmt *st = NULL;
    bool seen[0x10000] = {false};
    memset(p, 0, sizeof *p);
    p->cjk = malloc(0x10000 * sizeof *p->cjk);
    sqlite3_prepare_v2(kb->db, "SELECT alltext FROM ev_doc", -1, &st, NULL);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        int32_t cp[8192];
        size_t n = decode(t, cp, 8192);
        for (size_t i = 0; i < n; i++) {
            if (is_cjk(cp[i]) && cp[i] < 0x10000 && !seen[cp[i]]) {
                seen[cp[i]] = true;
                p->cjk[p->n_cjk++] = cp[i];
            }
        }
        for (const char *s = t; *s;) {
            if (isalpha((unsigned char)*s)) {
                const char *a = s;
                while (isalpha((unsigned char)*s))
                    s++;
                if (s - a >= 3 && s - a < 30 && p->n_words < 20000) {
                    p->words = realloc(p->words, (p->n_words + 1) * sizeof *p->words);
                    p->words[p->n_words++] = strndup(a, (size_t)(s - a));
                }
            } else {
                s++;
            }
        }
    }
    sqlite3_finalize(st);
}

/* Add synthetic scenarios until the library holds target of them, then
 * rebuild the index and the LIKE table. Returns the build time in ms. */
static double scale_to(kb_t *kb, const struct pool *p, size_t target)
{
    double t0 = now_ms();
    sqlite3_stmt *src = NULL, *vars = NULL, *turns = NULL, *ins = NULL, *insv = NULL,
                 *inst = NULL;
    exec_sql(kb, "BEGIN");
    sqlite3_prepare_v2(kb->db, "SELECT id, tier, category, title_zh, title_en, brief_zh,"
                       " brief_en FROM scenario WHERE origin = 'builtin' AND source <> 'synthetic'"
                       " ORDER BY id", -1, &src, NULL);
    sqlite3_prepare_v2(kb->db, "SELECT turn_idx, idx, text_zh, text_en FROM scenario_variant"
                       " WHERE scenario_id = ?1", -1, &vars, NULL);
    sqlite3_prepare_v2(kb->db, "SELECT idx, answer_zh, answer_en FROM scenario_turn"
                       " WHERE scenario_id = ?1", -1, &turns, NULL);
    sqlite3_prepare_v2(kb->db, "INSERT INTO scenario(slug, origin, source, tier, category,"
                       " title_zh, title_en, brief_zh, brief_en) VALUES (?1, 'builtin',"
                       " 'synthetic', ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id", -1, &ins, NULL);
    sqlite3_prepare_v2(kb->db, "INSERT INTO scenario_variant VALUES (?1, ?2, ?3, ?4, ?5)",
                       -1, &insv, NULL);
    sqlite3_prepare_v2(kb->db, "INSERT INTO scenario_turn(scenario_id, idx, answer_zh,"
                       " answer_en) VALUES (?1, ?2, ?3, ?4)", -1, &inst, NULL);
    size_t have = 0;
    {
        sqlite3_stmt *c = NULL;
        sqlite3_prepare_v2(kb->db, "SELECT count(*) FROM scenario", -1, &c, NULL);
        sqlite3_step(c);
        have = (size_t)sqlite3_column_int64(c, 0);
        sqlite3_finalize(c);
    }
    static size_t serial = 0;
    while (have < target) {
        sqlite3_reset(src);
        while (have < target && sqlite3_step(src) == SQLITE_ROW) {
            char slug[32];
            snprintf(slug, sizeof slug, "syn-%zu", serial++);
            sqlite3_reset(ins);
            sqlite3_bind_text(ins, 1, slug, -1, SQLITE_TRANSIENT);
            sqlite3_bind_value(ins, 2, sqlite3_column_value(src, 1));
            sqlite3_bind_value(ins, 3, sqlite3_column_value(src, 2));
            for (int c = 3; c <= 6; c++)
                sqlite3_bind_text(ins, c + 1,
                                  perturb(p, (const char *)sqlite3_column_text(src, c)), -1, free);
            if (sqlite3_step(ins) != SQLITE_ROW)
                die("insert synthetic scenario", kb);
            sqlite3_int64 id = sqlite3_column_int64(ins, 0);
            sqlite3_reset(ins);
            sqlite3_int64 from = sqlite3_column_int64(src, 0);
            sqlite3_reset(vars);
            sqlite3_bind_int64(vars, 1, from);
            while (sqlite3_step(vars) == SQLITE_ROW) {
                sqlite3_reset(insv);
                sqlite3_bind_int64(insv, 1, id);
                sqlite3_bind_value(insv, 2, sqlite3_column_value(vars, 0));
                sqlite3_bind_value(insv, 3, sqlite3_column_value(vars, 1));
                sqlite3_bind_text(insv, 4, perturb(p, (const char *)sqlite3_column_text(vars, 2)),
                                  -1, free);
                sqlite3_bind_text(insv, 5, perturb(p, (const char *)sqlite3_column_text(vars, 3)),
                                  -1, free);
                sqlite3_step(insv);
            }
            sqlite3_reset(turns);
            sqlite3_bind_int64(turns, 1, from);
            while (sqlite3_step(turns) == SQLITE_ROW) {
                sqlite3_reset(inst);
                sqlite3_bind_int64(inst, 1, id);
                sqlite3_bind_value(inst, 2, sqlite3_column_value(turns, 0));
                sqlite3_bind_text(inst, 3, perturb(p, (const char *)sqlite3_column_text(turns, 1)),
                                  -1, free);
                sqlite3_bind_text(inst, 4, perturb(p, (const char *)sqlite3_column_text(turns, 2)),
                                  -1, free);
                sqlite3_step(inst);
            }
            have++;
        }
    }
    sqlite3_finalize(src);
    sqlite3_finalize(vars);
    sqlite3_finalize(turns);
    sqlite3_finalize(ins);
    sqlite3_finalize(insv);
    sqlite3_finalize(inst);
    if (kb_search_reindex(kb) != KB_OK)
        die("reindex", kb);
    exec_sql(kb, "COMMIT");
    double t = now_ms() - t0;
    build_doc_table(kb);
    return t;
}

struct lat {
    double p50, p99;
};

static struct lat latency(kb_t *kb, const struct item *items, size_t n, search_fn fn, int reps)
{
    char out[TOPK][96];
    double *v = malloc(n * (size_t)reps * sizeof *v);
    size_t k = 0;
    for (size_t i = 0; i < n && i < 20; i++)
        fn(kb, items[i].query, out);              /* warm the page cache */
    for (int r = 0; r < reps; r++) {
        for (size_t i = 0; i < n; i++) {
            double t0 = now_ms();
            fn(kb, items[i].query, out);
            v[k++] = now_ms() - t0;
        }
    }
    struct lat l = {pct(v, k, 50), pct(v, k, 99)};
    free(v);
    return l;
}

/* ------------------------------------------------------------------ */
/* Cold start: exec to exit, median of runs. */

/* Wall time of one run (ms), and its CPU time (user + system) in *cpu:
 * on a busy machine the wall time includes waiting for a core, the CPU
 * time does not. */
static double run_ms(char *const argv[], double *cpu)
{
    pid_t pid;
    int status;
    struct rusage ru;
    int devnull = open("/dev/null", O_WRONLY);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, devnull, 1);
    double t0 = now_ms();
    if (posix_spawn(&pid, argv[0], &fa, NULL, argv, environ) != 0)
        return -1;
    wait4(pid, &status, 0, &ru);
    double t = now_ms() - t0;
    posix_spawn_file_actions_destroy(&fa);
    close(devnull);
    if (cpu)
        *cpu = ru.ru_utime.tv_sec * 1e3 + ru.ru_utime.tv_usec / 1e3 +
               ru.ru_stime.tv_sec * 1e3 + ru.ru_stime.tv_usec / 1e3;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? t : -1;
}

static void cold_start(const char *dbpath, int runs)
{
    char bin[4096];
    const char *b = getenv("KEFU_BIN");
    if (b && *b)
        snprintf(bin, sizeof bin, "%s", b);
    else
        snprintf(bin, sizeof bin, "%s/assistant/kefu", KEFU_BINARY_DIR);
    if (access(bin, X_OK) != 0) {
        printf("\nCold start: skipped (no kefu binary at %s; build target kefu)\n", bin);
        return;
    }
    char *search[] = {bin, "--db", (char *)dbpath, "kb", "search", "我的快递到哪了", NULL};
    char *version[] = {bin, "--version", NULL};
    if (run_ms(search, NULL) < 0) {      /* first run loads the built-in library */
        printf("\nCold start: skipped (kefu kb search failed)\n");
        return;
    }
    double *a = malloc((size_t)runs * sizeof *a), *c = malloc((size_t)runs * sizeof *c);
    double *ac = malloc((size_t)runs * sizeof *a), *cc = malloc((size_t)runs * sizeof *c);
    for (int i = 0; i < runs; i++) {
        a[i] = run_ms(search, &ac[i]);
        c[i] = run_ms(version, &cc[i]);
    }
    double ma = pct(a, (size_t)runs, 50), mc = pct(c, (size_t)runs, 50);
    printf("\nCold start over %d runs (exec to exit, existing database; median wall, p90"
           " wall, median CPU):\n", runs);
    printf("  kefu kb search   %6.2f ms  %6.2f ms  %6.2f ms\n", ma, pct(a, (size_t)runs, 90),
           pct(ac, (size_t)runs, 50));
    printf("  kefu --version   %6.2f ms  %6.2f ms  %6.2f ms  (baseline: process start;"
           " wall ratio %.1fx)\n", mc, pct(c, (size_t)runs, 90), pct(cc, (size_t)runs, 50),
           mc > 0 ? ma / mc : 0);
    free(a);
    free(c);
    free(ac);
    free(cc);
}

int main(int argc, char **argv)
{
    bool quick = false, scale = true, misses = false, ablate = true;
    setvbuf(stdout, NULL, _IOLBF, 0);   /* progress shows when piped */
    ours_opts = kb_search_defaults;
    char evalpath[4096];
    snprintf(evalpath, sizeof evalpath, "%s/tests/bench/data/search_eval.tsv", source_dir());
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--quick"))
            quick = true;
        else if (!strcmp(argv[i], "--no-scale"))
            scale = false;
        else if (!strcmp(argv[i], "--no-ablation"))
            ablate = false;
        else if (!strcmp(argv[i], "--misses"))
            misses = true;
        else if (!strcmp(argv[i], "--prune-budget") && i + 1 < argc)
            ours_opts.prune_budget = atoi(argv[++i]);   /* 0: never prune */
        else if (!strcmp(argv[i], "--perturb") && i + 1 < argc)
            perturb_pct = (unsigned)atoi(argv[++i]);
        else if (!strcmp(argv[i], "--eval") && i + 1 < argc)
            snprintf(evalpath, sizeof evalpath, "%s", argv[++i]);
    }
    char dir[] = "/tmp/kefu-bench-search.XXXXXX";
    if (!mkdtemp(dir))
        die("mkdtemp", NULL);
    char dbpath[4200], colddb[4200];
    snprintf(dbpath, sizeof dbpath, "%s/bench.db", dir);
    snprintf(colddb, sizeof colddb, "%s/cold.db", dir);

    size_t n = 0;
    struct item *items = read_eval(evalpath, &n);
    double t0 = now_ms();
    kb_t *kb = open_library(dbpath);
    double t_load = now_ms() - t0;
    size_t ns = 0, np = 0;
    kb_lib_count(kb, &ns, &np);
    build_doc_table(kb);
    build_fts_baselines(kb);
    printf("bench_search: %zu scenarios + %zu policies (loaded in %.0f ms), %zu queries"
           " from %s\n", ns, np, t_load, n, evalpath);
    evaluate(kb, items, n, misses);
    if (ablate)
        ablation(kb, items, n);

    printf("\nLatency per query (ms; p50 / p99; %zu queries x 3; LIKE at 10,000 and"
           " 100,000: the first 60 / 20 queries once)\n", n);
    printf("  %-10s %10s %18s %18s %18s %18s %12s\n", "scenarios", "build ms", "ours",
           "like (baseline)", "unicode61", "trigram", "ratio p50");
    struct lat lo = latency(kb, items, n, s_ours, 3), ll = latency(kb, items, n, s_like, 3);
    struct lat lu = latency(kb, items, n, s_unicode61, 3), lt = latency(kb, items, n, s_trigram, 3);
    printf("  %-10zu %10.0f %8.3f / %7.3f %8.3f / %7.3f %8.3f / %7.3f %8.3f / %7.3f %11.1fx\n",
           ns + np, t_load, lo.p50, lo.p99, ll.p50, ll.p99, lu.p50, lu.p99, lt.p50, lt.p99,
           lo.p50 > 0 ? ll.p50 / lo.p50 : 0);
    if (scale) {
        struct pool p;
        pool_build(kb, &p);
        size_t sizes[] = {10000, 100000};
        for (size_t s = 0; s < (quick ? 1u : 2u); s++) {
            double tb = scale_to(kb, &p, sizes[s]);
            lo = latency(kb, items, n, s_ours, 3);
            /* the LIKE scan takes seconds a query at this size: a sample */
            size_t nl = sizes[s] >= 100000 ? 20 : 60;
            ll = latency(kb, items, nl < n ? nl : n, s_like, 1);
            struct score sc = {0};
            for (size_t k = 0; k < n; k++)
                rank_of(kb, &items[k], s_ours, &sc);
            printf("  %-10zu %10.0f %8.3f / %7.3f %8.3f / %7.3f %18s %18s %11.1fx"
                   "   (ours here: top-1 %.1f%%, top-3 %.1f%%)\n",
                   sizes[s], tb, lo.p50, lo.p99, ll.p50, ll.p99, "-", "-",
                   lo.p50 > 0 ? ll.p50 / lo.p50 : 0, 100 * sc.top1 / (double)sc.n,
                   100 * sc.top3 / (double)sc.n);
            fflush(stdout);
        }
    }
    kb_close(kb);
    cold_start(colddb, quick ? 15 : 60);

    for (size_t i = 0; i < n; i++) {
        free(items[i].query);
        free(items[i].slug);
    }
    free(items);
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "bench_search: could not remove %s\n", dir);
    return 0;
}
