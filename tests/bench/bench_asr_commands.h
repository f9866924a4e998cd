/* bench_asr_commands.h -- part of bench_asr.c (included once, after its
 * helpers): part 2, the spoken commands. Kept apart so the file stays readable. */
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

