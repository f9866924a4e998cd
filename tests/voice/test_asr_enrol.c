/* test_asr_enrol.c -- the frequency warp and the prompted enrolment
 * (voice/asr_enrol.c) on real synthesised speech, and storing the result
 * (kb_voice.h).
 *
 * The constructed "other voice": en-us speech with every frequency raised
 * by 1.25 (tu_speed, as `sox speed 1.25`), so the warp that undoes it is
 * known. Unwarped, the recogniser mishears it; at warp 1.25 it hears it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "asr.h"
#include "asr_testutil.h"
#include "kb.h"
#include "kb_voice.h"
#include "voice_cmds.h"

#define SHIFT 1.25

static const char *const phrases[] = {
    "look up order one two three four five", "next", "start work",
    "look up order six seven eight nine zero", "stop", "hours today", NULL};
enum { NP = 6 };

struct fx {
    char *dir;
    int16_t *plain[NP], *shifted[NP];
    size_t nplain[NP], nshifted[NP];
};

static int16_t *make(const char *dir, const char *text, double shift, uint64_t seed, size_t *n)
{
    char path[512];
    size_t m = 0, k = 0;
    snprintf(path, sizeof path, "%s/p.wav", dir);
    if (tu_synth("en-us", 160, text, path) != 0)
        return NULL;
    int16_t *raw = tu_read(path, &m);
    int16_t *sp = raw && shift != 1.0 ? tu_speed(raw, m, shift, &k) : NULL;
    int16_t *out = tu_noisy(sp ? sp : raw, sp ? k : m, 0.3, 0, seed, n);
    free(raw);
    free(sp);
    return out;
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    f->dir = kefu_test_tmpdir();
    for (int i = 0; i < NP; i++) {
        f->plain[i] = make(f->dir, phrases[i], 1.0, 10 + i, &f->nplain[i]);
        f->shifted[i] = make(f->dir, phrases[i], SHIFT, 20 + i, &f->nshifted[i]);
        if (!f->plain[i] || !f->shifted[i])
            return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    for (int i = 0; i < NP; i++) {
        free(f->plain[i]);
        free(f->shifted[i]);
    }
    kefu_test_rmtree(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

static asr_t *open_at(double warp)
{
    asr_t *a = NULL;
    struct asr_options o = {.commands = voice_cmd_phrases(), .warp = warp};
    assert_int_equal(asr_open(&a, &o), ASR_OK);
    assert_int_equal(asr_use(a, ASR_COMMANDS), ASR_OK);
    return a;
}

/* Decode the shifted clips in order; word errors against their text. */
static int errors_at(struct fx *f, asr_t *a)
{
    int e = 0;
    for (int i = 0; i < NP; i++) {
        char *text = NULL;
        double conf = 0;
        asr_decode_pcm(a, f->shifted[i], f->nshifted[i], &text, &conf);
        e += asr_word_errors(phrases[i], text ? text : "", NULL);
        if (getenv("KEFU_TEST_VERBOSE"))
            fprintf(stderr, "  %.2f '%s' -> '%s'\n", asr_warp(a), phrases[i], text ? text : "");
        free(text);
    }
    return e;
}

static void t_word_errors(void **state)
{
    (void)state;
    int w = 0;
    assert_int_equal(asr_word_errors("look up order one two", "look up order one two", &w), 0);
    assert_int_equal(w, 5);
    assert_int_equal(asr_word_errors("look up order one two", "look up order one", NULL), 1);
    assert_int_equal(asr_word_errors("look up order one two", "look up order nine two", NULL), 1);
    assert_int_equal(asr_word_errors("next", "look up order one", NULL), 4);
    assert_int_equal(asr_word_errors("start work", ASR_OTHER, NULL), 2);
    assert_int_equal(asr_word_errors("stop", "", NULL), 1);
}

/* The warp reaches the front end: the same audio gives other features
 * (so another cepstral mean) and another result. */
static void t_warp_changes_features(void **state)
{
    struct fx *f = *state;
    asr_t *plain = open_at(0), *warped = open_at(SHIFT);
    assert_true(fabs(asr_warp(plain) - 1.0) < 1e-9);
    assert_true(fabs(asr_warp(warped) - SHIFT) < 1e-9);
    char *t1 = NULL, *t2 = NULL, c1[256], c2[256];
    double conf = 0;
    assert_int_equal(asr_decode_pcm(plain, f->plain[0], f->nplain[0], &t1, &conf), ASR_OK);
    assert_int_equal(asr_decode_pcm(warped, f->plain[0], f->nplain[0], &t2, &conf), ASR_OK);
    assert_int_equal(asr_calibration(plain, c1, sizeof c1), ASR_OK);
    assert_int_equal(asr_calibration(warped, c2, sizeof c2), ASR_OK);
    assert_string_not_equal(c1, c2);
    free(t1);
    free(t2);
    /* the decoding: the raised voice is misheard unwarped, heard at 1.25 */
    int e_plain = errors_at(f, plain), e_warped = errors_at(f, warped);
    if (getenv("KEFU_TEST_VERBOSE"))
        fprintf(stderr, "errors unwarped %d, at %.2f %d\n", e_plain, SHIFT, e_warped);
    assert_true(e_warped < e_plain);
    assert_true(e_warped + 4 <= e_plain);   /* measured: 9 -> 3 of 22 words */
    asr_close(plain);
    asr_close(warped);
    /* out of range */
    asr_t *bad = NULL;
    struct asr_options o = {.warp = 3.0};
    assert_int_equal(asr_open(&bad, &o), ASR_INVALID);
    assert_non_null(strstr(asr_errmsg(bad), "warp"));
    asr_close(bad);
}

static void t_enrol_picks_fewest_errors(void **state)
{
    struct fx *f = *state;
    struct asr_enrol_clip clips[NP];
    for (int i = 0; i < NP; i++)
        clips[i] = (struct asr_enrol_clip){phrases[i], f->shifted[i], f->nshifted[i]};
    static const double warps[] = {0.9, 1.0, 1.25, 0};
    struct asr_options o = {.commands = voice_cmd_phrases()};
    struct asr_enrol_result r;
    char err[256];
    assert_int_equal(asr_enrol(&o, clips, NP, warps, NULL, NULL, &r, err, sizeof err), ASR_OK);
    assert_int_equal(r.nwarps, 3);
    assert_true(fabs(r.warps[0] - 1.0) < 1e-9);     /* no warp is tried first */
    assert_true(fabs(r.warp - SHIFT) < 1e-9);
    assert_true(r.errors < r.errors_none);
    for (int i = 0; i < r.nwarps; i++)
        assert_true(r.errors <= r.warp_errors[i]);
    assert_int_equal(r.words, 8 + 1 + 2 + 8 + 1 + 2);
    assert_non_null(strchr(r.cmn, ','));
    assert_string_not_equal(r.cmn, r.cmn_none);
    /* the plain voice: a tie with no warp goes to no warp */
    for (int i = 0; i < NP; i++)
        clips[i] = (struct asr_enrol_clip){phrases[i], f->plain[i], f->nplain[i]};
    static const double near[] = {1.0, 1.02, 0};
    assert_int_equal(asr_enrol(&o, clips, NP, near, NULL, NULL, &r, err, sizeof err), ASR_OK);
    if (r.warp_errors[1] >= r.warp_errors[0])
        assert_true(fabs(r.warp - 1.0) < 1e-9);
    else
        assert_true(fabs(r.warp - 1.02) < 1e-9);
}

static void t_enrol_no_speech(void **state)
{
    struct fx *f = *state;
    int16_t quiet[16000] = {0};
    size_t nq = 0;
    int16_t *floor = tu_noisy(quiet, 16000, 0.3, 0, 5, &nq);
    struct asr_enrol_clip clips[2] = {{"next", f->plain[1], f->nplain[1]},
                                      {"stop", floor, nq}};
    struct asr_enrol_result r;
    char err[256];
    struct asr_options o = {.commands = voice_cmd_phrases()};
    assert_int_equal(asr_enrol(&o, clips, 2, NULL, NULL, NULL, &r, err, sizeof err),
                     ASR_NOSPEECH);
    assert_int_equal(r.silent, 1);
    assert_non_null(strstr(err, "phrase 2"));
    assert_int_equal(asr_enrol(&o, clips, 0, NULL, NULL, NULL, &r, err, sizeof err),
                     ASR_INVALID);
    clips[0].text = "";
    assert_int_equal(asr_enrol(&o, clips, 1, NULL, NULL, NULL, &r, err, sizeof err),
                     ASR_INVALID);
    free(floor);
}

/* A steady tone saved as a phrase: sound (louder than the floor), no word
 * at any warp. Refused, saying which clip, as kefu listen --wav refuses it
 * ("no words were recognised"); it was taken as a phrase misheard. */
static void t_enrol_tone(void **state)
{
    struct fx *f = *state;
    enum { N = 24000 };         /* 1.5 s at 16 kHz */
    int16_t *tone = malloc(N * sizeof *tone);
    assert_non_null(tone);
    for (size_t i = 0; i < N; i++)
        tone[i] = (int16_t)lrint(16000.0 * sin(2 * M_PI * 300.0 * (double)i / 16000.0));
    size_t nt = 0;
    int16_t *noisy = tu_noisy(tone, N, 0.3, 0, 7, &nt);
    assert_non_null(noisy);
    struct asr_enrol_clip clips[2] = {{"next", f->plain[1], f->nplain[1]},
                                      {"stop", noisy, nt}};
    static const double warps[] = {1.0, 1.25, 0};
    struct asr_enrol_result r;
    char err[256];
    struct asr_options o = {.commands = voice_cmd_phrases()};
    assert_int_equal(asr_enrol(&o, clips, 2, warps, NULL, NULL, &r, err, sizeof err),
                     ASR_NOSPEECH);
    assert_int_equal(r.silent, -1);
    assert_int_equal(r.wordless, 1);
    assert_non_null(strstr(err, "phrase 2"));
    /* the speech alone is an enrolment; wordless is -1 then */
    assert_int_equal(asr_enrol(&o, clips, 1, warps, NULL, NULL, &r, err, sizeof err), ASR_OK);
    assert_int_equal(r.wordless, -1);
    free(tone);
    free(noisy);
}

static void t_enrolment_store(void **state)
{
    (void)state;
    kb_t *kb = NULL;
    struct kb_voice_profile p;
    assert_int_equal(kb_open(&kb, ":memory:", KB_OPEN_CREATE), KB_OK);
    assert_int_equal(kb_voice_profile_get(kb, "lin", "m", &p), KB_OK);
    assert_null(p.cmn);
    assert_true(p.warp == 1.0);
    assert_int_equal(p.enrolled, 0);
    /* a calibration from before any enrolment: no warp */
    assert_int_equal(kb_voice_calibration_set(kb, "lin", "m", "40.00,1.50", 50), KB_OK);
    assert_int_equal(kb_voice_profile_get(kb, "lin", "m", &p), KB_OK);
    assert_string_equal(p.cmn, "40.00,1.50");
    assert_true(p.warp == 1.0);
    kb_voice_profile_free(&p);
    /* the enrolment replaces both, together */
    assert_int_equal(kb_voice_enrolment_set(kb, "lin", "m", "41.00,-2.00", 1.2, 45, 2, 9, 100),
                     KB_OK);
    assert_int_equal(kb_voice_profile_get(kb, "lin", "m", &p), KB_OK);
    assert_string_equal(p.cmn, "41.00,-2.00");
    assert_true(fabs(p.warp - 1.2) < 1e-9);
    assert_int_equal(p.enrolled, 100);
    assert_int_equal(p.words, 45);
    assert_int_equal(p.errors, 2);
    assert_int_equal(p.errors_none, 9);
    kb_voice_profile_free(&p);
    /* a later utterance's calibration keeps the warp it was measured with */
    assert_int_equal(kb_voice_calibration_set(kb, "lin", "m", "42.00,-1.00", 200), KB_OK);
    assert_int_equal(kb_voice_profile_get(kb, "lin", "m", &p), KB_OK);
    assert_string_equal(p.cmn, "42.00,-1.00");
    assert_true(fabs(p.warp - 1.2) < 1e-9);
    kb_voice_profile_free(&p);
    /* per model; bad values refused, nothing changed */
    assert_int_equal(kb_voice_profile_get(kb, "lin", "other", &p), KB_OK);
    assert_null(p.cmn);
    assert_int_equal(kb_voice_enrolment_set(kb, "lin", "m", "41.00", 9.0, 45, 2, 9, 300),
                     KB_INVALID);
    assert_int_equal(kb_voice_enrolment_set(kb, "lin", "m", "x", 1.1, 45, 2, 9, 300),
                     KB_INVALID);
    assert_int_equal(kb_voice_profile_get(kb, "lin", "m", &p), KB_OK);
    assert_string_equal(p.cmn, "42.00,-1.00");
    kb_voice_profile_free(&p);
    /* forgetting drops the warp too */
    assert_int_equal(kb_voice_calibration_clear(kb, "lin", "m"), KB_OK);
    assert_int_equal(kb_voice_profile_get(kb, "lin", "m", &p), KB_OK);
    assert_null(p.cmn);
    assert_true(p.warp == 1.0);
    kb_close(kb);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(t_word_errors),
    cmocka_unit_test(t_warp_changes_features),
    cmocka_unit_test(t_enrol_picks_fewest_errors),
    cmocka_unit_test(t_enrol_no_speech),
    cmocka_unit_test(t_enrol_tone),
    cmocka_unit_test(t_enrolment_store),
};
KEFU_TEST_GROUP(voice_asr_enrol, tests, setup, teardown)
