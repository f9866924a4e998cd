/* test_parser_bytes.c -- the scenario parser against whatever bytes a file
 * may hold: CRLF, a BOM, invalid UTF-8, NUL and control characters, a 10 MB
 * line, an empty file, too many problems, unreadable paths. Each must give a
 * precise diagnostic (or none) and never crash; the fuzz target
 * (tests/fuzz/) covers the rest. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "harness.h"
#include "kb_scenario.h"

#define GOOD                                                                  \
    "scenario: s1\n"                                                          \
    "tier: basic\n"                                                           \
    "category: pre-sales\n"                                                   \
    "title: 标题\n"                                                           \
    "title@en: Title\n"                                                       \
    "customer: 你好\n"                                                        \
    "expect 100 greeting: 您好 | hello\n"                                     \
    "answer: 您好！\n"

struct res {
    kb_library *lib;
    kb_diags d;
    char text[16384];
};

static struct res *parse(const char *buf, size_t len)
{
    struct res *r = calloc(1, sizeof *r);
    assert_non_null(r);
    kb_diags_init(&r->d);
    assert_int_equal(kb_library_new(&r->lib), KB_OK);
    assert_int_equal(kb_parse_buffer(r->lib, "b.kefu", buf, len, &r->d), KB_OK);
    kb_library_finish(r->lib, &r->d);
    for (size_t i = 0; i < r->d.count; i++) {
        char *s = kb_diag_format(&r->d.items[i]);
        if (strlen(r->text) + strlen(s) + 2 < sizeof r->text) {
            strcat(r->text, s);
            strcat(r->text, "\n");
        }
        free(s);
    }
    return r;
}

static void res_free(struct res *r)
{
    kb_library_free(r->lib);
    kb_diags_free(&r->d);
    free(r);
}

#define assert_diag(r, line)                                                  \
    do {                                                                      \
        if (!strstr((r)->text, line "\n"))                                    \
            fail_msg("missing diagnostic:\n  %s\ngot:\n%s", line, (r)->text); \
    } while (0)

/* Replace every "\n" of src by "\r\n". Caller frees. */
static char *crlf(const char *src)
{
    char *out = malloc(strlen(src) * 2 + 1), *o = out;
    for (const char *p = src; *p; p++) {
        if (*p == '\n')
            *o++ = '\r';
        *o++ = *p;
    }
    *o = '\0';
    return out;
}

static void t_crlf_and_bom(void **state)
{
    (void)state;
    char *c = crlf(GOOD "limit: 60s\n");
    struct res *r = parse(c, strlen(c));
    assert_int_equal(r->d.count, 0);
    assert_string_equal(r->lib->scenarios[0].title[KB_LANG_EN], "Title");
    assert_int_equal(r->lib->scenarios[0].turns[0].limit_s, 60);
    res_free(r);
    free(c);

    /* a BOM is dropped; columns of the first line are unchanged */
    const char bom[] = "\xEF\xBB\xBFscenario: Bad\n";
    r = parse(bom, sizeof bom - 1);
    assert_diag(r, "b.kefu:1:11: error: bad slug 'Bad'; a slug uses only a-z, 0-9 "
                   "and '-'");
    assert_string_equal(r->lib->scenarios[0].slug, "Bad");
    res_free(r);
}

static void t_invalid_utf8(void **state)
{
    (void)state;
    const char buf[] = GOOD "answer@en: ab\xFF\xFE" "cd\n" "tier: expert\n"
                       "brief: \xC0\xAF overlong, \xED\xA0\x80 surrogate\n";
    struct res *r = parse(buf, sizeof buf - 1);
    assert_diag(r, "b.kefu:9:14: error: invalid UTF-8 (byte 0xFF); save the file as UTF-8");
    /* parsing goes on: the next lines are still checked */
    assert_diag(r, "b.kefu:10:1: error: duplicate 'tier:'; it was already given on line 2");
    assert_diag(r, "b.kefu:11:8: error: invalid UTF-8 (byte 0xC0); save the file as UTF-8");
    /* the bad bytes became U+FFFD, one per byte: the model is valid UTF-8 */
    assert_string_equal(r->lib->scenarios[0].turns[0].answer[KB_LANG_EN],
                        "ab\xEF\xBF\xBD\xEF\xBF\xBD" "cd");
    res_free(r);
}

static void t_nul_and_controls(void **state)
{
    (void)state;
    const char buf[] = GOOD "answer@en: a\0b\n" "brief: x\x1B[31m\n"
                       "brief@en: y\xC2\x85z\n" "limit:\t30s\n";
    struct res *r = parse(buf, sizeof buf - 1);
    assert_diag(r, "b.kefu:9:13: error: NUL byte in the text; is this a text file?");
    assert_diag(r, "b.kefu:10:9: error: control character U+001B in the text");
    assert_diag(r, "b.kefu:11:12: error: control character U+0085 in the text");
    assert_int_equal(r->d.errors, 3);
    assert_int_equal(r->lib->scenarios[0].turns[0].limit_s, 30);   /* tab is fine */
    res_free(r);
}

static void t_huge_line(void **state)
{
    (void)state;
    size_t big = 10u << 20;
    const char *head = GOOD "answer@en: ";
    const char *tail = "\ntier: advanced\n";
    size_t n = strlen(head) + big + strlen(tail);
    char *buf = malloc(n);
    memcpy(buf, head, strlen(head));
    memset(buf + strlen(head), 'x', big);
    memcpy(buf + strlen(head) + big, tail, strlen(tail));
    struct res *r = parse(buf, n);
    char want[200];
    snprintf(want, sizeof want, "b.kefu:9:1: error: this line is too long (%zu bytes; "
             "at most %d); it is skipped\n", strlen("answer@en: ") + big, KB_LINE_MAX);
    if (!strstr(r->text, want))
        fail_msg("missing %s in:\n%s", want, r->text);
    assert_diag(r, "b.kefu:10:1: error: duplicate 'tier:'; it was already given on line 2");
    assert_null(r->lib->scenarios[0].turns[0].answer[KB_LANG_EN]);
    res_free(r);
    free(buf);

    /* exactly at the limit is accepted */
    n = KB_LINE_MAX;
    buf = malloc(strlen(GOOD) + n + 1);
    strcpy(buf, GOOD);
    memcpy(buf + strlen(GOOD), "brief: ", 7);
    memset(buf + strlen(GOOD) + 7, 'y', n - 7);
    buf[strlen(GOOD) + n] = '\n';
    r = parse(buf, strlen(GOOD) + n + 1);
    assert_int_equal(r->d.count, 0);
    assert_int_equal(strlen(r->lib->scenarios[0].brief[KB_LANG_ZH]), n - 7);
    res_free(r);
    free(buf);
}

static void t_empty_files(void **state)
{
    (void)state;
    const char *cases[] = { "", "\n\n", "# only a comment\n   \n", "\xEF\xBB\xBF",
                            "\r\n" };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct res *r = parse(cases[i], strlen(cases[i]));
        assert_int_equal(r->d.errors, 0);
        assert_diag(r, "b.kefu: warning: no scenarios in this file");
        res_free(r);
    }
    /* a file of phrase sets only (like kb/data/phrases.kefu) is fine */
    const char sets[] = "phrases: a = b | c\n";
    struct res *r = parse(sets, sizeof sets - 1);
    assert_int_equal(r->d.count, 0);
    res_free(r);
    /* NULL buffer */
    kb_library *lib = NULL;
    kb_diags d;
    kb_diags_init(&d);
    kb_library_new(&lib);
    assert_int_equal(kb_parse_buffer(lib, NULL, NULL, 5, &d), KB_OK);
    assert_int_equal(kb_library_finish(lib, NULL), KB_OK);
    assert_int_equal(d.warnings, 1);
    kb_library_free(lib);
    kb_diags_free(&d);
}

static void t_separators_and_comments(void **state)
{
    (void)state;
    const char buf[] =
        "scenario：s1\n"                    /* full-width colon */
        "tier: basic   # the tier\n"
        "category: pre-sales\n"
        "title: C# 入门#1\n"                /* '#' glued to text stays */
        "title@en: Title\n"
        "customer: 你好\n"
        "expect 100 greeting: 您好 ｜ hello # a comment | not a phrase\n"
        "answer: 好 \t  \n";
    struct res *r = parse(buf, sizeof buf - 1);
    assert_int_equal(r->d.count, 0);
    const kb_scenario *s = &r->lib->scenarios[0];
    assert_string_equal(s->slug, "s1");
    assert_string_equal(s->title[KB_LANG_ZH], "C# 入门#1");
    assert_int_equal(s->turns[0].rubric[0].n_phrases, 2);
    assert_string_equal(s->turns[0].rubric[0].phrases[1].text, "hello");
    assert_string_equal(s->turns[0].answer[KB_LANG_ZH], "好");
    res_free(r);
}

static void t_columns_count_characters(void **state)
{
    (void)state;
    /* 21 characters (41 bytes) before the '{' */
    const char buf[] = GOOD "answer@en: 您好您好您好您好您好{order.itm}\n";
    struct res *r = parse(buf, sizeof buf - 1);
    assert_diag(r, "b.kefu:9:22: error: unknown placeholder {order.itm}; did you mean "
                   "{order.item}?");
    res_free(r);
}

static void t_too_many_problems(void **state)
{
    (void)state;
    size_t n = 3000;
    char *buf = malloc(n * 4 + 1), *p = buf;
    for (size_t i = 0; i < n; i++, p += 4)
        memcpy(p, "zz:\n", 4);
    *p = '\0';
    struct res *r = parse(buf, strlen(buf));
    assert_int_equal(r->d.count, KB_DIAGS_PER_FILE + 1);
    char want[160];
    snprintf(want, sizeof want, "b.kefu:%d:1: error: too many problems (%d); the rest "
             "of this file is not checked", KB_DIAGS_PER_FILE + 1, KB_DIAGS_PER_FILE);
    char *last = kb_diag_format(&r->d.items[r->d.count - 1]);
    assert_string_equal(last, want);
    free(last);
    res_free(r);
    free(buf);
}

static void t_unreadable(void **state)
{
    (void)state;
    kb_library *lib = NULL;
    kb_diags d;
    kb_diags_init(&d);
    kb_library_new(&lib);
    assert_int_equal(kb_parse_file(lib, "/nonexistent/x.kefu", &d), KB_IO);
    assert_int_equal(kb_parse_file(lib, "/", &d), KB_IO);
    assert_int_equal(kb_parse_reference_file(lib, "/nonexistent/y.kefu"), KB_IO);
    assert_int_equal(kb_library_finish(lib, &d), KB_INVALID);
    assert_int_equal(d.count, 2);   /* the reference file is silent */
    char *s = kb_diag_format(&d.items[0]);
    assert_string_equal(s, "/nonexistent/x.kefu: error: cannot read this file: No such "
                           "file or directory");
    free(s);
    s = kb_diag_format(&d.items[1]);
    assert_string_equal(s, "/: error: cannot read this file: Is a directory");
    free(s);
    kb_library_free(lib);
    kb_diags_free(&d);
}

static void t_deep_and_wide_sets(void **state)
{
    (void)state;
    /* a chain of 40 sets is cut at the nesting limit; a set that doubles
     * at each level is capped, not exponential */
    char *buf = malloc(64 * 1024), *p = buf;
    for (int i = 0; i < 40; i++)
        p += sprintf(p, "phrases: c%d = $c%d\n", i, i + 1);
    p += sprintf(p, "phrases: c40 = end\n");
    for (int i = 0; i < 30; i++)
        p += sprintf(p, "phrases: w%d = $w%d | $w%d | x%d\n", i, i + 1, i + 1, i);
    p += sprintf(p, "phrases: w30 = leaf\n");
    struct res *r = parse(buf, (size_t)(p - buf));
    assert_true(strstr(r->text, "is nested too deeply") != NULL);
    assert_true(strstr(r->text, "expand to more than 1000 alternatives") != NULL);
    for (size_t i = 0; i < r->lib->n_phrase_sets; i++)
        assert_true(r->lib->phrase_sets[i].n_phrases <= 1000);
    res_free(r);
    free(buf);
}

/* Found by the fuzz driver (tests/fuzz): a message quoting the first 60 bytes of a long bad
 * slug cut a Chinese character in two. Quotes end on a character boundary. */
static void t_quotes_stay_utf8(void **state)
{
    (void)state;
    const char buf[] = "scenario: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                       "买家已寄回商品\n";
    struct res *r = parse(buf, sizeof buf - 1);
    assert_true(r->d.count > 0);
    for (size_t i = 0; i < r->d.count; i++) {
        const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)r->d.items[i].message;
        while (*p) {
            utf8proc_int32_t c;
            utf8proc_ssize_t n = utf8proc_iterate(p, -1, &c);
            assert_true(n > 0);
            p += n;
        }
    }
    assert_diag(r, "b.kefu:1:11: error: bad slug 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                   "aaaaaaaaaaaaaaaa'; a slug uses only a-z, 0-9 and '-'");
    res_free(r);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(t_quotes_stay_utf8),
    cmocka_unit_test(t_crlf_and_bom),
    cmocka_unit_test(t_invalid_utf8),
    cmocka_unit_test(t_nul_and_controls),
    cmocka_unit_test(t_huge_line),
    cmocka_unit_test(t_empty_files),
    cmocka_unit_test(t_separators_and_comments),
    cmocka_unit_test(t_columns_count_characters),
    cmocka_unit_test(t_too_many_problems),
    cmocka_unit_test(t_unreadable),
    cmocka_unit_test(t_deep_and_wide_sets),
};

KEFU_TEST_GROUP(kb_parser_bytes, tests, NULL, NULL)
