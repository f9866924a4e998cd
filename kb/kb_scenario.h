/* kb_scenario.h -- scenario files (the format trainers write) and their
 * in-memory data model. Specification: docs/scenario-format.md.
 *
 * A kb_library is built from one or more files: parse each one with
 * kb_parse_file()/kb_parse_buffer(), then call kb_library_finish() once.
 * Phrase sets are global to a library (a file may use a set defined in a
 * later file), so `$set` expansion, `use:` resolution and the unique-slug
 * check happen in kb_library_finish(); before it, rubric phrases still hold
 * their `$name` references.
 *
 * The data model is a set of plain public structs. Ownership: every string
 * and array reachable from a kb_library is owned by it and stays valid until
 * kb_library_free(); arrays may move while files are still being parsed, so
 * keep pointers into them only after kb_library_finish().
 *
 * Diagnostics collect every problem of every file in one pass; they are
 * plain data too (kb_diags) and are never printed here: the caller decides
 * how a person hears them (kb_diag_format() gives the GCC-style line).
 * Columns are 1-based and counted in Unicode characters (code points) of
 * the line after a UTF-8 BOM is removed; each invalid byte counts as one.
 *
 * Nothing here prints, exits or touches SQLite.
 */
#ifndef KEFU_KB_SCENARIO_H
#define KEFU_KB_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include "kb.h"         /* kb_status */

/* ---------------------------------------------------------------- enums */

typedef enum {
    KB_TIER_NONE = 0,           /* not given (an error in a finished library) */
    KB_TIER_BASIC = 1,
    KB_TIER_INTERMEDIATE = 2,
    KB_TIER_ADVANCED = 3
} kb_tier;

/* Index into the [2] text arrays below. zh is the default language. */
typedef enum { KB_LANG_ZH = 0, KB_LANG_EN = 1, KB_LANG_COUNT = 2 } kb_lang;

typedef enum {
    KB_RUBRIC_EXPECT = 0,       /* weights of a turn add up to 100 */
    KB_RUBRIC_BONUS = 1,        /* extra points on top */
    KB_RUBRIC_FORBID = 2        /* fatal phrase: the turn scores 0 */
} kb_rubric_kind;

typedef enum { KB_DIAG_WARNING = 1, KB_DIAG_ERROR = 2 } kb_severity;

/* Limits the parser enforces (also in the specification). */
enum {
    KB_LINE_MAX = 65536,        /* bytes per line, without the line end */
    KB_FILE_MAX = 64 << 20,     /* bytes per file for kb_parse_file() */
    KB_LIMIT_MIN = 5,           /* limit: seconds */
    KB_LIMIT_MAX = 600,
    KB_DIAGS_PER_FILE = 1000    /* then one "too many problems" error */
};

/* ----------------------------------------------------------- data model */

/* One alternative of a rubric line. After kb_library_finish() `$set`
 * references are expanded, so text is always a literal phrase; it may hold
 * {order.*} placeholders, which the scorer renders from the order. */
typedef struct {
    char *text;
    kb_lang lang;               /* KB_LANG_ZH if it holds any CJK, else EN */
} kb_phrase;

typedef struct {
    kb_rubric_kind kind;
    int weight;                 /* 1..100 for expect/bonus; 0 for forbid */
    char *section;              /* "greeting", "empathy"...; NULL for forbid */
    kb_phrase *phrases;
    size_t n_phrases;
    int line;                   /* where it was written */
    int col;                    /* column of its keyword */
} kb_rubric_item;

/* One wording of the customer's line: `customer:` or `or:`, with its
 * optional `@en` translation (text[KB_LANG_EN] is NULL when absent). */
typedef struct {
    char *text[KB_LANG_COUNT];
    int line;
} kb_variant;

typedef struct {
    kb_variant *customers;      /* >= 1 in a clean library */
    size_t n_customers;
    kb_rubric_item *rubric;     /* expect, bonus and forbid items in file order */
    size_t n_rubric;
    char *answer[KB_LANG_COUNT];/* model answer; NULL when not given */
    int limit_s;                /* seconds to answer; 0 = no limit */
    int line;                   /* line of its first customer: */
} kb_turn;

typedef struct {
    char *slug;                 /* [a-z0-9-]+, unique in the library */
    kb_tier tier;
    char *category;             /* "general" when not given (a warning) */
    char *title[KB_LANG_COUNT]; /* [EN] may be NULL (a warning) */
    char *brief[KB_LANG_COUNT]; /* either may be NULL */
    char *order_id;             /* practice order for {order.*}; NULL if none */
    kb_turn *turns;
    size_t n_turns;
    size_t file;                /* index into kb_library.files */
    int line;                   /* line of `scenario:` */
    int col;                    /* column of the slug */
    bool reference;             /* from a reference file (see below) */
} kb_scenario;

typedef struct {
    char *slug;                 /* shares the namespace of scenario slugs */
    char *category;
    char *title[KB_LANG_COUNT];
    char *text[KB_LANG_COUNT];  /* repeated text: lines joined with "\n" */
    size_t file;
    int line, col;              /* where the slug was written */
    bool reference;
} kb_policy;

/* `phrases: NAME = a | b | c`. After finish, phrases are fully expanded
 * (a set may refer to another set). */
typedef struct {
    char *name;
    kb_phrase *phrases;
    size_t n_phrases;
    size_t file;
    int line, col;              /* where the name was written */
    bool reference;
} kb_phrase_set;

/* A drill file runs its scenarios in order: every `scenario:` and every
 * `use: SLUG` line of the file is one step, in the order written. */
typedef struct {
    char *slug;
    bool use;                   /* true: `use:` (a scenario from elsewhere) */
    int line, col;              /* where the slug was written */
} kb_drill_step;

typedef struct {
    char *name;                 /* as given to kb_parse_file/_buffer */
    bool reference;
    int pass;                   /* `pass:` 0..100, or -1 when not given */
    kb_drill_step *steps;
    size_t n_steps;
} kb_file;

struct kb_library_priv;         /* internal (scenario_lib.c) */

typedef struct kb_library {
    kb_scenario *scenarios;
    size_t n_scenarios;
    kb_policy *policies;
    size_t n_policies;
    kb_phrase_set *phrase_sets;
    size_t n_phrase_sets;
    kb_file *files;
    size_t n_files;
    struct kb_library_priv *priv;
} kb_library;

/* ---------------------------------------------------------- diagnostics */

typedef struct {
    char *file;
    int line;                   /* 1-based; 0 = the file as a whole */
    int col;                    /* 1-based characters; 0 = the line as a whole */
    kb_severity severity;
    char *message;              /* one sentence, no trailing newline; English,
                                 * or the "kefu" gettext domain's language */
} kb_diag;

typedef struct {
    kb_diag *items;
    size_t count, cap;
    size_t errors, warnings;
} kb_diags;

void kb_diags_init(kb_diags *d);
void kb_diags_free(kb_diags *d);             /* NULL is a no-op; re-init'd */

/* "FILE:LINE:COL: error: MESSAGE" (LINE/COL left out when 0). Caller frees
 * with free(); NULL only when out of memory. */
char *kb_diag_format(const kb_diag *dg);
const char *kb_severity_name(kb_severity s); /* "error" / "warning" */

/* ---------------------------------------------------------------- parse */

/* A new, empty library. Caller frees with kb_library_free(). */
int kb_library_new(kb_library **out);
void kb_library_free(kb_library *lib);       /* NULL is a no-op */

/* Parse one file (or buffer) into the library, appending every problem to
 * d (which may be NULL). name is used in diagnostics and copied. Returns
 * KB_OK when the text was read (even with errors: see d->errors), KB_IO when
 * the file cannot be read (also recorded in d), KB_NOMEM. The buffer may hold
 * any bytes (NUL, invalid UTF-8); it is not modified. */
int kb_parse_file(kb_library *lib, const char *path, kb_diags *d);
int kb_parse_buffer(kb_library *lib, const char *name, const char *buf,
                    size_t len, kb_diags *d);

/* A reference file only lends its phrase sets, scenarios and policies to the
 * library (e.g. the built-in library while checking a trainer's file): its
 * own problems are not reported, and a non-reference definition with the
 * same slug or set name replaces it without a "duplicate" error. */
int kb_parse_reference_file(kb_library *lib, const char *path);
/* The same for text held in memory (e.g. scenarios a trainer imported into
 * the database). Among reference definitions of one slug or set name the
 * LAST one parsed wins, so an imported copy shadows the built-in file it was
 * edited from, and a drill file that defines the slug again (non-reference)
 * shadows both, without a "duplicate" error. name is copied. */
int kb_parse_reference_buffer(kb_library *lib, const char *name, const char *buf,
                              size_t len);

/* Slugs that `use:` may name although they are not in the library (e.g.
 * scenarios already in the database). The string is copied. */
int kb_library_add_known_slug(kb_library *lib, const char *slug);

/* After the last file: expand `$set` references, resolve `use:`, check
 * unique slugs, sort d by file and position. Call once. Returns KB_OK when
 * the library has no errors (from parsing or finishing), KB_INVALID when it
 * has any, KB_NOMEM. */
int kb_library_finish(kb_library *lib, kb_diags *d);

/* ---------------------------------------------------------------- query */

/* Look-ups by slug/name; a non-reference entry wins over a reference one,
 * and a later reference entry over an earlier one.
 * Borrowed; NULL when absent. */
const kb_scenario *kb_library_scenario(const kb_library *lib, const char *slug);
const kb_policy *kb_library_policy(const kb_library *lib, const char *slug);
const kb_phrase_set *kb_library_phrase_set(const kb_library *lib,
                                           const char *name);

const char *kb_tier_name(kb_tier t);         /* "basic"...; "" for NONE */
kb_tier kb_tier_from_name(const char *s);    /* KB_TIER_NONE if unknown */

/* The {order.*} placeholders a scenario may use ("order.id", ...), as a
 * NULL-terminated static list, and a check for one name (without braces). */
const char *const *kb_placeholder_names(void);
bool kb_placeholder_known(const char *name, size_t len);

#endif
