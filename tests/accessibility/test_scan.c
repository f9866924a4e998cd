/* test_scan.c -- switch choices as a listener meets them (ACCESSIBILITY.md
 * 18): punctuation and blanks named in words ("add exclamation mark"; a
 * screen reader says nothing for "!"), and choices that add the same words
 * ("Hello", "hello,", "Hello!") offered once, each being a step of the scan.
 * Through the prompt on a pipe (prompt_fixture.h), as test_prompt.c. */
#include "prompt_fixture.h"

/* End of input after the keys: what was chosen is the answer. */
static void read_one_scan(struct fx *f, const struct a11y_read *r, struct a11y_input *in)
{
    close(f->fd[1]);
    f->fd[1] = -1;
    assert_int_equal(a11y_prompt_read(fx_prompt(f), r, in), 0);
}

static void t_name_marks(void **state)
{
    (void)state;
    static const struct { const char *text, *lang, *want; } named[] = {
        {"!", "en", "exclamation mark"},
        {", ", "en", "comma, space"},
        {"?!", "en", "question mark, exclamation mark"},
        {"...", "en", "ellipsis"},
        {" ", "en", "space"},
        {"\t", "en", "tab"},
        {"！", "zh", "感叹号"},
        {"，", "zh", "逗号"},
        {"……", "zh", "省略号"},
        {"？ ", "zh", "问号、空格"},
    };
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        char *s = a11y_name_marks(named[i].text, named[i].lang);
        assert_string_equal(s, named[i].want);
        free(s);
    }
    /* words read as themselves; an unnamed symbol is shown as it is */
    assert_null(a11y_name_marks("Hello!", "en"));
    assert_null(a11y_name_marks(", I'm sorry", "en"));
    assert_null(a11y_name_marks("您好", "zh"));
    assert_null(a11y_name_marks("3", "en"));
    assert_null(a11y_name_marks("\xF0\x9F\x98\x8A", "en"));      /* an emoji */
    assert_null(a11y_name_marks("", "en"));
}

static void t_choice_same(void **state)
{
    (void)state;
    assert_true(a11y_choice_same("Hello", "Hello,"));
    assert_true(a11y_choice_same("Hello", "hello!"));
    assert_true(a11y_choice_same("Hello, ", "Hello"));
    assert_true(a11y_choice_same("您好", "您好，"));
    assert_true(a11y_choice_same("I understand,", "I understand"));
    assert_false(a11y_choice_same("Hello", "Hello there"));
    assert_false(a11y_choice_same("Hello", ", Hello"));          /* a leading mark adds */
    assert_false(a11y_choice_same("!", ","));                    /* marks alone differ */
    assert_false(a11y_choice_same("!", "!"));
    assert_false(a11y_choice_same("您好", "你好"));
}

/* Two keys: the choices as announced, then the second one chosen. */
static void t_scan_announces(void **state)
{
    (void)state;
    struct fx *f = fx_new();
    f->po.switch_mode = A11Y_SWITCH_TWO;
    const char *choices[] = {"Hello", "hello,", "Hello!", "!", ",", " ", "Sorry", NULL};
    struct a11y_read r = {.choices = choices};
    struct a11y_input in;
    fx_keys(f, "            \r");      /* all eleven, round to the second, choose */
    read_one_scan(f, &r, &in);
    const char *o = fx_out(f);
    /* 5 texts, Snippets, then repeat, spell, hint, skip, quit */
    assert_non_null(strstr(o, "Choice 1 of 11: add “Hello”\n"));
    assert_non_null(strstr(o, "Choice 2 of 11: add exclamation mark\n"));
    assert_non_null(strstr(o, "Choice 3 of 11: add comma\n"));
    assert_non_null(strstr(o, "Choice 4 of 11: add space\n"));
    assert_non_null(strstr(o, "Choice 5 of 11: add “Sorry”\n"));
    assert_non_null(strstr(o, "Choice 6 of 11: Snippets"));
    assert_null(strstr(o, "hello,"));
    assert_null(strstr(o, "Hello!"));
    assert_null(strstr(o, "add “!”"));
    assert_int_equal(in.kind, A11Y_IN_ANSWER);
    assert_string_equal(in.text, "!");
    free(in.text);
    fx_free(f);
}

static void t_scan_names_marks_zh(void **state)
{
    (void)state;
    struct fx *f = fx_new();
    f->po.switch_mode = A11Y_SWITCH_TWO;
    f->po.lang = "zh";
    const char *choices[] = {"您好", "您好，", "！", NULL};
    struct a11y_read r = {.choices = choices};
    struct a11y_input in;
    fx_keys(f, " \r");                  /* the second: "！" */
    read_one_scan(f, &r, &in);
    const char *o = fx_out(f);
    assert_non_null(strstr(o, "add “您好”\n"));
    assert_non_null(strstr(o, "add 感叹号\n"));           /* the catalogue is not bound here */
    assert_null(strstr(o, "您好，"));
    assert_int_equal(in.kind, A11Y_IN_ANSWER);
    assert_string_equal(in.text, "！");
    free(in.text);
    fx_free(f);
}

/* The opening just chosen is not offered again at once. */
static void t_scan_chosen_not_again(void **state)
{
    (void)state;
    struct fx *f = fx_new();
    f->po.switch_mode = A11Y_SWITCH_TWO;
    const char *choices[] = {"Hello,", "Sorry", NULL};
    struct a11y_read r = {.choices = choices};
    struct a11y_input in;
    fx_keys(f, "\r");                   /* "Hello," */
    read_one_scan(f, &r, &in);
    const char *o = fx_out(f), *after = strstr(o, "Info: Answer so far: Hello,\n");
    assert_non_null(after);
    assert_null(strstr(after, "add “Hello,”"));
    assert_non_null(strstr(after, "Choice 1 of "));
    assert_non_null(strstr(after, ": add “Sorry”"));     /* the other opening stays */
    assert_string_equal(in.text, "Hello,");
    free(in.text);
    fx_free(f);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(t_scan_chosen_not_again),
    cmocka_unit_test(t_name_marks),
    cmocka_unit_test(t_choice_same),
    cmocka_unit_test(t_scan_announces),
    cmocka_unit_test(t_scan_names_marks_zh),
};
KEFU_TEST_GROUP(a11y_scan, tests, NULL, NULL)
