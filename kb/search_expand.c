/* search_expand.c -- pieces kb_search adds to a query beyond its own words
 * and the thesaurus: corrections of misspelt English words, and English
 * word pairs.
 *
 * Buyers type fast: "cancle", "recieved", "warrenty", "pacakge". A word the
 * index has never seen matches nothing, so such a query loses its most
 * telling word. An English word (stemmed, 4 letters or more) that is not in
 * the index's vocabulary (lib_df, which lists every English term) is
 * replaced by the closest term that is: same first letter, Damerau
 * (optimal string alignment) distance 1, or 2 for stems of 7 letters or
 * more, the more frequent one on a tie. A word one edit away from a
 * function word ("wher") is left alone: it was that word. An index built
 * before lib_df listed every English word (no 'lib_df_words' in lib_meta)
 * gets no corrections until it is rebuilt (any library load or import).
 *
 * Word pairs: two English words next to each other in the query ("gift
 * wrap", "bad review", "credit card") are also searched as a phrase, as
 * Chinese bigrams are: an entry that has the pair says more than one that
 * has the two words apart. Function words are not tokens, so "return the
 * item" pairs "return item" in the query and in the index alike.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "kb_int.h"
#include "search_int.h"

enum { WORD_MAX = 48 };

static bool ascii_word(const char *s, size_t n)
{
    if (n == 0 || n >= WORD_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < 'a' || s[i] > 'z')
            return false;
    return true;
}

/* Optimal string alignment distance of two short ASCII strings, or
 * limit + 1 as soon as it is certain to exceed limit. */
static size_t osa(const char *a, size_t na, const char *b, size_t nb, size_t limit)
{
    size_t d[WORD_MAX + 1][WORD_MAX + 1];
    if (na > nb ? na - nb > limit : nb - na > limit)
        return limit + 1;
    for (size_t i = 0; i <= na; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= nb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t rowmin = (size_t)-1;
        for (size_t j = 1; j <= nb; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            size_t v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v)
                v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
            if (v < rowmin)
                rowmin = v;
        }
        if (rowmin > limit)
            return limit + 1;
    }
    return d[na][nb];
}

struct words {
    char w[32][WORD_MAX];
    size_t n;
};

static void word_add(void *arg, const char *tok, size_t n)
{
    struct words *ws = arg;
    if (ws->n < sizeof ws->w / sizeof ws->w[0] && ascii_word(tok, n)) {
        memcpy(ws->w[ws->n], tok, n);
        ws->w[ws->n++][n] = '\0';
    }
}

/* Call fn with up to 3 index terms of the same word family as stem w:
 * terms that begin with it (deliv -> deliveri) or that it begins with,
 * at most 3 letters longer or shorter, both 4 letters or more. */
static void variants(sqlite3_stmt *has, sqlite3_stmt *pre, const char *w, size_t n,
                     kb_token_fn fn, void *arg)
{
    size_t found = 0;
    char hi[WORD_MAX + 1];
    memcpy(hi, w, n);
    hi[n] = '{';                /* just after 'z' */
    hi[n + 1] = '\0';
    sqlite3_reset(pre);
    sqlite3_bind_text(pre, 1, w, (int)n, SQLITE_STATIC);
    sqlite3_bind_text(pre, 2, hi, (int)n + 1, SQLITE_STATIC);
    sqlite3_bind_int64(pre, 3, (sqlite3_int64)n + 1);
    sqlite3_bind_int64(pre, 4, (sqlite3_int64)n + 3);
    while (found < 3 && sqlite3_step(pre) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(pre, 0);
        size_t tn = (size_t)sqlite3_column_bytes(pre, 0);
        if (t && ascii_word(t, tn)) {
            fn(arg, t, tn);
            found++;
        }
    }
    for (size_t k = n - 1; k >= 4 && k + 3 >= n && found < 3; k--) {
        sqlite3_reset(has);
        sqlite3_bind_text(has, 1, w, (int)k, SQLITE_STATIC);
        if (sqlite3_step(has) == SQLITE_ROW) {
            fn(arg, w, k);
            found++;
        }
    }
}

int kb_word_family(kb_t *kb, const char *norm, kb_token_fn fn, void *arg)
{
    struct words ws = {.n = 0};
    sqlite3_stmt *has = NULL, *pre = NULL;
    int rc = KB_OK;
    if (kb_tokenize_normalised(norm, strlen(norm), true, word_add, &ws) != KB_OK)
        return KB_NOMEM;
    if (ws.n == 0)
        return KB_OK;
    if (sqlite3_prepare_v2(kb->db, "SELECT 1 FROM lib_df WHERE term = ?1", -1, &has,
                           NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(kb->db, "SELECT term FROM lib_df WHERE term > ?1"
                           " AND term < ?2 AND length(term) BETWEEN ?3 AND ?4"
                           " ORDER BY df DESC", -1, &pre, NULL) != SQLITE_OK) {
        rc = kb_sqlfail(kb, "reading the search vocabulary");
        goto out;
    }
    for (size_t i = 0; i < ws.n; i++)
        if (strlen(ws.w[i]) >= 4)
            variants(has, pre, ws.w[i], strlen(ws.w[i]), fn, arg);
out:
    sqlite3_finalize(has);
    sqlite3_finalize(pre);
    return rc;
}

int kb_typo_fix(kb_t *kb, const char *norm, kb_token_fn fn, void *arg)
{
    struct words ws = {.n = 0};
    sqlite3_stmt *has = NULL, *near = NULL;
    int rc = KB_OK;

    /* the stems the index would look up */
    if (kb_tokenize_normalised(norm, strlen(norm), true, word_add, &ws) != KB_OK)
        return KB_NOMEM;
    if (ws.n == 0)
        return KB_OK;
    /* an index built before lib_df listed every English word would make
     * a correct but rare word look misspelt: no corrections there */
    if (sqlite3_prepare_v2(kb->db, "SELECT 1 FROM lib_meta WHERE key = 'lib_df_words'",
                           -1, &has, NULL) != SQLITE_OK) {
        rc = kb_sqlfail(kb, "reading the search vocabulary");
        goto out;
    }
    bool listed = sqlite3_step(has) == SQLITE_ROW;
    sqlite3_finalize(has);
    has = NULL;
    if (!listed)
        goto out;
    if (sqlite3_prepare_v2(kb->db, "SELECT 1 FROM lib_df WHERE term = ?1", -1, &has,
                           NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(kb->db, "SELECT term, df FROM lib_df WHERE term >= ?1"
                           " AND term < ?2 AND length(term) BETWEEN ?3 AND ?4", -1,
                           &near, NULL) != SQLITE_OK) {
        rc = kb_sqlfail(kb, "reading the search vocabulary");
        goto out;
    }
    for (size_t i = 0; i < ws.n; i++) {
        const char *w = ws.w[i];
        size_t n = strlen(w);
        if (n < 4)
            continue;
        sqlite3_reset(has);
        sqlite3_bind_text(has, 1, w, (int)n, SQLITE_STATIC);
        if (sqlite3_step(has) == SQLITE_ROW)
            continue;           /* a known word */
        if (kb_near_stopword(w, n))
            continue;
        size_t limit = n >= 7 ? 2 : 1, best = limit + 1;
        sqlite3_int64 bestdf = -1;
        char bestw[WORD_MAX] = "", lo[2] = {w[0], 0}, hi[2] = {(char)(w[0] + 1), 0};
        sqlite3_reset(near);
        sqlite3_bind_text(near, 1, lo, 1, SQLITE_STATIC);
        sqlite3_bind_text(near, 2, hi, 1, SQLITE_STATIC);
        sqlite3_bind_int64(near, 3, (sqlite3_int64)(n - limit));
        sqlite3_bind_int64(near, 4, (sqlite3_int64)(n + limit));
        while (sqlite3_step(near) == SQLITE_ROW) {
            const char *t = (const char *)sqlite3_column_text(near, 0);
            size_t tn = (size_t)sqlite3_column_bytes(near, 0);
            if (!t || !ascii_word(t, tn))
                continue;
            size_t d = osa(w, n, t, tn, limit);
            sqlite3_int64 df = sqlite3_column_int64(near, 1);
            if (d < best || (d == best && d <= limit && df > bestdf)) {
                best = d;
                bestdf = df;
                memcpy(bestw, t, tn + 1);
            }
        }
        if (best <= limit && bestw[0])
            fn(arg, bestw, strlen(bestw));
    }
out:
    sqlite3_finalize(has);
    sqlite3_finalize(near);
    return rc;
}

/* ------------------------------------------------------------------ */

struct pairs {
    char prev[WORD_MAX];
    bool have_prev;
    kb_token_fn fn;
    void *arg;
};

static bool latin_word(const char *s, size_t n)
{
    if (n == 0 || n >= WORD_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return false;
    return true;
}

static void pair_step(void *arg, const char *tok, size_t n)
{
    struct pairs *p = arg;
    if (!latin_word(tok, n)) {
        p->have_prev = false;   /* a CJK piece between: not neighbours */
        return;
    }
    if (p->have_prev) {
        char both[2 * WORD_MAX + 1];
        size_t a = strlen(p->prev);
        memcpy(both, p->prev, a);
        both[a] = ' ';
        memcpy(both + a + 1, tok, n);
        both[a + 1 + n] = '\0';
        p->fn(p->arg, both, a + 1 + n);
    }
    memcpy(p->prev, tok, n);
    p->prev[n] = '\0';
    p->have_prev = true;
}

int kb_word_pairs(const char *norm, kb_token_fn fn, void *arg)
{
    struct pairs p = {.have_prev = false, .fn = fn, .arg = arg};
    /* bigrams-only mode: a CJK run gives pieces that break a pair */
    return kb_query_pieces(norm, strlen(norm), false, pair_step, &p);
}
