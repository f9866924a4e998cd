/* bench_search_quality.h -- part of bench_search.c (included once, after the
 * four searches): top-1 / top-3 / MRR@10 of each search over each evaluation
 * set, by kind of query, and the ablation of ours over every set side by
 * side. Kept apart only to keep bench_search.c readable. */
/* ------------------------------------------------------------------ */
/* Quality. */

struct score {
    double top1, top3, mrr;
    size_t n;
};

/* One evaluation set: the original (search_eval.tsv), the fresh held-out
 * one (search_eval_fresh.tsv), and both together. */
struct evalset {
    const char *name;
    struct item *v;
    size_t n;
};

static void score_add(struct score *s, size_t rank)
{
    s->n++;
    s->top1 += rank == 1;
    s->top3 += rank >= 1 && rank <= 3;
    s->mrr += rank ? 1.0 / (double)rank : 0;
}

static size_t rank_in(char out[TOPK][96], size_t got, const char *slug)
{
    for (size_t r = 0; r < got; r++)
        if (!strcmp(out[r], slug))
            return r + 1;
    return 0;
}

static int n_methods = N_METHODS;  /* --ours-only: 1 */

static void evaluate(kb_t *kb, const struct evalset *set, bool misses)
{
    static const char *const kinds[] = {"zh", "en", "traditional", "full-width", "mixed"};
    struct score all[N_METHODS] = {{0}}, by[5][N_METHODS] = {{{0}}};
    const struct item *items = set->v;
    for (size_t i = 0; i < set->n; i++) {
        size_t k = 0;
        while (k < 5 && strcmp(kinds[k], items[i].kind))
            k++;
        for (int m = 0; m < n_methods; m++) {
            char out[TOPK][96];
            size_t got = methods[m].fn(kb, items[i].query, out);
            size_t rank = rank_in(out, got, items[i].slug);
            score_add(&all[m], rank);
            if (k < 5)
                score_add(&by[k][m], rank);
            if (misses && m == 0 && rank != 1)
                printf("  miss: %-40s want %-22s got %s (rank %zu)\n", items[i].query,
                       items[i].slug, got ? out[0] : "-", rank);
        }
    }
    printf("\nQuality, %s set: %zu queries (top-1 / top-3 / MRR@10)\n", set->name, set->n);
    printf("  %-12s %6s", "queries", "n");
    for (int m = 0; m < n_methods; m++)
        printf("  %-22s", methods[m].name);
    printf("\n");
    for (size_t k = 0; k <= 5; k++) {
        struct score *row = k < 5 ? by[k] : all;
        if (!row[0].n)
            continue;
        printf("  %-12s %6zu", k < 5 ? kinds[k] : "ALL", row[0].n);
        for (int m = 0; m < n_methods; m++) {
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
    size_t got = fn(kb, it->query, out);
    score_add(sc, rank_in(out, got, it->slug));
}

/* "93.5% 97.2% 0.957" of ours on one set. */
static void print_set_score(kb_t *kb, const struct evalset *set, search_fn fn)
{
    struct score sc = {0};
    for (size_t k = 0; k < set->n; k++)
        rank_of(kb, &set->v[k], fn, &sc);
    printf("  %5.1f%% %5.1f%% %5.3f", 100 * sc.top1 / (double)sc.n,
           100 * sc.top3 / (double)sc.n, sc.mrr / (double)sc.n);
}

struct variant {
    const char *name;
    struct kb_search_opts o;
};

/* Each variant changes one thing from the defaults (docs/search.md). */
static size_t variants_of(const struct kb_search_opts *d, struct variant *v)
{
    static char names[32][48];
    size_t nv = 0;
    struct kb_search_opts o;
#define VARIANT(label, change)                                                  \
    do {                                                                        \
        o = *d;                                                                 \
        change;                                                                 \
        snprintf(names[nv], sizeof names[nv], "%s", label);                     \
        v[nv] = (struct variant){names[nv], o};                                 \
        nv++;                                                                   \
    } while (0)
    VARIANT("defaults", (void)0);
    VARIANT("FTS5 bm25() as before", (o.fts5_bm25 = true, o.syn_weight = 1, o.typo_weight = 0,
            o.pair_weight = 0, o.weights = "8.0, 4.0, 1.0, 2.0"));
    VARIANT(d->unigrams ? "no CJK unigrams" : "CJK unigrams", o.unigrams = !d->unigrams);
    VARIANT(d->thesaurus ? "no thesaurus" : "thesaurus", o.thesaurus = !d->thesaurus);
    VARIANT("synonyms weight 1", o.syn_weight = 1.0);
    VARIANT("synonyms weight 0.3", o.syn_weight = 0.3);
    VARIANT("group = best synonym", o.group_max = !d->group_max);
    VARIANT("CJK unigrams weight 0.5", o.uni_weight = 0.5);
    VARIANT("no typo fixes", o.typo_weight = 0);
    VARIANT("no English word pairs", o.pair_weight = 0);
    VARIANT("word families 0.5", o.family_weight = 0.5);
    VARIANT(d->bm25f ? "classic BM25" : "BM25F", o.bm25f = !d->bm25f);
    VARIANT("k1 1.2", o.k1 = 1.2);
    VARIANT("k1 2.0", o.k1 = 2.0);
    VARIANT("b 0.5", o.b = 0.5);
    VARIANT("b 0.9", o.b = 0.9);
    VARIANT("no length (rerank 0)", o.rerank = 0);
    VARIANT("coverage 1.0", o.cover = 1.0);
    VARIANT("weights 8, 4, 1, 2", o.weights = "8.0, 4.0, 1.0, 2.0");
    VARIANT("weights 4, 4, 1, 1", o.weights = "4.0, 4.0, 1.0, 1.0");
    VARIANT("weights 2, 2, 1, 1", o.weights = "2.0, 2.0, 1.0, 1.0");
    VARIANT("weights 1, 2, 1, 1", o.weights = "1.0, 2.0, 1.0, 1.0");
    VARIANT("policy x 1.0", o.policy = 1.0);
    VARIANT("policy x 0.8", o.policy = 0.8);
    VARIANT("policy x 0.4", o.policy = 0.4);
#undef VARIANT
    return nv;
}

static void ablation(kb_t *kb, const struct evalset *sets, size_t nsets)
{
    struct variant v[32];
    size_t nv = variants_of(&kb_search_defaults, v);
    printf("\nAblation of ours (top-1 / top-3 / MRR@10 on each set; weights are title,"
           " wording, answer, body)\n  %-22s", "variant");
    for (size_t s = 0; s < nsets; s++)
        printf("  %-20s", sets[s].name);
    printf("\n");
    for (size_t i = 0; i < nv; i++) {
        cur_opts = v[i].o;
        printf("  %-22s", v[i].name);
        for (size_t s = 0; s < nsets; s++)
            print_set_score(kb, &sets[s], s_variant);
        printf("\n");
    }
}

