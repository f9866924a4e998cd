/* test_score_feedback.c -- feedback lines a trainee hears after an answer
 * (score_feedback_build): two missed sections whose model wording is the
 * same clause share one line, so a listener does not hear the same sentence
 * twice ("Not in your answer: action, promise. You could say: ..."); each
 * missed line is a sentence with the words to copy in quotes, ended with
 * the language's full stop when the quote does not end a sentence. */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "score.h"

static kb_phrase empathy[] = {{"抱歉", 0}, {"sorry", 1}};
static kb_phrase action[] = {{"联系财务", 0}, {"contact finance", 1}};
static kb_phrase promise[] = {{"加急处理", 0}, {"rush it", 1}};
static kb_phrase when[] = {{"今天之内", 0}, {"today", 1}};

static kb_rubric_item rubric[] = {
    {.kind = KB_RUBRIC_EXPECT, .weight = 25, .section = "empathy", .phrases = empathy, .n_phrases = 2, .line = 1},
    {.kind = KB_RUBRIC_EXPECT, .weight = 25, .section = "action", .phrases = action, .n_phrases = 2, .line = 2},
    {.kind = KB_RUBRIC_EXPECT, .weight = 25, .section = "promise", .phrases = promise, .n_phrases = 2, .line = 3},
    {.kind = KB_RUBRIC_EXPECT, .weight = 25, .section = "timeline", .phrases = when, .n_phrases = 2, .line = 4},
};

static kb_turn turn = {
    .rubric = rubric,
    .n_rubric = 4,
    .answer = {"非常抱歉！我马上联系财务加急处理。预计今天之内给您答复。",
               "I'm so sorry! I'll contact finance and rush it. You'll hear from us today."},
};

/* the same rubric; the apology is a clause cut at a comma */
static kb_turn turn_comma = {
    .rubric = rubric,
    .n_rubric = 4,
    .answer = {"非常抱歉，我马上联系财务加急处理。预计今天之内给您答复。",
               "I'm so sorry, I'll contact finance and rush it. You'll hear from us today."},
};

static size_t count(const score_feedback *fb, const char *needle)
{
    size_t n = 0;
    for (size_t i = 0; i < fb->n; i++)
        n += strstr(fb->lines[i].text, needle) != NULL;
    return n;
}

static void t_same_wording_one_line(void **state)
{
    (void)state;
    score_rubric_t *r = NULL;
    score_result res;
    score_feedback fb;
    i18n_init("en");
    assert_int_equal(score_rubric_new(&r, &turn, NULL, NULL), SCORE_OK);
    const char *a = "抱歉";
    assert_int_equal(score_answer(r, a, SCORE_TYPED, &res), SCORE_OK);
    assert_int_equal(res.score, 25);
    assert_int_equal(score_feedback_build(r, a, &res, 70, KB_LANG_ZH, &fb), SCORE_OK);
    char *wa = score_model_wording(r, "action", KB_LANG_ZH);
    char *wp = score_model_wording(r, "promise", KB_LANG_ZH);
    assert_non_null(wa);
    assert_non_null(wp);
    assert_string_equal(wa, wp);                /* the fixture's premise */
    /* the shared clause is said once, both sections named on its line */
    assert_int_equal(count(&fb, wa), 1);
    assert_int_equal(count(&fb, "Not in your answer: "), 2);  /* that line and the timeline's */
    bool both = false;
    for (size_t i = 0; i < fb.n; i++) {
        const char *t = fb.lines[i].text;
        if (strstr(t, "Not in your answer: ") && strstr(t, wa))
            both = strstr(t, score_section_label("action")) && strstr(t, score_section_label("promise"));
    }
    assert_true(both);
    assert_int_equal(count(&fb, score_section_label("timeline")), 1);
    free(wa);
    free(wp);
    score_feedback_free(&fb);
    score_result_free(&res);
    score_rubric_free(r);
}

/* "Missed: timeline. Try: You'll hear from us today." was a label and a
 * bare clause: now what was missing, then the words in quotes. */
static void t_missed_is_a_sentence(void **state)
{
    (void)state;
    score_rubric_t *r = NULL;
    score_result res;
    score_feedback fb;
    i18n_init("en");
    assert_int_equal(score_rubric_new(&r, &turn, NULL, NULL), SCORE_OK);
    const char *a = "I'm sorry, I'll contact finance and rush it.";
    assert_int_equal(score_answer(r, a, SCORE_TYPED, &res), SCORE_OK);
    assert_int_equal(score_feedback_build(r, a, &res, 70, KB_LANG_EN, &fb), SCORE_OK);
    assert_int_equal(count(&fb, "Not in your answer: timeline. You could say: "
                                "“You'll hear from us today.”"), 1);
    assert_int_equal(count(&fb, "Missed"), 0);
    assert_int_equal(count(&fb, "Try:"), 0);
    score_feedback_free(&fb);
    score_result_free(&res);

    /* Chinese: the line ends with 。 after a quote that does not end a
     * sentence (a clause cut at a comma) */
    i18n_init("zh");
    if (strcmp(_("Score"), "Score") == 0) {     /* no catalogue in this build */
        i18n_init("en");
        score_rubric_free(r);
        skip();
    }
    score_rubric_free(r);
    r = NULL;
    assert_int_equal(score_rubric_new(&r, &turn_comma, NULL, NULL), SCORE_OK);
    a = "我马上联系财务加急处理，预计今天之内给您答复。";
    assert_int_equal(score_answer(r, a, SCORE_TYPED, &res), SCORE_OK);
    assert_int_equal(score_feedback_build(r, a, &res, 70, KB_LANG_ZH, &fb), SCORE_OK);
    char *w = score_model_wording(r, "empathy", KB_LANG_ZH);
    assert_string_equal(w, "非常抱歉");          /* the fixture's premise */
    char want[256];
    snprintf(want, sizeof want, "你的回答缺少：%s。可以这样说：“非常抱歉”。",
             score_section_label("empathy"));
    assert_int_equal(count(&fb, want), 1);
    /* a quote that ends a sentence is not followed by a second full stop */
    assert_int_equal(count(&fb, "”。。"), 0);
    free(w);
    score_feedback_free(&fb);
    score_result_free(&res);
    i18n_init("en");
    score_rubric_free(r);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(t_same_wording_one_line),
    cmocka_unit_test(t_missed_is_a_sentence),
};
KEFU_TEST_GROUP(assistant_score_feedback, tests, NULL, NULL)
