/* test_hours_store.c -- kb_hours.h on a real SQLite database in :memory:.
 * Range queries from both ends, overlap rules, one open interval, undo of a
 * multi-interval change, heartbeats never moving back. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb.h"
#include "kb_hours.h"

struct fx { kb_t *kb; int64_t uid; };

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    assert_int_equal(kb_open(&f->kb, ":memory:", KB_OPEN_CREATE), KB_OK);
    assert_int_equal(kb_user_ensure(f->kb, "ana", &f->uid), KB_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    kb_close(f->kb);
    free(f);
    return 0;
}

static int64_t add(struct fx *f, int64_t action, int64_t s, int64_t e, const char *tags)
{
    struct kb_hours_iv iv = {0};
    iv.start = s;
    iv.end = e;
    iv.open = e < 0;
    snprintf(iv.tags, sizeof iv.tags, "%s", tags);
    assert_int_equal(kb_hours_insert(f->kb, action, f->uid, &iv), KB_OK);
    return iv.id;
}

static void t_range_both_ends(void **state)
{
    struct fx *f = *state;
    int64_t a;
    assert_int_equal(kb_hours_action_begin(f->kb, f->uid, "add", 0, false, &a), KB_OK);
    add(f, a, 100, 200, "x");
    add(f, a, 250, 400, "y z");   /* reaches into [300, 500) from before */
    add(f, a, 450, 460, "");
    add(f, a, 600, 700, "");
    struct kb_hours_iv *ivs = NULL;
    size_t n = 0;
    assert_int_equal(kb_hours_range(f->kb, f->uid, 300, 500, &ivs, &n), KB_OK);
    assert_int_equal(n, 2);
    assert_int_equal(ivs[0].start, 250);
    assert_string_equal(ivs[0].tags, "y z");
    assert_int_equal(ivs[1].start, 450);
    free(ivs);
    /* A range touching an end exactly does not include that interval. */
    assert_int_equal(kb_hours_range(f->kb, f->uid, 200, 250, &ivs, &n), KB_OK);
    assert_int_equal(n, 0);
    free(ivs);
}

static void t_overlap_rules(void **state)
{
    struct fx *f = *state;
    int64_t a;
    struct kb_hours_iv hit;
    assert_int_equal(kb_hours_action_begin(f->kb, f->uid, "add", 0, false, &a), KB_OK);
    int64_t id = add(f, a, 100, 200, "");
    assert_int_equal(kb_hours_overlap(f->kb, f->uid, 150, 300, -1, &hit), KB_OK);
    assert_int_equal(hit.id, id);
    assert_int_equal(kb_hours_overlap(f->kb, f->uid, 200, 300, -1, &hit), KB_NOTFOUND);
    assert_int_equal(kb_hours_overlap(f->kb, f->uid, 50, 100, -1, &hit), KB_NOTFOUND);
    assert_int_equal(kb_hours_overlap(f->kb, f->uid, 150, 300, id, &hit), KB_NOTFOUND);
    /* A zero-length point inside conflicts; on the edge it does not. */
    assert_int_equal(kb_hours_overlap(f->kb, f->uid, 150, 150, -1, &hit), KB_OK);
    assert_int_equal(kb_hours_overlap(f->kb, f->uid, 200, 200, -1, &hit), KB_NOTFOUND);
    /* An open interval reaches forever. */
    add(f, a, 1000, -1, "");
    assert_int_equal(kb_hours_overlap(f->kb, f->uid, 5000, 6000, -1, &hit), KB_OK);
    assert_true(hit.open);
}

static void t_one_open_interval(void **state)
{
    struct fx *f = *state;
    int64_t a;
    assert_int_equal(kb_hours_action_begin(f->kb, f->uid, "start", 0, false, &a), KB_OK);
    add(f, a, 100, -1, "");
    struct kb_hours_iv iv = {.start = 500, .open = true};
    assert_int_not_equal(kb_hours_insert(f->kb, a, f->uid, &iv), KB_OK);
}

static void t_undo_restores_every_interval(void **state)
{
    struct fx *f = *state;
    int64_t a, b;
    struct kb_hours_iv iv;
    char what[32];
    int64_t at = 0;
    assert_int_equal(kb_hours_action_begin(f->kb, f->uid, "start", 10, false, &a), KB_OK);
    int64_t id = add(f, a, 100, -1, "calls");
    /* pause: close the work and open a break, as one change */
    assert_int_equal(kb_hours_action_begin(f->kb, f->uid, "pause", 20, false, &b), KB_OK);
    assert_int_equal(kb_hours_get(f->kb, f->uid, id, &iv), KB_OK);
    iv.open = false;
    iv.end = 300;
    assert_int_equal(kb_hours_update(f->kb, b, f->uid, &iv), KB_OK);
    struct kb_hours_iv brk = {.start = 300, .open = true, .kind = KB_HOURS_BREAK};
    assert_int_equal(kb_hours_insert(f->kb, b, f->uid, &brk), KB_OK);
    /* an automatic change after it is undone with it */
    assert_int_equal(kb_hours_action_begin(f->kb, f->uid, "cap", 30, true, &b), KB_OK);
    brk.open = false;
    brk.end = 400;
    assert_int_equal(kb_hours_update(f->kb, b, f->uid, &brk), KB_OK);

    assert_int_equal(kb_hours_undo(f->kb, f->uid, what, sizeof what, &at), KB_OK);
    assert_string_equal(what, "pause");
    assert_int_equal(at, 20);
    assert_int_equal(kb_hours_get(f->kb, f->uid, brk.id, &iv), KB_NOTFOUND);
    assert_int_equal(kb_hours_open_get(f->kb, f->uid, &iv), KB_OK);
    assert_int_equal(iv.id, id);
    assert_string_equal(iv.tags, "calls");
    assert_int_equal(kb_hours_undo(f->kb, f->uid, what, sizeof what, &at), KB_OK);
    assert_string_equal(what, "start");
    assert_int_equal(kb_hours_open_get(f->kb, f->uid, &iv), KB_NOTFOUND);
    assert_int_equal(kb_hours_undo(f->kb, f->uid, what, sizeof what, &at), KB_NOTFOUND);
}

static void t_delete_unknown_and_other_user(void **state)
{
    struct fx *f = *state;
    int64_t a, bo;
    struct kb_hours_iv iv;
    assert_int_equal(kb_user_ensure(f->kb, "bo", &bo), KB_OK);
    assert_int_equal(kb_hours_action_begin(f->kb, f->uid, "add", 0, false, &a), KB_OK);
    int64_t id = add(f, a, 100, 200, "");
    assert_int_equal(kb_hours_get(f->kb, bo, id, &iv), KB_NOTFOUND);
    assert_int_equal(kb_hours_delete(f->kb, a, bo, id), KB_NOTFOUND);
    assert_int_equal(kb_hours_delete(f->kb, a, f->uid, 999), KB_NOTFOUND);
    assert_int_equal(kb_hours_delete(f->kb, a, f->uid, id), KB_OK);
}

static void t_touch_never_back(void **state)
{
    struct fx *f = *state;
    struct kb_hours_state st;
    assert_int_equal(kb_hours_touch(f->kb, f->uid, 500), KB_OK);
    assert_int_equal(kb_hours_touch(f->kb, f->uid, 300), KB_OK);
    assert_int_equal(kb_hours_state_get(f->kb, f->uid, &st), KB_OK);
    assert_int_equal(st.last_activity, 500);
    assert_int_equal(kb_hours_set_continue(f->kb, f->uid, "2026-03-02"), KB_OK);
    assert_int_equal(kb_hours_state_get(f->kb, f->uid, &st), KB_OK);
    assert_string_equal(st.continue_date, "2026-03-02");
    assert_int_equal(st.last_activity, 500);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(t_range_both_ends, setup, teardown),
    cmocka_unit_test_setup_teardown(t_overlap_rules, setup, teardown),
    cmocka_unit_test_setup_teardown(t_one_open_interval, setup, teardown),
    cmocka_unit_test_setup_teardown(t_undo_restores_every_interval, setup, teardown),
    cmocka_unit_test_setup_teardown(t_delete_unknown_and_other_user, setup, teardown),
    cmocka_unit_test_setup_teardown(t_touch_never_back, setup, teardown),
};
KEFU_TEST_GROUP(kb_hours_store, tests, NULL, NULL)
