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
#include "scenario_parse.h"

const struct kbs_kw kbs_kws[K_COUNT] = {
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

/* ------------------------------------------------------------ directives */

static bool single(struct ps *P, int seen[K_COUNT][KB_LANG_COUNT], enum kw k, int lang)
{
    if (seen[k][lang]) {
        kbs_err(P, P->h.kw, "duplicate '%s%s:'; it was already given on line %d",
            kbs_kws[k].name, lang == KB_LANG_EN ? "@en" : "", seen[k][lang]);
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
            kbs_scen(P)->tier = (kb_tier)t;
            return;
        }
    }
    kbs_err(P, P->h.val, "unknown tier '%.*s'; use basic, intermediate or advanced",
        kbs_clip(v, n, 40), v);
}

static void customer(struct ps *P, enum kw k, int lang)
{
    kb_scenario *s = kbs_scen(P);
    kb_turn *t = kbs_turn(P);
    const struct kbs_head *h = &P->h;

    kbs_placeholders(P, h->val, h->vallen, true);
    if (lang == KB_LANG_EN) {
        /* customer@en translates the turn's customer:, or@en the last or: */
        kb_variant *v = NULL;
        if (k == K_CUSTOMER && t)
            v = &t->customers[0];
        else if (k == K_OR && t && t->n_customers > 1)
            v = &t->customers[t->n_customers - 1];
        if (!v) {
            kbs_err(P, h->kw, "'%s@en:' translates the '%s:' line before it; write "
                "that line first", kbs_kws[k].name, kbs_kws[k].name);
        } else if (v->text[KB_LANG_EN]) {
            kbs_err(P, h->kw, "the '%s:' line %d already has an English version",
                kbs_kws[k].name, v->line);
        } else {
            v->text[KB_LANG_EN] = kbs_dup(P, h->val, h->vallen);
        }
        return;
    }
    if (k == K_CUSTOMER) {
        kbs_close_turn(P);
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
    v->text[KB_LANG_ZH] = kbs_dup(P, h->val, h->vallen);
    v->line = P->line;
}

static void policy_text(struct ps *P, int lang)
{
    size_t need = P->text[lang].len + P->h.vallen + 2;
    kbs_placeholders(P, P->h.val, P->h.vallen, false);
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
    unsigned f = kbs_kws[k].flags;
    const char *name = kbs_kws[k].name;
    if (f & IN_TOP)
        return true;
    if (P->block == B_NONE) {
        kbs_err(P, P->h.kw, "'%s:' is outside a scenario; it must follow a '%s' "
            "line", name, (f & IN_SCEN) || (f & IN_TURN) ? "scenario:" : "policy:");
        return false;
    }
    if (P->block == B_POL && !(f & IN_POL)) {
        kbs_err(P, P->h.kw, "'%s:' is not allowed in a policy (policy '%s' starts "
            "on line %d)", name, P->lib->policies[P->cur].slug,
            P->lib->policies[P->cur].line);
        return false;
    }
    if (P->block == B_SCEN && !(f & (IN_SCEN | IN_TURN))) {
        kbs_err(P, P->h.kw, "'%s:' belongs in a policy, not in scenario '%s'",
            name, kbs_scen(P)->slug);
        return false;
    }
    if ((f & IN_TURN) && !kbs_turn(P)) {
        kbs_err(P, P->h.kw, "'%s' must follow the 'customer:' line of its turn",
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
        kbs_err(P, h->kw, "this line does not start with a keyword; write "
            "'keyword: value', e.g. 'customer: ...'");
        return;
    }
    for (k = 0; k < K_COUNT; k++)
        if (strlen(kbs_kws[k].name) == h->kwlen &&
            memcmp(kbs_kws[k].name, s + h->kw, h->kwlen) == 0)
            break;
    if (k == K_COUNT) {
        /* one slip in any word, two in a longer one ("custmoer") */
        int best = h->kwlen >= 5 ? 3 : 2;
        const char *sugg = NULL;
        for (int i = 0; i < K_COUNT; i++) {
            int dd = kbs_distance(s + h->kw, h->kwlen, kbs_kws[i].name);
            if (dd < best) {
                best = dd;
                sugg = kbs_kws[i].name;
            }
        }
        if (sugg)
            kbs_err(P, h->kw, "unknown keyword '%.*s'; did you mean '%s'?",
                kbs_clip(s + h->kw, h->kwlen, 30), s + h->kw, sugg);
        else
            kbs_err(P, h->kw, "unknown keyword '%.*s'",
                    kbs_clip(s + h->kw, h->kwlen, 30), s + h->kw);
        return;
    }
    if (h->has_lang) {
        if (!(kbs_kws[k].flags & LANG)) {
            kbs_err(P, h->at - 1, "'%s' has no language versions; remove '@%.*s'",
                kbs_kws[k].name, kbs_clip(s + h->at, h->langlen, 10), s + h->at);
            return;
        }
        if (h->langlen == 2 && memcmp(s + h->at, "en", 2) == 0) {
            lang = KB_LANG_EN;
        } else if (!(h->langlen == 2 && memcmp(s + h->at, "zh", 2) == 0)) {
            kbs_err(P, h->at, "unknown language '@%.*s'; use @zh or @en",
                kbs_clip(s + h->at, h->langlen, 10), s + h->at);
            return;
        }
    }
    if (!h->has_sep) {
        kbs_err(P, h->args, "missing ':' after '%s'", kbs_kws[k].name);
        return;
    }
    if (h->argslen && k != K_EXPECT && k != K_BONUS && k != K_FORBID) {
        /* reported, then the line is taken as if it were not there, so the
         * turn or block it opens still exists for the lines after it */
        kbs_err(P, h->args, "unexpected '%.*s' between '%s' and ':'",
            kbs_clip(s + h->args, h->argslen, 30), s + h->args, kbs_kws[k].name);
    }
    if (!in_place(P, k))
        return;
    if (h->vallen == 0 && k != K_EXPECT && k != K_BONUS && k != K_FORBID &&
        k != K_SCENARIO && k != K_POLICY && k != K_USE && k != K_PHRASES) {
        kbs_err(P, h->sep, "'%s:' needs a value after the ':'", kbs_kws[k].name);
        return;
    }

    switch (k) {
    case K_PHRASES:
        P->defined = true;
        kbs_phrase_set(P);
        break;
    case K_SCENARIO:
        P->defined = true;
        kbs_open_scenario(P);
        break;
    case K_POLICY:
        P->defined = true;
        kbs_open_policy(P);
        break;
    case K_USE:
        P->defined = true;
        kbs_close_block(P);
        kbs_add_step(P, kbs_slug(P, "use"), true);
        break;
    case K_PASS: {
        long v = kbs_number(s + h->val, h->vallen, "%");
        if (P->pass_line)
            kbs_err(P, h->kw, "duplicate 'pass:'; it was already given on line %d",
                P->pass_line);
        else if (v < 0 || v > 100)
            kbs_err(P, h->val, "the pass mark must be a whole number from 0 to 100");
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
            char *c = kbs_dup(P, h->val, h->vallen);
            if (P->block == B_SCEN)
                kbs_scen(P)->category = c;
            else
                P->lib->policies[P->cur].category = c;
        }
        break;
    case K_TITLE:
        if (single(P, P->seen, k, lang)) {
            char *t = kbs_dup(P, h->val, h->vallen);
            kbs_placeholders(P, h->val, h->vallen, P->block == B_SCEN);
            if (P->block == B_SCEN)
                kbs_scen(P)->title[lang] = t;
            else
                P->lib->policies[P->cur].title[lang] = t;
        }
        break;
    case K_BRIEF:
        if (single(P, P->seen, k, lang)) {
            kbs_placeholders(P, h->val, h->vallen, true);
            kbs_scen(P)->brief[lang] = kbs_dup(P, h->val, h->vallen);
        }
        break;
    case K_ORDER:
        if (!single(P, P->seen, k, lang))
            break;
        if (!is_order_id(s + h->val, h->vallen))
            kbs_err(P, h->val, "bad order number '%.*s'; use letters, digits, '-' "
                "and '_' (e.g. TB20240315001)",
                kbs_clip(s + h->val, h->vallen, 40), s + h->val);
        else
            kbs_scen(P)->order_id = kbs_dup(P, h->val, h->vallen);
        break;
    case K_CUSTOMER:
    case K_OR:
        customer(P, k, lang);
        break;
    case K_EXPECT:
    case K_BONUS:
    case K_FORBID:
        kbs_rubric(P, k);
        break;
    case K_ANSWER:
        if (single(P, P->tseen, k, lang)) {
            kbs_placeholders(P, h->val, h->vallen, true);
            kbs_turn(P)->answer[lang] = kbs_dup(P, h->val, h->vallen);
        }
        break;
    case K_LIMIT:
        if (single(P, P->tseen, k, lang))
            kbs_limit(P);
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
        int rc = kbs_line_clean(&P.L, buf + pos, n, line == 1, kbs_line_problem, &P);
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
        kbs_close_block(&P);
        if (!P.defined)
            kbs_report_at(&P, 0, 0, KB_DIAG_WARNING, "no scenarios in this file");
    }
    free(P.L.buf);
    for (int i = 0; i < KB_LANG_COUNT; i++)
        free(P.text[i].s);
    return P.nomem ? KB_NOMEM : KB_OK;
}
