/* test_lm.c -- the n-gram estimator against values computed by hand, the
 * distributions summing to one, and the ARPA file as PocketSphinx reads it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pocketsphinx.h>
#include <sphinxbase/ngram_model.h>

#include "harness.h"
#include "lm.h"

#define P(x) log10(x)

static void add(lm_t *lm, const char *sentence)
{
    char buf[256];
    const char *w[32];
    size_t n = 0;
    snprintf(buf, sizeof buf, "%s", sentence);
    for (char *t = strtok(buf, " "); t; t = strtok(NULL, " "))
        w[n++] = t;
    assert_int_equal(lm_add_sentence(lm, w, n), LM_OK);
}

static double lp(lm_t *lm, const char *hist, const char *word)
{
    char buf[128];
    const char *h[8];
    size_t n = 0;
    snprintf(buf, sizeof buf, "%s", hist);
    for (char *t = strtok(buf, " "); t; t = strtok(NULL, " "))
        h[n++] = t;
    return lm_log10prob(lm, h, n, word);
}

/* Bigram model of "a b", "a b", "b" -- the data are too few for modified
 * discounts, so both orders use one discount D = n1/(n1+2 n2).
 *
 * Unigram continuation counts: a {<s>} = 1, b {a, <s>} = 2, </s> {b} = 1;
 * n1 = 2, n2 = 1 -> D = 2/4 = 0.5; total 4; gamma = (0.5*2 + 0.5*1)/4 =
 * 0.375; |V| = 3 (a, b, </s>):
 *   p(a) = 0.5/4 + 0.375/3 = 0.25, p(b) = 1.5/4 + 0.125 = 0.5, p(</s>) = 0.25.
 * Bigram raw counts: <s> a 2, <s> b 1, a b 2, b </s> 3; n1 = 1, n2 = 2 ->
 * D = 1/5 = 0.2.
 *   history <s>: total 3, gamma = 0.2*2/3; p(a|<s>) = 1.8/3 + 0.4/3*0.25 =
 *   0.633333; p(b|<s>) = 0.8/3 + 0.4/3*0.5 = 0.333333; p(</s>|<s>) =
 *   0.4/3*0.25 = 0.033333 (backed off).
 *   history a: total 2, gamma 0.1; p(b|a) = 1.8/2 + 0.1*0.5 = 0.95;
 *   p(a|a) = 0.1*0.25 = 0.025 (backed off).
 *   history b: total 3, gamma 0.2/3; p(</s>|b) = 2.8/3 + 0.2/3*0.25 = 0.95. */
static void t_bigram_by_hand(void **state)
{
    (void)state;
    lm_t *lm = NULL;
    assert_int_equal(lm_new(&lm, 2), LM_OK);
    add(lm, "a b");
    add(lm, "a b");
    add(lm, "b");
    assert_int_equal(lm_estimate(lm), LM_OK);
    double d[3];
    assert_int_equal(lm_discounts(lm, 1, d), 1);
    assert_float_equal(d[0], 0.5, 1e-12);
    assert_int_equal(lm_discounts(lm, 2, d), 1);
    assert_float_equal(d[0], 0.2, 1e-12);
    assert_float_equal(lp(lm, "", "a"), P(0.25), 1e-9);
    assert_float_equal(lp(lm, "", "b"), P(0.5), 1e-9);
    assert_float_equal(lp(lm, "", "</s>"), P(0.25), 1e-9);
    assert_float_equal(lp(lm, "<s>", "a"), P(1.8 / 3 + 0.4 / 3 * 0.25), 1e-9);
    assert_float_equal(lp(lm, "<s>", "b"), P(0.8 / 3 + 0.4 / 3 * 0.5), 1e-9);
    assert_float_equal(lp(lm, "<s>", "</s>"), P(0.4 / 3 * 0.25), 1e-9);
    assert_float_equal(lp(lm, "a", "b"), P(0.95), 1e-9);
    assert_float_equal(lp(lm, "a", "a"), P(0.025), 1e-9);
    assert_float_equal(lp(lm, "b", "</s>"), P(0.95), 1e-9);
    assert_true(lp(lm, "", "zebra") <= -99);
    assert_int_equal(lm_vocab_size(lm), 2);
    assert_int_equal(lm_ngram_count(lm, 2), 4);
    lm_free(lm);
}

/* Unigram model of one sentence with counts a1 b2 c3 d4 e5 f1 </s>1:
 * n1 = 3, n2 = 1, n3 = 1, n4 = 1; Y = 3/5 = 0.6;
 * D1 = 1 - 2*0.6*1/3 = 0.6, D2 = 2 - 3*0.6*1/1 = 0.2, D3+ = 3 - 4*0.6 = 0.6.
 * Total 17; gamma = (0.6*3 + 0.2*1 + 0.6*3)/17 = 3.8/17; |V| = 7:
 *   p(e) = 4.4/17 + 3.8/119, p(b) = 1.8/17 + 3.8/119, p(a) = 0.4/17 + 3.8/119. */
static void t_modified_discounts_by_hand(void **state)
{
    (void)state;
    lm_t *lm = NULL;
    assert_int_equal(lm_new(&lm, 1), LM_OK);
    add(lm, "a b b c c c d d d d e e e e e f");
    assert_int_equal(lm_estimate(lm), LM_OK);
    double d[3];
    assert_int_equal(lm_discounts(lm, 1, d), 0);
    assert_float_equal(d[0], 0.6, 1e-12);
    assert_float_equal(d[1], 0.2, 1e-12);
    assert_float_equal(d[2], 0.6, 1e-12);
    assert_float_equal(lp(lm, "", "e"), P(4.4 / 17 + 3.8 / 119), 1e-9);
    assert_float_equal(lp(lm, "", "b"), P(1.8 / 17 + 3.8 / 119), 1e-9);
    assert_float_equal(lp(lm, "", "a"), P(0.4 / 17 + 3.8 / 119), 1e-9);
    assert_float_equal(lp(lm, "x y", "</s>"), P(0.4 / 17 + 3.8 / 119), 1e-9);
    lm_free(lm);
}

/* Trigram continuation counts: in "x a b", "y a b", "a b" the bigram "a b"
 * has left extensions {x, y, <s>}: 3, not its raw count 3 by accident --
 * add "a b" once more so raw is 4 but the continuation count stays 3. */
static void t_continuation_counts(void **state)
{
    (void)state;
    lm_t *lm = NULL;
    assert_int_equal(lm_new(&lm, 3), LM_OK);
    add(lm, "x a b");
    add(lm, "y a b");
    add(lm, "a b");
    add(lm, "a b");
    assert_int_equal(lm_estimate(lm), LM_OK);
    /* unigram "a": preceded by x, y, <s> -> 3; "b": preceded by a -> 1;
     * x {<s>} 1, y {<s>} 1, </s> {b} 1. n1 = 4, n2 = 0 -> D = Y = 1.
     * Y = n1/(n1+2 n2) = 1 is out of (0,1): the fallback is 0.5. */
    double d[3];
    assert_int_equal(lm_discounts(lm, 1, d), 1);
    assert_float_equal(d[0], 0.5, 1e-12);
    /* total 3+1+1+1+1 = 7; gamma = (0.5*4 + 0.5*1)/7 = 2.5/7; |V| = 5 */
    assert_float_equal(lp(lm, "", "a"), P(2.5 / 7 + 2.5 / 35), 1e-9);
    assert_float_equal(lp(lm, "", "b"), P(0.5 / 7 + 2.5 / 35), 1e-9);
    lm_free(lm);
}

static int add_cb(void *arg, const char *const *words, size_t n)
{
    return lm_add_sentence(arg, words, n) != LM_OK;
}

static const char domain_text[] =
    "Where is my order? It should have arrived yesterday. I am sorry, "
    "let me look up your order. Your refund will arrive in 3 days. "
    "Can I return the shoes? Yes, you can return them within seven days. "
    "The order arrived damaged. I am sorry, I will send a new one today.";

/* Every history's distribution over the vocabulary sums to one. */
static void t_sums_to_one(void **state)
{
    (void)state;
    lm_t *lm = NULL;
    assert_int_equal(lm_new(&lm, 3), LM_OK);
    assert_int_equal(lm_tokenize(domain_text, add_cb, lm), 8);
    assert_int_equal(lm_estimate(lm), LM_OK);
    size_t v = lm_vocab_size(lm);
    const char *hists[][2] = {{"i", "am"}, {"<s>", "i"}, {"your", "order"},
                              {"zebra", "the"}, {"the", "order"}};
    for (size_t h = 0; h < sizeof hists / sizeof hists[0]; h++) {
        double sum = pow(10, lm_log10prob(lm, hists[h], 2, "</s>"));
        for (size_t i = 0; i < v; i++)
            sum += pow(10, lm_log10prob(lm, hists[h], 2, lm_vocab_word(lm, i)));
        assert_float_equal(sum, 1.0, 1e-9);
    }
    lm_free(lm);
}

static int collect_cb(void *arg, const char *const *words, size_t n)
{
    char *out = arg;
    for (size_t i = 0; i < n; i++) {
        strcat(out, words[i]);
        strcat(out, i + 1 < n ? " " : "|");
    }
    return 0;
}

static void t_tokenize(void **state)
{
    (void)state;
    char out[512] = "";
    int n = lm_tokenize("Order #4027 won't ship; 50% off & FREE!\nSecond line", collect_cb, out);
    assert_int_equal(n, 3);
    assert_string_equal(out, "order four zero two seven won't ship|fifty percent off and "
                             "free|second line|");
}

/* Numbers as a trainee says them; identifiers digit by digit. */
static void t_tokenize_numbers(void **state)
{
    (void)state;
    static const struct { const char *in, *want; } cases[] = {
        {"within 48 hours", "within forty eight hours|"},
        {"199 yuan, 1,200 points", "one hundred ninety nine yuan one thousand two hundred points|"},
        {"0 to 7 days or 10, 13 and 20", "zero to seven days or ten thirteen and twenty|"},
        {"2026 and 9999", "two thousand twenty six and nine thousand nine hundred ninety nine|"},
        {"3.5 kg. Next", "three point five kg|next|"},
        {"order TB20260318001 now", "order tb two zero two six zero three one eight zero zero one now|"},
        {"call 12345 or 07", "call one two three four five or zero seven|"},
        {"iPhone15 at 8pm", "iphone one five at eight pm|"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[512] = "";
        assert_true(lm_tokenize(cases[i].in, collect_cb, out) > 0);
        assert_string_equal(out, cases[i].want);
    }
}

/* The ARPA file as PocketSphinx reads it gives the same probabilities. */
static void t_arpa_read_by_pocketsphinx(void **state)
{
    (void)state;
    lm_t *lm = NULL;
    assert_int_equal(lm_new(&lm, 3), LM_OK);
    assert_true(lm_tokenize(domain_text, add_cb, lm) > 0);
    char path[] = "/tmp/kefu-test-lm-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(lm_write_arpa_file(lm, path), LM_OK);
    logmath_t *lmath = logmath_init(1.0001, 0, 0);
    ngram_model_t *m = ngram_model_read(NULL, path, NGRAM_ARPA, lmath);
    unlink(path);
    assert_non_null(m);
    const char *cases[][3] = {{"i", "am", "sorry"}, {"your", "order", "will"},
                              {"the", "shoes", "yes"}, {"order", "arrived", "damaged"},
                              {"<s>", "where", "is"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        /* ngram_score applies the language weight: compare the raw value */
        const char *words[3] = {cases[i][2], cases[i][1], cases[i][0]};
        double raw = logmath_log_to_log10(lmath, ngram_prob(m, words, 3));
        assert_float_equal(raw, lm_log10prob(lm, cases[i], 2, cases[i][2]), 2e-3);
    }
    ngram_model_free(m);
    logmath_free(lmath);
    lm_free(lm);
}

static void t_bad_input(void **state)
{
    (void)state;
    lm_t *lm = NULL;
    assert_int_equal(lm_new(&lm, 9), LM_INVALID);
    assert_non_null(strstr(lm_errmsg(lm), "order"));
    lm_free(lm);
    assert_int_equal(lm_new(&lm, 3), LM_OK);
    assert_int_equal(lm_estimate(lm), LM_INVALID);      /* nothing to estimate */
    const char *bad[] = {"a", "<s>"};
    assert_int_equal(lm_add_sentence(lm, bad, 2), LM_INVALID);
    lm_free(lm);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(t_bigram_by_hand),
    cmocka_unit_test(t_modified_discounts_by_hand),
    cmocka_unit_test(t_continuation_counts),
    cmocka_unit_test(t_sums_to_one),
    cmocka_unit_test(t_tokenize),
    cmocka_unit_test(t_tokenize_numbers),
    cmocka_unit_test(t_arpa_read_by_pocketsphinx),
    cmocka_unit_test(t_bad_input),
};
KEFU_TEST_GROUP(voice_lm, tests, NULL, NULL)
