/* bench_asr_commands.h -- part of bench_asr.c (included once, after its
 * helpers): part 2, the spoken commands. Kept apart so the file stays readable.
 *
 * Four sets, each decoded at the three noise levels through one long-lived
 * decoder (as in the product):
 *   commands, tuning voices   every command phrase and ten order look-ups at
 *                             the bench's two voices x three rates: what the
 *                             grammar, decoder settings and the confidence
 *                             threshold were tuned on;
 *   commands, held-out        the same phrases at voices and rates used for
 *                             no tuning (en-gb, en-us+f3 at 160 and 200 wpm):
 *                             over-fitting shows as a gap to the row above;
 *                             their misses were looked at once (they led to
 *                             the non-rhotic pronunciations), so
 *   commands, fresh           four more voices and rates, never looked at;
 *   non-commands, tuning      half of a list of ordinary trainee words and
 *                             every 6th line of asr_answers.txt (even ones),
 *                             at the tuning voices, rotating;
 *   non-commands, test        the other half (odd ones), at the held-out
 *                             voices, rotating: false acceptance reported.
 * A command counts as right when it is understood (voice_cmd_understand:
 * the right command with confidence >= VOICE_CMD_MIN_CONFIDENCE), wrong when
 * another command is acted on, rejected when nothing is acted on. On the
 * tuning sets a sweep of thresholds shows where the threshold came from.
 *
 * Development: KEFU_BENCH_NOISE=0|1|2 one noise level; KEFU_BENCH_CMDSETS=
 * any of "tune,held,fresh,nc" (default all); KEFU_BENCH_VERBOSE=1 misses and false
 * acceptances; KEFU_BENCH_CONF=1 every confidence.
 *
 * Experiment (issue 8, other voices): KEFU_BENCH_WARP=1 also chooses a
 * frequency warp per voice (tuning and held-out sets, one noise level: 20 dB
 * unless KEFU_BENCH_NOISE says): the first KEFU_BENCH_WARPN (3) utterances of
 * each voice and rate are decoded at every warp of cmd_warps (PocketSphinx
 * -warp_type inverse_linear) and the warp whose words fit best (acoustic
 * score per frame, the known text not used) decodes the rest; reported
 * beside the unwarped decoder on the same rest. Off by default.
 *
 * KEFU_BENCH_ENROL=1: the prompted enrolment, per voice (bench_asr_enrol.h). */
#include "asr_core.h"   /* the decoder's segments, for the score per frame */
/* ---- 2. commands ---------------------------------------------------------- */

static const char *const order_numbers[] = {"40271", "13958", "77062", "52814", "90336",
                                            "68425", "21709", "35590", "84163", "16247"};

/* Ordinary words and short phrases a trainee says that are no command (some
 * share a word with one: order, today, work, stop). Not chosen by how they
 * decode. */
static const char *const noncmd_words[] = {
    "hello", "yes", "no", "okay", "thanks", "sorry", "refund", "delivery", "customer",
    "please", "wait", "what", "order", "price", "problem", "address", "today", "tomorrow",
    "minute", "again", "good", "fine", "maybe", "later", "sure", "money", "phone", "email",
    "thank you", "good morning", "one moment", "let me check", "your parcel", "the work",
    "stop it please", "I will help you", NULL};

struct cmd_cond {
    const char *voice;
    int rate;
};

static const struct cmd_cond held_conds[] = {
    {"en-gb", 160}, {"en-us+f3", 160}, {"en-gb", 200}, {"en-us+f3", 200}};
/* The misses of the set above were looked at (they suggested the non-rhotic
 * pronunciations, voice/asr_dict.c), so it is no longer quite held out: a
 * fresh set of voices and rates nothing was looked at or tuned on. */
static const struct cmd_cond fresh_conds[] = {
    {"en-gb-x-rp", 150}, {"en-029", 185}, {"en-us-nyc+m3", 165}, {"en-gb-scotland+f2", 195}};

struct cmd_tally {
    int ok[3], wrong[3], rej[3], total[3], dig_ok[3], dig_n[3], num_ok[3], num_n[3];
    double audio[3], cpu[3];
};

/* confidences kept for the threshold sweep (tuning sets) */
enum { MAXCONF = 4096 };
struct cmd_confs {
    double conf[MAXCONF];
    signed char kind[MAXCONF];  /* 1 right command, 0 wrong command, -1 non-command */
    signed char noise[MAXCONF];
    int n;
};

struct cmd_bench {
    asr_t *asr;
    int only_noise, bynoise, pass;
    double fin_max, fin_sum;
    int fin_n;
    struct cmd_confs sweep;
    /* KEFU_BENCH_WARP (fit set): the score of each decode's words, summed */
    int fit;
    double fit_sum;
    long fit_frames;
};

/* KEFU_BENCH_WARP: the warps tried; 1.0 is the bench's own decoder */
static const double cmd_warps[] = {0.9, 1.0, 1.1, 1.2, 1.3};
enum { NWARP = sizeof cmd_warps / sizeof cmd_warps[0], WARP_NONE = 1 };

struct cmd_warp {
    int ncal;                   /* utterances of a voice that choose its warp */
    asr_t *asr[NWARP];          /* [WARP_NONE] is cmd_bench.asr, not owned */
    int chosen[NWARP];          /* how often each warp was chosen */
};

/* the utterances, shared by the sets */
struct cmd_items {
    int n;
    char (*utter)[96], (*name)[32], (*args)[16];
};

static int cmd_env_int(const char *name, int dflt)
{
    const char *v = getenv(name);
    return v && *v ? atoi(v) : dflt;
}

static int cmd_set_on(const char *set)
{
    const char *v = getenv("KEFU_BENCH_CMDSETS");
    return !v || !*v || strstr(v, set) != NULL;
}

/* Decode one synthesised item at the noise levels of this pass. want_name
 * NULL: a non-command (t->ok counts those correctly refused). */
static void cmd_item(struct cmd_bench *b, struct cmd_tally *t, const struct cmd_cond *cc,
                     const char *utter, const char *want_name, const char *want_args,
                     uint64_t seed, int keep_confs)
{
    size_t n = 0;
    int16_t *raw = synth(cc->voice, cc->rate, utter, &n);
    if (!raw)
        return;
    for (int c = 0; c < 3; c++) {
        if (b->bynoise && c != b->pass)
            continue;
        if (b->only_noise >= 0 && c != b->only_noise)
            continue;
        size_t m = 0;
        int16_t *pcm = tu_noisy(raw, n, 0.3, snrs[c], seed, &m);
        double a0, c0, a1, c1;
        asr_times(b->asr, &a0, &c0);
        char *text = NULL;
        double conf = 0;
        asr_decode_pcm(b->asr, pcm, m, &text, &conf);
        asr_times(b->asr, &a1, &c1);
        ps_seg_t *seg = b->fit && text ? ps_seg_iter(b->asr->ps) : NULL;
        for (; seg; seg = ps_seg_next(seg)) {
            /* as asr_command_confidence(), garbage units included: relative
             * to the best state of each frame, so comparable across warps */
            const char *w = ps_seg_word(seg);
            int32 ascr = 0, lscr = 0, lback = 0;
            int sf = 0, ef = 0;
            if (!w || w[0] == '<' || w[0] == '[' || w[0] == '+')
                continue;
            ps_seg_prob(seg, &ascr, &lscr, &lback);
            ps_seg_frames(seg, &sf, &ef);
            b->fit_sum += ascr;
            b->fit_frames += ef - sf + 1;
        }
        t->audio[c] += a1 - a0;
        t->cpu[c] += c1 - c0;
        double f = asr_final_cpu_seconds(b->asr);
        b->fin_sum += f;
        b->fin_max = f > b->fin_max ? f : b->fin_max;
        b->fin_n++;
        const char *name = NULL, *heard = NULL;
        char args[32] = "", hargs[32] = "";
        int acted = text && voice_cmd_understand(text, conf, &name, args, sizeof args) == VOICE_CMD_OK;
        if (text)
            voice_cmd_parse(text, &heard, hargs, sizeof hargs);
        t->total[c]++;
        if (!want_name) {
            t->ok[c] += !acted;
            t->wrong[c] += acted;
            if (acted && getenv("KEFU_BENCH_VERBOSE"))
                printf("  accepted [%s %d %s] '%s' -> '%s' (%.3f)\n", cc->voice, cc->rate,
                       snr_name[c], utter, text, conf);
        } else {
            int right = acted && !strcmp(name, want_name) && !strcmp(args, want_args);
            t->ok[c] += right;
            t->wrong[c] += acted && !right;
            t->rej[c] += !acted;
            if (!right && getenv("KEFU_BENCH_VERBOSE"))
                printf("  miss [%s %d %s] '%s' -> '%s' (%.3f)\n", cc->voice, cc->rate,
                       snr_name[c], utter, text ? text : "", conf);
            if (want_args[0]) {
                int e, nr;
                char a_sp[64] = "", w_sp[64] = "";
                for (const char *d = hargs; *d; d++)
                    snprintf(a_sp + strlen(a_sp), sizeof a_sp - strlen(a_sp), "%c ", *d);
                for (const char *d = want_args; *d; d++)
                    snprintf(w_sp + strlen(w_sp), sizeof w_sp - strlen(w_sp), "%c ", *d);
                tu_wer(w_sp, a_sp, &e, &nr);
                t->dig_ok[c] += nr - (e < nr ? e : nr);
                t->dig_n[c] += nr;
                t->num_n[c]++;
                t->num_ok[c] += acted && !strcmp(args, want_args);
            }
        }
        if (getenv("KEFU_BENCH_CONF"))
            printf("  conf %.4f %s [%s] '%s' -> '%s'\n", conf, want_name ? "cmd" : "non",
                   snr_name[c], utter, text ? text : "");
        if (keep_confs && text && heard && b->sweep.n < MAXCONF) {
            /* what a threshold decides: results that parse as a command */
            b->sweep.conf[b->sweep.n] = conf;
            b->sweep.kind[b->sweep.n] = !want_name ? -1
                : (!strcmp(heard, want_name) && !strcmp(hargs, want_args));
            b->sweep.noise[b->sweep.n++] = (signed char)c;
        }
        free(text);
        free(pcm);
    }
    free(raw);
}

static void cmd_tally_add(struct cmd_tally *d, const struct cmd_tally *s)
{
    for (int c = 0; c < 3; c++) {
        d->ok[c] += s->ok[c], d->wrong[c] += s->wrong[c], d->rej[c] += s->rej[c];
        d->total[c] += s->total[c], d->dig_ok[c] += s->dig_ok[c], d->dig_n[c] += s->dig_n[c];
        d->num_ok[c] += s->num_ok[c], d->num_n[c] += s->num_n[c];
        d->audio[c] += s->audio[c], d->cpu[c] += s->cpu[c];
    }
}

static int cmd_tally_sum(const int *v)
{
    return v[0] + v[1] + v[2];
}

/* Every utterance of one voice and rate (seed = u * mul + off). w NULL: as
 * always. Else also the warp experiment: base_rest gets the unwarped
 * decoder's results after the first w->ncal utterances, warp_rest those of
 * the warp chosen on those first utterances. */
static void cmd_cond_run(struct cmd_bench *b, const struct cmd_items *it, struct cmd_tally *all,
                         const struct cmd_cond *cc, int mul, int off, int keep_confs,
                         struct cmd_warp *w, struct cmd_tally *base_rest,
                         struct cmd_tally *warp_rest)
{
    double fit[NWARP] = {0};
    long frames[NWARP] = {0};
    struct cmd_tally rest = {0};
    for (int u = 0; u < it->n; u++) {
        struct cmd_tally one = {0};
        b->fit_sum = 0, b->fit_frames = 0;
        cmd_item(b, &one, cc, it->utter[u], it->name[u], it->args[u], (uint64_t)(u * mul + off),
                 keep_confs);
        cmd_tally_add(all, &one);
        if (!w)
            continue;
        if (u >= w->ncal)
            cmd_tally_add(&rest, &one);
        else
            fit[WARP_NONE] += b->fit_sum, frames[WARP_NONE] += b->fit_frames;
    }
    if (!w)
        return;
    /* the warped decoders: kept out of the bench's timings */
    asr_t *own = b->asr;
    double fmax = b->fin_max, fsum = b->fin_sum;
    int fn = b->fin_n;
    int best = WARP_NONE;
    for (int i = 0; i < NWARP; i++) {
        if (i == WARP_NONE || !w->asr[i])
            continue;
        b->asr = w->asr[i];
        for (int u = 0; u < w->ncal && u < it->n; u++) {
            struct cmd_tally none = {0};
            b->fit_sum = 0, b->fit_frames = 0;
            cmd_item(b, &none, cc, it->utter[u], it->name[u], it->args[u],
                     (uint64_t)(u * mul + off), 0);
            fit[i] += b->fit_sum, frames[i] += b->fit_frames;
        }
    }
    printf("  warp [%s %d] score per frame:", cc->voice, cc->rate);
    for (int i = 0; i < NWARP; i++) {
        double f = frames[i] ? fit[i] / frames[i] : -1e30;
        printf(" %.2f:%.1f", cmd_warps[i], frames[i] ? f : 0.0);
        if (frames[i] && (!frames[best] || f > fit[best] / frames[best]))
            best = i;
    }
    w->chosen[best]++;
    struct cmd_tally warped = {0};
    if (best == WARP_NONE) {
        warped = rest;
    } else {
        b->asr = w->asr[best];
        for (int u = w->ncal; u < it->n; u++)
            cmd_item(b, &warped, cc, it->utter[u], it->name[u], it->args[u],
                     (uint64_t)(u * mul + off), 0);
    }
    b->asr = own;
    b->fin_max = fmax, b->fin_sum = fsum, b->fin_n = fn;
    printf(" -> %.2f; right %d -> %d, wrong %d -> %d, rejected %d -> %d of %d\n",
           cmd_warps[best], cmd_tally_sum(rest.ok), cmd_tally_sum(warped.ok),
           cmd_tally_sum(rest.wrong), cmd_tally_sum(warped.wrong), cmd_tally_sum(rest.rej),
           cmd_tally_sum(warped.rej), cmd_tally_sum(rest.total));
    cmd_tally_add(base_rest, &rest);
    cmd_tally_add(warp_rest, &warped);
}

/* KEFU_BENCH_WARP: one decoder per warp but 1.0 (the bench's own) */
static int cmd_warp_open(struct cmd_warp *w, asr_t *own)
{
    static char val[NWARP][16];
    w->ncal = cmd_env_int("KEFU_BENCH_WARPN", 3);
    for (int i = 0; i < NWARP; i++) {
        if (i == WARP_NONE) {
            w->asr[i] = own;
            continue;
        }
        const char *opts[40];
        size_t n = 0;
        for (; n < 32 && extra[n]; n++)
            opts[n] = extra[n];
        snprintf(val[i], sizeof val[i], "%.2f", cmd_warps[i]);
        opts[n++] = "-warp_type";
        opts[n++] = "inverse_linear";
        opts[n++] = "-warp_params";
        opts[n++] = val[i];
        opts[n] = NULL;
        struct asr_options o = {.commands = voice_cmd_phrases(), .ps_extra = opts};
        if (asr_open(&w->asr[i], &o) != ASR_OK || asr_use(w->asr[i], ASR_COMMANDS) != ASR_OK) {
            printf("commands: cannot open the recogniser at warp %.2f: %s\n", cmd_warps[i],
                   asr_errmsg(w->asr[i]));
            for (int j = 0; j <= i; j++)
                if (j != WARP_NONE)
                    asr_close(w->asr[j]);
            return -1;
        }
    }
    return 0;
}

static void cmd_warp_close(struct cmd_warp *w)
{
    for (int i = 0; i < NWARP; i++)
        if (i != WARP_NONE)
            asr_close(w->asr[i]);
}

static void cmd_print(const char *title, const struct cmd_tally *t, int commands)
{
    printf("\n%s\n", title);
    if (commands)
        printf("%-7s %6s %10s %8s %9s %9s %14s %8s\n", "noise", "n", "commands", "wrong",
               "rejected", "digits", "order numbers", "RTF");
    else
        printf("%-7s %6s %18s %18s %8s\n", "noise", "n", "falsely accepted", "rejected (right)",
               "RTF");
    for (int c = 0; c < 3; c++) {
        if (!t->total[c])
            continue;
        if (commands)
            printf("%-7s %6d %9.1f%% %7.1f%% %8.1f%% %8.1f%% %13.1f%% %8.4f\n", snr_name[c],
                   t->total[c], 100.0 * t->ok[c] / t->total[c],
                   100.0 * t->wrong[c] / t->total[c], 100.0 * t->rej[c] / t->total[c],
                   100.0 * t->dig_ok[c] / (t->dig_n[c] ? t->dig_n[c] : 1),
                   100.0 * t->num_ok[c] / (t->num_n[c] ? t->num_n[c] : 1),
                   t->cpu[c] / t->audio[c]);
        else
            printf("%-7s %6d %17.1f%% %17.1f%% %8.4f\n", snr_name[c], t->total[c],
                   100.0 * t->wrong[c] / t->total[c], 100.0 * t->ok[c] / t->total[c],
                   t->cpu[c] / t->audio[c]);
    }
}

/* Where the threshold came from: on the tuning sets, per threshold, the
 * share of commands acted on rightly / wrongly and of non-commands acted on
 * (20 dB and floor together; 10 dB apart). */
static void cmd_sweep(const struct cmd_confs *s, const int *ncmd, const int *nnon)
{
    static const double th[] = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
    printf("\nthreshold sweep on the tuning sets (commands right / wrong, non-commands "
           "accepted)\n%-9s %22s %22s\n", "threshold", "floor + 20 dB", "10 dB");
    for (size_t k = 0; k < sizeof th / sizeof th[0]; k++) {
        int r[2] = {0}, w[2] = {0}, fa[2] = {0};
        for (int i = 0; i < s->n; i++) {
            if (s->conf[i] < th[k])
                continue;
            int g = s->noise[i] == 2;
            if (s->kind[i] == 1)
                r[g]++;
            else if (s->kind[i] == 0)
                w[g]++;
            else
                fa[g]++;
        }
        printf("%-9.1f", th[k]);
        for (int g = 0; g < 2; g++)
            printf("   %5.1f%% %5.1f%% %6.1f%%", 100.0 * r[g] / (ncmd[g] ? ncmd[g] : 1),
                   100.0 * w[g] / (ncmd[g] ? ncmd[g] : 1), 100.0 * fa[g] / (nnon[g] ? nnon[g] : 1));
        printf("\n");
    }
}

#include "bench_asr_enrol.h"

static void bench_commands(void)
{
    struct cmd_bench b = {.only_noise = cmd_env_int("KEFU_BENCH_NOISE", -1),
                          .bynoise = getenv("KEFU_BENCH_BYNOISE") != NULL};
    struct asr_options o = {.commands = voice_cmd_phrases(), .ps_extra = extra};
    if (asr_open(&b.asr, &o) != ASR_OK || asr_use(b.asr, ASR_COMMANDS) != ASR_OK) {
        printf("commands: cannot open the recogniser: %s\n", asr_errmsg(b.asr));
        asr_close(b.asr);
        return;
    }
    /* the utterances: every simple command, then ten order look-ups */
    const char *const *phrases = voice_cmd_phrases();
    static char utter[64][96], want_name[64][32], want_args[64][16];
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
    /* the non-commands: the words above and every 6th answer line */
    const char *srcdir = getenv("KEFU_SOURCE_DIR") ? getenv("KEFU_SOURCE_DIR") : KEFU_SOURCE_DIR;
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/bench/data/asr_answers.txt", srcdir);
    size_t nlines = 0;
    char **lines = bench_read_lines(path, &nlines);
    const char *non[128];
    int nn = 0;
    for (int i = 0; noncmd_words[i] && nn < 128; i++)
        non[nn++] = noncmd_words[i];
    for (size_t i = 0; i < nlines && nn < 128; i += 6) {
        const char *tab = strchr(lines[i], '\t');
        non[nn++] = tab ? tab + 1 : lines[i];
    }
    struct cmd_cond tune_conds[6];
    for (int v = 0; v < 2; v++)
        for (int r = 0; r < 3; r++)
            tune_conds[v * 3 + r] = (struct cmd_cond){voices[v], rates[r]};
    enum { NHELD = sizeof held_conds / sizeof held_conds[0] };
    enum { NFRESH = sizeof fresh_conds / sizeof fresh_conds[0] };
    struct cmd_tally tune = {0}, held = {0}, fresh = {0}, nc_tune = {0}, nc_test = {0};
    struct cmd_items it = {nu, utter, want_name, want_args};
    struct cmd_warp warp = {0}, *w = NULL;
    struct cmd_tally rest[2][2];          /* [tune, held][unwarped, warped] */
    memset(rest, 0, sizeof rest);
    if (getenv("KEFU_BENCH_WARP") && atoi(getenv("KEFU_BENCH_WARP")) > 0) {
        w = cmd_warp_open(&warp, b.asr) == 0 ? &warp : NULL;
        b.fit = w != NULL;
        if (w && b.only_noise < 0)
            b.only_noise = 1;   /* one noise level: the warp is chosen at it */
        b.bynoise = b.bynoise && !w;
    }
    for (b.pass = 0; b.pass < (b.bynoise ? 3 : 1); b.pass++) {
        for (int k = 0; k < 6 && cmd_set_on("tune"); k++)
            cmd_cond_run(&b, &it, &tune, &tune_conds[k], 31, (k % 3) * 7 + k / 3, 1, w,
                         &rest[0][0], &rest[0][1]);
        for (int i = 0; i < nn && cmd_set_on("nc"); i += 2)
            cmd_item(&b, &nc_tune, &tune_conds[(i / 2) % 6], non[i], NULL, NULL,
                     (uint64_t)(1000 + i), 1);
        for (int k = 0; k < NHELD && cmd_set_on("held"); k++)
            cmd_cond_run(&b, &it, &held, &held_conds[k], 37, k * 11 + 5, 0, w, &rest[1][0],
                         &rest[1][1]);
        for (int k = 0; k < NFRESH && cmd_set_on("fresh"); k++)
            for (int u = 0; u < nu; u++)
                cmd_item(&b, &fresh, &fresh_conds[k], utter[u], want_name[u], want_args[u],
                         (uint64_t)(u * 41 + k * 13 + 3), 0);
        for (int i = 1; i < nn && cmd_set_on("nc"); i += 2)
            cmd_item(&b, &nc_test, &held_conds[(i / 2) % NHELD], non[i], NULL, NULL,
                     (uint64_t)(2000 + i), 0);
    }
    if (getenv("KEFU_BENCH_ENROL") && atoi(getenv("KEFU_BENCH_ENROL")) > 0)
        bench_enrol(&b, &it, tune_conds, &tune, &held, &fresh);
    printf("\n2. Commands: %d utterances (%d commands + %d order look-ups), one decoder; "
           "acted on when confidence >= %.2f\n", nu, nu - 10, 10, VOICE_CMD_MIN_CONFIDENCE);
    char title[160];
    snprintf(title, sizeof title, "commands, tuning voices (%s, %s at %d, %d, %d wpm)",
             voices[0], voices[1], rates[0], rates[1], rates[2]);
    if (cmd_set_on("tune"))
        cmd_print(title, &tune, 1);
    if (cmd_set_on("held"))
        cmd_print("commands, held-out voices, misses looked at (en-gb, en-us+f3 at 160, 200 wpm)",
                  &held, 1);
    if (cmd_set_on("fresh"))
        cmd_print("commands, fresh held-out voices (en-gb-x-rp 150, en-029 185, "
                  "en-us-nyc+m3 165, en-gb-scotland+f2 195 wpm)", &fresh, 1);
    if (w) {
        static const char *const set[2] = {"tuning voices", "held-out voices"};
        for (int k = 0; k < 2; k++) {
            if (!cmd_set_on(k ? "held" : "tune"))
                continue;
            snprintf(title, sizeof title, "commands, %s, after each voice's first %d: unwarped",
                     set[k], w->ncal);
            cmd_print(title, &rest[k][0], 1);
            snprintf(title, sizeof title, "commands, %s, after each voice's first %d: the warp "
                     "chosen on those", set[k], w->ncal);
            cmd_print(title, &rest[k][1], 1);
        }
        printf("warps chosen:");
        for (int i = 0; i < NWARP; i++)
            printf(" %.2f x%d", cmd_warps[i], w->chosen[i]);
        printf("\n");
    }
    if (cmd_set_on("nc")) {
        snprintf(title, sizeof title, "non-commands, tuning half (%d items, tuning voices)",
                 (nn + 1) / 2);
        cmd_print(title, &nc_tune, 0);
        snprintf(title, sizeof title, "non-commands, test half (%d items, held-out voices)",
                 nn / 2);
        cmd_print(title, &nc_test, 0);
    }
    printf("targets at 20 dB: commands >= 98%%, digits >= 95%%, RTF <= 0.03\n");
    if (b.fin_n)
        printf("end of speech -> final result (CPU): mean %.1f ms, max %.1f ms (target <= 50 ms)\n",
               1000 * b.fin_sum / b.fin_n, 1000 * b.fin_max);
    int ncmd[2] = {tune.total[0] + tune.total[1], tune.total[2]};
    int nnon[2] = {nc_tune.total[0] + nc_tune.total[1], nc_tune.total[2]};
    if (cmd_set_on("tune") && cmd_set_on("nc"))
        cmd_sweep(&b.sweep, ncmd, nnon);
    for (size_t i = 0; i < nlines; i++)
        free(lines[i]);
    free(lines);
    if (w)
        cmd_warp_close(w);
    asr_close(b.asr);
}
