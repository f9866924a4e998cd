/* practice_store.c -- practice records in SQLite (kb_practice.h).
 *
 * Each write is its own BEGIN IMMEDIATE transaction so that a session killed
 * between two turns leaves every scored turn on disk and nothing half-written.
 */
#include "kb_practice.h"

#include <stdlib.h>
#include <string.h>

#include "kb_int.h"

static char *dup_col(sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    return strdup(t ? (const char *)t : "");
}

/* Prepare sql or record why not. */

/* ------------------------------------------------------------ sessions */

void kb_practice_session_clear(kb_practice_session *s)
{
    if (!s)
        return;
    free(s->user);
    free(s->kind);
    free(s->source);
    free(s->lang);
    free(s->plan);
    free(s->state);
    memset(s, 0, sizeof *s);
}

int kb_practice_session_begin(kb_t *kb, const char *user, const char *kind,
                              const char *source, const char *lang,
                              const char *plan, int64_t now, int64_t *id)
{
    sqlite3_stmt *st = NULL;
    int64_t uid = 0;
    int rc = kb_user_ensure(kb, user, &uid);
    if (rc != KB_OK)
        return rc;
    if ((rc = kb_prepare(kb, &st,
            "INSERT INTO practice_session(user_id, kind, source, lang, plan, started_at)"
            " VALUES(?1, ?2, ?3, ?4, ?5, ?6)", "cannot start a practice session")) != KB_OK)
        goto out;
    sqlite3_bind_int64(st, 1, uid);
    sqlite3_bind_text(st, 2, kind, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, source ? source : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, lang ? lang : "zh", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, plan ? plan : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 6, now);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = kb_sqlfail(kb, "cannot start a practice session");
        goto out;
    }
    if (id)
        *id = sqlite3_last_insert_rowid(kb->db);
out:
    sqlite3_finalize(st);
    return rc;
}

int kb_practice_session_last_open(kb_t *kb, const char *user, kb_practice_session *out)
{
    sqlite3_stmt *st = NULL;
    int rc;
    memset(out, 0, sizeof *out);
    if ((rc = kb_prepare(kb, &st,
            "SELECT s.id, u.name, s.kind, s.source, s.lang, s.plan, s.started_at,"
            " COALESCE(s.ended_at, 0), s.state FROM practice_session s"
            " JOIN users u ON u.id = s.user_id"
            " WHERE u.name = ?1 AND s.state = 'open' ORDER BY s.id DESC LIMIT 1",
            "cannot read practice sessions")) != KB_OK)
        goto out;
    sqlite3_bind_text(st, 1, user, -1, SQLITE_TRANSIENT);
    int step = sqlite3_step(st);
    if (step == SQLITE_DONE) {
        rc = kb_fail(kb, KB_NOTFOUND, "no unfinished practice session for %s", user);
        goto out;
    }
    if (step != SQLITE_ROW) {
        rc = kb_sqlfail(kb, "cannot read practice sessions");
        goto out;
    }
    out->id = sqlite3_column_int64(st, 0);
    out->user = dup_col(st, 1);
    out->kind = dup_col(st, 2);
    out->source = dup_col(st, 3);
    out->lang = dup_col(st, 4);
    out->plan = dup_col(st, 5);
    out->started_at = sqlite3_column_int64(st, 6);
    out->ended_at = sqlite3_column_int64(st, 7);
    out->state = dup_col(st, 8);
    if (!out->user || !out->kind || !out->source || !out->lang || !out->plan || !out->state) {
        kb_practice_session_clear(out);
        rc = kb_fail(kb, KB_NOMEM, "out of memory");
    }
out:
    sqlite3_finalize(st);
    return rc;
}

int kb_practice_session_end(kb_t *kb, int64_t id, const char *state, int64_t now)
{
    sqlite3_stmt *st = NULL;
    int rc;
    if ((rc = kb_prepare(kb, &st,
            "UPDATE practice_session SET state = ?2, ended_at = ?3 WHERE id = ?1",
            "cannot close the practice session")) != KB_OK)
        goto out;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, state, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, now);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = kb_sqlfail(kb, "cannot close the practice session");
out:
    sqlite3_finalize(st);
    return rc;
}

/* ------------------------------------------------------------ attempts */

int kb_practice_attempt_begin(kb_t *kb, int64_t session_id, int step,
                              const char *scenario, const char *tier,
                              const char *category, int variant, int n_turns,
                              int64_t now, int64_t *attempt_id)
{
    sqlite3_stmt *st = NULL;
    int rc;
    if ((rc = kb_prepare(kb, &st,
            "INSERT INTO practice_attempt(session_id, step, scenario, tier, category,"
            " variant, n_turns, started_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
            " ON CONFLICT(session_id, step) DO UPDATE SET step = excluded.step"
            " RETURNING id", "cannot record the scenario")) != KB_OK)
        goto out;
    sqlite3_bind_int64(st, 1, session_id);
    sqlite3_bind_int(st, 2, step);
    sqlite3_bind_text(st, 3, scenario, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, tier ? tier : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, category ? category : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 6, variant);
    sqlite3_bind_int(st, 7, n_turns);
    sqlite3_bind_int64(st, 8, now);
    if (sqlite3_step(st) != SQLITE_ROW) {
        rc = kb_sqlfail(kb, "cannot record the scenario");
        goto out;
    }
    if (attempt_id)
        *attempt_id = sqlite3_column_int64(st, 0);
out:
    sqlite3_finalize(st);
    return rc;
}

int kb_practice_session_attempts(kb_t *kb, int64_t session_id,
                                 kb_practice_attempt **out, size_t *n)
{
    sqlite3_stmt *st = NULL;
    kb_practice_attempt *a = NULL;
    size_t cnt = 0;
    int rc, step;
    *out = NULL;
    *n = 0;
    if ((rc = kb_prepare(kb, &st,
            "SELECT a.id, a.step, a.scenario, a.variant, a.n_turns,"
            " (SELECT COUNT(*) FROM practice_turn t WHERE t.attempt_id = a.id),"
            " a.finished_at IS NOT NULL FROM practice_attempt a"
            " WHERE a.session_id = ?1 ORDER BY a.step", "cannot read the session")) != KB_OK)
        goto out;
    sqlite3_bind_int64(st, 1, session_id);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        kb_practice_attempt *g = realloc(a, (cnt + 1) * sizeof *a);
        if (!g) {
            rc = kb_fail(kb, KB_NOMEM, "out of memory");
            goto out;
        }
        a = g;
        kb_practice_attempt *x = &a[cnt++];
        x->id = sqlite3_column_int64(st, 0);
        x->step = sqlite3_column_int(st, 1);
        x->scenario = dup_col(st, 2);
        x->variant = sqlite3_column_int(st, 3);
        x->n_turns = sqlite3_column_int(st, 4);
        x->turns_done = sqlite3_column_int(st, 5);
        x->finished = sqlite3_column_int(st, 6) != 0;
    }
    if (step != SQLITE_DONE)
        rc = kb_sqlfail(kb, "cannot read the session");
out:
    sqlite3_finalize(st);
    if (rc == KB_OK) {
        *out = a;
        *n = cnt;
    } else {
        kb_practice_attempts_free(a, cnt);
    }
    return rc;
}

void kb_practice_attempts_free(kb_practice_attempt *a, size_t n)
{
    for (size_t i = 0; a && i < n; i++)
        free(a[i].scenario);
    free(a);
}

/* --------------------------------------------------------------- turns */

int kb_practice_turn_save(kb_t *kb, const kb_practice_turn *t)
{
    sqlite3_stmt *st = NULL;
    int rc;
    if (!t || t->turn < 1 || t->score < 0 || t->score > 100 || !t->input)
        return kb_fail(kb, KB_INVALID, "a practice turn needs a turn number, a score "
                       "0-100 and an input mode");
    if ((rc = kb_begin(kb)) != KB_OK)
        return rc;
    if ((rc = kb_prepare(kb, &st,
            "INSERT INTO practice_turn(attempt_id, turn, variant, customer, answer, input,"
            " score, fatal, passed, fatal_phrases, sections, asked_at, answered_at, answer_ms)"
            " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            "cannot store the turn")) != KB_OK)
        goto out;
    sqlite3_bind_int64(st, 1, t->attempt_id);
    sqlite3_bind_int(st, 2, t->turn);
    sqlite3_bind_int(st, 3, t->variant);
    sqlite3_bind_text(st, 4, t->customer ? t->customer : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, t->answer ? t->answer : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, t->input, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 7, t->score);
    sqlite3_bind_int(st, 8, t->fatal);
    sqlite3_bind_int(st, 9, t->passed);
    sqlite3_bind_text(st, 10, t->fatal_phrases ? t->fatal_phrases : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 11, t->sections_json ? t->sections_json : "[]", -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 12, t->asked_at);
    sqlite3_bind_int64(st, 13, t->answered_at);
    sqlite3_bind_int64(st, 14, t->answer_ms);
    if (sqlite3_step(st) != SQLITE_DONE) {
        int ext = sqlite3_extended_errcode(kb->db);
        rc = ext == SQLITE_CONSTRAINT_UNIQUE
                 ? kb_fail(kb, KB_INVALID, "turn %d of this scenario is already stored", t->turn)
                 : kb_sqlfail(kb, "cannot store the turn");
        goto out;
    }
    sqlite3_finalize(st);
    st = NULL;
    /* the last turn finishes the attempt */
    if ((rc = kb_prepare(kb, &st,
            "UPDATE practice_attempt SET finished_at = ?2,"
            " score = (SELECT CAST(ROUND(AVG(score)) AS INTEGER) FROM practice_turn"
            "          WHERE attempt_id = ?1 AND input <> 'skipped')"
            " WHERE id = ?1 AND finished_at IS NULL AND n_turns <="
            " (SELECT COUNT(*) FROM practice_turn WHERE attempt_id = ?1)",
            "cannot finish the scenario")) != KB_OK)
        goto out;
    sqlite3_bind_int64(st, 1, t->attempt_id);
    sqlite3_bind_int64(st, 2, t->answered_at);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = kb_sqlfail(kb, "cannot finish the scenario");
        goto out;
    }
    sqlite3_finalize(st);
    st = NULL;
    rc = kb_commit(kb);
out:
    sqlite3_finalize(st);
    if (rc != KB_OK) {
        char keep[sizeof kb->errmsg];
        memcpy(keep, kb->errmsg, sizeof keep);
        kb_rollback(kb);
        memcpy(kb->errmsg, keep, sizeof keep);
    }
    return rc;
}

/* ---------------------------------------------------------------- tiers */

int kb_practice_tier_get(kb_t *kb, const char *user, char **tier)
{
    sqlite3_stmt *st = NULL;
    int rc;
    *tier = NULL;
    if ((rc = kb_prepare(kb, &st,
            "SELECT t.tier FROM practice_tier t JOIN users u ON u.id = t.user_id"
            " WHERE u.name = ?1", "cannot read the tier")) != KB_OK)
        goto out;
    sqlite3_bind_text(st, 1, user, -1, SQLITE_TRANSIENT);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        *tier = dup_col(st, 0);
    else if (step == SQLITE_DONE)
        *tier = strdup("basic");
    else
        rc = kb_sqlfail(kb, "cannot read the tier");
    if (rc == KB_OK && !*tier)
        rc = kb_fail(kb, KB_NOMEM, "out of memory");
out:
    sqlite3_finalize(st);
    return rc;
}

int kb_practice_tier_set(kb_t *kb, const char *user, const char *tier,
                         const char *set_by, int64_t now)
{
    sqlite3_stmt *st = NULL;
    int64_t uid = 0;
    int rc;
    if (!tier || (strcmp(tier, "basic") && strcmp(tier, "intermediate") &&
                  strcmp(tier, "advanced")))
        return kb_fail(kb, KB_INVALID, "unknown tier '%s'; use basic, intermediate "
                       "or advanced", tier ? tier : "");
    if ((rc = kb_user_ensure(kb, user, &uid)) != KB_OK)
        return rc;
    if ((rc = kb_prepare(kb, &st,
            "INSERT INTO practice_tier(user_id, tier, set_by, set_at) VALUES(?1, ?2, ?3, ?4)"
            " ON CONFLICT(user_id) DO UPDATE SET tier = excluded.tier,"
            " set_by = excluded.set_by, set_at = excluded.set_at",
            "cannot set the tier")) != KB_OK)
        goto out;
    sqlite3_bind_int64(st, 1, uid);
    sqlite3_bind_text(st, 2, tier, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, set_by ? set_by : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, now);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = kb_sqlfail(kb, "cannot set the tier");
out:
    sqlite3_finalize(st);
    return rc;
}

/* ------------------------------------------------------------- reading */

int kb_practice_results(kb_t *kb, const char *user, kb_practice_result **out, size_t *n)
{
    sqlite3_stmt *st = NULL;
    kb_practice_result *r = NULL;
    size_t cnt = 0;
    int rc, step;
    *out = NULL;
    *n = 0;
    if ((rc = kb_prepare(kb, &st,
            "SELECT a.id, a.session_id, a.scenario, a.tier, a.category, a.score,"
            " a.finished_at FROM practice_attempt a"
            " JOIN practice_session s ON s.id = a.session_id"
            " JOIN users u ON u.id = s.user_id"
            " WHERE u.name = ?1 AND a.finished_at IS NOT NULL AND a.score IS NOT NULL"
            " ORDER BY a.finished_at, a.id", "cannot read practice results")) != KB_OK)
        goto out;
    sqlite3_bind_text(st, 1, user, -1, SQLITE_TRANSIENT);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        kb_practice_result *g = realloc(r, (cnt + 1) * sizeof *r);
        if (!g) {
            rc = kb_fail(kb, KB_NOMEM, "out of memory");
            goto out;
        }
        r = g;
        kb_practice_result *x = &r[cnt++];
        x->attempt_id = sqlite3_column_int64(st, 0);
        x->session_id = sqlite3_column_int64(st, 1);
        x->scenario = dup_col(st, 2);
        x->tier = dup_col(st, 3);
        x->category = dup_col(st, 4);
        x->score = sqlite3_column_int(st, 5);
        x->finished_at = sqlite3_column_int64(st, 6);
    }
    if (step != SQLITE_DONE)
        rc = kb_sqlfail(kb, "cannot read practice results");
out:
    sqlite3_finalize(st);
    if (rc == KB_OK) {
        *out = r;
        *n = cnt;
    } else {
        kb_practice_results_free(r, cnt);
    }
    return rc;
}

void kb_practice_results_free(kb_practice_result *r, size_t n)
{
    for (size_t i = 0; r && i < n; i++) {
        free(r[i].scenario);
        free(r[i].tier);
        free(r[i].category);
    }
    free(r);
}

static const char *col_text(sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    return t ? (const char *)t : "";
}

int kb_practice_each_turn(kb_t *kb, const char *user,
                          int (*fn)(void *arg, const kb_practice_turn_row *row),
                          void *arg)
{
    sqlite3_stmt *st = NULL;
    int rc, step;
    if ((rc = kb_prepare(kb, &st,
            "SELECT u.name, s.id, a.scenario, a.tier, a.category, t.turn, t.customer,"
            " t.answer, t.input, t.score, t.fatal, t.passed, t.fatal_phrases, t.sections,"
            " t.answered_at, t.answer_ms FROM practice_turn t"
            " JOIN practice_attempt a ON a.id = t.attempt_id"
            " JOIN practice_session s ON s.id = a.session_id"
            " JOIN users u ON u.id = s.user_id"
            " WHERE ?1 IS NULL OR u.name = ?1"
            " ORDER BY u.name, t.answered_at, t.id", "cannot read practice turns")) != KB_OK)
        goto out;
    if (user)
        sqlite3_bind_text(st, 1, user, -1, SQLITE_TRANSIENT);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        kb_practice_turn_row row = {
            .user = col_text(st, 0),
            .session_id = sqlite3_column_int64(st, 1),
            .scenario = col_text(st, 2),
            .tier = col_text(st, 3),
            .category = col_text(st, 4),
            .turn = sqlite3_column_int(st, 5),
            .customer = col_text(st, 6),
            .answer = col_text(st, 7),
            .input = col_text(st, 8),
            .score = sqlite3_column_int(st, 9),
            .fatal = sqlite3_column_int(st, 10) != 0,
            .passed = sqlite3_column_int(st, 11) != 0,
            .fatal_phrases = col_text(st, 12),
            .sections_json = col_text(st, 13),
            .answered_at = sqlite3_column_int64(st, 14),
            .answer_ms = sqlite3_column_int64(st, 15),
        };
        int stop = fn(arg, &row);
        if (stop) {
            rc = stop;
            goto out;
        }
    }
    if (step != SQLITE_DONE)
        rc = kb_sqlfail(kb, "cannot read practice turns");
out:
    sqlite3_finalize(st);
    return rc;
}

/* The user names a query's rows give, in order (shared by the two lists below). */
static int list_names(kb_t *kb, const char *sql, char ***names, size_t *n)
{
    sqlite3_stmt *st = NULL;
    char **v = NULL;
    size_t cnt = 0;
    int rc, step;
    *names = NULL;
    *n = 0;
    if ((rc = kb_prepare(kb, &st, sql, "cannot list trainees")) != KB_OK)
        goto out;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        char **g = realloc(v, (cnt + 1) * sizeof *v);
        if (!g) {
            rc = kb_fail(kb, KB_NOMEM, "out of memory");
            goto out;
        }
        v = g;
        v[cnt++] = dup_col(st, 0);
    }
    if (step != SQLITE_DONE)
        rc = kb_sqlfail(kb, "cannot list trainees");
out:
    sqlite3_finalize(st);
    if (rc == KB_OK) {
        *names = v;
        *n = cnt;
    } else {
        kb_practice_names_free(v, cnt);
    }
    return rc;
}

#define PRACTISED "EXISTS (SELECT 1 FROM practice_session s WHERE s.user_id = u.id)" \
                  " OR EXISTS (SELECT 1 FROM practice_tier t WHERE t.user_id = u.id)"

int kb_practice_users(kb_t *kb, char ***names, size_t *n)
{
    return list_names(kb, "SELECT name FROM users u WHERE " PRACTISED " ORDER BY name",
                      names, n);
}

int kb_practice_trainees(kb_t *kb, char ***names, size_t *n)
{
    return list_names(kb, "SELECT name FROM users u WHERE " PRACTISED
                      " OR EXISTS (SELECT 1 FROM hours_interval h WHERE h.user_id = u.id)"
                      " ORDER BY name", names, n);
}

void kb_practice_names_free(char **names, size_t n)
{
    for (size_t i = 0; names && i < n; i++)
        free(names[i]);
    free(names);
}
