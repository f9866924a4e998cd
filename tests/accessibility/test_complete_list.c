/* test_complete_list.c -- the list of offers kept in view
 * (a11y_complete_list, input.offer_list) and its keystroke model
 * (A11Y_KSR_LIST), counted by hand (ACCESSIBILITY.md 20). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "complete.h"

static a11y_complete_t *library(void)
{
    static const char *const t[] = {
        "Sorry for the delay.", "Sorry for the inconvenience.", "Sorry for the wait.",
        "Thanks for your order.", "给您带来不便，非常抱歉。", "给您带来不便，请谅解。",
        "给您添麻烦了。", NULL};
    a11y_complete_t *c = a11y_complete_new();
    assert_non_null(c);
    for (size_t i = 0; t[i]; i++)
        assert_int_equal(a11y_complete_add(c, t[i], false), 0);
    return c;
}

/* out[0..n) as "a|b|c", freeing them */
static char *joined(struct a11y_completion *o, size_t n)
{
    static char buf[512];
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(buf, "|");
        strcat(buf, o[i].insert);
        a11y_completion_clear(&o[i]);
    }
    return buf;
}

static void t_list_ranks_words_and_phrases(void **state)
{
    (void)state;
    a11y_complete_t *c = library();
    struct a11y_completion o[A11Y_COMPLETE_MAX];
    /* the next word: three equally likely, each before a full stop in the
     * corpus, so without a space after it */
    size_t n = a11y_complete_list(c, "Sorry for the ", o, 5);
    assert_string_equal(joined(o, n), "delay|inconvenience|wait");
    /* max is respected */
    n = a11y_complete_list(c, "Sorry for the ", o, 2);
    assert_string_equal(joined(o, n), "delay|inconvenience");
    /* the phrase every place agrees on first, then the word with the space
     * after it ("for" is always followed by a word) */
    n = a11y_complete_list(c, "Sorry f", o, 5);
    assert_string_equal(joined(o, n), "or the |or ");
    /* a whole word typed: the next word with the space before it */
    n = a11y_complete_list(c, "Sorry", o, 5);
    assert_string_equal(joined(o, n), " for the | for ");
    /* nothing at the start of an answer, nor after a digit (a number is
     * typed digit after digit) */
    assert_int_equal(a11y_complete_list(c, "", o, 5), 0);
    assert_int_equal(a11y_complete_list(c, "Sorry 12", o, 5), 0);
    /* Chinese: the character n-gram's pieces, all following "给您" */
    n = a11y_complete_list(c, "给您", o, 5);
    assert_int_equal(n, 5);
    for (size_t i = 0; i < n; i++) {
        assert_true(strncmp(o[i].insert, "带", 3) == 0 || strncmp(o[i].insert, "添", 3) == 0);
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(o[i].insert, o[j].insert);    /* de-duplicated */
    }
    joined(o, n);
    /* a snippet abbreviation: its expansion, replacing it */
    char err[64];
    assert_int_equal(a11y_complete_snippet(c, "/qj", "Sorry!", err, sizeof err), 0);
    n = a11y_complete_list(c, "ok /qj", o, 5);
    assert_int_equal(n, 1);
    assert_int_equal(o[0].erase, 3);
    assert_string_equal(joined(o, n), "Sorry!");
    a11y_complete_free(c);
}

/* Order and tracking numbers begin with capitals ("TB20260318001"): a
 * list after "TB" would make the next digit take an offer ("TB" + 2 gave
 * "TB the" in practice), so none is listed there, as after a digit. */
static void t_list_none_after_code_prefix(void **state)
{
    (void)state;
    static const char *const t[] = {"Order TB20260318001 has shipped.", "TBD later today.",
                                    "The tbd list.", "Thanks a lot.", NULL};
    a11y_complete_t *c = a11y_complete_new();
    assert_non_null(c);
    for (size_t i = 0; t[i]; i++)
        assert_int_equal(a11y_complete_add(c, t[i], false), 0);
    struct a11y_completion o[A11Y_COMPLETE_MAX];
    assert_int_equal(a11y_complete_list(c, "Order TB", o, 5), 0);
    assert_int_equal(a11y_complete_list(c, "TB", o, 5), 0);
    assert_int_equal(a11y_complete_list(c, "see SF", o, 5), 0);
    /* one capital, a capital then small letters, small letters: listed */
    size_t n = a11y_complete_list(c, "Order T", o, 5);
    assert_true(n > 0);
    joined(o, n);
    n = a11y_complete_list(c, "Th", o, 5);
    assert_true(n > 0);
    joined(o, n);
    n = a11y_complete_list(c, "The tb", o, 5);
    assert_true(n > 0);
    joined(o, n);
    a11y_complete_free(c);
}

/* A fake engine for the keystroke model: after "a" it lists "bc " and "x";
 * otherwise one offer, "zz". */
static size_t fake_list(void *arg, const char *typed, struct a11y_completion *out, size_t max)
{
    (void)arg;
    size_t n = strlen(typed), m = 0;
    if (n && typed[n - 1] == 'a') {
        out[m++] = (struct a11y_completion){strdup("bc "), 0, 0};
        if (max > 1)
            out[m++] = (struct a11y_completion){strdup("x"), 0, 0};
    } else {
        out[m++] = (struct a11y_completion){strdup("zz"), 0, 0};
    }
    return m;
}

static void t_ksr_list_hand_counted(void **state)
{
    (void)state;
    /* "abc 1a2": 'a' typed (no list at the start); the digit takes "bc "
     * (1 key for 3 characters); at "abc " one offer is listed, so the 1
     * needs Escape first; after the 1 no list, 'a' typed; at "abc 1a" two
     * offers are listed, so the 2 needs Escape too. */
    struct a11y_ksr k = {.list = fake_list};
    a11y_ksr_type(NULL, "abc 1a2", A11Y_KSR_WORDS, A11Y_KSR_LIST, 5, &k);
    assert_int_equal(k.chars, 7);
    assert_int_equal(k.keys_typed, 4);      /* a 1 a 2 */
    assert_int_equal(k.keys_choose, 3);     /* the digit, two Escapes */
    assert_int_equal(k.choices, 1);
    assert_true(fabs(a11y_ksr_value(&k)) < 1e-9);
    /* with one offer listed at "abc 1a", a 2 chooses nothing: no Escape */
    struct a11y_ksr one = {.list = fake_list};
    a11y_ksr_type(NULL, "abc 1a2", A11Y_KSR_WORDS, A11Y_KSR_LIST, 1, &one);
    assert_int_equal(one.keys_typed, 4);
    assert_int_equal(one.keys_choose, 2);
    /* an offer of one character saves nothing: "x" is typed */
    struct a11y_ksr x = {.list = fake_list};
    a11y_ksr_type(NULL, "ax", A11Y_KSR_WORDS, A11Y_KSR_LIST, 5, &x);
    assert_int_equal(x.keys_typed, 2);
    assert_int_equal(x.keys_choose, 0);
    /* taken only when it is exactly what comes next: "bc" without the
     * space is not "bc " */
    struct a11y_ksr e = {.list = fake_list};
    a11y_ksr_type(NULL, "abc", A11Y_KSR_WORDS, A11Y_KSR_LIST, 5, &e);
    assert_int_equal(e.keys_typed, 3);
    assert_int_equal(e.choices, 0);
}

/* The real engine: on the library above, "Sorry for the wait." costs
 * S (typed), 1 ("orry for the "), 3 ("wait"), "." typed: 4 keys for 19
 * characters; the single automatic offer needs more. */
static void t_ksr_list_beats_single_offer(void **state)
{
    (void)state;
    a11y_complete_t *c = library();
    struct a11y_ksr l = {0}, a = {0};
    a11y_ksr_type(c, "Sorry for the wait.", A11Y_KSR_PHRASES, A11Y_KSR_LIST, 5, &l);
    assert_int_equal(l.keys_typed, 2);
    assert_int_equal(l.keys_choose, 2);
    assert_int_equal(l.chars, 19);
    a11y_ksr_type(c, "Sorry for the wait.", A11Y_KSR_PHRASES, A11Y_KSR_AUTO, 5, &a);
    assert_true(a.keys_typed + a.keys_choose > 4);
    a11y_complete_free(c);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(t_list_ranks_words_and_phrases),
    cmocka_unit_test(t_list_none_after_code_prefix),
    cmocka_unit_test(t_ksr_list_hand_counted),
    cmocka_unit_test(t_ksr_list_beats_single_offer),
};
KEFU_TEST_GROUP(a11y_complete_list, tests, NULL, NULL)
