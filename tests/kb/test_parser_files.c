/* test_parser_files.c -- the scenario format across files and kinds of
 * block: duplicate slugs and phrase sets across files, policies, drills
 * (`use:`, `pass:`), and reference files and buffers (the built-in library
 * and imported scenarios lent to a trainer's file). One file's rules are
 * test_parser.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_parser_util.h"

static void t_duplicate_slug_across_files(void **state)
{
    (void)state;
    const char *names[] = { "a.kefu", "b.kefu" };
    const char *texts[] = { HEAD TURN, "\n" HEAD TURN "policy: s1\ntitle: p\n"
                                        "title@en: p\ncategory: c\ntext: x\n" };
    struct run *r = run_n(2, names, texts);
    assert_diag(r, "b.kefu:2:11: error: duplicate slug 's1'; it is already used by "
                   "the scenario at a.kefu:1");
    assert_diag(r, "b.kefu:10:9: error: duplicate slug 's1'; it is already used by "
                   "the scenario at a.kefu:1");
    assert_int_equal(r->d.errors, 2);
    /* the diagnostics are sorted by file, then position */
    assert_string_equal(r->d.items[0].file, "b.kefu");
    assert_int_equal(r->d.items[0].line, 2);
    run_free(r);
}

static void t_phrase_sets_across_files(void **state)
{
    (void)state;
    /* a.kefu uses $greet and $polite before b.kefu defines them; $polite
     * refers to another set. */
    const char *names[] = { "a.kefu", "b.kefu" };
    const char *texts[] = {
        HEAD "customer: 你好\nexpect 100 greeting: $polite | 嗨\nanswer: 您好\n",
        "phrases: greet = 您好 | hello\nphrases: polite = $greet | 请问\n" };
    struct run *r = run_n(2, names, texts);
    assert_clean(r);
    const kb_rubric_item *it = &r->lib->scenarios[0].turns[0].rubric[0];
    assert_int_equal(it->n_phrases, 4);
    assert_string_equal(it->phrases[0].text, "您好");
    assert_string_equal(it->phrases[1].text, "hello");
    assert_string_equal(it->phrases[2].text, "请问");
    assert_string_equal(it->phrases[3].text, "嗨");
    const kb_phrase_set *ps = kb_library_phrase_set(r->lib, "polite");
    assert_non_null(ps);
    assert_int_equal(ps->n_phrases, 3);
    run_free(r);
}

static void t_policies(void **state)
{
    (void)state;
    struct run *r = run1("policy: return-7day\ncategory: returns\n"
                         "title: 七天无理由退货\ntitle@en: 7-day returns\n"
                         "text: 第一段。\ntext@en: First.\ntext: 第二段。\n"
                         "text@en: Second.\n"
                         "policy: p2\ntext: 只有正文\n");
    assert_int_equal(r->lib->n_policies, 2);
    const kb_policy *p = kb_library_policy(r->lib, "return-7day");
    assert_non_null(p);
    assert_string_equal(p->category, "returns");
    assert_string_equal(p->title[KB_LANG_EN], "7-day returns");
    assert_string_equal(p->text[KB_LANG_ZH], "第一段。\n第二段。");
    assert_string_equal(p->text[KB_LANG_EN], "First.\nSecond.");
    assert_diag(r, "t.kefu:9:9: error: policy 'p2' has no 'title:' line");
    assert_diag(r, "t.kefu:9:9: warning: policy 'p2' has no 'title@en:' line (the "
                   "English title)");
    assert_diag(r, "t.kefu:9:9: warning: policy 'p2' has no 'category:' line; it is "
                   "listed under 'general'");
    assert_int_equal(r->d.errors, 1);
    run_free(r);
}

static void t_drills(void **state)
{
    (void)state;
    const char *names[] = { "lib.kefu", "drill.kefu" };
    const char *texts[] = {
        HEAD TURN "policy: pol\ntitle: p\ntitle@en: p\ncategory: c\ntext: t\n",
        "pass: 70%\nuse: s1\n"
        "scenario: own\ntier: basic\ntitle: t\ntitle@en: t\ncategory: c\n" TURN
        "use: s1\n" };
    struct run *r = run_n(2, names, texts);
    assert_clean(r);
    const kb_file *f = &r->lib->files[1];
    assert_int_equal(f->pass, 70);
    assert_int_equal(f->n_steps, 3);
    assert_true(f->steps[0].use);
    assert_string_equal(f->steps[0].slug, "s1");
    assert_false(f->steps[1].use);
    assert_string_equal(f->steps[1].slug, "own");
    assert_int_equal(f->steps[2].line, 11);
    assert_int_equal(r->lib->files[0].pass, -1);
    run_free(r);

    const char *texts2[] = {
        texts[0],
        "pass: 101\npass: 50\nuse: nope\nuse: pol\nuse: Bad\nuse:\nuse: known-elsewhere\n" };
    r = calloc(1, sizeof *r);
    kb_diags_init(&r->d);
    assert_int_equal(kb_library_new(&r->lib), KB_OK);
    assert_int_equal(kb_library_add_known_slug(r->lib, "known-elsewhere"), KB_OK);
    for (int i = 0; i < 2; i++)
        kb_parse_buffer(r->lib, names[i], texts2[i], strlen(texts2[i]), &r->d);
    assert_int_equal(kb_library_finish(r->lib, &r->d), KB_INVALID);
    char all[4096] = "";
    for (size_t i = 0; i < r->d.count; i++) {
        char *s = kb_diag_format(&r->d.items[i]);
        strcat(all, s);
        strcat(all, "\n");
        free(s);
    }
    r->text = strdup(all);
    assert_diag(r, "drill.kefu:1:7: error: the pass mark must be a whole number from 0 "
                   "to 100");
    assert_diag(r, "drill.kefu:3:6: error: 'use: nope' names no scenario of the "
                   "library; check the slug with 'kefu kb list'");
    assert_diag(r, "drill.kefu:4:6: error: 'use: pol' names a policy; use: takes the "
                   "slug of a scenario");
    assert_diag(r, "drill.kefu:5:6: error: bad slug 'Bad'; a slug uses only a-z, 0-9 "
                   "and '-'");
    assert_diag(r, "drill.kefu:6:4: error: 'use:' needs a slug, e.g. 'use: damaged-item'");
    assert_int_equal(r->lib->files[1].pass, 50);   /* the first valid one counts */
    assert_int_equal(r->d.errors, 5);              /* a bad slug is reported once */
    run_free(r);
}

static void t_reference_files(void **state)
{
    (void)state;
    char *dir = kefu_test_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/builtin.kefu", dir);
    const char *builtin = "phrases: hi = 您好 | hello\n" HEAD TURN "tier: bad\n";
    assert_int_equal(kefu_test_write_file(path, builtin, strlen(builtin)), 0);

    kb_library *lib = NULL;
    kb_diags d;
    kb_diags_init(&d);
    assert_int_equal(kb_library_new(&lib), KB_OK);
    const char *mine = HEAD "customer: 你好\nexpect 100 a: $hi\nanswer: 好\n"
                       "use: s1\n";
    assert_int_equal(kb_parse_buffer(lib, "mine.kefu", mine, strlen(mine), &d), KB_OK);
    assert_int_equal(kb_parse_reference_file(lib, path), KB_OK);
    assert_int_equal(kb_library_finish(lib, &d), KB_OK);
    /* the reference file's own error and the shared slug are not reported */
    assert_int_equal(d.count, 0);
    assert_int_equal(lib->n_scenarios, 2);
    const kb_scenario *s = kb_library_scenario(lib, "s1");
    assert_false(s->reference);
    assert_string_equal(s->turns[0].rubric[0].phrases[1].text, "hello");
    kb_library_free(lib);
    kb_diags_free(&d);
    kefu_test_rmtree(dir);
    free(dir);
}

/* Acceptance finding: a trainer imported a drill file (kefu kb import), then
 * ran the same file; the imported copy and the file collided ("duplicate
 * slug"). Imported text parsed as a reference buffer: the last reference copy
 * shadows the built-in one, the drill file (non-reference) shadows both. */
static void t_reference_buffers(void **state)
{
    (void)state;
    kb_library *lib = NULL;
    kb_diags d;
    kb_diags_init(&d);
    assert_int_equal(kb_library_new(&lib), KB_OK);
    const char *builtin = "phrases: hi = 您好\n" HEAD TURN;
    const char *imported = "phrases: hi = 亲\n" HEAD "customer: 在吗\n"
                           "expect 100 a: $hi\nanswer: 亲\n";
    assert_int_equal(kb_parse_reference_buffer(lib, "builtin", builtin, strlen(builtin)),
                     KB_OK);
    assert_int_equal(kb_parse_reference_buffer(lib, "imported:s1", imported,
                                               strlen(imported)), KB_OK);
    assert_int_equal(kb_library_finish(lib, &d), KB_OK);
    assert_int_equal(d.count, 0);
    const kb_scenario *s = kb_library_scenario(lib, "s1");
    assert_non_null(s);
    assert_string_equal(s->turns[0].customers[0].text[0], "在吗");    /* the later copy */
    assert_string_equal(kb_library_phrase_set(lib, "hi")->phrases[0].text, "亲");
    assert_string_equal(s->turns[0].rubric[0].phrases[0].text, "亲");
    kb_library_free(lib);

    /* ...and the drill file itself, defining s1 again, wins without an error */
    kb_diags_free(&d);
    kb_diags_init(&d);
    assert_int_equal(kb_library_new(&lib), KB_OK);
    const char *drill = HEAD "customer: 东西坏了\nexpect 100 a: 抱歉\nanswer: 抱歉\n";
    assert_int_equal(kb_parse_reference_buffer(lib, "builtin", builtin, strlen(builtin)),
                     KB_OK);
    assert_int_equal(kb_parse_reference_buffer(lib, "imported:s1", imported,
                                               strlen(imported)), KB_OK);
    assert_int_equal(kb_parse_buffer(lib, "drill.kefu", drill, strlen(drill), &d), KB_OK);
    assert_int_equal(kb_library_finish(lib, &d), KB_OK);
    assert_int_equal(d.count, 0);
    s = kb_library_scenario(lib, "s1");
    assert_false(s->reference);
    assert_string_equal(s->turns[0].customers[0].text[0], "东西坏了");
    kb_library_free(lib);
    kb_diags_free(&d);
}


/* A misspelt `use:` slug gets the nearest scenario's slug as a suggestion:
 * from the files, from reference buffers (the built-in library, scenarios
 * imported into the database) and from the slugs the caller knows of; a
 * policy is never suggested, nor a slug too far away. */
static void t_use_did_you_mean(void **state)
{
    (void)state;
    kb_library *lib = NULL;
    kb_diags d;
    kb_diags_init(&d);
    assert_int_equal(kb_library_new(&lib), KB_OK);
    assert_int_equal(kb_library_add_known_slug(lib, "known-elsewhere"), KB_OK);
    const char *imported = "scenario: refund-not-received\ntier: basic\ntitle: t\n"
                           "title@en: t\ncategory: c\n" TURN;
    assert_int_equal(kb_parse_reference_buffer(lib, "imported:refund-not-received", imported,
                                               strlen(imported)), KB_OK);
    const char *drill = "policy: return-policy\ntitle: p\ntitle@en: p\ncategory: c\ntext: t\n"
                        "use: refund-not-recieved\nuse: knwon-elsewhere\nuse: return-polcy\n"
                        "use: something-else-entirely\n";
    kb_parse_buffer(lib, "drill.kefu", drill, strlen(drill), &d);
    assert_int_equal(kb_library_finish(lib, &d), KB_INVALID);
    char all[4096] = "";
    for (size_t i = 0; i < d.count; i++) {
        char *t = kb_diag_format(&d.items[i]);
        strcat(all, t);
        strcat(all, "\n");
        free(t);
    }
    assert_non_null(strstr(all, "drill.kefu:6:6: error: 'use: refund-not-recieved' names no "
                                "scenario of the library; did you mean 'refund-not-received'?"));
    assert_non_null(strstr(all, "'use: knwon-elsewhere' names no scenario of the library; "
                                "did you mean 'known-elsewhere'?"));
    assert_non_null(strstr(all, "'use: return-polcy' names no scenario of the library; "
                                "check the slug with 'kefu kb list'"));
    assert_non_null(strstr(all, "'use: something-else-entirely' names no scenario of the "
                                "library; check the slug"));
    kb_library_free(lib);
    kb_diags_free(&d);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(t_duplicate_slug_across_files),
    cmocka_unit_test(t_phrase_sets_across_files),
    cmocka_unit_test(t_policies),
    cmocka_unit_test(t_drills),
    cmocka_unit_test(t_reference_files),
    cmocka_unit_test(t_reference_buffers),
    cmocka_unit_test(t_use_did_you_mean),
};

KEFU_TEST_GROUP(kb_parser_files, tests, NULL, NULL)
