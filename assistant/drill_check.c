/* drill_check.c -- `kefu drill check FILE... [--json]`: validate scenario and
 * drill files and report every problem as FILE:LINE:COL (docs/scenario-format.md).
 *
 * The files are parsed into one library together with the built-in library
 * (every kb/data/NAME.kefu) as reference files: a trainer's file may use the built-in
 * phrase sets ($greeting) and `use:` built-in scenarios, and a file that
 * replaces a built-in scenario is no "duplicate" (kefu kb import replaces).
 * A built-in file named on the command line is checked as itself, never as
 * its own reference copy, so checking all of kb/data is clean. Scenarios
 * imported into the database (kefu kb import) are references too, when the
 * database exists. */
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>

#include "drill.h"
#include "i18n.h"
#include "kb_scenario.h"
#include "paths.h"
#include "practice.h"

/* Is the file at real path rp among the files to check? */
static bool named(char **real, int n, const char *rp)
{
    for (int i = 0; i < n; i++)
        if (real[i] && strcmp(real[i], rp) == 0)
            return true;
    return false;
}

static int add_reference_files(kb_library *lib, char **real, int n)
{
    char pattern[PATH_MAX];
    glob_t g;
    int rc = KB_OK;
    int len = snprintf(pattern, sizeof pattern, "%s/*.kefu", kefu_data_dir());

    if (len < 0 || len >= (int)sizeof pattern)
        return KB_OK;           /* no built-in library to lend: not an error */
    if (glob(pattern, 0, NULL, &g) != 0)
        return KB_OK;
    for (size_t i = 0; i < g.gl_pathc && rc != KB_NOMEM; i++) {
        char *rp = realpath(g.gl_pathv[i], NULL);
        if (!rp || !named(real, n, rp))
            rc = kb_parse_reference_file(lib, g.gl_pathv[i]);
        free(rp);
    }
    globfree(&g);
    return rc == KB_NOMEM ? KB_NOMEM : KB_OK;
}

static int print_json(struct kefu_ctx *ctx, const kb_diags *d)
{
    json_t *arr = json_array();
    char *text = NULL;
    int rc = -1;

    if (!arr)
        goto out;
    for (size_t i = 0; i < d->count; i++) {
        const kb_diag *dg = &d->items[i];
        json_t *o = json_pack("{s:s, s:i, s:i, s:s, s:s}",
                              "file", dg->file ? dg->file : "-",
                              "line", dg->line, "col", dg->col,
                              "severity", kb_severity_name(dg->severity),
                              "message", dg->message ? dg->message : "");
        if (!o || json_array_append_new(arr, o) != 0)
            goto out;
    }
    text = json_dumps(arr, JSON_COMPACT);
    if (!text)
        goto out;
    a11y_data(ctx->out, "%s", text);
    rc = 0;
out:
    free(text);
    json_decref(arr);
    return rc;
}

int drill_check_main(struct kefu_ctx *ctx, int argc, char **argv)
{
    kb_library *lib = NULL;
    kb_diags d;
    char **files = NULL, **real = NULL;
    int nfiles = 0, status = KEFU_EXIT_FAIL;
    bool json = ctx->json, options = true;

    kb_diags_init(&d);
    files = calloc((size_t)argc + 1, sizeof *files);
    real = calloc((size_t)argc + 1, sizeof *real);
    if (!files || !real) {
        status = kefu_fail(ctx, _("close other programs and try again"), "%s", _("out of memory while checking the files"));
        goto out;
    }
    for (int i = 1; i < argc; i++) {
        if (options && strcmp(argv[i], "--") == 0) {
            options = false;
        } else if (options && strcmp(argv[i], "--json") == 0) {
            json = true;
        } else if (options && argv[i][0] == '-' && argv[i][1] != '\0') {
            status = kefu_usage(ctx, "drill", _("unknown option '%s' for 'kefu drill "
                                                "check'"), argv[i]);
            goto out;
        } else {
            files[nfiles] = argv[i];
            real[nfiles] = realpath(argv[i], NULL);     /* NULL: reported below */
            nfiles++;
        }
    }
    if (nfiles == 0) {
        status = kefu_usage(ctx, "drill", "%s", _("'kefu drill check' needs at least "
                                                  "one scenario file"));
        goto out;
    }
    if (kb_library_new(&lib) != KB_OK)
        goto nomem;
    for (int i = 0; i < nfiles; i++)
        if (kb_parse_file(lib, files[i], &d) == KB_NOMEM)
            goto nomem;
    if (add_reference_files(lib, real, nfiles) == KB_NOMEM)
        goto nomem;
    /* `use:` may name a scenario imported into the database, as `drill run`
     * and `practice --drill` allow; an existing database only: a check
     * must not create one as a side effect */
    if (ctx->db_path && access(ctx->db_path, F_OK) == 0)
        practice_library_add_imported(ctx, lib);
    if (kb_library_finish(lib, &d) == KB_NOMEM)
        goto nomem;

    if (json) {
        if (print_json(ctx, &d) != 0)
            goto nomem;
    } else {
        size_t scenarios = 0;
        for (size_t i = 0; i < lib->n_scenarios; i++)
            scenarios += !lib->scenarios[i].reference;
        for (size_t i = 0; i < d.count; i++) {
            char *line = kb_diag_format(&d.items[i]);
            if (!line)
                goto nomem;
            a11y_diag(ctx->out, "%s", line);
            free(line);
        }
        /* "1 file", "1 error": read aloud as written, "1 files" grates */
        char f[48], sc[48], e[48], w[48];
        snprintf(f, sizeof f, ngettext("%lu file", "%lu files", (unsigned long)nfiles),
                 (unsigned long)nfiles);
        snprintf(sc, sizeof sc, ngettext("%lu scenario", "%lu scenarios", scenarios),
                 (unsigned long)scenarios);
        snprintf(e, sizeof e, ngettext("%lu error", "%lu errors", d.errors),
                 (unsigned long)d.errors);
        snprintf(w, sizeof w, ngettext("%lu warning", "%lu warnings", d.warnings),
                 (unsigned long)d.warnings);
        a11y_say(ctx->out, A11Y_INFO, _("Checked %s: %s, %s, %s"), f, sc, e, w);
    }
    status = d.errors ? KEFU_EXIT_FAIL : KEFU_EXIT_OK;
    goto out;
nomem:
    status = kefu_fail(ctx, _("close other programs and try again"), "%s", _("out of memory while checking the files"));
out:
    for (int i = 0; real && i < nfiles; i++)
        free(real[i]);
    free(real);
    free(files);
    kb_library_free(lib);
    kb_diags_free(&d);
    return status;
}
