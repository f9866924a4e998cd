/* test_keymap.c -- the key map: single unmodified keys on one side of the
 * keyboard, remapping with errors that name the line, bounce
 * (ACCESSIBILITY.md 15-17). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "keymap.h"

static void t_defaults_single_left_hand(void **state)
{
    (void)state;
    a11y_keymap_t *km = a11y_keymap_new();
    assert_non_null(km);
    /* QWERTY left-hand cluster, plus the whitespace keys and ` */
    const char *left = "qwertasdfgzxcvb`12345";
    for (int a = 1; a < A11Y_ACT_COUNT; a++) {
        int key = a11y_keymap_key(km, (a11y_action)a);
        assert_int_not_equal(key, A11Y_KEY_NONE);
        if (key == A11Y_KEY_SPACE || key == A11Y_KEY_ENTER || key == A11Y_KEY_TAB)
            continue;
        assert_true(key > ' ' && key < 127);            /* one unmodified key */
        assert_non_null(strchr(left, key));             /* the left hand reaches it */
        assert_false(key >= '0' && key <= '9');         /* digits choose completions */
        /* no two command actions share a key */
        a11y_action got = a11y_keymap_lookup(km, key);
        assert_int_equal(got, a);
    }
    assert_int_equal(a11y_keymap_lookup(km, 'r'), A11Y_ACT_REPEAT);
    assert_int_equal(a11y_keymap_lookup(km, 's'), A11Y_ACT_SPELL);
    assert_int_equal(a11y_keymap_lookup(km, 3), A11Y_ACT_NONE);    /* Ctrl-C is never a binding */
    assert_int_equal(a11y_keymap_lookup_scan(km, ' '), A11Y_ACT_SCAN_NEXT);
    assert_int_equal(a11y_keymap_lookup_scan(km, '\r'), A11Y_ACT_SCAN_CHOOSE);
    a11y_keymap_free(km);
}

static void t_names_round_trip(void **state)
{
    (void)state;
    char buf[16];
    for (int a = 1; a < A11Y_ACT_COUNT; a++)
        assert_int_equal(a11y_action_find(a11y_action_name((a11y_action)a)), a);
    assert_int_equal(a11y_action_find("scan-next"), A11Y_ACT_SCAN_NEXT);
    assert_int_equal(a11y_action_find("nope"), A11Y_ACT_NONE);
    assert_int_equal(a11y_key_parse("space"), ' ');
    assert_int_equal(a11y_key_parse("Enter"), '\r');
    assert_int_equal(a11y_key_parse("j"), 'j');
    assert_int_equal(a11y_key_parse("jj"), A11Y_KEY_NONE);
    assert_string_equal(a11y_key_name('\t', buf, sizeof buf), "tab");
    assert_string_equal(a11y_key_name('k', buf, sizeof buf), "k");
    assert_int_equal(a11y_key_parse("F1"), A11Y_KEY_F1);
    assert_int_equal(a11y_key_parse("f12"), A11Y_KEY_F1 + 11);
    assert_int_equal(a11y_key_parse("F13"), A11Y_KEY_NONE);
    assert_int_equal(a11y_key_parse("F0"), A11Y_KEY_NONE);
    assert_int_equal(a11y_key_parse("F01"), A11Y_KEY_NONE);
    assert_string_equal(a11y_key_name(A11Y_KEY_F1 + 4, buf, sizeof buf), "F5");
}

/* What a terminal sends for F1-F12 (xterm/VTE/tmux, rxvt, the Linux
 * console), decoded for the prompt; a function key can be bound. */
static void t_function_keys(void **state)
{
    (void)state;
    char err[256];
    assert_int_equal(a11y_key_decode("\033OP", 3), A11Y_KEY_F1);
    assert_int_equal(a11y_key_decode("\033OS", 3), A11Y_KEY_F1 + 3);
    assert_int_equal(a11y_key_decode("\033[11~", 5), A11Y_KEY_F1);
    assert_int_equal(a11y_key_decode("\033[15~", 5), A11Y_KEY_F1 + 4);
    assert_int_equal(a11y_key_decode("\033[17~", 5), A11Y_KEY_F1 + 5);
    assert_int_equal(a11y_key_decode("\033[24~", 5), A11Y_KEY_F1 + 11);
    assert_int_equal(a11y_key_decode("\033[[A", 4), A11Y_KEY_F1);
    assert_int_equal(a11y_key_decode("\033[[E", 4), A11Y_KEY_F1 + 4);
    assert_int_equal(a11y_key_decode("r", 1), 'r');
    assert_int_equal(a11y_key_decode("\033[A", 3), A11Y_KEY_NONE);    /* Up arrow */
    assert_int_equal(a11y_key_decode("\033[16~", 5), A11Y_KEY_NONE);  /* no such key */
    a11y_keymap_t *km = a11y_keymap_new();
    assert_int_equal(a11y_keymap_bind(km, "help", "F1", err, sizeof err), 0);
    assert_int_equal(a11y_keymap_lookup(km, A11Y_KEY_F1), A11Y_ACT_HELP);
    assert_int_equal(a11y_keymap_lookup(km, 'e'), A11Y_ACT_NONE);   /* its old key is free */
    assert_int_equal(a11y_keymap_bind(km, "hint", "f1", err, sizeof err), -1);
    assert_non_null(strstr(err, "key 'F1' is already bound to help"));
    a11y_keymap_free(km);
}

static void t_bind_errors(void **state)
{
    (void)state;
    char err[256];
    a11y_keymap_t *km = a11y_keymap_new();
    assert_int_equal(a11y_keymap_bind(km, "repeat", "j", err, sizeof err), 0);
    assert_int_equal(a11y_keymap_lookup(km, 'j'), A11Y_ACT_REPEAT);
    assert_int_equal(a11y_keymap_lookup(km, 'r'), A11Y_ACT_NONE);   /* old key freed */
    assert_int_equal(a11y_keymap_bind(km, "hint", "q", err, sizeof err), -1);
    assert_non_null(strstr(err, "already bound to quit"));
    assert_int_equal(a11y_keymap_bind(km, "bogus", "k", err, sizeof err), -1);
    assert_non_null(strstr(err, "unknown action 'bogus'"));
    assert_int_equal(a11y_keymap_bind(km, "hint", "5", err, sizeof err), -1);
    assert_non_null(strstr(err, "digits choose completions"));
    assert_int_equal(a11y_keymap_bind(km, "hint", "ctrl-h", err, sizeof err), -1);
    assert_non_null(strstr(err, "chord"));
    assert_int_equal(a11y_keymap_bind(km, "hint", "^H", err, sizeof err), -1);
    assert_int_equal(a11y_keymap_bind(km, "hint", "f1x", err, sizeof err), -1);
    assert_non_null(strstr(err, "not a key"));
    assert_int_equal(a11y_keymap_lookup(km, 'f'), A11Y_ACT_HINT);   /* unchanged */
    /* the scanning layer may reuse Space and Enter */
    assert_int_equal(a11y_keymap_bind(km, "scan_next", "tab", err, sizeof err), 0);
    assert_int_equal(a11y_keymap_lookup_scan(km, '\t'), A11Y_ACT_SCAN_NEXT);
    a11y_keymap_free(km);
}

struct rep {
    size_t idx[8];
    char msg[8][256];
    int n;
};

static void report(void *arg, size_t i, const char *msg)
{
    struct rep *r = arg;
    if (r->n < 8) {
        r->idx[r->n] = i;
        snprintf(r->msg[r->n], sizeof r->msg[0], "%s", msg);
        r->n++;
    }
}

static void t_apply_section_swaps_and_errors(void **state)
{
    (void)state;
    a11y_keymap_t *km = a11y_keymap_new();
    const char *acts[] = {"repeat", "spell", "hint", "bogus", "skip"};
    const char *keys[] = {"s", "r", "q", "k", "j"};
    struct rep r = {0};
    int errors = a11y_keymap_apply(km, acts, keys, 5, report, &r);
    assert_int_equal(errors, 2);
    assert_int_equal(r.n, 2);
    /* swap is fine */
    assert_int_equal(a11y_keymap_lookup(km, 's'), A11Y_ACT_REPEAT);
    assert_int_equal(a11y_keymap_lookup(km, 'r'), A11Y_ACT_SPELL);
    /* hint = q clashes with quit: error at index 2, hint keeps f */
    assert_int_equal(r.idx[1] == 2 || r.idx[0] == 2, 1);
    assert_int_equal(a11y_keymap_lookup(km, 'f'), A11Y_ACT_HINT);
    assert_int_equal(a11y_keymap_lookup(km, 'q'), A11Y_ACT_QUIT);
    assert_int_equal(a11y_keymap_lookup(km, 'j'), A11Y_ACT_SKIP);
    /* every command key is still unique */
    for (int a = 1; a < A11Y_ACT_COUNT; a++) {
        int key = a11y_keymap_key(km, (a11y_action)a);
        if (a == A11Y_ACT_SCAN_NEXT || a == A11Y_ACT_SCAN_CHOOSE || key == A11Y_KEY_NONE)
            continue;
        assert_int_equal(a11y_keymap_lookup(km, key), a);
    }
    a11y_keymap_free(km);
}

static void t_apply_two_actions_one_key(void **state)
{
    (void)state;
    a11y_keymap_t *km = a11y_keymap_new();
    const char *acts[] = {"repeat", "spell"};
    const char *keys[] = {"j", "j"};
    struct rep r = {0};
    assert_int_equal(a11y_keymap_apply(km, acts, keys, 2, report, &r), 1);
    assert_non_null(strstr(r.msg[0], "already bound to repeat"));
    assert_int_equal(r.idx[0], 1);
    assert_int_equal(a11y_keymap_lookup(km, 'j'), A11Y_ACT_REPEAT);
    assert_int_equal(a11y_keymap_lookup(km, 's'), A11Y_ACT_SPELL);  /* keeps its default */
    a11y_keymap_free(km);
}

static void t_bounce(void **state)
{
    (void)state;
    struct a11y_bounce b;
    a11y_bounce_init(&b, 300);
    assert_true(a11y_bounce_accept(&b, 'r', 1000));
    assert_false(a11y_bounce_accept(&b, 'r', 1100));   /* same key within 300 ms */
    assert_false(a11y_bounce_accept(&b, 'r', 1299));
    assert_true(a11y_bounce_accept(&b, 'r', 1300));    /* the delay is from the accepted press */
    assert_true(a11y_bounce_accept(&b, 's', 1310));    /* another key is never a bounce */
    assert_true(a11y_bounce_accept(&b, 'r', 1320));
    a11y_bounce_init(&b, 0);                           /* off */
    assert_true(a11y_bounce_accept(&b, 'x', 5));
    assert_true(a11y_bounce_accept(&b, 'x', 5));
    a11y_bounce_init(&b, 5000);                        /* clamped to 1000 */
    assert_int_equal(b.delay_ms, 1000);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(t_defaults_single_left_hand),
    cmocka_unit_test(t_names_round_trip),
    cmocka_unit_test(t_function_keys),
    cmocka_unit_test(t_bind_errors),
    cmocka_unit_test(t_apply_section_swaps_and_errors),
    cmocka_unit_test(t_apply_two_actions_one_key),
    cmocka_unit_test(t_bounce),
};
KEFU_TEST_GROUP(a11y_keymap, tests, NULL, NULL)
