/* test_prompt_edit.c -- two additions to the prompt (prompt.h), driven
 * through a pipe: a line that starts with text to correct (a recognised
 * spoken answer: a11y_read.initial), and the help key naming keys as a
 * person hears them (a11y_prompt_options.key_label, "空格键" not "space"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "prompt.h"

struct efx {
    int fd[2];
    char *ob, *eb;
    size_t ol, el;
    FILE *o, *e;
    a11y_out_t *out;
    a11y_keymap_t *km;
    a11y_prompt_t *p;
};

static const char *shout(const char *name)
{
    return strcmp(name, "space") == 0 ? "Space-key" : name;
}

static struct efx *efx_new(bool labels)
{
    struct efx *f = calloc(1, sizeof *f);
    assert_non_null(f);
    assert_int_equal(pipe(f->fd), 0);
    f->o = open_memstream(&f->ob, &f->ol);
    f->e = open_memstream(&f->eb, &f->el);
    struct a11y_out_options oo = {.color = -1, .verbosity = 2};
    assert_int_equal(a11y_out_new(&f->out, f->o, f->e, &oo), 0);
    f->km = a11y_keymap_new();
    struct a11y_prompt_options po = {
        .in_fd = f->fd[0], .out = f->out, .keys = f->km, .shortcuts = true,
        .scan_interval = 0.5, .lang = "en", .rate_wpm = 175,
        .key_label = labels ? shout : NULL,
    };
    f->p = a11y_prompt_new(&po);
    assert_non_null(f->p);
    return f;
}

static void efx_keys(struct efx *f, const char *k)
{
    assert_int_equal(write(f->fd[1], k, strlen(k)), (ssize_t)strlen(k));
}

static const char *efx_out(struct efx *f)
{
    fflush(f->o);
    return f->ob ? f->ob : "";
}

static void efx_free(struct efx *f)
{
    a11y_prompt_free(f->p);
    a11y_keymap_free(f->km);
    a11y_out_free(f->out);
    fclose(f->o);
    fclose(f->e);
    free(f->ob);
    free(f->eb);
    close(f->fd[0]);
    close(f->fd[1]);
    free(f);
}

static void t_initial_text_is_edited(void **state)
{
    (void)state;
    struct efx *f = efx_new(false);
    struct a11y_input in;
    /* Enter alone submits the recognised text as it is */
    struct a11y_read r = {.label = "Your answer", .initial = "sorry for the wait"};
    efx_keys(f, "\n");
    assert_int_equal(a11y_prompt_read(f->p, &r, &in), 0);
    assert_int_equal(in.kind, A11Y_IN_ANSWER);
    assert_string_equal(in.text, "sorry for the wait");
    free(in.text);
    /* keys that are commands on an empty line (r: repeat, f: hint, s:
     * spell) are text here, and Backspace edits the recognised words */
    struct a11y_read r2 = {.label = "Your answer", .initial = "I will chek"};
    efx_keys(f, "\x7f\x7f" "eck your refunds\n");
    assert_int_equal(a11y_prompt_read(f->p, &r2, &in), 0);
    assert_int_equal(in.kind, A11Y_IN_ANSWER);
    assert_string_equal(in.text, "I will check your refunds");
    free(in.text);
    /* the next read starts empty again: f is the hint key */
    struct a11y_read r3 = {.label = "Your answer"};
    efx_keys(f, "f");
    assert_int_equal(a11y_prompt_read(f->p, &r3, &in), 0);
    assert_int_equal(in.kind, A11Y_IN_COMMAND);
    assert_int_equal(in.action, A11Y_ACT_HINT);
    efx_free(f);
}

static void help_key(struct efx *f, char *buf)
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
    struct efx *f = efx_new(true);
    assert_int_equal(a11y_keymap_key(f->km, A11Y_ACT_TALK), A11Y_KEY_SPACE);
    help_key(f, keys);
    efx_keys(f, keys);
    assert_int_equal(a11y_prompt_read(f->p, &r, &in), 0);
    assert_int_equal(in.action, A11Y_ACT_HINT);
    assert_non_null(strstr(efx_out(f), ": Space-key (talk)"));
    assert_null(strstr(efx_out(f), ": space ("));
    efx_free(f);
    /* without a label function: the config names, as before */
    f = efx_new(false);
    help_key(f, keys);
    efx_keys(f, keys);
    assert_int_equal(a11y_prompt_read(f->p, &r, &in), 0);
    assert_non_null(strstr(efx_out(f), ": space (talk)"));
    efx_free(f);
}

/* A recognised answer that is exactly a command word is still the answer
 * when submitted as heard; typed on an empty line the word is a command. */
static void t_initial_command_word_is_an_answer(void **state)
{
    (void)state;
    struct efx *f = efx_new(false);
    struct a11y_input in;
    static const char *const words[] = {"quit", "help", "hint"};   /* quit first: it ends a read */
    for (size_t i = 0; i < 3; i++) {
        struct a11y_read r = {.label = "Your answer", .initial = words[i]};
        efx_keys(f, "\n");
        assert_int_equal(a11y_prompt_read(f->p, &r, &in), 0);
        assert_int_equal(in.kind, A11Y_IN_ANSWER);
        assert_string_equal(in.text, words[i]);
        free(in.text);
    }
    assert_null(strstr(efx_out(f), "(talk)"));          /* no key list was printed */
    struct a11y_read r = {.label = "Your answer"};
    efx_keys(f, "tquit\n");                             /* t: type, then the word */
    assert_int_equal(a11y_prompt_read(f->p, &r, &in), 0);
    assert_int_equal(in.kind, A11Y_IN_COMMAND);
    assert_int_equal(in.action, A11Y_ACT_QUIT);
    efx_free(f);
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
    struct efx *f = efx_new(false);
    help_key(f, keys);
    efx_keys(f, keys);
    assert_int_equal(a11y_prompt_read(f->p, &r, &in), 0);
    assert_non_null(strstr(efx_out(f), "(talk)"));
    assert_null(strstr(efx_out(f), "(scan_next)"));
    assert_null(strstr(efx_out(f), "(scan_choose)"));
    efx_free(f);

    f = efx_new(false);
    struct a11y_prompt_options po = {
        .in_fd = f->fd[0], .out = f->out, .keys = f->km, .shortcuts = true,
        .scan_interval = 10, .lang = "en", .rate_wpm = 175, .switch_mode = A11Y_SWITCH_TWO,
    };
    a11y_prompt_free(f->p);
    f->p = a11y_prompt_new(&po);
    efx_keys(f, keys);
    assert_int_equal(a11y_prompt_read(f->p, &r, &in), 0);
    assert_int_equal(in.action, A11Y_ACT_HINT);
    assert_non_null(strstr(efx_out(f), "(scan_next)"));
    assert_non_null(strstr(efx_out(f), "(scan_choose)"));
    assert_null(strstr(efx_out(f), "(talk)"));
    assert_null(strstr(efx_out(f), "(submit)"));
    assert_non_null(strstr(efx_out(f), "(repeat)"));
    efx_free(f);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(t_initial_text_is_edited),
    cmocka_unit_test(t_help_names_keys_as_heard),
    cmocka_unit_test(t_initial_command_word_is_an_answer),
    cmocka_unit_test(t_help_lists_keys_of_the_mode),
};
KEFU_TEST_GROUP(a11y_prompt_edit, tests, NULL, NULL)
