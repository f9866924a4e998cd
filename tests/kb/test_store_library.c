/* test_store_library.c -- storing the library: built-in loads and reloads
 * (trainees' rows and trainers' imports untouched), imports replacing by
 * slug, all-or-nothing installs, listing, show, closest slug, each_text. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb_int.h"
#include "kb_library.h"
#include "kb_scenario.h"
#include "kb_search.h"
#include "test_store_library_util.h"

static int64_t scalar(kb_t *kb, const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(kb->db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static char *top_slug(kb_t *kb, const char *q)
{
    kb_hit *h = NULL;
    size_t n = 0;
    assert_int_equal(kb_search(kb, q, NULL, 5, &h, &n), KB_OK);
    char *s = n ? strdup(h[0].slug) : NULL;
    kb_hits_free(h, n);
    return s;
}

static void t_install_counts(void **state)
{
    (void)state;
    kb_t *kb = kbt_open_with_library();
    size_t ns = 0, np = 0;
    assert_int_equal(kb_lib_count(kb, &ns, &np), KB_OK);
    assert_int_equal(ns, 4);
    assert_int_equal(np, 1);
    assert_int_equal(scalar(kb, "SELECT count(*) FROM scenario_variant"), 6);
    assert_int_equal(scalar(kb, "SELECT count(*) FROM rubric_item"), 6);
    /* $sorry is expanded into the rubric line's phrases */
    assert_int_equal(scalar(kb, "SELECT count(*) FROM rubric_phrase p JOIN rubric_item i"
                                " ON i.id = p.item_id WHERE i.section = 'empathy'"), 3);
    assert_int_equal(scalar(kb, "SELECT count(*) FROM phrase_alt"), 3);
    char *v = NULL;
    assert_int_equal(kb_lib_version(kb, &v), KB_OK);
    assert_string_equal(v, "");
    free(v);
    assert_int_equal(kb_lib_set_version(kb, "v1-abc"), KB_OK);
    assert_int_equal(kb_lib_version(kb, &v), KB_OK);
    assert_string_equal(v, "v1-abc");
    free(v);
    kb_close(kb);
}

static void t_list_and_get(void **state)
{
    (void)state;
    kb_t *kb = kbt_open_with_library();
    kb_lib_entry *e = NULL;
    size_t n = 0;
    assert_int_equal(kb_lib_list(kb, NULL, &e, &n), KB_OK);
    assert_int_equal(n, 5);
    /* ordered by tier: basic first, policies last */
    assert_string_equal(e[0].tier, "basic");
    assert_string_equal(e[4].slug, "policy-7day-return");
    assert_string_equal(e[4].kind, "policy");
    kb_lib_entries_free(e, n);
    assert_int_equal(kb_lib_list(kb, "basic", &e, &n), KB_OK);
    assert_int_equal(n, 2);
    kb_lib_entries_free(e, n);
    assert_int_equal(kb_lib_list(kb, "policy", &e, &n), KB_OK);
    assert_int_equal(n, 1);
    kb_lib_entries_free(e, n);

    kb_lib_detail *d = NULL;
    assert_int_equal(kb_lib_get(kb, "damaged-item", &d), KB_OK);
    assert_string_equal(d->tier, "intermediate");
    assert_string_equal(d->title[1], "Item arrived damaged");
    assert_string_equal(d->order_id, "TB20260301001");
    assert_int_equal(d->n_turns, 1);
    assert_int_equal(d->turns[0].n_customers, 2);
    assert_string_equal(d->turns[0].customers[1][0], "东西摔碎了，你们怎么包装的？");
    assert_int_equal(d->turns[0].n_rubric, 3);
    assert_string_equal(d->turns[0].rubric[0].phrases, "抱歉 | 不好意思 | sorry");
    assert_string_equal(d->turns[0].rubric[2].kind, "forbid");
    assert_non_null(strstr(d->turns[0].answer[0], "补发"));
    kb_lib_detail_free(d);

    assert_int_equal(kb_lib_get(kb, "policy-7day-return", &d), KB_OK);
    assert_string_equal(d->kind, "policy");
    assert_non_null(strstr(d->brief[0], "七天内"));
    assert_int_equal(d->n_turns, 0);
    kb_lib_detail_free(d);

    assert_int_equal(kb_lib_get(kb, "no-such-thing", &d), KB_NOTFOUND);
    assert_null(d);
    char *best = NULL;
    assert_int_equal(kb_lib_closest(kb, "damaged-itme", &best), KB_OK);
    assert_string_equal(best, "damaged-item");
    free(best);
    assert_int_equal(kb_lib_closest(kb, "ORDER-STATUS", &best), KB_OK);
    assert_string_equal(best, "order-status");
    free(best);
    kb_close(kb);
}

/* A reload of changed built-in data: removed entries go, changed ones are
 * updated in place (same id), trainees' rows and imports stay. */
static void t_reload_keeps_trainee_rows(void **state)
{
    (void)state;
    kb_t *kb = kbt_open_with_library();
    int64_t uid = 0;
    assert_int_equal(kb_user_ensure(kb, "alice", &uid), KB_OK);
    assert_int_equal(kb_setting_set(kb, "alice", "speech.rate", "160"), KB_OK);
    int64_t id_before = scalar(kb, "SELECT id FROM scenario WHERE slug = 'order-status'");

    kb_library *imp = kbt_parse("trainer.kefu",
        "scenario: gift-wrap\ntier: basic\ncategory: packing\ntitle: 礼品包装\n"
        "title@en: Gift wrapping\ncustomer: 可以帮忙包装成礼物吗\n"
        "customer@en: Can you gift-wrap it?\nexpect 100 resolve: 包装 | wrap\n");
    kb_lib_report rep;
    assert_int_equal(kb_lib_install(kb, imp, KB_ORIGIN_IMPORT, &rep), KB_OK);
    assert_int_equal(rep.n_added, 1);
    assert_string_equal(rep.added[0], "gift-wrap");
    kb_lib_report_free(&rep);
    kb_library_free(imp);

    /* new built-in data: invoice-request gone, order-status retitled */
    char *text = strdup(kbt_library_text);
    char *cut = strstr(text, "scenario: invoice-request");
    char *next = strstr(cut, "scenario: escalate-supervisor");
    memmove(cut, next, strlen(next) + 1);
    char *title = strstr(text, "查询订单物流");
    memcpy(title, "查询订单进度", strlen("查询订单进度"));
    kb_library *lib = kbt_parse("fixture.kefu", text);
    assert_int_equal(kb_lib_install(kb, lib, KB_ORIGIN_BUILTIN, &rep), KB_OK);
    assert_int_equal(rep.n_removed, 1);
    kb_lib_report_free(&rep);
    kb_library_free(lib);
    free(text);

    assert_int_equal(scalar(kb, "SELECT count(*) FROM scenario WHERE slug = 'invoice-request'"), 0);
    assert_int_equal(scalar(kb, "SELECT count(*) FROM scenario_variant v LEFT JOIN scenario s"
                                " ON s.id = v.scenario_id WHERE s.id IS NULL"), 0);
    assert_int_equal(scalar(kb, "SELECT id FROM scenario WHERE slug = 'order-status'"), id_before);
    assert_int_equal(scalar(kb, "SELECT count(*) FROM scenario WHERE title_zh = '查询订单进度'"), 1);
    assert_int_equal(scalar(kb, "SELECT count(*) FROM scenario WHERE slug = 'gift-wrap'"
                                " AND origin = 'import'"), 1);
    char *v = NULL;
    assert_int_equal(kb_setting_get(kb, "alice", "speech.rate", &v), KB_OK);
    assert_string_equal(v, "160");
    free(v);
    /* the index follows: the removed entry is no longer found, the import is */
    char *s = top_slug(kb, "开发票");
    assert_true(s == NULL || strcmp(s, "invoice-request") != 0);
    free(s);
    s = top_slug(kb, "礼品包装");
    assert_string_equal(s, "gift-wrap");
    free(s);
    kb_close(kb);
}

/* A trainer's replacement of a built-in slug survives built-in reloads. */
static void t_import_replaces_and_wins(void **state)
{
    (void)state;
    kb_t *kb = kbt_open_with_library();
    kb_library *imp = kbt_parse("trainer.kefu",
        "scenario: order-status\ntier: basic\ncategory: logistics\ntitle: 物流查询（本店版）\n"
        "title@en: Tracking (our way)\ncustomer: 包裹在哪\ncustomer@en: Where is the parcel\n"
        "expect 100 verify: 订单号 | order number\n");
    kb_lib_report rep;
    assert_int_equal(kb_lib_install(kb, imp, KB_ORIGIN_IMPORT, &rep), KB_OK);
    assert_int_equal(rep.n_added, 0);
    assert_int_equal(rep.n_replaced, 1);
    assert_string_equal(rep.replaced[0], "order-status");
    kb_lib_report_free(&rep);
    kb_library_free(imp);

    kb_library *lib = kbt_parse("fixture.kefu", kbt_library_text);
    assert_int_equal(kb_lib_install(kb, lib, KB_ORIGIN_BUILTIN, &rep), KB_OK);
    assert_int_equal(rep.n_kept, 1);
    assert_string_equal(rep.kept[0], "order-status");
    kb_lib_report_free(&rep);
    kb_library_free(lib);
    assert_int_equal(scalar(kb, "SELECT count(*) FROM scenario WHERE slug = 'order-status'"
                                " AND origin = 'import' AND title_zh = '物流查询（本店版）'"), 1);
    assert_int_equal(scalar(kb, "SELECT count(*) FROM scenario_variant v JOIN scenario s"
                                " ON s.id = v.scenario_id WHERE s.slug = 'order-status'"), 1);
    kb_close(kb);
}

/* A failure half-way through an install leaves everything as it was. */
static void t_install_all_or_nothing(void **state)
{
    (void)state;
    kb_t *kb = kbt_open_with_library();
    /* make the second scenario of the import fail inside SQLite */
    assert_int_equal(sqlite3_exec(kb->db,
        "CREATE TEMP TRIGGER boom BEFORE INSERT ON scenario WHEN NEW.slug = 'second'"
        " BEGIN SELECT RAISE(ABORT, 'boom'); END;", NULL, NULL, NULL), SQLITE_OK);
    int64_t before = scalar(kb, "SELECT count(*) FROM scenario");
    int64_t vars = scalar(kb, "SELECT count(*) FROM scenario_variant");
    kb_library *imp = kbt_parse("trainer.kefu",
        "scenario: first\ntier: basic\ncategory: x\ntitle: 第一\ntitle@en: First\n"
        "customer: 一号问题独特词甲\nexpect 100 a: 好\n"
        "scenario: second\ntier: basic\ncategory: x\ntitle: 第二\ntitle@en: Second\n"
        "customer: 二号问题\nexpect 100 a: 好\n");
    kb_lib_report rep;
    assert_int_not_equal(kb_lib_install(kb, imp, KB_ORIGIN_IMPORT, &rep), KB_OK);
    assert_non_null(strstr(kb_errmsg(kb), "boom"));
    assert_int_equal(rep.n_added, 0);
    kb_library_free(imp);
    assert_int_equal(scalar(kb, "SELECT count(*) FROM scenario"), before);
    assert_int_equal(scalar(kb, "SELECT count(*) FROM scenario_variant"), vars);
    char *s = top_slug(kb, "独特词甲");
    assert_null(s);
    /* and the database is still usable afterwards */
    s = top_slug(kb, "开发票");
    assert_string_equal(s, "invoice-request");
    free(s);
    kb_close(kb);
}

static void t_install_rejects_unfinished(void **state)
{
    (void)state;
    kb_t *kb = NULL;
    assert_int_equal(kb_open(&kb, ":memory:", KB_OPEN_CREATE), KB_OK);
    assert_int_equal(kb_lib_install(kb, NULL, KB_ORIGIN_IMPORT, NULL), KB_INVALID);
    kb_close(kb);
}

struct texts {
    int n;
    int has_answer, has_phrase, has_alt;
};

static void collect(void *arg, const char *text)
{
    struct texts *t = arg;
    t->n++;
    if (strstr(text, "安排补发") || strstr(text, "arrange a replacement"))
        t->has_answer = 1;
    if (!strcmp(text, "订单号") || !strcmp(text, "order number"))
        t->has_phrase = 1;
    if (!strcmp(text, "不好意思") || !strcmp(text, "sorry"))
        t->has_alt = 1;
}

static void t_each_text(void **state)
{
    (void)state;
    kb_t *kb = kbt_open_with_library();
    struct texts zh = {0}, en = {0};
    assert_int_equal(kb_each_text(kb, "zh", collect, &zh), KB_OK);
    assert_int_equal(kb_each_text(kb, "en", collect, &en), KB_OK);
    assert_true(zh.n > 10);
    assert_true(en.n > 8);
    assert_true(zh.has_answer && zh.has_phrase && zh.has_alt);
    assert_true(en.has_answer && en.has_phrase && en.has_alt);
    assert_int_equal(kb_each_text(kb, "fr", collect, &zh), KB_INVALID);
    kb_close(kb);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(t_install_counts),
    cmocka_unit_test(t_list_and_get),
    cmocka_unit_test(t_reload_keeps_trainee_rows),
    cmocka_unit_test(t_import_replaces_and_wins),
    cmocka_unit_test(t_install_all_or_nothing),
    cmocka_unit_test(t_install_rejects_unfinished),
    cmocka_unit_test(t_each_text),
};
KEFU_TEST_GROUP(kb_store_library, tests, NULL, NULL)
