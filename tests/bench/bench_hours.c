/* bench_hours.c -- `kefu hours report --month` over years of data.
 *
 * Data: a worker with ~27 intervals a day (10-minute work spells, 3-minute
 * gaps, one of five tags each, a break every few spells), 50,000 intervals =
 * five years; and the same pattern with 1,000 intervals (five weeks). The
 * report is built the way `kefu hours report --month` builds it
 * (hours_report_build: range query, day split, tags, weeks), for the last
 * month of the data, in a real on-disk SQLite database (WAL).
 *
 * Baseline, same run: the obvious query "started < month_end AND (ended IS
 * NULL OR ended > month_start)" with the index not used (NOT INDEXED) --
 * what a report costs when the range is not bounded from both ends.
 *
 * Usage: bench_hours [INTERVALS]   (default: 50000, and 1000 beside it)
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hours_int.h"
#include "kb_int.h"

static double ms_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Fill n intervals ending before *last_end; returns the user id. */
static int64_t fill(kb_t *kb, int n, int64_t *last_end)
{
    int64_t uid = 0;
    kb_user_ensure(kb, "bench", &uid);
    sqlite3_stmt *iv = NULL, *tag = NULL;
    sqlite3_exec(kb->db, "BEGIN", NULL, NULL, NULL);
    sqlite3_prepare_v2(kb->db, "INSERT INTO hours_interval(user_id, started, ended, kind) "
                       "VALUES(?1, ?2, ?3, ?4)", -1, &iv, NULL);
    sqlite3_prepare_v2(kb->db, "INSERT INTO hours_tag(interval_id, tag) VALUES(?1, ?2)",
                       -1, &tag, NULL);
    static const char *tags[] = {"calls", "chat", "email", "drill:refunds", "drill:delivery"};
    int per_day = 27;
    int days = (n + per_day - 1) / per_day;
    /* Start `days` days before 2026-03-01 08:00 local. */
    int64_t day = hours_day_add(hours_day_start(1772323200), -days);
    int made = 0;
    for (int d = 0; made < n; d++, day = hours_day_next(day)) {
        int64_t t = hours_day_at(day, 8 * 3600);
        for (int k = 0; k < per_day && made < n; k++, made++) {
            int kind = k % 6 == 5 ? KB_HOURS_BREAK : KB_HOURS_WORK;
            sqlite3_reset(iv);
            sqlite3_bind_int64(iv, 1, uid);
            sqlite3_bind_int64(iv, 2, t);
            sqlite3_bind_int64(iv, 3, t + 600);
            sqlite3_bind_int(iv, 4, kind);
            sqlite3_step(iv);
            if (kind == KB_HOURS_WORK) {
                sqlite3_reset(tag);
                sqlite3_bind_int64(tag, 1, sqlite3_last_insert_rowid(kb->db));
                sqlite3_bind_text(tag, 2, tags[(d + k) % 5], -1, SQLITE_STATIC);
                sqlite3_step(tag);
            }
            *last_end = t + 600;
            t += 780;
        }
    }
    sqlite3_finalize(iv);
    sqlite3_finalize(tag);
    sqlite3_exec(kb->db, "COMMIT", NULL, NULL, NULL);
    return uid;
}

/* The baseline: the same per-day totals from the unbounded, unindexed query. */
static int64_t naive_report(kb_t *kb, int64_t uid, int64_t from, int64_t to)
{
    sqlite3_stmt *st = NULL;
    int64_t total = 0;
    sqlite3_prepare_v2(kb->db,
        "SELECT i.started, i.ended, i.kind, (SELECT group_concat(tag, ' ') FROM hours_tag t "
        "WHERE t.interval_id = i.id) FROM hours_interval i NOT INDEXED "
        "WHERE i.user_id = ?1 AND i.started < ?3 AND (i.ended IS NULL OR i.ended > ?2) "
        "ORDER BY i.started", -1, &st, NULL);
    sqlite3_bind_int64(st, 1, uid);
    sqlite3_bind_int64(st, 2, from);
    sqlite3_bind_int64(st, 3, to);
    while (sqlite3_step(st) == SQLITE_ROW)
        if (sqlite3_column_int(st, 2) == KB_HOURS_WORK)
            total += hours_clip(sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
                                from, to);
    sqlite3_finalize(st);
    return total;
}

struct result { double indexed_ms, naive_ms; int64_t total, naive_total; size_t days; };

static int run(int n, struct result *res)
{
    char *dir = strdup("/tmp/kefu-bench-hours.XXXXXX");
    if (!dir || !mkdtemp(dir))
        return -1;
    char path[256];
    snprintf(path, sizeof path, "%s/h.db", dir);
    kb_t *kb = NULL;
    if (kb_open(&kb, path, KB_OPEN_CREATE) != KB_OK) {
        fprintf(stderr, "bench_hours: %s\n", kb_errmsg(kb));
        kb_close(kb);
        return -1;
    }
    int64_t last_end = 0;
    int64_t uid = fill(kb, n, &last_end);
    struct hours_tracker t;
    memset(&t, 0, sizeof t);
    t.kb = kb;
    t.uid = uid;
    t.now = last_end + 3600;
    snprintf(t.boot, sizeof t.boot, "bench");
    char err[256];
    struct hours_rules defaults = {.min_daily = 7200, .max_daily = 21600, .win_start = 8 * 3600,
                                   .win_end = 23 * 3600, .work = 3000, .rest = 600};
    t.rules = defaults;
    (void)err;
    int64_t from = hours_month_start(last_end), to = hours_month_next(from);
    enum { RUNS = 21 };
    double a[RUNS], b[RUNS];
    for (int i = 0; i < RUNS; i++) {
        struct hours_report r;
        double t0 = ms_now();
        if (hours_report_build(&t, from, to, &r) != HOURS_OK) {
            fprintf(stderr, "bench_hours: %s\n", t.err);
            return -1;
        }
        a[i] = ms_now() - t0;
        res->total = r.total;
        res->days = r.ndays;
        hours_report_free(&r);
        t0 = ms_now();
        res->naive_total = naive_report(kb, uid, from, to);
        b[i] = ms_now() - t0;
    }
    qsort(a, RUNS, sizeof a[0], cmp_d);
    qsort(b, RUNS, sizeof b[0], cmp_d);
    res->indexed_ms = a[RUNS / 2];
    res->naive_ms = b[RUNS / 2];
    kb_close(kb);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "bench_hours: could not remove %s\n", dir);
    free(dir);
    return 0;
}

int main(int argc, char **argv)
{
    setenv("TZ", "Asia/Shanghai", 0);
    tzset();
    int big = argc > 1 ? atoi(argv[1]) : 50000;
    int sizes[2] = {1000, big};
    struct result r[2];
    for (int i = 0; i < 2; i++)
        if (run(sizes[i], &r[i]) != 0)
            return 1;
    printf("bench_hours: report --month (last month of the data), median of 21 runs\n");
    printf("%-10s %16s %20s %8s %12s\n", "intervals", "kefu report ms", "naive unbounded ms",
           "ratio", "month worked");
    for (int i = 0; i < 2; i++)
        printf("%-10d %16.2f %20.2f %7.1fx %10.1f h%s\n", sizes[i], r[i].indexed_ms,
               r[i].naive_ms, r[i].naive_ms / r[i].indexed_ms, r[i].total / 3600.0,
               r[i].total == r[i].naive_total ? "" : " (totals differ!)");
    printf("growth 1,000 -> %d intervals: kefu %.2fx, naive %.2fx; target <= 50 ms: %s\n",
           big, r[1].indexed_ms / r[0].indexed_ms, r[1].naive_ms / r[0].naive_ms,
           r[1].indexed_ms <= 50 ? "met" : "NOT met");
    return 0;
}
