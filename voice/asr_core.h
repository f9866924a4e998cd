/* asr_core.h -- the decoder handle, shared by asr.c (decoder, listening,
 * calibration) and asr_answers.c (building the answers search). */
#ifndef KEFU_ASR_CORE_H
#define KEFU_ASR_CORE_H

#include <pocketsphinx.h>

#include "asr.h"
#include "asr_int.h"

struct asr {
    ps_decoder_t *ps;
    cmd_ln_t *config;
    char *hmm, *dict, *lm;           /* resolved paths */
    int general_words;
    double domain_weight;
    bool no_domain;
    bool stock;                      /* asr_options.stock_settings */
    char *jsgf;
    struct wordset *cmd_words;       /* words of the commands grammar */
    char *domain;                    /* English domain text, '\n'-joined */
    size_t dlen, dcap;
    bool commands_ok, answers_ok;
    double load_commands, load_answers;
    const char *search;              /* current: ASR_COMMANDS / ASR_ANSWERS / custom */
    char custom[64];                 /* name of the last custom search used */
    asr_listen_mode mode;
    bool muted;
    bool (*mute_fn)(void *);
    void *mute_arg;
    bool in_utt, speech_seen;
    bool heard;                      /* VAD speech in the last utterance/source */
    double warp;                     /* asr_options.warp; 1.0: none */
    char *text;
    double conf, final_s, final_cpu_s;
    double audio_s, cpu_s;
    double silprob, wip;             /* the decoder-wide values (answers) */
    char cmn_default[512];           /* the model's own starting CMN */
    char errmsg[512];
};

int asr_fail(asr_t *asr, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
double asr_now(void);                /* monotonic seconds */

/* A temporary file opened for writing: path into buf (>= 64 bytes). */
FILE *asr_tmpfile(char *path, size_t len, const char *suffix);

/* Put the grammar's silence and word-insertion settings into the config
 * (on) or the decoder-wide ones back (off): PocketSphinx reads them when a
 * search is created or rebuilt. */
void asr_grammar_params(asr_t *asr, bool on);

/* End the utterance and keep its result (asr.c). */
int asr_finish(asr_t *asr);

/* Build and load the answers search (asr_answers.c). */
int asr_build_answers(asr_t *asr);

/* The commands grammar fsg with a garbage path added (asr_grammar.c): any
 * speech that is no command can take it. NULL when the grammar has no
 * garbage units (or out of memory): use fsg as it is. Caller frees with
 * fsg_model_free(). */
fsg_model_t *asr_grammar_garbage(fsg_model_t *fsg, const struct wordset *words,
                                 logmath_t *lmath, float lw);

/* The text of a result (caller frees with free(); NULL out of memory):
 * hyp itself, or for the commands search ASR_OTHER when the garbage path
 * won (asr_decode.c). */
char *asr_command_text(const asr_t *asr, const char *hyp);

/* The confidence of a commands-search result (asr_decode.c). */
double asr_command_confidence(asr_t *asr);

#endif
