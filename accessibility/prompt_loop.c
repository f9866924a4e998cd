/* prompt_loop.c -- the prompt's read loop (prompt.h): poll the input so
 * that timers run (switch scanning, time-limit warning) while nobody
 * types, cut what arrives into keys, and give each to pr_handle_key()
 * (prompt.c). Also readline's callback-mode set-up: readline reads its
 * characters from a small queue that pr_rl_feed() fills, so that kefu
 * sees every key first.
 */
#include <errno.h>
#include <libintl.h>
#include <poll.h>
#include <signal.h>
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

static a11y_prompt_t *g_active;             /* readline's callbacks are global */
static volatile sig_atomic_t g_sigint;

double a11y_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void on_sigint(int sig)
{
    (void)sig;
    g_sigint = 1;
}

/* ---- readline glue ------------------------------------------------------ */

static int q_getc(FILE *f)
{
    (void)f;
    a11y_prompt_t *p = g_active;
    if (!p || p->qn == 0)
        return EOF;
    int ch = p->q[p->qh];
    p->qh = (p->qh + 1) % sizeof p->q;
    p->qn--;
    return ch;
}

static int q_available(void) { return g_active && g_active->qn > 0; }

static void on_line(char *line)
{
    a11y_prompt_t *p = g_active;
    rl_callback_handler_remove();
    p->rl_on = false;
    p->line_done = true;
    p->line_eof = line == NULL;
    free(p->line_text);
    p->line_text = line;
}

void pr_rl_feed(a11y_prompt_t *p, const char *k, size_t n)
{
    for (size_t i = 0; i < n && p->qn < sizeof p->q; i++) {
        p->q[(p->qh + p->qn) % sizeof p->q] = (unsigned char)k[i];
        p->qn++;
    }
    while (p->qn > 0 && p->rl_on)
        rl_callback_read_char();
    p->qn = 0;
}

/* ---- the read loop ------------------------------------------------------ */

static void rl_start(a11y_prompt_t *p)
{
    if (!p->tty || p->rl_on)
        return;
    g_active = p;
    p->line_done = p->line_eof = false;
    rl_readline_name = "kefu";
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    rl_getc_function = q_getc;
    rl_input_available_hook = q_available;
    rl_inhibit_completion = 1;
    /* bracketed paste would print escape sequences at every prompt */
    rl_variable_bind("enable-bracketed-paste", "off");
    /* switch access: before anything is chosen the "Choice" lines are the
     * prompt; pr_out_end() brings the label back once the answer has text */
    rl_callback_handler_install(p->o.switch_mode != A11Y_SWITCH_OFF ? "" : p->label, on_line);
    p->rl_on = true;
}

static void rl_stop(a11y_prompt_t *p, bool newline)
{
    if (p->tty && p->rl_on) {
        rl_callback_handler_remove();
        p->rl_on = false;
        if (newline) {
            fputc('\n', rl_outstream ? rl_outstream : stdout);
            fflush(rl_outstream ? rl_outstream : stdout);
        }
    }
    if (g_active == p)
        g_active = NULL;
}

void pr_restart(a11y_prompt_t *p)
{
    p->typing = false;
    if (p->tty) {
        rl_stop(p, false);
        rl_start(p);
    }
}

a11y_prompt_t *a11y_prompt_new(const struct a11y_prompt_options *opts)
{
    a11y_prompt_t *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->o = *opts;
    if (p->o.max_offers == 0 || p->o.max_offers > A11Y_COMPLETE_MAX)
        p->o.max_offers = 5;
    if (p->o.offer_list > A11Y_COMPLETE_MAX)
        p->o.offer_list = A11Y_COMPLETE_MAX;
    if (p->o.scan_interval < 0.5)
        p->o.scan_interval = 0.5;
    if (p->o.scan_interval > 10)
        p->o.scan_interval = 10;
    p->tty = isatty(p->o.in_fd) && isatty(STDOUT_FILENO);
    p->rate = p->o.rate_wpm >= 80 && p->o.rate_wpm <= 450 ? p->o.rate_wpm : 175;
    a11y_bounce_init(&p->bounce, p->o.bounce_ms);
    return p;
}

void a11y_prompt_free(a11y_prompt_t *p)
{
    if (!p)
        return;
    rl_stop(p, false);
    pr_clear_offers(p);
    pr_scan_clear(p);
    pr_forget_offers(p);
    free(p->line_text);
    free(p->buf);
    free(p->label);
    free(p->initial);
    free(p);
}

void a11y_prompt_set_dictating(a11y_prompt_t *p, bool dictating) { p->dictating = dictating; }

/* Cut a chunk of input into keys: one byte, one UTF-8 character, or one
 * escape sequence (ESC [ ... final byte, ESC O final byte, and the Linux
 * console's function keys ESC [ [ A..E, whose second '[' is not final).
 * ESC and a letter or Backspace in the same read is an Alt chord (the
 * terminal sends it at once; readline's Alt+B, Alt+Backspace); an Escape
 * pressed on its own comes alone and is kefu's (pr_handle_key). */
static size_t next_key(const unsigned char *b, size_t n, size_t i)
{
    size_t j = i + 1;
    if (b[i] == 27 && j < n && ((b[j] >= 'a' && b[j] <= 'z') || (b[j] >= 'A' && b[j] <= 'Z' &&
                                                                  b[j] != 'O') || b[j] == 127))
        return j + 1;
    if (b[i] == 27 && j < n && (b[j] == '[' || b[j] == 'O')) {
        j++;
        if (b[j - 1] == '[' && j < n && b[j] == '[')
            j++;
        while (j < n && !(b[j] >= 0x40 && b[j] <= 0x7e))
            j++;
        if (j < n)
            j++;
    } else if (b[i] >= 0xC0) {
        while (j < n && (b[j] & 0xC0) == 0x80)
            j++;
    }
    return j;
}

static void time_check(a11y_prompt_t *p, double now, bool *timeout)
{
    if (p->deadline <= 0)
        return;
    double left = p->deadline - now;
    if (!p->warned && left <= 20.5) {
        char kb[16];
        p->warned = true;
        pr_out_begin(p);
        if (p->o.switch_mode != A11Y_SWITCH_OFF) {
            pr_scan_more_time(p, (int)(left + 0.5));
            if (p->o.switch_mode == A11Y_SWITCH_SCAN)   /* hold it: two steps' time */
                p->next_scan = now + 2 * p->o.scan_interval;
        } else if (p->o.shortcuts && !p->dictating)
            a11y_say(p->o.out, A11Y_WARNING, _("%d seconds left; press %s for more time"),
                     (int)(left + 0.5),
                     pr_key_label(p, a11y_keymap_key(p->o.keys, A11Y_ACT_EXTEND), kb, sizeof kb));
        else
            a11y_say(p->o.out, A11Y_WARNING,
                     _("%d seconds left; type %s and press Enter for more time"),
                     (int)(left + 0.5), _(a11y_action_name(A11Y_ACT_EXTEND)));
        pr_out_end(p);
    }
    if (left <= 0)
        *timeout = true;
}

int a11y_prompt_read(a11y_prompt_t *p, const struct a11y_read *r, struct a11y_input *in)
{
    memset(in, 0, sizeof *in);
    p->below = 0;
    double t0 = a11y_now();
    p->typing = false;
    p->warned = false;
    p->extensions = 0;
    p->limit = r->limit_s > 0 ? r->limit_s : 0;
    p->deadline = p->limit > 0 ? t0 + p->limit : 0;
    p->choices = r->choices;
    p->len = 0;
    p->nchunks = 0;
    if (p->buf)
        p->buf[0] = '\0';
    pr_clear_offers(p);
    pr_forget_offers(p);
    p->offer_due = 0;
    p->esc_digit = false;
    free(p->label);
    free(p->initial);
    p->initial = r->initial && *r->initial ? strdup(r->initial) : NULL;
    const char *label = r->label ? r->label : _("Your answer");
    /* "Your answer: " in English, "你的回答：" in Chinese (a11y_tag_sep) */
    const char *sep = a11y_tag_sep();
    size_t ln = strlen(label) + strlen(sep) + 1;
    p->label = malloc(ln);
    if (p->label)
        snprintf(p->label, ln, "%s%s", label, sep);

    struct sigaction sa = {0}, old;
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old);
    g_sigint = 0;

    fflush(stdout);
    rl_start(p);
    if (r->initial && *r->initial) {
        /* the text to correct is on the line, the cursor after it; keys edit
         * it (no shortcuts) until Enter submits */
        pr_insert(p, r->initial);
        p->typing = true;
        if (p->tty && p->rl_on)
            rl_redisplay();
    }
    if (p->o.switch_mode != A11Y_SWITCH_OFF) {
        p->scan_sub = 0;
        pr_scan_build(p);
        pr_out_begin(p);
        pr_scan_announce(p);
        pr_out_end(p);
        p->next_scan = p->o.switch_mode == A11Y_SWITCH_SCAN ? t0 + p->o.scan_interval : 0;
    }
    bool done = false, timeout = false;
    while (!done) {
        double now = a11y_now();
        time_check(p, now, &timeout);
        if (timeout)
            break;
        if (p->next_scan > 0 && now >= p->next_scan) {
            pr_scan_tick(p);
            p->next_scan += p->o.scan_interval;
            if (p->next_scan < now)
                p->next_scan = now + p->o.scan_interval;
        }
        double wait = 1.0;
        if (p->deadline > 0) {
            double until = p->warned ? p->deadline - now : p->deadline - 20.5 - now;
            if (until < wait)
                wait = until;
        }
        if (p->offer_due > 0 && now >= p->offer_due) {
            p->offer_due = 0;
            pr_auto_offer(p);
        }
        if (p->next_scan > 0 && p->next_scan - now < wait)
            wait = p->next_scan - now;
        if (p->offer_due > 0 && p->offer_due - now < wait)
            wait = p->offer_due - now;
        if (wait < 0)
            wait = 0;
        struct pollfd pfd = {.fd = p->o.in_fd, .events = POLLIN};
        int rc = poll(&pfd, 1, (int)(wait * 1000) + 1);
        if (g_sigint) {
            in->kind = A11Y_IN_INTERRUPT;
            done = true;
            break;
        }
        if (rc < 0) {
            if (errno == EINTR)
                continue;
            in->kind = A11Y_IN_ERROR;
            done = true;
            break;
        }
        if (rc == 0)
            continue;
        unsigned char b[256];
        ssize_t n = read(p->o.in_fd, b, sizeof b);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            /* end of input: what was typed on a pipe still counts */
            if (!p->tty && p->len > 0) {
                done = pr_submit(p, in);
            } else {
                in->kind = n == 0 ? A11Y_IN_EOF : A11Y_IN_ERROR;
                done = true;
            }
            break;
        }
        if (b[n - 1] == 27 && (size_t)n < sizeof b) {
            /* an escape sequence cut between two reads (a slow link): its
             * rest follows at once; an Escape pressed alone comes alone */
            struct pollfd more = {.fd = p->o.in_fd, .events = POLLIN};
            if (poll(&more, 1, 30) > 0) {
                ssize_t m = read(p->o.in_fd, b + n, sizeof b - (size_t)n);
                if (m > 0)
                    n += m;
            }
        }
        size_t nkeys = 0;
        for (size_t i = 0; i < (size_t)n; i = next_key(b, (size_t)n, i))
            nkeys++;
        for (size_t i = 0, j; i < (size_t)n && !done; i = j) {
            j = next_key(b, (size_t)n, i);
            /* Bounce applies to every single-byte key, even when a slow
             * read gathered two; not to the characters an IME commits
             * together ("谢谢" is two presses of nothing). */
            done = pr_handle_key(p, r, (const char *)b + i, j - i, nkeys == 1 || j - i == 1, in);
        }
        if (!done && p->o.switch_mode == A11Y_SWITCH_SCAN)
            p->next_scan = a11y_now() + p->o.scan_interval;   /* a key resets the scan */
    }
    if (timeout) {
        in->kind = A11Y_IN_TIMEOUT;
        in->text = strdup(pr_text(p));
        pr_out_begin(p);
        a11y_say(p->o.out, A11Y_WARNING, _("Time is up"));
        rl_stop(p, false);
    } else {
        rl_stop(p, in->kind != A11Y_IN_ANSWER);
    }
    pr_scan_clear(p);
    pr_clear_offers(p);
    sigaction(SIGINT, &old, NULL);
    in->seconds = a11y_now() - t0;
    in->extensions = p->extensions;
    return in->kind == A11Y_IN_ERROR ? -1 : 0;
}
