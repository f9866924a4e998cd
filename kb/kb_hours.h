/* kb_hours.h -- storage of the flexible-hours tracker: intervals of work and
 * breaks with their tags, the per-user activity heartbeat, and the undo log.
 *
 * This layer stores and checks storage invariants (no overlap, one open
 * interval, end >= start); what the rules of the working day mean lives in
 * assistant/hours*.c. Writing functions take an action id from
 * kb_hours_action_begin(): each records the before-image of what it changes,
 * so kb_hours_undo() can put it back. Callers group one change in one
 * transaction (kb_begin() .. kb_commit()), so a change is whole or absent.
 */
#ifndef KEFU_KB_HOURS_H
#define KEFU_KB_HOURS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "kb.h"

enum { KB_HOURS_WORK = 0, KB_HOURS_BREAK = 1 };

#define KB_HOURS_TAGS_MAX 256     /* space-separated tags, with the NUL */
#define KB_HOURS_OWNER_MAX 80
#define KB_HOURS_NOTE_MAX 32

struct kb_hours_iv {
    int64_t id;
    int64_t start;               /* UTC epoch seconds */
    int64_t end;                 /* meaningful only when !open */
    bool open;
    int kind;                    /* KB_HOURS_WORK or KB_HOURS_BREAK */
    char tags[KB_HOURS_TAGS_MAX];    /* "a b c", sorted, unique; "" for none */
    char owner[KB_HOURS_OWNER_MAX];  /* who keeps it open: "BOOTID[:PID]" */
    char note[KB_HOURS_NOTE_MAX];    /* "", "recovered", "capped", ... */
};

struct kb_hours_state {
    int64_t last_activity;       /* 0 when never recorded */
    char continue_date[16];      /* "YYYY-MM-DD" or "" */
};

/* The id of an existing user, or KB_NOTFOUND (never creates one). */
int kb_hours_user_find(kb_t *kb, const char *name, int64_t *uid);

/* The open interval of uid into *iv, or KB_NOTFOUND. */
int kb_hours_open_get(kb_t *kb, int64_t uid, struct kb_hours_iv *iv);
/* Interval id of uid, or KB_NOTFOUND (also when it belongs to another user). */
int kb_hours_get(kb_t *kb, int64_t uid, int64_t id, struct kb_hours_iv *iv);
/* The latest interval of uid by start (open or closed), or KB_NOTFOUND. */
int kb_hours_last(kb_t *kb, int64_t uid, struct kb_hours_iv *iv);

/* Intervals of uid overlapping [t0, t1) (an open one counts as reaching
 * forever), ordered by start. *ivs: caller frees with free(). */
int kb_hours_range(kb_t *kb, int64_t uid, int64_t t0, int64_t t1,
                   struct kb_hours_iv **ivs, size_t *n);

/* An interval of uid other than except_id overlapping [start, end) (end may
 * be INT64_MAX for an open one); KB_OK with it in *hit, or KB_NOTFOUND. */
int kb_hours_overlap(kb_t *kb, int64_t uid, int64_t start, int64_t end,
                     int64_t except_id, struct kb_hours_iv *hit);

/* Start recording one change (what: "start", "stop", "add", ...; automatic:
 * made by kefu itself, e.g. capping at the maximum). Old actions beyond the
 * last 200 of the user are forgotten. */
int kb_hours_action_begin(kb_t *kb, int64_t uid, const char *what, int64_t at,
                          bool automatic, int64_t *action);
/* Insert iv (its id is ignored; the new id goes to *id and iv->id). */
int kb_hours_insert(kb_t *kb, int64_t action, int64_t uid, struct kb_hours_iv *iv);
/* Replace interval iv->id of uid (times, kind, tags, owner, note). */
int kb_hours_update(kb_t *kb, int64_t action, int64_t uid, const struct kb_hours_iv *iv);
/* Delete interval id of uid; KB_NOTFOUND if there is none. */
int kb_hours_delete(kb_t *kb, int64_t action, int64_t uid, int64_t id);

/* Undo the last change of the worker (and any automatic changes made after
 * it), restoring every interval it touched. what and at describe the undone
 * change ("stop" and its time). KB_NOTFOUND when there is nothing to undo. Run it
 * inside the caller's transaction. */
int kb_hours_undo(kb_t *kb, int64_t uid, char *what, size_t whatlen, int64_t *at);

int kb_hours_state_get(kb_t *kb, int64_t uid, struct kb_hours_state *st);
/* Record activity at t (never moves backwards). */
int kb_hours_touch(kb_t *kb, int64_t uid, int64_t t);
int kb_hours_set_continue(kb_t *kb, int64_t uid, const char *date);

#endif
