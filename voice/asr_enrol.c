/* asr_enrol.c -- a prompted enrolment (asr.h): the trainee says known
 * phrases once; the warp of the features that recognises them best is kept
 * for that person and model, with the calibration learnt on them.
 *
 * Why by errors on known text: a warp chosen by PocketSphinx's acoustic
 * score picked the wrong warps (its scores are relative to the best state
 * of each frame, so they measure how far the grammar's path falls behind
 * the free best state, not how likely the audio is; docs/voice.md). Word
 * errors on text we know are what the trainee cares about, and need no
 * likelihood. Ties go toward no warp: a warp must earn its place. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asr_core.h"

/* Every command word and every digit; each phrase is one command of the
 * grammar, so the commands search can recognise it. The order look-ups put
 * the digits side by side with those other voices confused (five/nine,
 * four/one, six/three). The benchmark's test commands are other recordings
 * (another rate and noise) of the same command words and other digit
 * sequences (docs/voice.md). */
const char *const asr_enrol_phrases[] = {
    "look up order one two three four five",
    "next", "repeat", "spell", "slower", "faster",
    "look up order six seven eight nine zero",
    "louder", "quieter", "stop", "help", "hint",
    "look up order five nine four one six three",
    "skip", "submit", "start work", "pause work", "stop work", "hours today",
    NULL};

/* inverse_linear factors; 1.0 is no warp. Measured on the tuning and
 * held-out voices only (docs/voice.md). */
const double asr_enrol_warps[] = {0.90, 0.95, 1.00, 1.05, 1.10, 1.15, 1.20, 1.25, 1.30, 0};

enum { MAXW = 64 };

static int split_words(const char *s, const char *w[MAXW], size_t len[MAXW])
{
    int n = 0;
    for (const char *p = s + strspn(s, " "); *p && n < MAXW;) {
        size_t k = strcspn(p, " ");
        w[n] = p;
        len[n++] = k;
        p += k;
        p += strspn(p, " ");
    }
    return n;
}

int asr_word_errors(const char *ref, const char *hyp, int *words)
{
    const char *rw[MAXW], *hw[MAXW];
    size_t rl[MAXW], hl[MAXW];
    int nr = split_words(ref ? ref : "", rw, rl);
    int nh = split_words(hyp ? hyp : "", hw, hl);
    if (words)
        *words = nr;
    if (hyp && strcmp(hyp, ASR_OTHER) == 0)
        return nr > 0 ? nr : 1;
    int d[MAXW + 1][MAXW + 1];
    for (int i = 0; i <= nr; i++)
        d[i][0] = i;
    for (int j = 0; j <= nh; j++)
        d[0][j] = j;
    for (int i = 1; i <= nr; i++)
        for (int j = 1; j <= nh; j++) {
            int same = rl[i - 1] == hl[j - 1] && strncmp(rw[i - 1], hw[j - 1], rl[i - 1]) == 0;
            int best = d[i - 1][j - 1] + !same;
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            d[i][j] = best;
        }
    return d[nr][nh];
}

static void set_err(char *errmsg, size_t errlen, const char *msg)
{
    if (errmsg && errlen)
        snprintf(errmsg, errlen, "%s", msg);
}

/* One candidate: a decoder at warp w learns the calibration over a first
 * pass of the clips, then the second pass is scored. */
static int try_warp(const struct asr_options *opts, double w, const struct asr_enrol_clip *clips,
                    size_t n, bool check_silence, struct asr_enrol_result *res, bool *worded,
                    int *errors, double *conf, char *cmn, size_t cmnlen, char *errmsg,
                    size_t errlen)
{
    struct asr_options o = *opts;
    asr_t *asr = NULL;
    o.warp = w;
    o.cmninit = NULL;
    *errors = 0;
    *conf = 0;
    int rc = asr_open(&asr, &o);
    if (rc == ASR_OK)
        rc = asr_use(asr, ASR_COMMANDS);
    if (rc != ASR_OK) {
        set_err(errmsg, errlen, asr ? asr_errmsg(asr) : "out of memory");
        goto out;
    }
    /* The first pass only learns the calibration: a one-word grammar keeps
     * the search (most of the cost) nearly idle while the features, and so
     * the cepstral mean, are computed as in a real decode. */
    rc = asr_add_grammar(asr, "enrol-warmup",
                         "#JSGF V1.0;\ngrammar w;\npublic <w> = next;\n");
    if (rc == ASR_OK)
        rc = asr_use(asr, "enrol-warmup");
    if (rc != ASR_OK) {
        set_err(errmsg, errlen, asr_errmsg(asr));
        goto out;
    }
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < n; k++) {
            if (pass == 1 && k == 0 && (rc = asr_use(asr, ASR_COMMANDS)) != ASR_OK) {
                set_err(errmsg, errlen, asr_errmsg(asr));
                goto out;
            }
            char *text = NULL;
            double c = 0;
            rc = asr_decode_pcm(asr, clips[k].pcm, clips[k].n, &text, &c);
            if (rc == ASR_NOSPEECH && check_silence && pass == 1 && !asr_heard_speech(asr)) {
                res->silent = (int)k;
                snprintf(errmsg, errlen, "no speech heard in phrase %zu (\"%s\")", k + 1,
                         clips[k].text);
                goto out;
            }
            if (rc != ASR_OK && rc != ASR_NOSPEECH) {
                free(text);
                set_err(errmsg, errlen, asr_errmsg(asr));
                goto out;
            }
            if (pass == 1) {
                worded[k] = worded[k] || (rc == ASR_OK && text && strcmp(text, ASR_OTHER) != 0);
                *errors += asr_word_errors(clips[k].text, text ? text : "", NULL);
                *conf += rc == ASR_OK ? c : 0;
            }
            free(text);
        }
    *conf /= (double)n;
    rc = asr_calibration(asr, cmn, cmnlen);
    if (rc != ASR_OK)
        set_err(errmsg, errlen, "cannot read the calibration");
out:
    asr_close(asr);
    return rc;
}

/* Is candidate a better than b: fewer errors, then nearer no warp, then
 * more confident. */
static bool better(int ea, double wa, double ca, int eb, double wb, double cb)
{
    if (ea != eb)
        return ea < eb;
    double da = fabs(log(wa)), db = fabs(log(wb));
    if (fabs(da - db) > 1e-9)
        return da < db;
    return ca > cb;
}

int asr_enrol(const struct asr_options *opts, const struct asr_enrol_clip *clips, size_t n,
              const double *warps, asr_enrol_progress_fn progress, void *arg,
              struct asr_enrol_result *res, char *errmsg, size_t errlen)
{
    static const struct asr_options defaults = {0};
    memset(res, 0, sizeof *res);
    res->silent = -1;
    res->wordless = -1;
    res->warp = 1.0;
    set_err(errmsg, errlen, "");
    if (!opts)
        opts = &defaults;
    if (!warps)
        warps = asr_enrol_warps;
    if (!clips || n == 0) {
        set_err(errmsg, errlen, "no enrolment phrases given");
        return ASR_INVALID;
    }
    for (size_t k = 0; k < n; k++) {
        int words = 0;
        asr_word_errors(clips[k].text, "", &words);
        if (!clips[k].pcm || words == 0) {
            snprintf(errmsg, errlen, "enrolment phrase %zu has no text or no audio", k + 1);
            return ASR_INVALID;
        }
        res->words += words;
    }
    /* no warp first: it checks every clip for speech and is the baseline */
    int order[ASR_ENROL_MAXWARPS], nw = 0, none = -1;
    for (int i = 0; warps[i] > 0 && nw < ASR_ENROL_MAXWARPS; i++) {
        if (fabs(warps[i] - 1.0) < 1e-9)
            none = i;
        nw++;
    }
    if (none < 0 && nw == ASR_ENROL_MAXWARPS)
        nw--;
    int k = 0;
    order[k++] = none;      /* -1: 1.0 itself, not in the list */
    for (int i = 0; i < nw; i++)
        if (i != none)
            order[k++] = i;
    int total = k, best = -1, rc = ASR_OK;
    char cmn[ASR_ENROL_MAXWARPS][sizeof res->cmn];
    /* per clip: some word of the grammar came out of it at some warp (the
     * garbage path, ASR_OTHER, is no word: a tone takes it) */
    bool *worded = calloc(n, sizeof *worded);
    if (!worded) {
        set_err(errmsg, errlen, "out of memory");
        return ASR_NOMEM;
    }
    for (int j = 0; j < total; j++) {
        double w = order[j] < 0 ? 1.0 : warps[order[j]];
        if (progress)
            progress(arg, w, j, total);
        int e = 0;
        double c = 0;
        rc = try_warp(opts, w, clips, n, j == 0, res, worded, &e, &c, cmn[j], sizeof cmn[j],
                      errmsg, errlen);
        if (rc != ASR_OK)
            goto out;
        res->warps[j] = w;
        res->warp_errors[j] = e;
        res->warp_conf[j] = c;
        if (j == 0) {
            res->errors_none = e;
            memcpy(res->cmn_none, cmn[j], sizeof res->cmn_none);
        }
        if (best < 0 || better(e, w, c, res->warp_errors[best], res->warps[best],
                               res->warp_conf[best]))
            best = j;
    }
    /* Sound without a word at every warp: listen --wav says "no words were
     * recognised" of such a file; its errors would count as misheard words
     * of the phrase, and an enrolment stored on it. Checked after every
     * warp, not only without one: a voice the enrolment is for may come out
     * as words only warped. */
    for (size_t i = 0; i < n; i++)
        if (!worded[i]) {
            res->wordless = (int)i;
            snprintf(errmsg, errlen, "sound but no words recognised in phrase %zu (\"%s\")",
                     i + 1, clips[i].text);
            rc = ASR_NOSPEECH;
            goto out;
        }
    res->nwarps = total;
    res->warp = res->warps[best];
    res->errors = res->warp_errors[best];
    res->conf = res->warp_conf[best];
    memcpy(res->cmn, cmn[best], sizeof res->cmn);
out:
    free(worded);
    return rc;
}
