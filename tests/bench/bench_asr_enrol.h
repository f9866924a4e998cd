/* bench_asr_enrol.h -- part of bench_asr_commands.h (included once, before
 * bench_commands): the prompted enrolment of issue 8 (voice/asr_enrol.c).
 *
 * KEFU_BENCH_ENROL=1: per voice, an enrolment from that voice's
 * asr_enrol_phrases synthesised at ENROL_RATE wpm with the low noise floor
 * (the test commands are other recordings: other rates, other noise; the
 * command words are the same, the digit sequences differ), then that voice's
 * test commands, at the noise levels of the run, through a decoder opened
 * with the chosen warp and the calibration learnt on the enrolment; beside
 * it the same decoder without the warp (the enrolment's calibration only)
 * and, as the baseline, the bench's own decoder without enrolment on the
 * same utterances in the same run. Tuning, held-out and fresh voices: the
 * fresh voices' figure is the honest one (their misses are never printed:
 * KEFU_BENCH_VERBOSE is ignored for them). */

#include <sys/stat.h>

/* No rate of any test set: 140/175/220, 160/200, 150/185/165/195. */
#define ENROL_RATE 170

/* KEFU_BENCH_ENROL_SNR=20: the enrolment said at 20 dB SNR (its own noise
 * samples) instead of the low noise floor: a trainee enrolling in the room
 * they will speak commands in. */
static double enrol_snr(void)
{
    const char *v = getenv("KEFU_BENCH_ENROL_SNR");
    return v ? atof(v) : 0;
}

/* KEFU_BENCH_MLLR=1: beside the enrolled decoders, one with an MLLR mean
 * transform estimated from the same phrases (features at the chosen warp)
 * by tests/bench/mllr/estimate.sh (sphinxtrain's bw and mllr_solve;
 * KEFU_MLLR_MODE picks the variant) -- the experiment of docs/voice.md
 * "tried, not kept". KEFU_BENCH_MLLR_CMD: another estimator, same
 * arguments. KEFU_BENCH_MLLR_NOWARP: features and decoder without the warp.
 * KEFU_BENCH_MLLR_KEEP: keep the work folders ($TMPDIR/kefu-mllr-VOICE). */
static const char *enrol_mllr_cmd(void)
{
    static char cmd[1100];
    if (getenv("KEFU_BENCH_MLLR_CMD"))
        return getenv("KEFU_BENCH_MLLR_CMD");
    if (!getenv("KEFU_BENCH_MLLR") || atoi(getenv("KEFU_BENCH_MLLR")) <= 0)
        return NULL;
    const char *src = getenv("KEFU_SOURCE_DIR") ? getenv("KEFU_SOURCE_DIR") : KEFU_SOURCE_DIR;
    snprintf(cmd, sizeof cmd, "%s/tests/bench/mllr/estimate.sh", src);
    return cmd;
}

static void enrol_rmdir(const char *dir)
{
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        printf("  cannot remove %s\n", dir);
}

/* Writes the clips and their texts to dir ($TMPDIR/kefu-mllr-VOICE), runs
 * the estimator; the PocketSphinx option to load its result ("-mllr" or,
 * for a transformed means file, "-mean") and the file, or NULL. */
static const char *enrol_mllr(const char *est, const char *voice,
                              const struct asr_enrol_clip *clips, size_t n, double warp,
                              const char *cmn, char *dir, size_t dirlen, char *file,
                              size_t filelen)
{
    snprintf(dir, dirlen, "%s/kefu-mllr-", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    size_t at = strlen(dir);
    snprintf(dir + at, dirlen - at, "%s", voice);
    for (char *q = dir + at; *q; q++)
        if (*q == '+')
            *q = '_';
    enrol_rmdir(dir);
    if (mkdir(dir, 0700) != 0) {
        dir[0] = '\0';
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        char f[700];
        snprintf(f, sizeof f, "%s/u%02zu.raw", dir, i);
        FILE *fp = fopen(f, "wb");
        if (!fp || fwrite(clips[i].pcm, 2, clips[i].n, fp) != clips[i].n) {
            if (fp)
                fclose(fp);
            return NULL;
        }
        fclose(fp);
        snprintf(f, sizeof f, "%s/u%02zu.txt", dir, i);
        if (!(fp = fopen(f, "w")))
            return NULL;
        fprintf(fp, "%s\n", clips[i].text);
        fclose(fp);
    }
    char cmd[3000];
    snprintf(cmd, sizeof cmd, "'%s' '%s' %.4f '%s' >'%s/log' 2>&1", est, dir, warp, cmn, dir);
    if (system(cmd) != 0)
        return NULL;
    snprintf(file, filelen, "%s/means", dir);
    if (access(file, R_OK) == 0)
        return "-mean";
    snprintf(file, filelen, "%s/mllr", dir);
    return "-mllr";
}

struct enrol_set {
    struct cmd_tally warped, calib, mllr;
    double enrol_cpu, enrol_wall, mllr_cpu;
    int voices, enrol_errors_none, enrol_errors, enrol_words;
};

/* One voice: enrol, then run its conditions (conds[0..nc)) through the two
 * enrolled decoders, seeds as the baseline used them. */
static void enrol_voice(struct cmd_bench *b, const struct cmd_items *it, struct enrol_set *s,
                        const char *voice, const struct cmd_cond *conds, int nc, int mul,
                        const int *offs, int quiet)
{
    struct asr_enrol_clip clips[32];
    const char *mcmd = enrol_mllr_cmd();
    int nowarp = getenv("KEFU_BENCH_MLLR_NOWARP") != NULL;
    char mdir[512] = "", mfile[600] = "";
    const char *mopt = NULL;
    int16_t *pcm[32] = {0};
    size_t n = 0;
    for (; asr_enrol_phrases[n] && n < 32; n++) {
        size_t m = 0, k = 0;
        int16_t *raw = synth(voice, ENROL_RATE, asr_enrol_phrases[n], &m);
        pcm[n] = raw ? tu_noisy(raw, m, 0.3, enrol_snr(), 9000 + n, &k) : NULL;
        free(raw);
        clips[n] = (struct asr_enrol_clip){asr_enrol_phrases[n], pcm[n], k};
    }
    struct asr_options o = {.commands = voice_cmd_phrases(), .ps_extra = extra};
    struct asr_enrol_result r;
    char err[512];
    double w0 = bench_now();
    struct timespec c0, c1;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
    int rc = asr_enrol(&o, clips, n, NULL, NULL, NULL, &r, err, sizeof err);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
    if (mcmd && rc == ASR_OK) {
        struct rusage u0, u1;
        getrusage(RUSAGE_CHILDREN, &u0);
        mopt = enrol_mllr(mcmd, voice, clips, n, nowarp ? 1.0 : r.warp,
                          nowarp ? r.cmn_none : r.cmn, mdir, sizeof mdir, mfile, sizeof mfile);
        getrusage(RUSAGE_CHILDREN, &u1);
        s->mllr_cpu += (double)(u1.ru_utime.tv_sec + u1.ru_stime.tv_sec - u0.ru_utime.tv_sec
                                - u0.ru_stime.tv_sec)
                       + (u1.ru_utime.tv_usec + u1.ru_stime.tv_usec - u0.ru_utime.tv_usec
                          - u0.ru_stime.tv_usec) / 1e6;
        if (!mopt)
            printf("  MLLR estimation failed for %s (%s/log)\n", voice, mdir);
    }
    for (size_t i = 0; i < n; i++)
        free(pcm[i]);
    if (rc != ASR_OK) {
        printf("  enrolment of %s failed: %s\n", voice, err);
        return;
    }
    s->enrol_wall += bench_now() - w0;
    s->enrol_cpu += (double)(c1.tv_sec - c0.tv_sec) + (c1.tv_nsec - c0.tv_nsec) / 1e9;
    s->voices++;
    s->enrol_errors_none += r.errors_none;
    s->enrol_errors += r.errors;
    s->enrol_words += r.words;
    printf("  enrol %-18s word errors per warp:", voice);
    for (int i = 0; i < r.nwarps; i++)
        printf(" %.2f:%d", r.warps[i], r.warp_errors[i]);
    printf(" of %d -> %.2f\n", r.words, r.warp);
    asr_t *dec[3] = {NULL, NULL, NULL};
    struct asr_options ow = o, oc = o, om = o;
    ow.warp = r.warp, ow.cmninit = r.cmn;
    oc.cmninit = r.cmn_none;
    const char *mx[40];
    size_t nx = 0;
    for (; nx < 32 && extra[nx]; nx++)
        mx[nx] = extra[nx];
    mx[nx++] = mopt ? mopt : "-mllr";
    mx[nx++] = mfile;
    mx[nx] = NULL;
    om.ps_extra = mx;
    om.warp = nowarp ? 1.0 : r.warp;
    om.cmninit = nowarp ? r.cmn_none : r.cmn;
    int ndec = mopt ? 3 : 2;
    if (asr_open(&dec[0], &ow) != ASR_OK || asr_use(dec[0], ASR_COMMANDS) != ASR_OK
        || asr_open(&dec[1], &oc) != ASR_OK || asr_use(dec[1], ASR_COMMANDS) != ASR_OK
        || (ndec == 3 && (asr_open(&dec[2], &om) != ASR_OK || asr_use(dec[2], ASR_COMMANDS) != ASR_OK))) {
        printf("  cannot open the enrolled decoders for %s\n", voice);
        goto out;
    }
    asr_t *own = b->asr;
    double fmax = b->fin_max, fsum = b->fin_sum;
    int fn = b->fin_n;
    char *verbose = getenv("KEFU_BENCH_VERBOSE");
    if (quiet && verbose)
        unsetenv("KEFU_BENCH_VERBOSE");
    struct cmd_tally mine[3];
    memset(mine, 0, sizeof mine);
    for (int pass = 0; pass < (b->bynoise ? 3 : 1); pass++) {
        b->pass = pass;
        for (int d = 0; d < ndec; d++) {
            b->asr = dec[d];
            for (int k = 0; k < nc; k++)
                cmd_cond_run(b, it, &mine[d], &conds[k], mul, offs[k], 0, NULL, NULL, NULL);
        }
    }
    cmd_tally_add(&s->warped, &mine[0]);
    cmd_tally_add(&s->calib, &mine[1]);
    cmd_tally_add(&s->mllr, &mine[2]);
    if (!quiet) {   /* per voice: not for the fresh voices */
        printf("  %-18s right (all noise levels of the run): warp + calibration %d, "
               "calibration only %d", voice, cmd_tally_sum(mine[0].ok), cmd_tally_sum(mine[1].ok));
        if (enrol_mllr_cmd())
            printf(", + MLLR %d", cmd_tally_sum(mine[2].ok));
        printf(" of %d\n", cmd_tally_sum(mine[0].total));
    }
    if (quiet && verbose)
        setenv("KEFU_BENCH_VERBOSE", verbose, 1);
    b->asr = own;
    b->fin_max = fmax, b->fin_sum = fsum, b->fin_n = fn;
out:
    asr_close(dec[0]);
    asr_close(dec[1]);
    asr_close(dec[2]);
    if (mdir[0] && !getenv("KEFU_BENCH_MLLR_KEEP"))
        enrol_rmdir(mdir);
}

static void enrol_print(const char *set, const struct cmd_tally *base, const struct enrol_set *s)
{
    char title[200];
    if (!s->voices)
        return;
    snprintf(title, sizeof title, "commands, %s: baseline (no enrolment, the bench's decoder)", set);
    cmd_print(title, base, 1);
    snprintf(title, sizeof title, "commands, %s: enrolled, chosen warp + its calibration", set);
    cmd_print(title, &s->warped, 1);
    snprintf(title, sizeof title, "commands, %s: enrolled, calibration only (no warp)", set);
    cmd_print(title, &s->calib, 1);
    if (cmd_tally_sum(s->mllr.total)) {
        snprintf(title, sizeof title, "commands, %s: enrolled + MLLR", set);
        cmd_print(title, &s->mllr, 1);
    }
    printf("enrolment (%d voices, %d words each): word errors without warp %d, at the chosen "
           "warp %d; %.2f s CPU, %.2f s wall per enrolment\n", s->voices,
           s->enrol_words / s->voices, s->enrol_errors_none, s->enrol_errors,
           s->enrol_cpu / s->voices, s->enrol_wall / s->voices);
    if (cmd_tally_sum(s->mllr.total))
        printf("MLLR estimation (its programs, KEFU_MLLR_MODE=%s): %.2f s CPU per enrolment\n",
               getenv("KEFU_MLLR_MODE") ? getenv("KEFU_MLLR_MODE") : "global",
               s->mllr_cpu / s->voices);
}

/* After the baseline passes: every set's voices enrolled and tested. */
static void bench_enrol(struct cmd_bench *b, const struct cmd_items *it,
                        const struct cmd_cond *tune_conds, const struct cmd_tally *tune,
                        const struct cmd_tally *held, const struct cmd_tally *fresh)
{
    struct enrol_set st = {0}, sh = {0}, sf = {0};
    printf("\nEnrolment (KEFU_BENCH_ENROL): %s phrases at %d wpm, %s\n", "asr_enrol_phrases",
           ENROL_RATE, enrol_snr() > 0 ? "at the SNR below (KEFU_BENCH_ENROL_SNR)"
                                       : "low noise floor");
    if (enrol_snr() > 0)
        printf("  enrolment said at %.0f dB SNR, its own noise samples\n", enrol_snr());
    for (int v = 0; v < 2 && cmd_set_on("tune"); v++) {
        int offs[3];
        for (int r = 0; r < 3; r++)
            offs[r] = r * 7 + v;    /* as the baseline: k = v*3+r, (k%3)*7 + k/3 */
        enrol_voice(b, it, &st, voices[v], &tune_conds[v * 3], 3, 31, offs, 0);
    }
    for (int v = 0; v < 2 && cmd_set_on("held"); v++) {
        /* held_conds alternate the two voices: k = v and v + 2 */
        struct cmd_cond c[2] = {held_conds[v], held_conds[v + 2]};
        int offs[2] = {v * 11 + 5, (v + 2) * 11 + 5};
        enrol_voice(b, it, &sh, held_conds[v].voice, c, 2, 37, offs, 0);
    }
    enum { NF = sizeof fresh_conds / sizeof fresh_conds[0] };
    for (int k = 0; k < NF && cmd_set_on("fresh"); k++) {
        int offs[1] = {k * 13 + 3};
        enrol_voice(b, it, &sf, fresh_conds[k].voice, &fresh_conds[k], 1, 41, offs, 1);
    }
    if (cmd_set_on("tune"))
        enrol_print("tuning voices", tune, &st);
    if (cmd_set_on("held"))
        enrol_print("held-out voices (misses looked at)", held, &sh);
    if (cmd_set_on("fresh"))
        enrol_print("fresh held-out voices (misses never looked at)", fresh, &sf);
}
