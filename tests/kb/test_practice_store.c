/* test_practice_store.c -- practice records (kb_practice.h) on a real SQLite
 * database: sessions and resume, attempts, one-transaction turns that finish
 * their attempt, duplicates refused without half-writes, tiers, reading. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb_practice.h"

static int setup(void **state)
{
    kb_t *kb = NULL;
    if (kb_open(&kb, ":memory:", KB_OPEN_CREATE) != KB_OK) {
        kb_close(kb);
        return -1;
    }
    *state = kb;
    return 0;
}

static int teardown(void **state)
{
    kb_close(*state);
    return 0;
}

static kb_practice_turn turn_of(int64_t attempt, int n, int score)
{
    kb_practice_turn t = {
        .attempt_id = attempt, .turn = n, .customer = "在吗？", .answer = "您好",
        .input = "typed", .score = score, .passed = score >= 70,
        .sections_json = "[{\"name\":\"greeting\",\"weight\":40,\"hit\":true,\"matched\":\"您好\"}]",
        .asked_at = 1000 + n, .answered_at = 1010 + n, .answer_ms = 9000,
    };
    return t;
}

static void t_session_resume(void **state)
{
    kb_t *kb = *state;
    kb_practice_session s;
    int64_t id = 0, a1 = 0, a2 = 0, again = 0;
    assert_int_equal(kb_practice_session_last_open(kb, "ana", &s), KB_NOTFOUND);
    assert_int_equal(kb_practice_session_begin(kb, "ana", "practice", "basic", "zh",
                                               "order-status coupon-use", 100, &id), KB_OK);
    assert_int_equal(kb_practice_session_last_open(kb, "ana", &s), KB_OK);
    assert_int_equal(s.id, id);
    assert_string_equal(s.plan, "order-status coupon-use");
    assert_string_equal(s.state, "open");
    kb_practice_session_clear(&s);

    assert_int_equal(kb_practice_attempt_begin(kb, id, 0, "order-status", "basic", "order", 1, 2,
                                               100, &a1), KB_OK);
    /* the same step again (resume) is the same attempt */
    assert_int_equal(kb_practice_attempt_begin(kb, id, 0, "order-status", "basic", "order", 1, 2,
                                               200, &again), KB_OK);
    assert_int_equal(a1, again);
    kb_practice_turn t = turn_of(a1, 1, 60);
    assert_int_equal(kb_practice_turn_save(kb, &t), KB_OK);

    kb_practice_attempt *att = NULL;
    size_t n = 0;
    assert_int_equal(kb_practice_session_attempts(kb, id, &att, &n), KB_OK);
    assert_int_equal(n, 1);
    assert_int_equal(att[0].turns_done, 1);
    assert_int_equal(att[0].variant, 1);
    assert_false(att[0].finished);
    kb_practice_attempts_free(att, n);

    /* the last turn finishes the attempt with the mean score */
    t = turn_of(a1, 2, 81);
    assert_int_equal(kb_practice_turn_save(kb, &t), KB_OK);
    assert_int_equal(kb_practice_session_attempts(kb, id, &att, &n), KB_OK);
    assert_true(att[0].finished);
    kb_practice_attempts_free(att, n);
    kb_practice_result *r = NULL;
    assert_int_equal(kb_practice_results(kb, "ana", &r, &n), KB_OK);
    assert_int_equal(n, 1);
    assert_int_equal(r[0].score, 71);       /* round((60 + 81) / 2) */
    assert_string_equal(r[0].category, "order");
    kb_practice_results_free(r, n);

    assert_int_equal(kb_practice_attempt_begin(kb, id, 1, "coupon-use", "basic", "payment", 0, 1,
                                               300, &a2), KB_OK);
    assert_int_not_equal(a1, a2);
    assert_int_equal(kb_practice_session_end(kb, id, "done", 400), KB_OK);
    assert_int_equal(kb_practice_session_last_open(kb, "ana", &s), KB_NOTFOUND);
    /* another trainee's sessions are not hers */
    assert_int_equal(kb_practice_session_begin(kb, "bo", "drill", "d.kefu", "en", "x", 1, &id),
                     KB_OK);
    assert_int_equal(kb_practice_session_last_open(kb, "ana", &s), KB_NOTFOUND);
}

static void t_turn_atomic(void **state)
{
    kb_t *kb = *state;
    int64_t id = 0, a = 0;
    assert_int_equal(kb_practice_session_begin(kb, "cy", "practice", "basic", "zh", "s", 1, &id),
                     KB_OK);
    assert_int_equal(kb_practice_attempt_begin(kb, id, 0, "s", "basic", "c", 0, 1, 1, &a), KB_OK);
    kb_practice_turn t = turn_of(a, 1, 90);
    assert_int_equal(kb_practice_turn_save(kb, &t), KB_OK);
    /* stored twice: refused, with a message, and nothing changes */
    t.score = 10;
    assert_int_equal(kb_practice_turn_save(kb, &t), KB_INVALID);
    assert_non_null(strstr(kb_errmsg(kb), "already stored"));
    kb_practice_result *r = NULL;
    size_t n = 0;
    assert_int_equal(kb_practice_results(kb, "cy", &r, &n), KB_OK);
    assert_int_equal(n, 1);
    assert_int_equal(r[0].score, 90);
    kb_practice_results_free(r, n);
    /* bad input is refused before anything is written */
    t.turn = 2;
    t.score = 101;
    assert_int_equal(kb_practice_turn_save(kb, &t), KB_INVALID);
    t.score = 50;
    t.input = "telepathy";          /* the schema's CHECK */
    assert_int_not_equal(kb_practice_turn_save(kb, &t), KB_OK);
    /* and the store still works (no transaction left open) */
    t.input = "skipped";
    t.score = 0;
    assert_int_equal(kb_practice_turn_save(kb, &t), KB_OK);
}

static void t_tiers(void **state)
{
    kb_t *kb = *state;
    char *tier = NULL;
    assert_int_equal(kb_practice_tier_get(kb, "dee", &tier), KB_OK);
    assert_string_equal(tier, "basic");
    free(tier);
    assert_int_equal(kb_practice_tier_set(kb, "dee", "advanced", "trainer", 5), KB_OK);
    assert_int_equal(kb_practice_tier_get(kb, "dee", &tier), KB_OK);
    assert_string_equal(tier, "advanced");
    free(tier);
    assert_int_equal(kb_practice_tier_set(kb, "dee", "expert", "trainer", 5), KB_INVALID);
    assert_non_null(strstr(kb_errmsg(kb), "expert"));
}

struct collect { int n; int score_sum; char last_user[32]; };

static int on_row(void *arg, const kb_practice_turn_row *row)
{
    struct collect *c = arg;
    c->n++;
    c->score_sum += row->score;
    snprintf(c->last_user, sizeof c->last_user, "%s", row->user);
    assert_non_null(strstr(row->sections_json, "greeting"));
    return 0;
}

static void t_reading(void **state)
{
    kb_t *kb = *state;
    int64_t id = 0, a = 0;
    for (int u = 0; u < 2; u++) {
        const char *user = u ? "zed" : "amy";
        assert_int_equal(kb_practice_session_begin(kb, user, "practice", "basic", "zh", "s", 1,
                                                   &id), KB_OK);
        assert_int_equal(kb_practice_attempt_begin(kb, id, 0, "s", "basic", "c", 0, 1, 1, &a),
                         KB_OK);
        kb_practice_turn t = turn_of(a, 1, 40 + u * 40);
        assert_int_equal(kb_practice_turn_save(kb, &t), KB_OK);
    }
    struct collect c = {0};
    assert_int_equal(kb_practice_each_turn(kb, NULL, on_row, &c), KB_OK);
    assert_int_equal(c.n, 2);
    assert_string_equal(c.last_user, "zed");
    memset(&c, 0, sizeof c);
    assert_int_equal(kb_practice_each_turn(kb, "amy", on_row, &c), KB_OK);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.score_sum, 40);
    char **names = NULL;
    size_t n = 0;
    assert_int_equal(kb_practice_users(kb, &names, &n), KB_OK);
    assert_int_equal(n, 2);
    assert_string_equal(names[0], "amy");
    kb_practice_names_free(names, n);
}

/* A skipped turn has no score: it is left out of the attempt's mean, and
 * an attempt with every turn skipped is not a result (no average, no tier). */
static void t_skipped(void **state)
{
    kb_t *kb = *state;
    int64_t id = 0, a1 = 0, a2 = 0;
    assert_int_equal(kb_practice_session_begin(kb, "sam", "practice", "basic", "zh",
                                               "order-status coupon-use", 100, &id), KB_OK);
    assert_int_equal(kb_practice_attempt_begin(kb, id, 0, "order-status", "basic", "order", 0, 2,
                                               100, &a1), KB_OK);
    kb_practice_turn t = turn_of(a1, 1, 90);
    assert_int_equal(kb_practice_turn_save(kb, &t), KB_OK);
    t = turn_of(a1, 2, 0);
    t.input = "skipped";
    t.answer = "";
    assert_int_equal(kb_practice_turn_save(kb, &t), KB_OK);
    assert_int_equal(kb_practice_attempt_begin(kb, id, 1, "coupon-use", "basic", "payment", 0, 1,
                                               100, &a2), KB_OK);
    t = turn_of(a2, 1, 0);
    t.input = "skipped";
    assert_int_equal(kb_practice_turn_save(kb, &t), KB_OK);
    kb_practice_attempt *att = NULL;
    size_t n = 0;
    assert_int_equal(kb_practice_session_attempts(kb, id, &att, &n), KB_OK);
    assert_int_equal(n, 2);
    assert_true(att[0].finished);
    assert_true(att[1].finished);       /* done, though never answered */
    kb_practice_attempts_free(att, n);
    kb_practice_result *r = NULL;
    assert_int_equal(kb_practice_results(kb, "sam", &r, &n), KB_OK);
    assert_int_equal(n, 1);
    assert_string_equal(r[0].scenario, "order-status");
    assert_int_equal(r[0].score, 90);   /* not (90 + 0) / 2 */
    kb_practice_results_free(r, n);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(t_session_resume, setup, teardown),
    cmocka_unit_test_setup_teardown(t_turn_atomic, setup, teardown),
    cmocka_unit_test_setup_teardown(t_tiers, setup, teardown),
    cmocka_unit_test_setup_teardown(t_reading, setup, teardown),
    cmocka_unit_test_setup_teardown(t_skipped, setup, teardown),
};
KEFU_TEST_GROUP(kb_practice_store, tests, NULL, NULL)
