/* practice_voice.h -- spoken answers for the practice engine: recognise a
 * recorded WAV (drill run --answers-wav) or a push-to-talk answer in a
 * session, through voice/asr.h with the "answers" search. One recogniser per
 * process, opened on first use (the speaker calibration lives in it). */
#ifndef KEFU_PRACTICE_VOICE_H
#define KEFU_PRACTICE_VOICE_H

#include "cli.h"
#include "score.h"

typedef struct practice_asr practice_asr_t;

/* Recognise path into *text (caller frees). *asr is opened on first use and
 * freed with practice_asr_free(). Returns 0, or -1 with *err (caller frees)
 * saying why: a missing or unreadable file, no speech, no model. */
int practice_asr_file(struct kefu_ctx *ctx, practice_asr_t **asr, const char *path,
                      char **text, char **err);

/* Listen on the microphone until Enter (push-to-talk); same contract. */
int practice_asr_listen(struct kefu_ctx *ctx, practice_asr_t **asr, char **text,
                        char **err);

/* Score answer: when it is spoken (mode SCORE_SPOKEN) and is the text asr
 * recognised last, with the recogniser's alternatives of it
 * (score_answer_alts); otherwise score_answer(). asr may be NULL. */
int practice_asr_score(const practice_asr_t *asr, const score_rubric_t *rub, const char *answer,
                       score_input mode, score_result *res);

void practice_asr_free(practice_asr_t *asr);    /* NULL is a no-op */

#endif
