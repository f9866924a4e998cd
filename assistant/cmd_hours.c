/* cmd_hours.c -- kefu hours: the flexible-hours tracker on the command line.
 *
 * Parses the subcommand and its options, runs one change (hours_core.c:
 * committed before anything is said), then says what happened in one short
 * line with the important part first, followed by what the rules announce
 * (a capped interval, a break due, the maximum near). Listings and reports
 * are in hours_print.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "hours_int.h"
#include "i18n.h"

struct hours_args {
    const char *sub;
    char *words[64];            /* positional words (tags, id) */
    int nwords;
    int64_t at, from, to;       /* -1: not given */
    const char *from_text, *to_text;
    bool cont, csv, no_tags;
    const char *period;         /* "day", "week", "month" or NULL */
    const char *date_from, *date_to;
};

static int time_arg(struct kefu_ctx *ctx, const char *opt, const char *text, int64_t *out)
{
    if (clock_parse(text, out) != 0)
        return kefu_usage(ctx, "hours", _("%s '%s' is not a time; give 2026-03-01T09:00 "
                          "(local time), 2026-03-01T09:00+08:00, or 09:00 for today"),
                          opt, text);
    return 0;
}

static int parse_args(struct kefu_ctx *ctx, int argc, char **argv, struct hours_args *a)
{
    memset(a, 0, sizeof *a);
    a->at = a->from = a->to = -1;
    a->sub = argc > 1 ? argv[1] : "status";
    for (int i = 2; i < argc; i++) {
        const char *s = argv[i];
        bool has_value = i + 1 < argc;
        int64_t *slot = NULL;
        if (strcmp(s, "--at") == 0)
            slot = &a->at;
        else if (strcmp(s, "--from") == 0)
            slot = &a->from;
        else if (strcmp(s, "--to") == 0)
            slot = &a->to;
        if (slot) {
            if (!has_value)
                return kefu_usage(ctx, "hours", _("%s needs a time"), s);
            const char *v = argv[++i];
            bool dates = strcmp(a->sub, "report") == 0 || strcmp(a->sub, "log") == 0;
            if (dates && slot != &a->at) {
                int64_t d;
                if (hours_parse_date(v, &d) != 0)
                    return kefu_usage(ctx, "hours", _("%s '%s' is not a date such as "
                                      "2026-03-01"), s, v);
                *(slot == &a->from ? &a->date_from : &a->date_to) = v;
                continue;
            }
            int rc = time_arg(ctx, s, v, slot);
            if (rc)
                return rc;
            continue;
        }
        if (strcmp(s, "--continue") == 0)
            a->cont = true;
        else if (strcmp(s, "--csv") == 0)
            a->csv = true;
        else if (strcmp(s, "--no-tags") == 0)
            a->no_tags = true;
        else if (strcmp(s, "--day") == 0 || strcmp(s, "--week") == 0 ||
                 strcmp(s, "--month") == 0)
            a->period = s + 2;
        else if (strcmp(s, "--") == 0)
            continue;
        else if (s[0] == '-' && s[1] == '-')
            return kefu_usage(ctx, "hours", _("unknown option '%s' for 'kefu hours %s'"),
                              s, a->sub);
        else if (a->nwords < 64)
            a->words[a->nwords++] = argv[i];
        else
            return kefu_usage(ctx, "hours", _("too many words"));
    }
    return 0;
}

static int fail(struct kefu_ctx *ctx, const struct hours_tracker *t)
{
    /* the tracker's database and memory errors come without a fix */
    return kefu_fail(ctx, t->fix[0] ? t->fix
                                    : _("close other kefu windows and try again, or check the "
                                        "database with --db"),
                     "%s", t->err);
}

static void say_notices(struct kefu_ctx *ctx, const struct hours_tracker *t)
{
    for (size_t i = 0; i < t->nnotices; i++)
        a11y_say(ctx->out, t->notices[i].warning ? A11Y_WARNING : A11Y_INFO, "%s",
                 t->notices[i].text);
}

static int get_id(struct kefu_ctx *ctx, const struct hours_args *a, int64_t *id)
{
    char *end = NULL;
    const char *w = a->nwords ? a->words[0] : NULL;
    if (w && *w == '#')
        w++;
    long long v = w ? strtoll(w, &end, 10) : 0;
    if (!w || !*w || *end || v <= 0)
        return kefu_usage(ctx, "hours", _("'kefu hours %s' needs the number of an interval "
                          "(kefu hours log shows them)"), a->sub);
    *id = v;
    return 0;
}

/* The name of an undone change, for people. */
static const char *change_name(const char *what)
{
    static const char *const names[][2] = {
        {"start", N_("the start")}, {"stop", N_("the stop")}, {"pause", N_("the pause")},
        {"resume", N_("the resume")}, {"add", N_("the added interval")},
        {"edit", N_("the change")}, {"delete", N_("the deletion")},
        {"session", N_("the start of a practice session")},
        {"session end", N_("the end of a practice session")},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(what, names[i][0]) == 0)
            return _(names[i][1]);
    return what;
}

/* After a change: the interval as a log line (JSON) or one spoken line. */
static void report_change(struct kefu_ctx *ctx, struct hours_tracker *t, const char *verb,
                          const struct kb_hours_iv *iv)
{
    if (ctx->json) {
        hours_print_iv_json(ctx, iv);
    } else {
        char line[512];
        hours_describe(t, iv, line, sizeof line);
        a11y_say(ctx->out, A11Y_PLAIN, "%s %s", verb, line);
    }
    say_notices(ctx, t);
}

static int run_change(struct kefu_ctx *ctx, struct hours_tracker *t, struct hours_args *a)
{
    struct kb_hours_iv iv = {0};
    char tags[KB_HOURS_TAGS_MAX], err[256];
    const char *s = a->sub;
    int rc;
    bool tagged = strcmp(s, "start") == 0 || strcmp(s, "add") == 0 || strcmp(s, "edit") == 0;
    int first = strcmp(s, "edit") == 0 ? 1 : 0;
    if (tagged && hours_tags_join(a->words + first, a->nwords - first, tags, sizeof tags,
                                  err, sizeof err) != 0)
        return kefu_usage(ctx, "hours", "%s", err);
    if (!tagged && strcmp(s, "delete") != 0 && a->nwords > 0)
        return kefu_usage(ctx, "hours", _("'kefu hours %s' takes no words (got '%s')"),
                          s, a->words[0]);
    if (strcmp(s, "start") == 0) {
        rc = hours_start(t, tags, a->at, a->cont, KB_HOURS_WORK, &iv);
        if (rc == HOURS_OK)
            report_change(ctx, t, _("Started:"), &iv);
    } else if (strcmp(s, "stop") == 0) {
        rc = hours_stop(t, a->at, &iv);
        if (rc == HOURS_OK)
            report_change(ctx, t, _("Stopped:"), &iv);
    } else if (strcmp(s, "pause") == 0) {
        rc = hours_pause(t, a->at, &iv);
        if (rc == HOURS_OK)
            report_change(ctx, t, _("Paused:"), &iv);
    } else if (strcmp(s, "resume") == 0) {
        rc = hours_resume(t, a->at, a->cont, &iv);
        if (rc == HOURS_OK)
            report_change(ctx, t, _("Resumed:"), &iv);
    } else if (strcmp(s, "add") == 0) {
        if (a->from < 0 || a->to < 0)
            return kefu_usage(ctx, "hours", _("'kefu hours add' needs --from TIME and "
                              "--to TIME"));
        rc = hours_add(t, a->from, a->to, tags, &iv);
        if (rc == HOURS_OK)
            report_change(ctx, t, _("Added:"), &iv);
    } else if (strcmp(s, "edit") == 0) {
        int64_t id;
        if ((rc = get_id(ctx, a, &id)) != 0)
            return rc;
        bool newtags = a->nwords > 1 || a->no_tags;
        if (!newtags && a->from < 0 && a->to < 0)
            return kefu_usage(ctx, "hours", _("'kefu hours edit %lld' needs --from TIME, "
                              "--to TIME, new tags or --no-tags"), (long long)id);
        rc = hours_edit(t, id, a->from, a->to, newtags ? tags : NULL, &iv);
        if (rc == HOURS_OK)
            report_change(ctx, t, _("Changed:"), &iv);
    } else if (strcmp(s, "delete") == 0) {
        int64_t id;
        if ((rc = get_id(ctx, a, &id)) != 0)
            return rc;
        if (a->nwords > 1)
            return kefu_usage(ctx, "hours", _("'kefu hours delete' takes one number"));
        rc = hours_delete(t, id, &iv);
        if (rc == HOURS_OK)
            report_change(ctx, t, _("Deleted:"), &iv);
    } else {
        char what[32];
        int64_t at = 0;
        rc = hours_undo(t, what, sizeof what, &at);
        if (rc == HOURS_OK) {
            char when[32];
            hours_hm(at, when, sizeof when);
            if (ctx->json)
                a11y_data(ctx->out, "{\"undone\":\"%s\"}", what);
            else
                a11y_say(ctx->out, A11Y_PLAIN, _("Undone: %s, made at %s"),
                         change_name(what), when);
        }
    }
    return rc == HOURS_OK ? KEFU_EXIT_OK : fail(ctx, t);
}

/* Refuse options the subcommand would silently ignore. */
static int check_options(struct kefu_ctx *ctx, const struct hours_args *a)
{
    const char *s = a->sub;
    bool clock = !strcmp(s, "start") || !strcmp(s, "stop") || !strcmp(s, "pause") ||
                 !strcmp(s, "resume");
    bool span = !strcmp(s, "add") || !strcmp(s, "edit") || !strcmp(s, "log") ||
                !strcmp(s, "report");
    bool period = !strcmp(s, "log") || !strcmp(s, "report");
    const char *bad = NULL;
    if (a->at >= 0 && !clock)
        bad = "--at";
    else if ((a->from >= 0 || a->to >= 0 || a->date_from || a->date_to) && !span)
        bad = a->from >= 0 || a->date_from ? "--from" : "--to";
    else if (a->cont && strcmp(s, "start") != 0 && strcmp(s, "resume") != 0)
        bad = "--continue";
    else if (a->period && !period)
        bad = "--day/--week/--month";
    else if (a->no_tags && strcmp(s, "edit") != 0)
        bad = "--no-tags";
    if (bad)
        return kefu_usage(ctx, "hours", _("%s does not go with 'kefu hours %s'"), bad, s);
    return 0;
}

/* The days a period covers: [from, to) local midnights. */
static int period(struct kefu_ctx *ctx, const struct hours_args *a, const char *def,
                  int64_t now, int64_t *from, int64_t *to)
{
    if (a->date_from || a->date_to) {
        if (!a->date_from || !a->date_to || a->period)
            return kefu_usage(ctx, "hours", _("give both --from DATE and --to DATE, "
                              "or one of --day, --week, --month"));
        hours_parse_date(a->date_from, from);
        hours_parse_date(a->date_to, to);
        if (*to < *from)
            return kefu_usage(ctx, "hours", _("--to %s is before --from %s"), a->date_to,
                              a->date_from);
        *to = hours_day_next(*to);
        return 0;
    }
    const char *p = a->period ? a->period : def;
    if (strcmp(p, "day") == 0) {
        *from = hours_day_start(now);
        *to = hours_day_next(*from);
    } else if (strcmp(p, "week") == 0) {
        *from = hours_week_start(now);
        *to = hours_day_add(*from, 7);
    } else {
        *from = hours_month_start(now);
        *to = hours_month_next(*from);
    }
    return 0;
}

int cmd_hours(struct kefu_ctx *ctx, int argc, char **argv)
{
    struct hours_args a;
    struct hours_tracker t;
    int rc = parse_args(ctx, argc, argv, &a);
    if (rc)
        return rc;
    static const char *const subs[] = {"start", "stop", "pause", "resume", "status", "add",
                                       "undo", "log", "edit", "delete", "report", NULL};
    int which = -1;
    for (int i = 0; subs[i]; i++)
        if (strcmp(a.sub, subs[i]) == 0)
            which = i;
    if (which < 0)
        return kefu_usage(ctx, "hours", _("unknown subcommand 'kefu hours %s'"), a.sub);
    bool reading = strcmp(a.sub, "report") == 0 || strcmp(a.sub, "log") == 0;
    if (a.csv && !reading)
        return kefu_usage(ctx, "hours", _("--csv is for 'kefu hours log' and 'kefu hours "
                          "report'"));
    if ((rc = check_options(ctx, &a)) != 0)
        return rc;
    kb_t *kb = kefu_kb(ctx);
    if (!kb)
        return KEFU_EXIT_FAIL;
    rc = hours_tracker_init(&t, ctx, kb, NULL, !reading);
    if (rc != HOURS_OK)
        return fail(ctx, &t);
    if (strcmp(a.sub, "status") == 0) {
        if (a.nwords)
            return kefu_usage(ctx, "hours", _("'kefu hours status' takes no words"));
        if (hours_refresh(&t) != HOURS_OK)
            return fail(ctx, &t);
        say_notices(ctx, &t);
        return hours_print_status(ctx, &t) == HOURS_OK ? KEFU_EXIT_OK : fail(ctx, &t);
    }
    if (reading) {
        int64_t from, to;
        if (a.nwords)
            return kefu_usage(ctx, "hours", _("'kefu hours %s' takes no words (got '%s')"),
                              a.sub, a.words[0]);
        if ((rc = period(ctx, &a, strcmp(a.sub, "log") == 0 ? "day" : "week", t.now,
                         &from, &to)) != 0)
            return rc;
        enum hours_format f = ctx->json ? HOURS_JSON : a.csv ? HOURS_CSV : HOURS_TEXT;
        rc = strcmp(a.sub, "log") == 0 ? hours_print_log(ctx, &t, from, to, f)
                                       : hours_print_report(ctx, &t, from, to, f);
        return rc == HOURS_OK ? KEFU_EXIT_OK : fail(ctx, &t);
    }
    return run_change(ctx, &t, &a);
}
