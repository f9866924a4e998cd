/* prompt_fixture.h -- the prompt driven through a pipe (no terminal, so no
 * readline and no echo), with a recording speech backend, a small completion
 * library and a trainer's snippet; shared by test_prompt.c and
 * test_prompt_edit.c (one test executable: static, include once per file).
 * Change f->po before the first fx_prompt(f) for another set-up. */
#ifndef KEFU_TEST_PROMPT_FIXTURE_H
#define KEFU_TEST_PROMPT_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "prompt.h"
#include "tts_backend.h"

struct rec {
    struct tts base;
    int spoken, cancels;
};
static int rec_speak(tts_t *t, const char *u, tts_priority p)
{
    (void)u; (void)p;
    ((struct rec *)t)->spoken++;
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
    int fd[2];
    char *ob, *eb;
    size_t ol, el;
    FILE *o, *e;
    a11y_out_t *out;
    a11y_keymap_t *km;
    a11y_complete_t *c;
    a11y_prompt_t *p;
    struct rec *rec;
    struct a11y_prompt_options po;
    int saved_rate, saved_verbosity;
};

static void on_rate(void *arg, int wpm) { ((struct fx *)arg)->saved_rate = wpm; }
static void on_verb(void *arg, int v) { ((struct fx *)arg)->saved_verbosity = v; }

static struct fx *fx_new(void)
{
    struct fx *f = calloc(1, sizeof *f);
    assert_int_equal(pipe(f->fd), 0);
    f->o = open_memstream(&f->ob, &f->ol);
    f->e = open_memstream(&f->eb, &f->el);
    struct a11y_out_options oo = {.color = -1, .verbosity = 2};
    assert_int_equal(a11y_out_new(&f->out, f->o, f->e, &oo), 0);
    f->rec = calloc(1, sizeof *f->rec);
    tts_base_init(&f->rec->base, &rec_ops, NULL);
    a11y_out_set_tts(f->out, &f->rec->base);
    f->km = a11y_keymap_new();
    f->c = a11y_complete_new();
    for (int i = 0; i < 6; i++) {   /* a library that says them often */
        a11y_complete_add(f->c, "Sorry for the delay.", false);
        a11y_complete_add(f->c, "Could you give me your order number?", false);
    }
    char err[128];
    a11y_complete_snippet(f->c, "/qj", "非常抱歉给您带来不便。", err, sizeof err);
    f->po = (struct a11y_prompt_options){
        .in_fd = f->fd[0], .out = f->out, .keys = f->km, .complete = f->c,
        .shortcuts = true, .interrupt_on_typing = true, .auto_offer = true,
        .scan_interval = 0.5, .lang = "en", .rate_wpm = 175,
        .on_rate = on_rate, .on_verbosity = on_verb, .arg = f,
    };
    return f;
}

static a11y_prompt_t *fx_prompt(struct fx *f)
{
    if (!f->p)
        f->p = a11y_prompt_new(&f->po);
    return f->p;
}

static void fx_keys(struct fx *f, const char *keys)
{
    assert_int_equal(write(f->fd[1], keys, strlen(keys)), (ssize_t)strlen(keys));
}

static const char *fx_out(struct fx *f)
{
    fflush(f->o);
    return f->ob ? f->ob : "";
}

static void fx_free(struct fx *f)
{
    a11y_prompt_free(f->p);
    a11y_keymap_free(f->km);
    a11y_complete_free(f->c);
    a11y_out_free(f->out);
    tts_close(&f->rec->base);
    fclose(f->o);
    fclose(f->e);
    free(f->ob);
    free(f->eb);
    close(f->fd[0]);
    if (f->fd[1] >= 0)
        close(f->fd[1]);
    free(f);
}

#endif
