/* test_progress.c -- picking scenarios for a trainee and the tier rule
 * (practice_plan.h) on a small parsed library and hand-made histories. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "practice_plan.h"

static const char lib_text[] =
    "scenario: a1\ntier: basic\ncategory: order\ntitle: A1\ntitle@en: A1\n"
    "customer: 在吗\nexpect 100 g: 您好\n\n"
    "scenario: a2\ntier: basic\ncategory: order\ntitle: A2\ntitle@en: A2\n"
    "customer: 在吗\nexpect 100 g: 您好\n\n"
    "scenario: b1\ntier: basic\ncategory: shipping\ntitle: B1\ntitle@en: B1\n"
    "customer: 在吗\nexpect 100 g: 您好\n\n"
    "scenario: c1\ntier: basic\ncategory: payment\ntitle: C1\ntitle@en: C1\n"
    "customer: 在吗\nexpect 100 g: 您好\n\n"
    "scenario: x1\ntier: intermediate\ncategory: after-sales\ntitle: X1\ntitle@en: X1\n"
    "customer: 在吗\nexpect 100 g: 您好\n";

static int setup(void **state)
{
    kb_library *lib = NULL;
    kb_diags d;
    kb_diags_init(&d);
    if (kb_library_new(&lib) != KB_OK ||
        kb_parse_buffer(lib, "t.kefu", lib_text, sizeof lib_text - 1, &d) != KB_OK ||
        kb_library_finish(lib, &d) != KB_OK) {
        for (size_t i = 0; i < d.count; i++) {
            char *l = kb_diag_format(&d.items[i]);
            print_error("%s\n", l);
            free(l);
        }
        kb_diags_free(&d);
        kb_library_free(lib);
        return -1;
    }
    kb_diags_free(&d);
    *state = lib;
    return 0;
}

static int teardown(void **state)
{
    kb_library_free(*state);
    return 0;
}

static kb_practice_result R(const char *slug, const char *cat, int score)
{
    kb_practice_result r = {.scenario = (char *)slug, .tier = "basic", .category = (char *)cat,
                            .score = score};
    return r;
}

static void t_pick_unseen_round_robin(void **state)
{
    const kb_scenario **v = NULL;
    size_t n = 0;
    assert_int_equal(practice_pick(*state, KB_TIER_BASIC, NULL, 0, 3, &v, &n), 0);
    assert_int_equal(n, 3);
    /* one per category first, in library order: a1 (order), b1, c1; a2 later */
    assert_string_equal(v[0]->slug, "a1");
    assert_string_equal(v[1]->slug, "b1");
    assert_string_equal(v[2]->slug, "c1");
    free(v);
    /* only the asked tier */
    assert_int_equal(practice_pick(*state, KB_TIER_INTERMEDIATE, NULL, 0, 5, &v, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(v[0]->slug, "x1");
    free(v);
}

static void t_pick_unseen_then_weakest(void **state)
{
    kb_practice_result hist[] = {R("a1", "order", 90), R("b1", "shipping", 40),
                                 R("c1", "payment", 70)};
    const kb_scenario **v = NULL;
    size_t n = 0;
    assert_int_equal(practice_pick(*state, KB_TIER_BASIC, hist, 3, 4, &v, &n), 0);
    assert_int_equal(n, 4);
    assert_string_equal(v[0]->slug, "a2");      /* the only unseen one */
    assert_string_equal(v[1]->slug, "b1");      /* weakest category: shipping 40 */
    assert_string_equal(v[2]->slug, "c1");      /* payment 70 */
    assert_string_equal(v[3]->slug, "a1");      /* order 90 */
    free(v);
}

static void t_tier_rule(void **state)
{
    struct practice_tier_status st;
    kb_practice_result hist[12];
    /* nine good scenarios: not yet ten */
    for (int i = 0; i < 9; i++)
        hist[i] = R(i % 3 == 0 ? "a1" : i % 3 == 1 ? "b1" : "c1",
                    i % 3 == 0 ? "order" : i % 3 == 1 ? "shipping" : "payment", 90);
    practice_tier_status(*state, KB_TIER_BASIC, hist, 9, &st);
    assert_int_equal(st.counted, 9);
    assert_false(st.passed);
    hist[9] = R("a2", "order", 85);
    practice_tier_status(*state, KB_TIER_BASIC, hist, 10, &st);
    assert_int_equal(st.counted, 10);
    assert_int_equal(st.categories, 3);
    assert_int_equal(st.tried, 3);
    assert_true(st.mean >= 80);
    assert_true(st.passed);
    /* only the last ten count: two poor ones push the mean under 80 */
    hist[10] = R("b1", "shipping", 20);
    hist[11] = R("c1", "payment", 30);
    practice_tier_status(*state, KB_TIER_BASIC, hist, 12, &st);
    assert_int_equal(st.counted, 10);
    assert_true(st.mean < 80);
    assert_false(st.passed);
    /* ten good ones in one category only: a category untried */
    for (int i = 0; i < 10; i++)
        hist[i] = R("a1", "order", 100);
    practice_tier_status(*state, KB_TIER_BASIC, hist, 10, &st);
    assert_int_equal(st.mean, 100);
    assert_int_equal(st.tried, 1);
    assert_non_null(st.untried);
    assert_false(st.passed);
    assert_int_equal(practice_next_tier(KB_TIER_BASIC), KB_TIER_INTERMEDIATE);
    assert_int_equal(practice_next_tier(KB_TIER_ADVANCED), KB_TIER_NONE);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(t_pick_unseen_round_robin),
    cmocka_unit_test(t_pick_unseen_then_weakest),
    cmocka_unit_test(t_tier_rule),
};
KEFU_TEST_GROUP(assistant_progress, tests, setup, teardown)
