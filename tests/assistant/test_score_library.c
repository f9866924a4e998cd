/* test_score_library.c -- the whole built-in library (every .kefu file in kb/data) against
 * the scorer: every model answer, zh and en, passes its own rubric with its
 * practice order filled in; obviously wrong answers (empty, rude, off-topic)
 * fail every turn. */
#include "harness.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb_orders.h"
#include "score.h"

struct fixture {
    kb_library *lib;
    kb_t *kb;
};

static int cmp(const void *a, const void *b) { return strcmp(*(char **)a, *(char **)b); }

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    char dir[1024], *names[64];
    size_t n = 0;
    snprintf(dir, sizeof dir, "%s/kb/data", KEFU_SOURCE_DIR);
    DIR *d = opendir(dir);
    if (!f || !d || kb_library_new(&f->lib) != KB_OK)
        return -1;
    struct dirent *e;
    while ((e = readdir(d)) && n < 64) {
        size_t l = strlen(e->d_name);
        if (l > 5 && strcmp(e->d_name + l - 5, ".kefu") == 0)
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp);
    for (size_t i = 0; i < n; i++) {
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        kb_parse_file(f->lib, path, NULL);
        free(names[i]);
    }
    kb_diags dg;
    kb_diags_init(&dg);
    int rc = kb_library_finish(f->lib, &dg);
    for (size_t i = 0; i < dg.count; i++)
        if (dg.items[i].severity == KB_DIAG_ERROR) {
            char *line = kb_diag_format(&dg.items[i]);
            print_error("%s\n", line);
            free(line);
        }
    kb_diags_free(&dg);
    if (rc != KB_OK)
        return -1;
    /* the practice orders, for {order.*} */
    if (kb_open(&f->kb, ":memory:", KB_OPEN_CREATE) != KB_OK)
        return -1;
    char p1[2048], p2[2048];
    snprintf(p1, sizeof p1, "%s/orders.tsv", dir);
    snprintf(p2, sizeof p2, "%s/order_events.tsv", dir);
    size_t l1 = 0, l2 = 0;
    char *o = kefu_test_read_file(p1, &l1), *ev = kefu_test_read_file(p2, &l2);
    if (o && ev)
        kb_orders_load_tsv(f->kb, "orders.tsv", o, l1, "order_events.tsv", ev, l2);
    free(o);
    free(ev);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    kb_library_free(f->lib);
    kb_close(f->kb);
    free(f);
    return 0;
}

struct fill { kb_order *o; bool en; char buf[32]; };

static const char *fill(void *arg, const char *name)
{
    struct fill *fl = arg;
    return fl->o ? kb_order_field(fl->o, name, fl->en, fl->buf, sizeof fl->buf) : NULL;
}

static void t_library_size(void **state)
{
    struct fixture *f = *state;
    size_t turns = 0;
    for (size_t i = 0; i < f->lib->n_scenarios; i++)
        turns += f->lib->scenarios[i].n_turns;
    print_message("library: %zu scenarios, %zu turns\n", f->lib->n_scenarios, turns);
    assert_true(f->lib->n_scenarios >= 20);
}

static void t_model_answers_pass(void **state)
{
    struct fixture *f = *state;
    size_t checked = 0, failed = 0;
    for (size_t i = 0; i < f->lib->n_scenarios; i++) {
        const kb_scenario *sc = &f->lib->scenarios[i];
        for (int lang = 0; lang < KB_LANG_COUNT; lang++) {
            struct fill fl = {.en = lang == KB_LANG_EN};
            if (sc->order_id)
                assert_int_equal(kb_order_get(f->kb, sc->order_id, &fl.o), KB_OK);
            for (size_t t = 0; t < sc->n_turns; t++) {
                const char *model = sc->turns[t].answer[lang];
                if (!model)
                    continue;
                score_rubric_t *r = NULL;
                score_result res;
                assert_int_equal(score_rubric_new(&r, &sc->turns[t], fill, &fl), SCORE_OK);
                char *answer = score_render(model, fill, &fl);
                assert_int_equal(score_answer(r, answer, SCORE_TYPED, &res), SCORE_OK);
                checked++;
                if (res.fatal || res.score < SCORE_PASS_MARK) {
                    failed++;
                    print_error("%s turn %zu (%s): %d%s: %s\n", sc->slug, t + 1,
                                lang ? "en" : "zh", res.score, res.fatal ? " FATAL" : "", answer);
                    for (size_t k = 0; k < res.n_sections; k++)
                        if (!res.sections[k].hit)
                            print_error("    missed %s\n", res.sections[k].name);
                }
                /* the spoken scorer is never harder on the same words */
                score_result sp;
                assert_int_equal(score_answer(r, answer, SCORE_SPOKEN, &sp), SCORE_OK);
                assert_true(sp.score >= res.score);
                score_result_free(&sp);
                score_result_free(&res);
                free(answer);
                score_rubric_free(r);
            }
            kb_order_free(fl.o);
        }
    }
    print_message("model answers checked: %zu, failed: %zu\n", checked, failed);
    assert_true(checked > 0);
    assert_int_equal(failed, 0);
}

static void t_wrong_answers_fail(void **state)
{
    struct fixture *f = *state;
    static const char *const wrong[] = {
        "", "   ", "。。。", "嗯", "ok", "今天天气真好，我们去公园吧。",
        "I like turtles and pizza.", "你烦不烦啊，自己看去！", "Whatever, not my problem.",
        "１２３４５", "asdfghjkl",
    };
    for (size_t i = 0; i < f->lib->n_scenarios; i++) {
        const kb_scenario *sc = &f->lib->scenarios[i];
        for (size_t t = 0; t < sc->n_turns; t++) {
            score_rubric_t *r = NULL;
            assert_int_equal(score_rubric_new(&r, &sc->turns[t], NULL, NULL), SCORE_OK);
            for (size_t w = 0; w < sizeof wrong / sizeof wrong[0]; w++) {
                score_result res;
                assert_int_equal(score_answer(r, wrong[w], SCORE_TYPED, &res), SCORE_OK);
                if (res.score >= SCORE_PASS_MARK)
                    print_error("%s turn %zu passed a wrong answer: %s (%d)\n", sc->slug,
                                t + 1, wrong[w], res.score);
                assert_true(res.score < SCORE_PASS_MARK);
                score_result_free(&res);
            }
            score_rubric_free(r);
        }
    }
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(t_library_size),
    cmocka_unit_test(t_model_answers_pass),
    cmocka_unit_test(t_wrong_answers_fail),
};
KEFU_TEST_GROUP(assistant_score_library, tests, setup, teardown)
