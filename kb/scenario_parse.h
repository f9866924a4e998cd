/* scenario_parse.h -- the parser's state, shared by scenario_parse.c (the
 * directives and the line loop) and scenario_block.c (blocks, turns, rubric
 * lines, phrases, placeholders). Private to kb/. */
#ifndef KEFU_SCENARIO_PARSE_H
#define KEFU_SCENARIO_PARSE_H

#include "scenario_line.h"

/* ------------------------------------------------------------- keywords */

enum kw {
    K_PHRASES, K_SCENARIO, K_POLICY, K_USE, K_PASS, K_TIER, K_CATEGORY,
    K_TITLE, K_BRIEF, K_ORDER, K_CUSTOMER, K_OR, K_EXPECT, K_BONUS, K_FORBID,
    K_ANSWER, K_LIMIT, K_TEXT, K_COUNT
};

struct kbs_kw {
    const char *name;
    unsigned flags;
};
extern const struct kbs_kw kbs_kws[K_COUNT];

enum { IN_TOP = 1, IN_SCEN = 2, IN_POL = 4, IN_TURN = 8, LANG = 16 };

enum block { B_NONE, B_SCEN, B_POL };

struct ps {
    kb_library *lib;
    kb_diags *d;
    const char *name;
    size_t file;
    bool ref;
    size_t ndiag;               /* problems reported in this file */
    bool stop;                  /* too many: the rest is skipped */
    bool nomem;
    int line;
    struct kbs_line L;
    struct kbs_head h;
    bool defined;               /* the file defines anything at all */
    int pass_line;
    /* the open block */
    enum block block;
    size_t cur;                 /* index into scenarios or policies */
    int seen[K_COUNT][KB_LANG_COUNT];   /* line of a single-use directive */
    int ph_line, ph_col;        /* first {order.*} of the scenario */
    char ph_name[40];
    struct { char *s; size_t len, cap; } text[KB_LANG_COUNT];   /* policy */
    /* the open turn */
    int tseen[K_COUNT][KB_LANG_COUNT];
    int wsum, w_line, w_col;    /* expect weights; where the first one is */
    bool w_bad;                 /* a weight was wrong: don't add them up */
    int n_expect;
};


/* Diagnostics of the current file: at an offset of the current line, or at
 * a line and column. */
void kbs_err(struct ps *P, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void kbs_report_at(struct ps *P, int line, int col, kb_severity sev,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void kbs_line_problem(void *ctx, int col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

char *kbs_dup(struct ps *P, size_t off, size_t len);   /* of the line; never NULL */
kb_scenario *kbs_scen(struct ps *P);                    /* the open one or NULL */
kb_turn *kbs_turn(struct ps *P);                        /* its last turn or NULL */
long kbs_number(const char *s, size_t n, const char *suffix);
void kbs_placeholders(struct ps *P, size_t off, size_t len, bool allowed);
void kbs_close_turn(struct ps *P);
void kbs_close_block(struct ps *P);
char *kbs_slug(struct ps *P, const char *what);
void kbs_add_step(struct ps *P, char *slug, bool use);
void kbs_open_scenario(struct ps *P);
void kbs_open_policy(struct ps *P);
void kbs_phrase_set(struct ps *P);
void kbs_rubric(struct ps *P, enum kw k);
void kbs_limit(struct ps *P);

#endif
