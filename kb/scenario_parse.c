/* scenario_parse.c -- the directives of scenario files, one line at a time
 * (the format: docs/scenario-format.md; the lexical layer: scenario_line.c).
 *
 * The parser never stops at the first problem: each line is checked on its
 * own, a block (scenario or policy) with a broken header is still opened so
 * its later lines are checked in context rather than reported as "outside a
 * scenario", and the checks that need a whole turn or scenario run when it
 * ends. What needs every file of the library (phrase sets, slugs, use:) is
 * left to kb_library_finish(). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "scenario_line.h"

/* ------------------------------------------------------------- keywords */

enum kw {
    K_PHRASES, K_SCENARIO, K_POLICY, K_USE, K_PASS, K_TIER, K_CATEGORY,
    K_TITLE, K_BRIEF, K_ORDER, K_CUSTOMER, K_OR, K_EXPECT, K_BONUS, K_FORBID,
    K_ANSWER, K_LIMIT, K_TEXT, K_COUNT
};

enum { IN_TOP = 1, IN_SCEN = 2, IN_POL = 4, IN_TURN = 8, LANG = 16 };

static const struct {
    const char *name;
    unsigned flags;
} kws[K_COUNT] = {
    [K_PHRASES] = { "phrases", IN_TOP | IN_SCEN | IN_POL },
    [K_SCENARIO] = { "scenario", IN_TOP | IN_SCEN | IN_POL },
    [K_POLICY] = { "policy", IN_TOP | IN_SCEN | IN_POL },
    [K_USE] = { "use", IN_TOP | IN_SCEN | IN_POL },
    [K_PASS] = { "pass", IN_TOP | IN_SCEN | IN_POL },
    [K_TIER] = { "tier", IN_SCEN },
    [K_CATEGORY] = { "category", IN_SCEN | IN_POL },
    [K_TITLE] = { "title", IN_SCEN | IN_POL | LANG },
    [K_BRIEF] = { "brief", IN_SCEN | LANG },
    [K_ORDER] = { "order", IN_SCEN },
    [K_CUSTOMER] = { "customer", IN_SCEN | LANG },
    [K_OR] = { "or", IN_TURN | LANG },
    [K_EXPECT] = { "expect", IN_TURN },
    [K_BONUS] = { "bonus", IN_TURN },
    [K_FORBID] = { "forbid", IN_TURN },
    [K_ANSWER] = { "answer", IN_TURN | LANG },
    [K_LIMIT] = { "limit", IN_TURN },
    [K_TEXT] = { "text", IN_POL | LANG },
};

enum block { B_NONE, B_SCEN, B_POL };

struct ps {
    kb_library *lib;
    kb_diags *d;
    const char *name;
    size_t file;
    bool ref;
    size_t ndiag;               /* problems reported in this file */
    bool stop;                  /* too many: the rest is skipped */
    bool nomem;
    int line;
    struct kbs_line L;
    struct kbs_head h;
    bool defined;               /* the file defines anything at all */
    int pass_line;
    /* the open block */
    enum block block;
    size_t cur;                 /* index into scenarios or policies */
    int seen[K_COUNT][KB_LANG_COUNT];   /* line of a single-use directive */
    int ph_line, ph_col;        /* first {order.*} of the scenario */
    char ph_name[40];
    struct { char *s; size_t len, cap; } text[KB_LANG_COUNT];   /* policy */
    /* the open turn */
    int tseen[K_COUNT][KB_LANG_COUNT];
    int wsum, w_line, w_col;    /* expect weights; where the first one is */
    bool w_bad;                 /* a weight was wrong: don't add them up */
    int n_expect;
};

/* ---------------------------------------------------------- diagnostics */

static void vreport(struct ps *P, int line, int col, kb_severity sev,
                    const char *fmt, va_list ap)
{
    if (P->stop)
        return;
    if (++P->ndiag > KB_DIAGS_PER_FILE) {
        kbs_diag(P->d, P->name, line, col, KB_DIAG_ERROR, "too many problems "
                 "(%d); the rest of this file is not checked", KB_DIAGS_PER_FILE);
        P->stop = true;
        return;
    }
    kbs_vdiag(P->d, P->name, line, col, sev, fmt, ap);
}

__attribute__((format(printf, 3, 4)))
static void err(struct ps *P, size_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(P, P->line, kbs_col(&P->L, off), KB_DIAG_ERROR, fmt, ap);
    va_end(ap);
}

__attribute__((format(printf, 5, 6)))
static void report_at(struct ps *P, int line, int col, kb_severity sev,
                      const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(P, line, col, sev, fmt, ap);
    va_end(ap);
}

__attribute__((format(printf, 3, 4)))
static void line_report(void *ctx, int col, const char *fmt, ...)
{
    struct ps *P = ctx;
    va_list ap;
    va_start(ap, fmt);
    vreport(P, P->line, col, KB_DIAG_ERROR, fmt, ap);
    va_end(ap);
}

/* --------------------------------------------------------------- helpers */

static char *dup(struct ps *P, size_t off, size_t len)
{
    char *s = kbs_strndup(P->lib, P->L.buf + off, len);
    if (!s)
        P->nomem = true;
    return s ? s : (char *)"";
}

static kb_scenario *scen(struct ps *P)
{
    return P->block == B_SCEN ? &P->lib->scenarios[P->cur] : NULL;
}

static kb_turn *turn(struct ps *P)
{
    kb_scenario *s = scen(P);
    return s && s->n_turns ? &s->turns[s->n_turns - 1] : NULL;
}

/* A whole number in s[0..n), optionally followed by suffix; -1 if not. */
static long number(const char *s, size_t n, const char *suffix)
{
    size_t sl = suffix ? strlen(suffix) : 0;
    long v = 0;
    if (sl && n > sl && memcmp(s + n - sl, suffix, sl) == 0)
        n -= sl;
    if (n == 0 || n > 6)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Check the {placeholders} of text at off..off+len. Scenarios may use the
 * order ones (if they name an order, checked when the scenario ends);
 * phrase sets may too; policies none. */
static void placeholders(struct ps *P, size_t off, size_t len, bool allowed)
{
    const char *s = P->L.buf;
    for (size_t i = off; i < off + len; i++) {
        if (s[i] != '{')
            continue;
        size_t j = i + 1;
        while (j < off + len && s[j] != '}' && s[j] != '{')
            j++;
        if (j >= off + len || s[j] != '}') {
            err(P, i, "unclosed '{'; a placeholder looks like {order.id}");
            continue;
        }
        size_t nl = j - i - 1;
        if (!kb_placeholder_known(s + i + 1, nl)) {
            const char *best = NULL;
            int bd = 4;
            for (const char *const *k = kb_placeholder_names(); *k; k++) {
                int dd = kbs_distance(s + i + 1, nl, *k);
                if (dd < bd) {
                    bd = dd;
                    best = *k;
                }
            }
            if (best)
                err(P, i, "unknown placeholder {%.*s}; did you mean {%s}?",
                    (int)(nl > 40 ? 40 : nl), s + i + 1, best);
            else
                err(P, i, "unknown placeholder {%.*s}; the placeholders are "
                    "{order.id}, {order.item}, {order.status} and the other "
                    "{order.*} names of the format", (int)(nl > 40 ? 40 : nl), s + i + 1);
        } else if (!allowed) {
            err(P, i, "a policy cannot use placeholders such as {%.*s}",
                (int)nl, s + i + 1);
        } else if (P->block == B_SCEN && P->ph_line == 0) {
            P->ph_line = P->line;
            P->ph_col = kbs_col(&P->L, i);
            snprintf(P->ph_name, sizeof P->ph_name, "%.*s", (int)nl, s + i + 1);
        }
        i = j;
    }
}

/* Split "a | b | $set" at off..off+len into phrases. '|' and the
 * full-width '｜' both separate. Returns the number added. */
static size_t phrases(struct ps *P, size_t off, size_t len, kb_phrase **out,
                      size_t *n)
{
    const char *s = P->L.buf;
    size_t start = off, end = off + len, added = 0;

    for (size_t i = off; i <= end; i++) {
        size_t sl = 0;
        if (i < end && s[i] == '|')
            sl = 1;
        else if (i + 3 <= end && memcmp(s + i, "\xEF\xBD\x9C", 3) == 0)
            sl = 3;
        if (i < end && !sl)
            continue;
        size_t a = start, b = i;
        while (a < b && (s[a] == ' ' || s[a] == '\t'))
            a++;
        while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
            b--;
        if (a == b) {
            err(P, i < end ? i : (start > off ? start - 1 : off),
                "empty phrase; write a word or phrase between the '|' signs");
        } else if (s[a] == '$' && !kbs_is_setname(s + a + 1, b - a - 1)) {
            err(P, a, "'%.*s' is not a phrase set name; names use letters, "
                "digits, '-' and '_'", (int)(b - a > 40 ? 40 : b - a), s + a);
        } else if (kbs_grow(out, *n, sizeof **out) != 0) {
            P->nomem = true;
        } else {
            kb_phrase *p = &(*out)[(*n)++];
            p->text = dup(P, a, b - a);
            p->lang = kbs_detect_lang(p->text);
            added++;
            if (s[a] == '$') {
                struct kb_library_priv *pv = P->lib->priv;
                if (kbs_grow(&pv->refs, pv->n_refs, sizeof *pv->refs) != 0) {
                    P->nomem = true;
                } else {
                    pv->refs[pv->n_refs++] = (struct kbs_ref){
                        p->text, P->file, P->line, kbs_col(&P->L, a) };
                }
            } else {
                placeholders(P, a, b - a, true);
            }
        }
        start = i + sl;
        if (sl)
            i += sl - 1;
    }
    return added;
}

/* ------------------------------------------------------ blocks and turns */

static void close_turn(struct ps *P)
{
    kb_scenario *s = scen(P);
    kb_turn *t = turn(P);
    if (!t)
        return;
    int no = (int)s->n_turns;
    if (P->n_expect == 0)
        report_at(P, t->line, 1, KB_DIAG_ERROR, "turn %d of scenario '%s' has "
                  "no 'expect' line; say what a good answer contains", no, s->slug);
    else if (!P->w_bad && P->wsum != 100)
        report_at(P, P->w_line, P->w_col, KB_DIAG_ERROR, "the expect weights of "
                  "turn %d add up to %d; they must add up to 100", no, P->wsum);
    if (!t->answer[KB_LANG_ZH] && !t->answer[KB_LANG_EN])
        report_at(P, t->line, 1, KB_DIAG_WARNING, "turn %d of scenario '%s' has "
                  "no 'answer:' (a model answer)", no, s->slug);
    memset(P->tseen, 0, sizeof P->tseen);
    P->wsum = P->w_line = P->w_col = P->n_expect = 0;
    P->w_bad = false;
}

static char *take_text(struct ps *P, int lang)
{
    char *s = NULL;
    if (P->text[lang].s) {
        s = kbs_strndup(P->lib, P->text[lang].s, P->text[lang].len);
        if (!s)
            P->nomem = true;
    }
    free(P->text[lang].s);
    memset(&P->text[lang], 0, sizeof P->text[lang]);
    return s;
}

static void close_block(struct ps *P)
{
    if (P->block == B_SCEN) {
        kb_scenario *s = scen(P);
        close_turn(P);
        if (s->tier == KB_TIER_NONE && !P->seen[K_TIER][0])
            report_at(P, s->line, s->col, KB_DIAG_ERROR, "scenario '%s' has no "
                      "'tier:' line (basic, intermediate or advanced)", s->slug);
        if (!s->title[KB_LANG_ZH])
            report_at(P, s->line, s->col, KB_DIAG_ERROR, "scenario '%s' has no "
                      "'title:' line", s->slug);
        if (!s->title[KB_LANG_EN])
            report_at(P, s->line, s->col, KB_DIAG_WARNING, "scenario '%s' has no "
                      "'title@en:' line (the English title)", s->slug);
        if (!s->category) {
            report_at(P, s->line, s->col, KB_DIAG_WARNING, "scenario '%s' has no "
                      "'category:' line; it is listed under 'general'", s->slug);
            s->category = kbs_strdup(P->lib, "general");
        }
        if (s->n_turns == 0)
            report_at(P, s->line, s->col, KB_DIAG_ERROR, "scenario '%s' has no "
                      "turns; a turn starts with a 'customer:' line", s->slug);
        if (P->ph_line && !s->order_id)
            report_at(P, P->ph_line, P->ph_col, KB_DIAG_ERROR, "scenario '%s' "
                      "uses {%s} but has no 'order:' line naming a practice "
                      "order", s->slug, P->ph_name);
    } else if (P->block == B_POL) {
        kb_policy *p = &P->lib->policies[P->cur];
        p->text[KB_LANG_ZH] = take_text(P, KB_LANG_ZH);
        p->text[KB_LANG_EN] = take_text(P, KB_LANG_EN);
        if (!p->title[KB_LANG_ZH])
            report_at(P, p->line, p->col, KB_DIAG_ERROR, "policy '%s' has no "
                      "'title:' line", p->slug);
        if (!p->text[KB_LANG_ZH])
            report_at(P, p->line, p->col, KB_DIAG_ERROR, "policy '%s' has no "
                      "'text:' line", p->slug);
        if (!p->title[KB_LANG_EN])
            report_at(P, p->line, p->col, KB_DIAG_WARNING, "policy '%s' has no "
                      "'title@en:' line (the English title)", p->slug);
        if (!p->category) {
            report_at(P, p->line, p->col, KB_DIAG_WARNING, "policy '%s' has no "
                      "'category:' line; it is listed under 'general'", p->slug);
            p->category = kbs_strdup(P->lib, "general");
        }
    }
    P->block = B_NONE;
    memset(P->seen, 0, sizeof P->seen);
    P->ph_line = P->ph_col = 0;
}

/* The slug of scenario:/policy:/use: at the value; "" when missing. */
static char *slug(struct ps *P, const char *what)
{
    const struct kbs_head *h = &P->h;
    if (h->vallen == 0) {
        err(P, h->sep, "'%s:' needs a slug, e.g. '%s: damaged-item'", what, what);
        return dup(P, 0, 0);
    }
    if (!kbs_is_slug(P->L.buf + h->val, h->vallen))
        err(P, h->val, "bad slug '%.*s'; a slug uses only a-z, 0-9 and '-'",
            (int)(h->vallen > 60 ? 60 : h->vallen), P->L.buf + h->val);
    else if (h->vallen > 64)
        err(P, h->val, "the slug is longer than 64 characters");
    return dup(P, h->val, h->vallen);
}

static void add_step(struct ps *P, char *s, bool use)
{
    kb_file *f = &P->lib->files[P->file];
    if (kbs_grow(&f->steps, f->n_steps, sizeof *f->steps) != 0) {
        P->nomem = true;
        return;
    }
    f->steps[f->n_steps++] = (kb_drill_step){ s, use, P->line,
                                              kbs_col(&P->L, P->h.val) };
}

static void open_scenario(struct ps *P)
{
    close_block(P);
    char *s = slug(P, "scenario");
    kb_library *lib = P->lib;
    if (kbs_grow(&lib->scenarios, lib->n_scenarios, sizeof *lib->scenarios) != 0) {
        P->nomem = true;
        return;
    }
    P->cur = lib->n_scenarios++;
    kb_scenario *sc = &lib->scenarios[P->cur];
    sc->slug = s;
    sc->file = P->file;
    sc->line = P->line;
    sc->col = kbs_col(&P->L, P->h.vallen ? P->h.val : P->h.kw);
    sc->reference = P->ref;
    P->block = B_SCEN;
    add_step(P, s, false);
}

static void open_policy(struct ps *P)
{
    close_block(P);
    char *s = slug(P, "policy");
    kb_library *lib = P->lib;
    if (kbs_grow(&lib->policies, lib->n_policies, sizeof *lib->policies) != 0) {
        P->nomem = true;
        return;
    }
    P->cur = lib->n_policies++;
    kb_policy *p = &lib->policies[P->cur];
    p->slug = s;
    p->file = P->file;
    p->line = P->line;
    p->col = kbs_col(&P->L, P->h.vallen ? P->h.val : P->h.kw);
    p->reference = P->ref;
    P->block = B_POL;
}

/* `phrases: NAME = a | b` */
static void phrase_set(struct ps *P)
{
    const char *s = P->L.buf;
    size_t v = P->h.val, end = P->h.val + P->h.vallen, i = v;
    while (i < end && s[i] != '=' && s[i] != ' ' && s[i] != '\t')
        i++;
    size_t name_end = i;
    while (i < end && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (name_end == v || i >= end || s[i] != '=') {
        err(P, name_end == v ? P->h.sep : i, "write a phrase set as "
            "'phrases: NAME = phrase | phrase'");
        return;
    }
    if (!kbs_is_setname(s + v, name_end - v)) {
        err(P, v, "bad phrase set name '%.*s'; names use letters, digits, '-' "
            "and '_'", (int)(name_end - v > 40 ? 40 : name_end - v), s + v);
        return;
    }
    kb_library *lib = P->lib;
    if (kbs_grow(&lib->phrase_sets, lib->n_phrase_sets, sizeof *lib->phrase_sets) != 0) {
        P->nomem = true;
        return;
    }
    kb_phrase_set *ps = &lib->phrase_sets[lib->n_phrase_sets++];
    ps->name = dup(P, v, name_end - v);
    ps->file = P->file;
    ps->line = P->line;
    ps->col = kbs_col(&P->L, v);
    ps->reference = P->ref;
    if (phrases(P, i + 1, end - i - 1, &ps->phrases, &ps->n_phrases) == 0 &&
        end == i + 1)
        err(P, i, "phrase set '%s' has no phrases after '='", ps->name);
}

/* `expect 20 greeting: ...`, `bonus 10 closing: ...`, `forbid: ...` */
static void rubric(struct ps *P, enum kw k)
{
    const char *s = P->L.buf;
    const struct kbs_head *h = &P->h;
    kb_turn *t = turn(P);
    size_t a = h->args, end = h->args + h->argslen;
    kb_rubric_item it = { .line = P->line, .col = kbs_col(&P->L, h->kw) };
    bool ok = true;

    it.kind = k == K_EXPECT ? KB_RUBRIC_EXPECT : k == K_BONUS ? KB_RUBRIC_BONUS
                                                               : KB_RUBRIC_FORBID;
    if (k == K_FORBID) {
        if (h->argslen) {
            err(P, a, "'forbid' takes no weight or section; write "
                "'forbid: phrase | phrase'");
            ok = false;
        }
    } else {
        size_t w = a;
        while (w < end && s[w] != ' ' && s[w] != '\t')
            w++;
        size_t sec = w;
        while (sec < end && (s[sec] == ' ' || s[sec] == '\t'))
            sec++;
        size_t sec_end = sec;
        while (sec_end < end && s[sec_end] != ' ' && s[sec_end] != '\t')
            sec_end++;
        long weight = number(s + a, w - a, "%");
        if (h->argslen == 0 || sec == end) {
            err(P, h->argslen ? a : h->sep, "'%s' needs a weight and a section, "
                "e.g. '%s 20 greeting: ...'", kws[k].name, kws[k].name);
            ok = false;
        } else if (weight < 1 || weight > 100) {
            err(P, a, "the weight '%.*s' must be a whole number from 1 to 100",
                (int)(w - a > 20 ? 20 : w - a), s + a);
            ok = false;
        } else if (sec_end != end) {
            err(P, sec_end, "unexpected text after the section name; write "
                "'%s WEIGHT SECTION: phrases'", kws[k].name);
            ok = false;
        }
        if (ok) {
            it.weight = (int)weight;
            it.section = dup(P, sec, sec_end - sec);
        }
        if (k == K_EXPECT) {
            if (!ok)
                P->w_bad = true;
            if (P->n_expect++ == 0) {
                P->w_line = P->line;
                P->w_col = kbs_col(&P->L, a < end ? a : h->kw);
            }
            P->wsum += it.weight;
        }
    }
    if (h->vallen == 0) {
        err(P, h->sep, "'%s' needs at least one phrase after ':'", kws[k].name);
        return;
    }
    phrases(P, h->val, h->vallen, &it.phrases, &it.n_phrases);
    if (!ok || it.n_phrases == 0) {
        free(it.phrases);
        return;
    }
    if (kbs_grow(&t->rubric, t->n_rubric, sizeof *t->rubric) != 0) {
        free(it.phrases);
        P->nomem = true;
        return;
    }
    t->rubric[t->n_rubric++] = it;
}

/* `limit: 60s`, `2m`, `90`, `1m30s` */
static void limit(struct ps *P)
{
    const char *s = P->L.buf + P->h.val;
    size_t n = P->h.vallen, i = 0;
    long total = 0, v;
    bool ok = n > 0;
    while (ok && i < n) {
        size_t j = i;
        while (j < n && s[j] >= '0' && s[j] <= '9')
            j++;
        v = number(s + i, j - i, NULL);
        if (v < 0) {
            ok = false;
            break;
        }
        if (j < n && s[j] == 'm') {
            total += v * 60;
            j++;
        } else if (j < n && s[j] == 's') {
            total += v;
            j++;
        } else if (j == n && i == 0) {
            total += v;
        } else {
            ok = false;
        }
        i = j;
    }
    if (!ok) {
        err(P, P->h.val, "bad limit '%.*s'; write seconds like '60s' or "
            "minutes like '2m'", (int)(n > 20 ? 20 : n), s);
        return;
    }
    if (total < KB_LIMIT_MIN || total > KB_LIMIT_MAX) {
        err(P, P->h.val, "limit %ld s is out of range; it must be %d to %d "
            "seconds", total, KB_LIMIT_MIN, KB_LIMIT_MAX);
        return;
    }
    turn(P)->limit_s = (int)total;
}

/* ------------------------------------------------------------ directives */

static bool single(struct ps *P, int seen[K_COUNT][KB_LANG_COUNT], enum kw k, int lang)
{
    if (seen[k][lang]) {
        err(P, P->h.kw, "duplicate '%s%s:'; it was already given on line %d",
            kws[k].name, lang == KB_LANG_EN ? "@en" : "", seen[k][lang]);
        return false;
    }
    seen[k][lang] = P->line;
    return true;
}

static void tier(struct ps *P)
{
    const char *v = P->L.buf + P->h.val;
    size_t n = P->h.vallen;
    for (int t = KB_TIER_BASIC; t <= KB_TIER_ADVANCED; t++) {
        const char *name = kb_tier_name((kb_tier)t);
        if (strlen(name) == n && memcmp(name, v, n) == 0) {
            scen(P)->tier = (kb_tier)t;
            return;
        }
    }
    err(P, P->h.val, "unknown tier '%.*s'; use basic, intermediate or advanced",
        (int)(n > 40 ? 40 : n), v);
}

static void customer(struct ps *P, enum kw k, int lang)
{
    kb_scenario *s = scen(P);
    kb_turn *t = turn(P);
    const struct kbs_head *h = &P->h;

    placeholders(P, h->val, h->vallen, true);
    if (lang == KB_LANG_EN) {
        /* customer@en translates the turn's customer:, or@en the last or: */
        kb_variant *v = NULL;
        if (k == K_CUSTOMER && t)
            v = &t->customers[0];
        else if (k == K_OR && t && t->n_customers > 1)
            v = &t->customers[t->n_customers - 1];
        if (!v) {
            err(P, h->kw, "'%s@en:' translates the '%s:' line before it; write "
                "that line first", kws[k].name, kws[k].name);
        } else if (v->text[KB_LANG_EN]) {
            err(P, h->kw, "the '%s:' line %d already has an English version",
                kws[k].name, v->line);
        } else {
            v->text[KB_LANG_EN] = dup(P, h->val, h->vallen);
        }
        return;
    }
    if (k == K_CUSTOMER) {
        close_turn(P);
        if (kbs_grow(&s->turns, s->n_turns, sizeof *s->turns) != 0) {
            P->nomem = true;
            return;
        }
        t = &s->turns[s->n_turns++];
        t->line = P->line;
    }
    if (kbs_grow(&t->customers, t->n_customers, sizeof *t->customers) != 0) {
        P->nomem = true;
        return;
    }
    kb_variant *v = &t->customers[t->n_customers++];
    v->text[KB_LANG_ZH] = dup(P, h->val, h->vallen);
    v->line = P->line;
}

static void policy_text(struct ps *P, int lang)
{
    size_t need = P->text[lang].len + P->h.vallen + 2;
    placeholders(P, P->h.val, P->h.vallen, false);
    if (need > P->text[lang].cap) {
        size_t cap = need * 2;
        char *b = realloc(P->text[lang].s, cap);
        if (!b) {
            P->nomem = true;
            return;
        }
        P->text[lang].s = b;
        P->text[lang].cap = cap;
    }
    char *b = P->text[lang].s;
    if (P->text[lang].len)
        b[P->text[lang].len++] = '\n';
    memcpy(b + P->text[lang].len, P->L.buf + P->h.val, P->h.vallen);
    P->text[lang].len += P->h.vallen;
    b[P->text[lang].len] = '\0';
}

static bool is_order_id(const char *s, size_t n)
{
    if (n == 0 || n > 40)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
              (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_'))
            return false;
    return true;
}

/* Where a keyword may stand, checked before it is acted on. */
static bool in_place(struct ps *P, enum kw k)
{
    unsigned f = kws[k].flags;
    const char *name = kws[k].name;
    if (f & IN_TOP)
        return true;
    if (P->block == B_NONE) {
        err(P, P->h.kw, "'%s:' is outside a scenario; it must follow a '%s' "
            "line", name, (f & IN_SCEN) || (f & IN_TURN) ? "scenario:" : "policy:");
        return false;
    }
    if (P->block == B_POL && !(f & IN_POL)) {
        err(P, P->h.kw, "'%s:' is not allowed in a policy (policy '%s' starts "
            "on line %d)", name, P->lib->policies[P->cur].slug,
            P->lib->policies[P->cur].line);
        return false;
    }
    if (P->block == B_SCEN && !(f & (IN_SCEN | IN_TURN))) {
        err(P, P->h.kw, "'%s:' belongs in a policy, not in scenario '%s'",
            name, scen(P)->slug);
        return false;
    }
    if ((f & IN_TURN) && !turn(P)) {
        err(P, P->h.kw, "'%s' must follow the 'customer:' line of its turn",
            name);
        return false;
    }
    return true;
}

static void directive(struct ps *P)
{
    const struct kbs_head *h = &P->h;
    const char *s = P->L.buf;
    int lang = KB_LANG_ZH;
    enum kw k;

    if (h->kwlen == 0) {
        err(P, h->kw, "this line does not start with a keyword; write "
            "'keyword: value', e.g. 'customer: ...'");
        return;
    }
    for (k = 0; k < K_COUNT; k++)
        if (strlen(kws[k].name) == h->kwlen && memcmp(kws[k].name, s + h->kw, h->kwlen) == 0)
            break;
    if (k == K_COUNT) {
        int best = 3;
        const char *sugg = NULL;
        for (int i = 0; i < K_COUNT; i++) {
            int dd = kbs_distance(s + h->kw, h->kwlen, kws[i].name);
            if (dd < best) {
                best = dd;
                sugg = kws[i].name;
            }
        }
        if (sugg)
            err(P, h->kw, "unknown keyword '%.*s'; did you mean '%s'?",
                (int)(h->kwlen > 30 ? 30 : h->kwlen), s + h->kw, sugg);
        else
            err(P, h->kw, "unknown keyword '%.*s'", (int)(h->kwlen > 30 ? 30 : h->kwlen),
                s + h->kw);
        return;
    }
    if (h->has_lang) {
        if (!(kws[k].flags & LANG)) {
            err(P, h->at - 1, "'%s' has no language versions; remove '@%.*s'",
                kws[k].name, (int)(h->langlen > 10 ? 10 : h->langlen), s + h->at);
            return;
        }
        if (h->langlen == 2 && memcmp(s + h->at, "en", 2) == 0) {
            lang = KB_LANG_EN;
        } else if (!(h->langlen == 2 && memcmp(s + h->at, "zh", 2) == 0)) {
            err(P, h->at, "unknown language '@%.*s'; use @zh or @en",
                (int)(h->langlen > 10 ? 10 : h->langlen), s + h->at);
            return;
        }
    }
    if (!h->has_sep) {
        err(P, h->args, "missing ':' after '%s'", kws[k].name);
        return;
    }
    if (h->argslen && k != K_EXPECT && k != K_BONUS && k != K_FORBID) {
        err(P, h->args, "unexpected '%.*s' between '%s' and ':'",
            (int)(h->argslen > 30 ? 30 : h->argslen), s + h->args, kws[k].name);
        return;
    }
    if (!in_place(P, k))
        return;
    if (h->vallen == 0 && k != K_EXPECT && k != K_BONUS && k != K_FORBID &&
        k != K_SCENARIO && k != K_POLICY && k != K_USE && k != K_PHRASES) {
        err(P, h->sep, "'%s:' needs a value after the ':'", kws[k].name);
        return;
    }

    switch (k) {
    case K_PHRASES:
        P->defined = true;
        phrase_set(P);
        break;
    case K_SCENARIO:
        P->defined = true;
        open_scenario(P);
        break;
    case K_POLICY:
        P->defined = true;
        open_policy(P);
        break;
    case K_USE:
        P->defined = true;
        close_block(P);
        add_step(P, slug(P, "use"), true);
        break;
    case K_PASS: {
        long v = number(s + h->val, h->vallen, "%");
        if (P->pass_line)
            err(P, h->kw, "duplicate 'pass:'; it was already given on line %d",
                P->pass_line);
        else if (v < 0 || v > 100)
            err(P, h->val, "the pass mark must be a whole number from 0 to 100");
        else {
            P->lib->files[P->file].pass = (int)v;
            P->pass_line = P->line;
        }
        break;
    }
    case K_TIER:
        if (single(P, P->seen, k, lang))
            tier(P);
        break;
    case K_CATEGORY:
        if (single(P, P->seen, k, lang)) {
            char *c = dup(P, h->val, h->vallen);
            if (P->block == B_SCEN)
                scen(P)->category = c;
            else
                P->lib->policies[P->cur].category = c;
        }
        break;
    case K_TITLE:
        if (single(P, P->seen, k, lang)) {
            char *t = dup(P, h->val, h->vallen);
            placeholders(P, h->val, h->vallen, P->block == B_SCEN);
            if (P->block == B_SCEN)
                scen(P)->title[lang] = t;
            else
                P->lib->policies[P->cur].title[lang] = t;
        }
        break;
    case K_BRIEF:
        if (single(P, P->seen, k, lang)) {
            placeholders(P, h->val, h->vallen, true);
            scen(P)->brief[lang] = dup(P, h->val, h->vallen);
        }
        break;
    case K_ORDER:
        if (!single(P, P->seen, k, lang))
            break;
        if (!is_order_id(s + h->val, h->vallen))
            err(P, h->val, "bad order number '%.*s'; use letters, digits, '-' "
                "and '_' (e.g. TB20240315001)", (int)(h->vallen > 40 ? 40 : h->vallen),
                s + h->val);
        else
            scen(P)->order_id = dup(P, h->val, h->vallen);
        break;
    case K_CUSTOMER:
    case K_OR:
        customer(P, k, lang);
        break;
    case K_EXPECT:
    case K_BONUS:
    case K_FORBID:
        rubric(P, k);
        break;
    case K_ANSWER:
        if (single(P, P->tseen, k, lang)) {
            placeholders(P, h->val, h->vallen, true);
            turn(P)->answer[lang] = dup(P, h->val, h->vallen);
        }
        break;
    case K_LIMIT:
        if (single(P, P->tseen, k, lang))
            limit(P);
        break;
    case K_TEXT:
        policy_text(P, lang);
        break;
    case K_COUNT:
        break;
    }
}

/* ------------------------------------------------------------------ file */

int kbs_parse(kb_library *lib, const char *name, const char *buf, size_t len,
              bool reference, kb_diags *d)
{
    struct ps P;
    size_t pos = 0;
    int line = 0;

    memset(&P, 0, sizeof P);
    P.lib = lib;
    P.d = d;
    P.ref = reference;
    if (kbs_grow(&lib->files, lib->n_files, sizeof *lib->files) != 0)
        return KB_NOMEM;
    kb_file *f = &lib->files[lib->n_files];
    f->name = kbs_strdup(lib, name);
    if (!f->name)
        return KB_NOMEM;
    f->reference = reference;
    f->pass = -1;
    P.file = lib->n_files++;
    P.name = f->name;

    while (pos < len && !P.stop && !P.nomem) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - buf) : len;
        size_t n = end - pos;
        P.line = ++line;
        if (n && buf[pos + n - 1] == '\r')
            n--;                /* CRLF line ends are fine */
        int rc = kbs_line_clean(&P.L, buf + pos, n, line == 1, line_report, &P);
        if (rc == -2)
            P.nomem = true;
        if (rc == 0) {
            kbs_line_split(&P.L, &P.h);
            if (!P.h.empty)
                directive(&P);
        }
        pos = end + 1;
    }
    if (!P.stop && !P.nomem) {
        close_block(&P);
        if (!P.defined)
            report_at(&P, 0, 0, KB_DIAG_WARNING, "no scenarios in this file");
    }
    free(P.L.buf);
    for (int i = 0; i < KB_LANG_COUNT; i++)
        free(P.text[i].s);
    return P.nomem ? KB_NOMEM : KB_OK;
}
