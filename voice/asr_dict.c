/* asr_dict.c -- word sets and dictionary trimming.
 *
 * The full CMU dictionary has 134k entries; PocketSphinx builds its search
 * tree over every entry, which costs seconds. Each search only needs its own
 * words, so we copy those entries into a small temporary dictionary. One
 * linear pass over the file is ~20 ms, much less than the tree build it
 * saves. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asr_int.h"

struct wordset {
    char **words;
    size_t len, cap;
    size_t *slots;              /* index + 1 */
    size_t nslots;
};

static uint64_t hashn(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

struct wordset *wordset_new(void)
{
    struct wordset *ws = calloc(1, sizeof *ws);
    if (!ws)
        return NULL;
    ws->nslots = 256;
    ws->slots = calloc(ws->nslots, sizeof *ws->slots);
    if (!ws->slots) {
        free(ws);
        return NULL;
    }
    return ws;
}

void wordset_free(struct wordset *ws)
{
    if (!ws)
        return;
    for (size_t i = 0; i < ws->len; i++)
        free(ws->words[i]);
    free(ws->words);
    free(ws->slots);
    free(ws);
}

static size_t find(const struct wordset *ws, const char *w, size_t n)
{
    size_t mask = ws->nslots - 1, i = hashn(w, n) & mask;
    while (ws->slots[i]) {
        const char *x = ws->words[ws->slots[i] - 1];
        if (strncmp(x, w, n) == 0 && x[n] == '\0')
            return i;
        i = (i + 1) & mask;
    }
    return i;
}

bool wordset_hasn(const struct wordset *ws, const char *w, size_t len)
{
    return ws && ws->slots[find(ws, w, len)] != 0;
}

bool wordset_has(const struct wordset *ws, const char *w)
{
    return wordset_hasn(ws, w, strlen(w));
}

int wordset_addn(struct wordset *ws, const char *w, size_t n)
{
    size_t i = find(ws, w, n);
    if (ws->slots[i])
        return 0;
    if (ws->len == ws->cap) {
        size_t cap = ws->cap ? ws->cap * 2 : 64;
        char **nw = realloc(ws->words, cap * sizeof *nw);
        if (!nw)
            return -1;
        ws->words = nw;
        ws->cap = cap;
    }
    char *copy = malloc(n + 1);
    if (!copy)
        return -1;
    memcpy(copy, w, n);
    copy[n] = '\0';
    ws->words[ws->len++] = copy;
    if (ws->len * 2 > ws->nslots) {
        size_t ns = ws->nslots * 2;
        size_t *s = calloc(ns, sizeof *s);
        if (!s) {
            free(copy);
            ws->len--;
            return -1;
        }
        free(ws->slots);
        ws->slots = s;
        ws->nslots = ns;
        for (size_t k = 0; k < ws->len; k++) {
            size_t j = hashn(ws->words[k], strlen(ws->words[k])) & (ns - 1);
            while (s[j])
                j = (j + 1) & (ns - 1);
            s[j] = k + 1;
        }
    } else {
        ws->slots[i] = ws->len;
    }
    return 1;
}

int wordset_add(struct wordset *ws, const char *w)
{
    return wordset_addn(ws, w, strlen(w));
}

size_t wordset_len(const struct wordset *ws) { return ws ? ws->len : 0; }
const char *wordset_word(const struct wordset *ws, size_t i) { return ws->words[i]; }

/* Length of the head word of a dictionary line, without "(2)". */
static size_t head_len(const char *line, size_t *full)
{
    size_t n = strcspn(line, " \t\r\n");
    *full = n;
    if (n > 3 && line[n - 1] == ')') {
        size_t p = n - 2;
        while (p > 0 && line[p] >= '0' && line[p] <= '9')
            p--;
        if (line[p] == '(' && p < n - 2)
            return p;
    }
    return n;
}

static long scan(const char *dict_path, const struct wordset *words, FILE *out,
                 struct wordset *found)
{
    FILE *fp = fopen(dict_path, "r");
    if (!fp)
        return -1;
    char line[1024];
    long n = 0;
    while (fgets(line, sizeof line, fp)) {
        size_t full, hl = head_len(line, &full);
        if (hl == 0 || line[0] == ';' || line[0] == '#')
            continue;
        if (words && !wordset_hasn(words, line, hl))
            continue;
        if (found && wordset_addn(found, line, hl) < 0) {
            fclose(fp);
            return -2;
        }
        if (out)
            fputs(line, out);
        n++;
    }
    fclose(fp);
    return n;
}

long asr_dict_extract(const char *dict_path, const struct wordset *words,
                      FILE *out, struct wordset *found)
{
    return scan(dict_path, words, out, found);
}

long asr_dict_words(const char *dict_path, struct wordset *found)
{
    return scan(dict_path, NULL, NULL, found);
}

/* Pronunciations the CMU dictionary lacks: "stop" with the vowel of
 * "caught" (many speakers, and eSpeak's en-us voice). Measured with
 * bench_asr: "stop" heard as "spell" 3 -> 1 time in 6 at 20 dB. Every
 * dictionary the decoder loads while the commands grammar exists must carry
 * them: reloading a dictionary rebuilds the grammar, and PocketSphinx
 * crashes on an alternate the new dictionary lacks. */
static const char *const extra_prons[][2] = {{"stop", "stop(2) S T AO P\n"}};

bool asr_dict_has_extra(const struct wordset *words)
{
    for (size_t i = 0; i < sizeof extra_prons / sizeof extra_prons[0]; i++)
        if (wordset_has(words, extra_prons[i][0]))
            return true;
    for (size_t i = 0; asr_garbage_units[i][0]; i++)
        if (wordset_has(words, asr_garbage_units[i][0]))
            return true;
    return false;
}

int asr_dict_extra(const struct wordset *words, FILE *out)
{
    for (size_t i = 0; asr_garbage_units[i][0]; i++)
        if (wordset_has(words, asr_garbage_units[i][0])
            && fprintf(out, "%s %s\n", asr_garbage_units[i][0], asr_garbage_units[i][1]) < 0)
            return -1;
    for (size_t i = 0; i < sizeof extra_prons / sizeof extra_prons[0]; i++)
        if (wordset_has(words, extra_prons[i][0]) && fputs(extra_prons[i][1], out) < 0)
            return -1;
    return 0;
}

long asr_pronunciations(const char *dict_path, const char *const *words, size_t n,
                        void (*fn)(void *arg, const char *word, const char *phones),
                        void *arg)
{
    struct wordset *want = wordset_new();
    FILE *fp = NULL;
    long found = 0;
    if (!want)
        return -2;
    for (size_t i = 0; i < n; i++)
        if (words[i] && wordset_add(want, words[i]) < 0) {
            found = -2;
            goto out;
        }
    if (!dict_path || !(fp = fopen(dict_path, "r"))) {
        found = -1;
        goto out;
    }
    char line[1024];
    while (fgets(line, sizeof line, fp)) {
        size_t full, hl = head_len(line, &full);
        if (hl == 0 || line[0] == ';' || line[0] == '#' || !wordset_hasn(want, line, hl))
            continue;
        const char *ph = line + full;
        ph += strspn(ph, " \t");
        line[strcspn(line, "\r\n")] = '\0';
        line[hl] = '\0';                /* the head word, without "(2)" */
        if (*ph) {
            fn(arg, line, ph);
            found++;
        }
    }
out:
    if (fp)
        fclose(fp);
    wordset_free(want);
    return found;
}
