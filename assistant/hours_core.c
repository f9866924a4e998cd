/* hours_core.c -- the changes of the hours tracker, each whole or not at all.
 *
 * Every change is: BEGIN IMMEDIATE (so two terminals queue for the write
 * lock instead of failing half-way with "database is locked"), settle what
 * the rules already decided (a crashed interval capped at the last activity,
 * a running one stopped at the maximum), the change itself with its undo
 * record, the activity heartbeat, COMMIT. Only after COMMIT does the caller
 * say anything happened; on any error everything is rolled back and nothing
 * is said but the error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "hours_int.h"
#include "i18n.h"

#define FUTURE_SLACK 60     /* seconds a typed time may lie ahead of the clock */
#define MAX_INTERVAL (24 * 3600)

static int db_fail(struct hours_tracker *t)
{
    return hours_fail(t, HOURS_ERROR, NULL, "%s", kb_errmsg(t->kb));
}

int hours_txn_begin(struct hours_tracker *t)
{
    int rc = KB_BUSY;
    /* The busy timeout (10 s) already waits; retry a few times more so a
     * long import in another window does not make this fail. */
    for (int i = 0; i < 6 && rc == KB_BUSY; i++) {
        if (i)
            usleep(200 * 1000);
        rc = kb_begin(t->kb);
    }
    if (rc != KB_OK)
        return hours_fail(t, HOURS_ERROR, _("close other kefu windows that are "
                          "importing, then try again"), "%s", kb_errmsg(t->kb));
    t->nnotices = 0;
    t->now = clock_now();       /* after the lock: changes are ordered in time */
    return HOURS_OK;
}

/* Finish: commit on success, else roll back and forget the notices. */
int hours_txn_end(struct hours_tracker *t, int status)
{
    if (status == HOURS_OK) {
        if (kb_hours_touch(t->kb, t->uid, t->now) != KB_OK)
            status = db_fail(t);
        else if (kb_commit(t->kb) != KB_OK)
            status = db_fail(t);
        else
            return HOURS_OK;
    }
    kb_rollback(t->kb);
    t->nnotices = 0;
    return status;
}

/* A moment in a message: "3月2日 09:00" in Chinese (an ISO date is read out
 * digit by digit), "2026-03-02 09:00" in English as the scripts expect. */
static void fmt_time(int64_t when, char *buf, size_t len)
{
    i18n_date_time(when, buf, len);
}

/* Close the open interval where the rules say it ended, if before now. */
int hours_settle(struct hours_tracker *t)
{
    struct kb_hours_iv iv;
    int rc = kb_hours_open_get(t->kb, t->uid, &iv);
    if (rc == KB_NOTFOUND)
        return HOURS_OK;
    if (rc != KB_OK)
        return db_fail(t);
    int64_t end;
    int why;
    rc = hours_effective_end(t, &iv, &end, &why);
    if (rc != HOURS_OK || !why)
        return rc;
    int64_t action;
    const char *what = why == HOURS_SAY_RECOVERED ? "recover" : "cap";
    if (kb_hours_action_begin(t->kb, t->uid, what, t->now, true, &action) != KB_OK)
        return db_fail(t);
    iv.open = false;
    iv.end = end;
    snprintf(iv.note, sizeof iv.note, "%s", why == HOURS_SAY_RECOVERED ? "recovered" : "capped");
    if (kb_hours_update(t->kb, action, t->uid, &iv) != KB_OK)
        return db_fail(t);
    char since[32], at[32], dur[32], max[32];
    fmt_time(iv.start, since, sizeof since);
    fmt_time(end, at, sizeof at);
    hours_dur(end - iv.start, dur, sizeof dur);
    if (why == HOURS_SAY_RECOVERED)
        hours_notice(t, HOURS_SAY_RECOVERED, true,
            _("interval #%lld, left open since %s when %s, was closed at %s, the last "
              "recorded activity (%s counted). If you worked longer, correct it: "
              "kefu hours edit %lld --to TIME"),
            (long long)iv.id, since,
            hours_owner_rebooted(t, iv.owner) ? _("the computer stopped")
                                              : _("its program ended"),
            at, dur, (long long)iv.id);
    else if (why == HOURS_SAY_MAX_REACHED) {
        hours_dur(t->rules.max_daily, max, sizeof max);
        hours_notice(t, why, true, _("stopped counting at %s: the daily maximum of %s "
                     "was reached. To go on today anyway: kefu hours start --continue"),
                     at, max);
    } else {
        int ws = t->rules.win_start, we = t->rules.win_end;
        hours_notice(t, why, true, _("stopped counting at %s: it is outside the working "
                     "window %02d:%02d to %02d:%02d. To go on anyway: kefu hours start "
                     "--continue"), at, ws / 3600, ws / 60 % 60, we / 3600, we / 60 % 60);
    }
    return HOURS_OK;
}

/* May work start at s? Outside the window or at the maximum only with
 * cont (which then holds for that local day). */
int hours_check_limits(struct hours_tracker *t, int64_t s, bool cont)
{
    int64_t day = hours_day_start(s);
    char date[16];
    hours_date(s, date, sizeof date);
    if (cont) {
        if (kb_hours_set_continue(t->kb, t->uid, date) != KB_OK)
            return db_fail(t);
        return HOURS_OK;
    }
    struct kb_hours_state st;
    if (kb_hours_state_get(t->kb, t->uid, &st) != KB_OK)
        return db_fail(t);
    if (strcmp(st.continue_date, date) == 0)
        return HOURS_OK;
    int64_t w0 = hours_day_at(day, t->rules.win_start);
    int64_t w1 = hours_day_at(day, t->rules.win_end);
    if (s < w0 || s >= w1) {
        char hm[8], a[8], b[8];
        hours_hm(s, hm, sizeof hm);
        hours_hm(w0, a, sizeof a);
        hours_hm(w1, b, sizeof b);
        t->limit_why = HOURS_SAY_WINDOW_ENDED;
        return hours_fail(t, HOURS_LIMIT, _("start within the window, or add --continue "
                          "to work anyway today"),
                          _("%s is outside your working window (%s to %s)"), hm, a,
                          t->rules.win_end >= 86400 ? "24:00" : b);
    }
    int64_t worked = 0;
    int rc = hours_worked_day(t, day, &worked);
    if (rc != HOURS_OK)
        return rc;
    if (!t->rules.at_max_continue && worked >= t->rules.max_daily) {
        char w[32], m[32];
        hours_dur(worked, w, sizeof w);
        hours_dur(t->rules.max_daily, m, sizeof m);
        t->limit_why = HOURS_SAY_MAX_REACHED;
        return hours_fail(t, HOURS_LIMIT, _("rest; or add --continue to work anyway today"),
                          _("today's maximum of %s is reached (worked %s)"), m, w);
    }
    return HOURS_OK;
}

/* The time of a start/stop: a typed --at (checked), or now. */
static int when(struct hours_tracker *t, int64_t at, int64_t *out)
{
    if (at < 0) {
        *out = t->now;
        return HOURS_OK;
    }
    if (at > t->now + FUTURE_SLACK) {
        char s[32];
        fmt_time(at, s, sizeof s);
        return hours_fail(t, HOURS_INVALID, _("give a time that has passed"),
                          _("--at %s is in the future"), s);
    }
    *out = at;
    return HOURS_OK;
}

/* Open a new interval at s (after checking it overlaps nothing). */
int hours_open_new(struct hours_tracker *t, int64_t action, int64_t s, bool typed,
                    const char *tags, int kind, struct kb_hours_iv *out)
{
    struct kb_hours_iv last;
    int rc = kb_hours_last(t->kb, t->uid, &last);
    if (rc != KB_OK && rc != KB_NOTFOUND)
        return db_fail(t);
    if (rc == KB_OK && !last.open && last.end > s) {
        char a[32], b[32];
        fmt_time(s, a, sizeof a);
        fmt_time(last.end, b, sizeof b);
        if (typed)
            return hours_fail(t, HOURS_CONFLICT, _("give a later time, or edit that interval"),
                              _("--at %s is inside interval #%lld, which ends at %s"),
                              a, (long long)last.id, b);
        /* The clock went backwards: never overlap, never a negative length. */
        hours_notice(t, HOURS_SAY_NOTE, true, _("the clock reads %s, before the end of "
                     "the last interval (%s); starting at %s instead"), a, b, b);
        s = last.end;
    }
    struct kb_hours_iv iv = {0};
    iv.start = s;
    iv.open = true;
    iv.kind = kind;
    snprintf(iv.tags, sizeof iv.tags, "%s", tags ? tags : "");
    snprintf(iv.owner, sizeof iv.owner, "%s", t->owner);
    if (kb_hours_insert(t->kb, action, t->uid, &iv) != KB_OK)
        return db_fail(t);
    if (out)
        *out = iv;
    return HOURS_OK;
}

/* Close the open interval iv at e (clamped to its start if the clock went
 * back, with a warning). */
int hours_close_at(struct hours_tracker *t, int64_t action, struct kb_hours_iv *iv,
                    int64_t e, bool typed)
{
    if (e < iv->start) {
        char a[32], b[32];
        fmt_time(e, a, sizeof a);
        fmt_time(iv->start, b, sizeof b);
        if (typed)
            return hours_fail(t, HOURS_INVALID, _("give a time after the start"),
                              _("--at %s is before the start of interval #%lld (%s)"),
                              a, (long long)iv->id, b);
        hours_notice(t, HOURS_SAY_NOTE, true, _("the clock reads %s, before the start "
                     "(%s); recorded as 0 minutes. Correct it with kefu hours edit %lld"),
                     a, b, (long long)iv->id);
        e = iv->start;
    }
    iv->open = false;
    iv->end = e;
    if (kb_hours_update(t->kb, action, t->uid, iv) != KB_OK)
        return db_fail(t);
    return HOURS_OK;
}

int hours_start(struct hours_tracker *t, const char *tags, int64_t at, bool cont,
                int kind, struct kb_hours_iv *out)
{
    int rc = hours_txn_begin(t);
    if (rc != HOURS_OK)
        return rc;
    int64_t s = 0, action;   /* set by when(); 0 silences -O2 maybe-uninitialized */
    struct kb_hours_iv open;
    if ((rc = hours_settle(t)) != HOURS_OK || (rc = when(t, at, &s)) != HOURS_OK)
        goto out;
    int k = kb_hours_open_get(t->kb, t->uid, &open);
    if (k == KB_OK) {
        char since[32];
        fmt_time(open.start, since, sizeof since);
        rc = open.kind == KB_HOURS_BREAK
            ? hours_fail(t, HOURS_CONFLICT, _("kefu hours resume"),
                         _("a break is running since %s (#%lld)"), since, (long long)open.id)
            : hours_fail(t, HOURS_CONFLICT, _("kefu hours stop, then start again"),
                         _("work is already running since %s (#%lld)"), since,
                         (long long)open.id);
        goto out;
    }
    if (k != KB_NOTFOUND) {
        rc = db_fail(t);
        goto out;
    }
    if (kind == KB_HOURS_WORK && (rc = hours_check_limits(t, s, cont)) != HOURS_OK)
        goto out;
    if (kb_hours_action_begin(t->kb, t->uid, "start", t->now, false, &action) != KB_OK) {
        rc = db_fail(t);
        goto out;
    }
    rc = hours_open_new(t, action, s, at >= 0, tags, kind, out);
out:
    return hours_txn_end(t, rc);
}

int hours_stop(struct hours_tracker *t, int64_t at, struct kb_hours_iv *out)
{
    int rc = hours_txn_begin(t);
    if (rc != HOURS_OK)
        return rc;
    struct kb_hours_iv open;
    int64_t e = 0, eff, action;   /* set by when() */
    int why;
    int k = kb_hours_open_get(t->kb, t->uid, &open);
    if (k == KB_NOTFOUND) {
        /* Counting may have stopped by itself at the daily limits (said once,
         * by whichever command noticed): a worker who then types stop is
         * told that, not just "nothing is running". */
        struct kb_hours_iv last;
        if (kb_hours_last(t->kb, t->uid, &last) == KB_OK && !last.open &&
            strcmp(last.note, "capped") == 0 &&
            last.end >= hours_day_start(t->now)) {
            char when[32];
            fmt_time(last.end, when, sizeof when);
            rc = hours_fail(t, HOURS_CONFLICT, _("kefu hours start --continue to go on "
                            "today anyway; kefu hours status shows today's total"),
                            _("counting already stopped by itself at %s, at the daily "
                              "limits (#%lld); nothing is running"), when,
                            (long long)last.id);
            goto out;
        }
        rc = hours_fail(t, HOURS_CONFLICT, _("kefu hours start; or kefu hours add "
                        "--from TIME --to TIME for time worked earlier"),
                        _("nothing is running, so there is nothing to stop"));
        goto out;
    }
    if (k != KB_OK) {
        rc = db_fail(t);
        goto out;
    }
    if ((rc = when(t, at, &e)) != HOURS_OK ||
        (rc = hours_effective_end(t, &open, &eff, &why)) != HOURS_OK)
        goto out;
    if (why && e > eff) {
        /* The rules had already stopped it (maximum, window, crash): settle
         * says when; a stop typed for an earlier time still wins below. */
        if ((rc = hours_settle(t)) == HOURS_OK && kb_hours_get(t->kb, t->uid, open.id, &open) != KB_OK)
            rc = db_fail(t);
        if (rc == HOURS_OK && out)
            *out = open;
        goto out;
    }
    if (kb_hours_action_begin(t->kb, t->uid, "stop", t->now, false, &action) != KB_OK) {
        rc = db_fail(t);
        goto out;
    }
    rc = hours_close_at(t, action, &open, e, at >= 0);
    if (rc == HOURS_OK && out)
        *out = open;
out:
    return hours_txn_end(t, rc);
}

/* pause: close work, open a break with the same tags (resume reuses them);
 * resume: the other way round, within the day's limits. */
static int swap(struct hours_tracker *t, int64_t at, bool to_break, bool cont,
                struct kb_hours_iv *out)
{
    int rc = hours_txn_begin(t);
    if (rc != HOURS_OK)
        return rc;
    struct kb_hours_iv open;
    int64_t e = 0, action;   /* set by when() */
    if ((rc = hours_settle(t)) != HOURS_OK || (rc = when(t, at, &e)) != HOURS_OK)
        goto out;
    int k = kb_hours_open_get(t->kb, t->uid, &open);
    int want = to_break ? KB_HOURS_WORK : KB_HOURS_BREAK;
    if (k == KB_NOTFOUND || (k == KB_OK && open.kind != want)) {
        if (to_break && k == KB_OK)
            rc = hours_fail(t, HOURS_CONFLICT, _("kefu hours resume"), _("already paused"));
        else if (to_break)
            rc = hours_fail(t, HOURS_CONFLICT, _("kefu hours start"),
                            _("nothing is running, so there is nothing to pause"));
        else if (k == KB_OK)
            rc = hours_fail(t, HOURS_CONFLICT, _("kefu hours pause"),
                            _("work is running, not paused"));
        else
            rc = hours_fail(t, HOURS_CONFLICT, _("kefu hours start"),
                            _("nothing is paused, so there is nothing to resume"));
        goto out;
    }
    if (k != KB_OK) {
        rc = db_fail(t);
        goto out;
    }
    if (!to_break && (rc = hours_check_limits(t, e < open.start ? open.start : e, cont)) != HOURS_OK)
        goto out;
    if (kb_hours_action_begin(t->kb, t->uid, to_break ? "pause" : "resume", t->now,
                              false, &action) != KB_OK) {
        rc = db_fail(t);
        goto out;
    }
    char tags[KB_HOURS_TAGS_MAX];
    snprintf(tags, sizeof tags, "%s", open.tags);
    if ((rc = hours_close_at(t, action, &open, e, at >= 0)) != HOURS_OK)
        goto out;
    rc = hours_open_new(t, action, open.end, at >= 0, tags,
                  to_break ? KB_HOURS_BREAK : KB_HOURS_WORK, out);
out:
    return hours_txn_end(t, rc);
}

int hours_pause(struct hours_tracker *t, int64_t at, struct kb_hours_iv *out)
{
    return swap(t, at, true, false, out);
}

int hours_resume(struct hours_tracker *t, int64_t at, bool cont, struct kb_hours_iv *out)
{
    return swap(t, at, false, cont, out);
}

/* Checks shared by add and edit for a closed interval [from, to). */
static int check_span(struct hours_tracker *t, int64_t from, int64_t to, int64_t except)
{
    char a[32], b[32];
    fmt_time(from, a, sizeof a);
    fmt_time(to, b, sizeof b);
    if (to <= from)
        return hours_fail(t, HOURS_INVALID, _("give an end after the start"),
                          _("the end %s is not after the start %s"), b, a);
    if (to - from > MAX_INTERVAL)
        return hours_fail(t, HOURS_INVALID, _("split it into one interval per day"),
                          _("%s to %s is longer than 24 hours"), a, b);
    if (to > t->now + FUTURE_SLACK)
        return hours_fail(t, HOURS_INVALID, _("record time once it has been worked"),
                          _("the end %s is in the future"), b);
    struct kb_hours_iv hit;
    int k = kb_hours_overlap(t->kb, t->uid, from, to, except, &hit);
    if (k == KB_OK) {
        char c[32], d[32];
        fmt_time(hit.start, c, sizeof c);
        if (hit.open)
            snprintf(d, sizeof d, "%s", _("now (still running)"));
        else
            fmt_time(hit.end, d, sizeof d);
        char fix[96];
        snprintf(fix, sizeof fix, _("choose other times, or change #%lld with kefu hours "
                 "edit or delete"), (long long)hit.id);
        return hours_fail(t, HOURS_CONFLICT, fix, _("%s to %s overlaps interval #%lld "
                          "(%s to %s)"), a, b, (long long)hit.id, c, d);
    }
    return k == KB_NOTFOUND ? HOURS_OK : db_fail(t);
}

static void warn_over_max(struct hours_tracker *t, int64_t when_)
{
    int64_t worked = 0;
    if (hours_worked_day(t, hours_day_start(when_), &worked) != HOURS_OK ||
        worked <= t->rules.max_daily)
        return;
    char date[32], w[32], m[32];
    i18n_date(when_, date, sizeof date);       /* 3月2日 / 2026-03-02 */
    hours_dur(worked, w, sizeof w);
    hours_dur(t->rules.max_daily, m, sizeof m);
    hours_notice(t, HOURS_SAY_NOTE, true, _("%s now has %s of work, over the daily "
                 "maximum of %s"), date, w, m);
}

int hours_add(struct hours_tracker *t, int64_t from, int64_t to, const char *tags,
              struct kb_hours_iv *out)
{
    int rc = hours_txn_begin(t);
    if (rc != HOURS_OK)
        return rc;
    int64_t action;
    if ((rc = hours_settle(t)) != HOURS_OK || (rc = check_span(t, from, to, -1)) != HOURS_OK)
        goto out;
    if (kb_hours_action_begin(t->kb, t->uid, "add", t->now, false, &action) != KB_OK) {
        rc = db_fail(t);
        goto out;
    }
    struct kb_hours_iv iv = {0};
    iv.start = from;
    iv.end = to;
    iv.kind = KB_HOURS_WORK;
    snprintf(iv.tags, sizeof iv.tags, "%s", tags ? tags : "");
    if (kb_hours_insert(t->kb, action, t->uid, &iv) != KB_OK) {
        rc = db_fail(t);
        goto out;
    }
    if (out)
        *out = iv;
    warn_over_max(t, from);
out:
    return hours_txn_end(t, rc);
}

static int get_or_fail(struct hours_tracker *t, int64_t id, struct kb_hours_iv *iv)
{
    int k = kb_hours_get(t->kb, t->uid, id, iv);
    if (k == KB_NOTFOUND)
        return hours_fail(t, HOURS_NOTFOUND, _("kefu hours log --month lists the "
                          "intervals with their numbers"), _("there is no interval #%lld"),
                          (long long)id);
    return k == KB_OK ? HOURS_OK : db_fail(t);
}

int hours_edit(struct hours_tracker *t, int64_t id, int64_t from, int64_t to,
               const char *tags, struct kb_hours_iv *out)
{
    int rc = hours_txn_begin(t);
    if (rc != HOURS_OK)
        return rc;
    struct kb_hours_iv iv;
    int64_t action;
    if ((rc = hours_settle(t)) != HOURS_OK || (rc = get_or_fail(t, id, &iv)) != HOURS_OK)
        goto out;
    if (from >= 0)
        iv.start = from;
    if (to >= 0) {
        iv.end = to;
        iv.open = false;
    }
    if (tags)
        snprintf(iv.tags, sizeof iv.tags, "%s", tags);
    if (iv.open) {
        struct kb_hours_iv hit;
        int k = kb_hours_overlap(t->kb, t->uid, iv.start, INT64_MAX, iv.id, &hit);
        if (iv.start > t->now + FUTURE_SLACK)
            rc = hours_fail(t, HOURS_INVALID, _("give a time that has passed"),
                            _("the start is in the future"));
        else if (k == KB_OK)
            rc = hours_fail(t, HOURS_CONFLICT, _("choose a later start"),
                            _("the new start overlaps interval #%lld"), (long long)hit.id);
        else if (k != KB_NOTFOUND)
            rc = db_fail(t);
    } else {
        rc = check_span(t, iv.start, iv.end, iv.id);
    }
    if (rc != HOURS_OK)
        goto out;
    if (kb_hours_action_begin(t->kb, t->uid, "edit", t->now, false, &action) != KB_OK) {
        rc = db_fail(t);
        goto out;
    }
    iv.note[0] = '\0';              /* corrected by the worker */
    if (kb_hours_update(t->kb, action, t->uid, &iv) != KB_OK) {
        rc = db_fail(t);
        goto out;
    }
    if (out)
        *out = iv;
    if (iv.kind == KB_HOURS_WORK)
        warn_over_max(t, iv.start);
out:
    return hours_txn_end(t, rc);
}

int hours_delete(struct hours_tracker *t, int64_t id, struct kb_hours_iv *out)
{
    int rc = hours_txn_begin(t);
    if (rc != HOURS_OK)
        return rc;
    struct kb_hours_iv iv;
    int64_t action;
    if ((rc = hours_settle(t)) != HOURS_OK || (rc = get_or_fail(t, id, &iv)) != HOURS_OK)
        goto out;
    if (kb_hours_action_begin(t->kb, t->uid, "delete", t->now, false, &action) != KB_OK ||
        kb_hours_delete(t->kb, action, t->uid, id) != KB_OK) {
        rc = db_fail(t);
        goto out;
    }
    if (out)
        *out = iv;
out:
    return hours_txn_end(t, rc);
}

int hours_undo(struct hours_tracker *t, char *what, size_t len, int64_t *at)
{
    int rc = hours_txn_begin(t);
    if (rc != HOURS_OK)
        return rc;
    int k = kb_hours_undo(t->kb, t->uid, what, len, at);
    if (k == KB_NOTFOUND)
        rc = hours_fail(t, HOURS_CONFLICT, _("kefu hours log shows what is recorded"),
                        _("there is nothing to undo"));
    else if (k != KB_OK)
        rc = db_fail(t);
    return hours_txn_end(t, rc);
}

int hours_refresh(struct hours_tracker *t)
{
    int rc = hours_txn_begin(t);
    if (rc != HOURS_OK)
        return rc;
    rc = hours_settle(t);
    return hours_txn_end(t, rc);
}
