/* test_prompt_edit.c -- two additions to the prompt (prompt.h), driven
 * through a pipe: a line that starts with text to correct (a recognised
 * spoken answer: a11y_read.initial), and the help key naming keys as a
 * person hears them (a11y_prompt_options.key_label, "空格键" not "space"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "prompt_fixture.h"

static const char *shout(const char *name)
{
    return strcmp(name, "space") == 0 ? "Space-key" : name;
}

/* The shared fixture without completion, automatic offers or typing that
 * stops speech; labels: the help key names keys through shout(). */
static struct fx *edit_fx(bool labels, int sw)
{
    struct fx *f = fx_new();
    f->po.complete = NULL;
    f->po.auto_offer = false;
    f->po.interrupt_on_typing = false;
    f->po.key_label = labels ? shout : NULL;
    if (sw != A11Y_SWITCH_OFF) {
        f->po.switch_mode = sw;
        f->po.scan_interval = 10;
    }
    assert_non_null(fx_prompt(f));
    return f;
}

static void t_initial_text_is_edited(void **state)
{
    (void)state;
    struct fx *f = edit_fx(false, A11Y_SWITCH_OFF);
    struct a11y_input in;
    /* Enter alone submits the recognised text as it is */
    struct a11y_read r = {.label = "Your answer", .initial = "sorry for the wait"};
    fx_keys(f, "\n");
    assert_int_equal(a11y_prompt_read(f->p, &r, &in), 0);
    assert_int_equal(in.kind, A11Y_IN_ANSWER);
    assert_string_equal(in.text, "sorry for the wait");
    free(in.text);
    /* keys that are commands on an empty line (r: repeat, f: hint, s:
     * spell) are text here, and Backspace edits the recognised words */
    struct a11y_read r2 = {.label = "Your answer", .initial = "I will chek"};
    fx_keys(f, "\x7f\x7f" "eck your refunds\n");
    assert_int_equal(a11y_prompt_read(f->p, &r2, &in), 0);
    assert_int_equal(in.kind, A11Y_IN_ANSWER);
    assert_string_equal(in.text, "I will check your refunds");
    free(in.text);
    /* the next read starts empty again: f is the hint key */
    struct a11y_read r3 = {.label = "Your answer"};
    fx_keys(f, "f");
    assert_int_equal(a11y_prompt_read(f->p, &r3, &in), 0);
    assert_int_equal(in.kind, A11Y_IN_COMMAND);
    assert_int_equal(in.action, A11Y_ACT_HINT);
    fx_free(f);
}

static void help_key(struct fx *f, char *buf)
{
    int k = a11y_keymap_key(f->km, A11Y_ACT_HELP);
    assert_true(k > ' ' && k < 127);
    buf[0] = (char)k;
    buf[1] = 'f';                       /* then hint, which ends the read */
    buf[2] = '\0';
}

static void t_help_names_keys_as_heard(void **state)
{
    (void)state;
    char keys[4];
    struct a11y_input in;
    struct a11y_read r = {.label = "Your answer"};
    struct fx *f = edit_fx(true, A11Y_SWITCH_OFF);
    assert_int_equal(a11y_keymap_key(f->km, A11Y_ACT_TALK), A11Y_KEY_SPACE);
    help_key(f, keys);
    fx_keys(f, keys);
    assert_int_equal(a11y_prompt_read(f->p, &r, &in), 0);
    assert_int_equal(in.action, A11Y_ACT_HINT);
    assert_non_null(strstr(fx_out(f), ": Space-key (talk)"));
    assert_null(strstr(fx_out(f), ": space ("));
    fx_free(f);
    /* without a label function: the config names, as before */
    f = edit_fx(false, A11Y_SWITCH_OFF);
    help_key(f, keys);
    fx_keys(f, keys);
    assert_int_equal(a11y_prompt_read(f->p, &r, &in), 0);
    assert_non_null(strstr(fx_out(f), ": space (talk)"));
    fx_free(f);
}

/* A recognised answer that is exactly a command word is still the answer
 * when submitted as heard; typed on an empty line the word is a command. */
static void t_initial_command_word_is_an_answer(void **state)
{
    (void)state;
    struct fx *f = edit_fx(false, A11Y_SWITCH_OFF);
    struct a11y_input in;
    static const char *const words[] = {"quit", "help", "hint"};   /* quit first: it ends a read */
    for (size_t i = 0; i < 3; i++) {
        struct a11y_read r = {.label = "Your answer", .initial = words[i]};
        fx_keys(f, "\n");
        assert_int_equal(a11y_prompt_read(f->p, &r, &in), 0);
        assert_int_equal(in.kind, A11Y_IN_ANSWER);
        assert_string_equal(in.text, words[i]);
        free(in.text);
    }
    assert_null(strstr(fx_out(f), "(talk)"));          /* no key list was printed */
    struct a11y_read r = {.label = "Your answer"};
    fx_keys(f, "tquit\n");                             /* t: type, then the word */
    assert_int_equal(a11y_prompt_read(f->p, &r, &in), 0);
    assert_int_equal(in.kind, A11Y_IN_COMMAND);
    assert_int_equal(in.action, A11Y_ACT_QUIT);
    fx_free(f);
}

/* The help key lists what works in the current mode: without switch access
 * not the two switch keys; with it, the switch keys and not the keys they
 * take over (Space is "next choice", not "talk"). */
static void t_help_lists_keys_of_the_mode(void **state)
{
    (void)state;
    char keys[4];
    struct a11y_input in;
    struct a11y_read r = {.label = "Your answer"};
    struct fx *f = edit_fx(false, A11Y_SWITCH_OFF);
    help_key(f, keys);
    fx_keys(f, keys);
    assert_int_equal(a11y_prompt_read(f->p, &r, &in), 0);
    assert_non_null(strstr(fx_out(f), "(talk)"));
    assert_null(strstr(fx_out(f), "(scan_next)"));
    assert_null(strstr(fx_out(f), "(scan_choose)"));
    fx_free(f);

    f = edit_fx(false, A11Y_SWITCH_TWO);
    fx_keys(f, keys);
    assert_int_equal(a11y_prompt_read(f->p, &r, &in), 0);
    assert_int_equal(in.action, A11Y_ACT_HINT);
    assert_non_null(strstr(fx_out(f), "(scan_next)"));
    assert_non_null(strstr(fx_out(f), "(scan_choose)"));
    assert_null(strstr(fx_out(f), "(talk)"));
    assert_null(strstr(fx_out(f), "(submit)"));
    assert_non_null(strstr(fx_out(f), "(repeat)"));
    fx_free(f);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(t_initial_text_is_edited),
    cmocka_unit_test(t_help_names_keys_as_heard),
    cmocka_unit_test(t_initial_command_word_is_an_answer),
    cmocka_unit_test(t_help_lists_keys_of_the_mode),
};
KEFU_TEST_GROUP(a11y_prompt_edit, tests, NULL, NULL)
