/* library_load.c -- the built-in library into the database, and imports.
 *
 * The built-in data version is a hash of the data files' names and bytes,
 * so any edit to kb/data (or an upgrade that ships new data) reloads it on
 * the next command, and an unchanged library costs one read of the files
 * (about 0.3 ms) and no writes. Loading is one transaction: the library,
 * the practice orders and the version row land together or not at all.
 */
#include <glob.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <jansson.h>

#include "i18n.h"
#include "kb_library.h"
#include "kb_orders.h"
#include "kb_scenario.h"
#include "library_load.h"
#include "paths.h"

/* Bump when the loader stores things differently, to force a reload.
 * v2: the search index lists every English term (typo corrections). */
#define LIBRARY_LOADER_VERSION "v2"

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0;
    if (!f)
        return NULL;
    for (;;) {
        if (n + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 65536;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    int err = ferror(f);
    fclose(f);
    if (err) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Sorted *.kefu files of dir. */
static int kefu_files(const char *dir, glob_t *g)
{
    char pattern[PATH_MAX];
    if (snprintf(pattern, sizeof pattern, "%s/*.kefu", dir) >= (int)sizeof pattern)
        return -1;
    return glob(pattern, 0, NULL, g);     /* glob sorts by default */
}

static void fnv(uint64_t *h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        *h ^= p[i];
        *h *= UINT64_C(1099511628211);
    }
}

static int hash_file(uint64_t *h, const char *path)
{
    size_t len = 0;
    char *text = read_all(path, &len);
    if (!text)
        return -1;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    fnv(h, base, strlen(base) + 1);
    fnv(h, &len, sizeof len);
    fnv(h, text, len);
    free(text);
    return 0;
}

char *library_data_version(const char *dir)
{
    glob_t g;
    uint64_t h = UINT64_C(14695981039346656037);
    char path[PATH_MAX];
    if (kefu_files(dir, &g) != 0)
        return NULL;
    int bad = g.gl_pathc == 0;
    for (size_t i = 0; i < g.gl_pathc && !bad; i++)
        bad = hash_file(&h, g.gl_pathv[i]) != 0;
    globfree(&g);
    static const char *const tsv[] = {"orders.tsv", "order_events.tsv"};
    for (size_t i = 0; i < 2 && !bad; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, tsv[i]);
        struct stat sb;
        if (stat(path, &sb) == 0)
            bad = hash_file(&h, path) != 0;
    }
    if (bad)
        return NULL;
    char *v = malloc(40);
    if (v)
        snprintf(v, 40, "%s-%016llx", LIBRARY_LOADER_VERSION, (unsigned long long)h);
    return v;
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

/* Parse, then store library + orders + version in one transaction. */
static int load_builtin(struct kefu_ctx *ctx, kb_t *kb, const char *dir,
                        const char *version)
{
    kb_library *lib = NULL;
    kb_diags d;
    glob_t g = {0};
    char *orders = NULL, *events = NULL;
    size_t olen = 0, elen = 0;
    char opath[PATH_MAX], epath[PATH_MAX];
    int rc = KEFU_EXIT_FAIL, krc;
    bool began = false;

    kb_diags_init(&d);
    if (kb_library_new(&lib) != KB_OK || kefu_files(dir, &g) != 0) {
        kefu_fail(ctx, _("set KEFU_DATA_DIR to the folder holding the .kefu files"), _("cannot read the built-in library in %s"), dir);
        goto out;
    }
    for (size_t i = 0; i < g.gl_pathc; i++)
        if (kb_parse_file(lib, g.gl_pathv[i], &d) == KB_NOMEM)
            goto nomem;
    krc = kb_library_finish(lib, &d);
    if (krc == KB_NOMEM)
        goto nomem;
    if (krc != KB_OK) {
        print_diags(ctx, &d);
        kefu_fail(ctx, _("run kefu drill check on those files"),
                  _("the built-in library in %s has %zu errors"), dir, d.errors);
        goto out;
    }
    snprintf(opath, sizeof opath, "%s/orders.tsv", dir);
    snprintf(epath, sizeof epath, "%s/order_events.tsv", dir);
    orders = read_all(opath, &olen);
    events = read_all(epath, &elen);

    if ((krc = kb_begin(kb)) != KB_OK)
        goto dberr;
    began = true;
    if ((krc = kb_lib_install(kb, lib, KB_ORIGIN_BUILTIN, NULL)) != KB_OK)
        goto dberr;
    if (orders && (krc = kb_orders_load_tsv(kb, "orders.tsv", orders, olen,
                                            "order_events.tsv", events ? events : "",
                                            events ? elen : 0)) != KB_OK)
        goto dberr;
    if ((krc = kb_lib_set_version(kb, version)) != KB_OK)
        goto dberr;
    if ((krc = kb_commit(kb)) != KB_OK)
        goto dberr;
    began = false;
    rc = KEFU_EXIT_OK;
    goto out;
dberr:
    kefu_fail(ctx, _("check the data files, or remove the database to start afresh"),
              _("cannot load the built-in library: %s"), kb_errmsg(kb));
    goto out;
nomem:
    kefu_fail(ctx, _("close other programs and try again"), _("out of memory"));
out:
    if (began)
        kb_rollback(kb);
    free(orders);
    free(events);
    if (g.gl_pathv)
        globfree(&g);
    kb_diags_free(&d);
    kb_library_free(lib);
    return rc;
}

kb_t *kefu_library(struct kefu_ctx *ctx)
{
    kb_t *kb = kefu_kb(ctx);
    char *have = NULL, *want = NULL;
    if (!kb)
        return NULL;
    const char *dir = kefu_data_dir();
    want = library_data_version(dir);
    if (!want) {
        size_t ns = 0, np = 0;
        kb_lib_count(kb, &ns, &np);
        if (ns + np == 0) {
            kefu_fail(ctx, _("set KEFU_DATA_DIR to the folder of the scenario files"),
                      _("the built-in library is missing: no scenario files in %s"), dir);
            kb = NULL;
        }
        goto out;       /* work with what the database has */
    }
    if (kb_lib_version(kb, &have) != KB_OK) {
        kefu_fail(ctx, _("close other kefu windows and try again, or check the database with --db"), _("cannot read the database: %s"), kb_errmsg(kb));
        kb = NULL;
        goto out;
    }
    if (strcmp(have, want) != 0 && load_builtin(ctx, kb, dir, want) != KEFU_EXIT_OK)
        kb = NULL;
out:
    free(have);
    free(want);
    return kb;
}

/* ------------------------------------------------------------------ */

static void say_slugs(struct kefu_ctx *ctx, const char *label, char **v, size_t n)
{
    if (!n)
        return;
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(v[i]) + 2;
    char *s = malloc(len);
    if (!s)
        return;
    s[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(s, ", ");
        strcat(s, v[i]);
    }
    a11y_say(ctx->out, A11Y_INFO, "%s%s%s", label, a11y_tag_sep(), s);
    free(s);
}

static json_t *json_strings(char **v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a, json_string(v[i]));
    return a;
}

int library_import(struct kefu_ctx *ctx, const char *path)
{
    kb_library *lib = NULL;
    kb_diags d;
    glob_t g = {0}, ref = {0};
    char **slugs = NULL;
    size_t nslugs = 0, nfiles = 0;
    kb_lib_report rep = {0};
    struct stat sb;
    int rc = KEFU_EXIT_FAIL, krc;

    kb_diags_init(&d);
    kb_t *kb = kefu_library(ctx);
    if (!kb)
        goto out;
    if (stat(path, &sb) != 0) {
        rc = kefu_fail(ctx, _("check the path"), _("cannot read %s"), path);
        goto out;
    }
    if (kb_library_new(&lib) != KB_OK)
        goto nomem;
    /* The trainer's files may use built-in phrase sets and `use:` any
     * stored scenario. */
    if (kefu_files(kefu_data_dir(), &ref) == 0)
        for (size_t i = 0; i < ref.gl_pathc; i++)
            kb_parse_reference_file(lib, ref.gl_pathv[i]);
    if (kb_lib_slugs(kb, &slugs, &nslugs) == KB_OK)
        for (size_t i = 0; i < nslugs; i++)
            kb_library_add_known_slug(lib, slugs[i]);
    if (S_ISDIR(sb.st_mode)) {
        if (kefu_files(path, &g) != 0 || g.gl_pathc == 0) {
            rc = kefu_fail(ctx, _("put the scenario files (NAME.kefu) in that folder"),
                           _("no .kefu files in %s"), path);
            goto out;
        }
        for (size_t i = 0; i < g.gl_pathc; i++)
            if (kb_parse_file(lib, g.gl_pathv[i], &d) == KB_NOMEM)
                goto nomem;
        nfiles = g.gl_pathc;
    } else {
        if (kb_parse_file(lib, path, &d) == KB_NOMEM)
            goto nomem;
        nfiles = 1;
    }
    krc = kb_library_finish(lib, &d);
    if (krc == KB_NOMEM)
        goto nomem;
    print_diags(ctx, &d);
    if (krc != KB_OK || d.errors) {
        rc = kefu_fail(ctx, _("fix the errors above and import again"),
                       _("nothing was imported: %zu errors in %zu files"), d.errors,
                       nfiles);
        goto out;
    }
    size_t own = 0;
    for (size_t i = 0; i < lib->n_scenarios; i++)
        own += !lib->scenarios[i].reference;
    for (size_t i = 0; i < lib->n_policies; i++)
        own += !lib->policies[i].reference;
    if (own == 0) {
        rc = kefu_fail(ctx, _("a file needs at least one scenario: or policy: entry"),
                       _("nothing was imported: %s has no scenarios"), path);
        goto out;
    }
    if ((krc = kb_begin(kb)) != KB_OK ||
        (krc = kb_lib_install(kb, lib, KB_ORIGIN_IMPORT, &rep)) != KB_OK) {
        if (krc != KB_BUSY)
            kb_rollback(kb);
        rc = kefu_fail(ctx, _("check that the disk has room and that the database (--db) can be written"), _("nothing was imported: %s"), kb_errmsg(kb));
        goto out;
    }
    if ((krc = kb_commit(kb)) != KB_OK) {
        kb_rollback(kb);
        rc = kefu_fail(ctx, _("check that the disk has room and that the database (--db) can be written"), _("nothing was imported: %s"), kb_errmsg(kb));
        goto out;
    }
    if (ctx->json) {
        json_t *o = json_pack("{s:o, s:o}", "added", json_strings(rep.added, rep.n_added),
                              "replaced", json_strings(rep.replaced, rep.n_replaced));
        char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
        if (text)
            a11y_data(ctx->out, "%s", text);
        free(text);
        json_decref(o);
    } else {
        a11y_say(ctx->out, A11Y_INFO, _("Added: %zu; Replaced: %zu"), rep.n_added,
                 rep.n_replaced);
        say_slugs(ctx, _("Added"), rep.added, rep.n_added);
        say_slugs(ctx, _("Replaced"), rep.replaced, rep.n_replaced);
    }
    rc = KEFU_EXIT_OK;
    goto out;
nomem:
    rc = kefu_fail(ctx, _("close other programs and try again"), _("out of memory"));
out:
    for (size_t i = 0; i < nslugs; i++)
        free(slugs[i]);
    free(slugs);
    kb_lib_report_free(&rep);
    if (g.gl_pathv)
        globfree(&g);
    if (ref.gl_pathv)
        globfree(&ref);
    kb_diags_free(&d);
    kb_library_free(lib);
    return rc;
}
