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
 * The quality is printed for each evaluation set: the original
 * (search_eval.tsv), two written later (search_eval_fresh.tsv and
 * search_eval_holdout.tsv; --fresh FILE, --holdout FILE, --only-eval for
 * the --eval set alone) and all together; latency is measured over all
 * their queries.
 *
 * Options: --quick (10,000 only, fewer cold runs), --no-scale, --eval FILE,
 * --perturb N, --prune-budget N (0: no pruning), --max-pieces N, --no-ablation,
 * --misses (print the queries of the original set ours gets wrong; never of
 * the later sets, which stay held out), --no-cold, --ours-only (no
 * baselines). Asserts nothing.
 * Ranking options, to measure each (struct kb_search_opts): --syn-weight W,
 * --typo-weight W, --pair-weight W, --uni-weight W, --family-weight W,
 * --group-max 0|1, --bm25f 0|1, --weights "t, w, a, b", --k1 K, --b B,
 * --rerank N, --mmap MB, --fts5-bm25 (FTS5's bm25(), the ranking before
 * search_rank.c).
 * For working on latency: --size N (scale up to N only), --slowest N (print
 * the N slowest queries of ours at each size, with their pieces and
 * postings), --db PATH (keep the database there; a later run with the same
 * PATH reuses it and measures only the latency at the size it holds, which
 * skips the ~2 minute build of 100,000).
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

static kb_t *open_library(const char *path, bool reuse)
{
    kb_t *kb = NULL;
    kb_library *lib = NULL;
    kb_diags d;
    glob_t g;
    char pattern[4096];
    if (!reuse)
        unlink(path);
    if (kb_open(&kb, path, KB_OPEN_CREATE) != KB_OK)
        die("cannot open the database", kb);
    exec_sql(kb, "PRAGMA synchronous = OFF");
    if (reuse)
        return kb;              /* --db of an earlier run: already scaled up */
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

#include "bench_search_baselines.h"

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

#include "bench_search_quality.h"
#include "bench_search_speed.h"

/* The sets' scores of ours, on one line: "original 93.5% 97.2% 0.957 ...". */
static void print_quality_here(kb_t *kb, const struct evalset *sets, size_t nsets)
{
    for (size_t s = 0; s < nsets; s++) {
        printf("      %-9s", sets[s].name);
        print_set_score(kb, &sets[s], s_ours);
        printf("\n");
    }
}

/* Read a set, or leave it empty (n = 0) when optional and missing. */
static void load_set(struct evalset *set, const char *name, const char *path, bool optional)
{
    set->name = name;
    set->v = NULL;
    set->n = 0;
    if (optional && access(path, R_OK) != 0)
        return;
    set->v = read_eval(path, &set->n);
}

int main(int argc, char **argv)
{
    bool quick = false, scale = true, misses = false, ablate = true, cold = true;
    size_t only_size = 0;
    char keepdb[4096] = "";
    setvbuf(stdout, NULL, _IOLBF, 0);   /* progress shows when piped */
    ours_opts = kb_search_defaults;
    char evalpath[4096], freshpath[4096], holdpath[4096];
    snprintf(evalpath, sizeof evalpath, "%s/tests/bench/data/search_eval.tsv", source_dir());
    snprintf(freshpath, sizeof freshpath, "%s/tests/bench/data/search_eval_fresh.tsv",
             source_dir());
    snprintf(holdpath, sizeof holdpath, "%s/tests/bench/data/search_eval_holdout.tsv",
             source_dir());
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--quick"))
            quick = true;
        else if (!strcmp(argv[i], "--no-scale"))
            scale = false;
        else if (!strcmp(argv[i], "--ours-only"))
            n_methods = 1;                              /* no baselines */
        else if (!strcmp(argv[i], "--no-cold"))
            cold = false;
        else if (!strcmp(argv[i], "--no-ablation"))
            ablate = false;
        else if (!strcmp(argv[i], "--misses"))
            misses = true;
        else if (!strcmp(argv[i], "--prune-budget") && i + 1 < argc)
            ours_opts.prune_budget = atoi(argv[++i]);   /* 0: never prune */
        else if (!strcmp(argv[i], "--perturb") && i + 1 < argc)
            perturb_pct = (unsigned)atoi(argv[++i]);
        else if (!strcmp(argv[i], "--max-pieces") && i + 1 < argc)
            ours_opts.max_pieces = atoi(argv[++i]);     /* 0: no limit */
        else if (!strcmp(argv[i], "--fts5-bm25"))
            ours_opts.fts5_bm25 = true;                 /* the ranking before */
        else if (!strcmp(argv[i], "--syn-weight") && i + 1 < argc)
            ours_opts.syn_weight = atof(argv[++i]);
        else if (!strcmp(argv[i], "--uni-weight") && i + 1 < argc)
            ours_opts.uni_weight = atof(argv[++i]);
        else if (!strcmp(argv[i], "--group-max") && i + 1 < argc)
            ours_opts.group_max = atoi(argv[++i]) != 0;
        else if (!strcmp(argv[i], "--bm25f") && i + 1 < argc)
            ours_opts.bm25f = atoi(argv[++i]) != 0;
        else if (!strcmp(argv[i], "--weights") && i + 1 < argc)
            ours_opts.weights = argv[++i];
        else if (!strcmp(argv[i], "--typo-weight") && i + 1 < argc)
            ours_opts.typo_weight = atof(argv[++i]);
        else if (!strcmp(argv[i], "--pair-weight") && i + 1 < argc)
            ours_opts.pair_weight = atof(argv[++i]);
        else if (!strcmp(argv[i], "--family-weight") && i + 1 < argc)
            ours_opts.family_weight = atof(argv[++i]);
        else if (!strcmp(argv[i], "--mmap") && i + 1 < argc)
            ours_opts.mmap_mb = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--k1") && i + 1 < argc)
            ours_opts.k1 = atof(argv[++i]);
        else if (!strcmp(argv[i], "--b") && i + 1 < argc)
            ours_opts.b = atof(argv[++i]);
        else if (!strcmp(argv[i], "--rerank") && i + 1 < argc)
            ours_opts.rerank = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--size") && i + 1 < argc)
            only_size = (size_t)atol(argv[++i]);
        else if (!strcmp(argv[i], "--slowest") && i + 1 < argc)
            slowest = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--db") && i + 1 < argc)
            snprintf(keepdb, sizeof keepdb, "%s", argv[++i]);
        else if (!strcmp(argv[i], "--eval") && i + 1 < argc)
            snprintf(evalpath, sizeof evalpath, "%s", argv[++i]);
        else if (!strcmp(argv[i], "--fresh") && i + 1 < argc)
            snprintf(freshpath, sizeof freshpath, "%s", argv[++i]);
        else if (!strcmp(argv[i], "--holdout") && i + 1 < argc)
            snprintf(holdpath, sizeof holdpath, "%s", argv[++i]);
        else if (!strcmp(argv[i], "--only-eval")) {
            freshpath[0] = '\0';       /* the --eval set alone */
            holdpath[0] = '\0';
        }
    }
    char dir[] = "/tmp/kefu-bench-search.XXXXXX";
    if (!mkdtemp(dir))
        die("mkdtemp", NULL);
    char dbpath[4200], colddb[4200];
    snprintf(dbpath, sizeof dbpath, "%s/bench.db", dir);
    snprintf(colddb, sizeof colddb, "%s/cold.db", dir);
    bool reuse = false;
    if (*keepdb) {
        snprintf(dbpath, sizeof dbpath, "%s", keepdb);
        reuse = access(keepdb, F_OK) == 0;
    }

    /* the original set, the fresh and the held-out ones when there, and
     * all of them together (the latency is measured over all queries) */
    struct evalset sets[4];
    size_t nsets = 0, nall = 0;
    load_set(&sets[nsets++], "original", evalpath, false);
    if (*freshpath)
        load_set(&sets[nsets++], "fresh", freshpath, true);
    if (*holdpath)
        load_set(&sets[nsets++], "holdout", holdpath, true);
    for (size_t s = 0; s < nsets; s++)
        nall += sets[s].n;
    struct evalset *all = &sets[nsets];
    *all = (struct evalset){"all", malloc(nall * sizeof *all->v), 0};
    for (size_t s = 0; s < nsets; s++) {
        memcpy(all->v + all->n, sets[s].v, sets[s].n * sizeof *all->v);
        all->n += sets[s].n;
    }
    size_t nshow = 0;           /* the sets that have queries, and "all" */
    for (size_t s = 0; s < nsets; s++)
        if (sets[s].n)
            sets[nshow++] = sets[s];
    if (nshow > 1)
        sets[nshow++] = *all;
    else
        free(all->v);
    nsets = nshow;
    const struct item *items = sets[nsets - 1].v;
    size_t n = sets[nsets - 1].n;
    double t0 = now_ms();
    kb_t *kb = open_library(dbpath, reuse);
    if (reuse) {
        size_t ns = 0, np = 0;
        kb_lib_count(kb, &ns, &np);
        struct lat lo = latency(kb, items, n, s_ours, 3);
        printf("reused %s: %zu scenarios: ours p50 %.3f / p99 %.3f ms, CPU %.3f / %.3f ms"
               " (%zu queries x 3); quality here (top-1 / top-3 / MRR@10):\n", dbpath, ns,
               lo.p50, lo.p99, lo.cpu50, lo.cpu99, n);
        print_quality_here(kb, sets, nsets);
        if (slowest)
            print_slowest(kb, items, n);
        kb_close(kb);
        return 0;
    }
    double t_load = now_ms() - t0;
    size_t ns = 0, np = 0;
    kb_lib_count(kb, &ns, &np);
    build_doc_table(kb);
    if (n_methods > 1)
        build_fts_baselines(kb);
    printf("bench_search: %zu scenarios + %zu policies (loaded in %.0f ms); queries:",
           ns, np, t_load);
    for (size_t s = 0; s < nsets; s++)
        printf(" %s %zu", sets[s].name, sets[s].n);
    printf(" (%s and the fresh and holdout sets beside it)\n", evalpath);
    /* only the original set's misses: the others stay held out */
    for (size_t s = 0; s < nsets; s++)
        evaluate(kb, &sets[s], misses && s == 0);
    if (ablate)
        ablation(kb, sets, nsets);

    printf("\nLatency per query (ms; p50 / p99; %zu queries x 3; LIKE at 10,000 and"
           " 100,000: the first 60 / 20 queries once)\n", n);
    printf("  %-10s %10s %18s %18s %18s %18s %12s\n", "scenarios", "build ms", "ours",
           "like (baseline)", "unicode61", "trigram", "ratio p50");
    struct lat lo = latency(kb, items, n, s_ours, 3), ll = {0}, lu = {0}, lt = {0};
    if (n_methods > 1) {
        ll = latency(kb, items, n, s_like, 3);
        lu = latency(kb, items, n, s_unicode61, 3);
        lt = latency(kb, items, n, s_trigram, 3);
    }
    printf("  %-10zu %10.0f %8.3f / %7.3f %8.3f / %7.3f %8.3f / %7.3f %8.3f / %7.3f %11.1fx"
           "   (ours CPU %.3f / %.3f)\n",
           ns + np, t_load, lo.p50, lo.p99, ll.p50, ll.p99, lu.p50, lu.p99, lt.p50, lt.p99,
           lo.p50 > 0 ? ll.p50 / lo.p50 : 0, lo.cpu50, lo.cpu99);
    if (scale) {
        struct pool p;
        pool_build(kb, &p);
        size_t sizes[] = {10000, 100000};
        for (size_t s = 0; s < (quick ? 1u : 2u); s++) {
            if (only_size)
                sizes[s] = only_size;
            if (only_size && s > 0)
                break;
            double tb = scale_to(kb, &p, sizes[s]);
            lo = latency(kb, items, n, s_ours, 3);
            /* the LIKE scan takes seconds a query at this size: a sample */
            size_t nl = sizes[s] >= 100000 ? 20 : 60;
            ll = latency(kb, items, nl < n ? nl : n, s_like, 1);
            printf("  %-10zu %10.0f %8.3f / %7.3f %8.3f / %7.3f %18s %18s %11.1fx"
                   "   (ours CPU %.3f / %.3f); quality of ours here:\n",
                   sizes[s], tb, lo.p50, lo.p99, ll.p50, ll.p99, "-", "-",
                   lo.p50 > 0 ? ll.p50 / lo.p50 : 0, lo.cpu50, lo.cpu99);
            print_quality_here(kb, sets, nsets);
            if (slowest)
                print_slowest(kb, items, n);
            fflush(stdout);
        }
    }
    kb_close(kb);
    if (cold)
        cold_start(colddb, quick ? 15 : 60);

    for (size_t i = 0; i < n; i++) {
        free(items[i].query);
        free(items[i].slug);
    }
    for (size_t s = 0; s < nsets; s++)
        free(sets[s].v);
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "bench_search: could not remove %s\n", dir);
    return 0;
}
