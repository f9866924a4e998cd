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

#include <jansson.h>

#include "asr.h"
#include "cli.h"

/* The spoken phrases for the commands grammar, NULL-terminated (static). */
const char *const *voice_cmd_phrases(void);

/* Map recognised command text to a command: *name (static) and, for
 * lookup-order, the digits into args ("look up order four oh two" ->
 * "lookup-order", "402"). Returns 0, or -1 when the text is no command. */
int voice_cmd_parse(const char *text, const char **name, char *args, size_t len);

/* The confidence (asr_confidence() of the commands search, 0..1) below
 * which a recognised command is not acted on: the trainee is asked to say
 * it again. The commands search's confidence is scaled so that 0.5 is the
 * point chosen on the benchmark's tuning set (docs/voice.md). */
#define VOICE_CMD_MIN_CONFIDENCE 0.5

typedef enum {
    VOICE_CMD_OK = 0,       /* a command, sure enough to act on */
    VOICE_CMD_UNSURE = 1,   /* heard as a command, but too unsure: ask again */
    VOICE_CMD_NONE = -1     /* no command */
} voice_cmd_result;

/* Decide what to do with a commands-search result: voice_cmd_parse(), then
 * the confidence. *name and args are set as voice_cmd_parse() sets them, also
 * for VOICE_CMD_UNSURE (to say what was heard); act only on VOICE_CMD_OK. */
int voice_cmd_understand(const char *text, double conf, const char **name, char *args,
                         size_t len);

/* Open the recogniser for ctx: the model folder from KEFU_MODEL_DIR or
 * voice.model_dir, the user's stored calibration and enrolment warp
 * (kefu listen --enrol; asr_warp() tells which is in use), and (answers) the
 * library's English text. *out is NULL on failure and *err (caller frees)
 * says why and what to do. Returns 0 or -1. */
int voice_asr_open(struct kefu_ctx *ctx, bool answers, asr_t **out, char **err);

/* Remember the speaker calibration after an utterance (quietly does
 * nothing when the database cannot be written). Only after an accepted
 * one: a rejected command or no speech would move the calibration off the
 * trainee's voice, and later runs would drift. */
void voice_asr_save(struct kefu_ctx *ctx, asr_t *asr);

/* What a frequency warp means, in plain words (translated, static). */
const char *voice_warp_meaning(double warp);

/* ---- kefu listen --enrol (listen_enrol.c) ---- */
struct listen_enrol_args {
    const char *wav_dir;        /* recordings named by phrase, or NULL */
    const char *const *wav;     /* more recordings named by phrase */
    int nwav;                   /* none and no wav_dir: the microphone */
};
/* Enrol ctx->user: record or read the phrases, choose the warp, store it
 * with its calibration (nothing stored on any failure). Exit status. */
int listen_enrol(struct kefu_ctx *ctx, const struct listen_enrol_args *a);
/* The phrases and the file name each is looked for under. */
int listen_enrol_list(struct kefu_ctx *ctx);
/* What is stored for ctx->user and the model, and the warp in use (asr's
 * if given, else the stored one). */
int listen_enrol_show(struct kefu_ctx *ctx, asr_t *asr, bool json);

/* msg without doubled punctuation for kefu_fail(), which adds a full stop:
 * libsndfile's texts end with one ("(Format not recognised.)."). Written
 * into buf (len bytes); returns buf. */
const char *voice_msg_tidy(const char *msg, char *buf, size_t len);

/* Which layer a status code comes from (their numbers overlap). */
enum voice_layer { VOICE_ASR, VOICE_AUDIO };

/* The voice layer's error in the trainee's language, for kefu_fail()'s
 * WHAT. voice/ is a library without translations: its errmsg texts are
 * English. status: an ASR_* (VOICE_ASR) or AUDIO_IN_* (VOICE_AUDIO) code;
 * msg: the library's errmsg (ASR_AUDIO and ASR_NODEVICE carry the sound
 * layer's); model: the model folder, for ASR_NOMODEL (may be NULL). The
 * common cases (no such file, not a sound file, no sound server, the
 * microphone stopped, no model, no speech, out of memory) become a
 * translated sentence that keeps the detail that matters: the path, and
 * libsndfile's or PulseAudio's reason in parentheses. Their English is
 * the library's own text; rare cases keep the library's text (in other
 * languages inside a translated sentence). A missing model keeps its own
 * ". Try: FIX" (see voice_fail). Written into buf (len bytes, tidied as
 * voice_msg_tidy); returns buf. */
const char *voice_msg(enum voice_layer layer, int status, const char *msg, const char *model,
                      char *buf, size_t len);

/* kefu_fail() with msg (e.g. from voice_msg or voice_asr_open): a
 * "WHAT. Try: FIX" in msg gives the FIX, else fix is used. */
int voice_fail(struct kefu_ctx *ctx, const char *msg, const char *fix);

/* Listen once on the microphone through asr (its current search) until the
 * end of speech (vad: voice activity) or a key (push-to-talk), at most
 * max_s seconds, kefu's own speech muted; says "Listening; ..." first.
 * ASR_OK and the rest as asr_stop; ASR_NODEVICE when the microphone cannot
 * be opened or read (ASR_NOMEM out of memory), its translated reason
 * (voice_msg) in err. */
int voice_listen_mic(struct kefu_ctx *ctx, asr_t *asr, bool vad, int max_s, char *err,
                     size_t errlen);

/* Print o as one compact JSON line (reals to 3 digits, as kefu listen's
 * keys are) and release it; o may be NULL (out of memory). Exit status. */
int voice_print_json(struct kefu_ctx *ctx, json_t *o);

/* A key or line waiting on standard input, consumed: the end of talking
 * (push-to-talk) or of a phrase. Never blocks. */
bool voice_key_waiting(void);

/* The acoustic model folder ctx uses (borrowed). */
const char *voice_model_dir(struct kefu_ctx *ctx);

#endif
