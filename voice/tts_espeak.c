/* tts_espeak.c -- the process's one eSpeak NG instance. eSpeak keeps its
 * state in globals, so everything that touches it lives here, behind one
 * mutex: initialised once (pthread_once), used in synchronous retrieval
 * mode only -- its own playback mode reports success and stays silent when
 * there is no sound device -- with a 20 ms buffer, so the callback runs
 * every 20 ms of audio and can abort a cancelled utterance by returning 1
 * (espeak_Cancel() alone would wait for the whole text in this mode).
 *
 * The worker threads (tts_worker.c) call tts_espeak_synth(); listing voices
 * and phoneme dumps come from the main thread; the mutex keeps them apart. */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>

#include "tts_backend.h"

enum { BUFFER_MS = 20 };

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int init_status = TTS_ERROR;
static char init_msg[256];
static int sample_rate;
static char current_voice[64];

/* the synthesis in progress (under lock) */
static tts_pcm_fn cur_fn;
static void *cur_arg;
static bool cur_stopped;

static int synth_cb(short *wav, int numsamples, espeak_EVENT *events)
{
    (void)events;
    if (!cur_fn)
        return 0;
    if (cur_stopped)
        return 1;
    if (wav && numsamples > 0 && cur_fn(cur_arg, wav, (size_t)numsamples) != 0) {
        cur_stopped = true;
        return 1;
    }
    return 0;
}

static void do_init(void)
{
    espeak_ng_ERROR_CONTEXT ctx = NULL;
    espeak_ng_InitializePath(NULL);          /* honours ESPEAK_DATA_PATH */
    espeak_ng_STATUS st = espeak_ng_Initialize(&ctx);
    if (st != ENS_OK) {
        char why[160];
        espeak_ng_GetStatusCodeMessage(st, why, sizeof why);
        espeak_ng_ClearErrorContext(&ctx);
        const char *env = getenv("ESPEAK_DATA_PATH");
        snprintf(init_msg, sizeof init_msg,
                 "eSpeak NG cannot load its speech data%s%s (%s); install the package "
                 "espeak-ng-data", env ? " from " : "", env ? env : "", why);
        init_status = TTS_NODATA;
        return;
    }
    st = espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, BUFFER_MS, NULL);
    if (st != ENS_OK) {
        char why[160];
        espeak_ng_GetStatusCodeMessage(st, why, sizeof why);
        snprintf(init_msg, sizeof init_msg, "eSpeak NG cannot start: %s", why);
        init_status = TTS_ERROR;
        return;
    }
    espeak_SetSynthCallback(synth_cb);
    sample_rate = espeak_ng_GetSampleRate();
    /* prove the data is really there: a voice must load */
    if (espeak_SetVoiceByName("en") != EE_OK) {
        snprintf(init_msg, sizeof init_msg,
                 "eSpeak NG's voice files are missing; install the package espeak-ng-data");
        init_status = TTS_NODATA;
        return;
    }
    snprintf(current_voice, sizeof current_voice, "en");
    init_status = TTS_OK;
}

int tts_espeak_init(const char **msg)
{
    pthread_once(&init_once, do_init);
    *msg = init_msg;
    return init_status;
}

int tts_espeak_rate(void) { return sample_rate; }

static int select_voice(const char *voice)
{
    if (strcmp(voice, current_voice) == 0)
        return TTS_OK;
    if (espeak_SetVoiceByName(voice) != EE_OK)
        return TTS_INVALID;
    snprintf(current_voice, sizeof current_voice, "%s", voice);
    return TTS_OK;
}

int tts_espeak_synth(const struct tts_espeak_params *p, const char *utf8,
                     tts_pcm_fn fn, void *arg)
{
    const char *msg;
    int rc = tts_espeak_init(&msg);
    if (rc != TTS_OK)
        return rc;
    pthread_mutex_lock(&lock);
    rc = select_voice(p->voice);
    if (rc == TTS_OK) {
        /* voice changes reset the parameters, so set them every time */
        espeak_SetParameter(espeakRATE, p->rate, 0);
        espeak_SetParameter(espeakPITCH, p->pitch, 0);
        espeak_SetParameter(espeakVOLUME, p->volume, 0);
        cur_fn = fn;
        cur_arg = arg;
        cur_stopped = false;
        espeak_ERROR e = espeak_Synth(utf8, strlen(utf8) + 1, 0, POS_CHARACTER, 0,
                                      espeakCHARS_UTF8, NULL, NULL);
        if (cur_stopped) {
            espeak_ng_Cancel();               /* resets eSpeak's state; cheap here */
            rc = 1;
        } else if (e != EE_OK) {
            rc = TTS_ERROR;
        }
        cur_fn = NULL;
        cur_arg = NULL;
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

/* ---- voices -------------------------------------------------------------- */

/* The first language of a voice ("cmn-latn-pinyin"). */
static const char *voice_lang(const espeak_VOICE *v)
{
    return v->languages && v->languages[0] ? v->languages + 1 : "";
}

static const char *base_name(const char *id)
{
    const char *slash = strrchr(id, '/');
    return slash ? slash + 1 : id;
}

static bool voice_matches(const espeak_VOICE *v, const char *want)
{
    if (strcasecmp(v->name, want) == 0 || strcasecmp(v->identifier, want) == 0 ||
        strcasecmp(base_name(v->identifier), want) == 0)
        return true;
    for (const char *l = v->languages; l && *l; l += strlen(l + 1) + 2)
        if (strcasecmp(l + 1, want) == 0)
            return true;
    return false;
}

/* Levenshtein distance, case-insensitive, of short strings (names). */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 99;
    size_t row[64];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
            size_t best = diag + cost;
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

static bool contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return true;
    return false;
}

static bool close_to(const char *cand, const char *want)
{
    size_t lw = strlen(want);
    if (lw >= 2 && (contains_ci(cand, want) || (strlen(cand) >= 2 && contains_ci(want, cand))))
        return true;
    size_t d = distance(cand, want);
    return d <= (lw <= 3 ? 1u : 2u);
}

int tts_espeak_voice(const char *want, char *lang, size_t lang_cap,
                     char *close, size_t close_cap)
{
    const char *msg;
    int rc = tts_espeak_init(&msg);
    if (rc != TTS_OK)
        return rc;
    char base[96];
    snprintf(base, sizeof base, "%s", want);
    char *plus = strchr(base, '+');                /* en-us+f3: a variant */
    if (plus)
        *plus = '\0';
    rc = TTS_INVALID;
    size_t nclose = 0;
    if (close_cap)
        close[0] = '\0';
    pthread_mutex_lock(&lock);
    const espeak_VOICE **list = espeak_ListVoices(NULL);
    for (size_t i = 0; list && list[i]; i++) {
        const espeak_VOICE *v = list[i];
        if (voice_matches(v, base)) {
            snprintf(lang, lang_cap, "%s", voice_lang(v));
            rc = TTS_OK;
            break;
        }
        const char *id = base_name(v->identifier);
        if (nclose < 6 && (close_to(voice_lang(v), base) || close_to(id, base))) {
            size_t used = strlen(close);
            snprintf(close + used, close_cap - used, "%s%s", nclose ? ", " : "", voice_lang(v));
            nclose++;
        }
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

int tts_espeak_list(tts_voice_fn fn, void *arg)
{
    const char *msg;
    int rc = tts_espeak_init(&msg);
    if (rc != TTS_OK)
        return rc;
    pthread_mutex_lock(&lock);
    const espeak_VOICE **list = espeak_ListVoices(NULL);
    for (size_t i = 0; list && list[i]; i++) {
        const espeak_VOICE *v = list[i];
        const char *gender = v->gender == 1 ? "male" : v->gender == 2 ? "female" : "";
        fn(arg, voice_lang(v), v->name, gender);
    }
    pthread_mutex_unlock(&lock);
    return TTS_OK;
}

char *tts_espeak_phonemes(const char *voice, const char *utf8)
{
    const char *msg;
    if (tts_espeak_init(&msg) != TTS_OK)
        return NULL;
    size_t cap = 256, n = 0;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    out[0] = '\0';
    pthread_mutex_lock(&lock);
    if (select_voice(voice) != TTS_OK) {
        pthread_mutex_unlock(&lock);
        free(out);
        return NULL;
    }
    const void *p = utf8;
    while (p) {
        const char *ph = espeak_TextToPhonemes(&p, espeakCHARS_UTF8, 0);
        size_t k = ph ? strlen(ph) : 0;
        if (n + k + 2 > cap) {
            cap = (n + k + 2) * 2;
            char *nb = realloc(out, cap);
            if (!nb) {
                free(out);
                out = NULL;
                break;
            }
            out = nb;
        }
        if (k) {
            if (n)
                out[n++] = ' ';
            memcpy(out + n, ph, k);
            n += k;
            out[n] = '\0';
        }
    }
    pthread_mutex_unlock(&lock);
    return out;
}
