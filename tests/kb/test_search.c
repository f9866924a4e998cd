/* test_search.c -- the "kefu" tokenizer and kb_search: Chinese, English,
 * Traditional, full-width and mixed queries, tier filters, bad queries. */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include "kb_int.h"
#include "kb_search.h"
#include "search_int.h"
#include "test_store_library_util.h"

/* ------------------------------------------------------------ tokenizer */

struct toks {
    char buf[1024];
    size_t len;
};

static void tok_join(void *arg, const char *tok, size_t n)
{
    struct toks *t = arg;
    if (t->len + n + 2 >= sizeof t->buf)
        return;
    if (t->len)
        t->buf[t->len++] = ' ';
    memcpy(t->buf + t->len, tok, n);
    t->len += n;
    t->buf[t->len] = '\0';
}

static void expect_tokens(const char *text, bool query, const char *want)
{
    struct toks t = {.len = 0};
    t.buf[0] = '\0';
    assert_int_equal(kb_tokenize(text, strlen(text), query, tok_join, &t), KB_OK);
    assert_string_equal(t.buf, want);
}

static void t_tokenizer_cjk(void **state)
{
    (void)state;
    /* document: unigrams with colocated bigrams */
    expect_tokens("破损", false, "破 破损 损");
    expect_tokens("收到商品", false, "收 收到 到 到商 商 商品 品");
    /* query: the bigrams a phrase must match, or the lone unigram */
    expect_tokens("收到商品", true, "收到 到商 商品");
    expect_tokens("破", true, "破");
    /* Traditional and full-width meet their plain forms */
    expect_tokens("訂單", false, "订 订单 单");
    expect_tokens("ＴＢ１２３", false, "tb123");
    /* numerals become digits, which split from the CJK run */
    expect_tokens("七天", false, "7 天");
}

static void t_tokenizer_english(void **state)
{
    (void)state;
    expect_tokens("Refunds REFUNDED refunding", false, "refund refund refund");
    expect_tokens("Where is my parcel?", false, "parcel");
    expect_tokens("where's the order", true, "order");
    /* mixed scripts split at the boundary */
    expect_tokens("我要refund", false, "我 我要 要 refund");
    /* a 10 KB "word" is cut, not a crash */
    char *big = malloc(10001);
    memset(big, 'x', 10000);
    big[10000] = '\0';
    struct toks t = {.len = 0};
    assert_int_equal(kb_tokenize(big, 10000, false, tok_join, &t), KB_OK);
    assert_int_equal(t.len, 64);
    free(big);
    /* invalid UTF-8 is survivable */
    expect_tokens("a\xff\xfe退", false, "退");   /* U+FFFD is no word */
}

/* ---------------------------------------------------------------- search */

static int setup(void **state)
{
    *state = kbt_open_with_library();
    return 0;
}

static int teardown(void **state)
{
    kb_close(*state);
    return 0;
}

static void expect_top(kb_t *kb, const char *query, const char *tier, const char *slug)
{
    kb_hit *h = NULL;
    size_t n = 0;
    int rc = kb_search(kb, query, tier, 5, &h, &n);
    if (rc != KB_OK)
        fail_msg("search '%s': %s", query, kb_errmsg(kb));
    if (n == 0 || strcmp(h[0].slug, slug) != 0)
        fail_msg("search '%s': expected %s first, got %s", query, slug,
                 n ? h[0].slug : "nothing");
    for (size_t i = 1; i < n; i++)
        assert_true(h[i - 1].score >= h[i].score);
    assert_true(h[0].score > 0);
    kb_hits_free(h, n);
}

static void t_search_zh(void **state)
{
    kb_t *kb = *state;
    expect_top(kb, "杯子收到是坏的", NULL, "damaged-item");
    expect_top(kb, "快递到哪了", NULL, "order-status");
    expect_top(kb, "发票", NULL, "invoice-request");
    expect_top(kb, "我要找你们主管", NULL, "escalate-supervisor");
    /* a typo (破顺 for 破损) still leaves enough unigrams to find it */
    expect_top(kb, "商品破顺了", NULL, "damaged-item");
}

static void t_search_en(void **state)
{
    kb_t *kb = *state;
    expect_top(kb, "my parcel has no update", NULL, "order-status");
    expect_top(kb, "INVOICES for my company", NULL, "invoice-request");
    expect_top(kb, "the cup arrived smashed", NULL, "damaged-item");
    expect_top(kb, "returns within 7 days", NULL, "policy-7day-return");
    /* the slug's words are indexed too */
    expect_top(kb, "escalate", NULL, "escalate-supervisor");
}

static void t_search_traditional_fullwidth_mixed(void **state)
{
    kb_t *kb = *state;
    expect_top(kb, "能開發票嗎", NULL, "invoice-request");
    expect_top(kb, "訂單物流查詢", NULL, "order-status");
    expect_top(kb, "ＩＮＶＯＩＣＥ", NULL, "invoice-request");
    expect_top(kb, "主管　ｓｕｐｅｒｖｉｓｏｒ", NULL, "escalate-supervisor");
    expect_top(kb, "杯子 broken 了 refund", NULL, "damaged-item");
    /* Chinese numerals and digits meet */
    expect_top(kb, "7天无理由退货", NULL, "policy-7day-return");
    expect_top(kb, "七天退貨", NULL, "policy-7day-return");
}

static void t_search_tier(void **state)
{
    kb_t *kb = *state;
    kb_hit *h = NULL;
    size_t n = 0;
    assert_int_equal(kb_search(kb, "主管", "basic", 5, &h, &n), KB_OK);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(h[i].tier, "basic");
    kb_hits_free(h, n);
    expect_top(kb, "主管", "advanced", "escalate-supervisor");
    expect_top(kb, "退货", "policy", "policy-7day-return");
    assert_int_equal(kb_search(kb, "退货", "policy", 5, &h, &n), KB_OK);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].kind, "policy");
    assert_string_equal(h[0].tier, "policy");
    kb_hits_free(h, n);
    assert_int_equal(kb_search(kb, "退货", "expert", 5, &h, &n), KB_INVALID);
}

static void t_search_limits_and_bad_queries(void **state)
{
    kb_t *kb = *state;
    kb_hit *h = NULL;
    size_t n = 7;
    assert_int_equal(kb_search(kb, "", NULL, 5, &h, &n), KB_INVALID);
    assert_null(h);
    assert_int_equal(n, 0);
    assert_int_equal(kb_search(kb, "  \t ", NULL, 5, &h, &n), KB_INVALID);
    assert_int_equal(kb_search(kb, "\xe3\x80\x80", NULL, 5, &h, &n), KB_INVALID);
    assert_int_equal(kb_search(kb, NULL, NULL, 5, &h, &n), KB_INVALID);
    char *big = malloc(KB_QUERY_MAX + 2);
    memset(big, 'a', KB_QUERY_MAX + 1);
    big[KB_QUERY_MAX + 1] = '\0';
    assert_int_equal(kb_search(kb, big, NULL, 5, &h, &n), KB_INVALID);
    assert_non_null(strstr(kb_errmsg(kb), "4096"));
    big[KB_QUERY_MAX] = '\0';      /* exactly at the limit is fine */
    assert_int_equal(kb_search(kb, big, NULL, 5, &h, &n), KB_OK);
    kb_hits_free(h, n);
    free(big);
    /* punctuation and function words only: found nothing, not an error */
    assert_int_equal(kb_search(kb, "？！。,,,", NULL, 5, &h, &n), KB_OK);
    assert_int_equal(n, 0);
    assert_int_equal(kb_search(kb, "the of and", NULL, 5, &h, &n), KB_OK);
    assert_int_equal(n, 0);
    /* FTS5 syntax in a query is just text */
    assert_int_equal(kb_search(kb, "\"发票\" OR NEAR(a b) * ^col:x", NULL, 5, &h, &n), KB_OK);
    assert_true(n >= 1);
    kb_hits_free(h, n);
    assert_int_equal(kb_search(kb, "a\xff\xfe\xc3发票", NULL, 5, &h, &n), KB_OK);
    kb_hits_free(h, n);
    /* limit */
    assert_int_equal(kb_search(kb, "的 了 我 你 吗 亲 order", NULL, 2, &h, &n), KB_OK);
    assert_true(n <= 2);
    kb_hits_free(h, n);
    assert_int_equal(kb_search(kb, "发票", NULL, 0, &h, &n), KB_INVALID);
    assert_int_equal(kb_search(kb, "没有这种东西的查询词汇龘", NULL, 5, &h, &n), KB_OK);
    kb_hits_free(h, n);
}

/* ------------------------------------------------- large-library pruning */

static void collect(void *arg, const char *tok, size_t n)
{
    struct toks *t = arg;
    if (t->len + n + 2 > sizeof t->buf)
        return;
    if (t->len)
        t->buf[t->len++] = '|';
    memcpy(t->buf + t->len, tok, n);
    t->len += n;
    t->buf[t->len] = '\0';
}

/* Expansions come out normalised as a query is (一 -> 1), so that pruning
 * judges their cost by the tokens FTS5 will really read. */
static void t_thesaurus_normalised(void **state)
{
    (void)state;
    struct toks t = {.len = 0};
    assert_int_equal(kb_thesaurus_expand("换货", collect, &t), KB_OK);
    if (!strstr(t.buf, "换1") || strstr(t.buf, "换一"))
        fail_msg("expansion of 换货: %s", t.buf);
    /* the terms are written normalised, so loading them skips OpenCC */
    assert_int_equal(kb_thesaurus_unnormalised(), 0);
}

/* Pruning as in a large library, made to apply to the built-in one. */
static void t_search_pruned(void **state)
{
    kb_t *kb = *state;
    struct kb_search_stats st;
    struct kb_search_opts o = kb_search_defaults;
    kb_hit *h = NULL;
    size_t n = 0;
    o.prune_min = 1;
    o.stats = &st;

    /* a roomy budget keeps every piece (up to max_pieces), ORed */
    o.prune_budget = 1000000;
    o.max_pieces = 0;
    assert_int_equal(kb_search_opt(kb, "the cup arrived smashed", NULL, 5, &o, &h, &n),
                     KB_OK);
    assert_false(st.and2);
    assert_int_equal(st.pieces, st.pieces_in);
    assert_true(n > 0 && !strcmp(h[0].slug, "damaged-item"));
    kb_hits_free(h, n);

    /* when the two rarest pieces exceed the budget, only they are kept and
     * ANDed: every hit has both, so there are fewer than with OR */
    size_t n_or = n;
    o.prune_budget = 1;
    assert_int_equal(kb_search_opt(kb, "the cup arrived smashed", NULL, 5, &o, &h, &n),
                     KB_OK);
    assert_true(st.and2);
    assert_int_equal(st.pieces, 2);
    assert_true(st.pieces_in > 2);
    assert_true(n <= n_or);
    kb_hits_free(h, n);
    o.max_pieces = 12;
    o.prune_budget = 1;
    /* an AND of two pieces no entry shares finds nothing, cleanly */
    assert_int_equal(kb_search_opt(kb, "龘 齉", NULL, 5, &o, &h, &n), KB_OK);
    assert_int_equal(n, 0);
    kb_hits_free(h, n);
}

static const struct CMUnitTest tok_tests[] = {
    cmocka_unit_test(t_tokenizer_cjk),
    cmocka_unit_test(t_tokenizer_english),
    cmocka_unit_test(t_thesaurus_normalised),
};
KEFU_TEST_GROUP(kb_tokenizer, tok_tests, NULL, NULL)

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(t_search_zh),
    cmocka_unit_test(t_search_en),
    cmocka_unit_test(t_search_traditional_fullwidth_mixed),
    cmocka_unit_test(t_search_tier),
    cmocka_unit_test(t_search_limits_and_bad_queries),
    cmocka_unit_test(t_search_pruned),
};
KEFU_TEST_GROUP(kb_search, tests, setup, teardown)
