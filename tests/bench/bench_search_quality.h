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

static void ablation(kb_t *kb, const struct evalset *sets, size_t nsets)
{
    struct variant v[32];
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

