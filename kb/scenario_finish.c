/* scenario_finish.c -- kb_library_finish(): the checks that need every file
 * of a library at once. Phrase sets are global, so a file may use a set that
 * a later file defines; slugs are unique across all files; `use:` may name a
 * scenario of any file. Everything here is O(n log n) in the size of the
 * library, because fuzzed or generated files can hold many thousands of
 * entries. */
#include <stdlib.h>
#include <string.h>
#include "scenario_int.h"

enum { MAX_DEPTH = 32, MAX_EXPANDED = 1000 };

struct fin {
    kb_library *lib;
    kb_diags *d;
    size_t errors;
    struct setkey *sets;        /* phrase sets sorted by name */
    unsigned char *state;       /* per set: 0 new, 1 expanding, 2 done */
};

static void err(struct fin *F, size_t file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void err(struct fin *F, size_t file, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kbs_vdiag(F->d, F->lib->files[file].name, line, col, KB_DIAG_ERROR, fmt, ap);
    va_end(ap);
    F->errors++;
}

struct setkey {
    const char *name;
    bool reference;
    size_t file, idx;
    int line;
};

/* Non-reference before reference; non-reference in file order, reference in
 * reverse order (the last reference definition wins, as in
 * kb_library_phrase_set): the first of equal names is the one that counts. */
static int cmp_set(const void *a, const void *b)
{
    const struct setkey *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    if (c)
        return c;
    if (x->reference != y->reference)
        return x->reference ? 1 : -1;
    int order = x->file != y->file ? (x->file < y->file ? -1 : 1)
                                   : (x->line > y->line) - (x->line < y->line);
    return x->reference ? -order : order;
}

static long find_set(struct fin *F, const char *name)
{
    size_t lo = 0, hi = F->lib->n_phrase_sets;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(F->sets[mid].name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < F->lib->n_phrase_sets && strcmp(F->sets[lo].name, name) == 0)
        return (long)F->sets[lo].idx;
    return -1;
}

static int cmp_ref(const void *a, const void *b)
{
    const struct kbs_ref *x = a, *y = b;
    return (x->text > y->text) - (x->text < y->text);
}

static const struct kbs_ref *find_ref(struct fin *F, const char *text)
{
    struct kbs_ref key = { .text = text };
    if (F->lib->priv->n_refs == 0)
        return NULL;
    return bsearch(&key, F->lib->priv->refs, F->lib->priv->n_refs,
                   sizeof key, cmp_ref);
}

static int expand_set(struct fin *F, size_t idx, int depth);

/* Replace every `$name` of *ph by the phrases of that set. from_set[i] of
 * the result says whether phrase i came from a set (for the placeholder
 * check); it may be NULL. Problems are reported only when report is set. */
static int expand_list(struct fin *F, kb_phrase **ph, size_t *n, bool report,
                       int depth, int line, size_t file, bool *any_from_set)
{
    kb_phrase *out = NULL;
    size_t nout = 0;
    bool capped = false;

    for (size_t i = 0; i < *n; i++) {
        kb_phrase *p = &(*ph)[i];
        const kb_phrase *src = p;
        size_t nsrc = 1;
        if (p->text[0] == '$') {
            const struct kbs_ref *r = find_ref(F, p->text);
            int rline = r ? r->line : line, rcol = r ? r->col : 0;
            long s = find_set(F, p->text + 1);
            if (s < 0) {
                if (report)
                    err(F, file, rline, rcol, "unknown phrase set '%s'; define it "
                        "with 'phrases: %s = ... | ...'", p->text, p->text + 1);
                continue;
            }
            if (F->state[s] == 1 || depth >= MAX_DEPTH) {
                if (report)
                    err(F, file, rline, rcol, depth >= MAX_DEPTH
                        ? "phrase set '%s' is nested too deeply" :
                        "phrase set '%s' refers to itself", p->text);
                continue;
            }
            if (F->state[s] == 0 && expand_set(F, (size_t)s, depth + 1) != 0)
                goto nomem;
            src = F->lib->phrase_sets[s].phrases;
            nsrc = F->lib->phrase_sets[s].n_phrases;
            if (any_from_set && nsrc)
                *any_from_set = true;
        }
        for (size_t j = 0; j < nsrc; j++) {
            if (nout >= MAX_EXPANDED) {
                if (!capped && report)
                    err(F, file, line, 1, "the phrases of this line expand to "
                        "more than %d alternatives", MAX_EXPANDED);
                capped = true;
                break;
            }
            if (kbs_grow(&out, nout, sizeof *out) != 0)
                goto nomem;
            out[nout++] = src[j];
        }
    }
    free(*ph);
    *ph = out;
    *n = nout;
    return 0;
nomem:
    free(out);
    return -1;
}

static int expand_set(struct fin *F, size_t idx, int depth)
{
    kb_phrase_set *s = &F->lib->phrase_sets[idx];
    F->state[idx] = 1;
    int rc = expand_list(F, &s->phrases, &s->n_phrases, !s->reference, depth,
                         s->line, s->file, NULL);
    F->state[idx] = 2;
    return rc;
}

/* ----------------------------------------------------------------- slugs */

struct slug {
    const char *slug;
    bool policy, reference;
    size_t file;
    int line, col;
};

static int cmp_slug(const void *a, const void *b)
{
    const struct slug *x = a, *y = b;
    int c = strcmp(x->slug, y->slug);
    if (c)
        return c;
    if (x->reference != y->reference)
        return x->reference ? 1 : -1;
    if (x->file != y->file)
        return x->file < y->file ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

static const struct slug *find_slug(const struct slug *v, size_t n, const char *s)
{
    if (n == 0)
        return NULL;
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(v[mid].slug, s) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && strcmp(v[lo].slug, s) == 0 ? &v[lo] : NULL;
}

/* The scenario slug nearest to a misspelt one (a typo, a swap: at most a
 * quarter of its letters, and at most 3), from the library and the slugs the
 * caller knows of; NULL if none is that near. */
static const char *closest_slug(struct fin *F, const struct slug *v, size_t n,
                                const char *s)
{
    size_t len = strlen(s);
    int limit = (int)(len / 4) < 3 ? (int)(len / 4) : 3, best = limit + 1;
    const char *near = NULL;
    if (limit < 1)
        limit = 1, best = 2;
    for (size_t i = 0; i < n; i++) {
        if (v[i].policy)
            continue;
        int d = kbs_distance(s, len, v[i].slug);
        if (d < best) {
            best = d;
            near = v[i].slug;
        }
    }
    for (size_t j = 0; j < F->lib->priv->n_known; j++) {
        int d = kbs_distance(s, len, F->lib->priv->known[j]);
        if (d < best) {
            best = d;
            near = F->lib->priv->known[j];
        }
    }
    return near;
}

static int check_slugs(struct fin *F)
{
    kb_library *lib = F->lib;
    size_t n = lib->n_scenarios + lib->n_policies, k = 0;
    struct slug *v = calloc(n ? n : 1, sizeof *v);
    if (!v)
        return -1;
    for (size_t i = 0; i < lib->n_scenarios; i++, k++)
        v[k] = (struct slug){ lib->scenarios[i].slug, false,
                              lib->scenarios[i].reference,
                              lib->scenarios[i].file, lib->scenarios[i].line,
                              lib->scenarios[i].col };
    for (size_t i = 0; i < lib->n_policies; i++, k++)
        v[k] = (struct slug){ lib->policies[i].slug, true,
                              lib->policies[i].reference,
                              lib->policies[i].file, lib->policies[i].line,
                              lib->policies[i].col };
    if (n > 1)
        qsort(v, n, sizeof *v, cmp_slug);
    for (size_t i = 1, first = 0; i < n; i++) {
        if (strcmp(v[i].slug, v[first].slug) != 0) {
            first = i;
            continue;
        }
        if (v[i].reference || !kbs_is_slug(v[i].slug, strlen(v[i].slug)))
            continue;           /* a bad slug was reported where it stands */
        err(F, v[i].file, v[i].line, v[i].col, "duplicate slug '%s'; it is already "
            "used by the %s at %s:%d", v[i].slug,
            v[first].policy ? "policy" : "scenario",
            lib->files[v[first].file].name, v[first].line);
    }
    /* use: may name a scenario of any file, or one the caller knows of. */
    for (size_t f = 0; f < lib->n_files; f++) {
        if (lib->files[f].reference)
            continue;
        for (size_t s = 0; s < lib->files[f].n_steps; s++) {
            const kb_drill_step *st = &lib->files[f].steps[s];
            if (!st->use || !kbs_is_slug(st->slug, strlen(st->slug)))
                continue;
            const struct slug *hit = find_slug(v, n, st->slug);
            bool known = false;
            for (size_t j = 0; !hit && j < lib->priv->n_known; j++)
                known = known || strcmp(lib->priv->known[j], st->slug) == 0;
            if (hit && hit->policy)
                err(F, f, st->line, st->col, "'use: %s' names a policy; use: takes "
                    "the slug of a scenario", st->slug);
            else if (!hit && !known) {
                const char *near = closest_slug(F, v, n, st->slug);
                if (near)
                    err(F, f, st->line, st->col, "'use: %s' names no scenario of the "
                        "library; did you mean '%s'?", st->slug, near);
                else
                    err(F, f, st->line, st->col, "'use: %s' names no scenario of the "
                        "library; check the slug with 'kefu kb list'", st->slug);
            }
        }
    }
    free(v);
    return 0;
}

/* ---------------------------------------------------------------- finish */

int kb_library_finish(kb_library *lib, kb_diags *d)
{
    struct fin F = { .lib = lib, .d = d };
    int rc = KB_NOMEM;

    if (lib->priv->finished)
        return lib->priv->errors ? KB_INVALID : KB_OK;
    lib->priv->finished = true;
    F.sets = malloc((lib->n_phrase_sets + 1) * sizeof *F.sets);
    F.state = calloc(lib->n_phrase_sets + 1, 1);
    if (!F.sets || !F.state)
        goto out;
    for (size_t i = 0; i < lib->n_phrase_sets; i++) {
        const kb_phrase_set *ps = &lib->phrase_sets[i];
        F.sets[i] = (struct setkey){ ps->name, ps->reference, ps->file, i, ps->line };
    }
    if (lib->n_phrase_sets > 1)
        qsort(F.sets, lib->n_phrase_sets, sizeof *F.sets, cmp_set);
    if (lib->priv->n_refs > 1)
        qsort(lib->priv->refs, lib->priv->n_refs, sizeof *lib->priv->refs, cmp_ref);

    for (size_t i = 1; i < lib->n_phrase_sets; i++) {
        const kb_phrase_set *a = &lib->phrase_sets[F.sets[i - 1].idx];
        const kb_phrase_set *b = &lib->phrase_sets[F.sets[i].idx];
        if (!b->reference && strcmp(a->name, b->name) == 0)
            err(&F, b->file, b->line, b->col, "phrase set '%s' is already defined "
                "at %s:%d", b->name, lib->files[a->file].name, a->line);
    }
    for (size_t i = 0; i < lib->n_phrase_sets; i++)
        if (F.state[i] == 0 && expand_set(&F, i, 0) != 0)
            goto out;

    for (size_t i = 0; i < lib->n_scenarios; i++) {
        kb_scenario *s = &lib->scenarios[i];
        for (size_t t = 0; t < s->n_turns; t++) {
            for (size_t r = 0; r < s->turns[t].n_rubric; r++) {
                kb_rubric_item *it = &s->turns[t].rubric[r];
                bool from_set = false;
                if (expand_list(&F, &it->phrases, &it->n_phrases, !s->reference,
                                0, it->line, s->file, &from_set) != 0)
                    goto out;
                if (!from_set || s->order_id || s->reference)
                    continue;
                for (size_t p = 0; p < it->n_phrases; p++) {
                    if (strchr(it->phrases[p].text, '{')) {
                        err(&F, s->file, it->line, it->col, "the phrase '%s' holds a "
                            "placeholder, but scenario '%s' has no order: line",
                            it->phrases[p].text, s->slug);
                        break;
                    }
                }
            }
        }
    }
    if (check_slugs(&F) != 0)
        goto out;
    lib->priv->errors += F.errors;
    rc = lib->priv->errors ? KB_INVALID : KB_OK;
out:
    kbs_diags_sort(d, lib);
    free(F.sets);
    free(F.state);
    return rc;
}
