/* asr_grammar.c -- the commands grammar: JSGF generated from phrases.
 *
 * Phrases are plain word sequences; the word <digits> stands for a spoken
 * number read digit by digit (order numbers are read that way: "four oh two
 * seven one"). A phrase with a word the dictionary lacks is left out rather
 * than failing the whole grammar (another acoustic model's dictionary may
 * lack English command words).
 *
 * A grammar alone takes any sound for some command (we saw 59 of 60
 * non-commands accepted), so the commands search also holds a garbage path:
 * a loop of one-phone words, entered with a small probability, which speech
 * that is no command fits better than any command does. Its words read as
 * ASR_OTHER in the result (asr_decode.c). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sphinxbase/fsg_model.h>

#include "asr_core.h"

const char *const asr_default_commands[] = {
    "next", "repeat", "spell", "slower", "faster", "louder", "quieter", "stop",
    "help", "hint", "skip", "submit", "look up order <digits>", "start work",
    "pause work", "stop work", "hours today", NULL};

static const char *const digit_words[] = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
    "nine", "oh", NULL};

/* The garbage path: one-phone words. The phones of the en-us model
 * (CMU set) without the ten rarest in English (CH DH JH NG OY SH TH UH Y
 * ZH), which a loop of the others approximates well enough: each one-phone
 * word becomes a model per left and right context in the decoder, so the
 * full set cost RTF 0.034 against 0.028 (tests/bench/bench_asr.c, commands
 * at 20 dB), for one more non-command rejected in 64. A model whose
 * dictionary lacks the command words has no commands grammar at all, so the
 * CMU phone set can be taken for granted here. */
const char *const asr_garbage_units[][2] = {
    {"ph_aa", "AA"}, {"ph_ae", "AE"}, {"ph_ah", "AH"}, {"ph_ao", "AO"}, {"ph_aw", "AW"},
    {"ph_ay", "AY"}, {"ph_eh", "EH"}, {"ph_er", "ER"}, {"ph_ey", "EY"}, {"ph_ih", "IH"},
    {"ph_iy", "IY"}, {"ph_ow", "OW"}, {"ph_uw", "UW"}, {"ph_b", "B"}, {"ph_d", "D"},
    {"ph_f", "F"}, {"ph_g", "G"}, {"ph_hh", "HH"}, {"ph_k", "K"}, {"ph_l", "L"},
    {"ph_m", "M"}, {"ph_n", "N"}, {"ph_p", "P"}, {"ph_r", "R"}, {"ph_s", "S"},
    {"ph_t", "T"}, {"ph_v", "V"}, {"ph_w", "W"}, {"ph_z", "Z"}, {NULL, NULL}};

/* Probabilities of entering the garbage path (each unit) and of one more
 * unit in it, raised to the language weight by PocketSphinx like the
 * grammar's own. Chosen on the benchmark's tuning sets at 20 dB alone
 * (docs/voice.md): entering at 1e-5 / 1e-6 / 1e-7, the garbage path took 4 /
 * 4 / 2 of 156 commands and 49 / 42 / 37 of 64 non-commands; commands acted
 * on rightly (with the confidence threshold) 96.2% at 1e-6, 97.4% at 1e-7,
 * as without the path. 1e-7: commands are only listened for after the
 * trainee asked to speak one, so a lost command costs more than a stray
 * word taken. KEFU_ASR_NOGARBAGE=1 leaves the path out (for comparing). */
#define GARBAGE_ENTER 1e-7
#define GARBAGE_LOOP 0.5

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
    for (size_t i = 0; kept && asr_garbage_units[i][0]; i++)
        if (wordset_add(words, asr_garbage_units[i][0]) < 0)
            b.nomem = 1;
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

/* ---- the garbage path ---------------------------------------------------- */

/* JSGF cannot say it: sphinxbase 5prealpha turns a repeated rule at the
 * start of an alternative into a loop back to the start of the whole
 * grammar, and drops a weight on a rule reference. So the grammar's FSG is
 * written out as text, the garbage state and its transitions are added, and
 * it is read back:
 *     start --unit/ENTER--> G,  G --unit/LOOP--> G,  G --(1-LOOP)--> final */
fsg_model_t *asr_grammar_garbage(fsg_model_t *fsg, const struct wordset *words,
                                 logmath_t *lmath, float lw)
{
    char *text = NULL, *out = NULL;
    size_t tlen = 0, olen = 0;
    fsg_model_t *g = NULL;
    FILE *o = NULL;
    if (!fsg || !wordset_has(words, asr_garbage_units[0][0]) || getenv("KEFU_ASR_NOGARBAGE"))
        return NULL;
    FILE *m = open_memstream(&text, &tlen);
    if (!m)
        return NULL;
    fsg_model_write(fsg, m);
    if (fclose(m) != 0 || !(o = open_memstream(&out, &olen)))
        goto out;
    int n = fsg_model_n_state(fsg), s = fsg_model_start_state(fsg);
    int f = fsg_model_final_state(fsg);
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (strncmp(line, "NUM_STATES", 10) == 0) {
            fprintf(o, "NUM_STATES %d\n", n + 1);
            continue;
        }
        if (strncmp(line, "FSG_END", 7) == 0) {
            for (size_t i = 0; asr_garbage_units[i][0]; i++) {
                fprintf(o, "TRANSITION %d %d %g %s\n", s, n, GARBAGE_ENTER,
                        asr_garbage_units[i][0]);
                fprintf(o, "TRANSITION %d %d %g %s\n", n, n, GARBAGE_LOOP,
                        asr_garbage_units[i][0]);
            }
            fprintf(o, "TRANSITION %d %d %g\n", n, f, 1 - GARBAGE_LOOP);
        }
        fprintf(o, "%s\n", line);
    }
    if (fclose(o) != 0)
        goto out;
    o = fmemopen(out, olen, "r");
    if (o) {
        g = fsg_model_read(o, lmath, lw);
        fclose(o);
    }
out:
    free(text);
    free(out);
    return g;
}
