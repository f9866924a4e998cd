/* kb_search.h -- full-text search over the library (scenarios and policies),
 * Chinese- and English-aware, and the library's texts for language models.
 *
 * Search uses SQLite FTS5 with kefu's own tokenizer (tokenizer.c): CJK
 * unigrams + bigrams and English Snowball stems, after kb_normalize(), so a
 * query in Traditional characters, full-width forms or mixed Chinese and
 * English finds the same entries as its plain Simplified form. Ranking is
 * BM25 over the query's pieces, its thesaurus synonyms, typo corrections
 * and English word pairs, each weighted (search_rank.c); see docs/search.md
 * for what was measured.
 */
#ifndef KEFU_KB_SEARCH_H
#define KEFU_KB_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include "kb.h"

enum { KB_QUERY_MAX = 4096 };   /* bytes; longer queries are KB_INVALID */

typedef struct {
    char *slug;
    char *kind;         /* "scenario" or "policy" */
    char *tier;         /* "basic" | "intermediate" | "advanced" | "policy" */
    char *category;
    char *title;        /* zh title */
    char *title_en;     /* may be NULL */
    double score;       /* higher is better (BM25, policies demoted) */
} kb_hit;

/* Search the library. tier: NULL for everything, or "basic",
 * "intermediate", "advanced", "policy". limit: 1..1000. *hits is an array of
 * *n hits, best first (possibly 0 of them); caller frees with
 * kb_hits_free(). An empty or blank query, or one over KB_QUERY_MAX bytes,
 * is KB_INVALID; a query of only punctuation finds nothing (KB_OK, *n = 0). */
int kb_search(kb_t *kb, const char *query, const char *tier, int limit,
              kb_hit **hits, size_t *n);
void kb_hits_free(kb_hit *hits, size_t n);  /* NULL is a no-op */

/* Call fn for every customer wording, model answer, rubric phrase and
 * phrase-set alternative of the library in one language ("zh" or "en"),
 * e.g. to build a speech-recognition language model or a completion list.
 * text is borrowed for the call only. Texts may repeat. */
int kb_each_text(kb_t *kb, const char *lang,
                 void (*fn)(void *arg, const char *text), void *arg);

/* The tokens kefu's FTS5 tokenizer makes of text (after kb_normalize),
 * document mode (unigrams and colocated bigrams) or query mode. tok is n
 * bytes, not NUL-terminated, borrowed for the call. For tests and the
 * benchmark. Returns KB_OK or KB_NOMEM. */
typedef void (*kb_token_fn)(void *arg, const char *tok, size_t n);
int kb_tokenize(const char *text, size_t len, bool query, kb_token_fn fn, void *arg);

/* Levenshtein distance between two UTF-8 strings, in code points (SIZE_MAX
 * when out of memory). Used for "did you mean" suggestions everywhere. */
size_t kb_edit_distance(const char *a, const char *b);

#endif
