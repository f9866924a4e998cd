/* test_parser_util.h -- shared by the scenario parser tests
 * (test_parser.c: one file's rules; test_parser_files.c: several files,
 * policies, drills and reference files): parse buffers into a finished
 * library and look at the diagnostics as text. */
#ifndef KEFU_TEST_PARSER_UTIL_H
#define KEFU_TEST_PARSER_UTIL_H

#include <string.h>

#include "harness.h"
#include "kb_scenario.h"

struct run {
    kb_library *lib;
    kb_diags d;
    char *text;                 /* every diagnostic, one per line */
    int rc;                     /* of kb_library_finish */
};

/* Parse n buffers named names[i] into one library and finish it. Free with
 * run_free(). */
struct run *run_n(int n, const char *const *names, const char *const *texts);
/* One buffer named "t.kefu". */
struct run *run1(const char *text);
void run_free(struct run *r);

#define assert_diag(r, line)                                                  \
    do {                                                                      \
        if (!strstr((r)->text, line "\n"))                                    \
            fail_msg("missing diagnostic:\n  %s\ngot:\n%s", line, (r)->text); \
    } while (0)

#define assert_clean(r)                                                       \
    do {                                                                      \
        if ((r)->d.errors || (r)->d.warnings)                                 \
            fail_msg("expected no diagnostics, got:\n%s", (r)->text);         \
    } while (0)

/* A complete, clean scenario; tests change one line of it. */
#define HEAD                                                                  \
    "scenario: s1\n"                                                          \
    "tier: basic\n"                                                           \
    "category: pre-sales\n"                                                   \
    "title: 标题\n"                                                           \
    "title@en: Title\n"
#define TURN                                                                  \
    "customer: 你好\n"                                                        \
    "expect 100 greeting: 您好 | hello\n"                                     \
    "answer: 您好！\n"

#endif
