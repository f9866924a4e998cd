/* hours_session.c -- hours.h: work time of a long-running process.
 *
 * The session owns one open interval (owner "BOOT:PID", so that after a
 * crash the next kefu sees the pid is gone and caps the interval at the last
 * heartbeat). Heartbeats are written at most every 30 s; each write also
 * settles the interval, which is how the maximum and the window end stop the
 * count at the exact second even though ticks come when they come. Ticks may
 * be far apart (one per practice turn, and a turn can take long); but when
 * the wall clock moved more than the monotonic clock (which stands still
 * while the computer is suspended) by over two minutes, the computer slept:
 * that time is not counted. Announcements are deduplicated here, in memory: each is said once
 * (a due break once per stretch of work, again after another stretch).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "hours_int.h"
#include "i18n.h"

#define BEAT_EVERY 30           /* seconds between heartbeats written */
#define SLEPT 120               /* wall time beyond monotonic time: suspended */
#define SOON (15 * 60)

struct hours_session {
    struct hours_tracker t;
    char tag[64];
    bool ready;                 /* the tracker was set up */
    int64_t iv_id;              /* the interval we keep open; 0: not counting */
    bool handback;              /* a `kefu hours start` interval was taken over */
    char handback_tags[KB_HOURS_TAGS_MAX];
    int64_t last_beat, last_tick;
    int64_t last_mono;          /* clock_mono_ms() at the last tick */
    int64_t said_break;         /* stretch key of the last break announcement */
    char said_max[16], said_window[16];     /* dates already warned */
    char said_over[16];         /* hours.at_max = continue: maximum passed */
    struct hours_announcement queue[HOURS_NOTICES];
    size_t nqueue;
};

static void set_none(struct hours_announcement *ann)
{
    if (ann) {
        ann->kind = HOURS_SAY_NONE;
        ann->warning = false;
        ann->text[0] = '\0';
    }
}

/* Keep what the tracker wanted said; the caller gets them one per tick. */
static void queue_notices(hours_session_t *s)
{
    for (size_t i = 0; i < s->t.nnotices && s->nqueue < HOURS_NOTICES; i++)
        s->queue[s->nqueue++] = s->t.notices[i];
    s->t.nnotices = 0;
}

static bool pop(hours_session_t *s, struct hours_announcement *ann)
{
    if (!s->nqueue)
        return false;
    if (ann)
        *ann = s->queue[0];
    memmove(&s->queue[0], &s->queue[1], (s->nqueue - 1) * sizeof s->queue[0]);
    s->nqueue--;
    return true;
}

static void tags_plus(const char *tags, const char *tag, char *out, size_t len)
{
    char copy[KB_HOURS_TAGS_MAX + 80], err[160];
    char *words[66];
    int n = 0;
    snprintf(copy, sizeof copy, "%s", tags);
    for (char *p = strtok(copy, " "); p && n < 64; p = strtok(NULL, " "))
        words[n++] = p;
    if (tag && *tag)
        words[n++] = (char *)tag;
    if (hours_tags_join(words, n, out, len, err, sizeof err) != 0)
        snprintf(out, len, "%s", tags);
}

/* Open the session's interval now: take over or end whatever is open. */
static int take_over(hours_session_t *s, bool cont)
{
    struct hours_tracker *t = &s->t;
    int rc = hours_txn_begin(t);
    if (rc != HOURS_OK)
        return rc;
    struct kb_hours_iv open, iv;
    char tags[KB_HOURS_TAGS_MAX];
    int64_t action;
    snprintf(tags, sizeof tags, "%s", s->tag);
    if ((rc = hours_settle(t)) != HOURS_OK)
        goto out;
    if (kb_hours_action_begin(t->kb, t->uid, "session", t->now, false, &action) != KB_OK) {
        rc = hours_fail(t, HOURS_ERROR, NULL, "%s", kb_errmsg(t->kb));
        goto out;
    }
    int k = kb_hours_open_get(t->kb, t->uid, &open);
    if (k == KB_OK && open.id == s->iv_id) {
        if (cont) {
            char date[16];
            hours_date(t->now, date, sizeof date);
            if (kb_hours_set_continue(t->kb, t->uid, date) != KB_OK)
                rc = hours_fail(t, HOURS_ERROR, NULL, "%s", kb_errmsg(t->kb));
        }
        goto out;               /* already ours and counting */
    }
    if (k == KB_OK) {
        if (open.kind == KB_HOURS_WORK && strchr(open.owner, ':') == NULL) {
            s->handback = true;
            snprintf(s->handback_tags, sizeof s->handback_tags, "%s", open.tags);
            tags_plus(open.tags, s->tag, tags, sizeof tags);
        }
        if ((rc = hours_close_at(t, action, &open, t->now, false)) != HOURS_OK)
            goto out;
    } else if (k != KB_NOTFOUND) {
        rc = hours_fail(t, HOURS_ERROR, NULL, "%s", kb_errmsg(t->kb));
        goto out;
    }
    rc = hours_check_limits(t, t->now, cont);
    if (rc == HOURS_LIMIT) {
        /* Not counting is not a failure: keep what was closed, say why. */
        hours_notice(t, t->limit_why, true, _("not counting work time: %s. "
                     "Choose to continue if you want it counted"), t->err);
        rc = HOURS_OK;
        s->iv_id = 0;
        goto out;
    }
    if (rc != HOURS_OK)
        goto out;
    rc = hours_open_new(t, action, t->now, false, tags, KB_HOURS_WORK, &iv);
    if (rc == HOURS_OK)
        s->iv_id = iv.id;
out:
    rc = hours_txn_end(t, rc);
    if (rc != HOURS_OK)
        s->iv_id = 0;
    queue_notices(s);
    return rc;
}

int hours_session_begin(struct kefu_ctx *ctx, const char *tag, hours_session_t **out,
                        struct hours_announcement *ann)
{
    set_none(ann);
    hours_session_t *s = calloc(1, sizeof *s);
    *out = s;
    if (!s)
        return HOURS_ERROR;
    char err[256], joined[KB_HOURS_TAGS_MAX];
    char *words[1] = {(char *)tag};
    if (tag && *tag && hours_tags_join(words, 1, joined, sizeof joined, err, sizeof err) != 0)
        return hours_fail(&s->t, HOURS_INVALID, NULL, "%s", err);
    snprintf(s->tag, sizeof s->tag, "%s", tag && *tag ? tag : "");
    kb_t *kb = kefu_kb(ctx);
    if (!kb)
        return hours_fail(&s->t, HOURS_ERROR, NULL, "%s", _("cannot open the database"));
    int rc = hours_tracker_init(&s->t, ctx, kb, NULL, true);
    if (rc != HOURS_OK)
        return rc;
    s->ready = true;
    snprintf(s->t.owner, sizeof s->t.owner, "%s:%ld", s->t.boot, (long)getpid());
    rc = take_over(s, false);
    s->last_beat = s->last_tick = s->t.now;
    s->last_mono = clock_mono_ms();
    pop(s, ann);
    return rc;
}

int hours_session_continue(hours_session_t *s, struct hours_announcement *ann)
{
    set_none(ann);
    if (!s || !s->ready)
        return HOURS_ERROR;
    int rc = take_over(s, true);
    if (rc != HOURS_OK)
        return rc;
    s->last_beat = s->last_tick = s->t.now;
    s->last_mono = clock_mono_ms();
    if (ann) {
        char hm[8];
        hours_hm(s->t.now, hm, sizeof hm);
        ann->kind = HOURS_SAY_CONTINUED;
        ann->warning = false;
        snprintf(ann->text, sizeof ann->text, _("counting again from %s, beyond today's "
                 "limits, by your choice"), hm);
    }
    return HOURS_OK;
}

/* The computer slept after `since`: close there, reopen now. */
static int skip_gap(hours_session_t *s, int64_t since)
{
    struct hours_tracker *t = &s->t;
    int rc = hours_txn_begin(t);
    if (rc != HOURS_OK)
        return rc;
    struct kb_hours_iv iv;
    int64_t action;
    if (kb_hours_get(t->kb, t->uid, s->iv_id, &iv) != KB_OK || !iv.open) {
        s->iv_id = 0;
        return hours_txn_end(t, HOURS_OK);
    }
    if (kb_hours_action_begin(t->kb, t->uid, "gap", t->now, true, &action) != KB_OK) {
        rc = hours_fail(t, HOURS_ERROR, NULL, "%s", kb_errmsg(t->kb));
        goto out;
    }
    if ((rc = hours_close_at(t, action, &iv, since, false)) != HOURS_OK)
        goto out;
    rc = hours_open_new(t, action, t->now, false, iv.tags, KB_HOURS_WORK, &iv);
    if (rc == HOURS_OK)
        s->iv_id = iv.id;
    char d[32];
    hours_dur(t->now - since, d, sizeof d);
    hours_notice(t, HOURS_SAY_IDLE_GAP, false, _("no activity for %s (the computer may "
                 "have slept); that time was not counted"), d);
out:
    return hours_txn_end(t, rc);
}

static void say(struct hours_announcement *ann, hours_say_kind kind, bool warning,
                const char *text)
{
    if (!ann)
        return;
    ann->kind = kind;
    ann->warning = warning;
    snprintf(ann->text, sizeof ann->text, "%s", text);
}

int hours_tick(hours_session_t *s, struct hours_announcement *ann)
{
    set_none(ann);
    if (!s || !s->ready)
        return HOURS_ERROR;
    struct hours_tracker *t = &s->t;
    int64_t now = clock_now();
    int64_t mono = clock_mono_ms();
    int64_t awake = (mono - s->last_mono) / 1000;
    int rc = HOURS_OK;
    if (s->iv_id && s->last_tick && now - s->last_tick - awake > SLEPT) {
        rc = skip_gap(s, s->last_tick + awake);
        queue_notices(s);
        s->last_beat = now;
    } else if (now - s->last_beat >= BEAT_EVERY || now < s->last_beat) {
        rc = hours_refresh(t);          /* heartbeat + caps, one transaction */
        queue_notices(s);
        s->last_beat = now;
    }
    s->last_tick = now;
    s->last_mono = mono;
    if (rc != HOURS_OK)
        return rc;
    t->now = now;
    struct hours_now n;
    if ((rc = hours_now_get(t, &n)) != HOURS_OK)
        return rc;
    if (s->iv_id && (!n.running || n.open.id != s->iv_id))
        s->iv_id = 0;                   /* capped, or stopped from another terminal */
    if (pop(s, ann) || !s->iv_id)
        return HOURS_OK;
    char date[16], text[320], d[32];
    hours_date(now, date, sizeof date);
    bool limits = !n.cont_today;
    int64_t left = t->rules.max_daily - n.today;
    if (limits && !t->rules.at_max_continue && left > 0 && left <= SOON &&
        strcmp(s->said_max, date) != 0) {
        snprintf(s->said_max, sizeof s->said_max, "%s", date);
        hours_dur(left, d, sizeof d);
        snprintf(text, sizeof text, _("the daily maximum is %s away; counting stops then"), d);
        say(ann, HOURS_SAY_MAX_SOON, true, text);
        return HOURS_OK;
    }
    if (t->rules.at_max_continue && left <= 0 && strcmp(s->said_over, date) != 0) {
        snprintf(s->said_over, sizeof s->said_over, "%s", date);
        hours_dur(t->rules.max_daily, d, sizeof d);
        snprintf(text, sizeof text, _("the daily maximum of %s is reached; counting goes "
                 "on, as the settings ask (hours.at_max = continue)"), d);
        say(ann, HOURS_SAY_MAX_REACHED, true, text);
        return HOURS_OK;
    }
    if (limits && n.w1 - now > 0 && n.w1 - now <= SOON && strcmp(s->said_window, date) != 0) {
        snprintf(s->said_window, sizeof s->said_window, "%s", date);
        hours_dur(n.w1 - now, d, sizeof d);
        snprintf(text, sizeof text, _("the working window closes in %s"), d);
        say(ann, HOURS_SAY_WINDOW_SOON, true, text);
        return HOURS_OK;
    }
    if (n.stretch_since && now - n.stretch_since >= t->rules.work) {
        int64_t key = n.stretch_since + (now - n.stretch_since) / t->rules.work;
        if (key != s->said_break) {
            s->said_break = key;
            hours_dur(now - n.stretch_since, d, sizeof d);
            snprintf(text, sizeof text, _("time for a break: %s of work without one; rest "
                     "for %lld minutes"), d, (long long)(t->rules.rest / 60));
            say(ann, HOURS_SAY_BREAK_DUE, false, text);
        }
    }
    return HOURS_OK;
}

bool hours_session_counting(const hours_session_t *s) { return s && s->iv_id != 0; }

int64_t hours_session_today(const hours_session_t *s)
{
    if (!s || !s->ready)
        return 0;
    struct hours_tracker t = s->t;      /* a copy: reading never changes s */
    t.now = clock_now();
    int64_t secs = 0;
    if (hours_worked_day(&t, hours_day_start(t.now), &secs) != HOURS_OK)
        return 0;
    return secs;
}

int hours_session_end(hours_session_t *s)
{
    if (!s)
        return HOURS_OK;
    int rc = HOURS_OK;
    struct hours_tracker *t = &s->t;
    if (s->ready && s->iv_id) {
        rc = hours_txn_begin(t);
        if (rc != HOURS_OK)
            goto out;
        struct kb_hours_iv iv;
        int64_t action;
        if ((rc = hours_settle(t)) != HOURS_OK)
            goto end;
        if (kb_hours_get(t->kb, t->uid, s->iv_id, &iv) != KB_OK || !iv.open)
            goto end;           /* already closed by the rules or by hand */
        if (kb_hours_action_begin(t->kb, t->uid, "session end", t->now, false,
                                  &action) != KB_OK) {
            rc = hours_fail(t, HOURS_ERROR, NULL, "%s", kb_errmsg(t->kb));
            goto end;
        }
        if ((rc = hours_close_at(t, action, &iv, t->now, false)) != HOURS_OK || !s->handback)
            goto end;
        /* Hand back to the `kefu hours start` interval the session interrupted. */
        snprintf(t->owner, sizeof t->owner, "%s", t->boot);
        rc = hours_open_new(t, action, iv.end, false, s->handback_tags, KB_HOURS_WORK, NULL);
end:
        rc = hours_txn_end(t, rc);
    }
out:
    free(s);
    return rc;
}

const char *hours_session_errmsg(const hours_session_t *s)
{
    if (!s)
        return "out of memory";
    return s->t.err[0] ? s->t.err : "no error";
}

void hours_announce(struct kefu_ctx *ctx, const struct hours_announcement *ann)
{
    if (!ann || ann->kind == HOURS_SAY_NONE || !ann->text[0])
        return;
    a11y_say(ctx->out, ann->warning ? A11Y_WARNING : A11Y_INFO, "%s", ann->text);
}
