/* scenario_block.c -- the parts of the scenario parser that build the data
 * model: blocks (scenario, policy) and the checks when one ends, turns and
 * their weights, rubric lines, phrase lists and placeholders, limits. The
 * directives that call them and the line loop are in scenario_parse.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "scenario_parse.h"

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

void kbs_err(struct ps *P, size_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(P, P->line, kbs_col(&P->L, off), KB_DIAG_ERROR, fmt, ap);
    va_end(ap);
}

void kbs_report_at(struct ps *P, int line, int col, kb_severity sev,
                      const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(P, line, col, sev, fmt, ap);
    va_end(ap);
}

void kbs_line_problem(void *ctx, int col, const char *fmt, ...)
{
    struct ps *P = ctx;
    va_list ap;
    va_start(ap, fmt);
    vreport(P, P->line, col, KB_DIAG_ERROR, fmt, ap);
    va_end(ap);
}

/* --------------------------------------------------------------- helpers */

char *kbs_dup(struct ps *P, size_t off, size_t len)
{
    char *s = kbs_strndup(P->lib, P->L.buf + off, len);
    if (!s)
        P->nomem = true;
    return s ? s : (char *)"";
}

kb_scenario *kbs_scen(struct ps *P)
{
    return P->block == B_SCEN ? &P->lib->scenarios[P->cur] : NULL;
}

kb_turn *kbs_turn(struct ps *P)
{
    kb_scenario *s = kbs_scen(P);
    return s && s->n_turns ? &s->turns[s->n_turns - 1] : NULL;
}

/* A whole number in s[0..n), optionally followed by suffix; -1 if not. */
long kbs_number(const char *s, size_t n, const char *suffix)
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
void kbs_placeholders(struct ps *P, size_t off, size_t len, bool allowed)
{
    const char *s = P->L.buf;
    for (size_t i = off; i < off + len; i++) {
        if (s[i] != '{')
            continue;
        size_t j = i + 1;
        while (j < off + len && s[j] != '}' && s[j] != '{')
            j++;
        if (j >= off + len || s[j] != '}') {
            kbs_err(P, i, "unclosed '{'; a placeholder looks like {order.id}");
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
                kbs_err(P, i, "unknown placeholder {%.*s}; did you mean {%s}?",
                    kbs_clip(s + i + 1, nl, 40), s + i + 1, best);
            else
                kbs_err(P, i, "unknown placeholder {%.*s}; the placeholders are "
                    "{order.id}, {order.item}, {order.status} and the other "
                    "{order.*} names of the format",
                    kbs_clip(s + i + 1, nl, 40), s + i + 1);
        } else if (!allowed) {
            kbs_err(P, i, "a policy cannot use placeholders such as {%.*s}",
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
            kbs_err(P, i < end ? i : (start > off ? start - 1 : off),
                "empty phrase; write a word or phrase between the '|' signs");
        } else if (s[a] == '$' && !kbs_is_setname(s + a + 1, b - a - 1)) {
            kbs_err(P, a, "'%.*s' is not a phrase set name; names use letters, "
                "digits, '-' and '_'", kbs_clip(s + a, b - a, 40), s + a);
        } else if (kbs_grow(out, *n, sizeof **out) != 0) {
            P->nomem = true;
        } else {
            kb_phrase *p = &(*out)[(*n)++];
            p->text = kbs_dup(P, a, b - a);
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
                kbs_placeholders(P, a, b - a, true);
            }
        }
        start = i + sl;
        if (sl)
            i += sl - 1;
    }
    return added;
}

/* ------------------------------------------------------ blocks and turns */

void kbs_close_turn(struct ps *P)
{
    kb_scenario *s = kbs_scen(P);
    kb_turn *t = kbs_turn(P);
    if (!t)
        return;
    int no = (int)s->n_turns;
    if (P->n_expect == 0)
        kbs_report_at(P, t->line, 1, KB_DIAG_ERROR, "turn %d of scenario '%s' has "
                  "no 'expect' line; say what a good answer contains", no, s->slug);
    else if (!P->w_bad && P->wsum != 100)
        kbs_report_at(P, P->w_line, P->w_col, KB_DIAG_ERROR, "the expect weights of "
                  "turn %d add up to %d; they must add up to 100", no, P->wsum);
    if (!t->answer[KB_LANG_ZH] && !t->answer[KB_LANG_EN])
        kbs_report_at(P, t->line, 1, KB_DIAG_WARNING, "turn %d of scenario '%s' has "
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

void kbs_close_block(struct ps *P)
{
    if (P->block == B_SCEN) {
        kb_scenario *s = kbs_scen(P);
        kbs_close_turn(P);
        if (s->tier == KB_TIER_NONE && !P->seen[K_TIER][0])
            kbs_report_at(P, s->line, s->col, KB_DIAG_ERROR, "scenario '%s' has no "
                      "'tier:' line (basic, intermediate or advanced)", s->slug);
        if (!s->title[KB_LANG_ZH])
            kbs_report_at(P, s->line, s->col, KB_DIAG_ERROR, "scenario '%s' has no "
                      "'title:' line", s->slug);
        if (!s->title[KB_LANG_EN])
            kbs_report_at(P, s->line, s->col, KB_DIAG_WARNING, "scenario '%s' has no "
                      "'title@en:' line (the English title)", s->slug);
        if (!s->category) {
            kbs_report_at(P, s->line, s->col, KB_DIAG_WARNING, "scenario '%s' has no "
                      "'category:' line; it is listed under 'general'", s->slug);
            s->category = kbs_strdup(P->lib, "general");
        }
        if (s->n_turns == 0)
            kbs_report_at(P, s->line, s->col, KB_DIAG_ERROR, "scenario '%s' has no "
                      "turns; a turn starts with a 'customer:' line", s->slug);
        if (P->ph_line && !s->order_id)
            kbs_report_at(P, P->ph_line, P->ph_col, KB_DIAG_ERROR, "scenario '%s' "
                      "uses {%s} but has no 'order:' line naming a practice "
                      "order", s->slug, P->ph_name);
    } else if (P->block == B_POL) {
        kb_policy *p = &P->lib->policies[P->cur];
        p->text[KB_LANG_ZH] = take_text(P, KB_LANG_ZH);
        p->text[KB_LANG_EN] = take_text(P, KB_LANG_EN);
        if (!p->title[KB_LANG_ZH])
            kbs_report_at(P, p->line, p->col, KB_DIAG_ERROR, "policy '%s' has no "
                      "'title:' line", p->slug);
        if (!p->text[KB_LANG_ZH])
            kbs_report_at(P, p->line, p->col, KB_DIAG_ERROR, "policy '%s' has no "
                      "'text:' line", p->slug);
        if (!p->title[KB_LANG_EN])
            kbs_report_at(P, p->line, p->col, KB_DIAG_WARNING, "policy '%s' has no "
                      "'title@en:' line (the English title)", p->slug);
        if (!p->category) {
            kbs_report_at(P, p->line, p->col, KB_DIAG_WARNING, "policy '%s' has no "
                      "'category:' line; it is listed under 'general'", p->slug);
            p->category = kbs_strdup(P->lib, "general");
        }
    }
    P->block = B_NONE;
    memset(P->seen, 0, sizeof P->seen);
    P->ph_line = P->ph_col = 0;
}

/* The slug of scenario:/policy:/use: at the value; "" when missing. */
char *kbs_slug(struct ps *P, const char *what)
{
    const struct kbs_head *h = &P->h;
    if (h->vallen == 0) {
        kbs_err(P, h->sep, "'%s:' needs a slug, e.g. '%s: damaged-item'", what, what);
        return kbs_dup(P, 0, 0);
    }
    if (!kbs_is_slug(P->L.buf + h->val, h->vallen))
        kbs_err(P, h->val, "bad slug '%.*s'; a slug uses only a-z, 0-9 and '-'",
            kbs_clip(P->L.buf + h->val, h->vallen, 60), P->L.buf + h->val);
    else if (h->vallen > 64)
        kbs_err(P, h->val, "the slug is longer than 64 characters");
    return kbs_dup(P, h->val, h->vallen);
}

void kbs_add_step(struct ps *P, char *s, bool use)
{
    kb_file *f = &P->lib->files[P->file];
    if (kbs_grow(&f->steps, f->n_steps, sizeof *f->steps) != 0) {
        P->nomem = true;
        return;
    }
    f->steps[f->n_steps++] = (kb_drill_step){ s, use, P->line,
                                              kbs_col(&P->L, P->h.val) };
}

void kbs_open_scenario(struct ps *P)
{
    kbs_close_block(P);
    char *s = kbs_slug(P, "scenario");
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
    kbs_add_step(P, s, false);
}

void kbs_open_policy(struct ps *P)
{
    kbs_close_block(P);
    char *s = kbs_slug(P, "policy");
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
void kbs_phrase_set(struct ps *P)
{
    const char *s = P->L.buf;
    size_t v = P->h.val, end = P->h.val + P->h.vallen, i = v;
    while (i < end && s[i] != '=' && s[i] != ' ' && s[i] != '\t')
        i++;
    size_t name_end = i;
    while (i < end && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (name_end == v || i >= end || s[i] != '=') {
        kbs_err(P, name_end == v ? P->h.sep : i, "write a phrase set as "
            "'phrases: NAME = phrase | phrase'");
        return;
    }
    if (!kbs_is_setname(s + v, name_end - v)) {
        kbs_err(P, v, "bad phrase set name '%.*s'; names use letters, digits, '-' "
            "and '_'", kbs_clip(s + v, name_end - v, 40), s + v);
        return;
    }
    kb_library *lib = P->lib;
    if (kbs_grow(&lib->phrase_sets, lib->n_phrase_sets, sizeof *lib->phrase_sets) != 0) {
        P->nomem = true;
        return;
    }
    kb_phrase_set *ps = &lib->phrase_sets[lib->n_phrase_sets++];
    ps->name = kbs_dup(P, v, name_end - v);
    ps->file = P->file;
    ps->line = P->line;
    ps->col = kbs_col(&P->L, v);
    ps->reference = P->ref;
    /* A set is global: its placeholders are not the open scenario's. */
    int ph_line = P->ph_line;
    size_t added = phrases(P, i + 1, end - i - 1, &ps->phrases, &ps->n_phrases);
    P->ph_line = ph_line;
    if (added == 0 && end == i + 1)
        kbs_err(P, i, "phrase set '%s' has no phrases after '='", ps->name);
}

/* `expect 20 greeting: ...`, `bonus 10 closing: ...`, `forbid: ...` */
void kbs_rubric(struct ps *P, enum kw k)
{
    const char *s = P->L.buf;
    const struct kbs_head *h = &P->h;
    kb_turn *t = kbs_turn(P);
    size_t a = h->args, end = h->args + h->argslen;
    kb_rubric_item it = { .line = P->line, .col = kbs_col(&P->L, h->kw) };
    bool ok = true;

    it.kind = k == K_EXPECT ? KB_RUBRIC_EXPECT : k == K_BONUS ? KB_RUBRIC_BONUS
                                                               : KB_RUBRIC_FORBID;
    if (k == K_FORBID) {
        if (h->argslen) {
            kbs_err(P, a, "'forbid' takes no weight or section; write "
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
        long weight = kbs_number(s + a, w - a, "%");
        if (h->argslen == 0 || sec == end) {
            kbs_err(P, h->argslen ? a : h->sep, "'%s' needs a weight and a section, "
                "e.g. '%s 20 greeting: ...'", kbs_kws[k].name, kbs_kws[k].name);
            ok = false;
        } else if (weight < 1 || weight > 100) {
            kbs_err(P, a, "the weight '%.*s' must be a whole number from 1 to 100",
                kbs_clip(s + a, w - a, 20), s + a);
            ok = false;
        } else if (sec_end != end) {
            while (s[sec_end] == ' ' || s[sec_end] == '\t')
                sec_end++;
            kbs_err(P, sec_end, "unexpected text after the section name; write "
                "'%s WEIGHT SECTION: phrases'", kbs_kws[k].name);
            ok = false;
        }
        if (ok) {
            it.weight = (int)weight;
            it.section = kbs_dup(P, sec, sec_end - sec);
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
        kbs_err(P, h->sep, "'%s' needs at least one phrase after ':'", kbs_kws[k].name);
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
void kbs_limit(struct ps *P)
{
    const char *s = P->L.buf + P->h.val;
    size_t n = P->h.vallen, i = 0;
    long total = 0, v;
    bool ok = n > 0;
    while (ok && i < n) {
        size_t j = i;
        while (j < n && s[j] >= '0' && s[j] <= '9')
            j++;
        v = kbs_number(s + i, j - i, NULL);
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
        kbs_err(P, P->h.val, "bad limit '%.*s'; write seconds like '60s' or "
            "minutes like '2m'", kbs_clip(s, n, 20), s);
        return;
    }
    if (total < KB_LIMIT_MIN || total > KB_LIMIT_MAX) {
        kbs_err(P, P->h.val, "limit %ld s is out of range; it must be %d to %d "
            "seconds", total, KB_LIMIT_MIN, KB_LIMIT_MAX);
        return;
    }
    kbs_turn(P)->limit_s = (int)total;
}

