/* bench_search_speed.h -- part of bench_search.c (included once, after its
 * helpers): the synthetic scale-up, per-query latency and cold start.
 * Kept apart only to keep bench_search.c readable. */
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

/* Wall time, and the thread's CPU time: on the shared machine a query can
 * wait for a core for several ms, which shows in the wall p99 at any size;
 * the CPU time tells what the query itself costs. */
struct lat {
    double p50, p99, cpu50, cpu99;
};

static double cpu_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int slowest;     /* --slowest N */

struct slow {
    double ms;
    size_t i;
    struct kb_search_stats st;
};

static int cmp_slow(const void *a, const void *b)
{
    const struct slow *x = a, *y = b;
    return x->ms < y->ms ? 1 : x->ms > y->ms ? -1 : 0;
}

/* The slowest queries of ours (CPU time, best of 3 runs each), with what
 * they cost. */
static void print_slowest(kb_t *kb, const struct item *items, size_t n)
{
    struct slow *v = calloc(n, sizeof *v);
    struct kb_search_opts o = ours_opts;
    for (size_t i = 0; i < n; i++) {
        v[i].i = i;
        v[i].ms = 1e9;
        o.stats = &v[i].st;
        for (int r = 0; r < 3; r++) {
            kb_hit *h = NULL;
            size_t nh = 0;
            double t0 = cpu_ms();
            kb_search_opt(kb, items[i].query, NULL, TOPK, &o, &h, &nh);
            double t = cpu_ms() - t0;
            kb_hits_free(h, nh);
            if (t < v[i].ms)
                v[i].ms = t;
        }
    }
    qsort(v, n, sizeof *v, cmp_slow);
    for (size_t k = 0; k < n && k < (size_t)slowest; k++)
        printf("    slow %7.3f ms cpu  pieces %2zu of %2zu  postings %6lld%s  %s\n", v[k].ms,
               v[k].st.pieces, v[k].st.pieces_in, v[k].st.postings,
               v[k].st.and2 ? " AND" : "    ", items[v[k].i].query);
    free(v);
}

static struct lat latency(kb_t *kb, const struct item *items, size_t n, search_fn fn, int reps)
{
    char out[TOPK][96];
    double *v = malloc(n * (size_t)reps * sizeof *v);
    double *c = malloc(n * (size_t)reps * sizeof *c);
    size_t k = 0;
    for (size_t i = 0; i < n && i < 20; i++)
        fn(kb, items[i].query, out);              /* warm the page cache */
    for (int r = 0; r < reps; r++) {
        for (size_t i = 0; i < n; i++) {
            double t0 = now_ms(), c0 = cpu_ms();
            fn(kb, items[i].query, out);
            c[k] = cpu_ms() - c0;
            v[k++] = now_ms() - t0;
        }
    }
    struct lat l = {pct(v, k, 50), pct(v, k, 99), pct(c, k, 50), pct(c, k, 99)};
    free(v);
    free(c);
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

