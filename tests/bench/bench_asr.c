/* bench_asr.c -- speech input, all figures of issue 8 in one run, each beside
 * its baseline measured here:
 *
 *   1. real recordings (pocketsphinx-testdata: librivox with the en-us LM,
 *      cards and goforward with their JSGF grammars): our wrapper's WER
 *      against the pocketsphinx_continuous command on the same files and
 *      models (both start each file cold, as the command does), plus ours
 *      with the calibration carried across files;
 *   2. commands: the command phrases (with order numbers) synthesised by
 *      espeak-ng at two voices and three rates, at a low noise floor, 20 dB
 *      and 10 dB SNR: commands right, order-number digits right, RTF;
 *   3. answers round trip: tests/bench/data/asr_answers.txt (trainee answers
 *      not in the library), each synthesised at one of the six voice/rate
 *      pairs (rotating), at the three noise levels: WER of the domain-mixed
 *      model against the general en-us model alone (full dictionary, as
 *      pocketsphinx_continuous), and agreement of the rubric sections the
 *      scorer (assistant/score.h, spoken mode) finds in the recognised text
 *      with those it finds in the original;
 *   4. decoder load time per search, end-of-speech to final result, RTF,
 *      peak memory (each configuration in a child process).
 *
 * Usage: bench_asr [--quick]   (or KEFU_BENCH_QUICK=1: every 6th answer)
 * Development: KEFU_BENCH_ONLY=commands|answers|recordings runs one part;
 * KEFU_BENCH_STEP=N every Nth answer; KEFU_BENCH_VERBOSE=1 prints misses;
 * KEFU_ASR_EXTRA="-opt value ..." passes PocketSphinx options (commands and
 * the mixed answers decoder); KEFU_BENCH_DW / KEFU_BENCH_GW set the domain
 * weight and the number of general words.
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "asr.h"
#include "kb.h"
#include "kb_library.h"
#include "kb_scenario.h"
#include "kb_search.h"
#include "score.h"
#include "voice/asr_testutil.h"
#include "voice_cmds.h"

#define TESTDATA "/usr/share/pocketsphinx/test/data"
#define MODEL "/usr/share/pocketsphinx/model/en-us"

static const char *voices[2] = {"en-us", "en-us+klatt"};
static const int rates[3] = {140, 175, 220};
static const double snrs[3] = {0, 20, 10};      /* 0: the low noise floor only */
static const char *snr_name[3] = {"floor", "20 dB", "10 dB"};
static char tmpdir[256];
static const char *extra[32];      /* KEFU_ASR_EXTRA="-name value ...": tuning */

static void parse_extra(void)
{
    static char buf[512];
    const char *e = getenv("KEFU_ASR_EXTRA");
    size_t n = 0;
    if (!e)
        return;
    snprintf(buf, sizeof buf, "%s", e);
    for (char *t = strtok(buf, " "); t && n < 30; t = strtok(NULL, " "))
        extra[n++] = t;
    extra[n] = NULL;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static char **read_lines(const char *path, size_t *n)
{
    FILE *f = fopen(path, "r");
    char **v = NULL, line[8192];
    *n = 0;
    if (!f)
        return NULL;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!*line || *line == '#')
            continue;
        v = realloc(v, (*n + 1) * sizeof *v);
        v[(*n)++] = strdup(line);
    }
    fclose(f);
    return v;
}

/* Text as the recogniser would write it: lower case words, digits spoken. */
static void normalise(const char *in, char *out, size_t len)
{
    static const char *const dw[] = {"zero", "one", "two", "three", "four", "five", "six",
                                     "seven", "eight", "nine"};
    size_t o = 0;
    for (const char *p = in; *p && o + 8 < len; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 'A' && c <= 'Z')
            out[o++] = (char)(c - 'A' + 'a');
        else if ((c >= 'a' && c <= 'z') || (c == '\'' && o && out[o - 1] != ' '))
            out[o++] = (char)c;
        else if (c >= '0' && c <= '9')
            o += (size_t)snprintf(out + o, len - o, " %s ", dw[c - '0']);
        else if (o && out[o - 1] != ' ')
            out[o++] = ' ';
    }
    while (o && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
}

static int16_t *synth(const char *voice, int rate, const char *text, size_t *n)
{
    char path[512];
    snprintf(path, sizeof path, "%s/s%d.wav", tmpdir, (int)getpid());
    if (tu_synth(voice, rate, text, path) != 0)
        return NULL;
    return tu_read(path, n);
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    *len = 0;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0) {
        long n = ftell(f);
        rewind(f);
        buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
        if (buf) {
            *len = fread(buf, 1, (size_t)n, f);
            buf[*len] = '\0';
        }
    }
    fclose(f);
    return buf;
}

/* ---- 1. real recordings ------------------------------------------------- */

struct rec_set {
    const char *name, *dir, *grammar;   /* grammar: NULL = the en-us LM */
    char **files, **refs;
    size_t n;
};

static void load_transcripts(struct rec_set *s, const char *trans, const char *ext)
{
    size_t n = 0;
    char **lines = read_lines(trans, &n);
    s->files = calloc(n, sizeof *s->files);
    s->refs = calloc(n, sizeof *s->refs);
    for (size_t i = 0; i < n; i++) {
        char *open = strrchr(lines[i], '('), *close = strrchr(lines[i], ')');
        if (!open || !close)
            continue;
        *close = '\0';
        char file[512], ref[2048];
        snprintf(file, sizeof file, "%s/%s%s", s->dir, open + 1, ext);
        *open = '\0';
        char *t = lines[i];
        if (strncmp(t, "<s>", 3) == 0)
            t += 3;
        char *e = strstr(t, "</s>");
        if (e)
            *e = '\0';
        normalise(t, ref, sizeof ref);
        s->files[s->n] = strdup(file);
        s->refs[s->n++] = strdup(ref);
        free(lines[i]);
    }
    free(lines);
}

static char *cli_decode(const char *file, const char *grammar)
{
    char cmd[2048], line[4096];
    snprintf(cmd, sizeof cmd, "pocketsphinx_continuous -infile '%s' -hmm " MODEL "/en-us "
             "-dict " MODEL "/cmudict-en-us.dict %s%s%s 2>/dev/null", file,
             grammar ? "-jsgf '" : "-lm " MODEL "/en-us.lm.bin", grammar ? grammar : "",
             grammar ? "'" : "");
    FILE *p = popen(cmd, "r");
    char *out = calloc(1, 8192);
    while (p && fgets(line, sizeof line, p)) {
        line[strcspn(line, "\n")] = '\0';
        if (*line && strlen(out) + strlen(line) + 2 < 8192) {
            if (*out)
                strcat(out, " ");
            strcat(out, line);
        }
    }
    if (p)
        pclose(p);
    return out;
}

static void bench_recordings(void)
{
    struct rec_set sets[3] = {
        {"librivox", TESTDATA "/librivox", NULL, NULL, NULL, 0},
        {"cards", TESTDATA "/cards", TESTDATA "/cards/cards.gram", NULL, NULL, 0},
        {"goforward", tmpdir, TESTDATA "/goforward.gram", NULL, NULL, 0},
    };
    load_transcripts(&sets[0], TESTDATA "/librivox/transcription", ".wav");
    load_transcripts(&sets[1], TESTDATA "/cards/cards.transcription", ".wav");
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "sox -t raw -r 16000 -e signed -b 16 -c 1 "
             TESTDATA "/goforward.raw '%s/goforward.wav'", tmpdir);
    if (system(cmd) == 0) {
        sets[2].files = malloc(sizeof(char *));
        sets[2].refs = malloc(sizeof(char *));
        snprintf(cmd, sizeof cmd, "%s/goforward.wav", tmpdir);
        sets[2].files[0] = strdup(cmd);
        sets[2].refs[0] = strdup("go forward ten meters");
        sets[2].n = 1;
    }
    asr_t *asr = NULL;
    struct asr_options o = {.general_words = -1, .no_domain = true, .stock_settings = true};
    if (asr_open(&asr, &o) != ASR_OK || asr_use(asr, ASR_ANSWERS) != ASR_OK) {
        printf("recordings: cannot open the recogniser: %s\n", asr_errmsg(asr));
        asr_close(asr);
        return;
    }
    printf("\n1. Real recordings (pocketsphinx-testdata), same models, WER %%\n");
    printf("%-10s %5s  %12s  %14s  %12s  %s\n", "set", "words", "ours (cold)",
           "ours (carried)", "command", "ours-command");
    for (int k = 0; k < 3; k++) {
        struct rec_set *s = &sets[k];
        if (!s->n)
            continue;
        const char *search = ASR_ANSWERS;
        if (s->grammar) {
            size_t len = 0;
            char *g = read_file(s->grammar, &len);
            search = s->name;
            if (!g || asr_add_grammar(asr, search, g) != ASR_OK) {
                printf("%-10s grammar refused: %s\n", s->name, asr_errmsg(asr));
                free(g);
                continue;
            }
            free(g);
        }
        asr_use(asr, search);
        int words = 0, e_cold = 0, e_warm = 0, e_cli = 0;
        for (int pass = 0; pass < 2; pass++)
            for (size_t i = 0; i < s->n; i++) {
                if (pass == 0)
                    asr_reset_calibration(asr);
                char *text = NULL;
                double conf;
                asr_decode_file(asr, s->files[i], &text, &conf);
                int e, nr;
                tu_wer(s->refs[i], text ? text : "", &e, &nr);
                if (pass == 0) {
                    e_cold += e;
                    words += nr;
                    char *cli = cli_decode(s->files[i], s->grammar);
                    tu_wer(s->refs[i], cli, &e, &nr);
                    e_cli += e;
                    free(cli);
                } else {
                    e_warm += e;
                }
                free(text);
            }
        printf("%-10s %5d  %12.1f  %14.1f  %12.1f  %+.1f points\n", s->name, words,
               100.0 * e_cold / words, 100.0 * e_warm / words, 100.0 * e_cli / words,
               100.0 * (e_cold - e_cli) / words);
        for (size_t i = 0; i < s->n; i++) {
            free(s->files[i]);
            free(s->refs[i]);
        }
        free(s->files);
        free(s->refs);
    }
    asr_close(asr);
}

/* ---- 2. commands ---------------------------------------------------------- */

static const char *const order_numbers[] = {"40271", "13958", "77062", "52814", "90336",
                                            "68425", "21709", "35590", "84163", "16247"};

static void bench_commands(void)
{
    asr_t *asr = NULL;
    struct asr_options o = {.commands = voice_cmd_phrases(), .ps_extra = extra};
    if (asr_open(&asr, &o) != ASR_OK || asr_use(asr, ASR_COMMANDS) != ASR_OK) {
        printf("commands: cannot open the recogniser: %s\n", asr_errmsg(asr));
        asr_close(asr);
        return;
    }
    /* the utterances: every simple command, then ten order look-ups */
    const char *const *phrases = voice_cmd_phrases();
    char utter[64][96], want_name[64][32], want_args[64][16];
    int nu = 0;
    for (size_t i = 0; phrases[i]; i++) {
        if (strstr(phrases[i], "<digits>"))
            continue;
        snprintf(utter[nu], sizeof utter[nu], "%s", phrases[i]);
        char args[16];
        const char *name;
        voice_cmd_parse(phrases[i], &name, args, sizeof args);
        snprintf(want_name[nu], sizeof want_name[nu], "%s", name);
        want_args[nu][0] = '\0';
        nu++;
    }
    for (size_t i = 0; i < sizeof order_numbers / sizeof order_numbers[0]; i++) {
        char spaced[32] = "";
        for (const char *d = order_numbers[i]; *d; d++)
            snprintf(spaced + strlen(spaced), sizeof spaced - strlen(spaced), "%c ", *d);
        snprintf(utter[nu], sizeof utter[nu], "look up order %s", spaced);
        snprintf(want_name[nu], sizeof want_name[nu], "lookup-order");
        snprintf(want_args[nu], sizeof want_args[nu], "%s", order_numbers[i]);
        nu++;
    }
    int ok[3] = {0}, rej[3] = {0}, total[3] = {0}, dig_ok[3] = {0}, dig_n[3] = {0}, num_ok[3] = {0},
        num_n[3] = {0};
    double audio[3] = {0}, cpu[3] = {0}, fin_max = 0, fin_sum = 0;
    int fin_n = 0;
    /* KEFU_BENCH_BYNOISE=1: each noise level in its own pass (the decoder's
     * calibration then follows one condition, as in one room) instead of
     * the three levels taking turns utterance by utterance */
    int bynoise = getenv("KEFU_BENCH_BYNOISE") != NULL;
    for (int pass = 0; pass < (bynoise ? 3 : 1); pass++)
    for (int v = 0; v < 2; v++)
        for (int r = 0; r < 3; r++)
            for (int u = 0; u < nu; u++) {
                size_t n = 0;
                int16_t *raw = synth(voices[v], rates[r], utter[u], &n);
                if (!raw)
                    continue;
                for (int c = bynoise ? pass : 0; c < (bynoise ? pass + 1 : 3); c++) {
                    size_t m = 0;
                    int16_t *pcm = tu_noisy(raw, n, 0.3, snrs[c], (uint64_t)(u * 31 + r * 7 + v), &m);
                    double a0, c0, a1, c1;
                    asr_times(asr, &a0, &c0);
                    char *text = NULL;
                    double conf;
                    asr_decode_pcm(asr, pcm, m, &text, &conf);
                    asr_times(asr, &a1, &c1);
                    audio[c] += a1 - a0;
                    cpu[c] += c1 - c0;
                    double f = asr_final_cpu_seconds(asr);
                    fin_sum += f;
                    fin_max = f > fin_max ? f : fin_max;
                    fin_n++;
                    const char *name = NULL;
                    char args[32] = "";
                    if (text)
                        voice_cmd_parse(text, &name, args, sizeof args);
                    total[c]++;
                    int right = name && !strcmp(name, want_name[u]) && !strcmp(args, want_args[u]);
                    if (right)
                        ok[c]++;
                    else if (!name)
                        rej[c]++;       /* nothing, or no command: "not understood" */
                    if (getenv("KEFU_BENCH_CONF"))
                        printf("  conf %s %.4f [%s]\n", right ? "hit " : "miss", conf, snr_name[c]);
                    if (!right && getenv("KEFU_BENCH_VERBOSE"))
                        printf("  miss [%s %d %s] '%s' -> '%s' (%.3f)\n", voices[v], rates[r],
                               snr_name[c], utter[u], text ? text : "", conf);
                    if (want_args[u][0]) {
                        int e, nr;
                        char a_sp[64] = "", w_sp[64] = "";
                        for (const char *d = args; *d; d++)
                            snprintf(a_sp + strlen(a_sp), sizeof a_sp - strlen(a_sp), "%c ", *d);
                        for (const char *d = want_args[u]; *d; d++)
                            snprintf(w_sp + strlen(w_sp), sizeof w_sp - strlen(w_sp), "%c ", *d);
                        tu_wer(w_sp, a_sp, &e, &nr);
                        dig_ok[c] += nr - (e < nr ? e : nr);
                        dig_n[c] += nr;
                        num_n[c]++;
                        num_ok[c] += !strcmp(args, want_args[u]);
                    }
                    free(text);
                    free(pcm);
                }
                free(raw);
            }
    printf("\n2. Commands: %d utterances x 2 voices x 3 rates (%d, %d, %d wpm), one decoder\n",
           nu, rates[0], rates[1], rates[2]);
    printf("%-7s %10s %8s %9s %14s %16s %8s\n", "noise", "commands", "wrong", "rejected",
           "digits", "order numbers", "RTF");
    for (int c = 0; c < 3; c++)
        printf("%-7s %9.1f%% %7.1f%% %8.1f%% %13.1f%% %15.1f%% %8.4f\n", snr_name[c],
               100.0 * ok[c] / total[c], 100.0 * (total[c] - ok[c] - rej[c]) / total[c],
               100.0 * rej[c] / total[c],
               100.0 * dig_ok[c] / (dig_n[c] ? dig_n[c] : 1),
               100.0 * num_ok[c] / (num_n[c] ? num_n[c] : 1), cpu[c] / audio[c]);
    printf("targets at 20 dB: commands >= 98%%, digits >= 95%%, RTF <= 0.03\n");
    printf("end of speech -> final result (CPU): mean %.1f ms, max %.1f ms (target <= 50 ms)\n",
           1000 * fin_sum / fin_n, 1000 * fin_max);
    asr_close(asr);
}

/* ---- 3. answers round trip ----------------------------------------------- */

struct lib {
    kb_library *lib;
    kb_t *kb;
};

static int load_library(struct lib *L, const char *dir)
{
    char pat[1024];
    snprintf(pat, sizeof pat, "%s/*.kefu", dir);
    glob_t g;
    if (glob(pat, 0, NULL, &g) != 0)
        return -1;
    kb_diags d;
    kb_diags_init(&d);
    int rc = kb_library_new(&L->lib);
    for (size_t i = 0; rc == KB_OK && i < g.gl_pathc; i++)
        rc = kb_parse_file(L->lib, g.gl_pathv[i], &d) == KB_NOMEM ? KB_NOMEM : KB_OK;
    if (rc == KB_OK)
        rc = kb_library_finish(L->lib, &d);
    if (rc == KB_OK)
        rc = kb_open(&L->kb, ":memory:", KB_OPEN_CREATE);
    if (rc == KB_OK)
        rc = kb_lib_install(L->kb, L->lib, KB_ORIGIN_BUILTIN, NULL);
    kb_diags_free(&d);
    globfree(&g);
    return rc == KB_OK ? 0 : -1;
}

static void add_domain(void *arg, const char *text) { asr_add_domain_text(arg, text); }

/* Expect sections hit, as a bit set over the turn's sections. */
static unsigned sections(const score_rubric_t *r, const char *text, score_input mode,
                         size_t *nsec)
{
    score_result res;
    unsigned bits = 0;
    *nsec = 0;
    if (score_answer(r, text, mode, &res) == SCORE_OK) {
        for (size_t i = 0; i < res.n_sections && i < 32; i++)
            if (!res.sections[i].bonus) {
                if (res.sections[i].hit)
                    bits |= 1u << i;
                (*nsec)++;
            }
    }
    score_result_free(&res);
    return bits;
}

struct ans_stats {
    int err[2][3], words[3], agree[2][3], pairs[3], same_set[2][3], answers[3];
    double audio[2], cpu[2], fin_sum[2], fin_max[2];
    int fin_n[2];
    size_t used;
};

static unsigned sections(const score_rubric_t *r, const char *text, score_input mode,
                         size_t *nsec);

/* The answers of voice v (every other one), in a child process. */
static void answers_voice(struct lib *L_, char **lines, size_t nlines, int step, int v,
                          asr_t *dom, asr_t *gen, struct ans_stats *S)
{
    struct lib L = *L_;
    for (size_t i = 0; i < nlines; i += (size_t)step) {
        if ((int)(i / (size_t)step) % 2 != v)
            continue;
        char *tab = strchr(lines[i], '\t');
        if (!tab)
            continue;
        *tab = '\0';
        const char *slug = lines[i], *answer = tab + 1;
        const kb_scenario *sc = kb_library_scenario(L.lib, slug);
        score_rubric_t *rub = NULL;
        if (!sc || !sc->n_turns || score_rubric_new(&rub, &sc->turns[0], NULL, NULL) != SCORE_OK) {
            printf("answers: no rubric for '%s'\n", slug);
            *tab = '\t';
            continue;
        }
        int rate = rates[(i / (size_t)step / 2) % 3];
        size_t n = 0;
        int16_t *raw = synth(voices[v], rate, answer, &n);
        char ref[4096];
        normalise(answer, ref, sizeof ref);
        size_t nsec = 0;
        unsigned want = sections(rub, answer, SCORE_TYPED, &nsec);
        S->used++;
        for (int c = 0; raw && c < 3; c++) {
            size_t m = 0;
            int16_t *pcm = tu_noisy(raw, n, 0.3, snrs[c], i * 3 + (size_t)c, &m);
            S->answers[c]++;
            S->pairs[c] += (int)nsec;
            for (int k = 0; k < 2; k++) {
                asr_t *a = k == 0 ? dom : gen;
                double a0, c0, a1, c1;
                asr_times(a, &a0, &c0);
                char *text = NULL;
                double conf;
                asr_decode_pcm(a, pcm, m, &text, &conf);
                asr_times(a, &a1, &c1);
                S->audio[k] += a1 - a0;
                S->cpu[k] += c1 - c0;
                double f = asr_final_cpu_seconds(a);
                S->fin_sum[k] += f;
                S->fin_max[k] = f > S->fin_max[k] ? f : S->fin_max[k];
                S->fin_n[k]++;
                int e, nr;
                tu_wer(ref, text ? text : "", &e, &nr);
                S->err[k][c] += e;
                if (getenv("KEFU_BENCH_VERBOSE") && c == 1)
                    printf("  [%s %s %d] %d/%d\n    ref %s\n    hyp %s\n", k ? "gen" : "mix",
                           voices[v], rate, e, nr, ref, text ? text : "");
                if (k == 0)
                    S->words[c] += nr;
                size_t ns;
                unsigned got = sections(rub, text ? text : "", SCORE_SPOKEN, &ns);
                for (size_t b = 0; b < nsec; b++)
                    S->agree[k][c] += ((got >> b) & 1u) == ((want >> b) & 1u);
                S->same_set[k][c] += got == want;
                free(text);
            }
            free(pcm);
        }
        free(raw);
        score_rubric_free(rub);
        *tab = '\t';
    }
}

static void bench_answers(const char *srcdir, int step)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/bench/data/asr_answers.txt", srcdir);
    size_t nlines = 0;
    char **lines = read_lines(path, &nlines);
    struct lib L = {0};
    snprintf(path, sizeof path, "%s/kb/data", srcdir);
    if (!lines || load_library(&L, path) != 0) {
        printf("answers: cannot read the answers or the library\n");
        return;
    }
    asr_t *dom = NULL, *gen = NULL;
    struct asr_options od = {.commands = voice_cmd_phrases(), .ps_extra = extra};
    if (getenv("KEFU_BENCH_DW"))        /* tuning: domain weight, general words */
        od.domain_weight = atof(getenv("KEFU_BENCH_DW"));
    if (getenv("KEFU_BENCH_GW"))
        od.general_words = atoi(getenv("KEFU_BENCH_GW"));
    struct asr_options og = {.commands = voice_cmd_phrases(), .general_words = -1,
                             .no_domain = true};
    int rc = asr_open(&dom, &od);
    if (rc == ASR_OK) {
        kb_each_text(L.kb, "en", add_domain, dom);
        rc = asr_use(dom, ASR_ANSWERS);
    }
    if (rc == ASR_OK && (rc = asr_open(&gen, &og)) == ASR_OK)
        rc = asr_use(gen, ASR_ANSWERS);
    if (rc != ASR_OK) {
        printf("answers: cannot open the recognisers\n");
        goto out;
    }
    double load_dom = asr_load_seconds(dom, ASR_ANSWERS), load_gen = asr_load_seconds(gen, ASR_ANSWERS);
    struct ans_stats st = {0}, part[2];
    /* one child process per voice (two cores), each with its own copy of
     * the two decoders; the parent adds up what they send back */
    pid_t pids[2];
    int fds[2][2];
    for (int v = 0; v < 2; v++) {
        if (pipe(fds[v]) != 0)
            goto out;
        pids[v] = fork();
        if (pids[v] == 0) {
            close(fds[v][0]);
            struct ans_stats mine = {0};
            answers_voice(&L, lines, nlines, step, v, dom, gen, &mine);
            ssize_t w = write(fds[v][1], &mine, sizeof mine);
            _exit(w == (ssize_t)sizeof mine ? 0 : 1);
        }
        close(fds[v][1]);
    }
    for (int v = 0; v < 2; v++) {
        memset(&part[v], 0, sizeof part[v]);
        if (read(fds[v][0], &part[v], sizeof part[v]) != (ssize_t)sizeof part[v])
            printf("answers: voice %s failed\n", voices[v]);
        close(fds[v][0]);
        waitpid(pids[v], NULL, 0);
        for (int k = 0; k < 2; k++) {
            for (int c = 0; c < 3; c++) {
                st.err[k][c] += part[v].err[k][c];
                st.agree[k][c] += part[v].agree[k][c];
                st.same_set[k][c] += part[v].same_set[k][c];
            }
            st.audio[k] += part[v].audio[k];
            st.cpu[k] += part[v].cpu[k];
            st.fin_sum[k] += part[v].fin_sum[k];
            st.fin_n[k] += part[v].fin_n[k];
            if (part[v].fin_max[k] > st.fin_max[k])
                st.fin_max[k] = part[v].fin_max[k];
        }
        for (int c = 0; c < 3; c++) {
            st.words[c] += part[v].words[c];
            st.pairs[c] += part[v].pairs[c];
            st.answers[c] += part[v].answers[c];
        }
        st.used += part[v].used;
    }
    size_t used = st.used;
    printf("\n3. Answers round trip: %zu of %zu answers (not in the library), 2 voices x 3 rates\n"
           "   rotating, each at 3 noise levels; sections by the scorer (score.h, spoken mode)\n",
           used, nlines);
    printf("%-7s %6s | %10s %10s | %14s %14s | %12s %12s\n", "noise", "words", "WER mixed",
           "WER gen.", "sect. mixed", "sect. gen.", "same set mx", "same set gen");
    for (int c = 0; c < 3; c++)
        printf("%-7s %6d | %9.1f%% %9.1f%% | %13.1f%% %13.1f%% | %11.1f%% %11.1f%%\n",
               snr_name[c], st.words[c], 100.0 * st.err[0][c] / st.words[c],
               100.0 * st.err[1][c] / st.words[c], 100.0 * st.agree[0][c] / st.pairs[c],
               100.0 * st.agree[1][c] / st.pairs[c], 100.0 * st.same_set[0][c] / st.answers[c],
               100.0 * st.same_set[1][c] / st.answers[c]);
    printf("targets: section agreement >= 90%% at 20 dB; WER well below the general model\n");
    printf("RTF: mixed %.3f, general %.3f (target <= 0.15)\n", st.cpu[0] / st.audio[0],
           st.cpu[1] / st.audio[1]);
    printf("end of speech -> final result (CPU): mixed mean %.0f ms max %.0f ms; general mean %.0f ms "
           "max %.0f ms (target <= 250 ms)\n", 1000 * st.fin_sum[0] / st.fin_n[0],
           1000 * st.fin_max[0], 1000 * st.fin_sum[1] / st.fin_n[1], 1000 * st.fin_max[1]);
    printf("answers search load in this process: mixed %.0f ms, general (full dictionary) %.0f ms\n",
           1000 * load_dom, 1000 * load_gen);
out:
    asr_close(dom);
    asr_close(gen);
    kb_close(L.kb);
    kb_library_free(L.lib);
    for (size_t i = 0; i < nlines; i++)
        free(lines[i]);
    free(lines);
}

/* ---- 4. load time and memory, each in a child process --------------------- */

static void bench_load(const char *srcdir)
{
    static const char *const what[] = {"commands", "answers, mixed", "answers, general"};
    printf("\n4. Decoder load and peak memory (fresh process each, median of 3)\n");
    printf("%-18s %12s %14s\n", "search", "load ms", "peak RSS MB");
    for (int k = 0; k < 3; k++) {
        double loads[3];
        long rss = 0;
        for (int rep = 0; rep < 3; rep++) {
            int fd[2];
            if (pipe(fd) != 0)
                return;
            pid_t pid = fork();
            if (pid == 0) {
                close(fd[0]);
                struct lib L = {0};
                char dir[1024];
                snprintf(dir, sizeof dir, "%s/kb/data", srcdir);
                asr_t *a = NULL;
                struct asr_options o = {.commands = voice_cmd_phrases(),
                                        .general_words = k == 2 ? -1 : 0, .no_domain = k == 2};
                if (k == 1)
                    load_library(&L, dir);
                double t0 = now();
                asr_open(&a, &o);
                if (k == 1)
                    kb_each_text(L.kb, "en", add_domain, a);
                if (k > 0)
                    asr_use(a, ASR_ANSWERS);
                double t = now() - t0;
                /* one utterance too: what a one-shot `kefu listen` holds */
                snprintf(dir, sizeof dir, "%s/s.wav", tmpdir);
                char *text = NULL;
                double conf;
                asr_decode_file(a, TESTDATA "/librivox/sense_and_sensibility_01_austen_64kb-0880.wav",
                                &text, &conf);
                free(text);
                if (write(fd[1], &t, sizeof t) != sizeof t)
                    _exit(1);
                _exit(0);
            }
            close(fd[1]);
            double t = -1;
            if (read(fd[0], &t, sizeof t) != sizeof t)
                t = -1;
            close(fd[0]);
            struct rusage ru;
            int status;
            wait4(pid, &status, 0, &ru);
            loads[rep] = t;
            rss = ru.ru_maxrss > rss ? ru.ru_maxrss : rss;
        }
        for (int a = 0; a < 3; a++)
            for (int b = a + 1; b < 3; b++)
                if (loads[b] < loads[a]) {
                    double x = loads[a];
                    loads[a] = loads[b];
                    loads[b] = x;
                }
        printf("%-18s %12.0f %14.1f\n", what[k], 1000 * loads[1], rss / 1024.0);
    }
    printf("targets: commands <= 100 ms, answers <= 500 ms (answers mixed: includes "
           "estimating the domain model; library loading excluded)\n");
}

int main(int argc, char **argv)
{
    const char *srcdir = getenv("KEFU_SOURCE_DIR") ? getenv("KEFU_SOURCE_DIR") : KEFU_SOURCE_DIR;
    int quick = (argc > 1 && strcmp(argv[1], "--quick") == 0) || getenv("KEFU_BENCH_QUICK");
    snprintf(tmpdir, sizeof tmpdir, "%s/kefu-bench-asr-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror("bench_asr: mkdtemp");
        return 1;
    }
    double t0 = now();
    setvbuf(stdout, NULL, _IOLBF, 0);
    parse_extra();
    const char *only = getenv("KEFU_BENCH_ONLY");
    if (only && strcmp(only, "commands") == 0)
        bench_commands();
    else if (only && strcmp(only, "recordings") == 0)
        bench_recordings();
    else if (only && strcmp(only, "answers") == 0)
        bench_answers(srcdir, getenv("KEFU_BENCH_STEP") ? atoi(getenv("KEFU_BENCH_STEP")) : quick ? 6 : 1);
    if (only)
        goto out;       /* the temporary folder goes in every mode */
    printf("bench_asr: PocketSphinx en-us, %s\n", quick ? "quick (answers subsampled 1 in 6)"
                                                         : "full run");
    bench_load(srcdir);
    bench_recordings();
    bench_commands();
    bench_answers(srcdir, quick ? 6 : 1);
    printf("\nwall time %.0f s\n", now() - t0);
out:;
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : 1;
}
