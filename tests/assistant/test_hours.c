/* test_hours.c -- the hours tracker's logic with KEFU_NOW: local days across
 * DST (New York, Berlin), the window parser, tags, and the session API of
 * hours.h (breaks by the rhythm, the warning before the maximum, stopping at
 * it, continuing, recovery after a crash, a long silence not counted, taking
 * over and handing back a `kefu hours start` interval). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "clock.h"
#include "config.h"
#include "hours_int.h"

static void tz(const char *zone)
{
    setenv("TZ", zone, 1);
    tzset();
}

static int64_t at(const char *iso)
{
    int64_t t = 0;
    assert_int_equal(clock_parse(iso, &t), 0);
    return t;
}

/* ---- local days ------------------------------------------------------------ */

static void t_dst_day_lengths(void **state)
{
    (void)state;
    tz("America/New_York");
    int64_t d = hours_day_start(at("2026-03-08T12:00"));
    assert_int_equal(hours_day_next(d) - d, 23 * 3600);
    d = hours_day_start(at("2026-11-01T12:00"));
    assert_int_equal(hours_day_next(d) - d, 25 * 3600);
    /* 02:30 does not exist on 2026-03-08; it becomes 03:30 EDT = 01:30 + 1h real. */
    assert_int_equal(hours_day_at(d, 0), d);
    tz("Europe/Berlin");
    d = hours_day_start(at("2026-03-29T12:00"));
    assert_int_equal(hours_day_next(d) - d, 23 * 3600);
    d = hours_day_start(at("2026-10-25T01:00"));
    assert_int_equal(hours_day_next(d) - d, 25 * 3600);
    assert_int_equal(hours_day_at(d, 12 * 3600) - d, 13 * 3600);  /* noon after 25h day's extra hour */
    char buf[16];
    hours_date(hours_day_add(d, 1), buf, sizeof buf);
    assert_string_equal(buf, "2026-10-26");
    tz("Asia/Shanghai");
}

static void t_weeks_months_dates(void **state)
{
    (void)state;
    tz("Asia/Shanghai");
    char buf[16];
    hours_date(hours_week_start(at("2026-03-01T10:00")), buf, sizeof buf);   /* a Sunday */
    assert_string_equal(buf, "2026-02-23");
    hours_date(hours_month_next(hours_month_start(at("2026-12-15T10:00"))), buf, sizeof buf);
    assert_string_equal(buf, "2027-01-01");
    int64_t d;
    assert_int_equal(hours_parse_date("2026-02-28", &d), 0);
    assert_int_equal(hours_parse_date("2026-02-30", &d), -1);
    assert_int_equal(hours_parse_date("2026-2-3", &d), -1);
    assert_int_equal(hours_clip(0, 100, 50, 200), 50);
    assert_int_equal(hours_clip(0, 100, 100, 200), 0);
    hours_dur(3 * 3600 + 5 * 60 + 59, buf, sizeof buf);
    assert_string_equal(buf, "3h 05m");
}

static void t_window_and_tags(void **state)
{
    (void)state;
    int s, e;
    assert_int_equal(hours_parse_window("08:00-23:00", &s, &e), 0);
    assert_int_equal(s, 8 * 3600);
    assert_int_equal(e, 23 * 3600);
    assert_int_equal(hours_parse_window("00:00-24:00", &s, &e), 0);
    assert_int_equal(e, 86400);
    assert_int_equal(hours_parse_window("23:00-08:00", &s, &e), -1);
    assert_int_equal(hours_parse_window("8-23", &s, &e), -1);
    assert_int_equal(hours_parse_window("08:00-24:30", &s, &e), -1);
    char buf[256], err[256];
    char *w[] = {"zeta", "alpha", "zeta", "mid"};
    assert_int_equal(hours_tags_join(w, 4, buf, sizeof buf, err, sizeof err), 0);
    assert_string_equal(buf, "alpha mid zeta");
    char *bad[] = {"a,b"};
    assert_int_equal(hours_tags_join(bad, 1, buf, sizeof buf, err, sizeof err), -1);
    assert_non_null(strstr(err, "'a,b' is not a tag"));
    char *brk[] = {"break"};
    assert_int_equal(hours_tags_join(brk, 1, buf, sizeof buf, err, sizeof err), -1);
}

/* ---- the session API --------------------------------------------------------- */

struct fx {
    struct kefu_ctx ctx;
    char *dir, *db;
    char *obuf, *ebuf;
    size_t olen, elen;
    FILE *o, *e;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    tz("Asia/Shanghai");
    setenv("KEFU_BOOT_ID", "boot-a", 1);
    f->dir = kefu_test_tmpdir();
    size_t n = strlen(f->dir) + 8;
    f->db = malloc(n);
    snprintf(f->db, n, "%s/h.db", f->dir);
    f->o = open_memstream(&f->obuf, &f->olen);
    f->e = open_memstream(&f->ebuf, &f->elen);
    struct a11y_out_options opts = {.color = 0, .verbosity = 2};
    assert_int_equal(a11y_out_new(&f->ctx.out, f->o, f->e, &opts), 0);
    assert_int_equal(config_load(&f->ctx.cfg, NULL, false, f->ctx.out), 0);
    f->ctx.db_path = f->db;
    f->ctx.user = "ana";
    f->ctx.lang = "en";
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    kb_close(f->ctx.kb);
    config_free(f->ctx.cfg);
    a11y_out_free(f->ctx.out);
    fclose(f->o);
    fclose(f->e);
    free(f->obuf);
    free(f->ebuf);
    kefu_test_rmtree(f->dir);
    free(f->dir);
    free(f->db);
    free(f);
    unsetenv("KEFU_NOW");
    unsetenv("KEFU_BOOT_ID");
    return 0;
}

static void now_is(const char *iso) { setenv("KEFU_NOW", iso, 1); }

/* Tick every step seconds from..to; record the first time each kind came. */
static void tick_through(hours_session_t *s, const char *from, int64_t secs, int step,
                         int64_t first[16])
{
    int64_t t0 = at(from);
    for (int64_t t = t0; t <= t0 + secs; t += step) {
        char iso[40];
        clock_format_iso(t, iso, sizeof iso);
        now_is(iso);
        struct hours_announcement ann;
        assert_int_equal(hours_tick(s, &ann), HOURS_OK);
        if (ann.kind != HOURS_SAY_NONE && !first[ann.kind])
            first[ann.kind] = t;
    }
}

static void t_session_breaks_warning_and_max(void **state)
{
    struct fx *f = *state;
    hours_session_t *s = NULL;
    struct hours_announcement ann;
    now_is("2026-03-02T09:00:00+08:00");
    assert_int_equal(hours_session_begin(&f->ctx, "drill:refunds", &s, &ann), HOURS_OK);
    assert_true(hours_session_counting(s));
    assert_int_equal(ann.kind, HOURS_SAY_NONE);
    int64_t first[16] = {0};
    tick_through(s, "2026-03-02T09:00:00+08:00", 6 * 3600 + 600, 60, first);
    assert_int_equal(first[HOURS_SAY_BREAK_DUE], at("2026-03-02T09:50:00+08:00"));
    assert_int_equal(first[HOURS_SAY_MAX_SOON], at("2026-03-02T14:45:00+08:00"));
    /* Capped at 15:00 exactly (the heartbeat that noticed came a little later). */
    assert_true(first[HOURS_SAY_MAX_REACHED] >= at("2026-03-02T15:00:00+08:00"));
    assert_true(first[HOURS_SAY_MAX_REACHED] <= at("2026-03-02T15:01:00+08:00"));
    assert_false(hours_session_counting(s));
    assert_int_equal(hours_session_today(s), 6 * 3600);
    /* The worker chooses to go on. */
    now_is("2026-03-02T15:20:00+08:00");
    assert_int_equal(hours_session_continue(s, &ann), HOURS_OK);
    assert_int_equal(ann.kind, HOURS_SAY_CONTINUED);
    assert_true(hours_session_counting(s));
    int64_t more[16] = {0};
    tick_through(s, "2026-03-02T15:20:00+08:00", 600, 60, more);
    assert_int_equal(hours_session_today(s), 6 * 3600 + 600);
    assert_int_equal(hours_session_end(s), HOURS_OK);
    /* Everything is closed and tagged with the drill. */
    struct kb_hours_iv iv;
    int64_t uid;
    assert_int_equal(kb_hours_user_find(f->ctx.kb, "ana", &uid), KB_OK);
    assert_int_equal(kb_hours_open_get(f->ctx.kb, uid, &iv), KB_NOTFOUND);
    assert_int_equal(kb_hours_last(f->ctx.kb, uid, &iv), KB_OK);
    assert_string_equal(iv.tags, "drill:refunds");
    assert_int_equal(iv.end - iv.start, 600);
}

static void t_session_outside_window_does_not_count(void **state)
{
    struct fx *f = *state;
    hours_session_t *s = NULL;
    struct hours_announcement ann;
    now_is("2026-03-02T23:30:00+08:00");
    assert_int_equal(hours_session_begin(&f->ctx, NULL, &s, &ann), HOURS_OK);
    assert_false(hours_session_counting(s));
    assert_int_equal(ann.kind, HOURS_SAY_WINDOW_ENDED);
    assert_non_null(strstr(ann.text, "outside your working window"));
    assert_int_equal(hours_session_end(s), HOURS_OK);
}

static void t_session_crash_recovered_at_heartbeat(void **state)
{
    struct fx *f = *state;
    hours_session_t *s1 = NULL, *s2 = NULL;
    struct hours_announcement ann;
    now_is("2026-03-02T09:00:00+08:00");
    assert_int_equal(hours_session_begin(&f->ctx, NULL, &s1, &ann), HOURS_OK);
    int64_t first[16] = {0};
    tick_through(s1, "2026-03-02T09:00:00+08:00", 1800, 60, first);   /* heartbeats to 09:30 */
    /* Power cut: the next boot starts a session at 11:00. */
    setenv("KEFU_BOOT_ID", "boot-b", 1);
    now_is("2026-03-02T11:00:00+08:00");
    assert_int_equal(hours_session_begin(&f->ctx, NULL, &s2, &ann), HOURS_OK);
    assert_int_equal(ann.kind, HOURS_SAY_RECOVERED);
    assert_non_null(strstr(ann.text, "was closed at 2026-03-02 09:30"));
    assert_int_equal(hours_session_today(s2), 1800);
    assert_int_equal(hours_session_end(s2), HOURS_OK);
    assert_int_equal(hours_session_end(s1), HOURS_OK);   /* its interval is already closed */
}

static void t_session_idle_gap_not_counted(void **state)
{
    struct fx *f = *state;
    hours_session_t *s = NULL;
    struct hours_announcement ann;
    now_is("2026-03-02T09:00:00+08:00");
    assert_int_equal(hours_session_begin(&f->ctx, NULL, &s, &ann), HOURS_OK);
    int64_t first[16] = {0};
    /* KEFU_NOW moves, the monotonic clock hardly does: to the session that
     * is time the computer spent asleep -- unless ticks are under 2 min apart. */
    tick_through(s, "2026-03-02T09:00:00+08:00", 300, 60, first);
    assert_int_equal(first[HOURS_SAY_IDLE_GAP], 0);
    now_is("2026-03-02T11:05:00+08:00");             /* the laptop slept two hours */
    assert_int_equal(hours_tick(s, &ann), HOURS_OK);
    assert_int_equal(ann.kind, HOURS_SAY_IDLE_GAP);
    tick_through(s, "2026-03-02T11:06:00+08:00", 240, 60, first);
    assert_int_equal(hours_session_today(s), 10 * 60);
    assert_int_equal(hours_session_end(s), HOURS_OK);
}

static void t_session_takes_over_and_hands_back(void **state)
{
    struct fx *f = *state;
    struct hours_tracker t;
    kb_t *kb = kefu_kb(&f->ctx);
    assert_non_null(kb);
    now_is("2026-03-02T09:00:00+08:00");
    assert_int_equal(hours_tracker_init(&t, &f->ctx, kb, NULL, true), HOURS_OK);
    assert_int_equal(hours_start(&t, "calls", -1, false, KB_HOURS_WORK, NULL), HOURS_OK);
    hours_session_t *s = NULL;
    now_is("2026-03-02T10:00:00+08:00");
    assert_int_equal(hours_session_begin(&f->ctx, "practice", &s, NULL), HOURS_OK);
    now_is("2026-03-02T10:20:00+08:00");
    assert_int_equal(hours_session_end(s), HOURS_OK);
    struct kb_hours_iv *ivs = NULL;
    size_t n = 0;
    assert_int_equal(kb_hours_range(kb, t.uid, 0, INT64_MAX, &ivs, &n), KB_OK);
    assert_int_equal(n, 3);
    assert_string_equal(ivs[0].tags, "calls");
    assert_int_equal(ivs[0].end, at("2026-03-02T10:00:00+08:00"));
    assert_string_equal(ivs[1].tags, "calls practice");
    assert_int_equal(ivs[1].end, at("2026-03-02T10:20:00+08:00"));
    assert_true(ivs[2].open);
    assert_string_equal(ivs[2].tags, "calls");
    assert_int_equal(ivs[2].start, at("2026-03-02T10:20:00+08:00"));
    free(ivs);
}

static void t_report_dst_split(void **state)
{
    struct fx *f = *state;
    tz("America/New_York");
    struct hours_tracker t;
    kb_t *kb = kefu_kb(&f->ctx);
    now_is("2026-03-10T12:00:00-04:00");
    assert_int_equal(hours_tracker_init(&t, &f->ctx, kb, NULL, true), HOURS_OK);
    assert_int_equal(hours_add(&t, at("2026-03-07T22:00"), at("2026-03-08T04:00"), "night",
                               NULL), HOURS_OK);
    struct hours_report r;
    assert_int_equal(hours_report_build(&t, hours_day_start(at("2026-03-07T12:00")),
                                        hours_day_start(at("2026-03-09T12:00")), &r), HOURS_OK);
    assert_int_equal(r.ndays, 2);
    assert_int_equal(r.days[0].worked, 2 * 3600);
    assert_int_equal(r.days[1].worked, 3 * 3600);
    assert_int_equal(r.total, 5 * 3600);
    assert_int_equal(r.ntags, 1);
    assert_int_equal(r.tags[0].secs, 5 * 3600);
    hours_report_free(&r);
    tz("Asia/Shanghai");
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(t_dst_day_lengths),
    cmocka_unit_test(t_weeks_months_dates),
    cmocka_unit_test(t_window_and_tags),
    cmocka_unit_test_setup_teardown(t_session_breaks_warning_and_max, setup, teardown),
    cmocka_unit_test_setup_teardown(t_session_outside_window_does_not_count, setup, teardown),
    cmocka_unit_test_setup_teardown(t_session_crash_recovered_at_heartbeat, setup, teardown),
    cmocka_unit_test_setup_teardown(t_session_idle_gap_not_counted, setup, teardown),
    cmocka_unit_test_setup_teardown(t_session_takes_over_and_hands_back, setup, teardown),
    cmocka_unit_test_setup_teardown(t_report_dst_split, setup, teardown),
};
KEFU_TEST_GROUP(assistant_hours, tests, NULL, NULL)
