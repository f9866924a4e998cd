/* test_store_library_util.h -- a small library fixture for the kb store,
 * search and order tests: parse scenario text, install it in a database. */
#ifndef KEFU_TEST_STORE_LIBRARY_UTIL_H
#define KEFU_TEST_STORE_LIBRARY_UTIL_H

#include "kb.h"
#include "kb_library.h"

/* Four scenarios (one per tier and two basic) and one policy. */
extern const char kbt_library_text[];

/* Parse text (one file named name) into a finished library; asserts that
 * it has no errors. Free with kb_library_free(). */
kb_library *kbt_parse(const char *name, const char *text);

/* An in-memory database with kbt_library_text installed as built-in. */
kb_t *kbt_open_with_library(void);

#endif
