/* kb_voice.h -- per-user voice data, one row per user and acoustic model:
 * the speaker calibration of the speech recogniser (PocketSphinx's cepstral
 * mean), stored as the text voice/asr.h gives ("41.00,-5.29,..."), and the
 * frequency warp a prompted enrolment chose (1.0: none), which the
 * calibration was measured with. kb/ does not interpret the numbers beyond
 * checking their shape. */
#ifndef KEFU_KB_VOICE_H
#define KEFU_KB_VOICE_H

#include <stdint.h>
#include "kb.h"

/* The stored calibration of user for model, or *cmn NULL when none (also
 * for an unknown user). Caller frees *cmn with free(). */
int kb_voice_calibration_get(kb_t *kb, const char *user, const char *model, char **cmn);

/* Store (replace) the calibration, keeping the warp; now is UTC epoch
 * seconds. cmn must be 1..64
 * comma-separated decimal numbers: anything else is KB_INVALID. */
int kb_voice_calibration_set(kb_t *kb, const char *user, const char *model,
                             const char *cmn, int64_t now);

/* What is stored for a user and model. */
struct kb_voice_profile {
    char *cmn;              /* NULL: nothing stored */
    double warp;            /* 1.0: none (also when nothing is stored) */
    int64_t enrolled;       /* UTC epoch of the enrolment; 0: never enrolled */
    int words, errors, errors_none;   /* the enrolment's words and word errors
                                       * at the warp and without it */
};

/* Read it (p->cmn NULL and warp 1.0 when none). Free with
 * kb_voice_profile_free(). */
int kb_voice_profile_get(kb_t *kb, const char *user, const char *model,
                         struct kb_voice_profile *p);
void kb_voice_profile_free(struct kb_voice_profile *p);

/* Store an enrolment's result: calibration and warp together, replacing
 * what was there (one statement: nothing half-stored). warp 0.5..2;
 * KB_INVALID otherwise or for a bad calibration. */
int kb_voice_enrolment_set(kb_t *kb, const char *user, const char *model, const char *cmn,
                           double warp, int words, int errors, int errors_none, int64_t now);

/* Forget it and the warp (e.g. another person uses the account). KB_OK if
 * there was none. */
int kb_voice_calibration_clear(kb_t *kb, const char *user, const char *model);

#endif
