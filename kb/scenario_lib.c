/* scenario_lib.c -- the kb_library: its memory (one arena for every string,
 * growable arrays for the structs), reading files, look-ups. The line-by-line
 * parser is scenario_parse.c; what needs every file at once ($set expansion,
 * unique slugs, use:) is kb_library_finish() in scenario_finish.c. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "scenario_int.h"

/* ---------------------------------------------------------------- memory */

struct kbs_chunk {
    struct kbs_chunk *next;
    size_t used, size;
    char data[];
};

enum { CHUNK_SIZE = 64 * 1024 };

char *kbs_strndup(kb_library *lib, const char *s, size_t n)
{
    struct kbs_chunk *c = lib->priv->arena;

    if (!c || c->size - c->used < n + 1) {
        size_t size = n + 1 > CHUNK_SIZE / 4 ? n + 1 : CHUNK_SIZE;
        struct kbs_chunk *nc = malloc(sizeof *nc + size);
        if (!nc)
            return NULL;
        nc->used = 0;
        nc->size = size;
        if (c && size != CHUNK_SIZE) {
            /* A big string gets a chunk of its own behind the current one,
             * so the current chunk's free space is not wasted. */
            nc->next = c->next;
            c->next = nc;
        } else {
            nc->next = c;
            lib->priv->arena = nc;
        }
        c = nc;
    }
    char *p = c->data + c->used;
    memcpy(p, s, n);
    p[n] = '\0';
    c->used += n + 1;
    return p;
}

char *kbs_strdup(kb_library *lib, const char *s)
{
    return s ? kbs_strndup(lib, s, strlen(s)) : NULL;
}

int kbs_grow(void *arrp, size_t n, size_t elsize)
{
    void **arr = arrp;

    if (n == 0 || (n & (n - 1)) == 0) {
        size_t cap = n < 4 ? 4 : n * 2;
        if (cap > SIZE_MAX / elsize)
            return -1;
        void *p = realloc(*arr, cap * elsize);
        if (!p)
            return -1;
        *arr = p;
    }
    memset((char *)*arr + n * elsize, 0, elsize);
    return 0;
}

int kb_library_new(kb_library **out)
{
    kb_library *lib = calloc(1, sizeof *lib);
    *out = NULL;
    if (!lib)
        return KB_NOMEM;
    lib->priv = calloc(1, sizeof *lib->priv);
    if (!lib->priv) {
        free(lib);
        return KB_NOMEM;
    }
    *out = lib;
    return KB_OK;
}

static void free_rubric(kb_rubric_item *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(r[i].phrases);
    free(r);
}

void kb_library_free(kb_library *lib)
{
    if (!lib)
        return;
    for (size_t i = 0; i < lib->n_scenarios; i++) {
        kb_scenario *s = &lib->scenarios[i];
        for (size_t t = 0; t < s->n_turns; t++) {
            free(s->turns[t].customers);
            free_rubric(s->turns[t].rubric, s->turns[t].n_rubric);
        }
        free(s->turns);
    }
    free(lib->scenarios);
    free(lib->policies);
    for (size_t i = 0; i < lib->n_phrase_sets; i++)
        free(lib->phrase_sets[i].phrases);
    free(lib->phrase_sets);
    for (size_t i = 0; i < lib->n_files; i++)
        free(lib->files[i].steps);
    free(lib->files);
    if (lib->priv) {
        struct kbs_chunk *c = lib->priv->arena;
        while (c) {
            struct kbs_chunk *next = c->next;
            free(c);
            c = next;
        }
        free(lib->priv->refs);
        for (size_t i = 0; i < lib->priv->n_known; i++)
            free(lib->priv->known[i]);
        free(lib->priv->known);
        kb_diags_free(&lib->priv->scratch);
        free(lib->priv);
    }
    free(lib);
}

/* --------------------------------------------------------------- reading */

static int parse(kb_library *lib, const char *name, const char *buf,
                 size_t len, bool reference, kb_diags *d)
{
    kb_diags local;
    kb_diags *dd = d;

    kb_diags_init(&local);
    if (reference)
        dd = &lib->priv->scratch;
    else if (!dd)
        dd = &local;
    size_t before = dd->errors;
    int rc = kbs_parse(lib, name, buf, len, reference, dd);
    if (!reference)
        lib->priv->errors += dd->errors - before;
    kb_diags_free(&local);
    kb_diags_free(&lib->priv->scratch);
    return rc;
}

int kb_parse_buffer(kb_library *lib, const char *name, const char *buf,
                    size_t len, kb_diags *d)
{
    return parse(lib, name ? name : "-", buf ? buf : "", buf ? len : 0, false, d);
}

static int read_whole(const char *path, char **buf, size_t *len, const char **why)
{
    FILE *f = NULL;
    char *b = NULL;
    size_t cap = 0, n = 0;
    struct stat st;
    int rc = KB_IO;

    *buf = NULL;
    *why = NULL;
    f = fopen(path, "rb");
    if (!f)
        goto out;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        goto out;
    }
    for (;;) {
        if (n == cap) {
            if (cap >= (size_t)KB_FILE_MAX) {
                *why = "the file is larger than 64 MB";
                goto out;
            }
            cap = cap ? cap * 2 : 65536;
            char *nb = realloc(b, cap);
            if (!nb) {
                rc = KB_NOMEM;
                goto out;
            }
            b = nb;
        }
        size_t got = fread(b + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f))
                goto out;
            break;
        }
    }
    *buf = b;
    *len = n;
    b = NULL;
    rc = KB_OK;
out:
    if (rc != KB_OK && !*why)
        *why = strerror(errno ? errno : EIO);
    free(b);
    if (f)
        fclose(f);
    return rc;
}

static int parse_file(kb_library *lib, const char *path, bool reference, kb_diags *d)
{
    char *buf = NULL;
    size_t len = 0;
    const char *why = NULL;
    int rc;

    errno = 0;
    rc = read_whole(path, &buf, &len, &why);
    if (rc != KB_OK) {
        if (!reference) {
            kbs_diag(d, path, 0, 0, KB_DIAG_ERROR, "cannot read this file: %s", why);
            lib->priv->errors++;
        }
        return rc;
    }
    rc = parse(lib, path, buf, len, reference, d);
    free(buf);
    return rc;
}

int kb_parse_file(kb_library *lib, const char *path, kb_diags *d)
{
    return parse_file(lib, path, false, d);
}

int kb_parse_reference_file(kb_library *lib, const char *path)
{
    return parse_file(lib, path, true, NULL);
}

int kb_parse_reference_buffer(kb_library *lib, const char *name, const char *buf,
                              size_t len)
{
    return parse(lib, name, buf, len, true, NULL);
}

int kb_library_add_known_slug(kb_library *lib, const char *slug)
{
    struct kb_library_priv *p = lib->priv;
    char *s = strdup(slug);
    if (!s || kbs_grow(&p->known, p->n_known, sizeof *p->known) != 0) {
        free(s);
        return KB_NOMEM;
    }
    p->known[p->n_known++] = s;
    return KB_OK;
}

/* ---------------------------------------------------------------- lookup */

/* The winner of a slug: the first non-reference entry (a second one is a
 * "duplicate" error), else the last reference entry (a trainer's imported
 * copy after the built-in file). */

const kb_scenario *kb_library_scenario(const kb_library *lib, const char *slug)
{
    const kb_scenario *found = NULL;
    for (size_t i = 0; i < lib->n_scenarios; i++)
        if (strcmp(lib->scenarios[i].slug, slug) == 0 &&
            (!found || found->reference))
            found = &lib->scenarios[i];
    return found;
}

const kb_policy *kb_library_policy(const kb_library *lib, const char *slug)
{
    const kb_policy *found = NULL;
    for (size_t i = 0; i < lib->n_policies; i++)
        if (strcmp(lib->policies[i].slug, slug) == 0 &&
            (!found || found->reference))
            found = &lib->policies[i];
    return found;
}

const kb_phrase_set *kb_library_phrase_set(const kb_library *lib, const char *name)
{
    const kb_phrase_set *found = NULL;
    for (size_t i = 0; i < lib->n_phrase_sets; i++)
        if (strcmp(lib->phrase_sets[i].name, name) == 0 &&
            (!found || found->reference))
            found = &lib->phrase_sets[i];
    return found;
}
