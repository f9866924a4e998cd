/* bench_ksr_presage.h -- Presage (Debian libpresage1v5 + libpresage-data),
 * the generic word predictor the issue compares against, measured on the
 * same English answers with the same keystroke model (its top prediction
 * shown as the automatic offer, Tab takes it). Included by bench_ksr.c.
 *
 * Loaded with dlopen when installed, so kefu and its build never depend on
 * it: without libpresage the row is left out. Only Presage's generic English
 * model (DefaultSmoothedNgramPredictor on /usr/share/presage/database_en.db),
 * no learning (its user model would write to ~/.presage). Each prediction
 * takes about 10 ms, so the row adds about a minute to the benchmark.
 */
#include <dlfcn.h>
#include <strings.h>

typedef const char *(*ps_stream_cb)(void *);
static struct {
    void *lib, *p;
    int (*new_)(ps_stream_cb, void *, ps_stream_cb, void *, void **);
    void (*free_)(void *);
    int (*predict)(void *, char ***);
    void (*free_array)(char **);
    int (*config_set)(void *, const char *, const char *);
    const char *past;
} ps;

static const char *ps_past(void *arg) { (void)arg; return ps.past ? ps.past : ""; }
static const char *ps_future(void *arg) { (void)arg; return ""; }

static bool presage_open(void)
{
    ps.lib = dlopen("libpresage.so.1", RTLD_NOW);
    if (!ps.lib)
        return false;
    *(void **)&ps.new_ = dlsym(ps.lib, "presage_new");
    *(void **)&ps.free_ = dlsym(ps.lib, "presage_free");
    *(void **)&ps.predict = dlsym(ps.lib, "presage_predict");
    *(void **)&ps.free_array = dlsym(ps.lib, "presage_free_string_array");
    *(void **)&ps.config_set = dlsym(ps.lib, "presage_config_set");
    if (!ps.new_ || !ps.free_ || !ps.predict || !ps.free_array || !ps.config_set ||
        ps.new_(ps_past, NULL, ps_future, NULL, &ps.p) != 0) {
        dlclose(ps.lib);
        ps.lib = NULL;
        return false;
    }
    ps.config_set(ps.p, "Presage.PredictorRegistry.PREDICTORS", "DefaultSmoothedNgramPredictor");
    ps.config_set(ps.p, "Presage.Selector.SUGGESTIONS", "6");
    /* by default Presage never suggests a word twice while one is typed
     * (made for a list the user has seen): an offer may stay */
    ps.config_set(ps.p, "Presage.Selector.REPEAT_SUGGESTIONS", "yes");
    return true;
}

static void presage_close(void)
{
    if (ps.lib) {
        ps.free_(ps.p);
        dlclose(ps.lib);
    }
}

/* Presage's suggestions for what has been typed: NULL when it has none or
 * when the text ends right after a punctuation mark (kefu's rule too).
 * *s is where the word being typed starts, *plen its letters typed, *start
 * whether it starts a sentence. Free the result with ps.free_array. */
static char **presage_words(const char *typed, size_t *s, size_t *plen, bool *start)
{
    size_t n = strlen(typed);
    *s = n;
    while (*s > 0 && (isalnum((unsigned char)typed[*s - 1]) || typed[*s - 1] == '\''))
        (*s)--;
    *plen = n - *s;
    if (*plen == 0 && n > 0 && typed[n - 1] != ' ')
        return NULL;
    size_t e = *s;
    while (e > 0 && typed[e - 1] == ' ')
        e--;
    *start = e == 0 || strchr(".!?", typed[e - 1]);
    /* Presage keeps the last string the callback gave it and compares it
     * with the next to see what changed: hand it a copy that lives until
     * the call after next (a reused buffer made it predict from stale text) */
    static char *copy[2];
    static int turn;
    turn ^= 1;
    free(copy[turn]);
    copy[turn] = strdup(typed);
    if (!copy[turn])
        return NULL;
    ps.past = copy[turn];
    char **res = NULL;
    if (ps.predict(ps.p, &res) != 0)
        return NULL;
    return res;
}

/* The automatic offer: the rest of Presage's likeliest word for the letters
 * typed (or its next word after a space) and the space after it, with the
 * same rules as kefu's offers: two characters or more, a capital at the
 * start of a sentence, "I" as a capital. */
static bool presage_offer(void *arg, const char *typed, char **insert)
{
    (void)arg;
    size_t s, plen;
    bool start;
    char **res = presage_words(typed, &s, &plen, &start);
    if (!res)
        return false;
    bool ok = false;
    for (size_t i = 0; res[i] && !ok; i++) {
        size_t wl = strlen(res[i]);
        if (wl < plen + 1 || wl - plen + 1 < 2 || strncasecmp(res[i], typed + s, plen) != 0)
            continue;
        *insert = malloc(wl - plen + 2);
        if (!*insert)
            break;
        memcpy(*insert, res[i] + plen, wl - plen);
        memcpy(*insert + wl - plen, " ", 2);
        bool pron = strcmp(res[i], "i") == 0 || strncmp(res[i], "i'", 2) == 0;
        if (plen == 0 && (start || pron))
            (*insert)[0] = (char)toupper((unsigned char)(*insert)[0]);
        ok = true;
    }
    ps.free_array(res);
    return ok;
}

/* Presage in the literature's setting: its six suggestions always in view,
 * one key to choose any of them (as a word-prediction list with function
 * keys), taken when one is the rest of the word and saves a key; every
 * other character typed. Adds to k (chars, keys_typed, keys_choose). */
static void presage_list_type(const char *target, struct a11y_ksr *k)
{
    size_t len = strlen(target), pos = 0;
    for (size_t i = 0; i < len; i++)
        k->chars += ((unsigned char)target[i] & 0xC0) != 0x80;
    k->texts++;
    while (pos < len) {
        char *typed = strndup(target, pos);
        size_t s = pos;
        while (s > 0 && (isalnum((unsigned char)target[s - 1]) || target[s - 1] == '\''))
            s--;
        static char *copy[2];
        static int turn;
        turn ^= 1;
        free(copy[turn]);
        copy[turn] = typed;
        ps.past = typed ? typed : "";
        char **res = NULL;
        size_t best = pos;
        if (typed && (pos == 0 || s < pos || target[pos - 1] == ' ') &&
            ps.predict(ps.p, &res) == 0 && res) {
            for (size_t i = 0; res[i]; i++) {
                size_t wl = strlen(res[i]);
                /* the word and the space after it (Presage inserts both) */
                if (s + wl < len && wl > pos - s && strncasecmp(res[i], target + s, wl) == 0 &&
                    target[s + wl] == ' ' && s + wl + 1 > best)
                    best = s + wl + 1;
                else if (s + wl <= len && wl > pos - s &&
                         strncasecmp(res[i], target + s, wl) == 0 && s + wl > best &&
                         (s + wl == len || !isalnum((unsigned char)target[s + wl])))
                    best = s + wl;
            }
            ps.free_array(res);
        }
        if (best > pos + 1) {
            k->keys_choose++;
            k->choices++;
            pos = best;
        } else {
            k->keys_typed++;
            pos++;
        }
    }
}

/* Presage's words as a list for the list-in-view model (ksr.c,
 * A11Y_KSR_LIST): the rest of each suggested word and a space, at a word's
 * start or inside it (as presage_list_type), a capital at a sentence's
 * start and for "I". */
static size_t presage_list(void *arg, const char *typed, struct a11y_completion *out, size_t max)
{
    (void)arg;
    size_t s, plen;
    bool start;
    char **res = presage_words(typed, &s, &plen, &start);
    if (!res)
        return 0;
    size_t m = 0;
    for (size_t i = 0; res[i] && m < max; i++) {
        size_t wl = strlen(res[i]);
        if (wl <= plen || strncasecmp(res[i], typed + s, plen) != 0)
            continue;
        char *ins = malloc(wl - plen + 2);
        if (!ins)
            break;
        memcpy(ins, res[i] + plen, wl - plen);
        memcpy(ins + wl - plen, " ", 2);
        bool pron = strcmp(res[i], "i") == 0 || strncmp(res[i], "i'", 2) == 0;
        if (plen == 0 && (start || pron))
            ins[0] = (char)toupper((unsigned char)ins[0]);
        out[m++] = (struct a11y_completion){ins, 0, 0};
    }
    ps.free_array(res);
    return m;
}
