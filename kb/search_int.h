/* search_int.h -- search internals shared inside kb/ only. */
#ifndef KEFU_KB_SEARCH_INT_H
#define KEFU_KB_SEARCH_INT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include "kb_search.h"

#define KB_TOKENIZER_NAME "kefu"

/* Register the "kefu" tokenizer on one connection (SQLITE_OK or an error). */
int kb_tokenizer_register(sqlite3 *db);

/* Register it on every connection opened from now on (sqlite3_auto_extension).
 * schema_library.c calls this before any database is opened. */
void kb_tokenizer_autoload(void);

/* kb_tokenize() without the normalisation step, for normalised text. */
int kb_tokenize_normalised(const char *norm, size_t len, bool query, kb_token_fn fn,
                           void *arg);

/* The raw pieces of an already-normalised query (see tokenizer.c). */
int kb_query_pieces(const char *norm, size_t len, bool unigrams, kb_token_fn fn,
                    void *arg);

/* Call fn with every term of each thesaurus group (search_thesaurus.c) that
 * the normalised query touches. */
int kb_thesaurus_expand(const char *norm, kb_token_fn fn, void *arg);

/* How kb_search ranks; kb_search_defaults is what kb_search uses, the
 * benchmark varies it to measure each choice (docs/search.md). */
struct kb_search_opts {
    const char *weights;    /* bm25 column weights: title, wording, answer, body */
    bool unigrams;          /* OR the CJK unigrams too, not only bigrams */
    double cover;           /* score = bm25 * (1 + cover * covered / pieces) */
    int candidates;         /* rank this many by bm25 before coverage */
    int prune_budget;       /* in a large library, keep the rarest pieces
                               while their postings add up to at most this
                               (always the 2 rarest)... */
    int prune_min;          /* ...once the index holds this many entries */
    int max_pieces;         /* and at most this many pieces */
    double policy;          /* a policy's score is multiplied by this */
    bool thesaurus;         /* add the shop-vocabulary synonyms of the query */
    double syn_weight;      /* weight of a thesaurus synonym (the query's own
                               pieces weigh 1) */
    double uni_weight;      /* weight of a CJK unigram that is part of a
                               bigram of the query */
    bool group_max;         /* a thesaurus group counts once, as its best piece */
    int rerank;             /* score this many best rows again at their real
                               length (search_rank.c); -1: all, 0: none */
    bool bm25f;             /* normalise each column by its own length */
    double typo_weight;     /* weight of a misspelt word's correction; 0: none */
    double pair_weight;     /* weight of a pair of English words; 0: none */
    double family_weight;   /* weight of a term of a word's family; 0: none */
    double k1, b;           /* BM25's term saturation and length normalisation */
    int mmap_mb;            /* read the database through mmap, up to this size */
    bool fts5_bm25;         /* rank with FTS5's bm25() instead (as before
                               search_rank.c; for the benchmark) */
    struct kb_search_stats *stats;  /* when set, filled per query (benchmark) */
};

/* What one query cost, for the benchmark's list of slowest queries. */
struct kb_search_stats {
    size_t pieces_in;       /* pieces of the query and its expansion */
    size_t pieces;          /* pieces searched after pruning */
    long long postings;     /* their document frequencies summed (pruned only) */
    bool and2;              /* the two rarest ANDed (see prune() in search.c) */
};
extern const struct kb_search_opts kb_search_defaults;
int kb_search_opt(kb_t *kb, const char *query, const char *tier, int limit,
                  const struct kb_search_opts *o, kb_hit **hits, size_t *n);

/* One query as search_rank.c scores it: its pieces in the order of the
 * MATCH expression's phrases. */
struct kb_rank_query {
    size_t n;
    const double *w;        /* weight of each piece */
    const int *grp;         /* its thesaurus group, 0..ngroups-1, or -1 */
    size_t ngroups;
    const double *df;       /* document frequencies known from lib_df (AND) */
    bool and_mode;          /* the pieces are ANDed: rows have all of them */
};

struct kb_cand {
    sqlite3_int64 rowid;
    double score;
};

/* Register kefu_rank() (tokenizer.c calls it with the tokenizer). */
int kb_rank_register(fts5_api *api);

/* Step match (SELECT kefu_rank(lib_fts, ?2) FROM lib_fts WHERE lib_fts
 * MATCH ?1, ?1 bound) to its end and score its rows: the best want of
 * them in *out (*nout), best first, tier < 0 for every tier. Caller frees
 * *out with free(). */
int kb_rank_run(kb_t *kb, sqlite3_stmt *match, const struct kb_rank_query *q,
                const struct kb_search_opts *o, int tier, size_t want,
                struct kb_cand **out, size_t *nout);

/* The ranking before search_rank.c, FTS5's bm25() with the column weights
 * and the policy factor of o, for the benchmark and tests: the best want
 * rows matching expr, best first. Caller frees *out with free(). */
int kb_rank_fts5(kb_t *kb, const char *expr, const struct kb_search_opts *o, int tier,
                 size_t want, struct kb_cand **out, size_t *nout);

/* "8.0, 4.0, 1.0, 2.0" -> w[4]; KB_INVALID if not four numbers. */
int kb_rank_colweights(const char *s, double w[4]);

/* True if the ASCII word w (n bytes) is one edit from a function word the
 * tokenizer drops ("wher"). */
bool kb_near_stopword(const char *w, size_t n);

/* search_expand.c: call fn with the index term that each misspelt English
 * word of the normalised query stands for (KB_OK, KB_NOMEM or an SQLite
 * failure on kb); and with each pair of neighbouring English words. */
int kb_typo_fix(kb_t *kb, const char *norm, kb_token_fn fn, void *arg);
int kb_word_pairs(const char *norm, kb_token_fn fn, void *arg);
/* ...and with the index terms of the same family as its English stems. */
int kb_word_family(kb_t *kb, const char *norm, kb_token_fn fn, void *arg);

/* How many thesaurus terms the full normalisation would change beyond
 * numerals (must be 0: the terms are written normalised). */
size_t kb_thesaurus_unnormalised(void);

/* Like kb_thesaurus_expand, with the index of the term's group. */
typedef void (*kb_group_fn)(void *arg, const char *tok, size_t n, int group);
int kb_thesaurus_expand_groups(const char *norm, kb_group_fn fn, void *arg);

/* Rebuild the whole search index from the library tables (inside the
 * caller's transaction or savepoint). */
int kb_search_reindex(kb_t *kb);

/* FTS rowids encode the entry: id * 4 + code, code 0 = policy, 1..3 = the
 * tier of a scenario. A tier filter is then a rowid test inside FTS5. */
#define KB_ROWID(id, code) ((sqlite3_int64)(id) * 4 + (code))

#endif
