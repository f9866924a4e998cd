/* test_textnorm.c -- kb_normalize() on real examples: full-width forms,
 * Traditional characters, mixed Chinese/English, numerals, broken UTF-8. */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include "kb.h"
#include "textnorm.h"

static void expect_norm(const char *in, unsigned flags, const char *want)
{
    char *out = NULL;
    assert_int_equal(kb_normalize(in, strlen(in), flags, &out), KB_OK);
    assert_non_null(out);
    assert_string_equal(out, want);
    free(out);
}

static void t_fullwidth(void **state)
{
    (void)state;
    expect_norm("ＴＢ２０２４０３１５００１", KB_NORM_NFKC, "TB20240315001");
    expect_norm("ＴＢ２０２４", KB_NORM_NFKC | KB_NORM_CASEFOLD, "tb2024");
    /* the ideographic space is white space after NFKC */
    expect_norm("退款\xe3\x80\x80进度", KB_NORM_NFKC, "退款 进度");
    /* full-width punctuation folds too, and STRIP removes it */
    expect_norm("你好，请问！", KB_NORM_NFKC, "你好,请问!");
    expect_norm("你好，请问！", KB_NORM_NFKC | KB_NORM_STRIP, "你好请问");
    /* without NFKC the full-width form is kept */
    expect_norm("ＴＢ", KB_NORM_CASEFOLD, "ｔｂ");
}

static void t_traditional(void **state)
{
    (void)state;
    expect_norm("訂單", KB_NORM_T2S, "订单");
    expect_norm("退貨", KB_NORM_T2S, "退货");
    expect_norm("我的包裹還沒到，怎麼辦？", KB_NORM_T2S, "我的包裹还没到，怎么办？");
    expect_norm("訂單號碼 TB123 退貨", KB_NORM_ALL, "订单号码tb123退货");
    /* Simplified text is left alone */
    expect_norm("订单退货", KB_NORM_T2S, "订单退货");
    assert_null(kb_textnorm_t2s_error());
}

static void t_mixed(void **state)
{
    (void)state;
    expect_norm("我想 Refund 我的 ORDER", KB_NORM_NFKC | KB_NORM_CASEFOLD,
                "我想 refund 我的 order");
    expect_norm("Ｒｅｆｕｎｄ 退貨 please!", KB_NORM_ALL, "refund退货please");
    expect_norm("Straße", KB_NORM_CASEFOLD, "strasse");
}

static void t_numerals(void **state)
{
    (void)state;
    unsigned f = KB_NORM_NUMERALS;
    expect_norm("三个工作日", f, "3个工作日");
    expect_norm("一二三", f, "123");
    expect_norm("十五", f, "15");
    expect_norm("两", f, "2");
    expect_norm("两件", f, "2件");
    expect_norm("二十五天", f, "25天");
    expect_norm("一百零五元", f, "105元");
    expect_norm("三万五千", f, "35000");
    expect_norm("七天无理由退货", f, "7天无理由退货");
    /* a unit alone at the start is a word, not a number */
    expect_norm("千万不要", f, "千万不要");
    /* digits the other way stay digits; without the flag nothing changes */
    expect_norm("3个工作日", f, "3个工作日");
    expect_norm("三个工作日", KB_NORM_NFKC, "三个工作日");
    /* full-width digits and Chinese numerals meet in the middle */
    expect_norm("７天", KB_NORM_ALL, "7天");
    expect_norm("七天", KB_NORM_ALL, "7天");
}

static void t_bad_input(void **state)
{
    (void)state;
    char *out = NULL;
    /* invalid bytes become U+FFFD; NUL becomes a space; never a crash */
    const char bad[] = {'a', (char)0xff, (char)0xc3, 'b', '\0', 'c'};
    assert_int_equal(kb_normalize(bad, sizeof bad, KB_NORM_ALL & ~KB_NORM_STRIP, &out),
                     KB_OK);
    assert_string_equal(out, "a\xef\xbf\xbd\xef\xbf\xbd" "b c");
    free(out);
    /* a lone surrogate encoded in UTF-8 is invalid too (one U+FFFD a byte) */
    assert_int_equal(kb_normalize("\xed\xa0\x80", 3, KB_NORM_ALL, &out), KB_OK);
    assert_string_equal(out, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
    free(out);
    /* empty and NULL-with-zero-length are fine and give "" */
    assert_int_equal(kb_normalize("", 0, KB_NORM_ALL, &out), KB_OK);
    assert_string_equal(out, "");
    free(out);
    assert_int_equal(kb_normalize(NULL, 0, KB_NORM_ALL, &out), KB_OK);
    assert_string_equal(out, "");
    free(out);
    assert_int_equal(kb_normalize(NULL, 3, KB_NORM_ALL, &out), KB_INVALID);
    assert_null(out);
    /* only punctuation strips to nothing */
    expect_norm("，。！？ ...", KB_NORM_ALL, "");
    /* a long run of numerals does not overflow */
    char longrun[3 * 200 + 1];
    for (int i = 0; i < 200; i++)
        memcpy(longrun + 3 * i, "九", 3);
    longrun[600] = '\0';
    assert_int_equal(kb_normalize(longrun, 600, KB_NORM_NUMERALS, &out), KB_OK);
    assert_int_equal(strlen(out), 200);
    free(out);
    expect_norm("九万九千九万九千九万九千九万九千九万九千", KB_NORM_NUMERALS,
                "九万九千九万九千九万九千九万九千九万九千");
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(t_fullwidth),   cmocka_unit_test(t_traditional),
    cmocka_unit_test(t_mixed),       cmocka_unit_test(t_numerals),
    cmocka_unit_test(t_bad_input),
};
KEFU_TEST_GROUP(kb_textnorm, tests, NULL, NULL)
