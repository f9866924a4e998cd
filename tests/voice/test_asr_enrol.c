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

/* A steady tone of hz at the low noise floor, 1.5 s: sound (louder than
 * the floor) in which no word of the grammar comes out at any warp. */
static int16_t *tone_clip(double hz, uint64_t seed, size_t *n)
{
    enum { N = 24000 };         /* 1.5 s at 16 kHz */
    int16_t *tone = malloc(N * sizeof *tone);
    assert_non_null(tone);
    for (size_t i = 0; i < N; i++)
        tone[i] = (int16_t)lrint(16000.0 * sin(2 * M_PI * hz * (double)i / 16000.0));
    int16_t *noisy = tu_noisy(tone, N, 0.3, 0, seed, n);
    free(tone);
    assert_non_null(noisy);
    return noisy;
}

/* What a decoded phrase held: the test asr_enrol applies at every warp,
 * and the microphone path after each recording (listen_enrol.c asks again
 * for a wordless phrase), there from a live utterance ended by voice
 * activity. */
static void t_enrol_heard(void **state)
{
    struct fx *f = *state;
    size_t nt = 0, nq = 0;
    int16_t *tone = tone_clip(300, 7, &nt);
    int16_t quiet[16000] = {0};
    int16_t *floor = tu_noisy(quiet, 16000, 0.3, 0, 5, &nq);
    asr_t *a = open_at(0);
    char *text = NULL;
    double conf = 0;
    int rc = asr_decode_pcm(a, f->plain[1], f->nplain[1], &text, &conf);
    assert_int_equal(asr_enrol_heard(a, rc, text), ASR_ENROL_WORDS);
    free(text);
    rc = asr_decode_pcm(a, tone, nt, &text, &conf);
    assert_int_equal(asr_enrol_heard(a, rc, text), ASR_ENROL_WORDLESS);
    free(text);
    rc = asr_decode_pcm(a, floor, nq, &text, &conf);
    assert_int_equal(asr_enrol_heard(a, rc, text), ASR_ENROL_SILENT);
    free(text);
    /* live, as from the microphone: 100 ms blocks until the end of speech */
    asr_set_mode(a, ASR_VOICE_ACTIVITY);
    const int16_t *src[2] = {tone, f->plain[4]};
    size_t len[2] = {nt, f->nplain[4]};
    asr_enrol_heard_t want[2] = {ASR_ENROL_WORDLESS, ASR_ENROL_WORDS};
    int16_t pad[1600] = {0};
    for (int u = 0; u < 2; u++) {
        assert_int_equal(asr_start(a), ASR_OK);
        bool ended = false;
        for (size_t at = 0; at < len[u] && !ended; at += 1600)
            assert_int_equal(asr_feed(a, src[u] + at, len[u] - at < 1600 ? len[u] - at : 1600,
                                      &ended), ASR_OK);
        for (int i = 0; i < 20 && !ended; i++)      /* the trainee falls silent */
            assert_int_equal(asr_feed(a, pad, 1600, &ended), ASR_OK);
        rc = asr_stop(a);
        assert_int_equal(asr_enrol_heard(a, rc, asr_text(a)), want[u]);
    }
    asr_close(a);
    /* not the phrases: half of them or more wordless (tones, noise), or
     * two thirds or more without one of their own words (another
     * language); a voice misheard here and there stays below both */
    assert_false(asr_enrol_not_phrases(0, 0, 19));
    assert_false(asr_enrol_not_phrases(9, 12, 19));
    assert_true(asr_enrol_not_phrases(10, 10, 19));
    assert_true(asr_enrol_not_phrases(5, 13, 19));
    assert_true(asr_enrol_not_phrases(19, 19, 19));
    assert_false(asr_enrol_not_phrases(1, 1, 7));
    assert_true(asr_enrol_not_phrases(4, 4, 7));
    assert_false(asr_enrol_not_phrases(0, 0, 0));
    free(tone);
    free(floor);
}

/* A tone given as one phrase among real ones: counted as misheard, named,
 * and the enrolment made as if it had not been said: the same warp, the
 * same calibration, every candidate's errors those of the others plus the
 * tone's words. (It was refused before: voices the model hears badly came
 * out as no words in one phrase and could not enrol at all.) */
static void t_enrol_tone(void **state)
{
    struct fx *f = *state;
    size_t nt = 0;
    int16_t *tone = tone_clip(300, 7, &nt);
    static const double warps[] = {0.9, 1.0, 1.25, 0};
    struct asr_options o = {.commands = voice_cmd_phrases()};
    struct asr_enrol_clip clips[NP + 1];
    for (int i = 0; i < NP; i++)
        clips[i] = (struct asr_enrol_clip){phrases[i], f->shifted[i], f->nshifted[i]};
    struct asr_enrol_result without, r;
    char err[512];
    assert_int_equal(asr_enrol(&o, clips, NP, warps, NULL, NULL, &without, err, sizeof err),
                     ASR_OK);
    assert_int_equal(without.nwordless, 0);
    assert_int_equal(without.wordless, -1);
    /* the tone as "help", in the middle: its frames would have moved the
     * calibration learnt on the phrases after it */
    for (int i = NP; i > 3; i--)
        clips[i] = clips[i - 1];
    clips[3] = (struct asr_enrol_clip){"help", tone, nt};
    assert_int_equal(asr_enrol(&o, clips, NP + 1, warps, NULL, NULL, &r, err, sizeof err),
                     ASR_OK);
    assert_int_equal(r.silent, -1);
    assert_int_equal(r.nwordless, 1);
    assert_int_equal(r.wordless, 3);
    assert_int_equal(r.wordless_clips[0], 3);
    bool tone_unmatched = false;        /* a wordless clip has none of its words */
    for (int i = 0; i < r.nunmatched; i++)
        tone_unmatched = tone_unmatched || r.unmatched_clips[i] == 3;
    assert_true(tone_unmatched);
    assert_true(fabs(r.warp - without.warp) < 1e-9);
    assert_true(fabs(r.warp - SHIFT) < 1e-9);
    assert_int_equal(r.words, without.words + 1);
    assert_int_equal(r.errors, without.errors + 1);
    assert_int_equal(r.errors_none, without.errors_none + 1);
    assert_int_equal(r.nwarps, without.nwarps);
    for (int i = 0; i < r.nwarps; i++)
        assert_int_equal(r.warp_errors[i], without.warp_errors[i] + 1);
    assert_string_equal(r.cmn, without.cmn);
    assert_string_equal(r.cmn_none, without.cmn_none);
    free(tone);
}

/* Tones for most phrases: not these phrases said; refused, saying how many
 * and which. */
static void t_enrol_tones_refused(void **state)
{
    struct fx *f = *state;
    size_t nt[3] = {0};
    int16_t *tone[3] = {tone_clip(300, 7, &nt[0]), tone_clip(440, 8, &nt[1]),
                        tone_clip(1000, 9, &nt[2])};
    struct asr_enrol_clip clips[5] = {{"next", f->plain[1], f->nplain[1]},
                                      {"stop", tone[0], nt[0]},
                                      {"start work", f->plain[2], f->nplain[2]},
                                      {"help", tone[1], nt[1]},
                                      {"hours today", tone[2], nt[2]}};
    static const double warps[] = {1.0, 1.25, 0};
    struct asr_options o = {.commands = voice_cmd_phrases()};
    struct asr_enrol_result r;
    char err[512];
    assert_int_equal(asr_enrol(&o, clips, 5, warps, NULL, NULL, &r, err, sizeof err),
                     ASR_NOSPEECH);
    assert_int_equal(r.silent, -1);
    assert_int_equal(r.nwordless, 3);
    assert_int_equal(r.wordless, 1);
    assert_int_equal(r.wordless_clips[1], 3);
    assert_int_equal(r.wordless_clips[2], 4);
    assert_non_null(strstr(err, "3 of 5 phrases"));
    assert_non_null(strstr(err, "2 (\"stop\")"));
    assert_true(r.nunmatched >= 3);
    for (int i = 0; i < 3; i++)
        free(tone[i]);
}

/* The wrong files: real speech, each clip another phrase than its name
 * says. No wordless clip, but not one of its own words in any: refused. */
static void t_enrol_wrong_files_refused(void **state)
{
    struct fx *f = *state;
    struct asr_enrol_clip clips[4] = {{"stop", f->plain[1], f->nplain[1]},
                                      {"next", f->plain[4], f->nplain[4]},
                                      {"help", f->plain[5], f->nplain[5]},
                                      {"hint", f->plain[2], f->nplain[2]}};
    static const double warps[] = {1.0, 0};
    struct asr_options o = {.commands = voice_cmd_phrases()};
    struct asr_enrol_result r;
    char err[512];
    assert_int_equal(asr_enrol(&o, clips, 4, warps, NULL, NULL, &r, err, sizeof err),
                     ASR_NOSPEECH);
    assert_int_equal(r.silent, -1);
    assert_int_equal(r.nwordless, 0);
    assert_int_equal(r.nunmatched, 4);
    assert_non_null(strstr(err, "not one word of the phrase recognised in 4 of 4 phrases"));
    /* named rightly, they are an enrolment */
    clips[0].text = "next", clips[1].text = "stop", clips[2].text = "hours today";
    clips[3].text = "start work";
    assert_int_equal(asr_enrol(&o, clips, 4, warps, NULL, NULL, &r, err, sizeof err), ASR_OK);
    assert_int_equal(r.nunmatched, 0);
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
    cmocka_unit_test(t_enrol_heard),
    cmocka_unit_test(t_enrol_tone),
    cmocka_unit_test(t_enrol_tones_refused),
    cmocka_unit_test(t_enrol_wrong_files_refused),
    cmocka_unit_test(t_enrolment_store),
};
KEFU_TEST_GROUP(voice_asr_enrol, tests, setup, teardown)
