/* score_sound.c -- spoken answers: a phrase heard as words that sound the
 * same.
 *
 * A recogniser cannot tell "weather" from "whether", or "any time" from
 * "anytime": it writes whichever its language model prefers, and the rubric
 * loses a section the trainee said. So, for spoken answers only, a section
 * no phrase hit (strictly or within the spoken tolerance) still counts when
 * one of its phrases has exactly the phones of some run of whole heard
 * words, by the pronunciation dictionary (CMU, the recogniser's own:
 * voice/asr.h asr_pronunciations), any of each word's pronunciations, word
 * breaks ignored. Exact phones only: near-sounding words ("made" / "fade")
 * were measured to add more false sections than they found (round trip,
 * tests/bench/bench_asr_answers.h, docs/practice.md). A phrase of fewer
 * than 4 phones is left out ("hi" would be "high", "bot" "bought":
 * measured on the recognised model answers of bench_score). Without the dictionary
 * (no model installed) nothing changes.
 *
 * Cost: one pass over the dictionary file per spoken answer that misses a
 * section (about 30 ms for the 134k-word CMU file), none otherwise; the
 * recogniser's alternatives of an answer (score_answer_alts) share it.
 */
#include "score_int.h"

#include <stdlib.h>
#include <string.h>

#include "asr.h"

#define MIN_PHONES 4
#define MAX_COMBOS 16           /* pronunciation combinations per phrase */

struct pron { char *word, *phones; };   /* phones: "W EH DH ER " */

struct lexicon {
    struct pron *v;
    size_t n, cap;
    int nomem;
};

static void lex_add(void *arg, const char *word, const char *phones)
{
    struct lexicon *lx = arg;
    if (lx->nomem)
        return;
    if (lx->n == lx->cap) {
        size_t cap = lx->cap ? 2 * lx->cap : 64;
        struct pron *v = realloc(lx->v, cap * sizeof *v);
        if (!v) {
            lx->nomem = 1;
            return;
        }
        lx->v = v;
        lx->cap = cap;
    }
    /* one space after every phone, so prefixes compare phone by phone */
    size_t len = strlen(phones);
    char *ph = malloc(len + 2), *o = ph;
    char *w = strdup(word);
    if (!ph || !w) {
        free(ph);
        free(w);
        lx->nomem = 1;
        return;
    }
    for (const char *s = phones; *s;) {
        size_t k = strcspn(s, " \t\r\n");
        if (k) {
            memcpy(o, s, k);
            o += k;
            *o++ = ' ';
        }
        s += k;
        s += strspn(s, " \t\r\n");
    }
    *o = '\0';
    lx->v[lx->n++] = (struct pron){w, ph};
}

static void lex_free(struct lexicon *lx)
{
    for (size_t i = 0; i < lx->n; i++) {
        free(lx->v[i].word);
        free(lx->v[i].phones);
    }
    free(lx->v);
}

static size_t count_phones(const char *ph)
{
    size_t n = 0;
    for (; *ph; ph++)
        n += *ph == ' ';
    return n;
}

/* The words of " w1 w2 " as an array of pointers into a copy (letters only:
 * a word holding a digit has no pronunciation and is kept as a break). */
static char **split_words(const char *words, char **buf, size_t *n)
{
    *n = 0;
    *buf = strdup(words ? words : "");
    if (!*buf)
        return NULL;
    size_t cap = 1;
    for (const char *s = *buf; *s; s++)
        cap += *s == ' ';
    char **v = malloc(cap * sizeof *v);
    if (!v) {
        free(*buf);
        *buf = NULL;
        return NULL;
    }
    char *save = NULL;
    for (char *tok = strtok_r(*buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
        v[(*n)++] = tok;
    return v;
}

/* Can the phone string s from pos be completed by heard words k, k+1, ...
 * (each in any of its pronunciations), ending exactly at a word's end? */
static bool complete(const struct lexicon *lx, const char *s, size_t pos, char **heard,
                     size_t k, size_t nh)
{
    if (k >= nh)
        return false;
    for (size_t i = 0; i < lx->n; i++) {
        if (strcmp(lx->v[i].word, heard[k]) != 0)
            continue;
        size_t len = strlen(lx->v[i].phones);
        if (strncmp(s + pos, lx->v[i].phones, len) != 0)
            continue;
        if (s[pos + len] == '\0' || complete(lx, s, pos + len, heard, k + 1, nh))
            return true;
    }
    return false;
}

/* Every pronunciation of the phrase's words (up to MAX_COMBOS), each tried
 * against every run of heard words. */
static bool phrase_sounds(const struct lexicon *lx, char **pw, size_t np, char **heard,
                          size_t nh)
{
    size_t idx[16] = {0}, n_alt[16];
    const struct pron *alt[16][4];
    if (np == 0 || np > 16)
        return false;
    for (size_t w = 0; w < np; w++) {
        n_alt[w] = 0;
        for (size_t i = 0; i < lx->n && n_alt[w] < 4; i++)
            if (strcmp(lx->v[i].word, pw[w]) == 0)
                alt[w][n_alt[w]++] = &lx->v[i];
        if (!n_alt[w])
            return false;               /* a word the dictionary lacks */
    }
    char s[512];
    for (int combo = 0; combo < MAX_COMBOS; combo++) {
        size_t len = 0;
        bool fits = true;
        for (size_t w = 0; w < np && fits; w++) {
            const char *ph = alt[w][idx[w]]->phones;
            size_t l = strlen(ph);
            fits = len + l < sizeof s;
            if (fits) {
                memcpy(s + len, ph, l);
                len += l;
            }
        }
        s[len] = '\0';
        if (fits && count_phones(s) >= MIN_PHONES)
            for (size_t k = 0; k < nh; k++)
                if (complete(lx, s, 0, heard, k, nh))
                    return true;
        /* next combination, odometer style */
        size_t w = 0;
        while (w < np && ++idx[w] == n_alt[w])
            idx[w++] = 0;
        if (w == np)
            break;
    }
    return false;
}

/* The words of one missed phrase, split. */
struct phrase_words {
    char *buf;
    char **w;
    size_t n;
};

int score_sound_pass(const score_rubric_t *r, const struct score_text *t, size_t nt,
                     score_result *res)
{
    const char **want = NULL;
    char **hbuf = NULL, ***heard = NULL;
    size_t *nh = NULL;
    struct phrase_words *pw = NULL;
    struct lexicon lx = {0};
    size_t nw = 0, npw = 0, q = 0, nhall = 0;
    int rc = SCORE_NOMEM;
    for (size_t i = 0; i < res->n_sections && i < r->nsec; i++)
        if (!res->sections[i].hit)
            npw += r->sec[i].n;
    if (!r->dict || npw == 0 || nt == 0)
        return SCORE_OK;
    if (!(hbuf = calloc(nt, sizeof *hbuf)) || !(heard = calloc(nt, sizeof *heard)) ||
        !(nh = calloc(nt, sizeof *nh)) || !(pw = calloc(npw, sizeof *pw)))
        goto out;
    for (size_t k = 0; k < nt; k++) {
        if (!(heard[k] = split_words(t[k].words, &hbuf[k], &nh[k])))
            goto out;
        nhall += nh[k];
    }
    /* the missed sections' phrases of words, in order */
    size_t cap = nhall + 1;
    for (size_t i = 0; i < r->nsec; i++)
        for (size_t j = 0; !res->sections[i].hit && j < r->sec[i].n; j++, q++) {
            if (!r->sec[i].ph[j].words)
                continue;
            if (!(pw[q].w = split_words(r->sec[i].ph[j].words, &pw[q].buf, &pw[q].n)))
                goto out;
            cap += pw[q].n;
        }
    /* one look-up for the heard words and the phrases' words */
    if (!(want = malloc(cap * sizeof *want)))
        goto out;
    for (size_t k = 0; k < nt; k++)       /* repeats cost nothing: one pass */
        for (size_t m = 0; m < nh[k]; m++)
            want[nw++] = heard[k][m];
    for (size_t k = 0; k < npw; k++)
        for (size_t m = 0; m < pw[k].n; m++)
            want[nw++] = pw[k].w[m];
    long got = asr_pronunciations(r->dict, want, nw, lex_add, &lx);
    if (got == -2 || lx.nomem)
        goto out;
    rc = SCORE_OK;
    if (got <= 0)           /* no dictionary, or none of the words in it */
        goto out;
    q = 0;
    for (size_t i = 0; i < r->nsec; i++) {
        score_section *sec = &res->sections[i];
        if (sec->hit)
            continue;
        for (size_t j = 0; j < r->sec[i].n; j++, q++)
            for (size_t k = 0; k < nt; k++)
                if (!sec->hit && pw[q].w &&
                    phrase_sounds(&lx, pw[q].w, pw[q].n, heard[k], nh[k])) {
                    sec->hit = true;
                    sec->fuzzy = true;
                    sec->alternative = k > 0;
                    sec->matched = r->sec[i].ph[j].text;
                }
    }
out:
    for (size_t k = 0; pw && k < npw; k++) {
        free(pw[k].buf);
        free(pw[k].w);
    }
    free(pw);
    lex_free(&lx);
    free(want);
    for (size_t k = 0; k < nt && heard; k++) {
        free(heard[k]);
        free(hbuf[k]);
    }
    free(heard);
    free(hbuf);
    free(nh);
    return rc;
}
