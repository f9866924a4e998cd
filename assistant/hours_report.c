/* hours_report.c -- totals per local day and per tag, weekly spread.
 *
 * Read-only: an open interval counts up to where the rules say it ends
 * (hours_effective_end), nothing is settled here, so a trainer's report of
 * a trainee never writes. Day boundaries are computed once per report (one
 * mktime per day) and each interval is split by walking them, so a month of
 * a busy worker costs a few hundred look-ups, not one mktime per interval.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hours_int.h"

static int tag_add(struct hours_report *r, size_t *cap, const char *tag, size_t len,
                   int64_t secs)
{
    for (size_t i = 0; i < r->ntags; i++)
        if (strlen(r->tags[i].tag) == len && memcmp(r->tags[i].tag, tag, len) == 0) {
            r->tags[i].secs += secs;
            return 0;
        }
    if (r->ntags == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        struct hours_tagsum *n = realloc(r->tags, ncap * sizeof *n);
        if (!n)
            return -1;
        r->tags = n;
        *cap = ncap;
    }
    struct hours_tagsum *s = &r->tags[r->ntags++];
    snprintf(s->tag, sizeof s->tag, "%.*s", (int)len, tag);
    s->secs = secs;
    return 0;
}

static int by_tag(const void *a, const void *b)
{
    return strcmp(((const struct hours_tagsum *)a)->tag, ((const struct hours_tagsum *)b)->tag);
}

/* Index of the day containing t (days sorted; bounds[i] = start of day i,
 * bounds[n] = end of the last). */
static size_t day_index(const int64_t *bounds, size_t n, int64_t t)
{
    size_t lo = 0, hi = n;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (bounds[mid] <= t)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static void week_stats(struct hours_report *r)
{
    double sum = 0, sq = 0;
    int64_t week = 0, cur = INT64_MIN;
    int weeks = 0;
    double totals[64];
    for (size_t i = 0; i <= r->ndays; i++) {
        int64_t w = i < r->ndays ? hours_week_start(r->days[i].start) : INT64_MAX;
        if (w != cur && cur != INT64_MIN) {
            if (weeks < 64)
                totals[weeks] = (double)week;
            weeks++;
            sum += (double)week;
            week = 0;
        }
        cur = w;
        if (i < r->ndays)
            week += r->days[i].worked;
    }
    r->weeks = weeks;
    if (!weeks)
        return;
    r->week_mean = sum / weeks;
    int m = weeks < 64 ? weeks : 64;
    for (int i = 0; i < m; i++)
        sq += (totals[i] - r->week_mean) * (totals[i] - r->week_mean);
    r->week_sd = sqrt(sq / m);
}

int hours_report_build(struct hours_tracker *t, int64_t from, int64_t to,
                       struct hours_report *r)
{
    struct kb_hours_iv *ivs = NULL;
    int64_t *bounds = NULL;
    size_t n = 0, tagcap = 0;
    int rc = HOURS_OK;
    memset(r, 0, sizeof *r);
    r->from = from;
    r->to = to;
    /* Days up to today: the future has nothing to count yet. */
    int64_t last = hours_day_next(hours_day_start(t->now));
    int64_t end = to < last ? to : last;
    size_t cap = 0;
    for (int64_t d = from; d < end; d = hours_day_next(d)) {
        if (r->ndays == cap) {
            cap = cap ? cap * 2 : 32;
            struct hours_day *nd = realloc(r->days, cap * sizeof *nd);
            int64_t *nb = realloc(bounds, (cap + 1) * sizeof *nb);
            if (nd)
                r->days = nd;
            if (nb)
                bounds = nb;
            if (!nd || !nb) {
                rc = hours_fail(t, HOURS_ERROR, NULL, "out of memory");
                goto out;
            }
        }
        struct hours_day *day = &r->days[r->ndays];
        memset(day, 0, sizeof *day);
        day->start = d;
        hours_date(d, day->date, sizeof day->date);
        bounds[r->ndays++] = d;
    }
    if (!r->ndays)
        goto out;
    bounds[r->ndays] = end;
    if (kb_hours_range(t->kb, t->uid, from, end, &ivs, &n) != KB_OK) {
        rc = hours_fail(t, HOURS_ERROR, NULL, "%s", kb_errmsg(t->kb));
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        const struct kb_hours_iv *iv = &ivs[i];
        int64_t e = iv->end;
        int why;
        if (iv->open && (rc = hours_effective_end(t, iv, &e, &why)) != HOURS_OK)
            goto out;
        int64_t s = iv->start > from ? iv->start : from;
        int64_t stop = e < end ? e : end;
        if (iv->kind == KB_HOURS_BREAK && iv->start >= from && iv->start < end) {
            r->days[day_index(bounds, r->ndays, iv->start)].breaks++;
            r->breaks++;
        }
        if (stop <= s)
            continue;
        for (size_t d = day_index(bounds, r->ndays, s); d < r->ndays && bounds[d] < stop; d++) {
            int64_t secs = hours_clip(s, stop, bounds[d], bounds[d + 1]);
            if (iv->kind == KB_HOURS_WORK)
                r->days[d].worked += secs;
            else
                r->days[d].rest += secs;
        }
        if (iv->kind != KB_HOURS_WORK)
            continue;
        for (const char *p = iv->tags; *p;) {
            size_t len = strcspn(p, " ");
            if (len && tag_add(r, &tagcap, p, len, stop - s) != 0) {
                rc = hours_fail(t, HOURS_ERROR, NULL, "out of memory");
                goto out;
            }
            p += len;
            while (*p == ' ')
                p++;
        }
    }
    for (size_t d = 0; d < r->ndays; d++) {
        const struct hours_day *day = &r->days[d];
        r->total += day->worked;
        r->rest += day->rest;
        if (day->worked == 0)
            r->off++;
        else if (day->worked < t->rules.min_daily)
            r->below++;
        if (day->worked > t->rules.max_daily)
            r->over++;
    }
    if (r->ntags)
        qsort(r->tags, r->ntags, sizeof r->tags[0], by_tag);
    week_stats(r);
out:
    free(ivs);
    free(bounds);
    if (rc != HOURS_OK)
        hours_report_free(r);
    return rc;
}

void hours_report_free(struct hours_report *r)
{
    free(r->days);
    free(r->tags);
    r->days = NULL;
    r->tags = NULL;
    r->ndays = r->ntags = 0;
}
