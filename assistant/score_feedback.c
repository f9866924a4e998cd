/* score_feedback.c -- feedback short enough to hear, and hints.
 *
 * Order matters for a listener: the score (with any fatal phrase named in
 * the same first line), then what was missed with the model wording to copy
 * ("Not in your answer: introduction. You could say: “I'm Mei.”"),
 * then what went well in the trainee's own words. The model wording is the
 * shortest clause of the model answer that hits the missed section, so the
 * trainee hears a real sentence rather than a keyword list; the quote of the
 * trainee's words is the smallest stretch of the answer whose normalised form
 * still contains the phrase that hit.
 */
#include "score_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"

#define QUOTE_MAX 30            /* characters of a quote before "…" */

/* ------------------------------------------------------------------ */
/* Section names as a trainee hears them */

static const struct { const char *name, *label; } labels[] = {
    {"greeting", N_("greeting")},
    {"greet", N_("greeting")},
    {"verify", N_("verification")},
    {"verification", N_("verification")},
    {"closing", N_("closing")},
    {"close", N_("closing")},
    {"empathy", N_("empathy")},
    {"apology", N_("apology")},
    {"resolve", N_("resolution")},
    {"resolution", N_("resolution")},
    {"solution", N_("resolution")},
    {"evidence", N_("evidence")},
    {"record", N_("record")},
    {"escalate", N_("escalation")},
    {"escalation", N_("escalation")},
    {"options", N_("options")},
    {"followup", N_("follow-up")},
    {"follow-up", N_("follow-up")},
    {"calm", N_("staying calm")},
    {"status", N_("status")},
    {"reason", N_("reason")},
    {"timing", N_("timing")},
    {"rule", N_("rule")},
    {"rules", N_("rules")},
    {"respect", N_("respect")},
    {"refuse", N_("refusal")},
    {"eta", N_("delivery date")},
    {"check", N_("checking")},
    {"time", N_("time")},
    {"steps", N_("steps")},
    {"report", N_("reporting")},
    {"refund", N_("refund")},
    {"reassure", N_("reassurance")},
    {"protect", N_("protection")},
    {"proof", N_("proof")},
    {"promise", N_("promise")},
    {"process", N_("process")},
    {"price", N_("price")},
    {"practice", N_("practice")},
    {"polite", N_("politeness")},
    {"policy", N_("policy")},
    {"next", N_("next step")},
    {"improve", N_("improvement")},
    {"honest", N_("honesty")},
    {"deadline", N_("deadline")},
    {"courier", N_("courier")},
    {"confirm", N_("confirmation")},
    {"alternative", N_("alternative")},
    {"action", N_("action")},
    {"where", N_("where to find it")},
    {"wellbeing", N_("wellbeing")},
    {"weakness", N_("weak points")},
    {"warn", N_("warning")},
    {"triage", N_("triage")},
    {"transit", N_("delivery time")},
    {"tracking", N_("tracking")},
    {"trace", N_("tracing")},
    {"thanks", N_("thanks")},
    {"suggestion", N_("suggestion")},
    {"strength", N_("strengths")},
    {"stock", N_("stock")},
    {"staffing", N_("staffing")},
    {"split", N_("split shipment")},
    {"shipping", N_("shipping")},
    {"service", N_("service")},
    {"security", N_("security")},
    {"secrets", N_("secrets")},
    {"script", N_("script")},
    {"score", N_("score")},
    {"savings", N_("savings")},
    {"rights", N_("rights")},
    {"refundtime", N_("refund time")},
    {"refocus", N_("refocusing")},
    {"refer", N_("referral")},
    {"recover", N_("recovery")},
    {"recommend", N_("recommendation")},
    {"problems", N_("problems")},
    {"problem", N_("problem")},
    {"priority", N_("priority")},
    {"prepare", N_("preparation")},
    {"postage", N_("postage")},
    {"platform", N_("platform")},
    {"personalise", N_("personal touch")},
    {"period", N_("period")},
    {"ownership", N_("ownership")},
    {"official", N_("official channel")},
    {"offer", N_("offer to help")},
    {"note", N_("note")},
    {"nocomment", N_("no comment")},
    {"newaddress", N_("new address")},
    {"needs", N_("needs")},
    {"monitor", N_("monitoring")},
    {"method", N_("method")},
    {"log", N_("log")},
    {"limits", N_("limits")},
    {"lastmile", N_("last mile")},
    {"invoice", N_("invoice")},
    {"introduce", N_("introduction")},
    {"intercept", N_("interception")},
    {"insurance", N_("insurance")},
    {"identity", N_("identity")},
    {"howto", N_("how to")},
    {"health", N_("health")},
    {"handover", N_("handover")},
    {"gesture", N_("goodwill gesture")},
    {"fit", N_("fit")},
    {"firm", N_("firmness")},
    {"fee", N_("fee")},
    {"facts", N_("facts")},
    {"exchange", N_("exchange")},
    {"example", N_("example")},
    {"door", N_("door delivery")},
    {"done", N_("done")},
    {"dispatch", N_("dispatch")},
    {"details", N_("details")},
    {"default", N_("default")},
    {"custom", N_("customisation")},
    {"coverage", N_("coverage")},
    {"cost", N_("cost")},
    {"contact", N_("contact")},
    {"conditions", N_("conditions")},
    {"code", N_("pickup code")},
    {"choice", N_("choice")},
    {"chart", N_("size chart")},
    {"channel", N_("channel")},
    {"cause", N_("cause")},
    {"cases", N_("cases")},
    {"care", N_("care")},
    {"callback", N_("callback")},
    {"briefing", N_("briefing")},
    {"boundary", N_("boundary")},
    {"balance", N_("balance payment")},
    {"appreciation", N_("appreciation")},
    {"answer", N_("answer")},
    {"accuracy", N_("accuracy")},
    {"material", N_("material")},
    {"explain", N_("explanation")},
    {"explanation", N_("explanation")},
    {"timeline", N_("timeline")},
    {"privacy", N_("privacy")},
    {"compensation", N_("compensation")},
    {"information", N_("information")},
    {"info", N_("information")},
};

const char *score_section_label(const char *name)
{
    if (!name)
        return "";
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(labels[i].name, name) == 0)
            return _(labels[i].label);
    return name;
}

/* ------------------------------------------------------------------ */
/* Small string helpers */

static char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (!s)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

/* Byte offsets of each code point of s, plus the end: off[0..n]. */
static size_t cp_offsets(const char *s, size_t **off)
{
    size_t len = strlen(s), n = 0;
    *off = malloc((len + 1) * sizeof **off);
    if (!*off)
        return (size_t)-1;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            (*off)[n++] = i;
    (*off)[n] = len;
    return n;
}

static bool is_sep_cp(const char *p)
{
    static const char *const seps[] = {"，", "。", "！", "？", "；", "：", "、",
                                       "…", "～", NULL};
    if (strchr(" \t\r\n,.!?;:~\"'()", *p) && *p)
        return true;
    for (int i = 0; seps[i]; i++)
        if (strncmp(p, seps[i], strlen(seps[i])) == 0)
            return true;
    return false;
}

static bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* Does the normalised form of s[a..b) contain needle? */
static bool window_has(const char *s, size_t a, size_t b, const char *needle)
{
    char *tmp = strndup(s + a, b - a), *n = NULL;
    bool yes = false;
    if (tmp && (n = score_norm(tmp)))
        yes = strstr(n, needle) != NULL;
    free(tmp);
    free(n);
    return yes;
}

/* The trainee's own words that carry phrase p, trimmed; NULL when they
 * cannot be found (e.g. a fuzzy hit). Caller frees. */
static char *quote_words(const char *answer, const struct score_phrase *p)
{
    size_t *off = NULL, n = cp_offsets(answer, &off);
    char *q = NULL;
    if (n == (size_t)-1 || !window_has(answer, 0, off[n], p->norm))
        goto out;
    size_t lo = 0, hi = n;          /* largest start that still contains it */
    while (lo < hi) {
        size_t mid = (lo + hi + 1) / 2;
        if (window_has(answer, off[mid], off[n], p->norm))
            lo = mid;
        else
            hi = mid - 1;
    }
    size_t s = lo;
    lo = s;
    hi = n;                          /* smallest end that still contains it */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (window_has(answer, off[s], off[mid], p->norm))
            hi = mid;
        else
            lo = mid + 1;
    }
    size_t e = lo;
    if (!window_has(answer, off[s], off[e], p->norm))
        goto out;
    /* whole words for Latin script */
    while (s > 0 && is_ascii_letter(answer[off[s - 1]]) && is_ascii_letter(answer[off[s]]))
        s--;
    while (e < n && is_ascii_letter(answer[off[e]]) && e > 0 && is_ascii_letter(answer[off[e - 1]]))
        e++;
    while (s < e && is_sep_cp(answer + off[s]))
        s++;
    while (e > s && is_sep_cp(answer + off[e - 1]))
        e--;
    if (e <= s)
        goto out;
    if (e - s > QUOTE_MAX)
        q = xasprintf("%.*s…", (int)(off[s + QUOTE_MAX] - off[s]), answer + off[s]);
    else
        q = strndup(answer + off[s], off[e] - off[s]);
out:
    free(off);
    return q;
}

/* ------------------------------------------------------------------ */
/* Model wording */

static const struct score_sec *find_sec(const score_rubric_t *r, const char *name)
{
    for (size_t i = 0; i < r->nsec; i++)
        if (r->sec[i].item->section && strcmp(r->sec[i].item->section, name) == 0)
            return &r->sec[i];
    return NULL;
}

/* Clause ends: 1 for a sentence end kept with the clause (。！？.!?),
 * 2 for a pause dropped from it (，、；：,;:), 0 otherwise. */
static int clause_end(const char *p)
{
    static const char *const keep[] = {"。", "！", "？", NULL};
    static const char *const drop[] = {"，", "、", "；", "：", "…", NULL};
    if (*p == '.' || *p == '!' || *p == '?')
        return 1;
    if (*p == ',' || *p == ';' || *p == ':' || *p == '\n')
        return 2;
    for (int i = 0; keep[i]; i++)
        if (strncmp(p, keep[i], strlen(keep[i])) == 0)
            return 1;
    for (int i = 0; drop[i]; i++)
        if (strncmp(p, drop[i], strlen(drop[i])) == 0)
            return 2;
    return 0;
}

/* Shortest clause of text hitting section s; NULL if none. */
static char *best_clause(const char *text, const struct score_sec *s)
{
    size_t *off = NULL, n = cp_offsets(text, &off);
    char *best = NULL;
    size_t bestlen = (size_t)-1;
    if (n == (size_t)-1)
        return NULL;
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        int end = i == n ? 2 : clause_end(text + off[i]);
        /* keep "e.g." and "3.5" together: a dot between non-spaces */
        if (end == 1 && text[off[i]] == '.' && i + 1 < n && text[off[i + 1]] != ' ')
            end = 0;
        if (!end)
            continue;
        size_t a = off[start], b = end == 1 ? off[i + 1] : off[i];
        while (a < b && (text[a] == ' ' || text[a] == '\t'))
            a++;
        /* "and we cover the postage" reads better without the joint */
        static const char *const joints[] = {"and ", "but ", "so ", "or ", NULL};
        for (int k = 0; joints[k]; k++)
            if (b - a > strlen(joints[k]) + 4 && strncasecmp(text + a, joints[k], strlen(joints[k])) == 0)
                a += strlen(joints[k]);
        if (b > a) {
            char *clause = strndup(text + a, b - a);
            struct score_text t = {0};
            if (clause && score_text_prepare(clause, &t) == SCORE_OK) {
                for (size_t j = 0; j < s->n; j++) {
                    /* shortest, but a bare "亲" teaches little: clauses of
                     * fewer than 4 characters only when nothing longer hits */
                    size_t chars = 0;
                    for (size_t q = a; q < b; q++)
                        chars += ((unsigned char)text[q] & 0xC0) != 0x80;
                    size_t rank = chars < 4 ? 100000 + (b - a) : b - a;
                    if (score_phrase_hit(&s->ph[j], &t, 0, NULL) && rank < bestlen) {
                        free(best);
                        best = clause;
                        clause = NULL;
                        bestlen = rank;
                        break;
                    }
                }
            }
            score_text_free(&t);
            free(clause);
        }
        start = i + 1;
    }
    free(off);
    return best;
}

char *score_model_wording(const score_rubric_t *r, const char *section, kb_lang lang)
{
    const struct score_sec *s = r && section ? find_sec(r, section) : NULL;
    if (!s)
        return NULL;
    kb_lang order[2] = {lang, lang == KB_LANG_ZH ? KB_LANG_EN : KB_LANG_ZH};
    for (int i = 0; i < 2; i++) {
        if (r->answer[order[i]]) {
            char *c = best_clause(r->answer[order[i]], s);
            if (c)
                return c;
        }
    }
    for (int i = 0; i < 2; i++)     /* no model clause: a phrase in lang */
        for (size_t j = 0; j < s->n; j++)
            if (score_text_lang(s->ph[j].text) == order[i])
                return strdup(s->ph[j].text);
    return NULL;
}

/* Does a model wording end a sentence (. ! ? 。 ！ ？)? Then the line ends
 * with the quote; otherwise the language's full stop follows it:
 * 'You could say: “I'm Mei”.', '可以这样说：“我是客服小美”。' */
static bool ends_sentence(const char *w)
{
    static const char *const marks[] = {".", "!", "?", "。", "！", "？", "…", NULL};
    size_t n = strlen(w);
    for (int i = 0; marks[i]; i++) {
        size_t m = strlen(marks[i]);
        if (n >= m && strcmp(w + n - m, marks[i]) == 0)
            return true;
    }
    return false;
}

char *score_hint(const score_rubric_t *r, kb_lang lang)
{
    char names[512] = "", *wording = NULL, *hint = NULL;
    if (!r)
        return NULL;
    for (size_t i = 0; i < r->nsec; i++) {
        if (r->sec[i].item->kind != KB_RUBRIC_EXPECT)
            continue;
        size_t l = strlen(names);
        snprintf(names + l, sizeof names - l, "%s%s", l ? _(", ") : "",
                 score_section_label(r->sec[i].item->section));
    }
    /* the heaviest section's wording is the most useful single example */
    const struct score_sec *heavy = NULL;
    for (size_t i = 0; i < r->nsec; i++)
        if (r->sec[i].item->kind == KB_RUBRIC_EXPECT &&
            (!heavy || r->sec[i].item->weight > heavy->item->weight))
            heavy = &r->sec[i];
    if (heavy)
        wording = score_model_wording(r, heavy->item->section, lang);
    if (wording)
        hint = ends_sentence(wording)
             ? xasprintf(_("Cover: %s. For example: “%s”"), names, wording)
             : xasprintf(_("Cover: %s. For example: “%s”."), names, wording);
    else
        hint = xasprintf(_("Cover: %s."), names);
    free(wording);
    return hint;
}

/* ------------------------------------------------------------------ */
/* Feedback */

static int add_line(score_feedback *fb, a11y_kind kind, char *text)
{
    if (!text)
        return SCORE_NOMEM;
    score_line *l = realloc(fb->lines, (fb->n + 1) * sizeof *l);
    if (!l) {
        free(text);
        return SCORE_NOMEM;
    }
    fb->lines = l;
    fb->lines[fb->n].kind = kind;
    fb->lines[fb->n++].text = text;
    return SCORE_OK;
}

static const struct score_phrase *phrase_of(const score_rubric_t *r,
                                            const score_section *sec)
{
    const struct score_sec *s = find_sec(r, sec->name);
    for (size_t j = 0; s && j < s->n; j++)
        if (s->ph[j].text == sec->matched)
            return &s->ph[j];
    return NULL;
}

int score_feedback_build(const score_rubric_t *r, const char *answer,
                         const score_result *res, int pass_mark, kb_lang lang,
                         score_feedback *fb)
{
    char buf[1024];
    int rc = SCORE_NOMEM;
    if (!fb)
        return SCORE_INVALID;
    memset(fb, 0, sizeof *fb);
    if (!r || !res)
        return SCORE_INVALID;
    if (!answer)
        answer = "";
    kb_lang model_lang = lang;
    for (const char *p = answer; *p; p++)
        if (is_ascii_letter(*p) || (unsigned char)*p >= 0x80) {
            model_lang = score_text_lang(answer);
            break;
        }

    /* 1. the score, fatal phrases named first */
    if (res->fatal) {
        buf[0] = '\0';
        for (size_t i = 0; i < res->n_fatal; i++) {
            size_t l = strlen(buf);
            snprintf(buf + l, sizeof buf - l, "%s“%s”", i ? _(", ") : "", res->fatal_phrases[i]);
        }
        rc = add_line(fb, A11Y_SCORE, xasprintf(
            _("%d of 100, not passed. Fatal: you said %s. Never say this to a customer."),
            res->score, buf));
    } else if (res->score >= pass_mark) {
        rc = add_line(fb, A11Y_SCORE, xasprintf(_("%d of 100, passed."), res->score));
    } else {
        rc = add_line(fb, A11Y_SCORE, xasprintf(_("%d of 100, not passed (pass mark %d)."),
                                                res->score, pass_mark));
    }
    if (rc != SCORE_OK)
        goto out;

    /* 2. each missed expect section with the model wording; sections whose
     * wording is the same sentence share one line ("Not in your answer:
     * action, promise. You could say: ..."), so the listener does not hear
     * the sentence twice */
    bool missed_any = false;
    for (size_t i = 0; i < res->n_sections; i++) {
        const score_section *s = &res->sections[i];
        if (s->hit || s->bonus)
            continue;
        missed_any = true;
        char *w = score_model_wording(r, s->name, model_lang);
        bool told = false;
        for (size_t j = 0; j < i && w && !told; j++) {
            const score_section *e = &res->sections[j];
            char *ew = e->hit || e->bonus ? NULL : score_model_wording(r, e->name, model_lang);
            told = ew && strcmp(ew, w) == 0;
            free(ew);
        }
        if (told) {             /* named on the line of its first section */
            free(w);
            continue;
        }
        buf[0] = '\0';
        for (size_t j = i; j < res->n_sections; j++) {
            const score_section *e = &res->sections[j];
            char *ew = j == i || !w || e->hit || e->bonus ? NULL
                     : score_model_wording(r, e->name, model_lang);
            if (j == i || (ew && strcmp(ew, w) == 0)) {
                size_t l = strlen(buf);
                snprintf(buf + l, sizeof buf - l, "%s%s", l ? _(", ") : "",
                         score_section_label(e->name));
            }
            free(ew);
        }
        /* a sentence: what the answer lacked, then words to copy, quoted */
        rc = add_line(fb, A11Y_FEEDBACK,
                      !w ? xasprintf(_("Not in your answer: %s."), buf)
                      : ends_sentence(w)
                          ? xasprintf(_("Not in your answer: %s. You could say: “%s”"), buf, w)
                          : xasprintf(_("Not in your answer: %s. You could say: “%s”."), buf, w));
        free(w);
        if (rc != SCORE_OK)
            goto out;
    }
    /* a missed bonus is worth one line only when nothing else was missed */
    for (size_t i = 0; i < res->n_sections && !missed_any && !res->fatal; i++) {
        const score_section *s = &res->sections[i];
        if (s->hit || !s->bonus)
            continue;
        char *w = score_model_wording(r, s->name, model_lang);
        if (w) {
            const char *label = score_section_label(s->name);
            rc = add_line(fb, A11Y_FEEDBACK,
                          ends_sentence(w)
                              ? xasprintf(_("Extra points for: %s. You could say: “%s”"), label, w)
                              : xasprintf(_("Extra points for: %s. You could say: “%s”."), label, w));
            free(w);
            if (rc != SCORE_OK)
                goto out;
        }
        break;
    }

    /* 3. what went well, in the trainee's own words */
    buf[0] = '\0';
    for (size_t i = 0; i < res->n_sections; i++) {
        const score_section *s = &res->sections[i];
        if (!s->hit)
            continue;
        const struct score_phrase *p = phrase_of(r, s);
        char *q = p && !s->fuzzy ? quote_words(answer, p) : NULL;
        size_t l = strlen(buf);
        if (q) {
            snprintf(buf + l, sizeof buf - l, "%s", l ? _("; ") : "");
            l = strlen(buf);
            /* zh: 问候“你好” (no space before a full-width quote) */
            snprintf(buf + l, sizeof buf - l, _("%s “%s”"), score_section_label(s->name), q);
        } else {
            snprintf(buf + l, sizeof buf - l, "%s%s", l ? _("; ") : "",
                     score_section_label(s->name));
        }
        free(q);
    }
    if (buf[0] && (rc = add_line(fb, A11Y_FEEDBACK, xasprintf(_("Good: %s."), buf))) != SCORE_OK)
        goto out;
    rc = SCORE_OK;
out:
    if (rc != SCORE_OK)
        score_feedback_free(fb);
    return rc;
}

void score_feedback_free(score_feedback *fb)
{
    if (!fb)
        return;
    for (size_t i = 0; i < fb->n; i++)
        free(fb->lines[i].text);
    free(fb->lines);
    memset(fb, 0, sizeof *fb);
}
