/* test_search_rank.c -- kefu's own ranking (search_rank.c) and the query
 * additions of search_expand.c: typo corrections and English word pairs. */
#include "harness.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kb_int.h"
#include "kb_search.h"
#include "search_int.h"
#include "test_store_library_util.h"

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

struct list {
    char buf[512];
    size_t len;
};

static void collect(void *arg, const char *tok, size_t n)
{
    struct list *l = arg;
    if (l->len + n + 2 > sizeof l->buf)
        return;
    if (l->len)
        l->buf[l->len++] = '|';
    memcpy(l->buf + l->len, tok, n);
    l->len += n;
    l->buf[l->len] = '\0';
}

/* Options under which kefu_rank must compute exactly FTS5's bm25(). */
static struct kb_search_opts plain_bm25(void)
{
    struct kb_search_opts o = kb_search_defaults;
    o.syn_weight = 1.0;
    o.uni_weight = 1.0;
    o.group_max = false;
    o.bm25f = false;
    o.typo_weight = 0;
    o.pair_weight = 0;
    o.family_weight = 0;
    o.k1 = 1.2;
    o.b = 0.75;
    o.rerank = -1;
    return o;
}

/* The two-phase scoring with every row re-scored at its real length is
 * FTS5's bm25: same entries, same order, same scores. */
static void t_rank_is_bm25(void **state)
{
    kb_t *kb = *state;
    static const char *const queries[] = {
        "杯子收到是坏的", "where is my parcel", "invoice company 发票", "主管 supervisor",
        "退货 7天", "物流 快递 订单",
    };
    for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
        struct kb_search_opts ours = plain_bm25(), fts = plain_bm25();
        fts.fts5_bm25 = true;
        kb_hit *a = NULL, *b = NULL;
        size_t na = 0, nb = 0;
        assert_int_equal(kb_search_opt(kb, queries[q], NULL, 10, &ours, &a, &na), KB_OK);
        assert_int_equal(kb_search_opt(kb, queries[q], NULL, 10, &fts, &b, &nb), KB_OK);
        assert_true(na > 0);
        assert_int_equal(na, nb);
        for (size_t i = 0; i < na; i++) {
            if (strcmp(a[i].slug, b[i].slug) || fabs(a[i].score - b[i].score) >
                1e-9 * fabs(b[i].score) + 1e-12)
                fail_msg("'%s' rank %zu: kefu_rank %s %.12g, bm25 %s %.12g", queries[q], i,
                         a[i].slug, a[i].score, b[i].slug, b[i].score);
        }
        kb_hits_free(a, na);
        kb_hits_free(b, nb);
    }
}

/* A thesaurus synonym weighs syn_weight: a query that matches only through
 * synonyms ("fapiao" is in no entry; 发票 and invoice are) scores exactly
 * that share of what it scores at weight 1. */
static void t_rank_synonym_weight(void **state)
{
    kb_t *kb = *state;
    struct kb_search_opts full = plain_bm25(), half = plain_bm25();
    half.syn_weight = 0.5;
    kb_hit *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    assert_int_equal(kb_search_opt(kb, "fapiao", NULL, 5, &full, &a, &na), KB_OK);
    assert_int_equal(kb_search_opt(kb, "fapiao", NULL, 5, &half, &b, &nb), KB_OK);
    assert_true(na > 0 && nb == na);
    assert_string_equal(a[0].slug, "invoice-request");
    assert_string_equal(b[0].slug, "invoice-request");
    assert_true(fabs(b[0].score - 0.5 * a[0].score) < 1e-9 * a[0].score);
    kb_hits_free(a, na);
    kb_hits_free(b, nb);
}

/* Fewer rows re-scored at their real length: still every row, in the
 * order of the scores. */
static void t_rank_rerank_few(void **state)
{
    kb_t *kb = *state;
    struct kb_search_opts o = kb_search_defaults;
    o.rerank = 1;
    kb_hit *h = NULL;
    size_t n = 0;
    assert_int_equal(kb_search_opt(kb, "订单 物流 快递 退货 发票", NULL, 10, &o, &h, &n), KB_OK);
    assert_true(n >= 3);
    for (size_t i = 1; i < n; i++)
        assert_true(h[i - 1].score >= h[i].score);
    kb_hits_free(h, n);
}

/* Misspelt English words become the index's term one edit away (two for
 * long words); known words, short words and near-function words do not. */
static void t_typo_fix(void **state)
{
    kb_t *kb = *state;
    struct list l = {.len = 0};
    assert_int_equal(kb_typo_fix(kb, "the cup arived brokn, wher is my invoice", collect, &l),
                     KB_OK);
    assert_string_equal(l.buf, "arriv|broken");
    l.len = 0;
    l.buf[0] = '\0';
    assert_int_equal(kb_typo_fix(kb, "compnay invoce 发票", collect, &l), KB_OK);
    assert_string_equal(l.buf, "compani|invoic");

    /* an index from before lib_df listed every English word: no fixes */
    assert_int_equal(sqlite3_exec(kb->db, "DELETE FROM lib_meta WHERE key = 'lib_df_words'",
                                  NULL, NULL, NULL), SQLITE_OK);
    l.len = 0;
    l.buf[0] = '\0';
    assert_int_equal(kb_typo_fix(kb, "compnay invoce", collect, &l), KB_OK);
    assert_string_equal(l.buf, "");
    assert_int_equal(sqlite3_exec(kb->db, "INSERT INTO lib_meta(key, value)"
                                  " VALUES ('lib_df_words', '1')", NULL, NULL, NULL),
                     SQLITE_OK);

    /* a query whose only word is misspelt finds nothing without it */
    struct kb_search_opts o = kb_search_defaults;
    kb_hit *h = NULL;
    size_t n = 0;
    o.typo_weight = 0;
    assert_int_equal(kb_search_opt(kb, "invoce", NULL, 5, &o, &h, &n), KB_OK);
    assert_int_equal(n, 0);
    kb_hits_free(h, n);
    o.typo_weight = 0.7;
    assert_int_equal(kb_search_opt(kb, "invoce", NULL, 5, &o, &h, &n), KB_OK);
    assert_true(n > 0);
    assert_string_equal(h[0].slug, "invoice-request");
    kb_hits_free(h, n);
}

/* Neighbouring English words pair up across function words, not across
 * Chinese. */
static void t_word_pairs(void **state)
{
    (void)state;
    struct list l = {.len = 0};
    assert_int_equal(kb_word_pairs("gift wrap the box 礼物 card", collect, &l), KB_OK);
    assert_string_equal(l.buf, "gift wrap|wrap box");
    l.len = 0;
    l.buf[0] = '\0';
    assert_int_equal(kb_word_pairs("退款 refund", collect, &l), KB_OK);
    assert_string_equal(l.buf, "");
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(t_rank_is_bm25),
    cmocka_unit_test(t_rank_synonym_weight),
    cmocka_unit_test(t_rank_rerank_few),
    cmocka_unit_test(t_typo_fix),
    cmocka_unit_test(t_word_pairs),
};
KEFU_TEST_GROUP(kb_search_rank, tests, setup, teardown)
