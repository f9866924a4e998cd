/* complete_int.h -- the completion engine's insides, shared by complete.c
 * (corpus, snippets), offer.c (ranking) and ksr.c (the typing simulation).
 * Never included from outside accessibility/. */
#ifndef KEFU_COMPLETE_INT_H
#define KEFU_COMPLETE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "complete.h"

enum { CTOK_WORD = 1, CTOK_CJK, CTOK_PUNCT, CTOK_SENTENCE };

struct ctok {
    uint32_t off, len;  /* bytes in the text */
    int id;             /* interned matching form (corpus texts only) */
    uint8_t cls;        /* CTOK_* */
};

struct ctext {
    char *s;
    struct ctok *t;
    size_t n;
    bool own;
    bool hidden;        /* a11y_complete_hide(): never offered for now */
};

struct cocc {
    uint32_t text, tok;
};

struct cid {
    char *name;
    uint8_t cls;
    long freq;
    struct cocc *occ;
    size_t nocc, occcap;
};

struct csnip {
    char *abbrev, *text;
};

struct a11y_complete {
    struct ctext *texts;
    size_t ntexts, textcap;
    struct cid *ids;
    size_t nids, idcap;
    int *hash;          /* open addressing, -1 empty */
    size_t hcap;
    struct csnip *snip;
    size_t nsnip;
};

/* Cut s[0..len) into tokens; writes up to max into out (may be NULL) and
 * returns how many there are. ids are not set. */
size_t ctok_split(const char *s, size_t len, struct ctok *out, size_t max);
int cmp_find(const a11y_complete_t *c, const char *name);   /* id or -1 */

#endif
