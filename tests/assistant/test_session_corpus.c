/* test_session_corpus.c -- completion never offers a template's placeholder:
 * a model answer "已为您查询订单{order.id}，预计{order.eta}送达。" gives the
 * pieces a trainee says, never "订单{" or "{order." (a switch user was
 * offered them as choices); nor a phrase set's word stem ("escalat", which
 * the list in view showed as "2 escalat" at "e"). session_io_corpus_from_kb. */
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "complete.h"
#include "kb.h"
#include "kb_library.h"
#include "kb_scenario.h"
#include "session_io.h"

static const char scenario[] =
    "scenario: where-is-it\n"
    "tier: basic\n"
    "category: order\n"
    "title: 订单到哪了\n"
    "title@en: Where is it\n"
    "order: TB20260318001\n"
    "customer: 我的订单{order.id}到哪了？\n"
    "customer@en: Where is order {order.id}?\n"
    "expect 100 verify: 订单 | {order.id} | order number\n"
    "answer: 亲，已为您查询订单{order.id}，预计{order.eta}送达。\n"
    "answer@en: I've checked order {order.id}; it should arrive on {order.eta}.\n";

/* Every offer for typed; true when one holds needle. */
static bool offers(const a11y_complete_t *c, const char *typed, const char *needle)
{
    struct a11y_completion o[A11Y_COMPLETE_MAX];
    size_t n = a11y_complete_offer(c, typed, o, A11Y_COMPLETE_MAX);
    bool found = false;
    for (size_t i = 0; i < n; i++) {
        found |= strstr(o[i].insert, needle) != NULL;
        a11y_completion_clear(&o[i]);
    }
    return found;
}

/* A database in memory with the library parsed from text installed. */
static kb_t *installed(const char *name, const char *text)
{
    kb_t *kb = NULL;
    kb_library *lib = NULL;
    kb_diags d;
    kb_diags_init(&d);
    assert_int_equal(kb_open(&kb, ":memory:", KB_OPEN_CREATE), KB_OK);
    assert_int_equal(kb_library_new(&lib), KB_OK);
    assert_int_equal(kb_parse_buffer(lib, name, text, strlen(text), &d), KB_OK);
    assert_int_equal(kb_library_finish(lib, &d), KB_OK);
    assert_int_equal(kb_lib_install(kb, lib, KB_ORIGIN_BUILTIN, NULL), KB_OK);
    kb_library_free(lib);
    kb_diags_free(&d);
    return kb;
}

static void t_no_placeholders_offered(void **state)
{
    (void)state;
    kb_t *kb = installed("t.kefu", scenario);

    a11y_complete_t *c = a11y_complete_new();
    assert_int_equal(session_io_corpus_from_kb(kb, c, "zh"), KB_OK);
    assert_false(offers(c, "", "{"));
    assert_false(offers(c, "亲，已为您查", "{"));
    assert_true(offers(c, "亲，已为您查", "询订单"));      /* the piece before */
    assert_false(offers(c, "", "}"));
    a11y_complete_free(c);

    c = a11y_complete_new();
    assert_int_equal(session_io_corpus_from_kb(kb, c, "en"), KB_OK);
    assert_false(offers(c, "I've checked ord", "{"));
    assert_true(offers(c, "I've checked ord", "er"));
    assert_false(offers(c, "it should arrive o", "{"));
    a11y_complete_free(c);

    kb_close(kb);
}

static const char stems[] =
    "phrases: escalate = escalat | empathis | rest assured | 升级\n"
    "scenario: angry\n"
    "tier: basic\n"
    "category: order\n"
    "title: 生气\n"
    "title@en: Angry\n"
    "customer: 我要找主管！\n"
    "customer@en: I want a supervisor!\n"
    "expect 100 escalate: $escalate\n"
    "answer: 已为您升级处理。\n"
    "answer@en: I have escalated this to my supervisor.\n";

/* An offer at typed whose text (spaces trimmed) is exactly want. */
static bool offers_exactly(const a11y_complete_t *c, const char *typed, const char *want)
{
    struct a11y_completion o[A11Y_COMPLETE_MAX];
    size_t n = a11y_complete_list(c, typed, o, A11Y_COMPLETE_MAX);
    bool found = false;
    for (size_t i = 0; i < n; i++) {
        const char *a = o[i].insert;
        while (*a == ' ')
            a++;
        size_t l = strlen(a);
        while (l > 0 && a[l - 1] == ' ')
            l--;
        found |= l == strlen(want) && strncmp(a, want, l) == 0;
        a11y_completion_clear(&o[i]);
    }
    return found;
}

static void t_stems_not_offered(void **state)
{
    (void)state;
    kb_t *kb = installed("s.kefu", stems);

    /* without a dictionary: "escalat" begins "escalated", a stem */
    a11y_complete_t *c = a11y_complete_new();
    assert_int_equal(session_io_corpus_from_kb_dict(kb, c, "en", NULL), KB_OK);
    assert_true(offers_exactly(c, "I have esc", "alated"));     /* the answer's word */
    assert_false(offers_exactly(c, "esc", "alat"));
    assert_false(offers_exactly(c, "I have esc", "alat"));
    assert_true(offers_exactly(c, "rest ass", "ured"));         /* a phrase of words */
    a11y_complete_free(c);

    /* with a pronouncing dictionary: "empathis" is no word either, and
     * "rest assured" stays although no sentence says it */
    char path[] = "/tmp/kefu-dict-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("rest R EH1 S T\nassured AH0 SH UH1 R D\nescalate EH1 S K AH0 L EY2 T\n"
          "escalate(2) EH1 S K AH0 L EY2 T\n", f);
    fclose(f);
    c = a11y_complete_new();
    assert_int_equal(session_io_corpus_from_kb_dict(kb, c, "en", path), KB_OK);
    assert_false(offers_exactly(c, "esc", "alat"));
    assert_false(offers_exactly(c, "emp", "athis"));
    assert_true(offers_exactly(c, "rest ass", "ured"));
    assert_true(offers_exactly(c, "I have esc", "alated"));
    a11y_complete_free(c);
    /* Chinese phrases have no stems: all kept */
    c = a11y_complete_new();
    assert_int_equal(session_io_corpus_from_kb_dict(kb, c, "zh", path), KB_OK);
    assert_true(a11y_complete_texts(c) >= 2);
    a11y_complete_free(c);
    unlink(path);

    kb_close(kb);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(t_no_placeholders_offered),
    cmocka_unit_test(t_stems_not_offered),
};
KEFU_TEST_GROUP(assistant_session_corpus, tests, NULL, NULL)
