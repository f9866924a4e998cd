/* test_textsplit.c -- language runs, streaming segments and number reading
 * (voice/textsplit.h), and UTF-8 repair. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "textsplit.h"
#include "tts.h"

/* All segments of text as "zh|...\n" / "en|...\n" lines. Caller frees. */
static char *plan(const char *text, tts_lang first)
{
    tts_split_t *s = NULL;
    assert_int_equal(tts_split_new(&s, text, strlen(text), first), 0);
    size_t cap = 4096, n = 0;
    char *out = calloc(1, cap);
    struct tts_segment seg;
    while (tts_split_next(s, &seg)) {
        size_t k = strlen(seg.text) + 5;
        if (n + k + 1 > cap) {
            cap = (n + k + 1) * 2;
            out = realloc(out, cap);
        }
        n += (size_t)snprintf(out + n, cap - n, "%s|%s\n",
                              seg.lang == TTS_LANG_ZH ? "zh" : "en", seg.text);
    }
    tts_split_free(s);
    return out;
}

static void expect_plan(const char *text, tts_lang first, const char *want)
{
    char *got = plan(text, first);
    assert_string_equal(got, want);
    free(got);
}

static void expect_num(const char *text, tts_lang lang, const char *want)
{
    char *got = tts_numbers(text, strlen(text), lang);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void t_runs_done_when_sentence(void **state)
{
    (void)state;
    expect_plan("您好，请问有什么可以帮您？Your order 12345 has shipped.", TTS_LANG_OTHER,
                "zh|您好，请问有什么可以帮您？\n"
                "en|Your order 1 2 3 4 5 has shipped.\n");
}

static void t_runs_switch_back_and_forth(void **state)
{
    (void)state;
    expect_plan("订单号TB20260215001，已发货", TTS_LANG_OTHER,
                "zh|订单号\n"
                "en|T B 2 0 2 6 0 2 1 5 0 0 1，\n"
                "zh|已发货\n");
    /* neutral text at the start goes with the run after it */
    expect_plan("12345 订单", TTS_LANG_OTHER, "zh|幺二三四五 订单\n");
    /* no letters at all: the caller's language decides */
    expect_plan("12345", TTS_LANG_ZH, "zh|幺二三四五\n");
    expect_plan("12345", TTS_LANG_OTHER, "en|1 2 3 4 5\n");
    /* punctuation alone is not spoken */
    expect_plan("。。。 ...", TTS_LANG_OTHER, "");
    expect_plan("", TTS_LANG_OTHER, "");
}

static void t_fullwidth_digits_fold(void **state)
{
    (void)state;
    expect_plan("订单１２３４５", TTS_LANG_OTHER, "zh|订单幺二三四五\n");
}

static void t_long_text_streams_in_small_segments(void **state)
{
    (void)state;
    /* 1 MB of mixed text: every segment is small and together they cover
     * the input exactly, in order */
    const char *unit = "客户说：我的订单还没到。The parcel left on Monday, it should arrive soon. ";
    size_t ulen = strlen(unit), total = 0, reps = (1 << 20) / ulen;
    char *text = malloc(ulen * reps + 1);
    for (size_t i = 0; i < reps; i++)
        memcpy(text + i * ulen, unit, ulen);
    text[ulen * reps] = '\0';
    tts_split_t *s = NULL;
    assert_int_equal(tts_split_new(&s, text, ulen * reps, TTS_LANG_OTHER), 0);
    struct tts_segment seg;
    size_t next = 0, count = 0, biggest = 0;
    while (tts_split_next(s, &seg)) {
        assert_true(seg.src_off >= next);
        next = seg.src_off + seg.src_len;
        total += seg.src_len;
        if (seg.src_len > biggest)
            biggest = seg.src_len;
        count++;
    }
    tts_split_free(s);
    assert_int_equal(next, ulen * reps);
    assert_true(count >= 2 * reps);          /* a run per language per unit */
    assert_true(biggest <= 2100);
    free(text);

    /* one language for a whole megabyte still comes in pieces */
    size_t big = 1 << 20;
    text = malloc(big + 1);
    for (size_t i = 0; i < big; i++)
        text[i] = (i % 7 == 6) ? ' ' : 'a';
    text[big] = '\0';
    assert_int_equal(tts_split_new(&s, text, big, TTS_LANG_OTHER), 0);
    biggest = 0;
    count = 0;
    while (tts_split_next(s, &seg)) {
        if (seg.src_len > biggest)
            biggest = seg.src_len;
        count++;
    }
    tts_split_free(s);
    assert_true(biggest <= 2000);
    assert_true(count >= big / 2000);
    free(text);
}

static void t_numbers_english(void **state)
{
    (void)state;
    expect_num("Your order 12345 has shipped.", TTS_LANG_OTHER,
               "Your order 1 2 3 4 5 has shipped.");
    expect_num("call 138-0013-8000 now", TTS_LANG_OTHER, "call 1 3 8, 0 0 1 3, 8 0 0 0 now");
    expect_num("call 138 0013 8000", TTS_LANG_OTHER, "call 1 3 8, 0 0 1 3, 8 0 0 0");
    expect_num("id TB20260215001.", TTS_LANG_OTHER, "id T B 2 0 2 6 0 2 1 5 0 0 1.");
    expect_num("SF1234567890", TTS_LANG_OTHER, "S F 1 2 3 4 5 6 7 8 9 0");
    /* amounts and quantities stay numbers */
    expect_num("it costs $3", TTS_LANG_OTHER, "it costs 3 dollars");
    expect_num("$1 only", TTS_LANG_OTHER, "1 dollar only");
    expect_num("¥12.50", TTS_LANG_OTHER, "12.50 yuan");
    expect_num("€ 1,299.99", TTS_LANG_OTHER, "1299.99 euros");
    expect_num("12,345 people", TTS_LANG_OTHER, "12345 people");
    expect_num("12345 items", TTS_LANG_OTHER, "12345 items");
    expect_num("3 items in 2026", TTS_LANG_OTHER, "3 items in 2026");
    expect_num("on 2026-02-15", TTS_LANG_OTHER, "on 2026-02-15");
    /* words with digits are words */
    expect_num("iPhone15 MP3 Win2000", TTS_LANG_OTHER, "iPhone15 MP3 Win2000");
}

static void t_numbers_chinese(void **state)
{
    (void)state;
    expect_num("订单12345已发货", TTS_LANG_ZH, "订单幺二三四五已发货");
    expect_num("电话138-0013-8000", TTS_LANG_ZH, "电话幺三八，零零幺三，八零零零");
    expect_num("¥12.50", TTS_LANG_ZH, "十二点五零元");
    expect_num("12.5元", TTS_LANG_ZH, "十二点五元");
    expect_num("12345元", TTS_LANG_ZH, "一万二千三百四十五元");
    expect_num("共3件", TTS_LANG_ZH, "共三件");
    expect_num("$3", TTS_LANG_ZH, "三美元");
    expect_num("打50%折扣", TTS_LANG_ZH, "打百分之五十折扣");
    expect_num("2026年", TTS_LANG_ZH, "二千零二十六年");
}

static void t_zh_numerals(void **state)
{
    (void)state;
    static const struct { unsigned long long n; const char *s; } cases[] = {
        {0, "零"}, {7, "七"}, {10, "十"}, {15, "十五"}, {20, "二十"}, {105, "一百零五"},
        {1010, "一千零一十"}, {10000, "一万"}, {12345, "一万二千三百四十五"},
        {100005, "十万零五"}, {20000000, "二千万"}, {100000000, "一亿"},
        {1000000001, "十亿零一"}, {120034005, "一亿二千零三万四千零五"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[160];
        tts_zh_numeral(cases[i].n, buf, sizeof buf);
        assert_string_equal(buf, cases[i].s);
    }
}

static void t_utf8_repair(void **state)
{
    (void)state;
    size_t bad = 99;
    char *s = tts_text_clean("ok 您好", strlen("ok 您好"), &bad);
    assert_string_equal(s, "ok 您好");
    assert_int_equal(bad, 0);
    free(s);
    s = tts_text_clean("a\xff" "b\xe4\xbd", 5, &bad);
    assert_string_equal(s, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD");
    assert_int_equal(bad, 3);
    free(s);
    s = tts_text_clean("a\0b", 3, &bad);          /* a NUL byte from stdin */
    assert_string_equal(s, "a\xEF\xBF\xBD" "b");
    assert_int_equal(bad, 1);
    free(s);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(t_runs_done_when_sentence),
    cmocka_unit_test(t_runs_switch_back_and_forth),
    cmocka_unit_test(t_fullwidth_digits_fold),
    cmocka_unit_test(t_long_text_streams_in_small_segments),
    cmocka_unit_test(t_numbers_english),
    cmocka_unit_test(t_numbers_chinese),
    cmocka_unit_test(t_zh_numerals),
    cmocka_unit_test(t_utf8_repair),
};
KEFU_TEST_GROUP(voice_textsplit, tests, NULL, NULL)
