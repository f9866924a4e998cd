/* voice_cmds.h -- voice input for the assistant: the spoken command words
 * and what they mean, and the one way to open the recogniser with a
 * person's settings (model folder, speaker calibration, the library's
 * English text for the answers model).
 *
 * Command names are the key map's action names where one exists (repeat,
 * spell, slower, faster, stop, help, hint, skip, submit; see
 * accessibility/keymap.h) and our own otherwise (next, louder, quieter,
 * lookup-order, work-start, work-pause, work-stop, hours-today).
 */
#ifndef KEFU_VOICE_CMDS_H
#define KEFU_VOICE_CMDS_H

#include <stdbool.h>
#include <stddef.h>

#include "asr.h"
#include "cli.h"

/* The spoken phrases for the commands grammar, NULL-terminated (static). */
const char *const *voice_cmd_phrases(void);

/* Map recognised command text to a command: *name (static) and, for
 * lookup-order, the digits into args ("look up order four oh two" ->
 * "lookup-order", "402"). Returns 0, or -1 when the text is no command. */
int voice_cmd_parse(const char *text, const char **name, char *args, size_t len);

/* Open the recogniser for ctx: the model folder from KEFU_MODEL_DIR or
 * voice.model_dir, the user's stored calibration, and (answers) the
 * library's English text. *out is NULL on failure and *err (caller frees)
 * says why and what to do. Returns 0 or -1. */
int voice_asr_open(struct kefu_ctx *ctx, bool answers, asr_t **out, char **err);

/* Remember the speaker calibration after an utterance (quietly does
 * nothing when the database cannot be written). */
void voice_asr_save(struct kefu_ctx *ctx, asr_t *asr);

/* The acoustic model folder ctx uses (borrowed). */
const char *voice_model_dir(struct kefu_ctx *ctx);

#endif
