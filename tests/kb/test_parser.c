/* test_parser.c -- the scenario format's rules one by one, within one file:
 * each error message with its FILE:LINE:COL, the data model of a clean file,
 * many errors in one pass. Several files together (phrase sets, duplicate
 * slugs, policies, drills, reference files) are test_parser_files.c;
 * byte-level robustness is test_parser_bytes.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_parser_util.h"

static void t_clean_model(void **state)
{
    (void)state;
    struct run *r = run1(
        "# a comment\n"
        "phrases: sorry = 抱歉 | sorry\n"
        "scenario: damaged-item   # trailing comment\n"
        "tier: intermediate\n"
        "category: after-sales\n"
        "title: 收到商品破损\n"
        "title@en: Item arrived damaged\n"
        "order: TB20240315001\n"
        "brief: 买家收到破损商品。\n"
        "brief@en: The buyer got a broken item.\n"
        "\n"
        "customer: 亲，我买的{order.item}收到是坏的\n"
        "customer@en: Hi, the {order.item} arrived broken\n"
        "or: 东西摔碎了\n"
        "or@en: It's smashed\n"
        "    expect 40 empathy: $sorry | 不好意思\n"
        "\texpect 60 resolve: 退款 | refund\n"
        "bonus 10 closing: 还有什么可以帮您\n"
        "forbid: 不关我的事 | not my problem\n"
        "answer: 非常抱歉！\n"
        "answer@en: So sorry!\n"
        "limit: 60s\n"
        "customer: 运费谁出？\n"
        "expect 100 resolve: 运费险\n"
        "answer: 我们承担运费。\n");
    assert_clean(r);
    assert_int_equal(r->rc, KB_OK);
    assert_int_equal(r->lib->n_scenarios, 1);
    const kb_scenario *s = kb_library_scenario(r->lib, "damaged-item");
    assert_non_null(s);
    assert_int_equal(s->tier, KB_TIER_INTERMEDIATE);
    assert_string_equal(s->category, "after-sales");
    assert_string_equal(s->title[KB_LANG_ZH], "收到商品破损");
    assert_string_equal(s->title[KB_LANG_EN], "Item arrived damaged");
    assert_string_equal(s->brief[KB_LANG_EN], "The buyer got a broken item.");
    assert_string_equal(s->order_id, "TB20240315001");
    assert_int_equal(s->line, 3);
    assert_int_equal(s->col, 11);
    assert_int_equal(s->n_turns, 2);
    const kb_turn *t = &s->turns[0];
    assert_int_equal(t->line, 12);
    assert_int_equal(t->n_customers, 2);
    assert_string_equal(t->customers[0].text[KB_LANG_ZH], "亲，我买的{order.item}收到是坏的");
    assert_string_equal(t->customers[0].text[KB_LANG_EN], "Hi, the {order.item} arrived broken");
    assert_string_equal(t->customers[1].text[KB_LANG_EN], "It's smashed");
    assert_int_equal(t->n_rubric, 4);
    assert_int_equal(t->rubric[0].kind, KB_RUBRIC_EXPECT);
    assert_int_equal(t->rubric[0].weight, 40);
    assert_string_equal(t->rubric[0].section, "empathy");
    assert_int_equal(t->rubric[0].n_phrases, 3);          /* $sorry expanded */
    assert_string_equal(t->rubric[0].phrases[0].text, "抱歉");
    assert_int_equal(t->rubric[0].phrases[0].lang, KB_LANG_ZH);
    assert_string_equal(t->rubric[0].phrases[1].text, "sorry");
    assert_int_equal(t->rubric[0].phrases[1].lang, KB_LANG_EN);
    assert_string_equal(t->rubric[0].phrases[2].text, "不好意思");
    assert_int_equal(t->rubric[2].kind, KB_RUBRIC_BONUS);
    assert_int_equal(t->rubric[2].weight, 10);
    assert_int_equal(t->rubric[3].kind, KB_RUBRIC_FORBID);
    assert_null(t->rubric[3].section);
    assert_string_equal(t->rubric[3].phrases[1].text, "not my problem");
    assert_string_equal(t->answer[KB_LANG_EN], "So sorry!");
    assert_int_equal(t->limit_s, 60);
    assert_int_equal(s->turns[1].limit_s, 0);
    assert_null(s->turns[1].answer[KB_LANG_EN]);
    run_free(r);
}

static void t_unknown_keyword(void **state)
{
    (void)state;
    struct run *r = run1(HEAD "  titel: x\nfoo: y\n" TURN);
    assert_diag(r, "t.kefu:6:3: error: unknown keyword 'titel'; did you mean 'title'?");
    assert_diag(r, "t.kefu:7:1: error: unknown keyword 'foo'");   /* not 'or' */
    assert_int_equal(r->d.errors, 2);
    assert_int_equal(r->rc, KB_INVALID);
    run_free(r);
}

static void t_no_keyword_no_colon(void **state)
{
    (void)state;
    struct run *r = run1(HEAD TURN "你好\ncustomer 你好\n");
    assert_diag(r, "t.kefu:9:1: error: this line does not start with a keyword; "
                   "write 'keyword: value', e.g. 'customer: ...'");
    assert_diag(r, "t.kefu:10:10: error: missing ':' after 'customer'");
    run_free(r);
}

static void t_unknown_tier(void **state)
{
    (void)state;
    struct run *r = run1("scenario: s1\ntier: expert\ntitle: t\ntitle@en: t\n"
                         "category: c\n" TURN);
    assert_diag(r, "t.kefu:2:7: error: unknown tier 'expert'; use basic, "
                   "intermediate or advanced");
    assert_int_equal(r->d.errors, 1);     /* not also "has no tier" */
    run_free(r);
}

static void t_bad_slug(void **state)
{
    (void)state;
    struct run *r = run1("scenario: Bad_Slug\ntier: basic\ntitle: t\ntitle@en: t\n"
                         "category: c\n" TURN "scenario:\n");
    assert_diag(r, "t.kefu:1:11: error: bad slug 'Bad_Slug'; a slug uses only a-z, "
                   "0-9 and '-'");
    assert_diag(r, "t.kefu:9:9: error: 'scenario:' needs a slug, e.g. 'scenario: "
                   "damaged-item'");
    /* + the empty one has no tier, title or turns; no "duplicate slug" */
    assert_int_equal(r->d.errors, 5);
    run_free(r);
}

static void t_phrase_set_errors(void **state)
{
    (void)state;
    struct run *r = run1(
        "phrases: a = x | $b\n"
        "phrases: b = $a\n"
        "phrases: a = y\n"
        "phrases: bad name = z\n"
        "phrases: c\n"
        "phrases: d = | w\n"
        "phrases: e =\n"
        HEAD "customer: 你好\nexpect 100 greeting: $nosuch | $bad!\nanswer: 您好\n");
    assert_diag(r, "t.kefu:2:14: error: phrase set '$a' refers to itself");
    assert_diag(r, "t.kefu:3:10: error: phrase set 'a' is already defined at t.kefu:1");
    assert_diag(r, "t.kefu:4:14: error: write a phrase set as 'phrases: NAME = "
                   "phrase | phrase'");
    assert_diag(r, "t.kefu:5:11: error: write a phrase set as 'phrases: NAME = "
                   "phrase | phrase'");
    assert_diag(r, "t.kefu:6:14: error: empty phrase; write a word or phrase "
                   "between the '|' signs");
    assert_diag(r, "t.kefu:7:12: error: phrase set 'e' has no phrases after '='");
    assert_diag(r, "t.kefu:14:22: error: unknown phrase set '$nosuch'; define it "
                   "with 'phrases: nosuch = ... | ...'");
    assert_diag(r, "t.kefu:14:32: error: '$bad!' is not a phrase set name; names "
                   "use letters, digits, '-' and '_'");
    run_free(r);
}

static void t_empty_phrase(void **state)
{
    (void)state;
    struct run *r = run1(HEAD "customer: 你好\nexpect 100 greeting: 您好 | | hi |\n"
                         "forbid:\nanswer: 您好\n");
    assert_diag(r, "t.kefu:7:27: error: empty phrase; write a word or phrase between "
                   "the '|' signs");
    assert_diag(r, "t.kefu:7:32: error: empty phrase; write a word or phrase between "
                   "the '|' signs");
    assert_diag(r, "t.kefu:8:7: error: 'forbid' needs at least one phrase after ':'");
    run_free(r);
}

static void t_placeholders(void **state)
{
    (void)state;
    struct run *r = run1(
        "phrases: track = {order.tracking} | 单号\n"
        HEAD
        "customer: 我的{order.itme}和{order.colour}呢 {order.id\n"
        "expect 100 verify: $track\n"
        "answer: 您的{order.item}已发货\n"
        "policy: p1\ncategory: c\ntitle: 政策\ntitle@en: Policy\n"
        "text: 订单{order.id}可以退\n");
    assert_diag(r, "t.kefu:7:13: error: unknown placeholder {order.itme}; did you "
                   "mean {order.item}?");
    assert_diag(r, "t.kefu:7:26: error: unknown placeholder {order.colour}; the "
                   "placeholders are {order.id}, {order.item}, {order.status} and the "
                   "other {order.*} names of the format");
    assert_diag(r, "t.kefu:7:42: error: unclosed '{'; a placeholder looks like {order.id}");
    /* uses placeholders without order: -- reported once, at the first one */
    assert_diag(r, "t.kefu:9:11: error: scenario 's1' uses {order.item} but has no "
                   "'order:' line naming a practice order");
    assert_diag(r, "t.kefu:8:1: error: the phrase '{order.tracking}' holds a "
                   "placeholder, but scenario 's1' has no order: line");
    assert_diag(r, "t.kefu:14:9: error: a policy cannot use placeholders such as "
                   "{order.id}");
    run_free(r);

    /* every listed placeholder is fine with an order: */
    char buf[2048] = HEAD "order: TB1\ncustomer: ";
    for (const char *const *p = kb_placeholder_names(); *p; p++)
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "{%s} ", *p);
    strcat(buf, "\nexpect 100 verify: {order.id}\nanswer: 好的\n");
    r = run1(buf);
    assert_clean(r);
    run_free(r);

    /* a set defined inside a scenario block is global: its placeholder is no
     * use by that scenario */
    r = run1(HEAD "phrases: t = {order.id} | 单号\n" TURN);
    assert_clean(r);
    run_free(r);
}

static void t_weights(void **state)
{
    (void)state;
    struct run *r = run1(HEAD
        "customer: 一\nexpect 60 a: x\nexpect 50 b: y\nbonus 30 c: z\nanswer: a\n"
        "customer: 二\nexpect 0 a: x\nexpect 100 b: y\nanswer: a\n"
        "customer: 三\nexpect 101 a: x\nexpect abc b: y\nexpect 100: z\nanswer: a\n"
        "customer: 四\nexpect 40 a: x\nbonus 20 c: z\nanswer: a\n"
        "customer: 五\nexpect 100% a: x\nexpect 100 a b: y\nanswer: a\n");
    assert_diag(r, "t.kefu:7:8: error: the expect weights of turn 1 add up to 110; "
                   "they must add up to 100");
    assert_diag(r, "t.kefu:12:8: error: the weight '0' must be a whole number from 1 "
                   "to 100");
    assert_diag(r, "t.kefu:16:8: error: the weight '101' must be a whole number from 1 "
                   "to 100");
    assert_diag(r, "t.kefu:17:8: error: the weight 'abc' must be a whole number from 1 "
                   "to 100");
    assert_diag(r, "t.kefu:18:8: error: 'expect' needs a weight and a section, e.g. "
                   "'expect 20 greeting: ...'");
    assert_diag(r, "t.kefu:21:8: error: the expect weights of turn 4 add up to 40; "
                   "they must add up to 100");
    assert_diag(r, "t.kefu:26:14: error: unexpected text after the section name; "
                   "write 'expect WEIGHT SECTION: phrases'");
    /* turns 2, 3 and 5 have bad weights: no sum is reported for them */
    assert_int_equal(r->d.errors, 7);
    run_free(r);
}

static void t_turn_needs_expect_and_customer(void **state)
{
    (void)state;
    struct run *r = run1(HEAD "expect 100 a: x\nanswer: a\nlimit: 30\n"
                         "customer: 你好\nbonus 10 c: z\nanswer: a\n");
    assert_diag(r, "t.kefu:6:1: error: 'expect' must follow the 'customer:' line of "
                   "its turn");
    assert_diag(r, "t.kefu:7:1: error: 'answer' must follow the 'customer:' line of "
                   "its turn");
    assert_diag(r, "t.kefu:8:1: error: 'limit' must follow the 'customer:' line of "
                   "its turn");
    assert_diag(r, "t.kefu:9:1: error: turn 1 of scenario 's1' has no 'expect' line; "
                   "say what a good answer contains");
    run_free(r);
}

static void t_languages(void **state)
{
    (void)state;
    struct run *r = run1(HEAD "tier@en: basic\ntitle@fr: Titre\n"
                         "customer@en: Hello\n" TURN "or@en: Hi\n"
                         "customer@en: Hello\ncustomer@en: Again\ntitle@zh: 又\n");
    assert_diag(r, "t.kefu:6:5: error: 'tier' has no language versions; remove '@en'");
    assert_diag(r, "t.kefu:7:7: error: unknown language '@fr'; use @zh or @en");
    assert_diag(r, "t.kefu:8:1: error: 'customer@en:' translates the 'customer:' line "
                   "before it; write that line first");
    assert_diag(r, "t.kefu:12:1: error: 'or@en:' translates the 'or:' line before it; "
                   "write that line first");
    assert_diag(r, "t.kefu:14:1: error: the 'customer:' line 9 already has an English "
                   "version");
    assert_diag(r, "t.kefu:15:1: error: duplicate 'title:'; it was already given on "
                   "line 4");
    run_free(r);
}

static void t_limits(void **state)
{
    (void)state;
    const char *ok[] = { "60s", "2m", "90", "1m30s", "5", "600s", "10m" };
    const int secs[] = { 60, 120, 90, 90, 5, 600, 600 };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        char buf[512];
        snprintf(buf, sizeof buf, HEAD TURN "limit: %s\n", ok[i]);
        struct run *r = run1(buf);
        assert_clean(r);
        assert_int_equal(r->lib->scenarios[0].turns[0].limit_s, secs[i]);
        run_free(r);
    }
    struct run *r = run1(HEAD TURN "limit: 4s\n" TURN "limit: 601\n" TURN "limit: 2h\n"
                         TURN "limit: 60s\nlimit: 30s\n" TURN "limit:\n");
    assert_diag(r, "t.kefu:9:8: error: limit 4 s is out of range; it must be 5 to 600 "
                   "seconds");
    assert_diag(r, "t.kefu:13:8: error: limit 601 s is out of range; it must be 5 to "
                   "600 seconds");
    assert_diag(r, "t.kefu:17:8: error: bad limit '2h'; write seconds like '60s' or "
                   "minutes like '2m'");
    assert_diag(r, "t.kefu:22:1: error: duplicate 'limit:'; it was already given on "
                   "line 21");
    assert_diag(r, "t.kefu:26:6: error: 'limit:' needs a value after the ':'");
    assert_int_equal(r->d.errors, 5);
    run_free(r);
}

static void t_outside_blocks(void **state)
{
    (void)state;
    struct run *r = run1("customer: 你好\ntier: basic\ntext: x\n"
                         HEAD TURN "text: 文字\n"
                         "policy: p1\ntitle: 政策\ntitle@en: P\ncategory: c\ntext: 文\n"
                         "tier: basic\ncustomer: 你好\n");
    assert_diag(r, "t.kefu:1:1: error: 'customer:' is outside a scenario; it must "
                   "follow a 'scenario:' line");
    assert_diag(r, "t.kefu:2:1: error: 'tier:' is outside a scenario; it must follow "
                   "a 'scenario:' line");
    assert_diag(r, "t.kefu:3:1: error: 'text:' is outside a scenario; it must follow "
                   "a 'policy:' line");
    assert_diag(r, "t.kefu:12:1: error: 'text:' belongs in a policy, not in scenario "
                   "'s1'");
    assert_diag(r, "t.kefu:18:1: error: 'tier:' is not allowed in a policy (policy "
                   "'p1' starts on line 13)");
    assert_diag(r, "t.kefu:19:1: error: 'customer:' is not allowed in a policy (policy "
                   "'p1' starts on line 13)");
    assert_int_equal(r->d.errors, 6);
    run_free(r);
}

static void t_required_and_single(void **state)
{
    (void)state;
    struct run *r = run1("scenario: s1\ncustomer: 你好\nexpect 100 a: x\n"
                         "scenario: s2\ntier: basic\ntier: advanced\ntitle: t\n"
                         "category: a\ncategory: b\norder: A1\norder: bad order!\n"
                         "brief: b\nbrief: c\n" TURN "answer: again\n");
    assert_diag(r, "t.kefu:1:11: error: scenario 's1' has no 'tier:' line (basic, "
                   "intermediate or advanced)");
    assert_diag(r, "t.kefu:1:11: error: scenario 's1' has no 'title:' line");
    assert_diag(r, "t.kefu:1:11: warning: scenario 's1' has no 'title@en:' line (the "
                   "English title)");
    assert_diag(r, "t.kefu:1:11: warning: scenario 's1' has no 'category:' line; it "
                   "is listed under 'general'");
    assert_diag(r, "t.kefu:2:1: warning: turn 1 of scenario 's1' has no 'answer:' (a "
                   "model answer)");
    assert_diag(r, "t.kefu:6:1: error: duplicate 'tier:'; it was already given on line 5");
    assert_diag(r, "t.kefu:9:1: error: duplicate 'category:'; it was already given on "
                   "line 8");
    assert_diag(r, "t.kefu:11:1: error: duplicate 'order:'; it was already given on "
                   "line 10");
    assert_diag(r, "t.kefu:13:1: error: duplicate 'brief:'; it was already given on "
                   "line 12");
    assert_diag(r, "t.kefu:17:1: error: duplicate 'answer:'; it was already given on "
                   "line 16");
    assert_string_equal(r->lib->scenarios[0].category, "general");
    assert_int_equal(r->lib->scenarios[1].tier, KB_TIER_BASIC);
    run_free(r);

    r = run1("scenario: s3\ntier: basic\ntitle: t\ntitle@en: t\ncategory: c\n"
             "order: no good\n" TURN "scenario: s4\n");
    assert_diag(r, "t.kefu:6:8: error: bad order number 'no good'; use letters, "
                   "digits, '-' and '_' (e.g. TB20240315001)");
    assert_diag(r, "t.kefu:10:11: error: scenario 's4' has no turns; a turn starts "
                   "with a 'customer:' line");
    run_free(r);
}

static void t_unexpected_args(void **state)
{
    (void)state;
    struct run *r = run1(HEAD "customer 1: 你好\nexpect 100 greeting: hi\n"
                         "forbid 10 rude: x\nanswer: a\n");
    assert_diag(r, "t.kefu:6:10: error: unexpected '1' between 'customer' and ':'");
    assert_diag(r, "t.kefu:8:8: error: 'forbid' takes no weight or section; write "
                   "'forbid: phrase | phrase'");
    run_free(r);
}

static void t_many_errors_one_pass(void **state)
{
    (void)state;
    kb_library *lib = NULL;
    kb_diags d;
    kb_diags_init(&d);
    assert_int_equal(kb_library_new(&lib), KB_OK);
    assert_int_equal(kb_parse_file(lib, KEFU_SOURCE_DIR
                                   "/tests/fixtures/scenarios/broken.kefu", &d), KB_OK);
    assert_int_equal(kb_library_finish(lib, &d), KB_INVALID);
    /* broken.kefu marks every wrong line; each is reported, in line order */
    assert_int_equal(d.errors, 20);
    assert_int_equal(d.warnings, 4);
    for (size_t i = 1; i < d.count; i++)
        assert_true(d.items[i - 1].line <= d.items[i].line);
    kb_library_free(lib);
    kb_diags_free(&d);
}

static void t_format(void **state)
{
    (void)state;
    kb_diag dg = { "f.kefu", 3, 7, KB_DIAG_ERROR, "bad" };
    char *s = kb_diag_format(&dg);
    assert_string_equal(s, "f.kefu:3:7: error: bad");
    free(s);
    dg.col = 0;
    dg.severity = KB_DIAG_WARNING;
    s = kb_diag_format(&dg);
    assert_string_equal(s, "f.kefu:3: warning: bad");
    free(s);
    dg.line = 0;
    s = kb_diag_format(&dg);
    assert_string_equal(s, "f.kefu: warning: bad");
    free(s);
    assert_string_equal(kb_tier_name(KB_TIER_ADVANCED), "advanced");
    assert_int_equal(kb_tier_from_name("intermediate"), KB_TIER_INTERMEDIATE);
    assert_int_equal(kb_tier_from_name("Basic"), KB_TIER_NONE);
    assert_true(kb_placeholder_known("order.eta", 9));
    assert_false(kb_placeholder_known("order.et", 8));
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(t_clean_model),
    cmocka_unit_test(t_unknown_keyword),
    cmocka_unit_test(t_no_keyword_no_colon),
    cmocka_unit_test(t_unknown_tier),
    cmocka_unit_test(t_bad_slug),
    cmocka_unit_test(t_phrase_set_errors),
    cmocka_unit_test(t_empty_phrase),
    cmocka_unit_test(t_placeholders),
    cmocka_unit_test(t_weights),
    cmocka_unit_test(t_turn_needs_expect_and_customer),
    cmocka_unit_test(t_languages),
    cmocka_unit_test(t_limits),
    cmocka_unit_test(t_outside_blocks),
    cmocka_unit_test(t_required_and_single),
    cmocka_unit_test(t_unexpected_args),
    cmocka_unit_test(t_many_errors_one_pass),
    cmocka_unit_test(t_format),
};

KEFU_TEST_GROUP(kb_parser, tests, NULL, NULL)
