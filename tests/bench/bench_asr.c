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
 * KEFU_BENCH_STEP=N every Nth answer; KEFU_BENCH_HALF=0|1 the even or odd
 * answers only (tune on one, report the other); KEFU_BENCH_NOISE=0|1|2 one noise
 * level (floor, 20 dB, 10 dB); KEFU_BENCH_NOGEN=1 no general-model baseline;
 * KEFU_BENCH_DUMP=FILE appends each decode (slug, noise, model, original,
 * heard) to FILE;
 * KEFU_BENCH_VERBOSE=1 prints misses; KEFU_BENCH_ENROL=1 (commands) adds the
 * prompted enrolment per voice beside the baseline (bench_asr_enrol.h);
 * KEFU_ASR_EXTRA="-opt value ..." passes PocketSphinx options (commands and
 * the mixed answers decoder); KEFU_BENCH_DW / KEFU_BENCH_GW set the domain
 * weight and the number of general words.
 */
#include <glob.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "asr.h"
#include "bench_util.h"
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

/* ---- 1. real recordings ------------------------------------------------- */

struct rec_set {
    const char *name, *dir, *grammar;   /* grammar: NULL = the en-us LM */
    char **files, **refs;
    size_t n;
};

static void load_transcripts(struct rec_set *s, const char *trans, const char *ext)
{
    size_t n = 0;
    char **lines = bench_read_lines(trans, &n);
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
            char *g = bench_read_file(s->grammar, &len);
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

#include "bench_asr_commands.h"
#include "bench_asr_answers.h"

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
                double t0 = bench_now();
                asr_open(&a, &o);
                if (k == 1)
                    kb_each_text(L.kb, "en", add_domain, a);
                if (k > 0)
                    asr_use(a, ASR_ANSWERS);
                double t = bench_now() - t0;
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
    double t0 = bench_now();
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
    printf("\nwall time %.0f s\n", bench_now() - t0);
out:;
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : 1;
}
