/* test_score_alts.c -- spoken answers scored with the recogniser's
 * alternatives (score_answer_alts): a section found only in a close
 * alternative counts, one beyond the margin or the count does not, and an
 * alternative never adds a forbid phrase. Hand-made alternatives: the rule
 * is the scorer's, whatever the recogniser gives. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "score.h"

static kb_phrase greet[] = {{"hello", KB_LANG_EN}, {"hi", KB_LANG_EN}};
static kb_phrase verify[] = {{"check", KB_LANG_EN}, {"order number", KB_LANG_EN}};
static kb_phrase resolve[] = {{"refund", KB_LANG_EN}, {"replacement", KB_LANG_EN}};
static kb_phrase forbid[] = {{"not my problem", KB_LANG_EN}};

static kb_rubric_item rubric[] = {
    {.kind = KB_RUBRIC_EXPECT, .weight = 20, .section = "greeting", .phrases = greet, .n_phrases = 2},
    {.kind = KB_RUBRIC_EXPECT, .weight = 40, .section = "verify", .phrases = verify, .n_phrases = 2},
    {.kind = KB_RUBRIC_EXPECT, .weight = 40, .section = "resolve", .phrases = resolve, .n_phrases = 2},
    {.kind = KB_RUBRIC_FORBID, .section = NULL, .phrases = forbid, .n_phrases = 1},
};

static kb_turn turn = {.rubric = rubric, .n_rubric = 4};

static int setup(void **state)
{
    score_rubric_t *r = NULL;
    if (score_rubric_new(&r, &turn, NULL, NULL) != SCORE_OK)
        return -1;
    score_rubric_set_dictionary(r, NULL);   /* the rule alone, no model needed */
    *state = r;
    return 0;
}

static int teardown(void **state)
{
    score_rubric_free(*state);
    return 0;
}

/* "check" lost by the recogniser ("let me help you to your order") but
 * there in an alternative close to the best */
static void t_alternative_counts(void **state)
{
    const char *best = "hello let me help you to your order and arrange a refund";
    struct score_alt alts[] = {
        {"hello let me help you to your older and arrange a refund", -0.01},
        {"hello let me check your order and arrange a refund", -0.02},
    };
    score_result res;
    assert_int_equal(score_answer(*state, best, SCORE_SPOKEN, &res), SCORE_OK);
    assert_false(res.sections[1].hit);
    assert_int_equal(res.score, 60);
    score_result_free(&res);

    assert_int_equal(score_answer_alts(*state, best, alts, 2, &res), SCORE_OK);
    assert_true(res.sections[1].hit);
    assert_true(res.sections[1].alternative);
    assert_true(res.sections[1].fuzzy);     /* not the answer's own words */
    assert_string_equal(res.sections[1].matched, "check");
    /* sections of the best text stay its own */
    assert_true(res.sections[0].hit);
    assert_false(res.sections[0].alternative);
    assert_false(res.sections[0].fuzzy);
    assert_int_equal(res.score, 100);
    score_result_free(&res);
}

static void t_beyond_margin_does_not(void **state)
{
    const char *best = "hello let me help you to your order and arrange a refund";
    struct score_alt far[] = {{"hello let me check your order and arrange a refund",
                               -SCORE_ALT_MARGIN - 0.01}};
    score_result res;
    assert_int_equal(score_answer_alts(*state, best, far, 1, &res), SCORE_OK);
    assert_false(res.sections[1].hit);
    assert_int_equal(res.score, 60);
    score_result_free(&res);
    /* at the margin it counts */
    struct score_alt at[] = {{far[0].text, -SCORE_ALT_MARGIN}};
    assert_int_equal(score_answer_alts(*state, best, at, 1, &res), SCORE_OK);
    assert_true(res.sections[1].hit);
    score_result_free(&res);
}

/* only the first SCORE_ALT_MAX alternatives are looked at */
static void t_beyond_count_does_not(void **state)
{
    const char *best = "hello let me help you to your order and arrange a refund";
    struct score_alt alts[SCORE_ALT_MAX + 1];
    for (size_t i = 0; i < SCORE_ALT_MAX; i++)
        alts[i] = (struct score_alt){"hello let me help you and arrange a refund", -0.001};
    alts[SCORE_ALT_MAX] = (struct score_alt){"hello let me check and arrange a refund", -0.001};
    score_result res;
    assert_int_equal(score_answer_alts(*state, best, alts, SCORE_ALT_MAX + 1, &res), SCORE_OK);
    assert_false(res.sections[1].hit);
    score_result_free(&res);
    assert_int_equal(score_answer_alts(*state, best, alts + 1, SCORE_ALT_MAX, &res), SCORE_OK);
    assert_true(res.sections[1].hit);
    score_result_free(&res);
}

/* forbid phrases: the answer's words only */
static void t_alternative_never_fatal(void **state)
{
    const char *best = "hello that is not my program but i can arrange a refund";
    struct score_alt alts[] = {{"hello that is not my problem but i can arrange a refund", 0}};
    score_result res;
    assert_int_equal(score_answer_alts(*state, best, alts, 1, &res), SCORE_OK);
    assert_false(res.fatal);
    assert_int_equal(res.n_fatal, 0);
    assert_int_equal(res.score, 60);
    score_result_free(&res);
    /* in the answer itself it is */
    assert_int_equal(score_answer_alts(*state, alts[0].text, NULL, 0, &res), SCORE_OK);
    assert_true(res.fatal);
    assert_int_equal(res.score, 0);
    score_result_free(&res);
}

/* no alternatives: exactly the spoken score */
static void t_no_alternatives_same(void **state)
{
    static const char *const answers[] = {
        "", "hi there", "i will arrange a re fund", "let me chek your order number please",
        "hello sorry not my problem",
    };
    for (size_t i = 0; i < sizeof answers / sizeof *answers; i++) {
        score_result a, b;
        assert_int_equal(score_answer(*state, answers[i], SCORE_SPOKEN, &a), SCORE_OK);
        assert_int_equal(score_answer_alts(*state, answers[i], NULL, 0, &b), SCORE_OK);
        assert_int_equal(a.score, b.score);
        assert_int_equal(a.fatal, b.fatal);
        for (size_t k = 0; k < a.n_sections; k++) {
            assert_int_equal(a.sections[k].hit, b.sections[k].hit);
            assert_int_equal(a.sections[k].fuzzy, b.sections[k].fuzzy);
            assert_false(b.sections[k].alternative);
        }
        score_result_free(&a);
        score_result_free(&b);
    }
}

/* words that sound the same: in an alternative too, one dictionary pass */
static void t_alternative_sounds_same(void **state)
{
    (void)state;
    char *dir = kefu_test_tmpdir();
    char dict[512];
    snprintf(dict, sizeof dict, "%s/t.dict", dir);
    static const char text[] = "weather W EH DH ER\nwhether W EH DH ER\nthe DH AH\n"
                               "bad B AE D\nis IH Z\nhot HH AA T\n";
    assert_int_equal(kefu_test_write_file(dict, text, sizeof text - 1), 0);
    kb_phrase ph[] = {{"weather", KB_LANG_EN}};
    kb_rubric_item it[] = {
        {.kind = KB_RUBRIC_EXPECT, .weight = 100, .section = "s", .phrases = ph, .n_phrases = 1}};
    kb_turn t = {.rubric = it, .n_rubric = 1};
    score_rubric_t *r = NULL;
    assert_int_equal(score_rubric_new(&r, &t, NULL, NULL), SCORE_OK);
    assert_int_equal(score_rubric_set_dictionary(r, dict), SCORE_OK);
    struct score_alt alts[] = {{"the bad whether is hot", -0.01}};
    score_result res;
    assert_int_equal(score_answer_alts(r, "the bad is hot", alts, 1, &res), SCORE_OK);
    assert_true(res.sections[0].hit);
    assert_true(res.sections[0].alternative);
    score_result_free(&res);
    assert_int_equal(score_answer_alts(r, "the bad is hot", NULL, 0, &res), SCORE_OK);
    assert_false(res.sections[0].hit);
    score_result_free(&res);
    score_rubric_free(r);
    kefu_test_rmtree(dir);
    free(dir);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(t_alternative_counts, setup, teardown),
    cmocka_unit_test_setup_teardown(t_beyond_margin_does_not, setup, teardown),
    cmocka_unit_test_setup_teardown(t_beyond_count_does_not, setup, teardown),
    cmocka_unit_test_setup_teardown(t_alternative_never_fatal, setup, teardown),
    cmocka_unit_test_setup_teardown(t_no_alternatives_same, setup, teardown),
    cmocka_unit_test(t_alternative_sounds_same),
};
KEFU_TEST_GROUP(assistant_score_alts, tests, NULL, NULL)
