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

/* No rate of any test set: 140/175/220, 160/200, 150/185/165/195. */
#define ENROL_RATE 170

struct enrol_set {
    struct cmd_tally warped, calib;
    double enrol_cpu, enrol_wall;
    int voices, enrol_errors_none, enrol_errors, enrol_words;
};

/* One voice: enrol, then run its conditions (conds[0..nc)) through the two
 * enrolled decoders, seeds as the baseline used them. */
static void enrol_voice(struct cmd_bench *b, const struct cmd_items *it, struct enrol_set *s,
                        const char *voice, const struct cmd_cond *conds, int nc, int mul,
                        const int *offs, int quiet)
{
    struct asr_enrol_clip clips[32];
    int16_t *pcm[32] = {0};
    size_t n = 0;
    for (; asr_enrol_phrases[n] && n < 32; n++) {
        size_t m = 0, k = 0;
        int16_t *raw = synth(voice, ENROL_RATE, asr_enrol_phrases[n], &m);
        pcm[n] = raw ? tu_noisy(raw, m, 0.3, 0, 9000 + n, &k) : NULL;
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
    asr_t *dec[2] = {NULL, NULL};
    struct asr_options ow = o, oc = o;
    ow.warp = r.warp, ow.cmninit = r.cmn;
    oc.cmninit = r.cmn_none;
    if (asr_open(&dec[0], &ow) != ASR_OK || asr_use(dec[0], ASR_COMMANDS) != ASR_OK
        || asr_open(&dec[1], &oc) != ASR_OK || asr_use(dec[1], ASR_COMMANDS) != ASR_OK) {
        printf("  cannot open the enrolled decoders for %s\n", voice);
        goto out;
    }
    asr_t *own = b->asr;
    double fmax = b->fin_max, fsum = b->fin_sum;
    int fn = b->fin_n;
    char *verbose = getenv("KEFU_BENCH_VERBOSE");
    if (quiet && verbose)
        unsetenv("KEFU_BENCH_VERBOSE");
    struct cmd_tally mine[2];
    memset(mine, 0, sizeof mine);
    for (int pass = 0; pass < (b->bynoise ? 3 : 1); pass++) {
        b->pass = pass;
        for (int d = 0; d < 2; d++) {
            b->asr = dec[d];
            for (int k = 0; k < nc; k++)
                cmd_cond_run(b, it, &mine[d], &conds[k], mul, offs[k], 0, NULL, NULL, NULL);
        }
    }
    cmd_tally_add(&s->warped, &mine[0]);
    cmd_tally_add(&s->calib, &mine[1]);
    if (!quiet)     /* per voice: not for the fresh voices */
        printf("  %-18s right (all noise levels of the run): warp + calibration %d, "
               "calibration only %d of %d\n", voice, cmd_tally_sum(mine[0].ok),
               cmd_tally_sum(mine[1].ok), cmd_tally_sum(mine[0].total));
    if (quiet && verbose)
        setenv("KEFU_BENCH_VERBOSE", verbose, 1);
    b->asr = own;
    b->fin_max = fmax, b->fin_sum = fsum, b->fin_n = fn;
out:
    asr_close(dec[0]);
    asr_close(dec[1]);
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
    printf("enrolment (%d voices, %d words each): word errors without warp %d, at the chosen "
           "warp %d; %.2f s CPU, %.2f s wall per enrolment\n", s->voices,
           s->enrol_words / s->voices, s->enrol_errors_none, s->enrol_errors,
           s->enrol_cpu / s->voices, s->enrol_wall / s->voices);
}

/* After the baseline passes: every set's voices enrolled and tested. */
static void bench_enrol(struct cmd_bench *b, const struct cmd_items *it,
                        const struct cmd_cond *tune_conds, const struct cmd_tally *tune,
                        const struct cmd_tally *held, const struct cmd_tally *fresh)
{
    struct enrol_set st = {0}, sh = {0}, sf = {0};
    printf("\nEnrolment (KEFU_BENCH_ENROL): %s phrases at %d wpm, low noise floor\n",
           "asr_enrol_phrases", ENROL_RATE);
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
