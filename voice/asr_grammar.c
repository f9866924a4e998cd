/* asr_grammar.c -- the commands grammar: JSGF generated from phrases.
 *
 * Phrases are plain word sequences; the word <digits> stands for a spoken
 * number read digit by digit (order numbers are read that way: "four oh two
 * seven one"). A phrase with a word the dictionary lacks is left out rather
 * than failing the whole grammar (another acoustic model's dictionary may
 * lack English command words). */
#include <stdlib.h>
#include <string.h>

#include "asr.h"
#include "asr_int.h"

const char *const asr_default_commands[] = {
    "next", "repeat", "spell", "slower", "faster", "louder", "quieter", "stop",
    "help", "hint", "skip", "submit", "look up order <digits>", "start work",
    "pause work", "stop work", "hours today", NULL};

static const char *const digit_words[] = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
    "nine", "oh", NULL};

struct buf {
    char *s;
    size_t len, cap;
    int nomem;
};

static void put(struct buf *b, const char *s, size_t n)
{
    if (b->nomem)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->cap + n + 1) * 2;
        char *ns = realloc(b->s, cap);
        if (!ns) {
            b->nomem = 1;
            return;
        }
        b->s = ns;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void puts_(struct buf *b, const char *s) { put(b, s, strlen(s)); }

/* Is every word of the phrase known (digits need the digit words)? */
static int phrase_ok(const char *p, const struct wordset *dict)
{
    while (*p) {
        size_t n = strcspn(p, " ");
        if (n == 8 && strncmp(p, "<digits>", 8) == 0) {
            for (int i = 0; digit_words[i]; i++)
                if (!wordset_has(dict, digit_words[i]))
                    return 0;
        } else if (n && !wordset_hasn(dict, p, n)) {
            return 0;
        }
        p += n;
        p += strspn(p, " ");
    }
    return 1;
}

int asr_grammar_build(const char *const *phrases, const struct wordset *dict,
                      struct wordset *words, char **jsgf, int *dropped)
{
    struct buf b = {0};
    int kept = 0, digits = 0;
    *jsgf = NULL;
    *dropped = 0;
    puts_(&b, "#JSGF V1.0;\ngrammar commands;\npublic <command> =");
    for (size_t i = 0; phrases[i]; i++) {
        const char *p = phrases[i] + strspn(phrases[i], " ");
        if (!*p)
            continue;
        if (!phrase_ok(p, dict)) {
            (*dropped)++;
            continue;
        }
        puts_(&b, kept++ ? "\n    | " : "\n      ");
        while (*p) {
            size_t n = strcspn(p, " ");
            if (n == 8 && strncmp(p, "<digits>", 8) == 0) {
                puts_(&b, "<digit>+");
                digits = 1;
            } else {
                put(&b, p, n);
                if (wordset_addn(words, p, n) < 0)
                    b.nomem = 1;
            }
            p += n;
            p += strspn(p, " ");
            if (*p)
                puts_(&b, " ");
        }
    }
    puts_(&b, ";\n");
    if (digits) {
        /* "oh" is rarer than "zero" and, short and open, the word the
         * decoder inserts at a pause between digits: weighted down */
        puts_(&b, "<digit> = ");
        for (int i = 0; digit_words[i]; i++) {
            puts_(&b, i ? " | " : "");
            puts_(&b, strcmp(digit_words[i], "oh") == 0 ? "/0.05/ " : "/1/ ");
            puts_(&b, digit_words[i]);
            if (wordset_add(words, digit_words[i]) < 0)
                b.nomem = 1;
        }
        puts_(&b, ";\n");
    }
    if (b.nomem) {
        free(b.s);
        return -1;
    }
    if (!kept) {
        free(b.s);
        return 0;
    }
    *jsgf = b.s;
    return 0;
}
