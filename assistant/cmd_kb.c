/* cmd_kb.c -- kefu kb (search, show, list, import) and kefu order show.
 *
 * Output is for listening first: one short line per hit or field, the part
 * that matters first (the title, then the slug to act on), labels
 * translated; --json gives the contract's shapes for scripts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "i18n.h"
#include "kb_library.h"
#include "kb_orders.h"
#include "kb_search.h"
#include "labels.h"
#include "score.h"
#include "library_load.h"

static bool lang_en(const struct kefu_ctx *ctx)
{
    return ctx->lang && !strcmp(ctx->lang, "en");
}

/* The text in the session's language, else the other one, else "". */
static const char *pick(const struct kefu_ctx *ctx, const char *zh, const char *en)
{
    const char *a = lang_en(ctx) ? en : zh, *b = lang_en(ctx) ? zh : en;
    return a && *a ? a : b ? b : "";
}

#define tier_label label_tier

static bool tier_ok(const char *t)
{
    return !strcmp(t, "basic") || !strcmp(t, "intermediate") ||
           !strcmp(t, "advanced") || !strcmp(t, "policy");
}

/* s cut to about 64 bytes on a character boundary, with "..." when cut:
 * an error reads back what was typed, never a 100 KB argument. */
static const char *shorten(const char *s, char *buf, size_t cap)
{
    size_t cut = strlen(s);
    if (cut <= 64)
        return s;
    cut = 64;
    while (cut && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    snprintf(buf, cap, "%.*s...", (int)cut, s);
    return buf;
}

static bool blank(const char *s)
{
    return s[strspn(s, " \t\r\n")] == '\0';
}

/* Byte edit distance, two rows (inputs here are short: slugs, numbers). */
/* Worth a "did you mean": a prefix of it, or a few typos for its length
 * (at most a third of the longer one, at least 1). */
static bool close_enough(const char *typed, const char *best)
{
    size_t lt = strlen(typed), lb = strlen(best);
    if (lt >= 3 && strncmp(best, typed, lt) == 0)
        return true;
    size_t longer = lt > lb ? lt : lb;
    size_t limit = longer / 3 ? longer / 3 : 1;
    return kb_edit_distance(typed, best) <= limit;
}

static int print_json(struct kefu_ctx *ctx, json_t *v)
{
    char *text = v ? json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(6)) : NULL;
    json_decref(v);
    if (!text)
        return kefu_fail(ctx, _("close other programs and try again"), _("out of memory"));
    a11y_data(ctx->out, "%s", text);
    free(text);
    return KEFU_EXIT_OK;
}

/* ------------------------------------------------------------------ */

/* The categories to browse when a search finds nothing. */
static void suggest_browse(struct kefu_ctx *ctx, kb_t *kb)
{
    kb_lib_entry *e = NULL;
    size_t n = 0;
    if (kb_lib_list(kb, NULL, &e, &n) != KB_OK)
        return;
    static const char *const tiers[] = {"basic", "intermediate", "advanced", "policy"};
    for (size_t t = 0; t < 4; t++) {
        char line[1024] = "";
        size_t len = 0;
        for (size_t i = 0; i < n; i++) {
            if (strcmp(e[i].tier, tiers[t]))
                continue;
            bool seen = false;
            for (size_t j = 0; j < i && !seen; j++)
                seen = !strcmp(e[j].tier, tiers[t]) && !strcmp(e[j].category, e[i].category);
            if (seen || len + strlen(label_category(e[i].category)) + 4 >= sizeof line)
                continue;
            len += (size_t)snprintf(line + len, sizeof line - len, "%s%s",
                                    len ? _(", ") : "", label_category(e[i].category));
        }
        if (len)
            a11y_say(ctx->out, A11Y_INFO, _("%s: %s. Browse: kefu kb list --tier %s"),
                     tier_label(tiers[t]), line, tiers[t]);
    }
    kb_lib_entries_free(e, n);
}

static int kb_search_cmd(struct kefu_ctx *ctx, int argc, char **argv)
{
    const char *tier = NULL;
    int limit = 10;
    char query[KB_QUERY_MAX + 2] = "";
    size_t qlen = 0;
    bool toolong = false;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--tier") || !strcmp(argv[i], "--limit")) {
            if (i + 1 >= argc)
                return kefu_usage(ctx, "kb", _("option %s needs a value"), argv[i]);
            if (argv[i][2] == 't') {
                tier = argv[++i];
            } else {
                char *end = NULL;
                long v = strtol(argv[++i], &end, 10);
                if (!end || *end || v < 1 || v > 1000)
                    return kefu_usage(ctx, "kb", _("--limit takes a number from 1 to 1000, not '%s'"),
                                      argv[i]);
                limit = (int)v;
            }
        } else if (!strncmp(argv[i], "--", 2) && strcmp(argv[i], "--")) {
            return kefu_usage(ctx, "kb", _("unknown option '%s'"), argv[i]);
        } else if (strcmp(argv[i], "--")) {
            size_t n = strlen(argv[i]);
            if (qlen + n + 1 > KB_QUERY_MAX) {
                toolong = true;
                continue;
            }
            if (qlen)
                query[qlen++] = ' ';
            memcpy(query + qlen, argv[i], n);
            qlen += n;
            query[qlen] = '\0';
        }
    }
    if (toolong)
        return kefu_usage(ctx, "kb", _("the search query is longer than %d bytes"), KB_QUERY_MAX);
    if (strspn(query, " \t\r\n") == qlen)
        return kefu_usage(ctx, "kb", _("kefu kb search needs a question or keywords"));
    if (tier && !tier_ok(tier))
        return kefu_usage(ctx, "kb", _("unknown tier '%s'; use basic, intermediate, advanced or policy"),
                          tier);

    kb_t *kb = kefu_library(ctx);
    if (!kb)
        return KEFU_EXIT_FAIL;
    kb_hit *h = NULL;
    size_t n = 0;
    int rc = kb_search(kb, query, tier, limit, &h, &n);
    if (rc == KB_INVALID)
        return kefu_usage(ctx, "kb", "%s", kb_errmsg(kb));
    if (rc != KB_OK)
        return kefu_fail(ctx, _("close other kefu windows and try again, or check the database with --db"), _("cannot search: %s"), kb_errmsg(kb));
    if (ctx->json) {
        json_t *a = json_array();
        for (size_t i = 0; a && i < n; i++)
            json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:f}", "slug", h[i].slug,
                "title", pick(ctx, h[i].title, h[i].title_en), "tier", h[i].tier,
                "score", (double)(long)(h[i].score * 100 + 0.5) / 100));
        kb_hits_free(h, n);
        return print_json(ctx, a);
    }
    if (n == 0) {
        kb_hits_free(h, n);     /* an empty array is still allocated */
        /* echo a long query shortened, cut on a character boundary */
        char shown[128];
        size_t cut = strlen(query);
        if (cut > 90) {
            cut = 90;
            while (cut && ((unsigned char)query[cut] & 0xC0) == 0x80)
                cut--;
        }
        snprintf(shown, sizeof shown, "%.*s%s", (int)cut, query,
                 cut < strlen(query) ? "..." : "");
        a11y_say(ctx->out, A11Y_INFO, _("Nothing found for \"%s\"."), shown);
        suggest_browse(ctx, kb);
        return KEFU_EXIT_OK;
    }
    for (size_t i = 0; i < n; i++)
        a11y_say(ctx->out, A11Y_PLAIN, _("%zu. %s (%s, %s, score %.1f)"), i + 1,
                 pick(ctx, h[i].title, h[i].title_en), h[i].slug, tier_label(h[i].tier),
                 h[i].score);
    kb_hits_free(h, n);
    return KEFU_EXIT_OK;
}

/* ------------------------------------------------------------------ */

/* {order.*} placeholders filled from the scenario's practice order, so the
 * reader hears "from order TB20260318001", never "{order.id}". */
struct show_fill {
    kb_order *o;
    bool en;
    char buf[32];
    char *last;         /* the latest rendering, freed on the next */
};

static const char *show_fill_fn(void *arg, const char *name)
{
    struct show_fill *f = arg;
    return f->o ? kb_order_field(f->o, name, f->en, f->buf, sizeof f->buf) : NULL;
}

/* text with placeholders filled; valid until the next call; text itself
 * when nothing to fill or out of memory */
static const char *filled(struct show_fill *f, const char *text)
{
    free(f->last);
    f->last = NULL;
    if (!text || !f->o || !strchr(text, '{'))
        return text;
    f->last = score_render(text, show_fill_fn, f);
    return f->last ? f->last : text;
}

static void say_tagged(struct kefu_ctx *ctx, const char *tag, const char *text)
{
    if (text && *text)
        a11y_say(ctx->out, A11Y_PLAIN, "%s%s%s", tag, a11y_tag_sep(), text);
}

static int kb_show_cmd(struct kefu_ctx *ctx, int argc, char **argv)
{
    if (argc != 2 || blank(argv[1]))
        return kefu_usage(ctx, "kb", _("kefu kb show takes one scenario or policy name (slug)"));
    kb_t *kb = kefu_library(ctx);
    if (!kb)
        return KEFU_EXIT_FAIL;
    kb_lib_detail *d = NULL;
    int rc = kb_lib_get(kb, argv[1], &d);
    if (rc == KB_NOTFOUND) {
        char *best = NULL, fix[256], sh[80];
        kb_lib_closest(kb, argv[1], &best);
        if (best && !close_enough(argv[1], best)) {
            free(best);
            best = NULL;
        }
        snprintf(fix, sizeof fix, best ? "kefu kb show %s" : "kefu kb list", best);
        rc = kefu_fail(ctx, fix, best ? _("no scenario or policy is called '%s'; the closest is %s")
                                      : _("no scenario or policy is called '%s'"),
                       shorten(argv[1], sh, sizeof sh), best);
        free(best);
        return rc;
    }
    if (rc != KB_OK)
        return kefu_fail(ctx, _("close other kefu windows and try again, or check the database with --db"), _("cannot read the library: %s"), kb_errmsg(kb));

    if (ctx->json) {
        json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s?, s:s?}", "slug", d->slug,
                              "kind", d->kind, "tier", d->tier, "category", d->category,
                              "title", d->title[0], "title_en", d->title[1]);
        json_t *turns = json_array();
        for (size_t t = 0; o && turns && t < d->n_turns; t++) {
            kb_lib_turn *tu = &d->turns[t];
            json_t *c = json_array(), *r = json_array();
            for (size_t i = 0; i < tu->n_customers; i++)
                json_array_append_new(c, json_pack("{s:s?, s:s?}", "zh", tu->customers[i][0],
                                                   "en", tu->customers[i][1]));
            for (size_t i = 0; i < tu->n_rubric; i++)
                json_array_append_new(r, json_pack("{s:s, s:i, s:s?, s:s?}", "kind",
                    tu->rubric[i].kind, "weight", tu->rubric[i].weight, "section",
                    tu->rubric[i].section, "phrases", tu->rubric[i].phrases));
            json_array_append_new(turns, json_pack("{s:o, s:o, s:s?, s:s?, s:i}",
                "customers", c, "rubric", r, "answer", tu->answer[0], "answer_en",
                tu->answer[1], "limit", tu->limit_s));
        }
        if (o) {
            json_object_set_new(o, lang_en(ctx) ? "text_en" : "text",
                                json_string(pick(ctx, d->brief[0], d->brief[1])));
            json_object_set_new(o, "turns", turns);
        } else {
            json_decref(turns);
        }
        kb_lib_detail_free(d);
        return print_json(ctx, o);
    }

    say_tagged(ctx, _("Title"), pick(ctx, d->title[0], d->title[1]));
    a11y_say(ctx->out, A11Y_PLAIN, "%s%s%s%s%s (%s)", _("Tier"), a11y_tag_sep(),
             tier_label(d->tier), _(", "), label_category(d->category), d->slug);
    if (!strcmp(d->kind, "policy")) {
        /* a policy's text, one line per paragraph so it reads in pieces */
        char *text = strdup(pick(ctx, d->brief[0], d->brief[1]));
        for (char *save = NULL, *line = text ? strtok_r(text, "\n", &save) : NULL; line;
             line = strtok_r(NULL, "\n", &save))
            say_tagged(ctx, _("Policy"), line);
        free(text);
        kb_lib_detail_free(d);
        return KEFU_EXIT_OK;
    }
    struct show_fill f = {.en = lang_en(ctx)};
    if (d->order_id && *d->order_id && kb_order_get(kb, d->order_id, &f.o) != KB_OK)
        f.o = NULL;     /* shown unfilled: the order is not in the database */
    const char *brief = filled(&f, pick(ctx, d->brief[0], d->brief[1]));
    if (*brief)
        a11y_say(ctx->out, A11Y_BRIEF, "%s", brief);
    say_tagged(ctx, _("Order"), d->order_id);
    for (size_t t = 0; t < d->n_turns; t++) {
        kb_lib_turn *tu = &d->turns[t];
        if (d->n_turns > 1)
            a11y_say(ctx->out, A11Y_PLAIN, _("Turn %zu of %zu"), t + 1, d->n_turns);
        for (size_t i = 0; i < tu->n_customers; i++)
            a11y_say(ctx->out, A11Y_CUSTOMER, "%s",
                     filled(&f, pick(ctx, tu->customers[i][0], tu->customers[i][1])));
        for (size_t i = 0; i < tu->n_rubric; i++) {
            kb_lib_rubric *r = &tu->rubric[i];
            if (!strcmp(r->kind, "forbid"))
                say_tagged(ctx, _("Forbid"), filled(&f, r->phrases));
            else
                a11y_say(ctx->out, A11Y_PLAIN, _("%s: %s, weight %d: %s"),
                         !strcmp(r->kind, "bonus") ? _("Bonus") : _("Expect"),
                         score_section_label(r->section), r->weight,
                         r->phrases ? filled(&f, r->phrases) : "");
        }
        say_tagged(ctx, _("Answer"), filled(&f, pick(ctx, tu->answer[0], tu->answer[1])));
        if (tu->limit_s)
            a11y_say(ctx->out, A11Y_PLAIN, _("Limit: %d seconds"), tu->limit_s);
    }
    filled(&f, NULL);
    kb_order_free(f.o);
    kb_lib_detail_free(d);
    return KEFU_EXIT_OK;
}

static int kb_list_cmd(struct kefu_ctx *ctx, int argc, char **argv)
{
    const char *tier = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--tier") && i + 1 < argc)
            tier = argv[++i];
        else
            return kefu_usage(ctx, "kb", _("kefu kb list takes only --tier T"));
    }
    if (tier && !tier_ok(tier))
        return kefu_usage(ctx, "kb", _("unknown tier '%s'; use basic, intermediate, advanced or policy"),
                          tier);
    kb_t *kb = kefu_library(ctx);
    if (!kb)
        return KEFU_EXIT_FAIL;
    kb_lib_entry *e = NULL;
    size_t n = 0;
    if (kb_lib_list(kb, tier, &e, &n) != KB_OK)
        return kefu_fail(ctx, _("close other kefu windows and try again, or check the database with --db"), _("cannot read the library: %s"), kb_errmsg(kb));
    if (ctx->json) {
        json_t *a = json_array();
        for (size_t i = 0; a && i < n; i++)
            json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "slug",
                e[i].slug, "title", pick(ctx, e[i].title, e[i].title_en), "tier", e[i].tier,
                "category", e[i].category, "kind", e[i].kind, "origin", e[i].origin));
        kb_lib_entries_free(e, n);
        return print_json(ctx, a);
    }
    for (size_t i = 0; i < n; i++)
        a11y_say(ctx->out, A11Y_PLAIN, "%s (%s, %s, %s)", pick(ctx, e[i].title, e[i].title_en),
                 e[i].slug, tier_label(e[i].tier), label_category(e[i].category));
    if (n == 0)
        a11y_say(ctx->out, A11Y_INFO, "%s", _("The library has no entries of that tier."));
    kb_lib_entries_free(e, n);
    return KEFU_EXIT_OK;
}

int cmd_kb(struct kefu_ctx *ctx, int argc, char **argv)
{
    if (argc < 2)
        return kefu_usage(ctx, "kb", _("kefu kb needs search, show, list or import"));
    const char *sub = argv[1];
    if (!strcmp(sub, "search"))
        return kb_search_cmd(ctx, argc - 1, argv + 1);
    if (!strcmp(sub, "show"))
        return kb_show_cmd(ctx, argc - 1, argv + 1);
    if (!strcmp(sub, "list"))
        return kb_list_cmd(ctx, argc - 1, argv + 1);
    if (!strcmp(sub, "import")) {
        if (argc != 3)
            return kefu_usage(ctx, "kb", _("kefu kb import takes one file or folder"));
        return library_import(ctx, argv[2]);
    }
    return kefu_usage(ctx, "kb", _("unknown kb command '%s'"), sub);
}

/* ------------------------------------------------------------------ */
/* kefu order show */

static const char *status_label(const char *s)
{
    static const struct { const char *key, *label; } t[] = {
        {"awaiting_payment", N_("awaiting payment")},
        {"awaiting_shipment", N_("awaiting shipment")},
        {"shipped", N_("shipped")},
        {"in_transit", N_("in transit")},
        {"out_for_delivery", N_("out for delivery")},
        {"delivered", N_("delivered")},
        {"refund_in_progress", N_("refund in progress")},
        {"refunded", N_("refunded")},
        {"closed", N_("closed")},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (!strcmp(s, t[i].key))
            return _(t[i].label);
    return s;
}

static const char *payment_label(const char *p)
{
    static const struct { const char *key, *label; } t[] = {
        {"alipay", N_("Alipay")},
        {"wechat", N_("WeChat Pay")},
        {"credit_card", N_("credit card")},
        {"bank_card", N_("bank card")},
        {"huabei", N_("Huabei instalments")},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (!strcmp(p, t[i].key))
            return _(t[i].label);
    return p;
}

/* "2026-02-01T09:43:15+08:00" -> "2026-02-01 09:43" (times are the
 * store's local time; the seconds and offset are noise when listening) */
static const char *short_time(const char *iso, char *buf, size_t cap)
{
    if (!iso)
        return NULL;
    snprintf(buf, cap, "%.16s", iso);
    char *t = strchr(buf, 'T');
    if (t)
        *t = ' ';
    return buf;
}

static void order_say(struct kefu_ctx *ctx, const char *tag, const char *v)
{
    if (v && *v)
        a11y_say(ctx->out, A11Y_PLAIN, "%s%s%s", tag, a11y_tag_sep(), v);
}

int cmd_order(struct kefu_ctx *ctx, int argc, char **argv)
{
    if (argc < 3 || strcmp(argv[1], "show"))
        return kefu_usage(ctx, "order", _("use: kefu order show NUMBER"));
    bool any = false;
    for (int i = 2; i < argc; i++)
        any = any || !blank(argv[i]);
    if (!any)
        return kefu_usage(ctx, "order", _("use: kefu order show NUMBER (an order number looks "
                                          "like TB20260318001)"));
    /* "TB 2026 0201 001" typed with spaces arrives as several words */
    char number[256] = "";
    for (int i = 2; i < argc; i++) {
        if (strlen(number) + strlen(argv[i]) + 2 > sizeof number)
            return kefu_usage(ctx, "order", _("that order number is too long"));
        if (i > 2)
            strcat(number, " ");
        strcat(number, argv[i]);
    }
    kb_t *kb = kefu_library(ctx);
    if (!kb)
        return KEFU_EXIT_FAIL;
    kb_order *o = NULL;
    int rc = kb_order_get(kb, number, &o);
    if (rc == KB_NOTFOUND) {
        char *best = NULL, fix[300], sh[80];
        kb_order_closest(kb, number, &best);
        char *kt = kb_order_key(number), *kb_ = best ? kb_order_key(best) : NULL;
        if (best && (!kt || !kb_ || !close_enough(kt, kb_))) {
            free(best);
            best = NULL;
        }
        free(kt);
        free(kb_);
        if (best)
            snprintf(fix, sizeof fix, "kefu order show %s", best);
        else
            snprintf(fix, sizeof fix, "%s", _("an order number is TB, the date and 3 digits "
                     "(TB20260318001); kefu kb show SLUG names a scenario's order"));
        rc = kefu_fail(ctx, fix, best ? _("there is no order %s; the closest is %s")
                                      : _("there is no order %s"),
                       shorten(number, sh, sizeof sh), best);
        free(best);
        return rc;
    }
    if (rc != KB_OK)
        return kefu_fail(ctx, _("close other kefu windows and try again, or check the database with --db"), _("cannot read the practice orders: %s"), kb_errmsg(kb));

    bool en = lang_en(ctx);
    if (ctx->json) {
        json_t *ev = json_array();
        for (size_t i = 0; ev && i < o->n_events; i++)
            json_array_append_new(ev, json_pack("{s:s?, s:s?, s:s?}", "time", o->events[i].time,
                                                "event", o->events[i].event, "event_en",
                                                o->events[i].event_en));
        json_t *j = json_pack("{s:s, s:s, s:s, s:s?, s:i, s:s?, s:s?, s:s?, s:s?, s:s?,"
                              " s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:b, s:s?, s:o}",
            "id", o->id, "status", o->status, "item", o->item, "item_en", o->item_en,
            "qty", o->qty, "amount", o->amount, "payment", o->payment, "courier", o->courier,
            "tracking", o->tracking, "placed", o->placed, "paid", o->paid, "shipped",
            o->shipped, "delivered", o->delivered, "province", o->province, "city", o->city,
            "address", o->address, "buyer", o->buyer, "rural", o->rural, "eta", o->eta,
            "events", ev);
        kb_order_free(o);
        return print_json(ctx, j);
    }
    char buf[64], line[1024];
    order_say(ctx, _("Order"), o->id);
    order_say(ctx, _("Status"), status_label(o->status));
    snprintf(line, sizeof line, "%s × %d", en && o->item_en ? o->item_en : o->item, o->qty);
    order_say(ctx, _("Item"), line);
    if (o->amount) {
        snprintf(line, sizeof line, "¥%s%s%s%s", o->amount, o->payment ? " (" : "",
                 o->payment ? payment_label(o->payment) : "", o->payment ? ")" : "");
        order_say(ctx, _("Amount"), line);
    }
    order_say(ctx, _("Courier"), o->courier);
    order_say(ctx, _("Tracking"), o->tracking);
    order_say(ctx, _("Placed"), short_time(o->placed, buf, sizeof buf));
    order_say(ctx, _("Shipped"), short_time(o->shipped, buf, sizeof buf));
    order_say(ctx, _("Delivered"), short_time(o->delivered, buf, sizeof buf));
    order_say(ctx, _("ETA"), o->eta);
    snprintf(line, sizeof line, "%s%s%s%s", o->province ? o->province : "",
             o->city ? o->city : "", o->address ? o->address : "",
             o->rural ? _(" (rural: slower delivery)") : "");
    order_say(ctx, _("Address"), line);
    for (size_t i = 0; i < o->n_events; i++) {
        const kb_order_event *e = &o->events[i];
        snprintf(line, sizeof line, "%s %s", short_time(e->time, buf, sizeof buf),
                 en && e->event_en ? e->event_en : e->event ? e->event : "");
        order_say(ctx, _("Event"), line);
    }
    kb_order_free(o);
    return KEFU_EXIT_OK;
}
