/* test_output_rules.c -- the no-escape output rules of the skeleton's
 * output path (ACCESSIBILITY.md 1, 4, 5, 2). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "a11y.h"

struct cap { char *ob, *eb; size_t ol, el; FILE *o, *e; a11y_out_t *out; };

static void cap_open(struct cap *c, int color, bool plain)
{
    memset(c, 0, sizeof *c);
    c->o = open_memstream(&c->ob, &c->ol);
    c->e = open_memstream(&c->eb, &c->el);
    struct a11y_out_options opts = {.color = color, .plain = plain, .verbosity = 2};
    assert_int_equal(a11y_out_new(&c->out, c->o, c->e, &opts), 0);
}

static void cap_flush(struct cap *c) { fflush(c->o); fflush(c->e); }

static void cap_close(struct cap *c)
{
    a11y_out_free(c->out);
    fclose(c->o);
    fclose(c->e);
    free(c->ob);
    free(c->eb);
}

static bool has_control(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if ((ch < 0x20 && ch != '\n' && ch != '\t') || ch == 0x7f)
            return true;
    }
    return false;
}

static void t_plain_when_not_a_terminal(void **state)
{
    (void)state;
    struct cap c;
    cap_open(&c, -1, false);          /* auto: a memstream is not a terminal */
    assert_true(a11y_out_plain(c.out));
    a11y_say(c.out, A11Y_CUSTOMER, "order %s arrived\033[2J broken\b\rnow", "TB1");
    a11y_data(c.out, "raw\033[31m data");
    a11y_error(c.out, "bad \033 thing", "do \r this");
    cap_flush(&c);
    assert_false(has_control(c.ob, c.ol));
    assert_false(has_control(c.eb, c.el));
    assert_non_null(strstr(c.ob, "Customer: order TB1 arrived"));
    cap_close(&c);
}

static void t_color_always_overrides(void **state)
{
    (void)state;
    struct cap c;
    cap_open(&c, 1, false);
    assert_false(a11y_out_plain(c.out));
    a11y_say(c.out, A11Y_SCORE, "80");
    cap_flush(&c);
    assert_non_null(strchr(c.ob, '\033'));
    /* colour is never the only signal: the tag text is still there */
    assert_non_null(strstr(c.ob, "Score:"));
    cap_close(&c);
}

static void t_plain_flag_and_no_color(void **state)
{
    (void)state;
    struct cap c;
    cap_open(&c, -1, true);
    assert_true(a11y_out_plain(c.out));
    cap_close(&c);
    cap_open(&c, 0, false);
    assert_true(a11y_out_plain(c.out));
    cap_close(&c);
}

static void t_tags_first(void **state)
{
    (void)state;
    struct cap c;
    cap_open(&c, 0, false);
    a11y_say(c.out, A11Y_YOU_SAID, "hello");
    a11y_say(c.out, A11Y_HINT, "say sorry first");
    a11y_say(c.out, A11Y_PLAIN, "untagged");
    cap_flush(&c);
    assert_string_equal(c.ob, "You said: hello\nHint: say sorry first\nuntagged\n");
    cap_close(&c);
}

static void t_error_form(void **state)
{
    (void)state;
    struct cap c;
    cap_open(&c, 0, false);
    a11y_error(c.out, "cannot open the file.", "check the path");
    a11y_error(c.out, "no fix known", NULL);
    cap_flush(&c);
    assert_string_equal(c.eb, "kefu: error: cannot open the file. Try: check the path.\n"
                              "kefu: error: no fix known.\n");
    assert_int_equal(c.ol, 0);
    cap_close(&c);
}

static void t_progress_sparse_and_done(void **state)
{
    (void)state;
    struct cap c;
    cap_open(&c, 0, false);
    for (int p = 0; p < 100; p++)
        a11y_progress(c.out, "Importing", p);
    a11y_progress(c.out, "Importing", 100);
    cap_flush(&c);
    int lines = 0;
    for (size_t i = 0; i < c.ol; i++)
        lines += c.ob[i] == '\n';
    assert_int_equal(lines, 5);     /* 0, 25, 50, 75 and done */
    assert_non_null(strstr(c.ob, "Progress: Importing 25%\n"));
    assert_non_null(strstr(c.ob, "Progress: Importing done\n"));
    cap_close(&c);
}

static void t_no_box_drawing_in_tags(void **state)
{
    (void)state;
    for (int k = 0; k < A11Y_KIND_COUNT; k++) {
        const char *t = a11y_tag((a11y_kind)k);
        assert_null(strstr(t, "\xe2\x94"));     /* U+2500..U+253F */
        assert_null(strstr(t, "\xe2\x95"));     /* U+2540..U+257F */
    }
}

static const struct CMUnitTest output_tests[] = {
    cmocka_unit_test(t_plain_when_not_a_terminal),
    cmocka_unit_test(t_color_always_overrides),
    cmocka_unit_test(t_plain_flag_and_no_color),
    cmocka_unit_test(t_tags_first),
    cmocka_unit_test(t_error_form),
    cmocka_unit_test(t_progress_sparse_and_done),
    cmocka_unit_test(t_no_box_drawing_in_tags),
};
KEFU_TEST_GROUP(a11y_output_rules, output_tests, NULL, NULL)
