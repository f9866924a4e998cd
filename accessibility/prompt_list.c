/* prompt_list.c -- the list of offers kept in view (prompt.h,
 * options.offer_list; input.offer_list in the config file).
 *
 * For sighted keyboard users with a motor disability, for whom every key
 * is work and a glance is cheap: after each pause in typing the prompt
 * prints one line of numbered offers (a11y_complete_list) below the input,
 * "Offers: 1 for the; 2 for; 3 from", and the next key, if it is a digit
 * 1..n, takes that offer (the same "armed" digits as Tab's list; any other
 * key dismisses the list and does what it always does; Escape only
 * dismisses it, so "Escape 2" types a 2 while a list is showing, or if one
 * comes after the Escape). After a digit is typed no list comes (the
 * engine offers none after a digit), so the rest of a number needs no
 * Escape. Screen-reader users keep the single spoken
 * offer (the default, offer_list = 0): a line of nine offers read out
 * after every pause would be too much to listen to.
 *
 * Like every other line, the list is printed below the input through
 * a11y_say (spoken too, when speech is on); the input line is drawn again
 * after it with the cursor at its end. A list the same as the last one
 * printed (e.g. Backspace back to where it was) is not printed again; its
 * digits still choose.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prompt.h"
#include "prompt_int.h"

#define _(s) gettext(s)

bool pr_list_mode(const a11y_prompt_t *p)
{
    return p->o.offer_list > 0 && p->o.switch_mode == A11Y_SWITCH_OFF;
}


/* "Offers: 1 for the; 2 for; 3 from" (ACCESSIBILITY.md 4: the line says
 * what it is; "；" and "候选：" in Chinese): each offer as the current word
 * will read in the answer, without the spaces around it. An offer of the
 * next word after a partly typed one shows that word too ("So sorry" at
 * "So", beside "Sorry"), so it does not look like a copy of a completion;
 * a screen reader reads "1 for; 2 found" as two items, not "one for two
 * found". malloc'd; NULL when out of memory. */
static char *list_text(const a11y_prompt_t *p, const char *text)
{
    const char *tag = _("Offers"), *tsep = a11y_tag_sep(), *sep = _("; ");
    size_t tail = pr_word_tail(text), tl = strlen(text);
    size_t need = strlen(tag) + strlen(tsep) + 1;
    for (size_t i = 0; i < p->noffers; i++)
        need += strlen(p->offers[i].insert) + tail + strlen(sep) + 8;
    char *line = malloc(need), *w = line;
    if (!line)
        return NULL;
    w += sprintf(w, "%s%s", tag, tsep);
    for (size_t i = 0; i < p->noffers; i++) {
        const char *ins = p->offers[i].insert;
        size_t a = 0, b = strlen(ins);
        while (a < b && ins[a] == ' ')
            a++;
        while (b > a && ins[b - 1] == ' ')
            b--;
        w += sprintf(w, "%s%zu ", i ? sep : "", i + 1);
        if (p->offers[i].erase == 0 && tail > 0) {
            memcpy(w, text + tl - tail, tail);      /* the word typed so far */
            w += tail;
            if (a > 0)
                *w++ = ' ';                         /* then the next word */
        }
        memcpy(w, ins + a, b - a);
        w += b - a;
    }
    *w = '\0';
    return line;
}

void pr_list_offers(a11y_prompt_t *p)
{
    pr_drop_shown(p);
    pr_clear_offers(p);
    if (!p->o.complete)
        return;
    const char *text = pr_text(p);
    p->noffers = a11y_complete_list(p->o.complete, text, p->offers, p->o.offer_list);
    if (p->noffers == 0)
        return;
    p->armed = true;
    char *line = list_text(p, text);
    if (!line || (p->list_line && strcmp(line, p->list_line) == 0)) {
        free(line);     /* on screen already: its digits choose */
        return;
    }
    free(p->list_line);
    p->list_line = line;
    pr_out_begin(p);
    a11y_say(p->o.out, A11Y_PLAIN, "%s", line);
    pr_out_end(p);
}
