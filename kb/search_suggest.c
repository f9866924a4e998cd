/* search_suggest.c -- edit distance for "did you mean" suggestions (slugs,
 * order numbers). Counts code points, not bytes, so a Chinese typo costs
 * one like an English one. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "search_int.h"

/* Decode s into a new array of code points (invalid bytes count as one). */
static int32_t *decode(const char *s, size_t *n)
{
    size_t len = strlen(s);
    int32_t *v = malloc((len + 1) * sizeof *v);
    if (!v)
        return NULL;
    size_t i = 0, k = 0;
    while (i < len) {
        utf8proc_int32_t c;
        utf8proc_ssize_t m = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &c);
        if (m <= 0) {
            c = 0xFFFD;
            m = 1;
        }
        v[k++] = c;
        i += (size_t)m;
    }
    *n = k;
    return v;
}

size_t kb_edit_distance(const char *a, const char *b)
{
    size_t na = 0, nb = 0, d = SIZE_MAX;
    int32_t *va = decode(a, &na), *vb = decode(b, &nb);
    size_t *row = malloc((nb + 1) * sizeof *row);
    if (!va || !vb || !row)
        goto out;
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t best = diag + (va[i - 1] != vb[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    d = row[nb];
out:
    free(va);
    free(vb);
    free(row);
    return d;
}
