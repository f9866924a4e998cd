/* practice_lib.c -- the library, drill steps, practice orders and turn JSON
 * shared by `kefu practice` and `kefu drill run` (practice.h). */
#include "practice.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n.h"
#include "kb_library.h"
#include "kb_orders.h"
#include "library_load.h"
#include "paths.h"

/* ------------------------------------------------------------------ */
/* The library */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.kefu file of dir, sorted; caller frees each and the array. */
static int list_kefu(const char *dir, char ***out, size_t *n)
{
    DIR *d = opendir(dir);
    char **v = NULL;
    size_t cnt = 0;
    *out = NULL;
    *n = 0;
    if (!d)
        return -1;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l < 6 || strcmp(e->d_name + l - 5, ".kefu") != 0)
            continue;
        char **g = realloc(v, (cnt + 1) * sizeof *v);
        if (!g)
            break;
        v = g;
        size_t need = strlen(dir) + l + 2;
        if (!(v[cnt] = malloc(need)))
            break;
        snprintf(v[cnt++], need, "%s/%s", dir, e->d_name);
    }
    closedir(d);
    if (cnt > 1)
        qsort(v, cnt, sizeof *v, cmp_str);
    *out = v;
    *n = cnt;
    return 0;
}

static void print_diags(struct kefu_ctx *ctx, const kb_diags *d)
{
    for (size_t i = 0; i < d->count; i++) {
        char *line = kb_diag_format(&d->items[i]);
        if (line)
            a11y_diag(ctx->out, "%s", line);
        free(line);
    }
}

/* One stored scenario written back as scenario-file text (its rubric is
 * stored with phrase sets already expanded), so the parser builds the same
 * model the files give. Caller frees; NULL on OOM. */
static char *detail_text(const kb_lib_detail *d)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    static const char *const lang[2] = {"", "@en"};
    fprintf(f, "scenario: %s\ntier: %s\ncategory: %s\n", d->slug, d->tier, d->category);
    for (int l = 0; l < 2; l++) {
        if (d->title[l])
            fprintf(f, "title%s: %s\n", lang[l], d->title[l]);
        if (d->brief[l])
            fprintf(f, "brief%s: %s\n", lang[l], d->brief[l]);
    }
    if (d->order_id)
        fprintf(f, "order: %s\n", d->order_id);
    for (size_t t = 0; t < d->n_turns; t++) {
        const kb_lib_turn *tu = &d->turns[t];
        for (size_t c = 0; c < tu->n_customers; c++)
            for (int l = 0; l < 2; l++)
                if (tu->customers[c][l])
                    fprintf(f, "%s%s: %s\n", c ? "or" : "customer", lang[l], tu->customers[c][l]);
        for (size_t r = 0; r < tu->n_rubric; r++) {
            const kb_lib_rubric *rb = &tu->rubric[r];
            if (strcmp(rb->kind, "forbid") == 0)
                fprintf(f, "forbid: %s\n", rb->phrases ? rb->phrases : "");
            else
                fprintf(f, "%s %d %s: %s\n", rb->kind, rb->weight, rb->section ? rb->section : "x",
                        rb->phrases ? rb->phrases : "");
        }
        for (int l = 0; l < 2; l++)
            if (tu->answer[l])
                fprintf(f, "answer%s: %s\n", lang[l], tu->answer[l]);
        if (tu->limit_s)
            fprintf(f, "limit: %ds\n", tu->limit_s);
    }
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* Scenarios a trainer imported into the database (`kefu kb import`), on top
 * of the built-in files: a trainee practises them too. Quietly nothing when
 * the database cannot be read (the built-in library still works). */
void practice_library_add_imported(struct kefu_ctx *ctx, kb_library *lib)
{
    kb_t *kb = kefu_kb(ctx);
    kb_lib_entry *e = NULL;
    size_t n = 0;
    if (!kb || kb_lib_list(kb, NULL, &e, &n) != KB_OK)
        return;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(e[i].kind, "scenario") != 0 || strcmp(e[i].origin, "import") != 0)
            continue;
        kb_lib_detail *d = NULL;
        if (kb_lib_get(kb, e[i].slug, &d) == KB_OK) {
            char *text = detail_text(d);
            char name[300];
            snprintf(name, sizeof name, "imported:%s", e[i].slug);
            if (text)
                kb_parse_reference_buffer(lib, name, text, strlen(text));
            free(text);
        }
        kb_lib_detail_free(d);
    }
    kb_lib_entries_free(e, n);
}

int practice_library_load(struct kefu_ctx *ctx, const char *drill_path,
                          kb_library **libp, const kb_scenario ***stepsp,
                          size_t *n_steps, int *pass)
{
    kb_library *lib = NULL;
    kb_diags d;
    char **files = NULL;
    size_t n_files = 0;
    const kb_scenario **steps = NULL;
    size_t ns = 0;
    int rc = KEFU_EXIT_FAIL;
    const char *dir = kefu_data_dir();

    kb_diags_init(&d);
    *libp = NULL;
    *stepsp = NULL;
    *n_steps = 0;
    if (pass)
        *pass = SCORE_PASS_MARK;
    if (kb_library_new(&lib) != KB_OK) {
        kefu_fail(ctx, _("close other programs and try again"), _("out of memory"));
        goto out;
    }
    if (list_kefu(dir, &files, &n_files) != 0 || n_files == 0) {
        kefu_fail(ctx, _("set KEFU_DATA_DIR to the folder holding the .kefu files"),
                  _("cannot find the built-in scenario library in %s"), dir);
        goto out;
    }
    for (size_t i = 0; i < n_files; i++) {
        /* a built-in file given as the drill is parsed once, as the drill */
        if (drill_path && strcmp(files[i], drill_path) == 0)
            continue;
        /* as reference: a slip in one built-in file (reported by `kefu
         * drill check`) must not stop every practice session */
        int prc = kb_parse_reference_file(lib, files[i]);
        if (prc == KB_NOMEM) {
            kefu_fail(ctx, _("close other programs and try again"), _("out of memory"));
            goto out;
        }
    }
    practice_library_add_imported(ctx, lib);
    if (drill_path) {
        int prc = kb_parse_file(lib, drill_path, &d);
        if (prc == KB_IO) {
            print_diags(ctx, &d);
            kefu_fail(ctx, _("check the path and that the file is readable"),
                      _("cannot read the drill file %s"), drill_path);
            goto out;
        }
    }
    if (kb_library_finish(lib, &d) != KB_OK || d.errors) {
        print_diags(ctx, &d);
        if (drill_path)
            kefu_fail(ctx, _("fix the lines above; 'kefu drill check FILE' lists them"),
                      _("the drill file %s has errors"), drill_path);
        else
            kefu_fail(ctx, _("fix the lines above or reinstall kefu"),
                      _("the built-in scenario library has errors"));
        goto out;
    }
    if (drill_path) {
        const kb_file *f = NULL;
        for (size_t i = 0; i < lib->n_files; i++)
            if (!lib->files[i].reference && strcmp(lib->files[i].name, drill_path) == 0)
                f = &lib->files[i];
        if (!f || f->n_steps == 0) {
            kefu_fail(ctx, _("add 'scenario:' or 'use: SLUG' lines"),
                      _("the drill file %s has no scenarios"), drill_path);
            goto out;
        }
        steps = calloc(f->n_steps, sizeof *steps);
        if (!steps) {
            kefu_fail(ctx, _("close other programs and try again"), _("out of memory"));
            goto out;
        }
        for (size_t i = 0; i < f->n_steps; i++) {
            const kb_scenario *sc = kb_library_scenario(lib, f->steps[i].slug);
            if (!sc) {
                kefu_fail(ctx, _("use the slug of a built-in scenario ('kefu kb list')"),
                          _("%s:%d: scenario '%s' is not in the library"), drill_path,
                          f->steps[i].line, f->steps[i].slug);
                goto out;
            }
            steps[ns++] = sc;
        }
        if (pass && f->pass >= 0)
            *pass = f->pass;
    }
    *libp = lib;
    lib = NULL;
    *stepsp = steps;
    steps = NULL;
    *n_steps = ns;
    rc = KEFU_EXIT_OK;
out:
    for (size_t i = 0; i < n_files; i++)
        free(files[i]);
    free(files);
    free(steps);
    kb_diags_free(&d);
    kb_library_free(lib);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Practice orders */

struct practice_order {
    kb_order *o;
    bool en;
    char buf[32];
    char date[48];              /* a date field as read in Chinese */
};

practice_order_t *practice_order_open(struct kefu_ctx *ctx, const kb_scenario *sc, bool en)
{
    if (!sc || !sc->order_id)
        return NULL;
    static bool unavailable;        /* say why only once per process */
    if (unavailable)
        return NULL;
    kb_t *kb = kefu_library(ctx);   /* loads the practice orders on first use */
    kb_order *o = NULL;
    if (!kb)
        unavailable = true;
    if (!kb || kb_order_get(kb, sc->order_id, &o) != KB_OK) {
        kb_order_free(o);
        return NULL;
    }
    practice_order_t *po = calloc(1, sizeof *po);
    if (!po) {
        kb_order_free(o);
        return NULL;
    }
    po->o = o;
    po->en = en;
    return po;
}

void practice_order_free(practice_order_t *o)
{
    if (!o)
        return;
    kb_order_free(o->o);
    free(o);
}

/* "2026-03-23" -> "3月23日", "2026-03-18 14:05" -> "3月18日 14:05": the
 * customer line, the model answer and the rubric read a date the way a
 * Chinese customer writes it and a Chinese screen reader says it (the
 * order's year is the practice year: left out). Anything else: NULL. */
static const char *zh_date(const char *v, char *buf, size_t len)
{
    int y, m, d, n = 0;
    if (!v || sscanf(v, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 ||
        m < 1 || m > 12 || d < 1 || d > 31)
        return NULL;
    const char *rest = v + 10;
    int hh, mm, k = 0;
    if (!*rest)
        snprintf(buf, len, "%d月%d日", m, d);
    else if ((*rest == ' ' || *rest == 'T') &&
             sscanf(rest + 1, "%2d:%2d%n", &hh, &mm, &k) == 2 && k == 5)
        snprintf(buf, len, "%d月%d日 %02d:%02d", m, d, hh, mm);
    else
        return NULL;
    return buf;
}

const char *practice_order_fill(void *arg, const char *name)
{
    practice_order_t *po = arg;
    if (!po || !po->o)
        return NULL;
    const char *v = kb_order_field(po->o, name, po->en, po->buf, sizeof po->buf);
    const char *zh = po->en ? NULL : zh_date(v, po->date, sizeof po->date);
    return zh ? zh : v;
}

/* ------------------------------------------------------------------ */
/* Turn data */

char *practice_sections_json(const score_result *res)
{
    json_t *arr = json_array();
    char *s = NULL;
    if (!arr)
        return NULL;
    for (size_t i = 0; i < res->n_sections; i++) {
        const score_section *sec = &res->sections[i];
        json_t *o = json_pack("{s:s, s:i, s:b, s:s?}", "name", sec->name ? sec->name : "",
                              "weight", sec->weight, "hit", sec->hit, "matched", sec->matched);
        if (!o || json_array_append_new(arr, o) != 0)
            goto out;
        if (!sec->matched)
            json_object_set_new(o, "matched", json_null());
    }
    s = json_dumps(arr, JSON_COMPACT);
out:
    json_decref(arr);
    return s;
}

char *practice_fatal_text(const score_result *res)
{
    size_t len = 1;
    for (size_t i = 0; i < res->n_fatal; i++)
        len += strlen(res->fatal_phrases[i]) + 3;
    char *s = malloc(len);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (size_t i = 0; i < res->n_fatal; i++) {
        if (i)
            strcat(s, " | ");
        strcat(s, res->fatal_phrases[i]);
    }
    return s;
}

const char *practice_text(char *const text[KB_LANG_COUNT], kb_lang lang)
{
    if (text[lang])
        return text[lang];
    return text[lang == KB_LANG_ZH ? KB_LANG_EN : KB_LANG_ZH];
}

kb_lang practice_lang(const struct kefu_ctx *ctx)
{
    return ctx->lang && strcmp(ctx->lang, "en") == 0 ? KB_LANG_EN : KB_LANG_ZH;
}

void practice_clip_answer(struct kefu_ctx *ctx, char *text)
{
    size_t len = text ? strlen(text) : 0;
    if (len <= PRACTICE_ANSWER_MAX)
        return;
    size_t cut = PRACTICE_ANSWER_MAX;
    while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
        cut--;
    text[cut] = '\0';
    a11y_warning(ctx->out, _("the answer was %zu bytes long; only the first %zu are scored"),
                 len, cut);
}
