/* asr.h -- speech recognition over PocketSphinx (Debian 12: 0.8+5prealpha).
 *
 * One long-lived decoder per process, because the speaker calibration (the
 * cepstral mean, CMN) lives in it: a fresh decoder per utterance starts cold
 * and recognises worse. The decoder holds two searches, switched by name:
 *
 *   "commands"  a JSGF grammar generated from the command phrases (next,
 *               repeat, ..., "look up order" + digits), with a dictionary
 *               trimmed to the grammar's words so it loads in milliseconds;
 *   "answers"   a domain trigram model estimated from the knowledge base's
 *               English text (voice/lm.h), interpolated by PocketSphinx with
 *               the general en-us model so unseen wordings still decode; the
 *               dictionary is trimmed to the domain words plus the most
 *               frequent general words. Built on first use.
 *
 * Audio is 16 kHz mono 16-bit (voice/audio_in.h delivers that). Listening is
 * push-to-talk (asr_start ... asr_stop) or voice activity (asr_feed reports
 * the end of speech after the end-of-speech timeout). While muted (the
 * program itself is speaking) audio is thrown away, so kefu never hears its
 * own voice. A grammar alone takes almost any sound for some command; the
 * commands search has a garbage path (a loop of phones) that speech which is
 * no command takes instead (its text is then ASR_OTHER), and its confidence
 * grades how well a command fits. Still, one ordinary word in four or five
 * passes as a command, so callers use "commands" only after the trainee
 * asked to speak a command, and act on a command only when its confidence
 * is high enough (assistant/voice_cmds.h).
 *
 * Nothing here prints or exits; PocketSphinx's own log goes to a file or
 * nowhere.
 */
#ifndef KEFU_ASR_H
#define KEFU_ASR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "audio_in.h"

typedef struct asr asr_t;

typedef enum {
    ASR_OK = 0,
    ASR_ERROR = -1,
    ASR_NOMODEL = -2,    /* acoustic model, dictionary or LM missing */
    ASR_INVALID = -3,    /* bad argument (unknown search, bad calibration...) */
    ASR_NOSPEECH = -4,   /* the audio held no speech */
    ASR_NOMEM = -5,
    ASR_AUDIO = -6,      /* the audio source failed (bad file, device gone) */
    ASR_NODEVICE = -7    /* no microphone / sound server */
} asr_status;

#define ASR_COMMANDS "commands"
#define ASR_ANSWERS "answers"
/* The text of a commands-search result when the speech was no command
 * (the grammar's garbage path fitted it better than any command). */
#define ASR_OTHER "[other]"

/* The Debian default; KEFU_MODEL_DIR and voice.model_dir override it. */
#define ASR_DEFAULT_MODEL_DIR "/usr/share/pocketsphinx/model/en-us/en-us"

typedef enum { ASR_PUSH_TO_TALK = 0, ASR_VOICE_ACTIVITY } asr_listen_mode;

struct asr_options {
    /* The acoustic model folder (holds mdef, means, feat.params...). NULL:
     * ASR_DEFAULT_MODEL_DIR. The dictionary and general LM are looked for
     * next to it unless given: PARENT/cmudict-en-us.dict or any .dic or .dict file
     * there, PARENT/en-us.lm.bin or any .lm.bin or .lm file there. */
    const char *model_dir;
    const char *dict;
    const char *lm;
    /* NULL-terminated command phrases, words separated by spaces; the word
     * <digits> stands for one or more spoken digits (zero..nine, oh). NULL:
     * asr_default_commands. */
    const char *const *commands;
    const char *cmninit;   /* saved calibration (asr_calibration), or NULL */
    /* Frequency warp of the features for this speaker (PocketSphinx
     * -warp_type inverse_linear, one factor; above 1 helped a higher,
     * female voice, docs/voice.md), chosen per person by a prompted
     * enrolment (asr_enrol). 0 or 1: none. ASR_WARP_MIN..MAX. A
     * calibration only fits the warp it was measured with. */
    double warp;
    /* answers: how many of the general LM's most frequent words the
     * dictionary keeps besides the domain words (0: 5000; -1: every word of
     * the general LM, as pocketsphinx_continuous does) */
    int general_words;
    /* answers: weight of the domain model in the interpolation (0: 0.6;
     * 1 would be the domain model alone) */
    double domain_weight;
    bool no_domain;        /* answers: the general model alone (a baseline) */
    int end_ms;            /* end-of-speech timeout; 0: 500 ms */
    const char *logfile;   /* PocketSphinx's log; NULL: discarded */
    /* more PocketSphinx options, NULL-terminated name/value pairs (e.g.
     * "-silprob", "0.1"), for tuning and benchmarks; NULL: none */
    const char *const *ps_extra;
    /* PocketSphinx's own default search settings instead of kefu's tuned
     * ones (see asr_answers.c): what pocketsphinx_continuous does, for
     * comparing with it */
    bool stock_settings;
};

#define ASR_WARP_MIN 0.7
#define ASR_WARP_MAX 1.5

/* The built-in command phrases: next, repeat, spell, slower, faster,
 * louder, quieter, stop, help, hint, skip, submit, look up order <digits>,
 * start work, pause work, stop work, hours today. NULL-terminated. */
extern const char *const asr_default_commands[];

/* Open the decoder and its commands search. *out is set even on failure
 * (except out of memory) so asr_errmsg() can be read; always asr_close().
 * A missing model is ASR_NOMODEL with a message naming the Debian package. */
int asr_open(asr_t **out, const struct asr_options *opts);
void asr_close(asr_t *asr);                       /* NULL is a no-op */

/* Add English domain text for the answers model (customer lines, model
 * answers, phrase sets), any amount, before the answers search is first
 * used. Copied. */
int asr_add_domain_text(asr_t *asr, const char *text);

/* Switch the search ("commands", "answers" or one added with
 * asr_add_grammar), building the answers search on first use. */
int asr_use(asr_t *asr, const char *search);
const char *asr_search(const asr_t *asr);         /* static text */

/* Add a grammar search of one's own (JSGF text), e.g. a test set's
 * grammar, then asr_use(asr, name). Its words must be in the dictionary the
 * decoder holds: the full one once the answers search was built with
 * general_words = -1, else the command and answer words. */
int asr_add_grammar(asr_t *asr, const char *name, const char *jsgf);

/* The path of file name in the folder above the acoustic model folder
 * model_dir (NULL or empty: ASR_DEFAULT_MODEL_DIR), where the recogniser
 * looks for its dictionary and general LM ("cmudict-en-us.dict",
 * "en-us.lm.bin"). Caller frees; NULL out of memory. */
char *asr_beside_model(const char *model_dir, const char *name);

/* Pronunciations from a CMU-format dictionary (e.g. the model's
 * cmudict-en-us.dict): fn(arg, word, phones) for every entry, alternates
 * too, whose word is one of words[0..n) (lower case), phones as written
 * ("W EH DH ER"). Borrowed for the call. Returns the number of entries, -1
 * when the file cannot be read, -2 out of memory. (The scorer uses it for
 * spoken answers: words that sound the same.) */
long asr_pronunciations(const char *dict_path, const char *const *words, size_t n,
                        void (*fn)(void *arg, const char *word, const char *phones),
                        void *arg);

/* The frequency warp in use (1.0: none). */
double asr_warp(const asr_t *asr);

/* Seconds it took to build and load a search (0 if not built yet). */
double asr_load_seconds(const asr_t *asr, const char *search);

/* The generated JSGF grammar. Borrowed: valid until asr_close(). */
const char *asr_commands_jsgf(const asr_t *asr);

/* ---- listening ----------------------------------------------------------- */

void asr_set_mode(asr_t *asr, asr_listen_mode mode);
/* Muted: asr_feed() throws audio away (and ends nothing). Set it while the
 * program speaks, e.g. asr_set_muted(asr, tts_speaking(tts)), or give a
 * function asked before every chunk (NULL to remove). */
void asr_set_muted(asr_t *asr, bool muted);
void asr_set_mute_fn(asr_t *asr, bool (*muted)(void *arg), void *arg);

/* Start an utterance (push the talk key). */
int asr_start(asr_t *asr);
/* Feed n samples. In voice-activity mode *ended becomes true once speech
 * began and then the end-of-speech timeout passed: the result is ready (as
 * after asr_stop). ended may be NULL in push-to-talk mode. */
int asr_feed(asr_t *asr, const int16_t *pcm, size_t n, bool *ended);
/* End the utterance (release the talk key) and compute the result. Returns
 * ASR_NOSPEECH when nothing was recognised. */
int asr_stop(asr_t *asr);
/* The last result. Borrowed: valid until the next asr_start(). */
const char *asr_text(const asr_t *asr);
/* Answers: the mean posterior of its words, 0..1: computed on first call
 * (it costs more than the result on long answers), so call it after showing
 * it. Commands: 0 for ASR_OTHER, else how well the command's words fit the
 * audio, 0..1, 0.5 at the point chosen on the benchmark's tuning set (the
 * grammar search's own posteriors are always 1). */
double asr_confidence(asr_t *asr);
/* Seconds from the end of speech (asr_stop, or the timeout) to the final
 * result text of the last utterance (the confidence not included). */
double asr_final_seconds(const asr_t *asr);
/* The same in processor time (what it costs on an idle machine). */
double asr_final_cpu_seconds(const asr_t *asr);

/* Decode a whole source with the current search. Utterances are cut by
 * voice activity (as pocketsphinx_continuous does) and their texts joined
 * with spaces; *conf is the mean confidence weighted by words. *text: caller
 * frees with free(); NULL on failure. ASR_NOSPEECH when nothing was heard.
 * Reads in chunks: memory stays flat for any length. */
int asr_decode_audio(asr_t *asr, audio_in_t *src, char **text, double *conf);
/* The same for a sound file (any rate/channels/format libsndfile reads).
 * For the practice engine: asr_use(asr, ASR_ANSWERS) first, then this. */
int asr_decode_file(asr_t *asr, const char *path, char **text, double *conf);
/* The same for samples in memory. */
int asr_decode_pcm(asr_t *asr, const int16_t *pcm, size_t n, char **text,
                   double *conf);

/* ---- answers: alternatives (N-best) ------------------------------------- */

/* The recogniser's next-best texts for an answer, besides the best one
 * (asr_text): the scorer may count a rubric section heard in a close
 * alternative (assistant/score.h, docs/voice.md "Alternatives"). */
struct asr_alt {
    char *text;      /* words as asr_text() gives them; owned by the list */
    /* its score minus that of the N-best search's first path, the
     * decoder's combined acoustic and language score as a natural log;
     * mostly below 0 (the search is not exact: a later path can score a
     * little higher) */
    double score;
};

struct asr_alts {
    struct asr_alt *alt;     /* by score, highest first; none equal to the
                                best text (asr_text) */
    size_t n;
};

/* Up to max alternatives of the last utterance (after asr_stop() or the
 * end of speech; answers search), from the N-best list over its lattice;
 * duplicates and the best text itself left out. out is emptied first;
 * free it with asr_alts_free(). ASR_OK (possibly none), ASR_INVALID while
 * listening or for another search, ASR_NOMEM. */
int asr_alternatives(asr_t *asr, size_t max, struct asr_alts *out);
/* asr_decode_pcm / asr_decode_file with alternatives of the whole text:
 * the text with one of its utterances replaced by one of that utterance's
 * alternatives, best first, at most max. */
int asr_decode_pcm_alts(asr_t *asr, const int16_t *pcm, size_t n, size_t max, char **text,
                        double *conf, struct asr_alts *alts);
int asr_decode_file_alts(asr_t *asr, const char *path, size_t max, char **text, double *conf,
                         struct asr_alts *alts);
void asr_alts_free(struct asr_alts *alts);       /* NULL is a no-op */

/* Did the voice-activity detector find speech, louder than a noise floor,
 * in the last utterance or decoded source, even when no word came out of
 * it (ASR_NOSPEECH)? E.g.
 * Chinese speech through an English model: the caller can then say the
 * model does not know that language rather than "no speech heard". */
bool asr_heard_speech(const asr_t *asr);

/* Seconds of audio and processor seconds spent decoding it since asr_open
 * (real-time factor = cpu / audio). */
void asr_times(const asr_t *asr, double *audio_s, double *cpu_s);

/* ---- speaker calibration ------------------------------------------------- */

/* The current cepstral mean as text ("41.00,-5.29,..."), to store per user
 * and give back as asr_options.cmninit or asr_set_calibration(). Writes
 * into buf (>= 256 bytes is plenty). */
int asr_calibration(const asr_t *asr, char *buf, size_t len);
int asr_set_calibration(asr_t *asr, const char *cmn);
/* Back to the acoustic model's own starting value (feat.params -cmninit):
 * what a fresh decoder would use. */
int asr_reset_calibration(asr_t *asr);

/* ---- prompted enrolment (asr_enrol.c) ------------------------------------ */

/* The trainee says known phrases once; each is decoded with the commands
 * search at every candidate warp, and the warp that recognises the known
 * text best is kept: fewest word errors, ties broken toward no warp
 * (smallest |log warp|), then by the mean confidence. Chosen by errors on
 * known text, not by acoustic score: PocketSphinx's scores are relative to
 * the best state of each frame and picked the wrong warps (docs/voice.md).
 * The calibration learnt at the chosen warp comes with it. */

/* The enrolment phrases (NULL-terminated): every command word and every
 * digit, each phrase one command of the commands grammar. */
extern const char *const asr_enrol_phrases[];
/* The candidate warps, 0-terminated; 1.0 (none) among them. */
extern const double asr_enrol_warps[];

struct asr_enrol_clip {
    const char *text;          /* what was said (words of the commands grammar) */
    const int16_t *pcm;        /* 16 kHz mono */
    size_t n;
};

enum { ASR_ENROL_MAXWARPS = 16, ASR_ENROL_MAXCLIPS = 64 };

struct asr_enrol_result {
    double warp;               /* the chosen warp (1.0: none) */
    int words;                 /* words of the known text */
    int errors;                /* word errors at the chosen warp */
    int errors_none;           /* word errors without a warp */
    double conf;               /* mean confidence at the chosen warp */
    int nwarps;                /* per candidate: */
    double warps[ASR_ENROL_MAXWARPS];
    int warp_errors[ASR_ENROL_MAXWARPS];
    double warp_conf[ASR_ENROL_MAXWARPS];
    char cmn[256];             /* calibration at the chosen warp (asr_calibration) */
    char cmn_none[256];        /* calibration without a warp */
    int silent;                /* -1, or the first clip with no speech in it */
    /* -1, or the first clip with sound in it (louder than the noise floor,
     * as asr_heard_speech) but no word of the grammar recognised in it at
     * any candidate warp (ASR_OTHER is none): a tone, a hiss, another
     * language, or a voice the model hears that badly */
    int wordless;
    /* Every such clip, in order: counted as misheard (all its words wrong
     * at every warp) and left out of the choice and of the calibration
     * learnt, as if it had not been said. */
    int nwordless;
    int wordless_clips[ASR_ENROL_MAXCLIPS];
    /* Every clip in which not one of its own words was recognised at any
     * warp (the wordless ones too): nothing of the phrase was heard. */
    int nunmatched;
    int unmatched_clips[ASR_ENROL_MAXCLIPS];
};

/* What one decoded phrase held, from the status of the decode (asr_stop,
 * asr_decode_pcm) and its text: no speech (nothing louder than the noise
 * floor), sound but no word of the grammar (only ASR_OTHER, or nothing),
 * or words. The enrolment's test of a clip at each warp; the microphone
 * path asks the trainee again for a phrase heard as ASR_ENROL_WORDLESS. */
typedef enum { ASR_ENROL_WORDS = 0, ASR_ENROL_SILENT, ASR_ENROL_WORDLESS } asr_enrol_heard_t;
asr_enrol_heard_t asr_enrol_heard(const asr_t *asr, int status, const char *text);

/* Are these clips not the phrases said in the model's language, so that
 * no enrolment can be made on them: half of the n clips or more wordless
 * (tones, noise), or two thirds or more unmatched (another language,
 * the wrong files)? A voice the model hears badly, even in noise, stays
 * well below both (docs/voice.md, "Prompted enrolment"). */
bool asr_enrol_not_phrases(size_t nwordless, size_t nunmatched, size_t n);

/* Called before each candidate warp is tried (i of n): progress for a
 * trainee who waits. May be NULL. When clips were wordless, a second round
 * of the n candidates follows without them (i starts again at 0; the
 * result's wordless fields are set by then). */
typedef void (*asr_enrol_progress_fn)(void *arg, double warp, int i, int n);

/* Enrol from n clips with the model and options of opts (its warp and
 * cmninit are ignored: each candidate starts from the model's own
 * calibration, learns it over a first pass of the clips, and is scored on a
 * second pass). warps: candidates, 0-terminated (NULL: asr_enrol_warps).
 * ASR_NOSPEECH when a clip holds no speech (res->silent says which) or
 * when the clips are not the phrases (asr_enrol_not_phrases; the wordless
 * and unmatched fields say which); fewer wordless clips are an enrolment
 * (ASR_OK) with them listed. ASR_INVALID for a clip with no text or audio,
 * or more than ASR_ENROL_MAXCLIPS clips. On failure errmsg (errlen bytes)
 * says why. */
int asr_enrol(const struct asr_options *opts, const struct asr_enrol_clip *clips, size_t n,
              const double *warps, asr_enrol_progress_fn progress, void *arg,
              struct asr_enrol_result *res, char *errmsg, size_t errlen);

/* Word errors (substitutions + insertions + deletions) of hyp against ref,
 * both space-separated words; ASR_OTHER in hyp counts as every word wrong.
 * *words gets the number of words of ref. */
int asr_word_errors(const char *ref, const char *hyp, int *words);

const char *asr_errmsg(const asr_t *asr);         /* borrowed; never NULL */
const char *asr_strerror(int status);             /* static; never NULL */

#endif
