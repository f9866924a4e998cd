/* test_complete.c -- phrase completion, snippets and the keystroke-savings
 * count (ACCESSIBILITY.md 20). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "complete.h"

static a11y_complete_t *corpus(const char *const *texts)
{
    a11y_complete_t *c = a11y_complete_new();
    assert_non_null(c);
    for (size_t i = 0; texts[i]; i++)
        assert_int_equal(a11y_complete_add(c, texts[i], false), 0);
    return c;
}

static void t_offers_follow_context(void **state)
{
    (void)state;
    const char *t[] = {"Sorry for the delay.", "Sorry for the inconvenience.",
                       "Sorry about that!", "Thanks for the feedback.", NULL};
    a11y_complete_t *c = corpus(t);
    struct a11y_completion o[A11Y_COMPLETE_MAX];
    size_t n = a11y_complete_offer(c, "Sorry f", o, 5);
    assert_true(n >= 2);
    bool delay = false, inconv = false;
    for (size_t i = 0; i < n; i++) {
        /* completes a word that starts with "f" */
        assert_true(strncmp(o[i].insert, "or", 2) == 0 || strcmp(o[i].insert, "eedback.") == 0);
        assert_int_equal(o[i].erase, 0);
        delay |= strcmp(o[i].insert, "or the delay.") == 0;
        inconv |= strcmp(o[i].insert, "or the inconvenience.") == 0;
        a11y_completion_clear(&o[i]);
    }
    assert_true(delay && inconv);
    /* nothing typed yet: the ways answers start */
    n = a11y_complete_offer(c, "", o, 5);
    assert_true(n >= 2);
    for (size_t i = 0; i < n; i++) {
        assert_true(strncmp(o[i].insert, "Sorry", 5) == 0 || strncmp(o[i].insert, "Thanks", 6) == 0);
        a11y_completion_clear(&o[i]);
    }
    /* an unknown word and no prefix: nothing (anything would be noise) */
    assert_int_equal(a11y_complete_offer(c, "zebra ", o, 5), 0);
    a11y_complete_free(c);
}

static void t_auto_offer_consensus_and_own_answers(void **state)
{
    (void)state;
    const char *t[] = {"Thanks for waiting.", NULL};
    a11y_complete_t *c = corpus(t);
    struct a11y_completion a;
    /* one place: its next word (with the space a word predictor adds);
     * one place is weak evidence for the full stop after it */
    assert_true(a11y_complete_auto(c, "Thanks for ", 2, &a));
    assert_string_equal(a.insert, "waiting ");
    a11y_completion_clear(&a);
    /* the trainee's own answers weigh double: now they win the vote, and
     * two votes carry the offer a word further */
    assert_int_equal(a11y_complete_add(c, "Thanks for your patience.", true), 0);
    assert_true(a11y_complete_auto(c, "Thanks for ", 2, &a));
    assert_string_equal(a.insert, "your patience ");
    a11y_completion_clear(&a);
    /* a single character is never offered on its own */
    assert_false(a11y_complete_auto(c, "Thanks for your patience", 2, &a));
    a11y_complete_free(c);
}

/* An offer's first word takes the case its place in the answer needs. */
static void t_offer_case_follows_the_sentence(void **state)
{
    (void)state;
    const char *t[] = {"Hello! sorry for the delay.", "Hello! sorry about that.",
                       "Sorry for the wait.", "We are so sorry.", NULL};
    a11y_complete_t *c = corpus(t);
    struct a11y_completion a;
    assert_true(a11y_complete_auto(c, "Hello! ", 2, &a));     /* a sentence starts */
    assert_true(strncmp(a.insert, "Sorry", 5) == 0);
    a11y_completion_clear(&a);
    assert_true(a11y_complete_auto(c, "I am so ", 2, &a));    /* in the middle */
    assert_true(strncmp(a.insert, "sorry", 5) == 0);
    a11y_completion_clear(&a);
    a11y_complete_free(c);
}

/* A fake general-language model: a few words; "umbrella" likelier after
 * "an", "weather" after "the". */
static const char *const fake_words[] = {"umbrella", "umbrage", "weather", "wedding", "an",
                                         "the", "i", NULL};
static int fake_released;
static const char *fake_word(void *arg, size_t i) { (void)arg; return fake_words[i]; }
static double fake_logprob(void *arg, const char *const *hist, size_t nhist, const char *w)
{
    (void)arg;
    const char *prev = nhist ? hist[nhist - 1] : "";
    if (strcmp(prev, "an") == 0 && strcmp(w, "umbrella") == 0)
        return -0.1;
    if (strcmp(prev, "the") == 0 && strcmp(w, "weather") == 0)
        return -0.2;
    return strcmp(w, "wedding") == 0 ? -1.0 : -2.0;
}
static void fake_release(void *arg) { (void)arg; fake_released++; }

static void t_general_word_model(void **state)
{
    (void)state;
    const char *t[] = {"Sorry for the delay.", "We are sorry about the weekend.", NULL};
    a11y_complete_t *c = corpus(t);
    struct a11y_completion a;
    assert_false(a11y_complete_has_lm(c));
    assert_false(a11y_complete_auto(c, "Take an umb", 2, &a));     /* no such word */
    struct a11y_complete_lm lm = {7, fake_word, fake_logprob, fake_release, NULL};
    fake_released = 0;
    assert_int_equal(a11y_complete_set_lm(c, &lm), 0);
    assert_true(a11y_complete_has_lm(c));
    /* a word only the general model knows, chosen by its context */
    assert_true(a11y_complete_auto(c, "Take an umb", 2, &a));
    assert_string_equal(a.insert, "rella ");
    a11y_completion_clear(&a);
    assert_true(a11y_complete_auto(c, "Nice for the we", 2, &a));
    assert_string_equal(a.insert, "ekend ");    /* the corpus knows a "we..." word here */
    a11y_completion_clear(&a);
    assert_true(a11y_complete_auto(c, "Lovely wed", 2, &a));
    assert_string_equal(a.insert, "ding ");
    a11y_completion_clear(&a);
    a11y_complete_free(c);
    assert_int_equal(fake_released, 1);         /* released once, with the engine */
    /* a bad model is refused and still released */
    c = a11y_complete_new();
    struct a11y_complete_lm bad = {7, fake_word, NULL, fake_release, NULL};
    assert_int_equal(a11y_complete_set_lm(c, &bad), -1);
    assert_int_equal(fake_released, 2);
    a11y_complete_free(c);
}

static void t_placeholders_never_offered(void **state)
{
    (void)state;
    const char *t[] = {"I've checked order {order.id}: it shipped today.", NULL};
    a11y_complete_t *c = corpus(t);
    struct a11y_completion a;
    assert_true(a11y_complete_auto(c, "I've checked ", 2, &a));
    assert_null(strchr(a.insert, '{'));
    assert_string_equal(a.insert, "order ");   /* a whole word takes its space */
    a11y_completion_clear(&a);
    a11y_complete_free(c);
}

/* Chinese: a piece the longer context never goes on with is not offered
 * ("题" after "请问", from the library's many "问题"), and a punctuation
 * mark alone is never an offer (it is one key to type). */
static void t_chinese_longer_context_decides(void **state)
{
    (void)state;
    a11y_complete_t *c = a11y_complete_new();
    for (int i = 0; i < 10; i++)
        assert_int_equal(a11y_complete_add(c, "这个问题很简单。", false), 0);
    assert_int_equal(a11y_complete_add(c, "请问有什么可以帮您？", false), 0);
    assert_int_equal(a11y_complete_add(c, "请问您的订单号是多少？", false), 0);
    assert_int_equal(a11y_complete_add(c, "请问是哪一件商品？", false), 0);
    struct a11y_completion a;
    if (a11y_complete_auto(c, "您好，请问", 2, &a)) {
        assert_true(strncmp(a.insert, "题", strlen("题")) != 0);
        a11y_completion_clear(&a);
    }
    struct a11y_completion o[A11Y_COMPLETE_MAX];
    size_t n = a11y_complete_list(c, "您好，请问", o, 9);
    assert_true(n >= 3);        /* 有, 您, 是 ... */
    for (size_t i = 0; i < n; i++) {
        assert_true(strncmp(o[i].insert, "题", strlen("题")) != 0);
        a11y_completion_clear(&o[i]);
    }
    /* "很简单" then "。" everywhere: never the full stop alone */
    n = a11y_complete_list(c, "这个问题很简单", o, 9);
    for (size_t i = 0; i < n; i++) {
        assert_string_not_equal(o[i].insert, "。");
        a11y_completion_clear(&o[i]);
    }
    if (a11y_complete_auto(c, "这个问题很简单", 2, &a)) {
        assert_string_not_equal(a.insert, "。");
        a11y_completion_clear(&a);
    }
    a11y_complete_free(c);
}

static void t_chinese_by_character(void **state)
{
    (void)state;
    const char *t[] = {"非常抱歉给您带来不便。", "亲，您好！", NULL};
    a11y_complete_t *c = corpus(t);
    struct a11y_completion a;
    /* one place: the next character (worth several pinyin keys), not a
     * long guess */
    assert_true(a11y_complete_auto(c, "真的非常抱", 2, &a));
    assert_string_equal(a.insert, "歉");
    a11y_completion_clear(&a);
    /* three places agree: two characters */
    assert_int_equal(a11y_complete_add(c, "真的非常抱歉给您带来不便。", false), 0);
    assert_int_equal(a11y_complete_add(c, "实在非常抱歉给您带来不便。", false), 0);
    assert_true(a11y_complete_auto(c, "真的非常抱", 2, &a));
    assert_string_equal(a.insert, "歉给");
    a11y_completion_clear(&a);
    /* a phrase the library says a dozen times: most of it */
    for (int i = 0; i < 9; i++)
        assert_int_equal(a11y_complete_add(c, "非常抱歉给您带来不便。", false), 0);
    assert_true(a11y_complete_auto(c, "真的非常抱", 2, &a));
    assert_true(strlen(a.insert) >= strlen("歉给您带"));
    assert_true(strncmp(a.insert, "歉给您带", strlen("歉给您带")) == 0);
    a11y_completion_clear(&a);
    /* after two characters of a phrase with many witnesses, its rest */
    assert_true(a11y_complete_auto(c, "给您", 2, &a));
    assert_true(strncmp(a.insert, "带来", strlen("带来")) == 0);
    a11y_completion_clear(&a);
    /* places that disagree: what most of them share, or nothing */
    assert_int_equal(a11y_complete_add(c, "非常抱怨。", false), 0);
    assert_true(a11y_complete_auto(c, "非常抱", 2, &a));
    assert_true(strncmp(a.insert, "歉", strlen("歉")) == 0);
    a11y_completion_clear(&a);
    assert_int_equal(a11y_offer_word("歉给您带来不便。"), strlen("歉给您带"));
    assert_int_equal(a11y_offer_word(" sorry for that"), strlen(" sorry"));
    a11y_complete_free(c);
}

static void t_snippets(void **state)
{
    (void)state;
    char err[256];
    a11y_complete_t *c = a11y_complete_new();
    assert_int_equal(a11y_complete_snippet(c, "/qj", "非常抱歉给您带来不便。", err, sizeof err), 0);
    assert_int_equal(a11y_complete_snippet(c, "/qx", "Sorry!", err, sizeof err), 0);
    assert_int_equal(a11y_complete_snippet(c, "qj", "x", err, sizeof err), -1);
    assert_non_null(strstr(err, "must be '/'"));
    assert_int_equal(a11y_complete_snippet(c, "/q j", "x", err, sizeof err), -1);
    assert_int_equal(a11y_complete_snippet(c, "/ok", "", err, sizeof err), -1);
    assert_string_equal(a11y_complete_snippet_get(c, "/qj"), "非常抱歉给您带来不便。");
    struct a11y_completion o[A11Y_COMPLETE_MAX];
    /* an exact abbreviation: one offer that replaces it */
    assert_int_equal(a11y_complete_offer(c, "亲，/qj", o, 5), 1);
    assert_int_equal(o[0].erase, 3);
    assert_int_equal(o[0].context, -1);
    assert_string_equal(o[0].insert, "非常抱歉给您带来不便。");
    a11y_completion_clear(&o[0]);
    /* a prefix of two: both */
    assert_int_equal(a11y_complete_offer(c, "/q", o, 5), 2);
    a11y_completion_clear(&o[0]);
    a11y_completion_clear(&o[1]);
    const char *ab, *tx;
    assert_true(a11y_complete_snippet_at(c, 1, &ab, &tx));
    assert_string_equal(ab, "/qx");
    assert_false(a11y_complete_snippet_at(c, 2, &ab, &tx));
    a11y_complete_free(c);
}

static void t_ksr_hand_counted(void **state)
{
    (void)state;
    const char *t[] = {"I'm so sorry for the delay.", NULL};
    a11y_complete_t *c = corpus(t);
    struct a11y_ksr k = {0};
    /* one place, so each word after the next counts half (offer_auto.c,
     * consensus): I (typed), Tab "'m " (a whole word takes the space after
     * it), Tab "so sorry ", Tab "for ", ` takes "the" of "the delay ",
     * Tab " delay ", which is wrong (a full stop follows), so ` takes
     * " delay", "." typed -- 2 typed + 5 chosen for 27 characters */
    a11y_ksr_type(c, "I'm so sorry for the delay.", A11Y_KSR_PHRASES, A11Y_KSR_AUTO, 5, &k);
    assert_int_equal(k.chars, 27);
    assert_int_equal(k.keys_typed, 2);
    assert_int_equal(k.keys_choose, 5);
    assert_int_equal(k.choices, 5);
    assert_true(fabs(a11y_ksr_value(&k) - (1.0 - 7.0 / 27.0)) < 1e-9);
    /* nothing to predict from: every character typed, KSR 0 */
    a11y_complete_t *empty = a11y_complete_new();
    struct a11y_ksr z = {0};
    a11y_ksr_type(empty, "你好，世界", A11Y_KSR_PHRASES, A11Y_KSR_AUTO, 5, &z);
    assert_int_equal(z.chars, 5);          /* characters, not bytes */
    assert_int_equal(z.keys_typed, 5);
    assert_true(fabs(a11y_ksr_value(&z)) < 1e-9);
    /* a wasted Tab costs a key under the per-word policy */
    struct a11y_ksr w = {0};
    a11y_ksr_type(empty, "ab cd", A11Y_KSR_PHRASES, A11Y_KSR_PER_WORD, 5, &w);
    assert_int_equal(w.keys_typed, 5);
    assert_int_equal(w.keys_choose, 2);
    struct a11y_ksr none = {0};
    assert_true(a11y_ksr_value(&none) == 0.0);
    a11y_complete_free(empty);
    a11y_complete_free(c);
}

static void t_baseline_completes_words_only(void **state)
{
    (void)state;
    const char *t[] = {"refund refund replacement", NULL};
    a11y_complete_t *c = corpus(t);
    struct a11y_completion o[A11Y_COMPLETE_MAX];
    size_t n = a11y_complete_words(c, "a re", o, 5);
    assert_int_equal(n, 2);
    assert_string_equal(o[0].insert, "fund ");         /* most frequent first, */
    assert_string_equal(o[1].insert, "placement ");    /* with the space after */
    a11y_completion_clear(&o[0]);
    a11y_completion_clear(&o[1]);
    assert_int_equal(a11y_complete_words(c, "a ", o, 5), 0);   /* no prefix, no offer */
    a11y_complete_free(c);
}

static void t_hidden_text_never_offered(void **state)
{
    (void)state;
    const char *t[] = {"Sorry for the delay, I'll refund you today.",
                       "Sorry for the wait.", NULL};
    a11y_complete_t *c = corpus(t);
    struct a11y_completion o[A11Y_COMPLETE_MAX], a;
    assert_int_equal(a11y_complete_hide(c, t[0]), 1);
    /* neither a list, nor the automatic offer, nor the start of an answer
     * gives the hidden text (or any piece of it) away */
    const char *typed[] = {"", "Sorry for the d", "Sorry for the delay, I", NULL};
    for (size_t k = 0; typed[k]; k++) {
        size_t n = a11y_complete_offer(c, typed[k], o, 9);
        for (size_t i = 0; i < n; i++) {
            assert_null(strstr(o[i].insert, "refund"));
            assert_null(strstr(o[i].insert, "delay"));
            a11y_completion_clear(&o[i]);
        }
        if (a11y_complete_auto(c, typed[k], 1, &a)) {
            assert_null(strstr(a.insert, "refund"));
            a11y_completion_clear(&a);
        }
    }
    /* the rest of the corpus still works */
    size_t n = a11y_complete_offer(c, "Sorry for the w", o, 9);
    assert_true(n >= 1);
    for (size_t i = 0; i < n; i++)
        a11y_completion_clear(&o[i]);
    /* NULL shows it again */
    assert_int_equal(a11y_complete_hide(c, NULL), 0);
    n = a11y_complete_offer(c, "Sorry for the d", o, 9);
    bool found = false;
    for (size_t i = 0; i < n; i++) {
        found |= strstr(o[i].insert, "elay") != NULL;
        a11y_completion_clear(&o[i]);
    }
    assert_true(found);
    a11y_complete_free(c);
}

static long three_keys(void *arg, const char *s, size_t len)
{
    (void)arg;
    (void)s;
    assert_int_equal(len, 3);      /* one Chinese character, UTF-8 */
    return 3;
}

static void t_ksr_pinyin_cost(void **state)
{
    (void)state;
    /* no help at all: 2 Chinese characters at 3 keys + 1 comma at 1 key */
    a11y_complete_t *empty = a11y_complete_new();
    struct a11y_ksr k = {.cjk_keys = three_keys};
    a11y_ksr_type(empty, "你好，", A11Y_KSR_PHRASES, A11Y_KSR_AUTO, 5, &k);
    assert_int_equal(k.chars, 3);
    assert_int_equal(k.keys_typed, 7);
    assert_int_equal(k.keys_unaided, 7);
    assert_true(fabs(a11y_ksr_value(&k) - (1.0 - 7.0 / 3.0)) < 1e-9);
    assert_true(fabs(a11y_ksr_saved(&k)) < 1e-9);
    a11y_complete_free(empty);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(t_hidden_text_never_offered),
    cmocka_unit_test(t_ksr_pinyin_cost),
    cmocka_unit_test(t_offers_follow_context),
    cmocka_unit_test(t_auto_offer_consensus_and_own_answers),
    cmocka_unit_test(t_placeholders_never_offered),
    cmocka_unit_test(t_offer_case_follows_the_sentence),
    cmocka_unit_test(t_general_word_model),
    cmocka_unit_test(t_chinese_by_character),
    cmocka_unit_test(t_chinese_longer_context_decides),
    cmocka_unit_test(t_snippets),
    cmocka_unit_test(t_ksr_hand_counted),
    cmocka_unit_test(t_baseline_completes_words_only),
};
KEFU_TEST_GROUP(a11y_complete, tests, NULL, NULL)
