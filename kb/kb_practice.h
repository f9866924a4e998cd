/* kb_practice.h -- trainees' practice records: sessions, scenario attempts,
 * scored turns and tiers (schema v4, schema_practice.c).
 *
 * The practice engine (assistant/practice*.c) decides what a turn scored;
 * this stores it so that a crash loses at most the turn being typed: every
 * kb_practice_turn_save() is one transaction, committed before it returns.
 * Strings handed in are copied; strings handed out are owned by the caller
 * and freed with the matching _free() or _clear() function.
 */
#ifndef KEFU_KB_PRACTICE_H
#define KEFU_KB_PRACTICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "kb.h"

/* ------------------------------------------------------------ sessions */

typedef struct {
    int64_t id;
    char *user;
    char *kind;         /* "practice" or "drill" */
    char *source;       /* tier name or drill file */
    char *lang;
    char *plan;         /* slugs, space separated */
    int64_t started_at, ended_at;   /* ended_at 0 while open */
    char *state;        /* "open", "done", "quit" */
} kb_practice_session;

void kb_practice_session_clear(kb_practice_session *s);

/* Start a session for user (created on first use). */
int kb_practice_session_begin(kb_t *kb, const char *user, const char *kind,
                              const char *source, const char *lang,
                              const char *plan, int64_t now, int64_t *id);

/* The user's most recent session still open; KB_NOTFOUND when none. */
int kb_practice_session_last_open(kb_t *kb, const char *user,
                                  kb_practice_session *out);

/* Close a session: state "done" (plan finished) or "quit". */
int kb_practice_session_end(kb_t *kb, int64_t id, const char *state, int64_t now);

/* ------------------------------------------------------------ attempts */

typedef struct {
    int64_t id;
    int step;           /* index into the plan */
    char *scenario;
    int variant;
    int n_turns;
    int turns_done;     /* turns stored so far */
    bool finished;
} kb_practice_attempt;

/* Start one scenario of a session. Re-starting a step that exists returns
 * the existing attempt's id (resume). */
int kb_practice_attempt_begin(kb_t *kb, int64_t session_id, int step,
                              const char *scenario, const char *tier,
                              const char *category, int variant, int n_turns,
                              int64_t now, int64_t *attempt_id);

/* Every attempt of a session, by step. Free with kb_practice_attempts_free. */
int kb_practice_session_attempts(kb_t *kb, int64_t session_id,
                                 kb_practice_attempt **out, size_t *n);
void kb_practice_attempts_free(kb_practice_attempt *a, size_t n);

/* --------------------------------------------------------------- turns */

typedef struct {
    int64_t attempt_id;
    int turn;                   /* 1-based */
    int variant;
    const char *customer;       /* the line as the trainee heard it */
    const char *answer;
    const char *input;          /* "typed", "spoken", "skipped", "timeout" */
    int score;
    bool fatal, passed;
    const char *fatal_phrases;  /* " | " separated; may be NULL */
    const char *sections_json;  /* JSON array; may be NULL */
    int64_t asked_at, answered_at, answer_ms;
} kb_practice_turn;

/* Store one scored turn in one transaction; when it is the attempt's last
 * turn, the attempt is finished in the same transaction (score = mean of
 * its answered turns). A turn with input "skipped" has no score (store 0):
 * it is left out of the attempt's mean, and an attempt whose every turn was
 * skipped is finished without a score (not in kb_practice_results). A turn
 * stored twice is an error (KB_INVALID), never a duplicate. */
int kb_practice_turn_save(kb_t *kb, const kb_practice_turn *t);

/* ---------------------------------------------------------------- tiers */

/* The user's tier ("basic" when never set). Caller frees *tier. */
int kb_practice_tier_get(kb_t *kb, const char *user, char **tier);
/* set_by: "promotion" or "trainer". */
int kb_practice_tier_set(kb_t *kb, const char *user, const char *tier,
                         const char *set_by, int64_t now);

/* ------------------------------------------------------------- reading */

/* One finished attempt (for tiers, picking and progress). */
typedef struct {
    int64_t attempt_id, session_id;
    char *scenario, *tier, *category;
    int score;
    int64_t finished_at;
} kb_practice_result;

/* Every finished attempt of user that has a score, oldest first. */
int kb_practice_results(kb_t *kb, const char *user, kb_practice_result **out,
                        size_t *n);
void kb_practice_results_free(kb_practice_result *r, size_t n);

/* One stored turn, for reports and per-skill statistics. Borrowed strings,
 * valid during the callback only. */
typedef struct {
    const char *user;
    int64_t session_id;
    const char *scenario, *tier, *category;
    int turn;
    const char *customer, *answer, *input;
    int score;
    bool fatal, passed;
    const char *fatal_phrases, *sections_json;
    int64_t answered_at;
    int64_t answer_ms;
} kb_practice_turn_row;

/* Call fn for every stored turn of user (NULL: every user), by user then
 * time. fn returns 0 to go on, anything else stops (and is returned). */
int kb_practice_each_turn(kb_t *kb, const char *user,
                          int (*fn)(void *arg, const kb_practice_turn_row *row),
                          void *arg);

/* Names of users with any practice record, sorted. Free with
 * kb_practice_names_free. */
int kb_practice_users(kb_t *kb, char ***names, size_t *n);
void kb_practice_names_free(char **names, size_t n);
/* The same, and users who only have hours records (kefu report). */
int kb_practice_trainees(kb_t *kb, char ***names, size_t *n);

#endif
