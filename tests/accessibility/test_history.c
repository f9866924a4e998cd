/* test_history.c -- speech follows print, history, repeat, spell and
 * verbosity (ACCESSIBILITY.md 6, 8, 12, 13, 14), with a recording speech
 * backend standing in for the engine (the one true system boundary). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "a11y.h"
#include "tts_backend.h"

struct rec {
    struct tts base;            /* first: the handle is the backend */
    char said[64][512];
    tts_priority prio[64];
    int n, cancels;
};

static int rec_speak(tts_t *t, const char *utf8, tts_priority prio)
{
    struct rec *r = (struct rec *)t;
    snprintf(r->said[r->n % 64], sizeof r->said[0], "%s", utf8);   /* a ring */
    r->prio[r->n % 64] = prio;
    r->n++;
    return TTS_OK;
}

static int rec_cancel(tts_t *t)
{
    ((struct rec *)t)->cancels++;
    return TTS_OK;
}

static void rec_destroy(tts_t *t) { free(t); }

static const struct tts_ops rec_ops = {
    .name = "record", .speak = rec_speak, .cancel = rec_cancel, .destroy = rec_destroy,
};

struct fx {
    char *ob, *eb;
    size_t ol, el;
    FILE *o, *e;
    a11y_out_t *out;
    struct rec *rec;
};

static void fx_open(struct fx *f, int verbosity)
{
    memset(f, 0, sizeof *f);
    f->o = open_memstream(&f->ob, &f->ol);
    f->e = open_memstream(&f->eb, &f->el);
    struct a11y_out_options opts = {.color = -1, .verbosity = verbosity};
    assert_int_equal(a11y_out_new(&f->out, f->o, f->e, &opts), 0);
    f->rec = calloc(1, sizeof *f->rec);
    tts_base_init(&f->rec->base, &rec_ops, NULL);
    a11y_out_set_tts(f->out, &f->rec->base);
}

static void fx_close(struct fx *f)
{
    a11y_out_free(f->out);
    tts_close(&f->rec->base);
    fclose(f->o);
    fclose(f->e);
    free(f->ob);
    free(f->eb);
}

static void t_speech_follows_print(void **state)
{
    (void)state;
    struct fx f;
    fx_open(&f, 2);
    a11y_say(f.out, A11Y_CUSTOMER, "Where is my parcel?");
    a11y_say(f.out, A11Y_FEEDBACK, "Good apology.");
    a11y_progress(f.out, "Importing", 100);
    a11y_error(f.out, "cannot open the file", "check the name");
    a11y_data(f.out, "{\"raw\": 1}");          /* data lines are never spoken */
    fflush(f.o);
    assert_int_equal(f.rec->n, 4);
    /* every spoken line is a printed line (6), at its priority (8) */
    for (int i = 0; i < 3; i++)
        assert_non_null(strstr(f.ob, f.rec->said[i]));
    assert_string_equal(f.rec->said[0], "Customer: Where is my parcel?");
    assert_int_equal(f.rec->prio[0], TTS_PRIO_MESSAGE);
    assert_int_equal(f.rec->prio[1], TTS_PRIO_TEXT);
    assert_int_equal(f.rec->prio[2], TTS_PRIO_PROGRESS);
    assert_int_equal(f.rec->prio[3], TTS_PRIO_IMPORTANT);
    assert_null(strstr(f.rec->said[3], "raw"));
    a11y_hush(f.out);
    assert_int_equal(f.rec->cancels, 1);
    fx_close(&f);
}

static void t_history_and_repeat(void **state)
{
    (void)state;
    struct fx f;
    fx_open(&f, 2);
    assert_false(a11y_repeat(f.out, A11Y_CUSTOMER));
    a11y_say(f.out, A11Y_CUSTOMER, "first customer line");
    for (int i = 0; i < 30; i++)
        a11y_say(f.out, A11Y_INFO, "line %d", i);
    a11y_say(f.out, A11Y_CUSTOMER, "second customer line");
    a11y_say(f.out, A11Y_SCORE, "80 of 100");
    a11y_kind k;
    assert_string_equal(a11y_history(f.out, 0, &k), "80 of 100");
    assert_int_equal(k, A11Y_SCORE);
    assert_string_equal(a11y_history(f.out, 2, &k), "line 29");
    assert_string_equal(a11y_history(f.out, 32, &k), "first customer line");  /* >= 20 kept */
    /* 50 kept, not more */
    for (int i = 0; i < 60; i++)
        a11y_say(f.out, A11Y_INFO, "more %d", i);
    assert_non_null(a11y_history(f.out, A11Y_HISTORY - 1, NULL));
    assert_null(a11y_history(f.out, A11Y_HISTORY, NULL));
    /* repeat re-prints and re-speaks the last customer line */
    a11y_say(f.out, A11Y_CUSTOMER, "third customer line");
    a11y_say(f.out, A11Y_HINT, "say sorry first");
    int spoken = f.rec->n;
    assert_true(a11y_repeat(f.out, A11Y_CUSTOMER));
    fflush(f.o);
    const char *last = strrchr(f.ob, 'C');
    assert_non_null(last);
    assert_string_equal(last, "Customer: third customer line\n");
    assert_string_equal(f.rec->said[(f.rec->n - 1) % 64], "Customer: third customer line");
    assert_int_equal(f.rec->n, spoken + 1);
    fx_close(&f);
}

static void t_spell(void **state)
{
    (void)state;
    char *shown, *spoken;
    assert_int_equal(a11y_spell("TB2024 01", "en", &shown, &spoken), 0);
    assert_string_equal(shown, "T B 2 0 2 4 space 0 1");
    assert_string_equal(spoken, "T, B, two, zero, two, four, space, zero, one");
    free(shown);
    free(spoken);
    /* word breaks and punctuation are said, never dropped */
    assert_int_equal(a11y_spell("  Hi?  Yo. ", "en", &shown, &spoken), 0);
    assert_string_equal(shown, "H i question mark space Y o period");
    assert_string_equal(spoken, "H, i, question mark, space, Y, o, period");
    free(shown);
    free(spoken);
    assert_int_equal(a11y_spell("在吗？ 好", "zh", &shown, &spoken), 0);
    assert_string_equal(shown, "在 吗 问号 空格 好");
    free(shown);
    free(spoken);
    assert_int_equal(a11y_spell("TB20", "zh", &shown, &spoken), 0);
    assert_string_equal(spoken, "提，比，二，零");
    free(shown);
    free(spoken);
    assert_int_equal(a11y_spell("退款", "zh", &shown, &spoken), 0);
    assert_string_equal(shown, "退 款");
    free(shown);
    free(spoken);
    char *num = a11y_find_order_number("亲，订单 TB20240315001 还没到，电话 123");
    assert_string_equal(num, "TB20240315001");
    free(num);
    assert_null(a11y_find_order_number("no number here, only 12 and abcdefgh"));

    struct fx f;
    fx_open(&f, 2);
    assert_false(a11y_spell_last(f.out, "en"));
    a11y_say(f.out, A11Y_CUSTOMER, "My order TB42 is late, order TB20240315001.");
    a11y_say(f.out, A11Y_HINT, "apologise");
    assert_true(a11y_spell_last(f.out, "en"));
    fflush(f.o);
    assert_non_null(strstr(f.ob, "Info: Spelling: T B 2 0 2 4 0 3 1 5 0 0 1\n"));
    /* the names spoken are of the characters printed */
    assert_string_equal(f.rec->said[(f.rec->n - 1) % 64],
                        "T, B, two, zero, two, four, zero, three, one, five, zero, zero, one");
    fx_close(&f);
}

/* The tagged content lines are the same at every level (14). */
static void t_verbosity_levels(void **state)
{
    (void)state;
    char *content[3];
    for (int v = 1; v <= 3; v++) {
        struct fx f;
        fx_open(&f, v);
        a11y_say(f.out, A11Y_CUSTOMER, "Where is it?");
        a11y_detail(f.out, 2, "normal detail");
        a11y_detail(f.out, 3, "verbose detail");
        a11y_say(f.out, A11Y_SCORE, "70");
        fflush(f.o);
        /* keep only the content lines */
        char *keep = calloc(1, f.ol + 1);
        for (char *line = strtok(f.ob, "\n"); line; line = strtok(NULL, "\n"))
            if (strncmp(line, "Info:", 5) != 0) {
                strcat(keep, line);
                strcat(keep, "\n");
            }
        content[v - 1] = keep;
        fflush(f.o);
        fx_close(&f);
    }
    assert_string_equal(content[0], "Customer: Where is it?\nScore: 70\n");
    assert_string_equal(content[0], content[1]);
    assert_string_equal(content[1], content[2]);
    for (int i = 0; i < 3; i++)
        free(content[i]);
    struct fx f;
    fx_open(&f, 1);
    a11y_detail(f.out, 2, "hidden");
    assert_int_equal(a11y_out_set_verbosity(f.out, 3), 3);
    a11y_detail(f.out, 3, "shown");
    assert_int_equal(a11y_out_set_verbosity(f.out, 9), 3);
    assert_int_equal(a11y_out_set_verbosity(f.out, 0), 1);
    fflush(f.o);
    assert_null(strstr(f.ob, "hidden"));
    assert_non_null(strstr(f.ob, "Info: shown"));
    fx_close(&f);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(t_speech_follows_print),
    cmocka_unit_test(t_history_and_repeat),
    cmocka_unit_test(t_spell),
    cmocka_unit_test(t_verbosity_levels),
};
KEFU_TEST_GROUP(a11y_history, tests, NULL, NULL)
