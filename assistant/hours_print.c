/* hours_print.c -- what `kefu hours status|log|report` print.
 *
 * Text is short "Label: value; value" lines with the important part first
 * (a screen reader reads the start and the listener can skip the rest);
 * --csv and --json carry the same data for a spreadsheet. The JSON shapes of
 * `log` and `report` are a contract (docs/hours.md): extend, don't break.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "hours_int.h"
#include "i18n.h"

/* "1 day", "2 days" (ngettext: a screen reader reads "1 days" as written). */
static void plural(char *buf, size_t len, long n, const char *one, const char *many)
{
    snprintf(buf, len, ngettext(one, many, (unsigned long)(n < 0 ? 0 : n)), n);
}

static void iso(int64_t t, char *buf, size_t len) { clock_format_iso(t, buf, len); }

#define INTERVAL(s) i18n_pgettext("interval\004" s)
#define LIST_COLON i18n_pgettext("list\004: ")    /* before a list of days */

/* A moment as a person hears it: "09:00 on 2026-03-02" (English, as the
 * trainers' scripts expect), "3月2日 09:00" (Chinese). */
static void when_text(int64_t t, char *buf, size_t len)
{
    char hm[8], date[24];
    if (strcmp(i18n_lang(), "zh") == 0) {
        i18n_date_time(t, buf, len);
        return;
    }
    hours_hm(t, hm, sizeof hm);
    hours_date(t, date, sizeof date);
    snprintf(buf, len, "%s on %s", hm, date);
}

/* A span within one day's reading: "10:10 to 11:00 on 2026-03-02",
 * "3月2日 10:10 至 11:00". */
static void span_text(int64_t a, int64_t b, char *buf, size_t len)
{
    char ha[8], hb[8], date[24];
    hours_hm(a, ha, sizeof ha);
    hours_hm(b, hb, sizeof hb);
    if (strcmp(i18n_lang(), "zh") == 0) {
        i18n_date(a, date, sizeof date);
        snprintf(buf, len, "%s %s 至 %s", date, ha, hb);
    } else {
        hours_date(a, date, sizeof date);
        snprintf(buf, len, "%s to %s on %s", ha, hb, date);
    }
}

void hours_describe(struct hours_tracker *t, const struct kb_hours_iv *iv,
                    char *buf, size_t len)
{
    char when[96], dur[32];
    int64_t end = iv->end;
    int why = 0;
    if (iv->open && hours_effective_end(t, iv, &end, &why) != HOURS_OK)
        end = iv->start;
    hours_dur(end - iv->start, dur, sizeof dur);
    if (iv->open)
        when_text(iv->start, when, sizeof when);
    else
        span_text(iv->start, iv->end, when, sizeof when);
    const char *kind = iv->kind == KB_HOURS_BREAK ? _("break") : _("work");
    int n;
    if (iv->open && end - iv->start < 60)
        n = snprintf(buf, len, INTERVAL("%s since %s"), kind, when);
    else if (iv->open)
        n = snprintf(buf, len, INTERVAL("%s since %s, %s so far"), kind, when, dur);
    else
        n = snprintf(buf, len, INTERVAL("%s %s, %s"), kind, when, dur);
    if (n < 0 || (size_t)n >= len)
        return;
    if (iv->kind == KB_HOURS_WORK && iv->tags[0])
        n += snprintf(buf + n, len - (size_t)n, _("; tags: %s"), iv->tags);
    if (n >= 0 && (size_t)n < len && iv->note[0])
        n += snprintf(buf + n, len - (size_t)n, "%s%s", _("; "), strcmp(iv->note, "recovered") == 0
                      ? _("recovered after a crash") : _("stopped by the daily limits"));
    if (n >= 0 && (size_t)n < len)
        snprintf(buf + n, len - (size_t)n, "%s#%lld", _("; "), (long long)iv->id);
}

static json_t *iv_json(const struct kb_hours_iv *iv)
{
    char s[40], e[40];
    iso(iv->start, s, sizeof s);
    json_t *tags = json_array();
    if (iv->kind == KB_HOURS_BREAK) {
        json_array_append_new(tags, json_string("break"));
    } else {
        for (const char *p = iv->tags; *p;) {
            size_t n = strcspn(p, " ");
            if (n)
                json_array_append_new(tags, json_stringn(p, n));
            p += n;
            while (*p == ' ')
                p++;
        }
    }
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(iv->id));
    json_object_set_new(o, "start", json_string(s));
    if (iv->open) {
        json_object_set_new(o, "end", json_null());
    } else {
        iso(iv->end, e, sizeof e);
        json_object_set_new(o, "end", json_string(e));
    }
    json_object_set_new(o, "tags", tags);
    return o;
}

static void print_json(struct kefu_ctx *ctx, json_t *j)
{
    char *text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (text)
        a11y_data(ctx->out, "%s", text);
    free(text);
    json_decref(j);
}

void hours_print_iv_json(struct kefu_ctx *ctx, const struct kb_hours_iv *iv)
{
    print_json(ctx, iv_json(iv));
}

/* ---- status ---------------------------------------------------------------- */

int hours_print_status(struct kefu_ctx *ctx, struct hours_tracker *t)
{
    struct hours_now n;
    int rc = hours_now_get(t, &n);
    if (rc != HOURS_OK)
        return rc;
    const struct hours_rules *r = &t->rules;
    int64_t left = r->max_daily - n.today;
    int64_t wleft = t->now < n.w0 ? n.w1 - n.w0 : t->now < n.w1 ? n.w1 - t->now : 0;
    bool due = n.stretch_since && t->now - n.stretch_since >= r->work;
    if (ctx->json) {
        json_t *o = json_object();
        char s[40];
        json_object_set_new(o, "running", json_boolean(n.running));
        json_object_set_new(o, "kind", !n.running ? json_null()
                            : json_string(n.open.kind == KB_HOURS_BREAK ? "break" : "work"));
        json_object_set_new(o, "id", n.running ? json_integer(n.open.id) : json_null());
        iso(n.open.start, s, sizeof s);
        json_object_set_new(o, "since", n.running ? json_string(s) : json_null());
        json_object_set_new(o, "today_seconds", json_integer(n.today));
        json_object_set_new(o, "left_seconds", json_integer(left > 0 ? left : 0));
        json_object_set_new(o, "window_left_seconds", json_integer(wleft));
        json_object_set_new(o, "break_due", json_boolean(due));
        print_json(ctx, o);
        return HOURS_OK;
    }
    char a[8], b[8], d1[32], d2[32];
    if (n.running) {
        char line[512];
        hours_describe(t, &n.open, line, sizeof line);
        a11y_say(ctx->out, A11Y_PLAIN, "%s %s", n.open.kind == KB_HOURS_BREAK
                 ? _("Paused:") : _("Running:"), line);
    } else {
        a11y_say(ctx->out, A11Y_PLAIN, "%s", _("Not running: start with kefu hours start"));
    }
    hours_dur(n.today, d1, sizeof d1);
    hours_dur(left > 0 ? left : 0, d2, sizeof d2);
    a11y_say(ctx->out, A11Y_PLAIN, _("Today: %s worked; %s left before the daily maximum"),
             d1, d2);
    hours_hm(n.w0, a, sizeof a);
    if (r->win_end >= 86400)
        snprintf(b, sizeof b, "24:00");
    else
        hours_hm(n.w1, b, sizeof b);
    hours_dur(wleft, d1, sizeof d1);
    if (n.cont_today)
        a11y_say(ctx->out, A11Y_PLAIN, _("Window: %s to %s; you chose to continue today"), a, b);
    else if (wleft > 0)
        a11y_say(ctx->out, A11Y_PLAIN, _("Window: %s left, %s to %s"), d1, a, b);
    else
        a11y_say(ctx->out, A11Y_PLAIN, _("Window: closed for today, %s to %s"), a, b);
    if (n.stretch_since) {
        hours_dur(t->now - n.stretch_since, d1, sizeof d1);
        hours_dur(r->work - (t->now - n.stretch_since), d2, sizeof d2);
        if (due)
            a11y_say(ctx->out, A11Y_WARNING, _("Break due: %s without a break; rest for "
                     "%lld minutes (kefu hours pause)"), d1, (long long)(r->rest / 60));
        else
            a11y_say(ctx->out, A11Y_PLAIN, _("Next break: in %s"), d2);
    }
    bool working = n.running && n.open.kind == KB_HOURS_WORK;
    if (working && left > 0 && left <= 15 * 60 && !r->at_max_continue && !n.cont_today) {
        hours_dur(left, d1, sizeof d1);
        a11y_say(ctx->out, A11Y_WARNING, _("Daily maximum in %s"), d1);
    }
    if (working && left <= 0) {
        hours_dur(-left, d1, sizeof d1);
        a11y_say(ctx->out, A11Y_WARNING, _("Over the daily maximum by %s, by your choice"), d1);
    }
    if (working && !n.cont_today && t->now < n.w1 && n.w1 - t->now <= 15 * 60) {
        hours_dur(n.w1 - t->now, d1, sizeof d1);
        a11y_say(ctx->out, A11Y_WARNING, _("Working window closes in %s"), d1);
    }
    return HOURS_OK;
}

/* ---- log ------------------------------------------------------------------- */

int hours_print_log(struct kefu_ctx *ctx, struct hours_tracker *t, int64_t from,
                    int64_t to, enum hours_format f)
{
    struct kb_hours_iv *ivs = NULL;
    size_t n = 0;
    if (kb_hours_range(t->kb, t->uid, from, to, &ivs, &n) != KB_OK)
        return hours_fail(t, HOURS_ERROR, NULL, "%s", kb_errmsg(t->kb));
    if (f == HOURS_JSON) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(arr, iv_json(&ivs[i]));
        print_json(ctx, arr);
    } else if (f == HOURS_CSV) {
        a11y_data(ctx->out, "id,kind,start,end,seconds,tags,note");
        for (size_t i = 0; i < n; i++) {
            char s[40], e[40] = "";
            iso(ivs[i].start, s, sizeof s);
            if (!ivs[i].open)
                iso(ivs[i].end, e, sizeof e);
            a11y_data(ctx->out, "%lld,%s,%s,%s,%lld,%s,%s", (long long)ivs[i].id,
                      ivs[i].kind == KB_HOURS_BREAK ? "break" : "work", s, e,
                      ivs[i].open ? 0LL : (long long)(ivs[i].end - ivs[i].start),
                      ivs[i].tags, ivs[i].note);
        }
    } else {
        int64_t total = 0;
        for (size_t i = 0; i < n; i++) {
            char line[512];
            hours_describe(t, &ivs[i], line, sizeof line);
            /* "Work 09:00 ...": the kind is the label. */
            if (line[0] >= 'a' && line[0] <= 'z')
                line[0] = (char)(line[0] - 'a' + 'A');
            a11y_data(ctx->out, "%s", line);
            if (ivs[i].kind == KB_HOURS_WORK && !ivs[i].open)
                total += ivs[i].end - ivs[i].start;
        }
        char d[32];
        hours_dur(total, d, sizeof d);
        char ni[48];
        plural(ni, sizeof ni, (long)n, N_("%ld interval"), N_("%ld intervals"));
        a11y_data(ctx->out, _("Total: %s; %s of finished work"), ni, d);
    }
    free(ivs);
    return HOURS_OK;
}

/* ---- report ---------------------------------------------------------------- */

static void report_json(struct kefu_ctx *ctx, struct hours_tracker *t,
                        const struct hours_report *r)
{
    char d[16];
    json_t *o = json_object(), *days = json_array(), *tags = json_object();
    hours_date(r->from, d, sizeof d);
    json_object_set_new(o, "from", json_string(d));
    hours_date(hours_day_add(r->to, -1), d, sizeof d);
    json_object_set_new(o, "to", json_string(d));
    json_object_set_new(o, "total_seconds", json_integer(r->total));
    for (size_t i = 0; i < r->ndays; i++) {
        const struct hours_day *day = &r->days[i];
        json_t *j = json_object();
        json_object_set_new(j, "date", json_string(day->date));
        json_object_set_new(j, "worked_seconds", json_integer(day->worked));
        json_object_set_new(j, "break_seconds", json_integer(day->rest));
        json_object_set_new(j, "below_min", json_boolean(day->worked > 0 &&
                            day->worked < t->rules.min_daily));
        json_object_set_new(j, "over_max", json_boolean(day->worked > t->rules.max_daily));
        json_array_append_new(days, j);
    }
    json_object_set_new(o, "days", days);
    for (size_t i = 0; i < r->ntags; i++)
        json_object_set_new(tags, r->tags[i].tag, json_integer(r->tags[i].secs));
    json_object_set_new(o, "tags", tags);
    print_json(ctx, o);
}

/* "2026-03-03, 2026-03-09" of the days matching, at most 10 named. */
static void day_list(const struct hours_report *r, const struct hours_rules *rules,
                     bool over, char *buf, size_t len)
{
    size_t used = 0;
    int named = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < r->ndays && used + 24 < len; i++) {
        int64_t w = r->days[i].worked;
        bool hit = over ? w > rules->max_daily : w > 0 && w < rules->min_daily;
        if (!hit)
            continue;
        if (named++ == 10) {
            snprintf(buf + used, len - used, ", ...");
            return;
        }
        char date[32];
        i18n_date(r->days[i].start, date, sizeof date);
        used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? ", " : "", date);
    }
}

static void report_text(struct kefu_ctx *ctx, struct hours_tracker *t,
                        const struct hours_report *r)
{
    const struct hours_rules *rules = &t->rules;
    char a[32], b[32], d1[32], d2[32], list[256];
    i18n_date(r->from, a, sizeof a);
    i18n_date(hours_day_add(r->to, -1), b, sizeof b);
    hours_dur(r->total, d1, sizeof d1);
    size_t worked_days = r->ndays - (size_t)r->off;
    char n1[48], n2[48];
    plural(n1, sizeof n1, (long)worked_days, N_("%ld day"), N_("%ld days"));
    plural(n2, sizeof n2, r->off, N_("%ld day"), N_("%ld days"));
    a11y_data(ctx->out, _("Total: %s worked on %s; %s off; %s to %s; user %s"),
              d1, n1, n2, a, b, ctx->user);
    if (rules->rate > 0)
        a11y_data(ctx->out, _("Income: about %.2f %s at %.2f per hour"),
                  (double)r->total / 3600.0 * rules->rate, rules->currency, rules->rate);
    else
        a11y_data(ctx->out, "%s", _("Income: no hourly rate set (setting hours.hourly_rate)"));
    hours_dur(rules->min_daily, d1, sizeof d1);
    day_list(r, rules, false, list, sizeof list);
    plural(n1, sizeof n1, r->below, N_("%ld day"), N_("%ld days"));
    a11y_data(ctx->out, _("Below the minimum of %s: %s%s%s"), d1, n1,
              r->below ? LIST_COLON : "", list);
    hours_dur(rules->max_daily, d1, sizeof d1);
    day_list(r, rules, true, list, sizeof list);
    plural(n1, sizeof n1, r->over, N_("%ld day"), N_("%ld days"));
    a11y_data(ctx->out, _("Over the maximum of %s: %s%s%s"), d1, n1,
              r->over ? LIST_COLON : "", list);
    hours_dur(r->rest, d1, sizeof d1);
    a11y_data(ctx->out, _("Breaks: %d taken; %s in all"), r->breaks, d1);
    hours_dur((int64_t)r->week_mean, d1, sizeof d1);
    hours_dur((int64_t)r->week_sd, d2, sizeof d2);
    plural(n1, sizeof n1, r->weeks, N_("%ld week"), N_("%ld weeks"));
    a11y_data(ctx->out, _("Weekly hours: mean %s; spread %s; over %s"), d1, d2, n1);
    for (size_t i = 0; i < r->ntags; i++) {
        hours_dur(r->tags[i].secs, d1, sizeof d1);
        a11y_data(ctx->out, _("Tag %s: %s"), r->tags[i].tag, d1);
    }
    for (size_t i = 0; i < r->ndays; i++) {
        const struct hours_day *day = &r->days[i];
        if (!day->worked && !day->rest)
            continue;
        hours_dur(day->worked, d1, sizeof d1);
        hours_dur(day->rest, d2, sizeof d2);
        const char *flag = day->worked > rules->max_daily ? _("; over the maximum")
                         : day->worked > 0 && day->worked < rules->min_daily
                         ? _("; below the minimum") : "";
        plural(n1, sizeof n1, day->breaks, N_("%ld break"), N_("%ld breaks"));
        char date[32];
        i18n_date(day->start, date, sizeof date);
        a11y_data(ctx->out, _("Day %s: %s worked; %s, %s%s"), date, d1, n1, d2, flag);
    }
}

int hours_print_report(struct kefu_ctx *ctx, struct hours_tracker *t, int64_t from,
                       int64_t to, enum hours_format f)
{
    struct hours_report r;
    int rc = hours_report_build(t, from, to, &r);
    if (rc != HOURS_OK)
        return rc;
    if (f == HOURS_JSON) {
        report_json(ctx, t, &r);
    } else if (f == HOURS_CSV) {
        a11y_data(ctx->out, "date,worked_seconds,break_seconds,breaks,below_min,over_max");
        for (size_t i = 0; i < r.ndays; i++) {
            const struct hours_day *d = &r.days[i];
            a11y_data(ctx->out, "%s,%lld,%lld,%d,%s,%s", d->date, (long long)d->worked,
                      (long long)d->rest, d->breaks,
                      d->worked > 0 && d->worked < t->rules.min_daily ? "true" : "false",
                      d->worked > t->rules.max_daily ? "true" : "false");
        }
    } else {
        report_text(ctx, t, &r);
    }
    hours_report_free(&r);
    return HOURS_OK;
}
