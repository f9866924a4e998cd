/* kb_library.h -- the scenario library as stored in the database: installing
 * a parsed library (built-in data or a trainer's import), listing entries,
 * reading one back whole, the built-in data version.
 *
 * Parsing is kb_scenario.h's job; this header takes a finished kb_library
 * and keeps it in SQLite. Two origins live side by side: built-in rows are
 * replaced wholesale when kb/data changes; imported rows are a trainer's and
 * a built-in reload never touches them (if a trainer replaced a built-in
 * slug, the trainer's version stays). Trainees' records are in other tables
 * and are never touched by either.
 *
 * Everything that writes runs in a savepoint: all or nothing, and callers
 * may wrap several calls (library, orders, version) in one kb_begin()/
 * kb_commit() transaction.
 */
#ifndef KEFU_KB_LIBRARY_H
#define KEFU_KB_LIBRARY_H

#include <stddef.h>
#include "kb.h"
#include "kb_scenario.h"

typedef enum { KB_ORIGIN_BUILTIN = 0, KB_ORIGIN_IMPORT = 1 } kb_origin;

/* What an install did, slugs in library order. Free with kb_lib_report_free. */
typedef struct {
    char **added;
    size_t n_added;
    char **replaced;
    size_t n_replaced;
    char **kept;        /* built-in only: slugs left as a trainer imported them */
    size_t n_kept;
    size_t n_removed;   /* built-in only: old built-in entries no longer shipped */
} kb_lib_report;
void kb_lib_report_free(kb_lib_report *r);  /* NULL is a no-op; zeroes it */

/* Store the non-reference scenarios, policies and phrase sets of lib, which
 * must be finished without errors (KB_INVALID otherwise), and rebuild the
 * search index. BUILTIN replaces all built-in rows (entries not in lib are
 * removed); IMPORT adds or replaces by slug, whatever the old origin. rep
 * may be NULL. */
int kb_lib_install(kb_t *kb, const kb_library *lib, kb_origin origin,
                   kb_lib_report *rep);

/* The data version of the built-in library last installed; "" when none.
 * Caller frees with free(). */
int kb_lib_version(kb_t *kb, char **version);
int kb_lib_set_version(kb_t *kb, const char *version);

/* Counts of stored entries (scenarios, policies), e.g. to tell whether the
 * library was ever loaded. Either pointer may be NULL. */
int kb_lib_count(kb_t *kb, size_t *scenarios, size_t *policies);

/* One line of a listing. */
typedef struct {
    char *slug;
    char *kind;         /* "scenario" | "policy" */
    char *tier;         /* basic | intermediate | advanced | policy */
    char *category;
    char *title;        /* zh */
    char *title_en;     /* may be NULL */
    char *origin;       /* "builtin" | "import" */
} kb_lib_entry;

/* Every entry, or those of one tier ("policy" lists policies), ordered by
 * tier, category, slug. Caller frees with kb_lib_entries_free(). */
int kb_lib_list(kb_t *kb, const char *tier, kb_lib_entry **out, size_t *n);
void kb_lib_entries_free(kb_lib_entry *e, size_t n);

/* One entry read back whole, for `kefu kb show`. [0] is zh, [1] en
 * (kb_lang); any text may be NULL. */
typedef struct {
    char *kind;         /* expect | bonus | forbid */
    int weight;
    char *section;      /* NULL for forbid */
    char *phrases;      /* alternatives joined with " | " */
} kb_lib_rubric;

typedef struct {
    char *(*customers)[2];      /* n_customers wordings, each [zh, en] */
    size_t n_customers;
    kb_lib_rubric *rubric;
    size_t n_rubric;
    char *answer[2];
    int limit_s;
} kb_lib_turn;

typedef struct {
    char *slug, *kind, *tier, *category, *origin, *source;
    char *title[2];
    char *brief[2];     /* a policy's text */
    char *order_id;
    kb_lib_turn *turns;
    size_t n_turns;
} kb_lib_detail;

/* KB_NOTFOUND when no scenario or policy has that slug. Caller frees *out
 * with kb_lib_detail_free(). */
int kb_lib_get(kb_t *kb, const char *slug, kb_lib_detail **out);
void kb_lib_detail_free(kb_lib_detail *d);  /* NULL is a no-op */

/* The stored slug closest to slug by edit distance (after case folding), for
 * "did you mean"; *best is NULL when the library is empty. Caller frees. */
int kb_lib_closest(kb_t *kb, const char *slug, char **best);

/* Every stored slug (scenarios and policies), e.g. for the parser's
 * kb_library_add_known_slug(). Caller frees each and the array. */
int kb_lib_slugs(kb_t *kb, char ***slugs, size_t *n);

#endif
