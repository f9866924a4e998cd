/* kb_voice.h -- per-user voice data: the speaker calibration of the speech
 * recogniser (PocketSphinx's cepstral mean), one per user and acoustic
 * model, stored as the text voice/asr.h gives ("41.00,-5.29,..."). kb/ does
 * not interpret the numbers beyond checking their shape. */
#ifndef KEFU_KB_VOICE_H
#define KEFU_KB_VOICE_H

#include <stdint.h>
#include "kb.h"

/* The stored calibration of user for model, or *cmn NULL when none (also
 * for an unknown user). Caller frees *cmn with free(). */
int kb_voice_calibration_get(kb_t *kb, const char *user, const char *model, char **cmn);

/* Store (replace) it; now is UTC epoch seconds. cmn must be 1..64
 * comma-separated decimal numbers: anything else is KB_INVALID. */
int kb_voice_calibration_set(kb_t *kb, const char *user, const char *model,
                             const char *cmn, int64_t now);

/* Forget it (e.g. another person uses the account). KB_OK if there was none. */
int kb_voice_calibration_clear(kb_t *kb, const char *user, const char *model);

#endif
