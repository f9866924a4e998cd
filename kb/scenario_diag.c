/* scenario_diag.c -- diagnostics of scenario files: a plain list the parser
 * appends to and the caller prints (GCC style, so editors jump to the place
 * and a screen reader reads one sentence per problem). */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "scenario_int.h"

void kb_diags_init(kb_diags *d)
{
    memset(d, 0, sizeof *d);
}

void kb_diags_free(kb_diags *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->count; i++) {
        free(d->items[i].file);
        free(d->items[i].message);
    }
    free(d->items);
    kb_diags_init(d);
}

const char *kb_severity_name(kb_severity s)
{
    return s == KB_DIAG_ERROR ? "error" : "warning";
}

char *kb_diag_format(const kb_diag *dg)
{
    const char *file = dg->file ? dg->file : "-";
    const char *msg = dg->message ? dg->message : "(out of memory)";
    const char *sev = kb_severity_name(dg->severity);
    char *s = NULL;
    int n;

    if (dg->line > 0 && dg->col > 0)
        n = snprintf(NULL, 0, "%s:%d:%d: %s: %s", file, dg->line, dg->col, sev, msg);
    else if (dg->line > 0)
        n = snprintf(NULL, 0, "%s:%d: %s: %s", file, dg->line, sev, msg);
    else
        n = snprintf(NULL, 0, "%s: %s: %s", file, sev, msg);
    if (n < 0)
        return NULL;
    s = malloc((size_t)n + 1);
    if (!s)
        return NULL;
    if (dg->line > 0 && dg->col > 0)
        snprintf(s, (size_t)n + 1, "%s:%d:%d: %s: %s", file, dg->line, dg->col, sev, msg);
    else if (dg->line > 0)
        snprintf(s, (size_t)n + 1, "%s:%d: %s: %s", file, dg->line, sev, msg);
    else
        snprintf(s, (size_t)n + 1, "%s: %s: %s", file, sev, msg);
    return s;
}

void kbs_vdiag(kb_diags *d, const char *file, int line, int col,
               kb_severity sev, const char *fmt, va_list ap)
{
    if (!d)
        return;
    if (sev == KB_DIAG_ERROR)
        d->errors++;
    else
        d->warnings++;
    if (d->count == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        kb_diag *items = realloc(d->items, cap * sizeof *items);
        if (!items)
            return;
        d->items = items;
        d->cap = cap;
    }
    kb_diag *dg = &d->items[d->count++];
    dg->file = file ? strdup(file) : NULL;
    dg->line = line;
    dg->col = col;
    dg->severity = sev;
    dg->message = NULL;
    /* A Chinese trainer reads the messages in Chinese: the catalogue of the
     * program's "kefu" domain (po/zh_CN.po) when the program has chosen a
     * language; the English text itself otherwise (tests, other programs). */
    fmt = dgettext("kefu", fmt);
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (n >= 0) {
        dg->message = malloc((size_t)n + 1);
        if (dg->message)
            vsnprintf(dg->message, (size_t)n + 1, fmt, ap);
    }
}

void kbs_diag(kb_diags *d, const char *file, int line, int col,
              kb_severity sev, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kbs_vdiag(d, file, line, col, sev, fmt, ap);
    va_end(ap);
}

/* ------------------------------------------------------------- sorting */

struct sortkey {
    size_t file;        /* index of the file in the library, or SIZE_MAX */
    size_t seq;         /* original position: keeps the sort stable */
    int line, col;
    kb_diag dg;
};

static int cmp_key(const void *a, const void *b)
{
    const struct sortkey *x = a, *y = b;
    if (x->file != y->file)
        return x->file < y->file ? -1 : 1;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void kbs_diags_sort(kb_diags *d, const kb_library *lib)
{
    if (!d || d->count < 2)
        return;
    struct sortkey *k = malloc(d->count * sizeof *k);
    if (!k)
        return;                 /* unsorted is still correct, just less tidy */
    for (size_t i = 0; i < d->count; i++) {
        k[i].file = SIZE_MAX;
        for (size_t f = 0; f < lib->n_files && d->items[i].file; f++) {
            if (strcmp(lib->files[f].name, d->items[i].file) == 0) {
                k[i].file = f;
                break;
            }
        }
        k[i].seq = i;
        k[i].line = d->items[i].line;
        k[i].col = d->items[i].col;
        k[i].dg = d->items[i];
    }
    qsort(k, d->count, sizeof *k, cmp_key);
    for (size_t i = 0; i < d->count; i++)
        d->items[i] = k[i].dg;
    free(k);
}
