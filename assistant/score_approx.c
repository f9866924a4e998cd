/* score_approx.c -- the spoken tolerance's edit distances (score_int.h):
 * Sellers' approximate substring match, of a phrase against any stretch of
 * an answer, or only against stretches that begin at a word start and end
 * at a word end. One column of the dynamic-programming table at a time. */
#include "score_int.h"

#include <stdlib.h>

size_t score_approx_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    size_t stackbuf[128], *col = stackbuf, best = na;
    if (na + 1 > sizeof stackbuf / sizeof stackbuf[0]) {
        col = malloc((na + 1) * sizeof *col);
        if (!col)
            return na;
    }
    for (size_t i = 0; i <= na; i++)
        col[i] = i;
    for (size_t j = 0; j < nb; j++) {
        size_t diag = col[0];   /* D[0][j] = 0: a match may start anywhere */
        col[0] = 0;
        for (size_t i = 1; i <= na; i++) {
            size_t up = col[i];
            size_t v = diag + (a[i - 1] == b[j] ? 0 : 1);
            if (col[i - 1] + 1 < v)
                v = col[i - 1] + 1;
            if (up + 1 < v)
                v = up + 1;
            diag = up;
            col[i] = v;
        }
        if (col[na] < best)
            best = col[na];
    }
    if (col != stackbuf)
        free(col);
    return best;
}

size_t score_approx_words(const uint32_t *a, size_t na, const uint32_t *b,
                          const unsigned char *flags, size_t nb)
{
    const size_t inf = (size_t)-1 / 2;
    size_t stackbuf[128], *col = stackbuf, best = na;
    if (na + 1 > sizeof stackbuf / sizeof stackbuf[0]) {
        col = malloc((na + 1) * sizeof *col);
        if (!col)
            return na;
    }
    /* col[i]: distance of a[0..i) to the best b[s..j) with s a word start */
    col[0] = nb && (flags[0] & SCORE_WSTART) ? 0 : inf;
    for (size_t i = 1; i <= na; i++)
        col[i] = col[0] == inf ? inf : i;
    for (size_t j = 0; j < nb; j++) {
        size_t diag = col[0];
        col[0] = j + 1 < nb && (flags[j + 1] & SCORE_WSTART) ? 0 : inf;
        for (size_t i = 1; i <= na; i++) {
            size_t up = col[i];
            size_t v = diag >= inf ? inf : diag + (a[i - 1] == b[j] ? 0 : 1);
            if (col[i - 1] < inf && col[i - 1] + 1 < v)
                v = col[i - 1] + 1;
            if (up < inf && up + 1 < v)
                v = up + 1;
            diag = up;
            col[i] = v;
        }
        if ((flags[j] & SCORE_WEND) && col[na] < best)
            best = col[na];
    }
    if (col != stackbuf)
        free(col);
    return best;
}
