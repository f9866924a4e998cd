/* keymap.c -- the single-key bindings and the bounce filter.
 *
 * Defaults are chosen for one hand (the left-hand cluster of QWERTY: every
 * default but Enter is typed by the left hand without moving the wrist):
 *   r repeat   s spell    a slower   d faster   f hint     g skip
 *   q quit     v more     c less     x stop     t type     b brief
 *   e help     w extend   space talk  Tab complete  Enter submit
 *   ` take one word of the offer shown   z voice: a/d change rate, pitch or volume
 * Mnemonics where they fit (repeat, spell, hint is f next to d/g, quit,
 * verbose/concise, x marks stop, wait = extend, explain = help); the
 * speed pair a/d sits like left/right arrows. Digits are kept for choosing
 * completions, so they can never be command keys.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keymap.h"

struct a11y_keymap {
    int key[A11Y_ACT_COUNT];
};

static const struct {
    const char *name;
    const char *help;
    int key;
} actions[A11Y_ACT_COUNT] = {
    [A11Y_ACT_NONE] = {"none", "nothing", 0},
    [A11Y_ACT_REPEAT] = {"repeat", "repeat the last customer line", 'r'},
    [A11Y_ACT_SPELL] = {"spell", "spell the last line, character by character", 's'},
    [A11Y_ACT_SLOWER] = {"slower", "speak slower", 'a'},
    [A11Y_ACT_FASTER] = {"faster", "speak faster", 'd'},
    [A11Y_ACT_HINT] = {"hint", "give a hint", 'f'},
    [A11Y_ACT_SKIP] = {"skip", "skip this turn", 'g'},
    [A11Y_ACT_QUIT] = {"quit", "end the session", 'q'},
    [A11Y_ACT_MORE] = {"more", "more detail (verbosity up)", 'v'},
    [A11Y_ACT_LESS] = {"less", "less detail (verbosity down)", 'c'},
    [A11Y_ACT_STOP] = {"stop", "stop speaking", 'x'},
    [A11Y_ACT_TYPE] = {"type", "type an answer (shortcuts pause until Enter)", 't'},
    [A11Y_ACT_BRIEF] = {"brief", "read the task brief again", 'b'},
    [A11Y_ACT_HELP] = {"help", "list the keys", 'e'},
    [A11Y_ACT_EXTEND] = {"extend", "more time when a time limit is near", 'w'},
    [A11Y_ACT_TALK] = {"talk", "answer by voice", A11Y_KEY_SPACE},
    [A11Y_ACT_SUBMIT] = {"submit", "submit the answer", A11Y_KEY_ENTER},
    [A11Y_ACT_COMPLETE] = {"complete", "offer completions or expand a snippet", A11Y_KEY_TAB},
    [A11Y_ACT_SCAN_NEXT] = {"scan_next", "switch access: next choice", A11Y_KEY_SPACE},
    [A11Y_ACT_SCAN_CHOOSE] = {"scan_choose", "switch access: choose", A11Y_KEY_ENTER},
    [A11Y_ACT_WORD] = {"word", "take the next word of the offer shown", '`'},
    [A11Y_ACT_VOICE] = {"voice", "choose what slower and faster change: rate, pitch or volume", 'z'},
};

static bool scan_layer(a11y_action a)
{
    return a == A11Y_ACT_SCAN_NEXT || a == A11Y_ACT_SCAN_CHOOSE;
}

a11y_keymap_t *a11y_keymap_new(void)
{
    a11y_keymap_t *km = calloc(1, sizeof *km);
    if (!km)
        return NULL;
    for (int a = 1; a < A11Y_ACT_COUNT; a++)
        km->key[a] = actions[a].key;
    return km;
}

void a11y_keymap_free(a11y_keymap_t *km) { free(km); }

const char *a11y_action_name(a11y_action act)
{
    return act > 0 && act < A11Y_ACT_COUNT ? actions[act].name : "none";
}

const char *a11y_action_help(a11y_action act)
{
    return act > 0 && act < A11Y_ACT_COUNT ? actions[act].help : "nothing";
}

a11y_action a11y_action_find(const char *name)
{
    if (!name)
        return A11Y_ACT_NONE;
    for (int a = 1; a < A11Y_ACT_COUNT; a++) {
        /* "scan-next" and "scan_next" are the same name */
        const char *p = actions[a].name, *q = name;
        while (*p && (*p == *q || (*p == '_' && *q == '-'))) {
            p++;
            q++;
        }
        if (!*p && !*q)
            return (a11y_action)a;
    }
    return A11Y_ACT_NONE;
}

static const struct {
    const char *name;
    int key;
} named_keys[] = {
    {"space", A11Y_KEY_SPACE}, {"enter", A11Y_KEY_ENTER}, {"return", A11Y_KEY_ENTER},
    {"tab", A11Y_KEY_TAB}, {"escape", A11Y_KEY_ESCAPE}, {"esc", A11Y_KEY_ESCAPE},
    {"backspace", A11Y_KEY_BACKSPACE},
};

static bool is_fkey(int key) { return key >= A11Y_KEY_F1 && key < A11Y_KEY_F1 + 12; }

int a11y_key_parse(const char *name)
{
    if (!name || !*name)
        return A11Y_KEY_NONE;
    if (name[1] == '\0') {
        unsigned char c = (unsigned char)name[0];
        return c > ' ' && c < 127 ? c : (c == ' ' ? A11Y_KEY_SPACE : A11Y_KEY_NONE);
    }
    if ((name[0] == 'F' || name[0] == 'f') && isdigit((unsigned char)name[1]) &&
        (!name[2] || (isdigit((unsigned char)name[2]) && !name[3]))) {
        int n = atoi(name + 1);
        if (n >= 1 && n <= 12 && name[1] != '0')
            return A11Y_KEY_F1 + n - 1;
    }
    for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++)
        if (strcasecmp(name, named_keys[i].name) == 0)
            return named_keys[i].key;
    return A11Y_KEY_NONE;
}

const char *a11y_key_name(int key, char *buf, size_t len)
{
    for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++)
        if (named_keys[i].key == key) {
            snprintf(buf, len, "%s", named_keys[i].name);
            return buf;
        }
    if (key > ' ' && key < 127)
        snprintf(buf, len, "%c", key);
    else if (is_fkey(key))
        snprintf(buf, len, "F%d", key - A11Y_KEY_F1 + 1);
    else
        snprintf(buf, len, "key %d", key);
    return buf;
}

int a11y_key_decode(const char *bytes, size_t n)
{
    /* xterm, VTE, tmux, rxvt: F1-F4 as SS3 P-S (or CSI 11-14 ~), F5-F12 as
     * CSI 15, 17-21, 23, 24 ~; the Linux console: F1-F5 as CSI [ A-E */
    static const struct { const char *seq; int f; } seqs[] = {
        {"\033OP", 1}, {"\033OQ", 2}, {"\033OR", 3}, {"\033OS", 4},
        {"\033[11~", 1}, {"\033[12~", 2}, {"\033[13~", 3}, {"\033[14~", 4},
        {"\033[15~", 5}, {"\033[17~", 6}, {"\033[18~", 7}, {"\033[19~", 8},
        {"\033[20~", 9}, {"\033[21~", 10}, {"\033[23~", 11}, {"\033[24~", 12},
        {"\033[[A", 1}, {"\033[[B", 2}, {"\033[[C", 3}, {"\033[[D", 4}, {"\033[[E", 5},
    };
    if (!bytes || n == 0)
        return A11Y_KEY_NONE;
    if (n == 1)
        return (unsigned char)bytes[0];
    for (size_t i = 0; i < sizeof seqs / sizeof seqs[0]; i++)
        if (strlen(seqs[i].seq) == n && memcmp(seqs[i].seq, bytes, n) == 0)
            return A11Y_KEY_F1 + seqs[i].f - 1;
    return A11Y_KEY_NONE;
}

/* Check and set one binding, without looking at clashes. */
static int check_one(const char *action, const char *key, a11y_action *act,
                     int *code, char *err, size_t errlen)
{
    *act = a11y_action_find(action);
    if (*act == A11Y_ACT_NONE) {
        snprintf(err, errlen, "unknown action '%s'; `kefu keys` lists the actions", action);
        return -1;
    }
    if (key && strlen(key) == 1 && isdigit((unsigned char)key[0])) {
        snprintf(err, errlen, "digit '%s' cannot be a command key: digits choose completions", key);
        return -1;
    }
    if (key && ((key[0] == '^' && key[1]) || strncasecmp(key, "ctrl", 4) == 0 ||
                strncasecmp(key, "alt", 3) == 0 || strncasecmp(key, "shift", 5) == 0)) {
        snprintf(err, errlen, "'%s' is a chord; bind a single unmodified key", key);
        return -1;
    }
    *code = a11y_key_parse(key);
    if (*code == A11Y_KEY_NONE) {
        snprintf(err, errlen,
                 "'%s' is not a key; use one character, space, enter, tab, escape, backspace or F1-F12",
                 key ? key : "");
        return -1;
    }
    return 0;
}

static a11y_action holder(const a11y_keymap_t *km, int code, a11y_action except)
{
    for (int a = 1; a < A11Y_ACT_COUNT; a++)
        if (a != (int)except && km->key[a] == code && scan_layer(a) == scan_layer(except))
            return (a11y_action)a;
    return A11Y_ACT_NONE;
}

int a11y_keymap_bind(a11y_keymap_t *km, const char *action, const char *key,
                     char *err, size_t errlen)
{
    a11y_action act;
    int code;
    if (check_one(action, key, &act, &code, err, errlen) != 0)
        return -1;
    a11y_action other = holder(km, code, act);
    if (other != A11Y_ACT_NONE) {
        char kb[16];
        snprintf(err, errlen, "key '%s' is already bound to %s; bind each key once",
                 a11y_key_name(code, kb, sizeof kb), a11y_action_name(other));
        return -1;
    }
    km->key[act] = code;
    return 0;
}

int a11y_keymap_apply(a11y_keymap_t *km, const char *const *acts,
                      const char *const *keys, size_t n,
                      a11y_keymap_report_fn report, void *arg)
{
    /* First pass: check each entry alone and note which actions move, so
     * that a key freed by a remapped default may be taken (swaps). */
    a11y_keymap_t next = *km;
    int errors = 0;
    char err[256];
    a11y_action *act = calloc(n ? n : 1, sizeof *act);
    int *code = calloc(n ? n : 1, sizeof *code);
    bool *ok = calloc(n ? n : 1, sizeof *ok);
    if (!act || !code || !ok) {
        errors = (int)(n ? n : 1);
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        if (check_one(acts[i], keys[i], &act[i], &code[i], err, sizeof err) != 0) {
            if (report)
                report(arg, i, err);
            errors++;
            continue;
        }
        for (size_t j = 0; j < i; j++)
            if (ok[j] && act[j] == act[i]) {
                snprintf(err, sizeof err, "action '%s' is bound twice in this section",
                         a11y_action_name(act[i]));
                if (report)
                    report(arg, i, err);
                errors++;
                goto next_entry;
            }
        ok[i] = true;
        next.key[act[i]] = A11Y_KEY_NONE;
    next_entry:;
    }
    /* Second pass: give the keys, now that moved actions let theirs go. */
    for (size_t i = 0; i < n; i++) {
        if (!ok[i])
            continue;
        a11y_action other = holder(&next, code[i], act[i]);
        if (other != A11Y_ACT_NONE) {
            char kb[16];
            snprintf(err, sizeof err, "key '%s' is already bound to %s; bind each key once",
                     a11y_key_name(code[i], kb, sizeof kb), a11y_action_name(other));
            if (report)
                report(arg, i, err);
            errors++;
            next.key[act[i]] = km->key[act[i]];
            /* the default may clash too now; then the action has no key */
            if (holder(&next, next.key[act[i]], act[i]) != A11Y_ACT_NONE)
                next.key[act[i]] = A11Y_KEY_NONE;
            continue;
        }
        next.key[act[i]] = code[i];
    }
    /* An entry that failed after its action's key was cleared gets its
     * default back when that is still free. */
    for (size_t i = 0; i < n; i++)
        if (act[i] != A11Y_ACT_NONE && next.key[act[i]] == A11Y_KEY_NONE &&
            holder(&next, km->key[act[i]], act[i]) == A11Y_ACT_NONE)
            next.key[act[i]] = km->key[act[i]];
    *km = next;
out:
    free(act);
    free(code);
    free(ok);
    return errors;
}

int a11y_keymap_key(const a11y_keymap_t *km, a11y_action act)
{
    return km && act > 0 && act < A11Y_ACT_COUNT ? km->key[act] : A11Y_KEY_NONE;
}

a11y_action a11y_keymap_lookup(const a11y_keymap_t *km, int key)
{
    if (!km || key == A11Y_KEY_NONE)
        return A11Y_ACT_NONE;
    for (int a = 1; a < A11Y_ACT_COUNT; a++)
        if (!scan_layer(a) && km->key[a] == key)
            return (a11y_action)a;
    return A11Y_ACT_NONE;
}

a11y_action a11y_keymap_lookup_scan(const a11y_keymap_t *km, int key)
{
    if (!km || key == A11Y_KEY_NONE)
        return A11Y_ACT_NONE;
    if (km->key[A11Y_ACT_SCAN_NEXT] == key)
        return A11Y_ACT_SCAN_NEXT;
    if (km->key[A11Y_ACT_SCAN_CHOOSE] == key)
        return A11Y_ACT_SCAN_CHOOSE;
    return A11Y_ACT_NONE;
}

/* ---- bounce ------------------------------------------------------------- */

void a11y_bounce_init(struct a11y_bounce *b, int delay_ms)
{
    b->delay_ms = delay_ms < 0 ? 0 : delay_ms > 1000 ? 1000 : delay_ms;
    b->last_key = A11Y_KEY_NONE;
    b->last_ms = 0;
}

bool a11y_bounce_accept(struct a11y_bounce *b, int key, int64_t now_ms)
{
    if (b->delay_ms > 0 && key == b->last_key && now_ms - b->last_ms < b->delay_ms)
        return false;   /* a bounce: the timer is not restarted, as in BRLTTY/AccessX */
    b->last_key = key;
    b->last_ms = now_ms;
    return true;
}
