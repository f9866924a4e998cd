/* scan.c -- switch access (ACCESSIBILITY.md 18): a whole answer built from
 * choices with two keys (Space moves, Enter chooses) or one key with the
 * choices stepping by themselves every input.scan_interval seconds.
 *
 * The choices, in order: "More time" once a time limit's warning has come
 * (the scan jumps to it), completions of what has been chosen so far, the
 * caller's phrases for this turn, "Snippets" (a choice that opens the
 * trainers' snippets as a sub-list, with "Back to all choices"), then
 * Submit, Delete last, and the commands (repeat, spell, hint, skip, quit).
 * Each is announced as one line -- printed and spoken: text that goes into
 * the answer as 'Choice 3 of 12: add "Hello,"' (punctuation or blanks alone
 * in words, 'add exclamation mark': a screen reader says nothing for "!"),
 * a list as 'Choice 4 of 12: Snippets, a list of 3; choose to open it', a
 * command by its name. Text choices that differ only in case or trailing
 * punctuation are one choice: each is a step of the scan.
 */
#include <libintl.h>
#include <stdlib.h>
#include <string.h>

#include "prompt_int.h"

#define _(s) gettext(s)

void pr_scan_clear(a11y_prompt_t *p)
{
    for (size_t i = 0; i < p->nitems; i++)
        free(p->items[i].text);
    p->nitems = 0;
    p->scan_pos = 0;
}

static void add(a11y_prompt_t *p, pr_item_kind kind, const char *text, size_t offer,
                a11y_action act)
{
    if (p->nitems >= PR_MAX_ITEMS || !text)
        return;
    /* "Hello" and "Hello," cost a switch user a step each and say the same:
     * the list is ordered likeliest first, so the first one stays (the
     * punctuation is a choice of its own once the word is in) */
    if (kind == ITEM_TEXT || kind == ITEM_OFFER)
        for (size_t i = 0; i < p->nitems; i++)
            if ((p->items[i].kind == ITEM_TEXT || p->items[i].kind == ITEM_OFFER) &&
                a11y_choice_same(p->items[i].text, text))
                return;
    char *t = strdup(text);
    if (!t)
        return;
    p->items[p->nitems++] = (struct pr_item){kind, t, offer, act};
}

void pr_scan_build(a11y_prompt_t *p)
{
    pr_scan_clear(p);
    pr_clear_offers(p);
    /* a time limit is near (the warning said so): more time comes first,
     * where the scan stands when the warning is heard (ACCESSIBILITY.md 19) */
    if (p->warned && p->deadline > 0)
        add(p, ITEM_ACTION, _("More time"), 0, A11Y_ACT_EXTEND);
    const char *ab, *tx;
    if (p->scan_sub == 1) {
        for (size_t i = 0; p->o.complete && a11y_complete_snippet_at(p->o.complete, i, &ab, &tx); i++)
            add(p, ITEM_TEXT, tx, 0, A11Y_ACT_NONE);
        add(p, ITEM_BACK, _("Back to all choices"), 0, A11Y_ACT_NONE);
        return;
    }
    const char *text = pr_text(p);
    if (*text && p->o.complete) {
        p->noffers = a11y_complete_offer(p->o.complete, text, p->offers, p->o.max_offers);
        for (size_t i = 0; i < p->noffers; i++)
            add(p, ITEM_OFFER, p->offers[i].insert, i, A11Y_ACT_NONE);
    }
    /* the piece just chosen is not offered again at once ("Hello" after
     * "Hello": a wasted step, and never what an answer needs) */
    size_t tl = strlen(text);
    const char *last = p->nchunks && p->chunks[p->nchunks - 1] <= tl
                     ? text + tl - p->chunks[p->nchunks - 1] : NULL;
    for (size_t i = 0; p->choices && p->choices[i]; i++)
        if (!last || !a11y_choice_same(last, p->choices[i]))
            add(p, ITEM_TEXT, p->choices[i], 0, A11Y_ACT_NONE);
    /* the snippets are one choice that opens their list: many of them
     * would make every scan round long */
    size_t nsnip = 0;
    while (p->o.complete && a11y_complete_snippet_at(p->o.complete, nsnip, &ab, &tx))
        nsnip++;
    if (nsnip)
        add(p, ITEM_LIST, _("Snippets"), nsnip, A11Y_ACT_NONE);
    if (*text) {
        add(p, ITEM_SUBMIT, _("Submit the answer"), 0, A11Y_ACT_SUBMIT);
        add(p, ITEM_DELETE, _("Delete the last choice"), 0, A11Y_ACT_NONE);
    }
    static const a11y_action acts[] = {A11Y_ACT_REPEAT, A11Y_ACT_SPELL, A11Y_ACT_HINT,
                                       A11Y_ACT_SKIP, A11Y_ACT_QUIT};
    for (size_t i = 0; i < sizeof acts / sizeof acts[0]; i++)
        add(p, ITEM_ACTION, _(a11y_action_help(acts[i])), 0, acts[i]);
}

void pr_scan_announce(a11y_prompt_t *p)
{
    if (p->nitems == 0)
        return;
    const struct pr_item *it = &p->items[p->scan_pos];
    /* text that goes into the answer says so, in quotes: "快捷短语" must
     * not sound like a menu; a list says that it opens */
    if (it->kind == ITEM_TEXT || it->kind == ITEM_OFFER) {
        /* "!" or " " alone is heard as nothing ("add"): named in words */
        char *named = a11y_name_marks(it->text, p->o.lang);
        if (named)
            a11y_say(p->o.out, A11Y_PLAIN, _("Choice %zu of %zu: add %s"), p->scan_pos + 1,
                     p->nitems, named);
        else
            a11y_say(p->o.out, A11Y_PLAIN, _("Choice %zu of %zu: add “%s”"), p->scan_pos + 1,
                     p->nitems, it->text);
        free(named);
    } else if (it->kind == ITEM_LIST)
        a11y_say(p->o.out, A11Y_PLAIN, _("Choice %zu of %zu: %s, a list of %zu; choose to open it"),
                 p->scan_pos + 1, p->nitems, it->text, it->offer);
    else
        a11y_say(p->o.out, A11Y_PLAIN, _("Choice %zu of %zu: %s"), p->scan_pos + 1, p->nitems,
                 it->text);
}

static void move(a11y_prompt_t *p)
{
    if (p->nitems == 0)
        return;
    p->scan_pos = (p->scan_pos + 1) % p->nitems;
    pr_out_begin(p);
    pr_scan_announce(p);
    pr_out_end(p);
}

void pr_scan_tick(a11y_prompt_t *p) { move(p); }

void pr_scan_more_time(a11y_prompt_t *p, int left)
{
    char kb[16];
    p->scan_sub = 0;
    pr_scan_build(p);                   /* "More time" is the first choice now */
    if (p->o.switch_mode == A11Y_SWITCH_TWO)
        a11y_say(p->o.out, A11Y_WARNING, _("%d seconds left; press %s for more time"), left,
                 pr_key_label(p, a11y_keymap_key(p->o.keys, A11Y_ACT_SCAN_CHOOSE), kb,
                              sizeof kb));
    else
        a11y_say(p->o.out, A11Y_WARNING,
                 _("%d seconds left; press your switch now for more time"), left);
    pr_scan_announce(p);
}

static void append_choice(a11y_prompt_t *p, const char *s, bool whole)
{
    const char *text = pr_text(p);
    size_t before = strlen(text);
    /* a whole phrase after a Latin word gets a space; Chinese needs none */
    if (whole && before && text[before - 1] != ' ' && (unsigned char)text[before - 1] < 0x80 &&
        (unsigned char)s[0] < 0x80)
        pr_insert(p, " ");
    pr_insert(p, s);
    if (p->nchunks < PR_MAX_CHUNKS)
        p->chunks[p->nchunks++] = strlen(pr_text(p)) - before;
}

bool pr_scan_key(a11y_prompt_t *p, const struct a11y_read *r, a11y_action s,
                 struct a11y_input *in)
{
    (void)r;
    if (s == A11Y_ACT_SCAN_NEXT && p->o.switch_mode == A11Y_SWITCH_TWO) {
        move(p);
        return false;
    }
    /* choose (in scan mode, either key is the one switch) */
    if (p->nitems == 0)
        return false;
    struct pr_item it = p->items[p->scan_pos];
    p->items[p->scan_pos].text = NULL;      /* keep it while the list is rebuilt */
    bool over = false;
    pr_out_begin(p);
    switch (it.kind) {
    case ITEM_OFFER:
        append_choice(p, it.text, false);
        break;
    case ITEM_TEXT:
        append_choice(p, it.text, true);
        p->scan_sub = 0;
        break;
    case ITEM_LIST:
        p->scan_sub = 1;
        break;
    case ITEM_BACK:
        p->scan_sub = 0;
        break;
    case ITEM_DELETE:
        if (p->nchunks)
            pr_erase_end(p, p->chunks[--p->nchunks]);
        break;
    case ITEM_SUBMIT:
        break;
    case ITEM_ACTION:
        over = pr_action(p, it.act, in);
        break;
    }
    if (it.kind == ITEM_SUBMIT) {
        free(it.text);
        in->kind = A11Y_IN_ANSWER;
        in->text = strdup(pr_text(p));
        p->below = 0;       /* the choices end here; no prompt again */
        return true;
    }
    free(it.text);
    if (over)
        return true;
    if (it.kind != ITEM_ACTION && it.kind != ITEM_LIST && it.kind != ITEM_BACK)
        a11y_say(p->o.out, A11Y_INFO, _("Answer so far: %s"), *pr_text(p) ? pr_text(p) : "-");
    pr_scan_build(p);
    pr_scan_announce(p);
    pr_out_end(p);
    return false;
}
