/* harness.h -- one cmocka executable per module, many test files.
 *
 * Each .c file in tests/MODULE/ registers its groups at load time:
 *     static const struct CMUnitTest tests[] = { cmocka_unit_test(t_x), };
 *     KEFU_TEST_GROUP(kb_store, tests, NULL, NULL)
 * and tests/harness.c runs every registered group (or those whose name
 * contains argv[1]). */
#ifndef KEFU_TEST_HARNESS_H
#define KEFU_TEST_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

struct kefu_test_group {
    const char *name;
    const struct CMUnitTest *tests;
    size_t count;
    CMFixtureFunction setup, teardown;
    struct kefu_test_group *next;
};
void kefu_test_register(struct kefu_test_group *g);

#define KEFU_TEST_GROUP(name_, tests_, setup_, teardown_)                     \
    static struct kefu_test_group kefu_group_##name_ = {                      \
        #name_, tests_, sizeof(tests_) / sizeof((tests_)[0]), setup_,         \
        teardown_, NULL};                                                     \
    __attribute__((constructor)) static void kefu_register_##name_(void)      \
    {                                                                         \
        kefu_test_register(&kefu_group_##name_);                              \
    }

/* Helpers for tests: a fresh private temporary directory (caller frees the
 * string and may remove the tree with kefu_test_rmtree); file contents. */
char *kefu_test_tmpdir(void);
void kefu_test_rmtree(const char *path);
char *kefu_test_read_file(const char *path, size_t *len); /* caller frees */
int kefu_test_write_file(const char *path, const char *data, size_t len);

#endif
