/* test_asr_answers.c -- the answers search on synthesised speech: domain
 * words the CMU dictionary lacks (SF, WeChat) get pronunciations made of
 * known pieces (voice/asr_answers.c), so they can be recognised at all;
 * the recogniser's alternatives of an answer (asr_alternatives). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "asr.h"
#include "asr_testutil.h"
#include "voice_cmds.h"

static const char *const domain[] = {
    "Your parcel ships with SF Express today.",
    "It goes with SF Express and arrives tomorrow.",
    "The refund goes back to your WeChat wallet.",
    "You will see the refund in your WeChat wallet today.",
    "I'm sorry about the delay, your parcel is on its way.",
};

/* Heard text of one synthesised sentence, decoded twice through the same
 * decoder (the second starts calibrated). Caller frees. */
static char *hear(asr_t *asr, const char *dir, const char *sentence)
{
    char wav[512];
    snprintf(wav, sizeof wav, "%s/a.wav", dir);
    if (tu_synth("en-us", 150, sentence, wav) != 0)
        return NULL;
    size_t n = 0, m = 0;
    int16_t *raw = tu_read(wav, &n);
    int16_t *pcm = raw ? tu_noisy(raw, n, 0.3, 0, 7, &m) : NULL;
    char *text = NULL;
    double conf;
    for (int k = 0; pcm && k < 2; k++) {
        free(text);
        text = NULL;
        if (asr_decode_pcm(asr, pcm, m, &text, &conf) != ASR_OK)
            break;
    }
    free(raw);
    free(pcm);
    return text;
}

static void t_made_up_pronunciations(void **state)
{
    (void)state;
    char *dir = kefu_test_tmpdir();
    asr_t *asr = NULL;
    struct asr_options o = {.commands = voice_cmd_phrases()};
    assert_int_equal(asr_open(&asr, &o), ASR_OK);
    for (size_t i = 0; i < sizeof domain / sizeof domain[0]; i++)
        assert_int_equal(asr_add_domain_text(asr, domain[i]), ASR_OK);
    assert_int_equal(asr_use(asr, ASR_ANSWERS), ASR_OK);
    /* "sf" (spelled: EH S EH F) and "wechat" (we + chat) are in no CMU
     * dictionary entry: without made-up pronunciations neither can come out */
    char *t1 = hear(asr, dir, "Your parcel ships with SF Express today.");
    char *t2 = hear(asr, dir, "The refund goes back to your WeChat wallet.");
    assert_non_null(t1);
    assert_non_null(t2);
    if (!strstr(t1, "sf") || !strstr(t2, "wechat"))
        fprintf(stderr, "heard: '%s' / '%s'\n", t1, t2);
    assert_non_null(strstr(t1, "sf"));
    assert_non_null(strstr(t2, "wechat"));
    free(t1);
    free(t2);
    asr_close(asr);
    kefu_test_rmtree(dir);
    free(dir);
}

/* asr_pronunciations(): every entry of the words asked for, alternates
 * under their own word, nothing else; a missing file is -1. */
struct pron_seen { char text[512]; int n; };

static void pron_collect(void *arg, const char *word, const char *phones)
{
    struct pron_seen *p = arg;
    size_t l = strlen(p->text);
    snprintf(p->text + l, sizeof p->text - l, "%s=%s;", word, phones);
    p->n++;
}

static void t_pronunciations(void **state)
{
    (void)state;
    char *dir = kefu_test_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/t.dict", dir);
    static const char dict[] = ";;; comment\nany EH N IY\nany(2) IH N IY\nanyway EH N IY W EY\n"
                               "time T AY M\r\nweather W EH DH ER\n";
    assert_int_equal(kefu_test_write_file(path, dict, sizeof dict - 1), 0);
    const char *words[] = {"any", "time", "nosuchword"};
    struct pron_seen seen = {"", 0};
    assert_int_equal(asr_pronunciations(path, words, 3, pron_collect, &seen), 3);
    assert_int_equal(seen.n, 3);
    assert_string_equal(seen.text, "any=EH N IY;any=IH N IY;time=T AY M;");
    seen = (struct pron_seen){"", 0};
    snprintf(path, sizeof path, "%s/missing.dict", dir);
    assert_int_equal(asr_pronunciations(path, words, 3, pron_collect, &seen), -1);
    assert_int_equal(seen.n, 0);
    kefu_test_rmtree(dir);
    free(dir);
}

/* The alternatives of an answer: highest score first, mostly below the
 * best path (the A* search is not exact), none equal to the best text or
 * to another, words only (no fillers). */
static void check_alts(const char *text, const struct asr_alts *a, size_t max)
{
    assert_true(a->n > 0);
    assert_true(a->n <= max);
    for (size_t i = 0; i < a->n; i++) {
        assert_non_null(a->alt[i].text);
        assert_true(a->alt[i].text[0] != '\0');
        assert_true(a->alt[i].score < 1);
        if (i)
            assert_true(a->alt[i].score <= a->alt[i - 1].score);
        assert_string_not_equal(a->alt[i].text, text);
        assert_null(strpbrk(a->alt[i].text, "<[(+"));
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(a->alt[i].text, a->alt[j].text);
    }
}

static void t_alternatives(void **state)
{
    (void)state;
    char *dir = kefu_test_tmpdir();
    char wav[512];
    snprintf(wav, sizeof wav, "%s/a.wav", dir);
    asr_t *asr = NULL;
    struct asr_options o = {.commands = voice_cmd_phrases()};
    assert_int_equal(asr_open(&asr, &o), ASR_OK);
    for (size_t i = 0; i < sizeof domain / sizeof domain[0]; i++)
        assert_int_equal(asr_add_domain_text(asr, domain[i]), ASR_OK);
    struct asr_alts alts = {0};
    /* the commands search has none */
    assert_int_equal(asr_alternatives(asr, 5, &alts), ASR_INVALID);
    assert_int_equal(asr_use(asr, ASR_ANSWERS), ASR_OK);
    assert_int_equal(tu_synth("en-us", 150, "I'm sorry about the delay, the refund goes back "
                              "to your wallet today.", wav), 0);
    size_t n = 0, m = 0;
    int16_t *raw = tu_read(wav, &n);
    assert_non_null(raw);
    int16_t *pcm = tu_noisy(raw, n, 0.3, 20, 3, &m);
    assert_non_null(pcm);
    /* a whole source */
    char *text = NULL;
    double conf;
    assert_int_equal(asr_decode_pcm_alts(asr, pcm, m, 5, &text, &conf, &alts), ASR_OK);
    check_alts(text, &alts, 5);
    /* the same text as without alternatives (the same decoder state aside:
     * decode again, calibrated both times) */
    char *plain = NULL;
    assert_int_equal(asr_decode_pcm(asr, pcm, m, &plain, &conf), ASR_OK);
    free(text);
    assert_int_equal(asr_decode_pcm_alts(asr, pcm, m, 5, &text, &conf, &alts), ASR_OK);
    assert_string_equal(text, plain);
    /* max 0: none */
    free(text);
    assert_int_equal(asr_decode_pcm_alts(asr, pcm, m, 0, &text, &conf, &alts), ASR_OK);
    assert_int_equal(alts.n, 0);
    /* push-to-talk: the last utterance's, not while listening */
    assert_int_equal(asr_start(asr), ASR_OK);
    assert_int_equal(asr_alternatives(asr, 3, &alts), ASR_INVALID);
    assert_int_equal(asr_feed(asr, pcm, m, NULL), ASR_OK);
    assert_int_equal(asr_stop(asr), ASR_OK);
    assert_int_equal(asr_alternatives(asr, 3, &alts), ASR_OK);
    check_alts(asr_text(asr), &alts, 3);
    asr_alts_free(&alts);
    assert_int_equal(alts.n, 0);
    asr_alts_free(NULL);
    free(text);
    free(plain);
    free(raw);
    free(pcm);
    asr_close(asr);
    kefu_test_rmtree(dir);
    free(dir);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(t_alternatives),
    cmocka_unit_test(t_made_up_pronunciations),
    cmocka_unit_test(t_pronunciations),
};
KEFU_TEST_GROUP(voice_asr_answers, tests, NULL, NULL)
