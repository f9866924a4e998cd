/* prompt.c -- what each key does at the prompt (prompt.h): the input line,
 * command keys, speech control, completion and offers, submitting. The read
 * loop, timers and readline's set-up are in prompt_loop.c.
 *
 * Why it reads the keys itself: speech must stop on the first key (before
 * anything else happens), the switch-scanning and time-limit timers must
 * run while nobody types, and a key must be judged (command? a digit right
 * after Tab? a bounce?) before the line editor sees it. So the loop polls
 * the input, cuts what arrives into keys (a UTF-8 character or an escape
 * sequence is one key), and hands the ones meant for the line to GNU
 * readline through rl_getc_function in callback mode.
 *
 * Screen readers follow lines, so nothing here moves the cursor: a list or
 * a message is printed on fresh lines below the input, and readline then
 * draws the prompt and the input again on a new line (rl_on_new_line), the
 * cursor at the end.
 */
#include <libintl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "prompt.h"
#include "prompt_int.h"

#define _(s) gettext(s)
#define N_(s) (s)

/* ---- the input line, in readline or in our own buffer (pipes) ----------- */

const char *pr_text(a11y_prompt_t *p)
{
    if (p->tty)
        return p->rl_on && rl_line_buffer ? rl_line_buffer : "";
    return p->buf ? p->buf : "";
}

void pr_insert(a11y_prompt_t *p, const char *s)
{
    if (p->tty) {
        if (!p->rl_on)
            return;
        rl_point = rl_end;
        rl_insert_text(s);
        rl_point = rl_end;
        return;
    }
    size_t n = strlen(s);
    if (p->len + n + 1 > p->cap) {
        size_t cap = (p->len + n + 1) * 2;
        char *b = realloc(p->buf, cap);
        if (!b)
            return;
        p->buf = b;
        p->cap = cap;
    }
    memcpy(p->buf + p->len, s, n + 1);
    p->len += n;
}

void pr_erase_end(a11y_prompt_t *p, size_t n)
{
    if (p->tty) {
        if (!p->rl_on)
            return;
        int start = rl_end - (int)n;
        rl_delete_text(start < 0 ? 0 : start, rl_end);
        rl_point = rl_end;
        return;
    }
    p->len = n > p->len ? 0 : p->len - n;
    if (p->buf)
        p->buf[p->len] = '\0';
}

/* Lines printed while the input line is on screen go below it; then the
 * prompt and the input are drawn again on a new line, the cursor at its
 * end (ACCESSIBILITY.md 22). Switch access before anything is chosen: the
 * line is empty and unlabelled (the "Choice" lines are the prompt), so
 * there is nothing to leave and nothing to draw again; once the answer has
 * text, the line is drawn labelled after each Choice line, so the cursor
 * waits at the end of the answer, not on an empty line below the list. */
static bool line_blank(a11y_prompt_t *p)
{
    return p->o.switch_mode != A11Y_SWITCH_OFF && !p->typing && !*pr_text(p);
}

void pr_out_begin(a11y_prompt_t *p)
{
    if (p->below++ == 0 && p->tty && p->rl_on && !line_blank(p)) {
        fputc('\n', rl_outstream ? rl_outstream : stdout);
        fflush(rl_outstream ? rl_outstream : stdout);
    }
}

void pr_out_end(a11y_prompt_t *p)
{
    if (p->below > 0 && --p->below == 0 && p->tty && p->rl_on) {
        rl_on_new_line();
        if (p->o.switch_mode != A11Y_SWITCH_OFF)
            rl_set_prompt(line_blank(p) ? "" : p->label);
        if (!line_blank(p))
            rl_redisplay();
    }
}

/* ---- actions ------------------------------------------------------------ */

const char *pr_key_label(const a11y_prompt_t *p, int key, char *buf, size_t len)
{
    const char *name = a11y_key_name(key, buf, len);
    return p->o.key_label ? p->o.key_label(name) : name;
}

static void change_rate(a11y_prompt_t *p, int delta)
{
    tts_t *t = a11y_out_tts(p->o.out);
    int rate = t ? tts_get_rate(t) : p->rate;
    if (rate < 80 || rate > 450)
        rate = p->rate;
    int next = rate + delta;
    next = next < 80 ? 80 : next > 450 ? 450 : next;
    if (t && tts_set_rate(t, next) != TTS_OK)
        a11y_say(p->o.out, A11Y_WARNING, _("the speech backend did not take the new rate: %s"),
                 tts_errmsg(t));
    p->rate = next;
    if (next == rate)
        a11y_say(p->o.out, A11Y_INFO, _("Rate: %d words per minute, the %s"), next,
                 delta < 0 ? _("slowest") : _("fastest"));
    else
        a11y_say(p->o.out, A11Y_INFO, _("Rate: %d words per minute"), next);
    if (p->o.on_rate)
        p->o.on_rate(p->o.arg, next);
}

/* Pitch or volume, by the same keys as the rate after the voice key. */
static void change_voice(a11y_prompt_t *p, int dir)
{
    tts_t *t = a11y_out_tts(p->o.out);
    bool pitch = p->adjust == 1;
    int max = pitch ? 100 : 200, step = pitch ? 10 : 20;
    int cur = t ? (pitch ? tts_get_pitch(t) : tts_get_volume(t)) : (pitch ? 50 : 100);
    int next = cur + dir * step;
    next = next < 0 ? 0 : next > max ? max : next;
    if (t && (pitch ? tts_set_pitch(t, next) : tts_set_volume(t, next)) != TTS_OK)
        a11y_say(p->o.out, A11Y_WARNING, _("the speech backend did not take the change: %s"),
                 tts_errmsg(t));
    if (pitch)
        a11y_say(p->o.out, A11Y_INFO, _("Pitch: %d of 100"), next);
    else
        a11y_say(p->o.out, A11Y_INFO, _("Volume: %d of 200"), next);
    if (p->o.on_voice)
        p->o.on_voice(p->o.arg, pitch ? "speech.pitch" : "speech.volume", next);
}

static void choose_adjust(a11y_prompt_t *p)
{
    static const char *const what[3] = {N_("rate"), N_("pitch"), N_("volume")};
    char a[16], d[16];
    p->adjust = (p->adjust + 1) % 3;
    a11y_say(p->o.out, A11Y_INFO, _("Keys %s and %s now change the %s"),
             pr_key_label(p, a11y_keymap_key(p->o.keys, A11Y_ACT_SLOWER), a, sizeof a),
             pr_key_label(p, a11y_keymap_key(p->o.keys, A11Y_ACT_FASTER), d, sizeof d),
             _(what[p->adjust]));
}

static void change_verbosity(a11y_prompt_t *p, int delta)
{
    int v = a11y_out_set_verbosity(p->o.out, a11y_out_verbosity(p->o.out) + delta);
    static const char *const names[4] = {"", N_("terse"), N_("normal"), N_("verbose")};
    a11y_say(p->o.out, A11Y_INFO, _("Verbosity: %d of 3, %s"), v, _(names[v]));
    if (p->o.on_verbosity)
        p->o.on_verbosity(p->o.arg, v);
}

/* The keys, one per line. mode: A11Y_SWITCH_* of the session asking (only
 * the keys that do something there: the two switch keys only in switch
 * mode, and there not the keys they take over), or -1 for every binding
 * (kefu keys). */
static void help_list(a11y_out_t *out, const a11y_keymap_t *keys,
                      const char *(*label)(const char *name), int mode)
{
    for (int a = 1; a < A11Y_ACT_COUNT; a++) {
        char kb[16];
        int key = a11y_keymap_key(keys, (a11y_action)a);
        if (key == A11Y_KEY_NONE)
            continue;
        bool scan = a == A11Y_ACT_SCAN_NEXT || a == A11Y_ACT_SCAN_CHOOSE;
        if (mode == A11Y_SWITCH_OFF && scan)
            continue;
        if (mode > A11Y_SWITCH_OFF && !scan && a11y_keymap_lookup_scan(keys, key) != A11Y_ACT_NONE)
            continue;
        const char *name = a11y_key_name(key, kb, sizeof kb);
        a11y_data(out, "%s%s%s (%s)", _(a11y_action_help((a11y_action)a)), a11y_tag_sep(),
                  label ? label(name) : name, a11y_action_name((a11y_action)a));
    }
}

void a11y_prompt_help(a11y_out_t *out, const a11y_keymap_t *keys)
{
    help_list(out, keys, NULL, -1);
}

/* Act on a command; returns true when it ends the read (the caller's). */
bool pr_action(a11y_prompt_t *p, a11y_action act, struct a11y_input *in)
{
    switch (act) {
    case A11Y_ACT_HINT:
    case A11Y_ACT_SKIP:
    case A11Y_ACT_QUIT:
    case A11Y_ACT_BRIEF:
    case A11Y_ACT_TALK:
        in->kind = A11Y_IN_COMMAND;
        in->action = act;
        return true;
    default:
        break;
    }
    pr_out_begin(p);
    switch (act) {
    case A11Y_ACT_REPEAT:
        if (!a11y_repeat(p->o.out, A11Y_CUSTOMER))
            a11y_say(p->o.out, A11Y_INFO, _("Nothing to repeat yet"));
        break;
    case A11Y_ACT_SPELL:
        if (!a11y_spell_last(p->o.out, p->o.lang))
            a11y_say(p->o.out, A11Y_INFO, _("Nothing to spell yet"));
        break;
    case A11Y_ACT_SLOWER:
        if (p->adjust == 0)
            change_rate(p, -25);
        else
            change_voice(p, -1);
        break;
    case A11Y_ACT_FASTER:
        if (p->adjust == 0)
            change_rate(p, +25);
        else
            change_voice(p, +1);
        break;
    case A11Y_ACT_VOICE: choose_adjust(p); break;
    case A11Y_ACT_MORE: change_verbosity(p, +1); break;
    case A11Y_ACT_LESS: change_verbosity(p, -1); break;
    case A11Y_ACT_STOP: break;      /* speech already stopped on the key */
    case A11Y_ACT_TYPE:
        p->typing = true;
        a11y_say(p->o.out, A11Y_INFO, _("Type your answer; single keys work again after Enter"));
        break;
    case A11Y_ACT_HELP: help_list(p->o.out, p->o.keys, p->o.key_label, p->o.switch_mode); break;
    case A11Y_ACT_EXTEND:
        if (p->deadline > 0) {
            double ext = p->limit < 30 ? 30 : p->limit;
            double now = a11y_now();
            if (p->deadline < now)
                p->deadline = now;
            p->deadline += ext;
            p->warned = false;
            p->extensions++;
            a11y_say(p->o.out, A11Y_INFO, _("More time: %d seconds left"),
                     (int)(p->deadline - now + 0.5));
        } else {
            a11y_say(p->o.out, A11Y_INFO, _("There is no time limit here"));
        }
        break;
    default: break;
    }
    pr_out_end(p);
    return false;
}

/* ---- completion --------------------------------------------------------- */

void pr_clear_offers(a11y_prompt_t *p)
{
    for (size_t i = 0; i < p->noffers; i++)
        a11y_completion_clear(&p->offers[i]);
    p->noffers = 0;
    p->armed = false;
}

void pr_apply_offer(a11y_prompt_t *p, size_t i)
{
    if (i >= p->noffers)
        return;
    size_t erase = p->offers[i].erase;
    if (erase)
        pr_erase_end(p, erase);
    pr_insert(p, p->offers[i].insert);
    p->typing = true;
    if (erase) {
        /* the line got shorter before it grew: draw it again on a fresh
         * line rather than backspacing over what is on screen */
        pr_out_begin(p);
        pr_out_end(p);
    } else if (p->tty && p->rl_on) {
        rl_redisplay();
    }
    pr_clear_offers(p);
    pr_drop_shown(p);
    pr_auto_offer(p);
}

/* The part of the current word already typed (bytes), to show offers whole. */
size_t pr_word_tail(const char *s)
{
    size_t n = strlen(s), i = n;
    while (i > 0 && ((s[i - 1] >= 'a' && s[i - 1] <= 'z') || (s[i - 1] >= 'A' && s[i - 1] <= 'Z') ||
                     s[i - 1] == '\'' || (s[i - 1] >= '0' && s[i - 1] <= '9')))
        i--;
    return n - i;
}

void pr_drop_shown(a11y_prompt_t *p)
{
    free(p->shown);
    p->shown = NULL;
}

/* A new answer: no offer on screen, none printed yet. */
void pr_forget_offers(a11y_prompt_t *p)
{
    pr_drop_shown(p);
    free(p->printed);
    p->printed = NULL;
    p->printed_base = 0;
    free(p->list_line);
    p->list_line = NULL;
}

/* The offer on screen stays valid while the line is typed along it: then
 * Tab takes the rest of what was printed (and heard). */
static void follow_printed(a11y_prompt_t *p)
{
    pr_drop_shown(p);
    if (!p->printed)
        return;
    const char *text = pr_text(p);
    size_t n = strlen(text);
    if (n >= p->printed_base && n < strlen(p->printed) && strncmp(p->printed, text, n) == 0)
        p->shown = strdup(p->printed + n);
}

/* Print "Tab: offer" when the engine has a confident offer that is new.
 * A screen reader reads every line printed, and each offer line brings the
 * input line again below it, so an offer that the last one printed already
 * holds -- the same line, or the rest of it while the trainee types along
 * it -- stays quiet (Tab still takes it). At verbosity 1 (terse) nothing is
 * offered by itself; Tab lists the completions on demand. */
void pr_auto_offer(a11y_prompt_t *p)
{
    if (pr_list_mode(p)) {
        pr_list_offers(p);      /* the list in view instead (prompt_list.c) */
        return;
    }
    follow_printed(p);
    if (!p->o.auto_offer || !p->o.complete || a11y_out_verbosity(p->o.out) <= 1) {
        pr_drop_shown(p);
        return;
    }
    const char *text = pr_text(p);
    struct a11y_completion a;
    if (!a11y_complete_auto(p->o.complete, text, 2, &a))
        return;     /* what was printed may still be followed */
    size_t n = strlen(text), il = strlen(a.insert);
    if (p->printed && n + il <= strlen(p->printed) && strncmp(p->printed, text, n) == 0 &&
        strncmp(p->printed + n, a.insert, il) == 0) {
        /* already said: keep the longer offer that was heard */
        free(a.insert);
        if (!p->shown)
            p->shown = strdup(p->printed + n);
        return;
    }
    char *full = malloc(n + il + 1);
    if (!full) {
        free(a.insert);
        return;
    }
    memcpy(full, text, n);
    memcpy(full + n, a.insert, il + 1);
    free(p->printed);
    p->printed = full;
    p->printed_base = n;
    free(p->shown);
    p->shown = a.insert;
    size_t tail = pr_word_tail(text);
    pr_out_begin(p);
    a11y_say(p->o.out, A11Y_PLAIN, "Tab%s%.*s%s", a11y_tag_sep(), (int)tail, text + n - tail,
             p->shown);
    pr_out_end(p);
}

/* After a typed key: the offer comes when the typing pauses (offer_delay),
 * so a fast typist is not talked over at every letter. Meanwhile the one
 * on screen still counts if the key followed it. */
void pr_offer_later(a11y_prompt_t *p)
{
    if (p->o.offer_delay <= 0) {
        pr_auto_offer(p);
        return;
    }
    if (!pr_list_mode(p))
        follow_printed(p);
    p->offer_due = a11y_now() + p->o.offer_delay;
}

/* Take the offer on screen, whole or its next word. */
static void take_shown(a11y_prompt_t *p, bool word)
{
    size_t n = word ? a11y_offer_word(p->shown) : strlen(p->shown);
    char *part = strndup(p->shown, n);
    if (part) {
        pr_insert(p, part);
        free(part);
    }
    p->typing = true;
    if (p->tty && p->rl_on)
        rl_redisplay();
    pr_drop_shown(p);
    pr_auto_offer(p);
}

static void complete(a11y_prompt_t *p)
{
    if (p->shown) {
        take_shown(p, false);
        return;
    }
    pr_clear_offers(p);
    if (!p->o.complete)
        return;
    const char *text = pr_text(p);
    size_t max = p->o.max_offers ? p->o.max_offers : 5;
    p->noffers = a11y_complete_offer(p->o.complete, text, p->offers, max);
    if (p->noffers == 1 && p->offers[0].context < 0) {
        pr_apply_offer(p, 0);   /* a snippet: expand at once */
        return;
    }
    pr_out_begin(p);
    if (p->noffers == 0) {
        a11y_say(p->o.out, A11Y_INFO, _("No completions"));
    } else {
        size_t tail = pr_word_tail(text);
        for (size_t i = 0; i < p->noffers; i++)
            a11y_say(p->o.out, A11Y_PLAIN, "%zu: %.*s%s", i + 1,
                     p->offers[i].erase ? 0 : (int)tail, text + strlen(text) - tail,
                     p->offers[i].insert);
        p->armed = true;
    }
    pr_out_end(p);
}

/* ---- one key ------------------------------------------------------------ */


static int key_id(const char *k, size_t n)
{
    if (n == 1)
        return (unsigned char)k[0];
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)k[i]) * 16777619u;
    return (int)(0x10000 | (h & 0x7fffffff));
}

/* Returns true when the read is over (in filled). */
bool pr_handle_key(a11y_prompt_t *p, const struct a11y_read *r, const char *k, size_t n,
                   bool alone, struct a11y_input *in)
{
    if (p->o.interrupt_on_typing)
        a11y_hush(p->o.out);
    /* a function key's escape sequence is one key (a11y_key_decode); any
     * other sequence (arrows) or a UTF-8 character is -1: for the line */
    int key = n == 1 ? (unsigned char)k[0] : a11y_key_decode(k, n);
    if (key == A11Y_KEY_NONE)
        key = -1;
    bool fkey = key >= A11Y_KEY_F1 && key < A11Y_KEY_F1 + 12;
    if (alone && !a11y_bounce_accept(&p->bounce, key_id(k, n), (int64_t)(a11y_now() * 1000)))
        return false;
    if (key == 3) {
        in->kind = A11Y_IN_INTERRUPT;
        return true;
    }
    if (key == 4 && !*pr_text(p)) {
        in->kind = A11Y_IN_EOF;
        return true;
    }
    if (key == '\n')
        key = A11Y_KEY_ENTER;       /* pipes and some terminals send LF */
    if (p->o.switch_mode != A11Y_SWITCH_OFF && key > 0) {
        a11y_action s = a11y_keymap_lookup_scan(p->o.keys, key);
        if (s != A11Y_ACT_NONE)
            return pr_scan_key(p, r, s, in);
    }
    /* Escape then a digit types the digit, even when a list of offers
     * appeared between the two keys (typing paused after the Escape) */
    bool literal = p->esc_digit;
    p->esc_digit = false;
    if (p->armed) {
        p->armed = false;
        if (!literal && key >= '1' && key <= '9' && (size_t)(key - '1') < p->noffers) {
            pr_apply_offer(p, (size_t)(key - '1'));
            return false;
        }
        pr_clear_offers(p);
        if (key == A11Y_KEY_ESCAPE) {
            pr_drop_shown(p);
            p->esc_digit = true;
            return false;
        }
    }
    a11y_action act = key > 0 ? a11y_keymap_lookup(p->o.keys, key) : A11Y_ACT_NONE;
    /* A lone Escape is kefu's: it dismisses the offer on screen and makes
     * the next digit text. It never reaches readline, where it would be a
     * Meta prefix (Escape x lost the x, Escape b moved a word back, Escape
     * Escape y typed an ESC byte into the answer). Escape bound to a
     * command (kefu keys --set) still runs it where commands run. */
    if (key == A11Y_KEY_ESCAPE) {
        bool command_here = act != A11Y_ACT_NONE &&
                            (r->command_only || (p->o.shortcuts && !p->dictating &&
                                                 !p->typing && !*pr_text(p)));
        if (!command_here) {
            pr_drop_shown(p);
            p->esc_digit = true;
            return false;
        }
    }
    if (act == A11Y_ACT_WORD && p->shown && !r->command_only) {
        take_shown(p, true);
        return false;
    }
    if (act == A11Y_ACT_COMPLETE && !r->command_only) {
        complete(p);
        return false;
    }
    bool empty = !*pr_text(p);
    bool shortcuts = p->o.shortcuts && !p->dictating;
    /* Once the warning has said "press w for more time", w means that even
     * in the middle of an answer (the worst a slip costs is more time). */
    if (act == A11Y_ACT_EXTEND && p->warned && p->deadline > 0 && shortcuts)
        return pr_action(p, act, in);
    if (act != A11Y_ACT_NONE && act != A11Y_ACT_SUBMIT &&
        ((shortcuts && !p->typing && empty) || r->command_only))
        return pr_action(p, act, in);
    if (act == A11Y_ACT_SUBMIT || key == A11Y_KEY_ENTER) {
        if (act != A11Y_ACT_SUBMIT && p->tty)
            return false;           /* Enter was remapped away: not a submit */
        if (r->command_only)
            return false;
        if (empty) {
            if (!p->typing)
                pr_action(p, A11Y_ACT_TYPE, in);
            return false;
        }
        return pr_submit(p, in);
    }
    if (fkey && !r->command_only)
        return false;       /* unbound here: not text, so it starts no typing */
    if (r->command_only) {
        char kb[16];
        pr_out_begin(p);
        char hb[16];
        a11y_say(p->o.out, A11Y_INFO, _("Key %s does nothing here; press %s for the keys"),
                 key > 0 ? pr_key_label(p, key, kb, sizeof kb) : "?",
                 pr_key_label(p, a11y_keymap_key(p->o.keys, A11Y_ACT_HELP), hb, sizeof hb));
        pr_out_end(p);
        return false;
    }
    p->typing = true;
    if (p->tty) {
        pr_rl_feed(p, k, n);
        if (p->line_done)
            return pr_submit(p, in);
        pr_offer_later(p);
        return false;
    }
    if (key == 127 || key == 8) {           /* Backspace: one character */
        size_t l = p->len;
        while (l > 0 && ((unsigned char)p->buf[l - 1] & 0xC0) == 0x80)
            l--;
        pr_erase_end(p, l > 0 ? p->len - l + 1 : 0);
    } else if (key < 0 ? (unsigned char)k[0] >= 0x80 : key >= 0x20) {
        char tmp[16];
        size_t m = n < sizeof tmp - 1 ? n : sizeof tmp - 1;
        memcpy(tmp, k, m);
        tmp[m] = '\0';
        pr_insert(p, tmp);
    }
    pr_offer_later(p);
    return false;
}

/* The line is finished: an answer, or a typed command word. */
bool pr_submit(a11y_prompt_t *p, struct a11y_input *in)
{
    char *text;
    if (p->tty) {
        if (!p->line_done) {
            pr_rl_feed(p, "\r", 1);        /* readline finishes the line */
        }
        if (p->line_eof) {
            in->kind = A11Y_IN_EOF;
            return true;
        }
        text = p->line_text;
        p->line_text = NULL;
        p->line_done = false;
    } else {
        text = strdup(p->buf ? p->buf : "");
        p->len = 0;
        if (p->buf)
            p->buf[0] = '\0';
    }
    if (!text)
        text = strdup("");
    /* "repeat", "hint", ... typed as a word: the way with shortcuts off */
    char word[32];
    size_t a = 0, b = strlen(text);
    while (a < b && text[a] == ' ')
        a++;
    while (b > a && text[b - 1] == ' ')
        b--;
    a11y_action act = A11Y_ACT_NONE;
    if (b - a < sizeof word) {
        memcpy(word, text + a, b - a);
        word[b - a] = '\0';
        for (char *c = word; *c; c++)
            *c = *c >= 'A' && *c <= 'Z' ? (char)(*c - 'A' + 'a') : *c;
        act = a11y_action_find(word);
        for (int i = 1; act == A11Y_ACT_NONE && i < A11Y_ACT_COUNT; i++) {
            const char *tr = _(a11y_action_name((a11y_action)i));
            if (strlen(tr) == b - a && strncmp(tr, text + a, b - a) == 0)
                act = (a11y_action)i;   /* the name in the session's language */
        }
    }
    /* a recognised spoken answer submitted as it was heard is an answer,
     * even when it is a command word ("help") */
    if (p->initial && strcmp(text, p->initial) == 0)
        act = A11Y_ACT_NONE;
    if (act != A11Y_ACT_NONE && act != A11Y_ACT_SUBMIT && act != A11Y_ACT_COMPLETE &&
        act != A11Y_ACT_SCAN_NEXT && act != A11Y_ACT_SCAN_CHOOSE) {
        free(text);
        p->typing = false;
        if (pr_action(p, act, in))
            return true;
        pr_restart(p);
        return false;
    }
    if (p->tty && *text)
        add_history(text);
    in->kind = A11Y_IN_ANSWER;
    in->text = text;
    return true;
}
