/* asr_int.h -- helpers shared by the asr*.c files only. */
#ifndef KEFU_ASR_INT_H
#define KEFU_ASR_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* A set of words (copied strings), in insertion order. */
struct wordset;
struct wordset *wordset_new(void);                /* NULL: out of memory */
void wordset_free(struct wordset *ws);            /* NULL is a no-op */
/* 1 added, 0 already there, -1 out of memory */
int wordset_add(struct wordset *ws, const char *w);
int wordset_addn(struct wordset *ws, const char *w, size_t len);
bool wordset_has(const struct wordset *ws, const char *w);
bool wordset_hasn(const struct wordset *ws, const char *w, size_t len);
size_t wordset_len(const struct wordset *ws);
const char *wordset_word(const struct wordset *ws, size_t i);   /* borrowed */

/* Copy to out the entries of the dictionary file dict_path whose head word
 * (alternates "word(2)" included) is in words; add each word found to
 * found (may be NULL). Returns the number of entries written, -1 if the
 * dictionary cannot be read, -2 out of memory. */
long asr_dict_extract(const char *dict_path, const struct wordset *words,
                      FILE *out, struct wordset *found);

/* Extra pronunciations (not in the CMU dictionary) of the words in words,
 * as dictionary lines into out; asr_dict_has_extra(): are there any?
 * Returns 0, or -1 on a write error. The caller only passes words that its
 * dictionary (so its phone set) has. */
int asr_dict_extra(const struct wordset *words, FILE *out);
bool asr_dict_has_extra(const struct wordset *words);

/* The garbage units of the commands grammar (asr_grammar.c): dictionary
 * word and its one phone, {NULL, NULL}-terminated. asr_dict_extra() writes
 * the entries of those in its word set. */
extern const char *const asr_garbage_units[][2];

/* Every head word of a dictionary file into found. Same returns. */
long asr_dict_words(const char *dict_path, struct wordset *found);

/* The JSGF grammar of the command phrases, using only the words in dict
 * (phrases with a word missing there are left out and counted in
 * *dropped). The grammar's words go into words. *jsgf: caller frees with
 * free(); NULL when no phrase is left. Returns 0 or -1 out of memory. */
int asr_grammar_build(const char *const *phrases, const struct wordset *dict,
                      struct wordset *words, char **jsgf, int *dropped);

#endif
