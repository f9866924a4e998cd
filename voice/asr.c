/* asr.c -- the decoder: finding the model, opening it with the commands
 * search, switching searches, and listening (push-to-talk or voice
 * activity, muting). Whole sources and the calibration: asr_decode.c; the
 * answers search: asr_answers.c. */
#include <dirent.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sphinxbase/cmn.h>
#include <sphinxbase/err.h>
#include <sphinxbase/feat.h>
#include <sphinxbase/jsgf.h>

#include "asr_core.h"

int asr_fail(asr_t *asr, int status, const char *fmt, ...)
{
    if (asr) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(asr->errmsg, sizeof asr->errmsg, fmt, ap);
        va_end(ap);
    }
    return status;
}

const char *asr_errmsg(const asr_t *asr)
{
    return asr && asr->errmsg[0] ? asr->errmsg : "no error";
}

const char *asr_strerror(int status)
{
    switch (status) {
    case ASR_OK: return "no error";
    case ASR_NOMODEL: return "speech recognition model missing";
    case ASR_INVALID: return "invalid argument";
    case ASR_NOSPEECH: return "no speech heard";
    case ASR_NOMEM: return "out of memory";
    case ASR_AUDIO: return "audio input failed";
    case ASR_NODEVICE: return "no sound server";
    default: return "speech recognition error";
    }
}

/* Processor time of this thread: the real-time factor should not depend
 * on what else the machine runs. */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

double asr_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

FILE *asr_tmpfile(char *path, size_t len, const char *suffix)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, len, "%s/kefu-asr-XXXXXX%s", dir && *dir ? dir : "/tmp", suffix);
    int fd = mkstemps(path, (int)strlen(suffix));
    if (fd < 0)
        return NULL;
    FILE *fp = fdopen(fd, "w");
    if (!fp) {
        close(fd);
        unlink(path);
    }
    return fp;
}

/* ---- finding the model --------------------------------------------------- */

static bool is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static bool ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

/* The first file in dir matching one of the suffixes (in order of
 * preference), skipping phonetic LMs; caller frees. */
static char *find_in(const char *dir, const char *preferred, const char *const *suffixes)
{
    char *p = join(dir, preferred);
    if (!p || is_file(p))
        return p;
    free(p);
    for (size_t k = 0; suffixes[k]; k++) {
        DIR *d = opendir(dir);
        if (!d)
            return NULL;
        struct dirent *e;
        char *hit = NULL;
        while (!hit && (e = readdir(d)) != NULL)
            if (ends_with(e->d_name, suffixes[k]) && !strstr(e->d_name, "phone")) {
                hit = join(dir, e->d_name);
                if (hit && !is_file(hit)) {
                    free(hit);
                    hit = NULL;
                }
            }
        closedir(d);
        if (hit)
            return hit;
    }
    return NULL;
}

/* The folder above the acoustic model folder dir, where the dictionary
 * and general LM are looked for (trailing slashes ignored); caller frees. */
static char *model_parent(const char *dir)
{
    char *parent = strdup(dir);
    if (!parent)
        return NULL;
    size_t pl = strlen(parent);
    while (pl > 1 && parent[pl - 1] == '/')
        parent[--pl] = '\0';
    char *slash = strrchr(parent, '/');
    if (slash && slash != parent)
        *slash = '\0';
    else if (slash)
        slash[1] = '\0';
    return parent;
}

char *asr_beside_model(const char *model_dir, const char *name)
{
    char *parent = model_parent(model_dir && *model_dir ? model_dir : ASR_DEFAULT_MODEL_DIR);
    char *p = parent && name ? join(parent, name) : NULL;
    free(parent);
    return p;
}

static int resolve_model(asr_t *asr, const struct asr_options *o)
{
    const char *dir = o->model_dir && *o->model_dir ? o->model_dir : ASR_DEFAULT_MODEL_DIR;
    static const char fix[] =
        "Try: sudo apt install pocketsphinx-en-us, or set voice.model_dir "
        "(or KEFU_MODEL_DIR) to a PocketSphinx acoustic model folder";
    char *mdef = join(dir, "mdef");
    bool ok = mdef && is_file(mdef);
    free(mdef);
    if (!ok)
        return asr_fail(asr, ASR_NOMODEL, "no speech recognition model in %s (no mdef file). %s",
                        dir, fix);
    asr->hmm = strdup(dir);
    char *parent = model_parent(dir);
    if (!asr->hmm || !parent) {
        free(parent);
        return asr_fail(asr, ASR_NOMEM, "out of memory");
    }
    static const char *const dict_suf[] = {".dict", ".dic", NULL};
    static const char *const lm_suf[] = {".lm.bin", ".lm.DMP", ".lm.dmp", ".lm", NULL};
    asr->dict = o->dict ? strdup(o->dict) : find_in(parent, "cmudict-en-us.dict", dict_suf);
    asr->lm = o->lm ? strdup(o->lm) : find_in(parent, "en-us.lm.bin", lm_suf);
    free(parent);
    if (!asr->dict || !is_file(asr->dict))
        return asr_fail(asr, ASR_NOMODEL,
                        "no pronunciation dictionary next to %s (%s). %s", dir,
                        o->dict ? o->dict : "cmudict-en-us.dict or *.dic", fix);
    if (!asr->lm || !is_file(asr->lm))
        return asr_fail(asr, ASR_NOMODEL, "no language model next to %s (%s). %s", dir,
                        o->lm ? o->lm : "en-us.lm.bin or *.lm.bin", fix);
    return ASR_OK;
}

/* ---- opening ------------------------------------------------------------- */

/* A grammar decodes short commands with pauses between digits: silence is
 * made likelier (0.3 against PocketSphinx's 0.005) and each word costs more
 * (word insertion penalty 0.2 against 0.65), so a pause is heard as silence,
 * not as an inserted "oh". Measured on synthesised commands
 * (tests/bench/bench_asr.c): at 20 dB, commands 89.7% -> 94.9% right,
 * digits 91.3% -> 99.3%. */
#define GRAMMAR_SILPROB 0.3
#define GRAMMAR_WIP 0.2

/* The commands grammar alone (the test-data grammars of the benchmark keep
 * the settings above, so its parity with pocketsphinx_continuous is
 * unchanged): a still lower word insertion penalty (0.05) and wide beams
 * (1e-80 state and phone beams, 1e-60 word beam; PocketSphinx: 1e-48,
 * 1e-48, 7e-29). PocketSphinx reads these when the search is built. The
 * grammar is tiny, so the wider beams cost little (RTF 0.021 -> 0.023);
 * they keep the right word alive in noise. Measured with bench_asr
 * (KEFU_BENCH_ONLY=commands), same protocol as above: at 20 dB commands
 * 94.9% -> 96.2%, digits 99.3% -> 100%; at 10 dB commands 41.7% -> 51.3%. */
static const struct {
    const char *name;
    double value;
} commands_params[] = {
    {"-wip", 0.05}, {"-beam", 1e-80}, {"-pbeam", 1e-80}, {"-wbeam", 1e-60}};
enum { NCOMMANDS_PARAMS = sizeof commands_params / sizeof commands_params[0] };

/* ps_set_jsgf_string() of 5prealpha never frees the parsed grammar (a leak
 * valgrind shows per call); this does what it does, and frees it. */
static int set_jsgf(asr_t *asr, const char *name, const char *text)
{
    jsgf_t *g = jsgf_parse_string(text, NULL);
    if (!g)
        return -1;
    int rc = -1;
    double saved[NCOMMANDS_PARAMS];
    bool tuned = !asr->stock && strcmp(name, ASR_COMMANDS) == 0;
    for (size_t i = 0; tuned && i < NCOMMANDS_PARAMS; i++) {
        saved[i] = cmd_ln_float_r(asr->config, commands_params[i].name);
        cmd_ln_set_float_r(asr->config, commands_params[i].name, commands_params[i].value);
    }
    jsgf_rule_t *rule = jsgf_get_public_rule(g);
    if (rule) {
        fsg_model_t *fsg = jsgf_build_fsg(g, rule, ps_get_logmath(asr->ps),
                                          (float32)cmd_ln_float_r(asr->config, "-lw"));
        fsg_model_t *garbage = tuned ? asr_grammar_garbage(fsg, asr->cmd_words,
                                                           ps_get_logmath(asr->ps),
                                                           (float)cmd_ln_float_r(asr->config, "-lw"))
                                     : NULL;
        if (fsg) {
            rc = ps_set_fsg(asr->ps, name, garbage ? garbage : fsg);
            fsg_model_free(fsg);
            fsg_model_free(garbage);
        }
    }
    for (size_t i = 0; tuned && i < NCOMMANDS_PARAMS; i++)
        cmd_ln_set_float_r(asr->config, commands_params[i].name, saved[i]);
    jsgf_grammar_free(g);
    return rc;
}

void asr_grammar_params(asr_t *asr, bool on)
{
    cmd_ln_set_float_r(asr->config, "-silprob", on ? GRAMMAR_SILPROB : asr->silprob);
    cmd_ln_set_float_r(asr->config, "-wip", on ? GRAMMAR_WIP : asr->wip);
}

static int build_commands(asr_t *asr, const char *const *phrases, char *dictpath,
                          size_t len)
{
    static const char *const digits[] = {"zero", "one", "two", "three", "four", "five",
                                         "six", "seven", "eight", "nine", "oh", NULL};
    struct wordset *want = wordset_new(), *found = wordset_new();
    FILE *fp = NULL;
    int rc = ASR_NOMEM;
    if (!want || !found || !(asr->cmd_words = wordset_new()))
        goto out;
    for (size_t i = 0; phrases[i]; i++)
        for (const char *p = phrases[i]; *p;) {
            size_t n = strcspn(p, " ");
            if (n && wordset_addn(want, p, n) < 0)
                goto out;
            p += n;
            p += strspn(p, " ");
        }
    for (size_t i = 0; digits[i]; i++)
        if (wordset_add(want, digits[i]) < 0)
            goto out;
    fp = asr_tmpfile(dictpath, len, ".dict");
    if (!fp) {
        rc = asr_fail(asr, ASR_ERROR, "cannot create a temporary file in %s",
                      getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
        goto out;
    }
    long n = asr_dict_extract(asr->dict, want, fp, found);
    if (n < 0) {
        rc = n == -1 ? asr_fail(asr, ASR_NOMODEL, "cannot read the dictionary %s", asr->dict)
                     : ASR_NOMEM;
        goto out;
    }
    int dropped = 0;
    if (asr_grammar_build(phrases, found, asr->cmd_words, &asr->jsgf, &dropped) < 0)
        goto out;
    if (n == 0 && fprintf(fp, "sil SIL\n") < 0)   /* PocketSphinx needs some dictionary */
        goto out;
    if (asr_dict_extra(asr->cmd_words, fp) < 0)
        goto out;
    rc = ASR_OK;
out:
    if (fp && fclose(fp) != 0 && rc == ASR_OK)
        rc = asr_fail(asr, ASR_ERROR, "cannot write %s", dictpath);
    wordset_free(want);
    wordset_free(found);
    return rc == ASR_NOMEM ? asr_fail(asr, ASR_NOMEM, "out of memory") : rc;
}

int asr_open(asr_t **out, const struct asr_options *opts)
{
    static const struct asr_options defaults = {0};
    const struct asr_options *o = opts ? opts : &defaults;
    asr_t *asr = calloc(1, sizeof *asr);
    *out = asr;
    if (!asr)
        return ASR_NOMEM;
    asr->general_words = o->general_words ? o->general_words : 5000;
    asr->domain_weight = o->domain_weight > 0 ? o->domain_weight : 0.6;
    asr->no_domain = o->no_domain;
    asr->stock = o->stock_settings;
    asr->search = ASR_COMMANDS;
    char dictpath[512] = "";
    int rc = resolve_model(asr, o);
    if (rc != ASR_OK)
        return rc;
    double t0 = asr_now();
    rc = build_commands(asr, o->commands ? o->commands : asr_default_commands, dictpath,
                        sizeof dictpath);
    if (rc != ASR_OK)
        goto out;
    char postspeech[16];
    snprintf(postspeech, sizeof postspeech, "%d", (o->end_ms > 0 ? o->end_ms : 500) / 10);
    /* -pl_window 10: a longer phone-loop lookahead prunes the answers
     * search harder (read once, here); see asr_answers.c */
    asr->warp = 1.0;
    char warpval[32];
    if (o->warp > 0 && fabs(o->warp - 1.0) > 1e-9) {
        if (!(o->warp >= ASR_WARP_MIN && o->warp <= ASR_WARP_MAX)) {
            rc = asr_fail(asr, ASR_INVALID, "bad frequency warp %g (want %.1f to %.1f)",
                          o->warp, ASR_WARP_MIN, ASR_WARP_MAX);
            goto out;
        }
        asr->warp = o->warp;
    }
    snprintf(warpval, sizeof warpval, "%.4f", asr->warp);
    char *argv[48] = {"-hmm", asr->hmm, "-dict", dictpath,
                      "-logfn", (char *)(o->logfile ? o->logfile : "/dev/null"),
                      "-vad_postspeech", postspeech, "-pl_window", "10"};
    int argc = o->stock_settings ? 8 : 10;
    if (asr->warp != 1.0) {
        /* read by the front end once, at ps_init */
        argv[argc++] = "-warp_type";
        argv[argc++] = "inverse_linear";
        argv[argc++] = "-warp_params";
        argv[argc++] = warpval;
    }
    for (size_t i = 0; o->ps_extra && o->ps_extra[i] && o->ps_extra[i + 1] && argc < 46; i += 2) {
        argv[argc++] = (char *)o->ps_extra[i];
        argv[argc++] = (char *)o->ps_extra[i + 1];
    }
    asr->config = cmd_ln_parse_r(NULL, ps_args(), argc, argv, TRUE);
    if (!asr->config) {
        rc = asr_fail(asr, ASR_ERROR, "PocketSphinx refused its configuration");
        goto out;
    }
    asr->ps = ps_init(asr->config);
    if (!asr->ps) {
        rc = asr_fail(asr, ASR_NOMODEL,
                      "PocketSphinx cannot load the model in %s. Try: sudo apt install "
                      "--reinstall pocketsphinx-en-us, or check voice.model_dir", asr->hmm);
        goto out;
    }
    asr_calibration(asr, asr->cmn_default, sizeof asr->cmn_default);
    if (o->cmninit && (rc = asr_set_calibration(asr, o->cmninit)) != ASR_OK)
        goto out;
    asr->silprob = cmd_ln_float_r(asr->config, "-silprob");
    asr->wip = cmd_ln_float_r(asr->config, "-wip");
    if (asr->jsgf) {
        asr_grammar_params(asr, true);
        int r = set_jsgf(asr, ASR_COMMANDS, asr->jsgf);
        asr_grammar_params(asr, false);
        if (r < 0 || ps_set_search(asr->ps, ASR_COMMANDS) < 0) {
            rc = asr_fail(asr, ASR_ERROR, "PocketSphinx refused the commands grammar");
            goto out;
        }
        asr->commands_ok = true;
    }
    asr->load_commands = asr_now() - t0;
    rc = ASR_OK;
out:
    if (dictpath[0])
        unlink(dictpath);
    return rc;
}

void asr_close(asr_t *asr)
{
    if (!asr)
        return;
    if (asr->ps)
        ps_free(asr->ps);
    if (asr->config)
        cmd_ln_free_r(asr->config);
    free(asr->hmm);
    free(asr->dict);
    free(asr->lm);
    free(asr->jsgf);
    wordset_free(asr->cmd_words);
    free(asr->domain);
    free(asr->text);
    free(asr);
}

int asr_add_domain_text(asr_t *asr, const char *text)
{
    if (asr->answers_ok)
        return asr_fail(asr, ASR_INVALID, "the answers model is already built");
    size_t n = strlen(text);
    if (asr->dlen + n + 2 > asr->dcap) {
        size_t cap = (asr->dcap + n + 2) * 2;
        char *d = realloc(asr->domain, cap);
        if (!d)
            return asr_fail(asr, ASR_NOMEM, "out of memory");
        asr->domain = d;
        asr->dcap = cap;
    }
    memcpy(asr->domain + asr->dlen, text, n);
    asr->dlen += n;
    asr->domain[asr->dlen++] = '\n';
    asr->domain[asr->dlen] = '\0';
    return ASR_OK;
}

int asr_use(asr_t *asr, const char *search)
{
    if (asr->in_utt)
        return asr_fail(asr, ASR_INVALID, "cannot switch searches in an utterance");
    if (strcmp(search, ASR_COMMANDS) == 0) {
        if (!asr->commands_ok)
            return asr_fail(asr, ASR_INVALID,
                            "no command words are in the dictionary %s", asr->dict);
        asr->search = ASR_COMMANDS;
    } else if (strcmp(search, ASR_ANSWERS) == 0) {
        if (!asr->answers_ok) {
            int rc = asr_build_answers(asr);
            if (rc != ASR_OK)
                return rc;
        }
        asr->search = ASR_ANSWERS;
    } else if (strlen(search) < sizeof asr->custom && ps_get_fsg(asr->ps, search)) {
        snprintf(asr->custom, sizeof asr->custom, "%s", search);
        asr->search = asr->custom;
    } else {
        return asr_fail(asr, ASR_INVALID, "unknown search '%s' (commands or answers)", search);
    }
    if (ps_set_search(asr->ps, asr->search) < 0)
        return asr_fail(asr, ASR_ERROR, "PocketSphinx cannot switch to %s", asr->search);
    return ASR_OK;
}

const char *asr_search(const asr_t *asr) { return asr->search; }
double asr_warp(const asr_t *asr) { return asr->warp; }
bool asr_heard_speech(const asr_t *asr) { return asr->heard; }

int asr_add_grammar(asr_t *asr, const char *name, const char *jsgf)
{
    if (!name || !*name || strlen(name) >= sizeof asr->custom
        || strcmp(name, ASR_COMMANDS) == 0 || strcmp(name, ASR_ANSWERS) == 0)
        return asr_fail(asr, ASR_INVALID, "bad search name '%s'", name ? name : "");
    asr_grammar_params(asr, true);
    int r = set_jsgf(asr, name, jsgf);
    asr_grammar_params(asr, false);
    if (r < 0)
        return asr_fail(asr, ASR_INVALID,
                        "PocketSphinx refused the grammar '%s' (syntax, or a word missing "
                        "from the dictionary)", name);
    return ASR_OK;
}

double asr_load_seconds(const asr_t *asr, const char *search)
{
    return strcmp(search, ASR_ANSWERS) == 0 ? asr->load_answers : asr->load_commands;
}

const char *asr_commands_jsgf(const asr_t *asr) { return asr->jsgf ? asr->jsgf : ""; }

/* ---- listening ----------------------------------------------------------- */

void asr_set_mode(asr_t *asr, asr_listen_mode mode) { asr->mode = mode; }
void asr_set_muted(asr_t *asr, bool muted) { asr->muted = muted; }

void asr_set_mute_fn(asr_t *asr, bool (*muted)(void *arg), void *arg)
{
    asr->mute_fn = muted;
    asr->mute_arg = arg;
}

int asr_start(asr_t *asr)
{
    if (asr->in_utt)
        ps_end_utt(asr->ps);
    free(asr->text);
    asr->text = NULL;
    asr->conf = 0;
    asr->final_s = 0;
    asr->speech_seen = false;
    asr->heard = false;
    if (ps_start_utt(asr->ps) < 0)
        return asr_fail(asr, ASR_ERROR, "PocketSphinx cannot start an utterance");
    asr->in_utt = true;
    return ASR_OK;
}

/* The mean posterior of the words of the best path (fillers left out):
 * the posterior of the whole path shrinks with its length and says little
 * about a long answer. */
static double word_confidence(ps_decoder_t *ps)
{
    logmath_t *lmath = ps_get_logmath(ps);
    double path = logmath_exp(lmath, ps_get_prob(ps));  /* computes the posteriors */
    double sum = 0;
    int n = 0;
    for (ps_seg_t *seg = ps_seg_iter(ps); seg; seg = ps_seg_next(seg)) {
        const char *w = ps_seg_word(seg);
        if (!w || w[0] == '<' || w[0] == '[' || w[0] == '+')
            continue;
        sum += logmath_exp(lmath, ps_seg_prob(seg, NULL, NULL, NULL));
        n++;
    }
    double c = n ? sum / n : path;
    return c < 0 ? 0 : c > 1 ? 1 : c;
}

/* End the utterance and keep its result. */
int asr_finish(asr_t *asr)
{
    double t0 = asr_now(), c0 = cpu_now();
    ps_end_utt(asr->ps);
    asr->in_utt = false;
    int32 score = 0;
    const char *hyp = ps_get_hyp(asr->ps, &score);
    free(asr->text);
    asr->text = asr_command_text(asr, hyp ? hyp : "");
    if (!asr->text)
        return asr_fail(asr, ASR_NOMEM, "out of memory");
    /* the confidence (word posteriors over the lattice) is computed when
     * asked for: it costs more than the result itself on long answers */
    asr->conf = -1;
    asr->final_s = asr_now() - t0;
    asr->final_cpu_s = cpu_now() - c0;
    asr->cpu_s += asr->final_cpu_s;
    if (!*asr->text)
        return asr_fail(asr, ASR_NOSPEECH, "no speech heard");
    return ASR_OK;
}

/* Sound that is more than a noise floor: some 10 ms block with an RMS
 * above 200 (about -44 dBFS). PocketSphinx's voice-activity detector alone
 * flags even a file of exact zeros as speech. */
static bool loud(const int16_t *pcm, size_t n)
{
    for (size_t i = 0; i + 160 <= n; i += 160) {
        double e = 0;
        for (size_t k = i; k < i + 160; k++)
            e += (double)pcm[k] * pcm[k];
        if (e / 160 > 200.0 * 200.0)
            return true;
    }
    return false;
}

int asr_feed(asr_t *asr, const int16_t *pcm, size_t n, bool *ended)
{
    if (ended)
        *ended = false;
    if (!asr->in_utt)
        return asr_fail(asr, ASR_INVALID, "not listening: call asr_start first");
    if (asr->muted || (asr->mute_fn && asr->mute_fn(asr->mute_arg)))
        return ASR_OK;
    double t0 = cpu_now();
    int r = ps_process_raw(asr->ps, pcm, n, FALSE, FALSE);
    asr->cpu_s += cpu_now() - t0;
    asr->audio_s += (double)n / AUDIO_IN_RATE;
    if (r < 0)
        return asr_fail(asr, ASR_ERROR, "PocketSphinx cannot process the audio");
    bool speech = ps_get_in_speech(asr->ps) != 0;
    if (speech && !asr->heard)
        asr->heard = loud(pcm, n);
    if (speech)
        asr->speech_seen = true;
    else if (asr->mode == ASR_VOICE_ACTIVITY && asr->speech_seen) {
        int rc = asr_finish(asr);
        if (ended)
            *ended = true;
        return rc == ASR_NOSPEECH ? ASR_OK : rc;
    }
    return ASR_OK;
}

int asr_stop(asr_t *asr)
{
    if (!asr->in_utt)
        return asr->text && *asr->text ? ASR_OK
                                       : asr_fail(asr, ASR_NOSPEECH, "no speech heard");
    return asr_finish(asr);
}

const char *asr_text(const asr_t *asr) { return asr->text ? asr->text : ""; }
double asr_confidence(asr_t *asr)
{
    if (asr->conf < 0 && asr->text && *asr->text && !asr->in_utt)
        asr->conf = strcmp(asr->search, ASR_COMMANDS) == 0 ? asr_command_confidence(asr)
                                                           : word_confidence(asr->ps);
    else if (asr->conf < 0)
        asr->conf = 0;
    return asr->conf;
}
double asr_final_seconds(const asr_t *asr) { return asr->final_s; }
double asr_final_cpu_seconds(const asr_t *asr) { return asr->final_cpu_s; }

void asr_times(const asr_t *asr, double *audio_s, double *cpu_s)
{
    *audio_s = asr->audio_s;
    *cpu_s = asr->cpu_s;
}
