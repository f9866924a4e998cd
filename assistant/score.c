/* score.c -- rubric compilation and matching (see score.h for the rules).
 *
 * Both sides of every comparison go through the same normalisation:
 * English number words become digits ("three" -> 3, so a recogniser's words
 * meet typed digits), then kb_normalize() with every flag. Phrases made of
 * Latin letters are also kept as a word sequence so they match whole words
 * only; everything else (Chinese, digits, order numbers) matches as a
 * substring of the stripped text, where spacing cannot matter.
 *
 * Two small canonicalisations, measured on the grader benchmark
 * (tests/bench/bench_score.c), fold wordings that mean the same thing so a
 * rubric need not list every one: English contractions are spelled out
 * ("hasn't" = "has not", "can't" = "cannot" = "can not"), and in Chinese
 * 已经 = 已, 没有 = 没 = 未, 你 = 您, 帮您 = 给您 = 替您 = 为您, and
 * 了一下 = 一下 (查了一下 = 查一下). Both sides go through them, so a phrase
 * written either way matches an answer written either way.
 */
#include "score_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "asr.h"
#include "textnorm.h"

/* ------------------------------------------------------------------ */
/* Text helpers */

size_t score_utf8_cps(const char *s, uint32_t **out)
{
    size_t len = strlen(s), n = 0;
    uint32_t *cp = malloc((len + 1) * sizeof *cp);
    *out = cp;
    if (!cp)
        return (size_t)-1;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        uint32_t v;
        size_t k;
        if (c < 0x80) { v = c; k = 1; }
        else if ((c >> 5) == 6) { v = c & 0x1F; k = 2; }
        else if ((c >> 4) == 14) { v = c & 0x0F; k = 3; }
        else { v = c & 0x07; k = 4; }
        for (size_t j = 1; j < k && i + j < len; j++)
            v = (v << 6) | ((unsigned char)s[i + j] & 0x3F);
        cp[n++] = v;
        i += k;
    }
    return n;
}

kb_lang score_text_lang(const char *text)
{
    if (!text)
        return KB_LANG_EN;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (p[0] == 0xE3 || (p[0] >= 0xE4 && p[0] <= 0xE9))
            return KB_LANG_ZH;       /* U+3000..U+9FFF lead bytes */
    }
    return KB_LANG_EN;
}

static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_alnum(char c) { return is_alpha(c) || (c >= '0' && c <= '9'); }

/* English number words -> digits, word by word: recognisers write "three
 * working days" and "t b two zero two four" where a typist writes digits.
 * A tens word and a unit word make one number ("forty eight" -> 48); digits
 * said one by one stay apart ("two four" -> 2 4). */
static char *en_numbers(const char *in)
{
    static const char *const words[] = {
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
        "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
        "sixteen", "seventeen", "eighteen", "nineteen", "twenty", NULL};
    static const char *const tens[] = {"thirty", "forty", "fifty", "sixty",
                                       "seventy", "eighty", "ninety", NULL};
    size_t len = strlen(in);
    char *out = malloc(len + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < len;) {
        if (is_alpha(in[i]) && (i == 0 || !is_alnum(in[i - 1]))) {
            size_t j = i;
            while (j < len && is_alpha(in[j]))
                j++;
            size_t w = j - i;
            int val = -1;
            for (int k = 0; words[k] && val < 0; k++)
                if (strlen(words[k]) == w && strncasecmp(in + i, words[k], w) == 0)
                    val = k;
            for (int k = 0; tens[k] && val < 0; k++)
                if (strlen(tens[k]) == w && strncasecmp(in + i, tens[k], w) == 0)
                    val = 30 + 10 * k;
            if (val >= 0 && !(j < len && in[j] == '\'')) {
                /* "forty eight", "forty-eight" -> 48, as a typist writes it */
                size_t u = val >= 20 && val % 10 == 0 && j + 1 < len &&
                           (in[j] == ' ' || in[j] == '-') ? j + 1 : 0, ue = u;
                while (ue && ue < len && is_alpha(in[ue]))
                    ue++;
                for (int k = 1; ue > u && k <= 9; k++)
                    if (strlen(words[k]) == ue - u && strncasecmp(in + u, words[k], ue - u) == 0 &&
                        !(ue < len && (in[ue] == '\'' || is_alnum(in[ue])))) {
                        val += k;
                        j = ue;
                        break;
                    }
                o += sprintf(o, "%d", val);    /* never longer than the words */
            } else {
                memcpy(o, in + i, w);
                o += w;
            }
            i = j;
            continue;
        }
        *o++ = in[i++];
    }
    *o = '\0';
    return out;
}

/* English contractions spelled out, so "hasn't shipped" meets "not shipped"
 * and "cannot share" meets "can't share". Apostrophe ' or U+2019. */
static char *en_contractions(const char *in)
{
    static const struct { const char *from, *to; bool whole; } rules[] = {
        {"won't", "will not", true}, {"can't", "can not", true},
        {"shan't", "shall not", true}, {"cannot", "can not", true},
        {"n't", " not", false}, {"'ll", " will", false}, {"'ve", " have", false},
        {"'re", " are", false}, {"'m", " am", false}, {"'d", " would", false},
    };
    size_t len = strlen(in);
    /* the most a rule grows is 3x ("'d" -> " would", and "x'd'd'd" chains) */
    char *out = malloc(3 * len + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < len;) {
        bool done = false;
        for (size_t r = 0; r < sizeof rules / sizeof rules[0] && !done; r++) {
            const char *f = rules[r].from;
            size_t k = 0, j = i;
            /* match f at i, reading ' also as the 3-byte U+2019 */
            for (; f[k] && j < len; k++) {
                if (f[k] == '\'' && (unsigned char)in[j] == 0xE2 && j + 2 < len &&
                    (unsigned char)in[j + 1] == 0x80 && (unsigned char)in[j + 2] == 0x99)
                    j += 3;
                else if ((in[j] | 0x20) == f[k] || in[j] == f[k])
                    j++;
                else
                    break;
            }
            if (f[k])
                continue;
            if (j < len && is_alnum(in[j]))
                continue;                       /* the word must end here */
            if (rules[r].whole && i > 0 && is_alnum(in[i - 1]))
                continue;                       /* and start here */
            if (!rules[r].whole && (i == 0 || !is_alpha(in[i - 1])))
                continue;                       /* a suffix needs its word */
            size_t tl = strlen(rules[r].to);
            memcpy(o, rules[r].to, tl);
            o += tl;
            i = j;
            done = true;
        }
        if (!done)
            *o++ = in[i++];
    }
    *o = '\0';
    return out;
}

/* The English pre-pass: contractions, then number words. */
static char *en_pre(const char *text)
{
    char *c = en_contractions(text ? text : ""), *out = c ? en_numbers(c) : NULL;
    free(c);
    return out;
}

/* Replace every from with the no longer to, in place. */
static void replace_all(char *s, const char *from, const char *to)
{
    size_t fl = strlen(from), tl = strlen(to);
    char *w = s;
    for (const char *r = s; *r;) {
        if (strncmp(r, from, fl) == 0) {
            memcpy(w, to, tl);
            w += tl;
            r += fl;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
}

/* Chinese wordings that mean the same, folded on normalised text (never
 * longer than its input). Order matters: 你 -> 您 before 帮您 -> 为您. */
static void zh_canon(char *s)
{
    static const char *const rules[][2] = {
        {"你", "您"}, {"已经", "已"}, {"没有", "未"}, {"没", "未"},
        {"帮您", "为您"}, {"给您", "为您"}, {"替您", "为您"}, {"了一下", "一下"},
        {"了1下", "1下"},   /* KB_NORM_NUMERALS has made 一 a digit already */
    };
    if (!s)
        return;
    for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++)
        if (strstr(s, rules[r][0]))
            replace_all(s, rules[r][0], rules[r][1]);
}

char *score_norm(const char *text)
{
    char *pre = en_pre(text), *out = NULL;
    if (pre && kb_normalize(pre, strlen(pre), KB_NORM_ALL, &out) != 0)
        out = NULL;
    free(pre);
    zh_canon(out);
    return out;
}

/* " w1 w2 " from text already normalised without STRIP. */
static char *words_of(const char *n)
{
    size_t len = strlen(n);
    char *out = malloc(len + 3);
    if (!out)
        return NULL;
    char *o = out;
    *o++ = ' ';
    for (size_t i = 0; i < len; i++) {
        if (is_alnum(n[i]))
            *o++ = n[i];
        else if (o[-1] != ' ')
            *o++ = ' ';
    }
    if (o[-1] != ' ')
        *o++ = ' ';
    *o = '\0';
    return out;
}

/* " w1 w2 " -- ASCII letters and digits as words, anything else a break. */
static char *words_form(const char *text)
{
    char *pre = en_pre(text), *n = NULL, *out = NULL;
    if (pre && kb_normalize(pre, strlen(pre),
                            KB_NORM_NFKC | KB_NORM_CASEFOLD | KB_NORM_T2S | KB_NORM_NUMERALS,
                            &n) == 0)
        out = words_of(n);
    free(pre);
    free(n);
    return out;
}

int score_text_prepare(const char *text, struct score_text *t)
{
    /* the expensive steps (NFKC, case folding, OpenCC) run once; stripping
     * punctuation and spaces is a cheap second pass over their result */
    char *pre = en_pre(text), *n = NULL;
    memset(t, 0, sizeof *t);
    if (pre && kb_normalize(pre, strlen(pre),
                            KB_NORM_NFKC | KB_NORM_CASEFOLD | KB_NORM_T2S | KB_NORM_NUMERALS,
                            &n) == 0) {
        t->words = words_of(n);
        if (kb_normalize(n, strlen(n), KB_NORM_STRIP, &t->norm) != 0)
            t->norm = NULL;
        zh_canon(t->norm);
    }
    free(pre);
    free(n);
    if (!t->norm || !t->words)
        return SCORE_NOMEM;
    t->ncps = score_utf8_cps(t->norm, &t->cps);
    if (t->ncps == (size_t)-1)
        return SCORE_NOMEM;
    size_t wlen = strlen(t->words);
    t->wl = malloc((wlen + 1) * sizeof *t->wl);
    t->wflag = malloc(wlen + 1);
    if (!t->wl || !t->wflag)
        return SCORE_NOMEM;
    for (size_t i = 0; i < wlen; i++) {
        if (t->words[i] == ' ')
            continue;
        t->wl[t->nwl] = (unsigned char)t->words[i];
        t->wflag[t->nwl++] = (unsigned char)((t->words[i - 1] == ' ' ? SCORE_WSTART : 0) |
                                             (t->words[i + 1] == ' ' ? SCORE_WEND : 0));
    }
    return SCORE_OK;
}

void score_text_free(struct score_text *t)
{
    free(t->norm);
    free(t->words);
    free(t->cps);
    free(t->wl);
    free(t->wflag);
    memset(t, 0, sizeof *t);
}

/* ------------------------------------------------------------------ */
/* Matching */

/* score_approx_distance() and score_approx_words(): score_approx.c */

/* " w1 ... wk" found in words at word starts; the last word must end there
 * or, when it has 4+ letters, within 3 more letters (inflections). */
static bool words_hit(const struct score_phrase *p, const char *words)
{
    size_t plen = strlen(p->words), lastlen = strlen(p->last);
    for (const char *s = strstr(words, p->words); s; s = strstr(s + 1, p->words)) {
        const char *e = s + plen;
        if (*e == ' ')
            return true;
        if (lastlen >= 4) {
            size_t extra = 0;
            while (e[extra] >= 'a' && e[extra] <= 'z')
                extra++;
            if (extra <= 3 && e[extra] == ' ')
                return true;
        }
    }
    return false;
}

bool score_phrase_hit(const struct score_phrase *p, const struct score_text *t,
                      double tol, bool *fuzzy)
{
    if (fuzzy)
        *fuzzy = false;
    if (!p->norm[0])
        return false;
    if (p->words ? words_hit(p, t->words) : strstr(t->norm, p->norm) != NULL)
        return true;
    if (tol <= 0 || p->ncps < 4)
        return false;
    size_t k = (size_t)(tol * (double)p->ncps);
    if (k == 0)
        return false;
    /* a word phrase must line up with the heard words: a slip inside a
     * word is tolerated, a match that starts or ends mid-word ("take care"
     * in "take a few", "on you" in "hello your") is not; an inflection
     * counts as edits here (the strict match above allows it alone) */
    size_t d = p->words ? score_approx_words(p->cps, p->ncps, t->wl, t->wflag, t->nwl)
                        : score_approx_distance(p->cps, p->ncps, t->cps, t->ncps);
    if (d <= k) {
        if (fuzzy)
            *fuzzy = true;
        return true;
    }
    return false;
}

/* ------------------------------------------------------------------ */
/* Rendering and compilation */

char *score_render(const char *text, score_fill_fn fill, void *arg)
{
    size_t cap = strlen(text) + 64, n = 0;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    for (const char *s = text; *s;) {
        const char *val = NULL, *end = NULL;
        if (s[0] == '{' && (end = strchr(s, '}')) && end - s < 64 && fill) {
            char name[64];
            memcpy(name, s + 1, (size_t)(end - s - 1));
            name[end - s - 1] = '\0';
            val = fill(arg, name);
        }
        size_t add = val ? strlen(val) : 1;
        if (n + add + 1 > cap) {
            cap = (n + add + 1) * 2;
            char *p = realloc(out, cap);
            if (!p) {
                free(out);
                return NULL;
            }
            out = p;
        }
        if (val) {
            memcpy(out + n, val, add);
            s = end + 1;
        } else {
            out[n] = *s++;
        }
        n += add;
    }
    out[n] = '\0';
    return out;
}

static void phrase_free(struct score_phrase *p)
{
    free(p->text);
    free(p->norm);
    free(p->words);
    free(p->cps);
}

/* Compile one phrase; returns 1 when kept, 0 when left out (unknown
 * placeholder, or nothing left after normalisation), -1 on OOM. */
static int phrase_compile(struct score_phrase *p, const char *text,
                          score_fill_fn fill, void *arg)
{
    memset(p, 0, sizeof *p);
    p->text = score_render(text, fill, arg);
    if (!p->text)
        return -1;
    if (strchr(p->text, '{') && strstr(p->text, "{order.")) {
        phrase_free(p);
        return 0;
    }
    p->norm = score_norm(p->text);
    if (!p->norm)
        goto oom;
    if (!p->norm[0]) {
        phrase_free(p);
        return 0;
    }
    bool letters = false, other = false;
    for (const char *c = p->norm; *c; c++) {
        if (is_alpha(*c))
            letters = true;
        else
            other = true;
    }
    if (letters && !other) {
        p->words = words_form(p->text);
        if (!p->words)
            goto oom;
        size_t l = strlen(p->words);
        if (l && p->words[l - 1] == ' ')
            p->words[--l] = '\0';           /* " w1 w2": the end is checked apart */
        p->last = strrchr(p->words, ' ') + 1;
    }
    p->ncps = score_utf8_cps(p->norm, &p->cps);
    if (p->ncps == (size_t)-1)
        goto oom;
    return 1;
oom:
    phrase_free(p);
    return -1;
}

static int compile_list(const kb_rubric_item *it, struct score_phrase **list,
                        size_t *n, score_fill_fn fill, void *arg)
{
    struct score_phrase *grown = realloc(*list, (*n + it->n_phrases + 1) * sizeof **list);
    if (!grown)
        return SCORE_NOMEM;
    *list = grown;
    for (size_t i = 0; i < it->n_phrases; i++) {
        int rc = phrase_compile(&grown[*n], it->phrases[i].text, fill, arg);
        if (rc < 0)
            return SCORE_NOMEM;
        *n += (size_t)rc;
    }
    return SCORE_OK;
}

int score_rubric_new(score_rubric_t **out, const kb_turn *turn,
                     score_fill_fn fill, void *arg)
{
    int rc = SCORE_NOMEM;
    score_rubric_t *r = NULL;
    if (!out || !turn)
        return SCORE_INVALID;
    *out = NULL;
    r = calloc(1, sizeof *r);
    if (!r)
        goto out;
    r->turn = turn;
    r->tol = SCORE_SPOKEN_TOLERANCE;
    r->tol_words = SCORE_SPOKEN_TOLERANCE_WORDS;
    if (!(r->dict = score_default_dictionary()))
        goto out;
    r->sec = calloc(turn->n_rubric + 1, sizeof *r->sec);
    if (!r->sec)
        goto out;
    for (int pass = 0; pass < 2; pass++) {      /* expect items, then bonus */
        for (size_t i = 0; i < turn->n_rubric; i++) {
            const kb_rubric_item *it = &turn->rubric[i];
            if (it->kind != (pass ? KB_RUBRIC_BONUS : KB_RUBRIC_EXPECT))
                continue;
            struct score_sec *s = &r->sec[r->nsec++];
            s->item = it;
            if (compile_list(it, &s->ph, &s->n, fill, arg) != SCORE_OK)
                goto out;
        }
    }
    for (size_t i = 0; i < turn->n_rubric; i++) {
        if (turn->rubric[i].kind == KB_RUBRIC_FORBID &&
            compile_list(&turn->rubric[i], &r->forbid, &r->nforbid, fill, arg) != SCORE_OK)
            goto out;
    }
    for (int l = 0; l < KB_LANG_COUNT; l++) {
        if (turn->answer[l] && !(r->answer[l] = score_render(turn->answer[l], fill, arg)))
            goto out;
    }
    *out = r;
    r = NULL;
    rc = SCORE_OK;
out:
    score_rubric_free(r);
    return rc;
}

void score_rubric_free(score_rubric_t *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nsec; i++) {
        for (size_t j = 0; j < r->sec[i].n; j++)
            phrase_free(&r->sec[i].ph[j]);
        free(r->sec[i].ph);
    }
    free(r->sec);
    for (size_t j = 0; j < r->nforbid; j++)
        phrase_free(&r->forbid[j]);
    free(r->forbid);
    for (int l = 0; l < KB_LANG_COUNT; l++)
        free(r->answer[l]);
    free(r->dict);
    free(r);
}

void score_rubric_set_tolerance(score_rubric_t *r, double tolerance)
{
    if (r)
        r->tol = r->tol_words = tolerance < 0 ? 0 : tolerance;
}

/* The dictionary next to the default acoustic model (the recogniser's own:
 * /usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict). */
char *score_default_dictionary(void)
{
    return asr_beside_model(ASR_DEFAULT_MODEL_DIR, "cmudict-en-us.dict");
}

int score_rubric_set_dictionary(score_rubric_t *r, const char *path)
{
    if (!r)
        return SCORE_INVALID;
    char *p = path ? strdup(path) : NULL;
    if (path && !p)
        return SCORE_NOMEM;
    free(r->dict);
    r->dict = p;
    return SCORE_OK;
}

/* ------------------------------------------------------------------ */
/* Scoring */

/* Score the first of texts[0..nt) (the answer); the others are the
 * recogniser's alternatives of a spoken answer: a section no phrase hits in
 * the answer still counts when one hits in an alternative (marked fuzzy and
 * alternative). Forbid phrases are looked up in the answer only. */
static int score_texts(const score_rubric_t *r, const char *const *texts, size_t nt,
                       score_input mode, score_result *res)
{
    struct score_text *t = NULL;
    int rc = SCORE_NOMEM;
    if (!res)
        return SCORE_INVALID;
    memset(res, 0, sizeof *res);
    if (!r)
        return SCORE_INVALID;
    res->sections = calloc(r->nsec + 1, sizeof *res->sections);
    if (!res->sections)
        goto out;
    res->fatal_phrases = calloc(r->nforbid + 1, sizeof *res->fatal_phrases);
    if (!res->fatal_phrases)
        goto out;
    if (!(t = calloc(nt, sizeof *t)))
        goto out;
    for (size_t k = 0; k < nt; k++)
        if (score_text_prepare(texts[k] ? texts[k] : "", &t[k]) != SCORE_OK)
            goto out;

    double tol = mode == SCORE_SPOKEN ? r->tol : 0, tolw = mode == SCORE_SPOKEN ? r->tol_words : 0;
    int total = 0;
    for (size_t i = 0; i < r->nsec; i++) {
        const struct score_sec *s = &r->sec[i];
        score_section *out = &res->sections[res->n_sections++];
        out->name = s->item->section;
        out->weight = s->item->weight;
        out->bonus = s->item->kind == KB_RUBRIC_BONUS;
        /* a strict hit anywhere beats a fuzzy one; the answer beats its
         * alternatives */
        for (size_t k = 0; k < nt && !out->hit; k++)
            for (int strict = 1; strict >= 0 && !out->hit; strict--) {
                for (size_t j = 0; j < s->n && !out->hit; j++) {
                    bool fz = false;
                    double tk = s->ph[j].words ? tolw : tol;
                    if (score_phrase_hit(&s->ph[j], &t[k], strict ? 0 : tk, &fz)) {
                        out->hit = true;
                        out->fuzzy = fz || k > 0;
                        out->alternative = k > 0;
                        out->matched = s->ph[j].text;
                    }
                }
                if (tol <= 0 && tolw <= 0)
                    break;
            }
    }
    /* spoken: a missed phrase heard as words that sound the same */
    if (tolw > 0 && score_sound_pass(r, t, nt, res) != SCORE_OK)
        goto out;
    for (size_t i = 0; i < res->n_sections; i++)
        if (res->sections[i].hit)
            total += res->sections[i].weight;
    for (size_t j = 0; j < r->nforbid; j++) {
        if (score_phrase_hit(&r->forbid[j], &t[0], 0, NULL))
            res->fatal_phrases[res->n_fatal++] = r->forbid[j].text;
    }
    res->fatal = res->n_fatal > 0;
    res->score = res->n_fatal ? 0 : (total > 100 ? 100 : total);
    rc = SCORE_OK;
out:
    for (size_t k = 0; t && k < nt; k++)
        score_text_free(&t[k]);
    free(t);
    return rc;
}

int score_answer(const score_rubric_t *r, const char *answer, score_input mode,
                 score_result *res)
{
    const char *texts[1] = {answer};
    return score_texts(r, texts, 1, mode, res);
}

int score_answer_alts(const score_rubric_t *r, const char *answer,
                      const struct score_alt *alts, size_t n, score_result *res)
{
    const char *texts[1 + SCORE_ALT_MAX] = {answer};
    size_t nt = 1;
    for (size_t i = 0; i < n && nt < 1 + SCORE_ALT_MAX; i++)
        if (alts[i].text && alts[i].score >= -SCORE_ALT_MARGIN)
            texts[nt++] = alts[i].text;
    return score_texts(r, texts, nt, SCORE_SPOKEN, res);
}

void score_result_free(score_result *res)
{
    if (!res)
        return;
    free(res->sections);
    free((void *)res->fatal_phrases);
    memset(res, 0, sizeof *res);
}
