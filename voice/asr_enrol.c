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
/* what came out of a clip at some warp: a word of the grammar, one of its own */
enum { HEARD_WORDS = 1, HEARD_OWN = 2 };

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

asr_enrol_heard_t asr_enrol_heard(const asr_t *asr, int status, const char *text)
{
    if (status == ASR_OK && text && *text && strcmp(text, ASR_OTHER) != 0)
        return ASR_ENROL_WORDS;
    return asr_heard_speech(asr) ? ASR_ENROL_WORDLESS : ASR_ENROL_SILENT;
}

bool asr_enrol_not_phrases(size_t nwordless, size_t nunmatched, size_t n)
{
    return n > 0 && ((nwordless > 0 && 2 * nwordless >= n) ||
                     (nunmatched > 0 && 3 * nunmatched >= 2 * n));
}

/* Does hyp hold one of the words of ref (ASR_OTHER holds none)? */
static bool some_word_of(const char *ref, const char *hyp)
{
    const char *rw[MAXW], *hw[MAXW];
    size_t rl[MAXW], hl[MAXW];
    if (!hyp || strcmp(hyp, ASR_OTHER) == 0)
        return false;
    int nr = split_words(ref, rw, rl), nh = split_words(hyp, hw, hl);
    for (int i = 0; i < nr; i++)
        for (int j = 0; j < nh; j++)
            if (rl[i] == hl[j] && strncmp(rw[i], hw[j], rl[i]) == 0)
                return true;
    return false;
}

/* One candidate: a decoder at warp w learns the calibration over a first
 * pass of the clips, then the second pass is scored. A clip with skip[k]
 * set is not decoded at all (its frames stay out of the calibration) and
 * counts every word wrong. */
static int try_warp(const struct asr_options *opts, double w, const struct asr_enrol_clip *clips,
                    size_t n, const bool *skip, bool check_silence,
                    struct asr_enrol_result *res, unsigned char *heardk, int *errors, double *conf,
                    char *cmn, size_t cmnlen, char *errmsg, size_t errlen)
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
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1 && (rc = asr_use(asr, ASR_COMMANDS)) != ASR_OK) {
            set_err(errmsg, errlen, asr_errmsg(asr));
            goto out;
        }
        for (size_t k = 0; k < n; k++) {
            if (skip && skip[k]) {
                if (pass == 1) {
                    int words = 0;
                    asr_word_errors(clips[k].text, "", &words);
                    *errors += words;
                }
                continue;
            }
            char *text = NULL;
            double c = 0;
            rc = asr_decode_pcm(asr, clips[k].pcm, clips[k].n, &text, &c);
            if (rc != ASR_OK && rc != ASR_NOSPEECH) {
                free(text);
                set_err(errmsg, errlen, asr_errmsg(asr));
                goto out;
            }
            asr_enrol_heard_t heard = asr_enrol_heard(asr, rc, text);
            rc = ASR_OK;
            if (pass == 1 && check_silence && heard == ASR_ENROL_SILENT) {
                free(text);
                res->silent = (int)k;
                snprintf(errmsg, errlen, "no speech heard in phrase %zu (\"%s\")", k + 1,
                         clips[k].text);
                rc = ASR_NOSPEECH;
                goto out;
            }
            if (pass == 1) {
                if (heard == ASR_ENROL_WORDS)
                    heardk[k] |= HEARD_WORDS | (some_word_of(clips[k].text, text) ? HEARD_OWN : 0);
                *errors += asr_word_errors(clips[k].text, text ? text : "", NULL);
                *conf += heard == ASR_ENROL_WORDS ? c : 0;
            }
            free(text);
        }
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

/* One round: every candidate of order[0..total) over the clips not
 * skipped; the best candidate's index, or -1 on failure (rc set). */
static int run_round(const struct asr_options *opts, const struct asr_enrol_clip *clips, size_t n,
                     const double *warps, const int *order, int total, const bool *skip,
                     bool check_silence, asr_enrol_progress_fn progress, void *arg,
                     struct asr_enrol_result *res, unsigned char *heardk,
                     char (*cmn)[sizeof res->cmn], int *rc, char *errmsg, size_t errlen)
{
    int best = -1;
    for (int j = 0; j < total; j++) {
        double w = order[j] < 0 ? 1.0 : warps[order[j]];
        if (progress)
            progress(arg, w, j, total);
        int e = 0;
        double c = 0;
        *rc = try_warp(opts, w, clips, n, skip, check_silence && j == 0, res, heardk, &e, &c,
                       cmn[j], sizeof cmn[j], errmsg, errlen);
        if (*rc != ASR_OK)
            return -1;
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
    return best;
}

/* "1 ("next"), 4 ("stop")": clips for a message. */
static void list_clips(const int *which, int nwhich, const struct asr_enrol_clip *clips,
                       char *buf, size_t len)
{
    size_t at = 0;
    buf[0] = '\0';
    for (int i = 0; i < nwhich && at < len; i++) {
        int m = snprintf(buf + at, len - at, "%s%d (\"%s\")", i ? ", " : "", which[i] + 1,
                         clips[which[i]].text);
        if (m < 0)
            break;
        at += (size_t)m;
    }
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
    if (n > ASR_ENROL_MAXCLIPS) {
        snprintf(errmsg, errlen, "too many enrolment phrases (%zu; at most %d)", n,
                 ASR_ENROL_MAXCLIPS);
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
    int total = k, rc = ASR_OK;
    char cmn[ASR_ENROL_MAXWARPS][sizeof res->cmn];
    /* per clip, HEARD_*: what came out of it at some warp (the garbage
     * path, ASR_OTHER, is no word: a tone takes it) */
    unsigned char heardk[ASR_ENROL_MAXCLIPS] = {0};
    int best = run_round(opts, clips, n, warps, order, total, NULL, true, progress, arg, res,
                         heardk, cmn, &rc, errmsg, errlen);
    if (best < 0)
        return rc;
    /* Sound without a word at every warp (checked after every warp: a voice
     * may come out as words only warped). Such a phrase is a voice the
     * model hears badly, or not the phrase at all (a tone, a hiss, another
     * language): it counts as misheard, all its words at every warp, so it
     * moves no choice; its frames are kept out of the calibration by a
     * second round without it (a tone's cepstral mean is no voice's). Many
     * of them, or nearly every phrase without one of its own words: not
     * these phrases said in this language; nothing to enrol on. */
    for (size_t i = 0; i < n; i++) {
        if (!(heardk[i] & HEARD_WORDS))
            res->wordless_clips[res->nwordless++] = (int)i;
        if (!(heardk[i] & HEARD_OWN))
            res->unmatched_clips[res->nunmatched++] = (int)i;
    }
    res->wordless = res->nwordless ? res->wordless_clips[0] : -1;
    if (asr_enrol_not_phrases((size_t)res->nwordless, (size_t)res->nunmatched, n)) {
        char list[1024];
        bool tones = 2 * (size_t)res->nwordless >= n;
        if (tones)
            list_clips(res->wordless_clips, res->nwordless, clips, list, sizeof list);
        else
            list_clips(res->unmatched_clips, res->nunmatched, clips, list, sizeof list);
        snprintf(errmsg, errlen, "%s in %d of %zu phrases: %s",
                 tones ? "sound but no words recognised" : "not one word of the phrase recognised",
                 tones ? res->nwordless : res->nunmatched, n, list);
        return ASR_NOSPEECH;
    }
    if (res->nwordless) {
        bool skip[ASR_ENROL_MAXCLIPS];
        for (size_t i = 0; i < n; i++)
            skip[i] = !(heardk[i] & HEARD_WORDS);
        best = run_round(opts, clips, n, warps, order, total, skip, false, progress, arg, res,
                         heardk, cmn, &rc, errmsg, errlen);
        if (best < 0)
            return rc;
    }
    res->nwarps = total;
    res->warp = res->warps[best];
    res->errors = res->warp_errors[best];
    res->conf = res->warp_conf[best];
    memcpy(res->cmn, cmn[best], sizeof res->cmn);
    return ASR_OK;
}
