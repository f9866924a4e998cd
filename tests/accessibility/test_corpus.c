/* test_corpus.c -- what completion learns from the knowledge base: model
 * answers and expected phrases, never what customers say and never a
 * forbid: phrase (session_io_corpus_from_kb). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "complete.h"
#include "kb.h"
#include "kb_library.h"
#include "kb_scenario.h"
#include "kb_search.h"
#include "kb_practice.h"
#include "cli.h"
#include "session_io.h"

static const char scenario[] =
    "scenario: late-parcel\n"
    "tier: basic\n"
    "category: shipping\n"
    "title: 包裹晚了\n"
    "title@en: Parcel late\n"
    "brief: 道歉并查询物流。\n"
    "brief@en: Apologise and check the tracking.\n"
    "customer: 我的包裹怎么还没到？\n"
    "customer@en: Where on earth is my parcel going?\n"
    "expect 100 empathy: 抱歉 | sorry for the delay\n"
    "forbid: not my problem | that is your problem\n"
    "answer: 非常抱歉，我马上帮您查一下物流。\n"
    "answer@en: I'm so sorry for the delay, let me check the tracking right away.\n";

static void find_text(void *arg, const char *text)
{
    int *hits = arg;
    *hits += strcmp(text, "not my problem") == 0 ||
             strcmp(text, "Where on earth is my parcel going?") == 0;
}

static bool offers(const a11y_complete_t *c, const char *typed, const char *needle)
{
    struct a11y_completion o[A11Y_COMPLETE_MAX];
    size_t n = a11y_complete_offer(c, typed, o, A11Y_COMPLETE_MAX);
    bool found = false;
    for (size_t i = 0; i < n; i++) {
        found |= strstr(o[i].insert, needle) != NULL;
        a11y_completion_clear(&o[i]);
    }
    return found;
}

static void t_corpus_leaves_out_customers_and_forbidden(void **state)
{
    (void)state;
    kb_t *kb = NULL;
    assert_int_equal(kb_open(&kb, ":memory:", KB_OPEN_CREATE), KB_OK);
    kb_library *lib = NULL;
    kb_diags d;
    kb_diags_init(&d);
    assert_int_equal(kb_library_new(&lib), KB_OK);
    assert_int_equal(kb_parse_buffer(lib, "t.kefu", scenario, strlen(scenario), &d), KB_OK);
    int rc = kb_library_finish(lib, &d);
    for (size_t i = 0; i < d.count; i++) {
        char *m = kb_diag_format(&d.items[i]);
        fprintf(stderr, "%s\n", m);
        free(m);
    }
    assert_int_equal(rc, KB_OK);
    assert_int_equal(kb_lib_install(kb, lib, KB_ORIGIN_BUILTIN, NULL), KB_OK);

    /* the store hands out both; the filter is what keeps them out */
    int hits = 0;
    assert_int_equal(kb_each_text(kb, "en", find_text, &hits), KB_OK);
    assert_int_equal(hits, 2);
    a11y_complete_t *c = a11y_complete_new();
    assert_int_equal(session_io_corpus_from_kb(kb, c, "en"), KB_OK);
    assert_true(offers(c, "I'm so sorry f", "or the delay"));      /* the answer */
    assert_true(offers(c, "let me check the t", "racking"));
    assert_false(offers(c, "not my p", "roblem"));                 /* forbid: */
    assert_false(offers(c, "that is your p", "roblem"));
    assert_false(offers(c, "Where on earth is my p", "arcel"));    /* the customer */
    a11y_complete_free(c);

    c = a11y_complete_new();
    assert_int_equal(session_io_corpus_from_kb(kb, c, "zh"), KB_OK);
    struct a11y_completion a;
    assert_true(a11y_complete_auto(c, "真的非常抱", 2, &a));
    assert_string_equal(a.insert, "歉");          /* one place: one character */
    a11y_completion_clear(&a);
    assert_false(a11y_complete_auto(c, "我的包裹怎", 2, &a));     /* the customer's words */
    a11y_complete_free(c);

    kb_library_free(lib);
    kb_diags_free(&d);
    kb_close(kb);
}

/* The trainee's own stored answers join the corpus: those that passed and
 * said nothing forbidden, in the session's script. */
static void t_history_of_own_answers(void **state)
{
    (void)state;
    kb_t *kb = NULL;
    assert_int_equal(kb_open(&kb, ":memory:", KB_OPEN_CREATE), KB_OK);
    int64_t sid, aid;
    assert_int_equal(kb_practice_session_begin(kb, "mei", "practice", "basic", "en", "x", 1, &sid),
                     KB_OK);
    assert_int_equal(kb_practice_attempt_begin(kb, sid, 0, "x", "basic", "c", 0, 4, 1, &aid), KB_OK);
    const char *answers[] = {"Thanks a million for bearing with us today.",   /* passed */
                             "Thanks a million for nothing, goodbye.",          /* failed */
                             "Thanks a million for the fatal thing.",           /* fatal */
                             "非常感谢您的耐心等待。"};                          /* other script */
    for (int i = 0; i < 4; i++) {
        kb_practice_turn t = {.attempt_id = aid, .turn = i + 1, .customer = "c",
                              .answer = answers[i], .input = "typed", .score = i == 1 ? 20 : 90,
                              .fatal = i == 2, .passed = i != 1 && i != 2,
                              .asked_at = 1, .answered_at = 2, .answer_ms = 1000};
        assert_int_equal(kb_practice_turn_save(kb, &t), KB_OK);
    }
    struct kefu_ctx ctx = {.user = "mei", .kb = kb, .lang = "en"};
    a11y_complete_t *c = a11y_complete_new();
    session_io_load_history(&ctx, c, "en");
    assert_int_equal(a11y_complete_texts(c), 1);
    struct a11y_completion a;
    assert_true(a11y_complete_auto(c, "Thanks a million f", 2, &a));
    assert_string_equal(a.insert, "or bearing ");   /* the passed answer's word */
    a11y_completion_clear(&a);
    a11y_complete_free(c);
    c = a11y_complete_new();
    session_io_load_history(&ctx, c, "zh");
    assert_int_equal(a11y_complete_texts(c), 1);
    a11y_complete_free(c);
    kb_close(kb);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(t_corpus_leaves_out_customers_and_forbidden),
    cmocka_unit_test(t_history_of_own_answers),
};
KEFU_TEST_GROUP(a11y_corpus, tests, NULL, NULL)
