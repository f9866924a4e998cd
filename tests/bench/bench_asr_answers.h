/* bench_asr_answers.h -- part of bench_asr.c (included once, after its
 * helpers): part 3, the answers round trip. Kept apart so the file stays readable. */
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

/* KEFU_BENCH_NOCUST=1: the domain text without what customers say and
 * without forbid phrases (what a trainee answers, not what is said to them) */
struct nocust { const kb_library *lib; asr_t *asr; };
static void add_domain_nocust(void *arg, const char *text)
{
    const struct nocust *n = arg;
    for (size_t i = 0; i < n->lib->n_scenarios; i++) {
        const kb_scenario *sc = &n->lib->scenarios[i];
        for (size_t t = 0; t < sc->n_turns; t++) {
            const kb_turn *tn = &sc->turns[t];
            for (size_t c = 0; c < tn->n_customers; c++)
                if (tn->customers[c].text[KB_LANG_EN] &&
                    strcmp(tn->customers[c].text[KB_LANG_EN], text) == 0)
                    return;
            for (size_t r = 0; r < tn->n_rubric; r++)
                for (size_t j = 0; tn->rubric[r].kind == KB_RUBRIC_FORBID &&
                                   j < tn->rubric[r].n_phrases; j++)
                    if (strcmp(tn->rubric[r].phrases[j].text, text) == 0)
                        return;
        }
    }
    asr_add_domain_text(n->asr, text);
}

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

/* The same with the recogniser's alternatives (score_answer_alts, the
 * practice's rule for spoken answers). */
static unsigned sections_alt(const score_rubric_t *r, const char *text, const char *const *alt,
                             const double *sc, size_t nalt)
{
    struct score_alt a[SCORE_ALT_MAX];
    size_t n = 0;
    for (size_t i = 0; i < nalt && n < SCORE_ALT_MAX; i++)
        a[n++] = (struct score_alt){alt[i], sc[i]};
    score_result res;
    unsigned bits = 0;
    if (score_answer_alts(r, text, a, n, &res) == SCORE_OK)
        for (size_t i = 0; i < res.n_sections && i < 32; i++)
            if (!res.sections[i].bonus && res.sections[i].hit)
                bits |= 1u << i;
    score_result_free(&res);
    return bits;
}

/* Verbose: the expect sections found in only one of original and heard text,
 * with the phrase that matched. */
static void print_section_diff(const score_rubric_t *r, const char *orig, const char *heard)
{
    score_result a, b;
    if (score_answer(r, orig, SCORE_TYPED, &a) == SCORE_OK &&
        score_answer(r, heard, SCORE_SPOKEN, &b) == SCORE_OK) {
        for (size_t i = 0; i < a.n_sections && i < b.n_sections; i++)
            if (!a.sections[i].bonus && a.sections[i].hit != b.sections[i].hit)
                printf("    section %s: %s '%s'\n", a.sections[i].name,
                       a.sections[i].hit ? "missed, original has" : "only heard,",
                       a.sections[i].hit ? a.sections[i].matched : b.sections[i].matched);
    }
    score_result_free(&a);
    score_result_free(&b);
}

struct ans_stats {
    int err[2][3], words[3], agree[2][3], pairs[3], same_set[2][3], answers[3];
    int agree_alt[3], same_alt[3];  /* mixed model, with its alternatives */
    double audio[2], cpu[2], fin_sum[2], fin_max[2];
    int fin_n[2];
    size_t used;
};

/* Development knobs (see bench_asr.c's header): KEFU_BENCH_HALF=0|1 keeps the
 * even or odd answers (0-based, comments skipped) -- tune on one half, report
 * the other; KEFU_BENCH_NOISE=0|1|2 decodes one noise level only;
 * KEFU_BENCH_NOGEN=1 skips the general-model baseline; KEFU_BENCH_ROT=N
 * shifts the voice/rate rotation (the same answers at other voices and
 * rates: more tuning data from the even half). KEFU_BENCH_RESCORE=FILE
 * decodes nothing and re-scores a KEFU_BENCH_DUMP file (KEFU_BENCH_TOL: another
 * spoken tolerance; KEFU_BENCH_VERBOSE / KEFU_BENCH_FUZZY list the
 * disagreements / tolerant hits of the even answers only, so the held-out odd
 * half is never read while tuning). KEFU_BENCH_NBEST=N asks for N
 * alternatives of each mixed-model decode (default SCORE_ALT_MAX; dumped
 * after the heard text, and scored with score_answer_alts beside the
 * 1-best); KEFU_BENCH_PTT=1 decodes each answer as one push-to-talk
 * utterance, as the practice's talk key does (end of speech -> result and
 * alternatives). KEFU_BENCH_NOCUST=1 trains the domain
 * model without what customers say and without forbid phrases (measured,
 * docs/voice.md; the product feeds every English text of the library). */
/* CPU time of this process: load times without the preemption by other
 * processes on a shared machine. */
static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int env_int(const char *name, int dflt)
{
    const char *e = getenv(name);
    return e && *e ? atoi(e) : dflt;
}

static unsigned sections(const score_rubric_t *r, const char *text, score_input mode,
                         size_t *nsec);

/* The answers of voice v (every other one), in a child process. */
static void answers_voice(struct lib *L_, char **lines, size_t nlines, int step, int v,
                          asr_t *dom, asr_t *gen, struct ans_stats *S)
{
    struct lib L = *L_;
    /* KEFU_BENCH_ROT=N shifts the voice/rate rotation by N: the same
     * answers at other voices and rates (more tuning data from one half) */
    size_t rot = (size_t)env_int("KEFU_BENCH_ROT", 0);
    for (size_t i = 0; i < nlines; i += (size_t)step) {
        size_t turn = i / (size_t)step + rot;
        if ((int)(turn % 2) != v)
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
        int rate = rates[(turn / 2) % 3];
        size_t n = 0;
        int16_t *raw = synth(voices[v], rate, answer, &n);
        char ref[4096];
        normalise(answer, ref, sizeof ref);
        size_t nsec = 0;
        unsigned want = sections(rub, answer, SCORE_TYPED, &nsec);
        S->used++;
        int only_noise = env_int("KEFU_BENCH_NOISE", -1), nogen = env_int("KEFU_BENCH_NOGEN", 0);
        /* alternatives asked for (the practice asks for SCORE_ALT_MAX) */
        size_t nbest = (size_t)env_int("KEFU_BENCH_NBEST", SCORE_ALT_MAX);
        /* KEFU_BENCH_DUMP=FILE: every decode appended as slug, noise, model,
         * original, heard (tab-separated), to re-score without decoding */
        FILE *dump = getenv("KEFU_BENCH_DUMP") ? fopen(getenv("KEFU_BENCH_DUMP"), "a") : NULL;
        if (dump)
            setvbuf(dump, NULL, _IOLBF, 0);
        for (int c = 0; raw && c < 3; c++) {
            if (only_noise >= 0 && c != only_noise)
                continue;
            size_t m = 0;
            int16_t *pcm = tu_noisy(raw, n, 0.3, snrs[c], i * 3 + (size_t)c, &m);
            S->answers[c]++;
            S->pairs[c] += (int)nsec;
            for (int k = 0; k < 2 - nogen; k++) {
                asr_t *a = k == 0 ? dom : gen;
                double a0, c0, a1, c1;
                asr_times(a, &a0, &c0);
                char *text = NULL;
                double conf;
                struct asr_alts alts = {0};
                if (getenv("KEFU_BENCH_PTT") && k == 0) {
                    /* as the practice's talk key: one utterance, then its
                     * alternatives (the end-of-speech time includes them) */
                    if (asr_start(a) == ASR_OK && asr_feed(a, pcm, m, NULL) == ASR_OK &&
                        asr_stop(a) == ASR_OK) {
                        text = strdup(asr_text(a));
                        asr_alternatives(a, nbest, &alts);
                    }
                } else
                    asr_decode_pcm_alts(a, pcm, m, k == 0 ? nbest : 0, &text, &conf, &alts);
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
                if (k == 0) {
                    const char *at[SCORE_ALT_MAX];
                    double as[SCORE_ALT_MAX];
                    size_t na = 0;
                    for (; na < alts.n && na < SCORE_ALT_MAX; na++) {
                        at[na] = alts.alt[na].text;
                        as[na] = alts.alt[na].score;
                    }
                    unsigned ga = sections_alt(rub, text ? text : "", at, as, na);
                    for (size_t b = 0; b < nsec; b++)
                        S->agree_alt[c] += ((ga >> b) & 1u) == ((want >> b) & 1u);
                    S->same_alt[c] += ga == want;
                }
                if (getenv("KEFU_BENCH_VERBOSE") && c == 1 && got != want)
                    print_section_diff(rub, answer, text ? text : "");
                if (dump) {
                    fprintf(dump, "%s\t%s\t%s\t%s\t%s", slug, snr_name[c], k ? "gen" : "mix",
                            answer, text ? text : "");
                    for (size_t j = 0; j < alts.n; j++)    /* then score, text pairs */
                        fprintf(dump, "\t%.2f\t%s", alts.alt[j].score, alts.alt[j].text);
                    fputc('\n', dump);
                }
                asr_alts_free(&alts);
                free(text);
            }
            free(pcm);
        }
        free(raw);
        if (dump)
            fclose(dump);
        score_rubric_free(rub);
        *tab = '\t';
    }
}

enum { MAXALT = 100 };

/* Tuning the alternatives rule on re-scored dumps: KEFU_BENCH_ALTN=N (use
 * the first N alternatives, 0 none), KEFU_BENCH_ALTM=M (only those within M
 * of the best, natural log), KEFU_BENCH_ALTV=V (a section needs V of them),
 * or KEFU_BENCH_ALTP=P with KEFU_BENCH_ALTS=S (the share of the N-best
 * weights exp(S x score), the best text's being 1, that holds the section
 * must reach P -- this can also drop a section of the best text). */
static unsigned sections_alts(const score_rubric_t *rub, unsigned got, size_t nsec,
                              const char *const *alt, const double *sc, size_t nalt)
{
    size_t maxn = (size_t)env_int("KEFU_BENCH_ALTN", 0);
    double margin = getenv("KEFU_BENCH_ALTM") ? atof(getenv("KEFU_BENCH_ALTM")) : 1e9;
    int votes = env_int("KEFU_BENCH_ALTV", 1);
    double p = getenv("KEFU_BENCH_ALTP") ? atof(getenv("KEFU_BENCH_ALTP")) : -1;
    double scale = getenv("KEFU_BENCH_ALTS") ? atof(getenv("KEFU_BENCH_ALTS")) : 1;
    int cnt[32] = {0};
    double w[32] = {0}, wsum = 1;
    for (size_t b = 0; b < nsec && b < 32; b++)
        w[b] = (got >> b) & 1u;
    for (size_t j = 0; j < nalt && j < maxn; j++) {
        if (sc[j] < -margin)
            continue;
        size_t ns;
        unsigned g = sections(rub, alt[j], SCORE_SPOKEN, &ns);
        double wj = exp(scale * sc[j]);
        wsum += wj;
        for (size_t b = 0; b < nsec && b < 32; b++)
            if ((g >> b) & 1u) {
                cnt[b]++;
                w[b] += wj;
            }
    }
    unsigned out = got;
    for (size_t b = 0; b < nsec && b < 32; b++) {
        if (p >= 0) {
            if (w[b] / wsum >= p)
                out |= 1u << b;
            else
                out &= ~(1u << b);
        } else if (cnt[b] >= votes)
            out |= 1u << b;
    }
    return out;
}

/* KEFU_BENCH_RESCORE=FILE: no decoding; re-score the decodes a
 * KEFU_BENCH_DUMP run wrote (slug, noise, model, original, heard), WER and
 * sections per noise level and model, for the even and odd answers (their
 * place in asr_answers.txt) and all -- so a scorer change is measured on the
 * same recognition. */
static void rescore_dump(const char *dumpfile, char **lines, size_t nlines, struct lib *L)
{
    size_t nd = 0;
    char **d = bench_read_lines(dumpfile, &nd);
    /* [noise][model][half]: errors, words, section pairs agreeing, pairs */
    long err[3][2][2] = {{{0}}}, wn[3][2][2] = {{{0}}}, ag[3][2][2] = {{{0}}},
         pr[3][2][2] = {{{0}}}, fz[3][2][2][2] = {{{{0}}}}, miss[3][2][2] = {{{0}}},
         aga[3][2][2] = {{{0}}};
    size_t skipped = 0;
    for (size_t i = 0; i < nd; i++) {
        char *f[5 + 2 * MAXALT], *save = NULL;
        f[0] = strtok_r(d[i], "\t", &save);
        for (int k = 1; k < 5 + 2 * MAXALT; k++)
            f[k] = f[k - 1] ? strtok_r(NULL, "\t", &save) : NULL;
        size_t nalt = 0;
        const char *alt[MAXALT];
        double altsc[MAXALT];
        while (nalt < MAXALT && f[5 + 2 * nalt] && f[6 + 2 * nalt]) {
            altsc[nalt] = atof(f[5 + 2 * nalt]);
            alt[nalt] = f[6 + 2 * nalt];
            nalt++;
        }
        if (!f[3]) {
            skipped++;
            continue;
        }
        int c = -1, m = f[2] && strcmp(f[2], "gen") == 0, half = -1;
        for (int k = 0; k < 3; k++)
            if (f[1] && strcmp(f[1], snr_name[k]) == 0)
                c = k;
        for (size_t j = 0; j < nlines && half < 0; j++) {
            const char *tab = strchr(lines[j], '\t');
            if (tab && strcmp(tab + 1, f[3]) == 0)
                half = (int)(j % 2);
        }
        const kb_scenario *sc = kb_library_scenario(L->lib, f[0]);
        score_rubric_t *rub = NULL;
        if (c < 0 || half < 0 || !sc || !sc->n_turns ||
            score_rubric_new(&rub, &sc->turns[0], NULL, NULL) != SCORE_OK) {
            skipped++;
            continue;
        }
        if (getenv("KEFU_BENCH_TOL"))       /* tuning: another spoken tolerance */
            score_rubric_set_tolerance(rub, atof(getenv("KEFU_BENCH_TOL")));
        const char *heard = f[4] ? f[4] : "";
        char ref[4096];
        normalise(f[3], ref, sizeof ref);
        int e, nr;
        tu_wer(ref, heard, &e, &nr);
        err[c][m][half] += e;
        wn[c][m][half] += nr;
        size_t nsec, ns;
        unsigned want = sections(rub, f[3], SCORE_TYPED, &nsec);
        unsigned got = sections(rub, heard, SCORE_SPOKEN, &ns);
        unsigned gota = sections_alt(rub, heard, alt, altsc, nalt);
        for (size_t b = 0; b < nsec; b++)
            aga[c][m][half] += ((gota >> b) & 1u) == ((want >> b) & 1u);
        got = sections_alts(rub, got, nsec, alt, altsc, nalt);
        for (size_t b = 0; b < nsec; b++) {
            ag[c][m][half] += ((got >> b) & 1u) == ((want >> b) & 1u);
            miss[c][m][half] += ((want >> b) & 1u) && !((got >> b) & 1u);
        }
        pr[c][m][half] += (long)nsec;
        {   /* hits through the spoken tolerance: right (the original has the
             * section) or false */
            score_result res;
            if (score_answer(rub, heard, SCORE_SPOKEN, &res) == SCORE_OK)
                for (size_t b = 0; b < res.n_sections && b < 32; b++)
                    if (!res.sections[b].bonus && res.sections[b].fuzzy) {
                        fz[c][m][half][((want >> b) & 1u) ? 0 : 1]++;
                        if (getenv("KEFU_BENCH_FUZZY") && half == 0 && m == 0)
                            printf("  fuzzy %s '%s' in: %s\n", ((want >> b) & 1u) ? "right" : "FALSE",
                                   res.sections[b].matched, heard);
                    }
            score_result_free(&res);
        }
        if (getenv("KEFU_BENCH_VERBOSE") && got != want && half == 0) {
            printf("  [%s %s] %s\n    orig  %s\n    heard %s\n", f[1], f[2], f[0], f[3], heard);
            print_section_diff(rub, f[3], heard);
        }
        score_rubric_free(rub);
    }
    printf("re-scored %s: %zu decodes (%zu skipped)\n", dumpfile, nd - skipped, skipped);
    printf("%-7s %-4s | %20s | %24s | %s | %s\n", "noise", "lm", "WER even/odd/all",
           "sections even/odd/all", "tolerance hits right+false even odd",
           "disagreeing/pairs even odd (missed)");
    for (int c = 0; c < 3; c++)
        for (int m = 0; m < 2; m++) {
            if (!pr[c][m][0] && !pr[c][m][1])
                continue;
            double w[3], s[3];
            for (int h = 0; h < 3; h++) {
                long e = h < 2 ? err[c][m][h] : err[c][m][0] + err[c][m][1];
                long n = h < 2 ? wn[c][m][h] : wn[c][m][0] + wn[c][m][1];
                long a = h < 2 ? ag[c][m][h] : ag[c][m][0] + ag[c][m][1];
                long p = h < 2 ? pr[c][m][h] : pr[c][m][0] + pr[c][m][1];
                w[h] = n ? 100.0 * (double)e / (double)n : 0;
                s[h] = p ? 100.0 * (double)a / (double)p : 0;
            }
            printf("%-7s %-4s | %5.1f%% %5.1f%% %5.1f%% | %6.1f%% %6.1f%% %6.1f%% | %ld+%ld %ld+%ld "
                   "| %ld/%ld %ld/%ld (%ld %ld)\n", snr_name[c], m ? "gen" : "mix", w[0], w[1], w[2], s[0],
                   s[1], s[2], fz[c][m][0][0], fz[c][m][0][1], fz[c][m][1][0], fz[c][m][1][1],
                   pr[c][m][0] - ag[c][m][0], pr[c][m][0], pr[c][m][1] - ag[c][m][1], pr[c][m][1],
                   miss[c][m][0], miss[c][m][1]);
        }
    printf("with the alternatives (score_answer_alts: up to %d within %.2f), sections even/odd/all:\n",
           SCORE_ALT_MAX, SCORE_ALT_MARGIN);
    for (int c = 0; c < 3; c++)
        for (int m = 0; m < 2; m++) {
            if (!pr[c][m][0] && !pr[c][m][1])
                continue;
            double s[3];
            for (int h = 0; h < 3; h++) {
                long a = h < 2 ? aga[c][m][h] : aga[c][m][0] + aga[c][m][1];
                long p = h < 2 ? pr[c][m][h] : pr[c][m][0] + pr[c][m][1];
                s[h] = p ? 100.0 * (double)a / (double)p : 0;
            }
            printf("%-7s %-4s | %6.1f%% %6.1f%% %6.1f%% | disagreeing %ld %ld\n", snr_name[c],
                   m ? "gen" : "mix", s[0], s[1], s[2], pr[c][m][0] - aga[c][m][0],
                   pr[c][m][1] - aga[c][m][1]);
        }
    for (size_t i = 0; i < nd; i++)
        free(d[i]);
    free(d);
}

static void bench_answers(const char *srcdir, int step)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/bench/data/asr_answers.txt", srcdir);
    size_t nlines = 0;
    char **lines = bench_read_lines(path, &nlines);
    if (getenv("KEFU_BENCH_RESCORE")) {
        struct lib R = {0};
        snprintf(path, sizeof path, "%s/kb/data", srcdir);
        if (lines && load_library(&R, path) == 0)
            rescore_dump(getenv("KEFU_BENCH_RESCORE"), lines, nlines, &R);
        else
            printf("answers: cannot read the answers or the library\n");
        kb_close(R.kb);
        kb_library_free(R.lib);
        for (size_t i = 0; i < nlines; i++)
            free(lines[i]);
        free(lines);
        return;
    }
    int half = env_int("KEFU_BENCH_HALF", -1);
    if (lines && half >= 0) {            /* keep one half, free the other */
        size_t k = 0;
        for (size_t i = 0; i < nlines; i++) {
            if ((int)(i % 2) == half)
                lines[k++] = lines[i];
            else
                free(lines[i]);
        }
        nlines = k;
    }
    struct lib L = {0};
    snprintf(path, sizeof path, "%s/kb/data", srcdir);
    if (!lines || load_library(&L, path) != 0) {
        printf("answers: cannot read the answers or the library\n");
        return;
    }
    asr_t *dom = NULL, *gen = NULL;
    double cpu_dom = 0, cpu_gen = 0;
    struct asr_options od = {.commands = voice_cmd_phrases(), .ps_extra = extra};
    if (getenv("KEFU_BENCH_DW"))        /* tuning: domain weight, general words */
        od.domain_weight = atof(getenv("KEFU_BENCH_DW"));
    if (getenv("KEFU_BENCH_GW"))
        od.general_words = atoi(getenv("KEFU_BENCH_GW"));
    struct asr_options og = {.commands = voice_cmd_phrases(), .general_words = -1,
                             .no_domain = true};
    int rc = asr_open(&dom, &od);
    if (rc == ASR_OK) {
        struct nocust nc = {L.lib, dom};
        if (getenv("KEFU_BENCH_NOCUST"))
            kb_each_text(L.kb, "en", add_domain_nocust, &nc);
        else
            kb_each_text(L.kb, "en", add_domain, dom);
        cpu_dom = cpu_seconds();
        rc = asr_use(dom, ASR_ANSWERS);
        cpu_dom = cpu_seconds() - cpu_dom;
    }
    if (rc == ASR_OK && (rc = asr_open(&gen, &og)) == ASR_OK) {
        cpu_gen = cpu_seconds();
        rc = asr_use(gen, ASR_ANSWERS);
        cpu_gen = cpu_seconds() - cpu_gen;
    }
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
                if (k == 0) {
                    st.agree_alt[c] += part[v].agree_alt[c];
                    st.same_alt[c] += part[v].same_alt[c];
                }
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
        if (st.answers[c])
            printf("%-7s %6d | %9.1f%% %9.1f%% | %13.1f%% %13.1f%% | %11.1f%% %11.1f%%\n",
                   snr_name[c], st.words[c], 100.0 * st.err[0][c] / st.words[c],
                   100.0 * st.err[1][c] / st.words[c], 100.0 * st.agree[0][c] / st.pairs[c],
                   100.0 * st.agree[1][c] / st.pairs[c], 100.0 * st.same_set[0][c] / st.answers[c],
                   100.0 * st.same_set[1][c] / st.answers[c]);
    printf("with the recogniser's alternatives (score_answer_alts, up to %d within %.2f; "
           "the same decodes):\n", SCORE_ALT_MAX, SCORE_ALT_MARGIN);
    for (int c = 0; c < 3; c++)
        if (st.answers[c])
            printf("%-7s sections: 1-best %.1f%%, with alternatives %.1f%% (general %.1f%%); "
                   "same set %.1f%% -> %.1f%%\n", snr_name[c], 100.0 * st.agree[0][c] / st.pairs[c],
                   100.0 * st.agree_alt[c] / st.pairs[c], 100.0 * st.agree[1][c] / st.pairs[c],
                   100.0 * st.same_set[0][c] / st.answers[c], 100.0 * st.same_alt[c] / st.answers[c]);
    printf("targets: section agreement >= 90%% at 20 dB; WER well below the general model\n");
    printf("RTF: mixed %.3f, general %.3f (target <= 0.15)\n", st.cpu[0] / st.audio[0],
           st.cpu[1] / st.audio[1]);
    printf("end of speech -> final result with alternatives for mixed (CPU): mixed mean %.0f ms max %.0f ms; general mean %.0f ms "
           "max %.0f ms (target <= 250 ms)\n", 1000 * st.fin_sum[0] / st.fin_n[0],
           1000 * st.fin_max[0], 1000 * st.fin_sum[1] / st.fin_n[1], 1000 * st.fin_max[1]);
    printf("answers search load in this process: mixed %.0f ms, general (full dictionary) %.0f ms\n",
           1000 * load_dom, 1000 * load_gen);
    printf("  the same in CPU time (what it costs without other processes): mixed %.0f ms, general "
           "%.0f ms (target <= 500 ms)\n", 1000 * cpu_dom, 1000 * cpu_gen);
out:
    asr_close(dom);
    asr_close(gen);
    kb_close(L.kb);
    kb_library_free(L.lib);
    for (size_t i = 0; i < nlines; i++)
        free(lines[i]);
    free(lines);
}

