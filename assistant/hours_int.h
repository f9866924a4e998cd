/* hours_int.h -- shared inside the hours tracker (hours_*.c, cmd_hours.c).
 *
 * hours_time.c: local days and the working window, DST-correct (every local
 * wall-clock time goes through mktime with tm_isdst = -1, never "+ 86400").
 * hours_core.c: the rules of the working day (caps, recovery, rhythm) and
 * the changes (start, stop, add, ...), each in one transaction.
 * hours_report.c: totals per day and tag, weekly spread, income.
 * hours_session.c: the API of hours.h for long-running processes.
 */
#ifndef KEFU_HOURS_INT_H
#define KEFU_HOURS_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "hours.h"
#include "kb_hours.h"

struct kefu_config;

/* The settings that shape a working day (hours.* in config_keys.c). */
struct hours_rules {
    int64_t min_daily, max_daily;   /* seconds */
    int win_start, win_end;         /* seconds after local midnight; end <= 86400 */
    int64_t work, rest;             /* rhythm: work before a break, break length */
    double rate;
    char currency[16];
    bool at_max_continue;           /* hours.at_max = continue */
};

/* Read the rules; -1 with a reason naming the key if a value is unusable. */
int hours_rules_load(const struct kefu_config *cfg, struct hours_rules *r,
                     char *err, size_t errlen);
/* "08:00-23:00" (end may be 24:00; start before end). 0 or -1. */
int hours_parse_window(const char *text, int *start, int *end);

/* ---- local time (hours_time.c) ---- */
int64_t hours_day_start(int64_t t);                 /* local midnight of t's day */
int64_t hours_day_next(int64_t day_start);          /* the next local midnight */
int64_t hours_day_add(int64_t day_start, int days); /* midnight days later/earlier */
/* The instant of local wall-clock time secs after midnight on day. */
int64_t hours_day_at(int64_t day_start, int secs);
void hours_date(int64_t t, char *buf, size_t len);  /* "YYYY-MM-DD" local */
void hours_hm(int64_t t, char *buf, size_t len);    /* "HH:MM" local */
/* "YYYY-MM-DD" -> local midnight; 0 or -1. */
int hours_parse_date(const char *text, int64_t *day_start);
/* Week (Monday) and month starts of the day containing t. */
int64_t hours_week_start(int64_t t);
int64_t hours_month_start(int64_t t);
int64_t hours_month_next(int64_t month_start);
/* "2h 05m", "45m", "0m" (seconds rounded down to minutes; "30s" under 1m). */
void hours_dur(int64_t secs, char *buf, size_t len);
/* Seconds of [a, b) inside [c, d). */
int64_t hours_clip(int64_t a, int64_t b, int64_t c, int64_t d);

/* ---- the tracker's working state for one command or session ---- */
#define HOURS_NOTICES 6
struct hours_tracker {
    struct kefu_ctx *ctx;
    kb_t *kb;
    int64_t uid;
    struct hours_rules rules;
    int64_t now;
    char boot[48];          /* this boot's id: an owner from another boot is gone */
    char owner[KB_HOURS_OWNER_MAX];  /* what this process writes as owner */
    char err[512];          /* the last error, for the worker */
    char fix[256];          /* what to do about it ("" if nothing) */
    hours_say_kind limit_why;   /* after HOURS_LIMIT: which limit */
    struct hours_announcement notices[HOURS_NOTICES];  /* said after commit */
    size_t nnotices;
};

/* Set up t for ctx->user (or user if not NULL; must exist then). */
int hours_tracker_init(struct hours_tracker *t, struct kefu_ctx *ctx, kb_t *kb,
                       const char *user, bool create_user);

/* Fail helpers: record err/fix on t and return status. */
int hours_fail(struct hours_tracker *t, int status, const char *fix, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Where the open interval iv effectively ends now, without writing:
 * now, or earlier when its owner is gone (last activity), when the day's
 * maximum or window end came first. *why: 0 none, else HOURS_SAY_RECOVERED,
 * HOURS_SAY_MAX_REACHED or HOURS_SAY_WINDOW_ENDED. */
int hours_effective_end(struct hours_tracker *t, const struct kb_hours_iv *iv,
                        int64_t *end, int *why);

/* True when owner (of an open interval) was written in another boot. */
bool hours_owner_rebooted(const struct hours_tracker *t, const char *owner);

/* Seconds worked in the local day starting at day (closed intervals, plus
 * the open one up to its effective end). */
int hours_worked_day(struct hours_tracker *t, int64_t day, int64_t *secs);
/* When the current work stretch began (gaps shorter than the break length
 * do not end it); 0 if nothing is running. */
int hours_stretch_start(struct hours_tracker *t, int64_t *since);

/* The changes. Each runs settle + change + touch in one transaction and
 * queues what to tell the worker in t->notices; at < 0 means now. */
int hours_start(struct hours_tracker *t, const char *tags, int64_t at, bool cont,
                int kind, struct kb_hours_iv *out);
int hours_stop(struct hours_tracker *t, int64_t at, struct kb_hours_iv *out);
int hours_pause(struct hours_tracker *t, int64_t at, struct kb_hours_iv *out);
int hours_resume(struct hours_tracker *t, int64_t at, bool cont, struct kb_hours_iv *out);
int hours_add(struct hours_tracker *t, int64_t from, int64_t to, const char *tags,
              struct kb_hours_iv *out);
/* from/to < 0: unchanged; tags NULL: unchanged. */
int hours_edit(struct hours_tracker *t, int64_t id, int64_t from, int64_t to,
               const char *tags, struct kb_hours_iv *out);
int hours_delete(struct hours_tracker *t, int64_t id, struct kb_hours_iv *out);
int hours_undo(struct hours_tracker *t, char *what, size_t len, int64_t *at);
/* Building blocks of the changes, for hours_session.c. hours_txn_begin
 * takes the write lock (and sets t->now); hours_txn_end(t, status) records
 * activity and commits when status is HOURS_OK, else rolls back. In between:
 * hours_settle closes the open interval where the rules ended it;
 * hours_check_limits refuses work outside the window or at the maximum
 * (cont: the worker chose to go on today); hours_open_new / hours_close_at
 * open and close intervals (typed: the time came from the worker, so a
 * conflict is an error rather than a clamp). */
int hours_txn_begin(struct hours_tracker *t);
int hours_txn_end(struct hours_tracker *t, int status);
int hours_settle(struct hours_tracker *t);
int hours_check_limits(struct hours_tracker *t, int64_t s, bool cont);
int hours_open_new(struct hours_tracker *t, int64_t action, int64_t s, bool typed,
                   const char *tags, int kind, struct kb_hours_iv *out);
int hours_close_at(struct hours_tracker *t, int64_t action, struct kb_hours_iv *iv,
                   int64_t e, bool typed);

/* Settle (recover, cap) and record activity, in one transaction. */
int hours_refresh(struct hours_tracker *t);

/* Normalise tags from argv-like words into "a b c" (sorted, unique);
 * -1 with a reason for a bad tag. */
int hours_tags_join(char *const *words, int n, char *buf, size_t len,
                    char *err, size_t errlen);

/* Queue a notice (dropped silently beyond HOURS_NOTICES). */
void hours_notice(struct hours_tracker *t, hours_say_kind kind, bool warning,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* ---- reports (hours_report.c) ---- */
struct hours_day {
    int64_t start;              /* local midnight */
    char date[11];
    int64_t worked, rest;       /* seconds of work and of breaks */
    int breaks;
};
struct hours_tagsum { char tag[64]; int64_t secs; };
struct hours_report {
    int64_t from, to;           /* local midnights: [from, to) */
    struct hours_day *days;     /* from .. min(to, tomorrow); caller frees */
    size_t ndays;
    struct hours_tagsum *tags;  /* caller frees */
    size_t ntags;
    int64_t total, rest;
    int breaks;
    int below, over, off;       /* days below min (but worked), over max, off */
    double week_mean, week_sd;  /* seconds */
    int weeks;
};
int hours_report_build(struct hours_tracker *t, int64_t from, int64_t to,
                       struct hours_report *r);
void hours_report_free(struct hours_report *r);

/* ---- where things stand now (hours_rules.c) ---- */
struct hours_now {
    bool running;               /* an interval is open (work or break) */
    struct kb_hours_iv open;    /* valid when running */
    int64_t open_end;           /* where it effectively ends (<= now) */
    int open_why;               /* as hours_effective_end() */
    int64_t today;              /* worked today (local day of now) */
    int64_t w0, w1;             /* today's window */
    bool cont_today;            /* the worker chose to continue today */
    int64_t stretch_since;      /* start of the current work stretch, or 0 */
};
int hours_now_get(struct hours_tracker *t, struct hours_now *n);

/* ---- output (hours_print.c) ---- */
enum hours_format { HOURS_TEXT, HOURS_JSON, HOURS_CSV };
/* "work 09:00 to 12:00 on 2026-03-01, 3h 00m; tags: a b; #12" */
void hours_describe(struct hours_tracker *t, const struct kb_hours_iv *iv,
                    char *buf, size_t len);
/* One interval in the shape of a `log --json` item. */
void hours_print_iv_json(struct kefu_ctx *ctx, const struct kb_hours_iv *iv);
int hours_print_status(struct kefu_ctx *ctx, struct hours_tracker *t);
int hours_print_log(struct kefu_ctx *ctx, struct hours_tracker *t, int64_t from,
                    int64_t to, enum hours_format f);
int hours_print_report(struct kefu_ctx *ctx, struct hours_tracker *t, int64_t from,
                       int64_t to, enum hours_format f);

#endif
