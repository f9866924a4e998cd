/* test_parser_util.c -- helpers of the scenario parser tests
 * (test_parser_util.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_parser_util.h"

/* Parse n buffers named names[i] into one library and finish it. */
struct run *run_n(int n, const char *const *names, const char *const *texts)
{
    struct run *r = calloc(1, sizeof *r);
    size_t len = 1;
    assert_non_null(r);
    kb_diags_init(&r->d);
    assert_int_equal(kb_library_new(&r->lib), KB_OK);
    for (int i = 0; i < n; i++)
        assert_int_equal(kb_parse_buffer(r->lib, names[i], texts[i], strlen(texts[i]),
                                         &r->d), KB_OK);
    r->rc = kb_library_finish(r->lib, &r->d);
    for (size_t i = 0; i < r->d.count; i++) {
        char *s = kb_diag_format(&r->d.items[i]);
        r->text = realloc(r->text, len + strlen(s) + 1);
        if (len == 1)
            r->text[0] = '\0';
        strcat(r->text, s);
        strcat(r->text, "\n");
        len += strlen(s) + 1;
        free(s);
    }
    if (!r->text)
        r->text = strdup("");
    return r;
}

struct run *run1(const char *text)
{
    const char *names[] = { "t.kefu" };
    return run_n(1, names, &text);
}

void run_free(struct run *r)
{
    kb_library_free(r->lib);
    kb_diags_free(&r->d);
    free(r->text);
    free(r);
}
