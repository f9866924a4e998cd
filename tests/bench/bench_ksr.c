/* bench_ksr.c -- keystroke savings of phrase completion (ACCESSIBILITY.md 20).
 *
 * Corpus: the built-in library (the .kefu files in kb/data: model answers,
 * expected phrases and phrase sets, both languages; not customer lines or
 * forbid: phrases), loaded the way kefu loads it (parse, install into a
 * database, session_io_corpus_from_kb). Test set: replies a
 * trainee might type that are NOT in kb/data (tests/bench/data/ksr_en.txt,
 * ksr_zh.txt), each typed once from start to end.
 *
 * Reported side by side, per language:
 *   - phrase completion, automatic offer + Tab (the product's default),
 *     with the general English word model (PocketSphinx en-us, as a
 *     session in English and `kefu phrases ksr` load it) and without;
 *   - phrase completion, Tab list + digit, once per word (no offer shown);
 *   - the baseline: plain word completion from the corpus's word list,
 *     with the same automatic offer + Tab, Tab list + digit once per word,
 *     and its oracle (always-visible) form;
 *   - the list in view (input.offer_list = 5 and 9: a line of numbered
 *     offers after every key, a digit takes one, Escape before a digit the
 *     list would take; a11y_complete_list), beside the same list model on
 *     the word-completion baseline and (English) on Presage's words;
 *   - each "static" (the library only) and "learning" (each answer joins
 *     the corpus as the trainee's own after it is typed: the trainee's past
 *     answers, as in a session).
 * KSR = 1 - (keys typed + keys to choose) / characters. See ksr.c for the
 * keystroke model. Literature: Presage ~40% with a generic model.
 *
 * Usage: bench_ksr [DATA_DIR]
 * Development: BENCH_KSR_QUICK=1 (tuning sets, the default row only),
 * BENCH_KSR_SETS=en|zh (one language), BENCH_KSR_NOLM=1 (no general word
 * model anywhere), BENCH_KSR_TRACE=N (see trace()), BENCH_KSR_OFFERS="typed|typed"
 * (print the automatic offer for each text, then stop), BENCH_KSR_ROW=N (that
 * row only; with QUICK the tuning sets), BENCH_KSR_TRACE_LIST=5|9 (trace
 * that list row instead of the default).
 */
#include <ctype.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_util.h"
#include "complete.h"
#include "complete_lm.h"
#include "kb.h"
#include "kb_library.h"
#include "kb_scenario.h"
#include "kb_search.h"
#include "session_io.h"

#include "bench_ksr_presage.h"

static int load_library(kb_t *kb, const char *dir)
{
    char pat[4096];
    snprintf(pat, sizeof pat, "%s/*.kefu", dir);
    glob_t g;
    if (glob(pat, 0, NULL, &g) != 0) {
        fprintf(stderr, "bench_ksr: no scenario files in %s\n", dir);
        return -1;
    }
    kb_library *lib = NULL;
    kb_diags d;
    kb_diags_init(&d);
    int rc = kb_library_new(&lib);
    for (size_t i = 0; rc == KB_OK && i < g.gl_pathc; i++)
        rc = kb_parse_file(lib, g.gl_pathv[i], &d) == KB_NOMEM ? KB_NOMEM : KB_OK;
    if (rc == KB_OK)
        rc = kb_library_finish(lib, &d);
    if (rc == KB_OK)
        rc = kb_lib_install(kb, lib, KB_ORIGIN_BUILTIN, NULL);
    if (rc != KB_OK)
        fprintf(stderr, "bench_ksr: cannot load the library: %s (%zu diagnostics)\n",
                kb_errmsg(kb), d.count);
    kb_library_free(lib);
    kb_diags_free(&d);
    globfree(&g);
    return rc == KB_OK ? 0 : -1;
}

static complete_lm_t *general;     /* the general word model, read once */

static a11y_complete_t *corpus(kb_t *kb, bool lm)
{
    a11y_complete_t *c = a11y_complete_new();
    if (lm && general && getenv("BENCH_KSR_NOLM") == NULL)
        complete_lm_attach(general, c);
    session_io_corpus_from_kb(kb, c, "zh");     /* as kefu does: no customer */
    session_io_corpus_from_kb(kb, c, "en");     /* lines, no forbid: phrases */
    return c;
}

/* BENCH_KSR_TRACE=N: show how the first N answers of each language were
 * produced, taken offers in [brackets]. */
static void trace(void *arg, const char *piece, size_t len, bool taken)
{
    (void)arg;
    printf(taken ? "[%.*s]" : "%.*s", (int)len, piece);
}

/* The pinyin cost model: a Chinese character costs its toneless pinyin
 * letters + 1 (the key that commits it), from ksr_zh_pinyin.tsv (Unihan
 * kMandarin, made by data/ksr_pinyin.sh); a character missing from the
 * table costs PINYIN_DEFAULT (counted, and reported). */
enum { PINYIN_DEFAULT = 4, PINYIN_MAX = 8192 };
static struct {
    char ch[PINYIN_MAX][5];
    unsigned char keys[PINYIN_MAX];
    size_t n;
    long missing;
} py;

static void load_pinyin(const char *data)
{
    char path[4096], line[256];
    snprintf(path, sizeof path, "%s/ksr_zh_pinyin.tsv", data);
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "bench_ksr: cannot read %s (every character costs %d)\n", path,
                PINYIN_DEFAULT);
        return;
    }
    while (fgets(line, sizeof line, f) && py.n < PINYIN_MAX) {
        char *tab = strchr(line, '\t');
        size_t cl = tab ? (size_t)(tab - line) : 0;
        if (*line == '#' || cl == 0 || cl > 4)
            continue;
        memcpy(py.ch[py.n], line, cl);
        py.ch[py.n][cl] = '\0';
        py.keys[py.n++] = (unsigned char)(strcspn(tab + 1, "\r\n") + 1);
    }
    fclose(f);
}

static long pinyin_keys(void *arg, const char *s, size_t len)
{
    (void)arg;
    for (size_t i = 0; i < py.n; i++)
        if (strlen(py.ch[i]) == len && memcmp(py.ch[i], s, len) == 0)
            return py.keys[i];
    py.missing++;
    return PINYIN_DEFAULT;
}

static double run(kb_t *kb, char **lines, size_t n, a11y_ksr_engine e, a11y_ksr_policy p,
                  size_t shown, bool lm, bool learn, bool pinyin, struct a11y_ksr *k)
{
    a11y_complete_t *c = corpus(kb, lm);
    memset(k, 0, sizeof *k);
    if (pinyin)
        k->cjk_keys = pinyin_keys;
    const char *tr = getenv("BENCH_KSR_TRACE");
    const char *trp = getenv("BENCH_KSR_TRACE_LIST");     /* trace the list row instead */
    size_t ntrace = tr && e == A11Y_KSR_PHRASES &&
                    (trp ? p == A11Y_KSR_LIST && shown == (size_t)atoi(trp) : p == A11Y_KSR_AUTO) &&
                    learn && !pinyin ? (size_t)atoi(tr) : 0;
    for (size_t i = 0; i < n; i++) {
        k->trace = i < ntrace ? trace : NULL;
        a11y_ksr_type(c, lines[i], e, p, shown, k);
        if (i < ntrace)
            printf("\n");
        if (learn)
            a11y_complete_add(c, lines[i], true);
    }
    a11y_complete_free(c);
    return a11y_ksr_value(k);
}

static const struct {
    const char *name;
    a11y_ksr_engine e;
    a11y_ksr_policy p;
    size_t shown;       /* offers a list shows */
    bool lm;            /* with the general English word model */
} rows[] = {
    {"phrases, automatic offer + Tab (default)", A11Y_KSR_PHRASES, A11Y_KSR_AUTO, 5, true},
    {"  the same without the general word model", A11Y_KSR_PHRASES, A11Y_KSR_AUTO, 5, false},
    {"phrases, Tab list + digit once per word", A11Y_KSR_PHRASES, A11Y_KSR_PER_WORD, 5, true},
    {"phrases, Tab list always visible, Tab+digit (oracle)", A11Y_KSR_PHRASES, A11Y_KSR_ORACLE, 5,
     true},
    {"BASELINE words, automatic offer + Tab", A11Y_KSR_WORDS, A11Y_KSR_AUTO, 5, false},
    {"BASELINE words, Tab list + digit per word", A11Y_KSR_WORDS, A11Y_KSR_PER_WORD, 5, false},
    {"BASELINE words, Tab list always visible, Tab+digit", A11Y_KSR_WORDS, A11Y_KSR_ORACLE, 5,
     false},
    {"LIST of 5 in view, a digit takes one (offer_list=5)", A11Y_KSR_PHRASES, A11Y_KSR_LIST, 5,
     true},
    {"LIST of 9 in view, a digit takes one (offer_list=9)", A11Y_KSR_PHRASES, A11Y_KSR_LIST, 9,
     true},
    {"BASELINE words, list of 5 in view, a digit", A11Y_KSR_WORDS, A11Y_KSR_LIST, 5, false},
};
enum { ROW_DEFAULT = 0, ROW_BASELINE = 4, ROW_LIST = 7, ROW_LIST_BASELINE = 9 };

/* One table: every row, static and learning. pinyin: the pinyin cost model,
 * with the share of unaided IME keys saved beside the KSR. */
static void table(kb_t *kb, char **lines, size_t n, bool pinyin, bool english, double *def,
                  double *base, double *def_saved, double *base_saved, double *list)
{
    printf("  %-52s %9s %9s %8s %8s %7s%s\n", "method", "static", "learning", "typed",
           "choose", "chars", pinyin ? "  unaided  saved" : "");
    bool quick = getenv("BENCH_KSR_QUICK") != NULL;     /* development: one row */
    const char *qrow = getenv("BENCH_KSR_ROW");         /* development: that row only */
    for (size_t r = 0; r < (quick && !qrow ? 1 : sizeof rows / sizeof rows[0]); r++) {
        if (qrow && (size_t)atoi(qrow) != r)
            continue;
        struct a11y_ksr ks = {0}, kl;
        double s = quick ? 0 : run(kb, lines, n, rows[r].e, rows[r].p, rows[r].shown, rows[r].lm,
                                   false, pinyin, &ks);
        double le = run(kb, lines, n, rows[r].e, rows[r].p, rows[r].shown, rows[r].lm, true,
                        pinyin, &kl);
        if (r == ROW_DEFAULT) {
            *def = le;
            *def_saved = a11y_ksr_saved(&kl);
        }
        if (r == ROW_BASELINE) {
            *base = le;
            *base_saved = a11y_ksr_saved(&kl);
        }
        if (r == ROW_LIST || r == ROW_LIST_BASELINE) {
            list[r == ROW_LIST ? 0 : 1] = le;
            list[r == ROW_LIST ? 2 : 3] = a11y_ksr_saved(&kl);
        }
        printf("  %-52s %8.1f%% %8.1f%% %8ld %8ld %7ld", rows[r].name, 100 * s, 100 * le,
               kl.keys_typed, kl.keys_choose, kl.chars);
        if (pinyin)
            printf(" %8ld %5.1f%%", kl.keys_unaided, 100 * a11y_ksr_saved(&kl));
        printf("\n");
    }
    if (english && ps.lib && !quick) {
        /* the outside baseline: Presage's generic model, no learning */
        struct a11y_ksr k = {.offer = presage_offer};
        for (size_t i = 0; i < n; i++)
            a11y_ksr_type(NULL, lines[i], A11Y_KSR_WORDS, A11Y_KSR_AUTO, 1, &k);
        printf("  %-52s %8.1f%% %9s %8ld %8ld %7ld\n",
               "PRESAGE generic model, automatic offer + Tab", 100 * a11y_ksr_value(&k), "-",
               k.keys_typed, k.keys_choose, k.chars);
        struct a11y_ksr kl = {0};
        for (size_t i = 0; i < n; i++)
            presage_list_type(lines[i], &kl);
        printf("  %-52s %8.1f%% %9s %8ld %8ld %7ld\n",
               "PRESAGE, 6 always in view, 1 key (literature)", 100 * a11y_ksr_value(&kl), "-",
               kl.keys_typed, kl.keys_choose, kl.chars);
        /* the same list model as kefu's list rows: five of its words (and
         * the space after each, as Presage inserts them), a digit takes one */
        struct a11y_ksr k5 = {.list = presage_list};
        for (size_t i = 0; i < n; i++)
            a11y_ksr_type(NULL, lines[i], A11Y_KSR_WORDS, A11Y_KSR_LIST, 5, &k5);
        list[4] = a11y_ksr_value(&k5);
        printf("  %-52s %8.1f%% %9s %8ld %8ld %7ld\n",
               "PRESAGE, list of 5 in view, a digit (same model)", 100 * a11y_ksr_value(&k5), "-",
               k5.keys_typed, k5.keys_choose, k5.chars);
    }
}

static void free_lines(char **lines, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}

int main(int argc, char **argv)
{
    const char *data = argc > 1 ? argv[1] : KEFU_SOURCE_DIR "/tests/bench/data";
    kb_t *kb = NULL;
    if (kb_open(&kb, ":memory:", KB_OPEN_CREATE) != KB_OK ||
        load_library(kb, KEFU_SOURCE_DIR "/kb/data") != 0) {
        kb_close(kb);
        return 1;
    }
    load_pinyin(data);
    if (!getenv("BENCH_KSR_QUICK") && !presage_open())
        fprintf(stderr, "bench_ksr: no Presage (apt install libpresage1v5 libpresage-data); "
                        "its row is left out\n");
    char err[512];
    general = complete_lm_open("/usr/share/pocketsphinx/model/en-us/en-us.lm.bin", err, sizeof err);
    if (!general)
        fprintf(stderr, "bench_ksr: %s (no general word model)\n", err);
    const char *ask = getenv("BENCH_KSR_OFFERS");    /* "typed|typed|...": show the offers */
    if (ask) {
        a11y_complete_t *oc = corpus(kb, true);
        char *list = strdup(ask), *save = NULL;
        for (char *q = strtok_r(list, "|", &save); q; q = strtok_r(NULL, "|", &save)) {
            struct a11y_completion a;
            if (a11y_complete_auto(oc, q, 2, &a)) {
                printf("[%s] -> [%s]\n", q, a.insert);
                a11y_completion_clear(&a);
            } else {
                printf("[%s] -> none\n", q);
            }
        }
        free(list);
        a11y_complete_free(oc);
        kb_close(kb);
        return 0;
    }
    a11y_complete_t *c = corpus(kb, false);
    printf("bench_ksr: corpus %zu texts from kb/data; test sets from %s\n"
           "KSR = 1 - (keys typed + keys to choose) / characters of the final text.\n"
           "tuning: ksr_LANG.txt (the engine may be tuned on it); held-out: "
           "ksr_LANG_holdout.txt (never tuned on).\n",
           a11y_complete_texts(c), data);
    a11y_complete_free(c);
    static const char *const langs[] = {"en", "zh"};
    static const char *const sets[] = {"", "_holdout"};
    static const char *const set_names[] = {"tuning", "held-out"};
    double summary[2][2][2][4] = {{{{0}}}};    /* lang, set, model, default|baseline KSR|saved */
    double lists[2][2][2][5] = {{{{0}}}};      /* list of 5: kefu, baseline KSR|saved, Presage */
    const char *only = getenv("BENCH_KSR_SETS");   /* development: e.g. "en" */
    for (size_t l = 0; l < 2; l++)
        for (size_t st = 0; st < (getenv("BENCH_KSR_QUICK") ? 1 : 2); st++) {
            if (only && strcmp(only, langs[l]) != 0)
                continue;
            char path[4096];
            size_t n;
            snprintf(path, sizeof path, "%s/ksr_%s%s.txt", data, langs[l], sets[st]);
            char **lines = bench_read_lines(path, &n);
            if (!lines) {
                fprintf(stderr, "bench_ksr: cannot read %s\n", path);
                continue;
            }
            for (int m = 0; m < (l == 1 ? 2 : 1); m++) {
                printf("\n%s %s (%zu answers never seen by the engine)%s\n", langs[l],
                       set_names[st], n,
                       l == 0 ? "" : m == 0 ? ", 1 key per Chinese character"
                                            : ", pinyin: letters + 1 per Chinese character");
                table(kb, lines, n, m == 1, l == 0, &summary[l][st][m][0], &summary[l][st][m][1],
                      &summary[l][st][m][2], &summary[l][st][m][3], lists[l][st][m]);
            }
            free_lines(lines, n);
        }
    printf("\nsummary, automatic offer + Tab with learning vs the word-completion baseline "
           "(literature: Presage ~40%%):\n");
    for (size_t l = 0; l < 2; l++)
        for (int m = 0; m < (l == 1 ? 2 : 1); m++)
            printf("  %s%-20s tuning %5.1f%% vs %5.1f%%   held-out %5.1f%% vs %5.1f%%\n",
                   langs[l], l == 0 ? "" : m == 0 ? " (1 key/char)" : " (pinyin)",
                   100 * summary[l][0][m][0], 100 * summary[l][0][m][1],
                   100 * summary[l][1][m][0], 100 * summary[l][1][m][1]);
    printf("  zh (pinyin), share of unaided IME keys saved: tuning %.1f%% vs %.1f%%   "
           "held-out %.1f%% vs %.1f%%\n", 100 * summary[1][0][1][2], 100 * summary[1][0][1][3],
           100 * summary[1][1][1][2], 100 * summary[1][1][1][3]);
    printf("summary, list of 5 in view (input.offer_list = 5), a digit takes one, with learning,\n"
           "vs the same list model on the word-completion baseline and on Presage:\n");
    printf("  en                     tuning  %5.1f%% vs %5.1f%% vs Presage %5.1f%%   held-out  "
           "%5.1f%% vs %5.1f%% vs Presage %5.1f%%\n", 100 * lists[0][0][0][0],
           100 * lists[0][0][0][1], 100 * lists[0][0][0][4], 100 * lists[0][1][0][0],
           100 * lists[0][1][0][1], 100 * lists[0][1][0][4]);
    for (int m = 0; m < 2; m++)
        printf("  zh%-20s tuning %5.1f%% vs %5.1f%%   held-out %5.1f%% vs %5.1f%%\n",
               m == 0 ? " (1 key/char)" : " (pinyin, saved)", 100 * lists[1][0][m][m ? 2 : 0],
               100 * lists[1][0][m][m ? 3 : 1], 100 * lists[1][1][m][m ? 2 : 0],
               100 * lists[1][1][m][m ? 3 : 1]);
    if (py.missing)
        printf("  (%ld Chinese characters had no pinyin in the table and cost %d keys)\n",
               py.missing, PINYIN_DEFAULT);
    presage_close();
    kb_close(kb);
    return 0;
}
