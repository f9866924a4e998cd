/* test_prompt.c -- the prompt's key handling, driven through a pipe (no
 * terminal, so no readline and no echo): command keys, typed command
 * words, shortcuts off, completion with Tab and digits, snippets, switch
 * access, time limits with extension, speech control (ACCESSIBILITY.md
 * 9-11, 15-20). Terminal behaviour is checked by tests/e2e/a11y_*.sh. */
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "prompt_fixture.h"

static void read_one(struct fx *f, const struct a11y_read *r, struct a11y_input *in)
{
    assert_int_equal(a11y_prompt_read(fx_prompt(f), r, in), 0);
}

static void t_command_keys_and_answer(void **state)
{
    (void)state;
    struct fx *f = fx_new();
    struct a11y_read r = {.label = "Answer"};
    struct a11y_input in;
    a11y_say(f->out, A11Y_CUSTOMER, "Where is order TB2024?");
    fx_keys(f, "rf");                   /* repeat (handled here), then hint */
    read_one(f, &r, &in);
    assert_int_equal(in.kind, A11Y_IN_COMMAND);
    assert_int_equal(in.action, A11Y_ACT_HINT);
    assert_non_null(strstr(fx_out(f), "Customer: Where is order TB2024?\nCustomer: Where is order TB2024?\n"));
    assert_true(f->rec->cancels >= 2);  /* every key stops speech first (9) */
    fx_keys(f, "hello there, 12 parcels\n");   /* after the first letter, all is text */
    read_one(f, &r, &in);
    assert_int_equal(in.kind, A11Y_IN_ANSWER);
    assert_string_equal(in.text, "hello there, 12 parcels");
    free(in.text);
    fx_keys(f, "sq");                   /* spell, then quit */
    read_one(f, &r, &in);
    assert_int_equal(in.action, A11Y_ACT_QUIT);
    assert_non_null(strstr(fx_out(f), "Info: Spelling: T B 2 0 2 4\n"));
    fx_keys(f, "\x03");
    read_one(f, &r, &in);
    assert_int_equal(in.kind, A11Y_IN_INTERRUPT);
    fx_free(f);
}

static void t_shortcuts_off_and_dictating(void **state)
{
    (void)state;
    struct fx *f = fx_new();
    f->po.shortcuts = false;
    f->po.interrupt_on_typing = false;
    struct a11y_read r = {0};
    struct a11y_input in;
    a11y_say(f->out, A11Y_CUSTOMER, "Hi");
    fx_keys(f, "r\n");                  /* a letter is text */
    read_one(f, &r, &in);
    assert_int_equal(in.kind, A11Y_IN_ANSWER);
    assert_string_equal(in.text, "r");
    free(in.text);
    assert_int_equal(f->rec->cancels, 0);   /* typing need not interrupt (10) */
    fx_keys(f, "repeat\nHint\n");       /* typed words + Enter */
    read_one(f, &r, &in);
    assert_int_equal(in.kind, A11Y_IN_COMMAND);
    assert_int_equal(in.action, A11Y_ACT_HINT);
    assert_non_null(strstr(fx_out(f), "Customer: Hi\nCustomer: Hi\n"));
    a11y_prompt_free(f->p);
    f->p = NULL;
    f->po.shortcuts = true;
    fx_prompt(f);
    a11y_prompt_set_dictating(f->p, true);  /* off while dictating (16) */
    fx_keys(f, "f\n");
    read_one(f, &r, &in);
    assert_int_equal(in.kind, A11Y_IN_ANSWER);
    assert_string_equal(in.text, "f");
    free(in.text);
    fx_free(f);
}

static void t_completion_keys(void **state)
{
    (void)state;
    struct fx *f = fx_new();
    struct a11y_read r = {0};
    struct a11y_input in;
    fx_keys(f, "Sorry \t\n");           /* the offer shown by itself; Tab takes it */
    read_one(f, &r, &in);
    assert_string_equal(in.text, "Sorry for the delay ");
    /* at "Sorry", a whole word, the offer is the space and what follows */
    assert_non_null(strstr(fx_out(f), "Tab: Sorry for the delay "));
    free(in.text);
    fx_keys(f, "Could `\n");            /* ` takes one word of the offer */
    read_one(f, &r, &in);
    assert_string_equal(in.text, "Could you");
    free(in.text);
    fx_keys(f, "I said /qj\t\n");       /* a snippet expands on Tab */
    read_one(f, &r, &in);
    assert_string_equal(in.text, "I said 非常抱歉给您带来不便。");
    free(in.text);
    a11y_prompt_free(f->p);
    f->p = NULL;
    f->po.auto_offer = false;
    fx_keys(f, "Could y\t1\n");         /* a list, and a digit right after Tab chooses */
    read_one(f, &r, &in);
    assert_non_null(strstr(fx_out(f), "1: you"));
    assert_int_equal(strncmp(in.text, "Could you", 9), 0);
    free(in.text);
    fx_keys(f, "Room 1\t2zz\t3\n");     /* digits elsewhere are text */
    read_one(f, &r, &in);
    assert_string_equal(in.text, "Room 12zz3");
    assert_non_null(strstr(fx_out(f), "Info: No completions"));
    free(in.text);
    fx_free(f);
}

struct later {
    int fd;
    const char *keys;
    double after;
};

static void *write_later(void *arg)
{
    struct later *l = arg;
    struct timespec ts = {0, (long)(l->after * 1e9)};
    nanosleep(&ts, NULL);
    if (write(l->fd, l->keys, strlen(l->keys)) < 0)
        return NULL;
    return NULL;
}

/* With offer_delay, an offer appears only once typing pauses. */
static void t_offer_waits_for_a_pause(void **state)
{
    (void)state;
    struct fx *f = fx_new();
    f->po.offer_delay = 0.2;
    struct a11y_read r = {0};
    struct a11y_input in;
    fx_keys(f, "Sorry \t\n");          /* Tab at once: no offer yet, so a list */
    read_one(f, &r, &in);
    assert_string_equal(in.text, "Sorry ");
    free(in.text);
    assert_null(strstr(fx_out(f), "Tab: "));
    assert_non_null(strstr(fx_out(f), "1: "));
    fx_keys(f, "Sorry ");
    struct later l = {f->fd[1], "\t\n", 0.5};
    pthread_t th;
    pthread_create(&th, NULL, write_later, &l);
    read_one(f, &r, &in);
    pthread_join(th, NULL);
    assert_non_null(strstr(fx_out(f), "Tab: for the delay "));
    assert_string_equal(in.text, "Sorry for the delay ");
    free(in.text);
    fx_free(f);
}

/* Keys written one at a time with a pause between them (longer than the
 * offer delay): each pause lets the prompt look for an offer. */
struct slow {
    int fd;
    const char *const *keys;
    double gap;
};

static void *write_slowly(void *arg)
{
    struct slow *s = arg;
    for (const char *const *k = s->keys; *k; k++) {
        struct timespec ts = {0, (long)(s->gap * 1e9)};
        nanosleep(&ts, NULL);
        if (write(s->fd, *k, strlen(*k)) < 0)
            return NULL;
    }
    return NULL;
}

static void read_slowly(struct fx *f, const char *const *keys, struct a11y_input *in)
{
    struct a11y_read r = {0};
    struct slow s = {f->fd[1], keys, 0.12};
    pthread_t th;
    pthread_create(&th, NULL, write_slowly, &s);
    read_one(f, &r, in);
    pthread_join(th, NULL);
}

static int count(const char *hay, const char *needle);

/* An offer is printed once: typing along it, pausing at every letter,
 * leaving it and coming back (Backspace) print nothing more, and Tab takes
 * the rest of what was printed. Each printed offer is a line a screen
 * reader reads out. */
static void t_offer_printed_once(void **state)
{
    (void)state;
    struct fx *f = fx_new();
    f->po.offer_delay = 0.05;
    struct a11y_input in;
    const char *const keys[] = {"S", "o", "r", "x", "\x7f", "r", "y", " ", "f", "\t", "\n", NULL};
    read_slowly(f, keys, &in);
    assert_int_equal(in.kind, A11Y_IN_ANSWER);
    assert_string_equal(in.text, "Sorry for the delay ");
    free(in.text);
    /* the phrase at "So", and not again at "Sor", "Sorx" Backspace,
     * "Sorr", "Sorry", "Sorry " or "Sorry f" */
    assert_string_equal(fx_out(f), "Tab: Sorry for the delay \n");
    /* a different offer is new: printed, once; taking its first word (`)
     * leaves the rest of what was printed, not printed again */
    const char *const more[] = {"C", "o", "u", "`", "\t", "\n", NULL};
    read_slowly(f, more, &in);
    assert_string_equal(in.text, "Could you give me your order number ");
    free(in.text);
    assert_int_equal(count(fx_out(f), "Tab: "), 2);
    fx_free(f);
}

/* At verbosity 1 (terse) no offer comes by itself; Tab lists. */
static void t_terse_offers_nothing_by_itself(void **state)
{
    (void)state;
    struct fx *f = fx_new();
    f->po.offer_delay = 0.05;
    a11y_out_set_verbosity(f->out, 1);
    struct a11y_input in;
    const char *const keys[] = {"S", "o", "r", "r", "y", " ", "\t", "1", "\n", NULL};
    read_slowly(f, keys, &in);
    assert_non_null(in.text);
    assert_int_equal(strncmp(in.text, "Sorry for", 9), 0);
    free(in.text);
    assert_null(strstr(fx_out(f), "Tab: "));
    assert_non_null(strstr(fx_out(f), "1: for"));
    fx_free(f);
}

/* input.offer_list: after each pause one line of numbered offers; a digit
 * takes one, Escape first types a digit, and after a digit no list comes
 * (so the rest of a number needs no Escape). */
static void t_offer_list_in_view(void **state)
{
    (void)state;
    struct fx *f = fx_new();
    f->po.offer_list = 5;
    struct a11y_read r = {0};
    struct a11y_input in;
    fx_keys(f, "Sorry f1\n");          /* the 1 takes the first offer */
    read_one(f, &r, &in);
    assert_int_equal(in.kind, A11Y_IN_ANSWER);
    assert_string_equal(in.text, "Sorry for the delay ");
    free(in.text);
    /* one line per list, each offer as it will read (no single "Tab:"
     * offer); the same list at "So", "Sor", ... is not printed again */
    /* the line says what it is and "; " parts the offers (heard "1 for,
     * 2 found", not "one for two found"); a next word offered after a
     * word (at "Sorry") shows that word too, "Sorry for", so it does not
     * read as a copy of a completion of it */
    assert_string_equal(fx_out(f), "Offers: 1 Sorry for the delay; 2 Sorry\n"
                                   "Offers: 1 Sorry for the delay; 2 Sorry for\n"
                                   "Offers: 1 for the delay; 2 for\n");
    fx_keys(f, "Sorry f\x1b" "12 x\n");   /* Escape: the digits are text */
    read_one(f, &r, &in);
    assert_string_equal(in.text, "Sorry f12 x");
    free(in.text);
    fx_keys(f, "Sorry f9\n");          /* a digit past the list is text */
    read_one(f, &r, &in);
    assert_string_equal(in.text, "Sorry f9");
    free(in.text);
    fx_keys(f, "Could y\t1\n");        /* Tab still lists on demand */
    read_one(f, &r, &in);
    assert_non_null(strstr(fx_out(f), "1: you"));
    assert_int_equal(strncmp(in.text, "Could you", 9), 0);
    free(in.text);
    fx_free(f);
}

/* A lone Escape is kefu's: it dismisses the offer on screen (Tab then
 * lists instead of taking it), and the digit after it is text even when a
 * list of offers appears between the two keys (typing paused after the
 * Escape). Readline's side (no Meta prefix) is tests/e2e/a11y_keys.sh. */
static void t_escape_then_digit(void **state)
{
    (void)state;
    struct fx *f = fx_new();
    struct a11y_read r = {0};
    struct a11y_input in;
    fx_keys(f, "Sorry\x1b\t\n");       /* the offer "Tab: Sorry for the delay" dismissed */
    read_one(f, &r, &in);
    assert_string_equal(in.text, "Sorry");
    free(in.text);
    assert_non_null(strstr(fx_out(f), "Tab: Sorry for the delay"));
    assert_non_null(strstr(fx_out(f), "1: Sorry for the delay"));
    fx_free(f);

    f = fx_new();
    f->po.offer_list = 5;
    f->po.offer_delay = 0.2;
    fx_keys(f, "Sorry f\x1b");          /* Escape, then a pause: the list comes */
    struct later l = {f->fd[1], "1\n", 0.6};
    pthread_t th;
    pthread_create(&th, NULL, write_later, &l);
    read_one(f, &r, &in);
    pthread_join(th, NULL);
    assert_string_equal(in.text, "Sorry f1");
    free(in.text);
    assert_non_null(strstr(fx_out(f), "for the delay"));    /* the list was shown */
    fx_free(f);
}

static void t_speech_rate_and_verbosity(void **state)
{
    (void)state;
    struct fx *f = fx_new();
    struct a11y_read r = {0};
    struct a11y_input in;
    fx_keys(f, "ddaavcf");
    read_one(f, &r, &in);
    assert_int_equal(in.action, A11Y_ACT_HINT);
    const char *o = fx_out(f);
    assert_non_null(strstr(o, "Info: Rate: 200 words per minute\nInfo: Rate: 225 words per minute\n"
                              "Info: Rate: 200 words per minute\nInfo: Rate: 175 words per minute\n"));
    assert_non_null(strstr(o, "Info: Verbosity: 3 of 3, verbose\nInfo: Verbosity: 2 of 3, normal\n"));
    assert_int_equal(f->saved_rate, 175);
    assert_int_equal(f->saved_verbosity, 2);
    assert_int_equal(tts_get_rate(&f->rec->base), 175);
    /* z moves a and d to the pitch, then the volume (11) */
    fx_keys(f, "zdzaf");
    read_one(f, &r, &in);
    o = fx_out(f);
    assert_non_null(strstr(o, "Info: Keys a and d now change the pitch\nInfo: Pitch: 60 of 100\n"));
    assert_non_null(strstr(o, "Info: Keys a and d now change the volume\nInfo: Volume: 80 of 200\n"));
    assert_int_equal(tts_get_pitch(&f->rec->base), 60);
    assert_int_equal(tts_get_volume(&f->rec->base), 80);
    fx_keys(f, "zf");                   /* back to the rate */
    read_one(f, &r, &in);
    tts_set_rate(&f->rec->base, 440);
    fx_keys(f, "ddf");
    read_one(f, &r, &in);
    assert_non_null(strstr(fx_out(f), "Rate: 450 words per minute\nInfo: Rate: 450 words per minute, the fastest"));
    fx_free(f);
}

static void t_switch_two_keys(void **state)
{
    (void)state;
    struct fx *f = fx_new();
    f->po.switch_mode = A11Y_SWITCH_TWO;
    const char *choices[] = {"Hello!", "Sorry", NULL};
    struct a11y_read r = {.choices = choices};
    struct a11y_input in;
    /* choose "Sorry" (Space, Enter), then the offer "for the delay."
     * (first now), then Submit */
    fx_keys(f, " \r\r");
    fx_keys(f, "   \r");
    read_one(f, &r, &in);
    assert_int_equal(in.kind, A11Y_IN_ANSWER);
    assert_string_equal(in.text, "Sorry for the delay.");
    free(in.text);
    const char *o = fx_out(f);
    assert_non_null(strstr(o, "Choice 1 of "));
    assert_non_null(strstr(o, "Info: Answer so far: Sorry\n"));
    assert_non_null(strstr(o, ": Submit the answer"));
    fx_free(f);
}

static void t_time_limit_warning_and_extension(void **state)
{
    (void)state;
    struct fx *f = fx_new();
    struct a11y_read r = {.limit_s = 0.3};
    struct a11y_input in;
    read_one(f, &r, &in);               /* nobody types */
    assert_int_equal(in.kind, A11Y_IN_TIMEOUT);
    assert_string_equal(in.text, "");
    free(in.text);
    assert_true(in.seconds >= 0.29);
    assert_non_null(strstr(fx_out(f), "Warning: 0 seconds left; press w for more time\n"));
    assert_non_null(strstr(fx_out(f), "Warning: Time is up\n"));
    fx_keys(f, "wok\n");
    read_one(f, &r, &in);
    assert_int_equal(in.kind, A11Y_IN_ANSWER);
    assert_int_equal(in.extensions, 1);
    assert_string_equal(in.text, "ok");
    assert_non_null(strstr(fx_out(f), "Info: More time: 30 seconds left\n"));
    free(in.text);
    /* after the warning, the first w extends even in the middle of an answer */
    r.limit_s = 0.3;
    fx_keys(f, "I was typing w and then\n");
    read_one(f, &r, &in);
    assert_int_equal(in.extensions, 1);
    assert_string_equal(in.text, "I as typing w and then");   /* the first w only */
    free(in.text);
    r.limit_s = 0;
    fx_keys(f, "wg");
    read_one(f, &r, &in);
    assert_non_null(strstr(fx_out(f), "Info: There is no time limit here\n"));
    fx_free(f);
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* Bounce (17): the same key again within the delay is one press; the
 * characters an IME commits together are not bounces. */
static void t_bounce(void **state)
{
    (void)state;
    struct fx *f = fx_new();
    f->po.bounce_ms = 500;
    struct a11y_read r = {0};
    struct a11y_input in;
    a11y_say(f->out, A11Y_CUSTOMER, "Hi");
    fx_keys(f, "rrf");
    read_one(f, &r, &in);
    assert_int_equal(in.action, A11Y_ACT_HINT);
    assert_int_equal(count(fx_out(f), "Customer: Hi"), 2);     /* said once, repeated once */
    fx_keys(f, "谢谢\n");
    read_one(f, &r, &in);
    assert_string_equal(in.text, "谢谢");
    free(in.text);
    fx_free(f);
}

static void t_end_of_input(void **state)
{
    (void)state;
    struct fx *f = fx_new();
    struct a11y_read r = {0};
    struct a11y_input in;
    fx_keys(f, "last words");
    close(f->fd[1]);
    f->fd[1] = -1;
    read_one(f, &r, &in);
    assert_int_equal(in.kind, A11Y_IN_ANSWER);
    assert_string_equal(in.text, "last words");
    free(in.text);
    read_one(f, &r, &in);
    assert_int_equal(in.kind, A11Y_IN_EOF);
    fx_free(f);
}

/* Function keys (16): a bound one runs its action, from the escape
 * sequence of xterm/tmux (F1: ESC O P) or of the Linux console (F5:
 * ESC [ [ E); an unbound one does nothing (it does not start typing, so
 * the next single key is still a command). */
static void t_function_keys_at_prompt(void **state)
{
    (void)state;
    struct fx *f = fx_new();
    char err[128];
    assert_int_equal(a11y_keymap_bind(f->km, "repeat", "F1", err, sizeof err), 0);
    assert_int_equal(a11y_keymap_bind(f->km, "spell", "F5", err, sizeof err), 0);
    struct a11y_read r = {0};
    struct a11y_input in;
    a11y_say(f->out, A11Y_CUSTOMER, "Where is TB7?");
    fx_keys(f, "\033OP\033[[B\033[24~\033[[Ef");    /* F1, F2, F12, F5, then f (hint) */
    close(f->fd[1]);            /* typed text would be submitted at the end */
    f->fd[1] = -1;
    read_one(f, &r, &in);
    assert_int_equal(in.kind, A11Y_IN_COMMAND);
    assert_int_equal(in.action, A11Y_ACT_HINT);
    assert_int_equal(count(fx_out(f), "Customer: Where is TB7?"), 2);   /* F1 repeated it */
    assert_non_null(strstr(fx_out(f), "Info: Spelling: "));            /* F5 spelled it */
    fx_free(f);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(t_command_keys_and_answer),
    cmocka_unit_test(t_shortcuts_off_and_dictating),
    cmocka_unit_test(t_completion_keys),
    cmocka_unit_test(t_offer_waits_for_a_pause),
    cmocka_unit_test(t_offer_printed_once),
    cmocka_unit_test(t_terse_offers_nothing_by_itself),
    cmocka_unit_test(t_offer_list_in_view),
    cmocka_unit_test(t_escape_then_digit),
    cmocka_unit_test(t_speech_rate_and_verbosity),
    cmocka_unit_test(t_switch_two_keys),
    cmocka_unit_test(t_time_limit_warning_and_extension),
    cmocka_unit_test(t_bounce),
    cmocka_unit_test(t_end_of_input),
    cmocka_unit_test(t_function_keys_at_prompt),
};
KEFU_TEST_GROUP(a11y_prompt, tests, NULL, NULL)
