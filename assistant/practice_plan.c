/* practice_plan.c -- which scenarios a trainee practises next, and tiers.
 *
 * Picking (issue 7): scenarios of the trainee's tier, never-finished ones
 * first, taking one category at a time in turn so a short session still
 * covers several; then the rest, weakest category first (lowest mean score
 * of the trainee's finished attempts), and within a category the scenario
 * the trainee scored lowest on. Deterministic for a given history, so a
 * session's plan is reproducible and tests can rely on it.
 *
 * A tier is passed with a mean of >= 80 over the last 10 finished scenarios
 * of that tier, when every category of the tier has been tried.
 */
#include "practice_plan.h"

#include <stdlib.h>
#include <string.h>

struct cand {
    const kb_scenario *sc;
    int seen;           /* finished attempts */
    int last;           /* last score, -1 when never */
    double cat_mean;    /* trainee's mean in this category, 101 when none */
    int cat_rank;       /* order of the category among unseen picks */
};

static int cmp_cand(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;
    if ((x->seen > 0) != (y->seen > 0))
        return x->seen > 0 ? 1 : -1;            /* unseen first */
    if (!x->seen) {
        if (x->cat_rank != y->cat_rank)         /* round robin over categories */
            return x->cat_rank < y->cat_rank ? -1 : 1;
        return x->sc < y->sc ? -1 : x->sc > y->sc;  /* the library's own order */
    }
    if (x->cat_mean != y->cat_mean)             /* weakest category first */
        return x->cat_mean < y->cat_mean ? -1 : 1;
    if (x->last != y->last)
        return x->last < y->last ? -1 : 1;
    if (x->seen != y->seen)
        return x->seen < y->seen ? -1 : 1;
    return strcmp(x->sc->slug, y->sc->slug);
}

static double category_mean(const kb_practice_result *res, size_t n, const char *cat)
{
    double sum = 0;
    int cnt = 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(res[i].category, cat) == 0) {
            sum += res[i].score;
            cnt++;
        }
    return cnt ? sum / cnt : 101.0;
}

int practice_pick(const kb_library *lib, kb_tier tier, const kb_practice_result *res,
                  size_t nres, size_t count, const kb_scenario ***out, size_t *n)
{
    struct cand *c = calloc(lib->n_scenarios + 1, sizeof *c);
    size_t nc = 0;
    *out = NULL;
    *n = 0;
    if (!c)
        return -1;
    for (size_t i = 0; i < lib->n_scenarios; i++) {
        const kb_scenario *sc = &lib->scenarios[i];
        if (sc->tier != tier || sc->n_turns == 0)
            continue;
        /* a drill or trainer file may shadow a built-in slug: keep the winner */
        if (kb_library_scenario(lib, sc->slug) != sc)
            continue;
        struct cand *x = &c[nc++];
        x->sc = sc;
        x->last = -1;
        for (size_t j = 0; j < nres; j++)
            if (strcmp(res[j].scenario, sc->slug) == 0) {
                x->seen++;
                x->last = res[j].score;
            }
        x->cat_mean = category_mean(res, nres, sc->category);
    }
    /* round-robin rank of unseen scenarios: k-th unseen of its category */
    for (size_t i = 0; i < nc; i++) {
        int k = 0;
        for (size_t j = 0; j < nc; j++)
            if (j != i && !c[j].seen && strcmp(c[j].sc->category, c[i].sc->category) == 0 &&
                c[j].sc < c[i].sc)
                k++;
        c[i].cat_rank = k;
    }
    qsort(c, nc, sizeof *c, cmp_cand);
    if (count > nc)
        count = nc;
    const kb_scenario **v = calloc(count + 1, sizeof *v);
    if (!v) {
        free(c);
        return -1;
    }
    for (size_t i = 0; i < count; i++)
        v[i] = c[i].sc;
    free(c);
    *out = v;
    *n = count;
    return 0;
}

int practice_tier_status(const kb_library *lib, kb_tier tier, const kb_practice_result *res,
                         size_t nres, struct practice_tier_status *st)
{
    const char *tname = kb_tier_name(tier);
    memset(st, 0, sizeof *st);
    st->tier = tier;
    /* the last 10 finished scenarios of this tier */
    long sum = 0;
    for (size_t i = nres; i-- > 0 && st->counted < PRACTICE_TIER_WINDOW;) {
        if (strcmp(res[i].tier, tname) != 0)
            continue;
        sum += res[i].score;
        st->counted++;
    }
    st->mean = st->counted ? (int)((sum + (long)st->counted / 2) / (long)st->counted) : 0;
    /* categories of the tier, and which were tried */
    for (size_t i = 0; i < lib->n_scenarios; i++) {
        const kb_scenario *sc = &lib->scenarios[i];
        if (sc->tier != tier)
            continue;
        bool dup = false;
        for (size_t k = 0; k < i && !dup; k++)
            dup = lib->scenarios[k].tier == tier &&
                  strcmp(lib->scenarios[k].category, sc->category) == 0;
        if (dup)
            continue;
        st->categories++;
        bool tried = false;
        for (size_t j = 0; j < nres && !tried; j++)
            tried = strcmp(res[j].tier, tname) == 0 && strcmp(res[j].category, sc->category) == 0;
        if (tried)
            st->tried++;
        else if (!st->untried)
            st->untried = sc->category;
    }
    st->passed = st->counted >= PRACTICE_TIER_WINDOW && st->mean >= PRACTICE_TIER_MARK &&
                 st->tried == st->categories;
    return 0;
}

kb_tier practice_next_tier(kb_tier t)
{
    return t == KB_TIER_BASIC ? KB_TIER_INTERMEDIATE
         : t == KB_TIER_INTERMEDIATE ? KB_TIER_ADVANCED : KB_TIER_NONE;
}
