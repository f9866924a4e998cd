/* scenario_int.h -- helpers shared by the scenario_*.c files only: the
 * library's private part (arena, pending `$set` references), growable
 * arrays and diagnostics. Never included from outside kb/. */
#ifndef KEFU_SCENARIO_INT_H
#define KEFU_SCENARIO_INT_H

#include <stdarg.h>
#include "kb_scenario.h"

/* A `$name` written in a rubric line or a phrase set, remembered so that
 * kb_library_finish() can point at it. text is the phrase's own string
 * (pointer identity), so the reference is found again by address. */
struct kbs_ref {
    const char *text;
    size_t file;
    int line, col;
};

struct kbs_chunk;

struct kb_library_priv {
    struct kbs_chunk *arena;     /* every string of the library lives here */
    struct kbs_ref *refs;
    size_t n_refs;
    char **known;                /* kb_library_add_known_slug() */
    size_t n_known;
    bool finished;
    size_t errors;               /* errors recorded in non-reference files */
    kb_diags scratch;            /* where reference files' problems go */
};

/* A copy of s[0..n) in the library's arena (NUL-terminated); NULL when out
 * of memory. Freed with the library. */
char *kbs_strndup(kb_library *lib, const char *s, size_t n);
char *kbs_strdup(kb_library *lib, const char *s);

/* Make room for element number n of *arr (elsize bytes each) when n is 0
 * or a power of two: capacity is implied by the count, so the public
 * structs need no capacity fields. The new element is zeroed. 0 or -1. */
int kbs_grow(void *arrp, size_t n, size_t elsize);

/* Append a diagnostic (file is copied). Out of memory drops the text but
 * still counts the problem. */
void kbs_diag(kb_diags *d, const char *file, int line, int col,
              kb_severity sev, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
void kbs_vdiag(kb_diags *d, const char *file, int line, int col,
               kb_severity sev, const char *fmt, va_list ap);

/* Sort d by the order of lib's files, then line and column (stable). */
void kbs_diags_sort(kb_diags *d, const kb_library *lib);

/* Text helpers (scenario_text.c). */
bool kbs_is_slug(const char *s, size_t n);
bool kbs_is_setname(const char *s, size_t n);
kb_lang kbs_detect_lang(const char *s);
/* How many bytes of s[0..n) to quote in a message: at most max, never
 * cutting a UTF-8 character in two. */
int kbs_clip(const char *s, size_t n, size_t max);
/* Characters (code points) in s[0..n) of well-formed UTF-8. */
int kbs_ncols(const char *s, size_t n);
/* Levenshtein distance of two short ASCII words, capped at 9. */
int kbs_distance(const char *a, size_t na, const char *b);

/* The parser proper (scenario_parse.c). */
int kbs_parse(kb_library *lib, const char *name, const char *buf, size_t len,
              bool reference, kb_diags *d);

#endif
