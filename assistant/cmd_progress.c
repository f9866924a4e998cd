/* cmd_progress.c -- `kefu progress` (a trainee's tier, averages per
 * category, weakest skills, streaks; --json; --set-tier T for trainers) and
 * `kefu report` (a trainer's summary of every trainee, with transcripts;
 * --json or --csv).
 *
 * Short lines, the important part first, so a screen reader user hears the
 * tier and the next step before the details.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"
#include "hours.h"
#include "hours_int.h"
#include "i18n.h"
#include "kb_hours.h"
#include "kb_practice.h"
#include "labels.h"
#include "library_load.h"
#include "practice.h"
#include "practice_plan.h"

/* ------------------------------------------------------------------ */
/* Statistics over a trainee's records */

struct skill { char *name; int hit, seen; };
struct cat { const char *tier, *name; long sum; int n; };

struct stats {
    struct skill *skills;
    size_t n_skills;
    int turns;
    long turn_sum;
    int64_t last_at;
    json_t *transcript;         /* report: the turns, when asked for */
};

static int on_turn(void *arg, const kb_practice_turn_row *row)
{
    struct stats *st = arg;
    bool skipped = strcmp(row->input, "skipped") == 0;
    if (st->transcript) {
        char at[40];
        clock_format_iso(row->answered_at, at, sizeof at);
        json_array_append_new(st->transcript, json_pack(
            "{s:I, s:s, s:i, s:s, s:s, s:s, s:o, s:b, s:b, s:s}", "session",
            (json_int_t)row->session_id, "scenario", row->scenario, "turn", row->turn,
            "customer", row->customer, "answer", row->answer, "input", row->input,
            "score", skipped ? json_null() : json_integer(row->score), "fatal", row->fatal,
            "passed", row->passed, "at", at));
    }
    if (skipped)        /* no answer, no score: not in averages or skills */
        return 0;
    st->turns++;
    st->turn_sum += row->score;
    if (row->answered_at > st->last_at)
        st->last_at = row->answered_at;
    json_t *secs = json_loads(row->sections_json, 0, NULL);
    size_t i;
    json_t *sec;
    json_array_foreach(secs, i, sec) {
        const char *name = json_string_value(json_object_get(sec, "name"));
        if (!name)
            continue;
        size_t k = 0;
        while (k < st->n_skills && strcmp(st->skills[k].name, name) != 0)
            k++;
        if (k == st->n_skills) {
            struct skill *g = realloc(st->skills, (k + 1) * sizeof *g);
            if (!g || !(g[k].name = strdup(name))) {
                st->skills = g ? g : st->skills;
                break;
            }
            st->skills = g;
            g[k].hit = g[k].seen = 0;
            st->n_skills++;
        }
        st->skills[k].seen++;
        st->skills[k].hit += json_is_true(json_object_get(sec, "hit"));
    }
    json_decref(secs);
    return 0;
}

static int cmp_skill(const void *a, const void *b)
{
    const struct skill *x = a, *y = b;
    double rx = (double)x->hit / x->seen, ry = (double)y->hit / y->seen;
    if (rx != ry)
        return rx < ry ? -1 : 1;
    return strcmp(x->name, y->name);
}

static void stats_free(struct stats *st)
{
    for (size_t i = 0; i < st->n_skills; i++)
        free(st->skills[i].name);
    free(st->skills);
    json_decref(st->transcript);
}

/* Passed-in-a-row streaks over finished scenarios, and practice days in a
 * row ending today or yesterday. */
static void streaks(const kb_practice_result *r, size_t n, int *cur, int *best, int *days)
{
    *cur = *best = *days = 0;
    int run = 0;
    for (size_t i = 0; i < n; i++) {
        run = r[i].score >= SCORE_PASS_MARK ? run + 1 : 0;
        if (run > *best)
            *best = run;
    }
    *cur = run;
    int64_t now = clock_now();
    char day[16], want[16];
    int64_t probe = now;
    clock_format_date(probe, want, sizeof want);
    bool started = false;
    for (size_t i = n; i-- > 0;) {
        clock_format_date(r[i].finished_at, day, sizeof day);
        if (strcmp(day, want) > 0)
            continue;
        if (strcmp(day, want) == 0) {
            (*days)++;
            started = true;
            probe -= 86400;
            clock_format_date(probe, want, sizeof want);
            continue;
        }
        if (!started && *days == 0) {       /* nothing today: a run may end yesterday */
            probe -= 86400;
            clock_format_date(probe, want, sizeof want);
            started = true;
            if (strcmp(day, want) == 0) {
                (*days)++;
                probe -= 86400;
                clock_format_date(probe, want, sizeof want);
            }
            continue;
        }
        break;
    }
}

/* ------------------------------------------------------------------ */
/* kefu progress */

/* A trainer acts on trainees who exist: a typo must not create one. Known
 * users are listed in the fix (or `kefu report` when there are many). */
static int unknown_trainee(struct kefu_ctx *ctx, kb_t *kb, const char *who)
{
    char **names = NULL, fix[512];
    size_t n = 0, len = 0;
    if (kb_practice_users(kb, &names, &n) == KB_OK && n > 0 && n <= 10) {
        len = (size_t)snprintf(fix, sizeof fix, "%s", _("use --user with one of: "));
        for (size_t i = 0; i < n && len < sizeof fix; i++)
            len += (size_t)snprintf(fix + len, sizeof fix - len, "%s%s", i ? ", " : "",
                                    names[i]);
    } else {
        snprintf(fix, sizeof fix, "%s", _("kefu report lists every trainee"));
    }
    kb_practice_names_free(names, n);
    return kefu_fail(ctx, fix, _("there is no trainee called '%s' in this database"), who);
}

static bool trainee_known(kb_t *kb, const char *who)
{
    int64_t uid;
    return kb_hours_user_find(kb, who, &uid) == KB_OK;
}

static int set_tier(struct kefu_ctx *ctx, kb_t *kb, const char *tier)
{
    if (kb_tier_from_name(tier) == KB_TIER_NONE)
        return kefu_usage(ctx, "progress", _("unknown tier '%s'; use basic, intermediate "
                                             "or advanced"), tier);
    if (!trainee_known(kb, ctx->user))
        return unknown_trainee(ctx, kb, ctx->user);
    if (kb_practice_tier_set(kb, ctx->user, tier, "trainer", clock_now()) != KB_OK)
        return kefu_fail(ctx, _("check that the disk has room and that the database (--db) can be written"), _("cannot set the tier: %s"), kb_errmsg(kb));
    if (ctx->json)
        a11y_data(ctx->out, "{\"user\": \"%s\", \"tier\": \"%s\"}", ctx->user, tier);
    else
        a11y_say(ctx->out, A11Y_INFO, _("%s now practises at tier %s."), ctx->user,
                 label_tier(tier));
    return KEFU_EXIT_OK;
}

int cmd_progress(struct kefu_ctx *ctx, int argc, char **argv)
{
    const char *tier_set = NULL;
    bool json = ctx->json;
    kb_library *lib = NULL;
    const kb_scenario **steps = NULL;
    size_t n_steps = 0, nres = 0;
    kb_practice_result *res = NULL;
    struct stats st = {0};
    struct cat *cats = NULL;
    size_t n_cats = 0;
    char *tier = NULL;
    int rc = KEFU_EXIT_FAIL;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (strcmp(argv[i], "--set-tier") == 0 && i + 1 < argc)
            tier_set = argv[++i];
        else
            return kefu_usage(ctx, "progress", _("unknown option or missing value: '%s'"),
                              argv[i]);
    }
    ctx->json = json;
    kb_t *kb = kefu_kb(ctx);
    if (!kb)
        return KEFU_EXIT_FAIL;
    if (tier_set)
        return set_tier(ctx, kb, tier_set);
    if (practice_library_load(ctx, NULL, &lib, &steps, &n_steps, NULL) != KEFU_EXIT_OK)
        goto out;
    if (kb_practice_tier_get(kb, ctx->user, &tier) != KB_OK ||
        kb_practice_results(kb, ctx->user, &res, &nres) != KB_OK ||
        kb_practice_each_turn(kb, ctx->user, on_turn, &st) != KB_OK) {
        rc = kefu_fail(ctx, _("close other kefu windows and try again, or check the database with --db"), _("cannot read practice records: %s"), kb_errmsg(kb));
        goto out;
    }
    struct practice_tier_status ts;
    practice_tier_status(lib, kb_tier_from_name(tier), res, nres, &ts);
    long sum = 0;
    for (size_t i = 0; i < nres; i++) {
        sum += res[i].score;
        size_t k = 0;
        while (k < n_cats && !(strcmp(cats[k].name, res[i].category) == 0 &&
                               strcmp(cats[k].tier, res[i].tier) == 0))
            k++;
        if (k == n_cats) {
            struct cat *g = realloc(cats, (k + 1) * sizeof *g);
            if (!g)
                goto out;
            cats = g;
            cats[k] = (struct cat){res[i].tier, res[i].category, 0, 0};
            n_cats++;
        }
        cats[k].sum += res[i].score;
        cats[k].n++;
    }
    int avg = nres ? (int)((sum + (long)nres / 2) / (long)nres) : 0;
    if (st.n_skills > 1)
        qsort(st.skills, st.n_skills, sizeof *st.skills, cmp_skill);
    int cur, best, days;
    streaks(res, nres, &cur, &best, &days);

    if (json) {
        json_t *o = json_pack("{s:s, s:s, s:{s:i, s:i, s:i, s:i, s:i, s:b}, s:i, s:i, s:i}",
            "user", ctx->user, "tier", tier, "tier_progress", "average", ts.mean,
            "counted", (int)ts.counted, "needed", PRACTICE_TIER_WINDOW,
            "categories", (int)ts.categories, "tried", (int)ts.tried, "passed", ts.passed,
            "scenarios", (int)nres, "turns", st.turns, "average", avg);
        json_t *ca = json_array(), *sk = json_array();
        for (size_t k = 0; k < n_cats; k++)
            json_array_append_new(ca, json_pack("{s:s, s:s, s:i, s:i}", "tier", cats[k].tier,
                "category", cats[k].name, "average",
                (int)((cats[k].sum + cats[k].n / 2) / cats[k].n), "scenarios", cats[k].n));
        for (size_t k = 0; k < st.n_skills && k < 5; k++)
            json_array_append_new(sk, json_pack("{s:s, s:i, s:i}", "skill", st.skills[k].name,
                "hit_percent", st.skills[k].hit * 100 / st.skills[k].seen,
                "turns", st.skills[k].seen));
        json_object_set_new(o, "categories", ca);
        json_object_set_new(o, "weakest", sk);
        json_object_set_new(o, "streaks", json_pack("{s:i, s:i, s:i}", "passed", cur,
                                                     "best_passed", best, "days", days));
        char *s = json_dumps(o, JSON_PRESERVE_ORDER);
        if (s)
            a11y_data(ctx->out, "%s", s);
        free(s);
        json_decref(o);
        rc = KEFU_EXIT_OK;
        goto out;
    }
    a11y_out_t *out = ctx->out;
    a11y_say(out, A11Y_INFO, _("%s: tier %s."), ctx->user, label_tier(tier));
    if (nres == 0) {
        a11y_say(out, A11Y_INFO, _("No practice yet. Start with: kefu practice"));
        rc = KEFU_EXIT_OK;
        goto out;
    }
    if (ts.passed)
        a11y_say(out, A11Y_INFO, _("Tier %s passed: average %d over the last %zu scenarios."),
                 label_tier(tier), ts.mean, ts.counted);
    else
        a11y_say(out, A11Y_INFO, _("To pass tier %s: average %d of 80 over the last %zu of "
                                   "10 scenarios; categories tried %zu of %zu."),
                 label_tier(tier), ts.mean, ts.counted, ts.tried, ts.categories);
    if (ts.untried)
        a11y_say(out, A11Y_INFO, _("Not tried yet: %s."), label_category(ts.untried));
    a11y_say(out, A11Y_INFO, _("Scenarios done: %zu, average %d; answers: %d."), nres, avg,
             st.turns);
    for (size_t k = 0; k < n_cats; k++)
        a11y_say(out, A11Y_INFO, n_("Category %s (%s): average %d over %d scenario.",
                                    "Category %s (%s): average %d over %d scenarios.",
                                    cats[k].n),
                 label_category(cats[k].name), label_tier(cats[k].tier), (int)((cats[k].sum + cats[k].n / 2) / cats[k].n), cats[k].n);
    for (size_t k = 0; k < st.n_skills && k < 3; k++)
        a11y_say(out, A11Y_INFO, n_("Weak skill: %s, covered in %d%% of %d answer.",
                                    "Weak skill: %s, covered in %d%% of %d answers.",
                                    st.skills[k].seen),
                 score_section_label(st.skills[k].name),
                 st.skills[k].hit * 100 / st.skills[k].seen, st.skills[k].seen);
    a11y_say(out, A11Y_INFO, n_("Streaks: %d passed in a row (best %d); %d day in a row.",
                                "Streaks: %d passed in a row (best %d); %d days in a row.",
                                days), cur, best, days);
    rc = KEFU_EXIT_OK;
out:
    free(cats);
    free(tier);
    stats_free(&st);
    kb_practice_results_free(res, nres);
    free(steps);
    kb_library_free(lib);
    return rc;
}

/* ------------------------------------------------------------------ */
/* kefu report */

struct csv_arg { a11y_out_t *out; };

/* Seconds worked today, this week (from Monday) and this month, from the
 * hours tracker; all 0 for someone who never tracked hours. */
static void trainee_hours(struct kefu_ctx *ctx, kb_t *kb, const char *who, int64_t secs[3])
{
    struct hours_tracker t;
    secs[0] = secs[1] = secs[2] = 0;
    if (hours_tracker_init(&t, ctx, kb, who, false) != HOURS_OK)
        return;
    int64_t today = hours_day_start(t.now), week = hours_week_start(t.now),
            month = hours_month_start(t.now);
    int64_t from = week < month ? week : month;
    for (int64_t d = from; d <= today; d = hours_day_next(d)) {
        int64_t s = 0;
        if (hours_worked_day(&t, d, &s) != HOURS_OK)
            break;
        if (d == today)
            secs[0] += s;
        if (d >= week)
            secs[1] += s;
        if (d >= month)
            secs[2] += s;
    }
}

static const char *input_label(const char *input)
{
    static const char *const t[] = {N_("typed"), N_("spoken"), N_("skipped"), N_("timeout")};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (!strcmp(input, t[i]))
            return _(t[i]);
    return input;
}

/* One turn of a transcript: tagged lines, the important part first; the
 * tags' punctuation is the language's (a11y_tag_sep: "Turn: " in English,
 * "轮次：" in Chinese). */
static void say_turn(struct kefu_ctx *ctx, json_t *t)
{
    const char *input = json_string_value(json_object_get(t, "input"));
    json_t *score = json_object_get(t, "score");
    const char *scen = json_string_value(json_object_get(t, "scenario"));
    int turn = (int)json_integer_value(json_object_get(t, "turn"));
    const char *sep = a11y_tag_sep();
    char what[512];
    if (json_is_integer(score))
        snprintf(what, sizeof what, _("%s %d, %s, score %d"), scen, turn,
                 input_label(input ? input : ""), (int)json_integer_value(score));
    else
        snprintf(what, sizeof what, _("%s %d, %s"), scen, turn, input_label(input ? input : ""));
    /* the report's tags are keyed by a context: "Answer" alone is the model
     * answer (参考回答) */
    a11y_data(ctx->out, "%s%s%s", i18n_pgettext("report\004Turn"), sep, what);
    a11y_data(ctx->out, "%s%s%s", a11y_tag(A11Y_CUSTOMER), sep,
              json_string_value(json_object_get(t, "customer")));
    const char *ans = json_string_value(json_object_get(t, "answer"));
    a11y_data(ctx->out, "%s%s%s", i18n_pgettext("report\004Answer"), sep,
              input && !strcmp(input, "skipped") ? _("(skipped)") : ans ? ans : "");
}

/* One CSV field, quoted (RFC 4180); line breaks become spaces so that one
 * turn stays one line. */

static void csv_field(char *buf, size_t cap, const char *s)
{
    size_t n = 0;
    buf[n++] = '"';
    for (; *s && n + 3 < cap; s++) {
        if (*s == '"')
            buf[n++] = '"';
        buf[n++] = (*s == '\n' || *s == '\r') ? ' ' : *s;
    }
    buf[n++] = '"';
    buf[n] = '\0';
}

static int on_csv(void *arg, const kb_practice_turn_row *r)
{
    struct csv_arg *c = arg;
    char cust[2048], ans[2048], user[256], at[40];
    csv_field(cust, sizeof cust, r->customer);
    csv_field(ans, sizeof ans, r->answer);
    csv_field(user, sizeof user, r->user);
    clock_format_iso(r->answered_at, at, sizeof at);
    /* every stored turn is a row: a score of 0 is a result like any other;
     * a skipped turn has no score at all (empty, as JSON's null) */
    char score[16] = "";
    if (strcmp(r->input, "skipped") != 0)
        snprintf(score, sizeof score, "%d", r->score);
    a11y_data(c->out, "%s,%lld,%s,%s,%s,%d,%s,%s,%d,%d,%s,%s,%s", user,
              (long long)r->session_id, r->scenario, r->tier, r->category, r->turn, r->input,
              score, r->fatal, r->passed, at, cust, ans);
    return 0;
}

int cmd_report(struct kefu_ctx *ctx, int argc, char **argv)
{
    bool json = ctx->json, csv = false, transcripts = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (strcmp(argv[i], "--csv") == 0)
            csv = true;
        else if (strcmp(argv[i], "--transcripts") == 0)
            transcripts = true;
        else
            return kefu_usage(ctx, "report", _("unknown option '%s'"), argv[i]);
    }
    if (json && csv)
        return kefu_usage(ctx, "report", _("choose one of --json and --csv"));
    kb_t *kb = kefu_kb(ctx);
    if (!kb)
        return KEFU_EXIT_FAIL;
    /* one trainee when --user (or KEFU_USER) names one, else everyone */
    const char *origin = config_origin(ctx->cfg, "general.user");
    const char *only = origin && (strcmp(origin, "--user") == 0 || strcmp(origin, "KEFU_USER") == 0)
                           ? ctx->user : NULL;
    if (only)
        transcripts = true;
    if (only && !trainee_known(kb, only))
        return unknown_trainee(ctx, kb, only);
    if (csv) {
        struct csv_arg c = {ctx->out};
        a11y_data(ctx->out, "user,session,scenario,tier,category,turn,input,score,fatal,"
                            "passed,answered_at,customer,answer");
        if (kb_practice_each_turn(kb, only, on_csv, &c) != KB_OK)
            return kefu_fail(ctx, _("close other kefu windows and try again, or check the database with --db"), _("cannot read practice records: %s"), kb_errmsg(kb));
        return KEFU_EXIT_OK;
    }
    char **names = NULL;
    size_t n = 0;
    /* trainees with hours but no practice are listed too */
    if (kb_practice_trainees(kb, &names, &n) != KB_OK)
        return kefu_fail(ctx, _("close other kefu windows and try again, or check the database with --db"), _("cannot list trainees: %s"), kb_errmsg(kb));
    json_t *arr = json_array();
    size_t shown = 0;
    int rc = KEFU_EXIT_OK;
    for (size_t i = 0; i < n; i++) {
        if (only && strcmp(names[i], only) != 0)
            continue;
        struct stats st = {0};
        char *tier = NULL;
        kb_practice_result *res = NULL;
        size_t nres = 0;
        if (json || transcripts)
            st.transcript = json_array();
        if (kb_practice_tier_get(kb, names[i], &tier) != KB_OK ||
            kb_practice_results(kb, names[i], &res, &nres) != KB_OK ||
            kb_practice_each_turn(kb, names[i], on_turn, &st) != KB_OK) {
            rc = kefu_fail(ctx, _("close other kefu windows and try again, or check the database with --db"), _("cannot read practice records: %s"), kb_errmsg(kb));
            free(tier);
            stats_free(&st);
            break;
        }
        long sum = 0;
        for (size_t k = 0; k < nres; k++)
            sum += res[k].score;
        int avg = nres ? (int)((sum + (long)nres / 2) / (long)nres) : 0;
        if (st.n_skills > 1)
            qsort(st.skills, st.n_skills, sizeof *st.skills, cmp_skill);
        char last[40] = "", last_heard[40] = "";
        if (st.last_at) {
            clock_format_date(st.last_at, last, sizeof last);       /* JSON: ISO */
            i18n_date(st.last_at, last_heard, sizeof last_heard);   /* text: 11月29日 */
        }
        const char *weak = st.n_skills ? st.skills[0].name : "";
        int64_t hrs[3];
        trainee_hours(ctx, kb, names[i], hrs);
        if (json) {
            json_array_append_new(arr, json_pack("{s:s, s:s, s:i, s:i, s:i, s:s, s:s,"
                " s:{s:I, s:I, s:I}, s:O}",
                "user", names[i], "tier", tier, "scenarios", (int)nres, "turns", st.turns,
                "average", avg, "last_practice", last, "weakest", weak,
                "hours_seconds", "today", (json_int_t)hrs[0], "week", (json_int_t)hrs[1],
                "month", (json_int_t)hrs[2], "transcript", st.transcript));
        } else {
            if (nres == 0 && st.turns == 0)     /* hours only */
                a11y_say(ctx->out, A11Y_INFO, _("%s: tier %s; no practice yet."), names[i],
                         label_tier(tier));
            else
                a11y_say(ctx->out, A11Y_INFO, n_("%s: tier %s; %zu scenario, average %d; "
                                                 "weakest: %s; last practice %s.",
                                                 "%s: tier %s; %zu scenarios, average %d; "
                                                 "weakest: %s; last practice %s.", nres),
                         names[i], label_tier(tier), nres, avg,
                         *weak ? score_section_label(weak) : "-",
                         *last_heard ? last_heard : "-");
            char d0[32], d1[32], d2[32];
            hours_dur(hrs[0], d0, sizeof d0);
            hours_dur(hrs[1], d1, sizeof d1);
            hours_dur(hrs[2], d2, sizeof d2);
            a11y_say(ctx->out, A11Y_INFO, _("%s worked %s today, %s this week, %s this month."),
                     names[i], d0, d1, d2);
            size_t k;
            json_t *t;
            json_array_foreach(transcripts ? st.transcript : NULL, k, t)
                say_turn(ctx, t);
        }
        shown++;
        free(tier);
        stats_free(&st);
        kb_practice_results_free(res, nres);
    }
    if (rc == KEFU_EXIT_OK) {
        if (json) {
            json_t *o = json_pack("{s:o}", "trainees", arr);
            arr = NULL;
            char *s = json_dumps(o, JSON_PRESERVE_ORDER);
            if (s)
                a11y_data(ctx->out, "%s", s);
            free(s);
            json_decref(o);
        } else if (!shown) {
            if (only)
                a11y_say(ctx->out, A11Y_INFO, _("%s has no practice records yet."), only);
            else
                a11y_say(ctx->out, A11Y_INFO, _("No trainee has practised yet. Practice is "
                                                "stored by kefu practice (also --drill FILE); "
                                                "kefu drill run only scores and stores nothing."));
        }
    }
    json_decref(arr);
    kb_practice_names_free(names, n);
    return rc;
}
