/* hours.h -- the flexible-hours tracker, as seen from a long-running session.
 *
 * `kefu hours ...` (cmd_hours.c) is one way to track work time; the other is a
 * process that runs for a while, such as the practice session. That process
 * calls this API so its time is logged as it goes, its activity is recorded
 * (heartbeats: after a crash or power cut the open interval is capped at the
 * last heartbeat, never counted to "now"), and the worker hears, at the right
 * moment, that a break is due, that the daily maximum is 15 minutes away, or
 * that counting stopped at the maximum or at the end of the allowed window.
 *
 * Typical use:
 *
 *     hours_session_t *hs = NULL;
 *     struct hours_announcement ann;
 *     if (hours_session_begin(ctx, "drill:refunds", &hs, &ann) != HOURS_OK)
 *         ... say hours_session_errmsg(hs) as a warning; go on without it ...
 *     hours_announce(ctx, &ann);            // e.g. "an old interval was capped"
 *     while (practising) {
 *         ... one turn, or every few seconds while waiting for input ...
 *         hours_tick(hs, &ann);              // cheap; writes at most every 30 s
 *         hours_announce(ctx, &ann);         // prints and speaks, or nothing
 *         if (worker typed "continue" after HOURS_SAY_MAX_REACHED)
 *             hours_session_continue(hs, &ann);
 *     }
 *     hours_session_end(hs);                 // closes the interval; frees hs
 *
 * Every change is committed (one BEGIN IMMEDIATE transaction) before the call
 * returns. Announcements are returned, not printed: the caller decides when
 * to interrupt the worker. This header is stable; extend, don't break.
 */
#ifndef KEFU_HOURS_H
#define KEFU_HOURS_H

#include <stdbool.h>
#include <stdint.h>
#include "cli.h"

typedef enum {
    HOURS_OK = 0,
    HOURS_ERROR = -1,     /* database or system error (see the message) */
    HOURS_INVALID = -2,   /* bad input; nothing was written */
    HOURS_NOTFOUND = -3,  /* no such interval, user or action */
    HOURS_CONFLICT = -4,  /* not possible now: nothing running, already
                             running, overlapping another interval */
    HOURS_LIMIT = -5      /* outside the allowed window or at the daily
                             maximum; the worker may choose to continue */
} hours_status;

typedef enum {
    HOURS_SAY_NONE = 0,
    HOURS_SAY_RECOVERED,      /* an interval left open by a crash was capped
                                 at the last recorded activity */
    HOURS_SAY_IDLE_GAP,       /* the computer was suspended between two
                                 ticks: that time was not counted */
    HOURS_SAY_BREAK_DUE,      /* the work/break rhythm says: take a break */
    HOURS_SAY_MAX_SOON,       /* 15 minutes before the daily maximum */
    HOURS_SAY_MAX_REACHED,    /* counting stopped at the daily maximum */
    HOURS_SAY_WINDOW_SOON,    /* 15 minutes before the window closes */
    HOURS_SAY_WINDOW_ENDED,   /* counting stopped: the window has closed */
    HOURS_SAY_CONTINUED,      /* counting again, beyond the limits, by choice */
    HOURS_SAY_NOTE            /* anything else worth saying (e.g. the clock
                                 went backwards and a time was clamped) */
} hours_say_kind;

struct hours_announcement {
    hours_say_kind kind;      /* HOURS_SAY_NONE: nothing to say */
    bool warning;             /* say it as A11Y_WARNING, else A11Y_INFO */
    char text[320];           /* translated, one line, important part first */
};

typedef struct hours_session hours_session_t;

/* Start counting work time for this process, tagged with tag (may be NULL;
 * a tag is a word without spaces, e.g. "practice" or "drill:refunds").
 * An interval left open by a crashed process is capped first (ann says so).
 * A running `kefu hours start` interval is split: the session takes over from
 * now (its tags plus tag) and hands back to it at hours_session_end().
 * Outside the allowed window or at the daily maximum the session still
 * begins but does not count (ann says why; hours_session_continue() counts
 * anyway). *out is set even on failure so hours_session_errmsg() can be read;
 * the caller always calls hours_session_end(). ann may be NULL. */
int hours_session_begin(struct kefu_ctx *ctx, const char *tag,
                        hours_session_t **out, struct hours_announcement *ann);

/* Record activity (a heartbeat, written at most every 30 s) and return in
 * ann the next thing to announce, at most one per call, each only once.
 * Closes the interval when the maximum or the window end is reached.
 * Ticks may be minutes apart (e.g. one per practice turn); ticking also while
 * waiting for input makes the heartbeat, and so crash recovery, finer. */
int hours_tick(hours_session_t *s, struct hours_announcement *ann);

/* The worker chose to go on past the maximum or outside the window today:
 * counting starts again now. ann says so (may be NULL). */
int hours_session_continue(hours_session_t *s, struct hours_announcement *ann);

/* True while the session's time is being counted. */
bool hours_session_counting(const hours_session_t *s);

/* Worked seconds today (local day), including the running interval. */
int64_t hours_session_today(const hours_session_t *s);

/* Close the session's interval now (committed) and free s. NULL is a no-op.
 * Returns HOURS_OK or an error (s is freed either way). */
int hours_session_end(hours_session_t *s);

/* The last error, for the worker. Borrowed; valid until the next call on s;
 * never NULL ("out of memory" for a NULL s). */
const char *hours_session_errmsg(const hours_session_t *s);

/* Print and speak ann through ctx->out (nothing for HOURS_SAY_NONE). */
void hours_announce(struct kefu_ctx *ctx, const struct hours_announcement *ann);

#endif
