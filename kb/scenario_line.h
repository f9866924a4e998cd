/* scenario_line.h -- the lexical layer of scenario files (scenario_line.c),
 * shared with the parser only. Offsets are byte offsets into the clean line
 * L->buf; kbs_col() turns one into a 1-based character column. */
#ifndef KEFU_SCENARIO_LINE_H
#define KEFU_SCENARIO_LINE_H

#include "scenario_int.h"

struct kbs_line {
    char *buf;                  /* clean UTF-8, NUL-terminated; owned */
    size_t len, cap;
};

/* Called for each problem of a line: column and printf-style message. */
typedef void (*kbs_line_report)(void *ctx, int col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Copy raw[0..n) (no line end) into L as clean UTF-8: invalid bytes, NUL
 * and control characters (except tab) are reported -- the first of each kind
 * per line -- and become U+FFFD. first: the file's first line (a BOM is
 * dropped). 0 ok, -1 line too long (reported; L is empty), -2 no memory. */
int kbs_line_clean(struct kbs_line *L, const char *raw, size_t n, bool first,
                   kbs_line_report report, void *ctx);

/* A line split as `keyword[@lang] [args] : value # comment`. */
struct kbs_head {
    bool empty;                 /* blank or only a comment */
    size_t kw, kwlen;           /* ASCII letters at the start */
    bool has_lang;
    size_t at, langlen;         /* after '@' */
    size_t args, argslen;       /* between keyword and ':' (trimmed) */
    bool has_sep;
    size_t sep;                 /* the ':' (or '：') */
    size_t val, vallen;         /* after it (trimmed, comment removed) */
};

void kbs_line_split(const struct kbs_line *L, struct kbs_head *h);
int kbs_col(const struct kbs_line *L, size_t off);

#endif
