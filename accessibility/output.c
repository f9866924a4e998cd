/* output.c -- the one output path: tagged lines, plain mode, errors,
 * sparse progress, and speech that follows print.
 *
 * Plain mode is the default whenever a person may be listening through a
 * screen reader or braille display rather than looking at colours: stdout
 * not a terminal, NO_COLOR set, TERM=dumb, or --plain. In plain mode no byte
 * below 0x20 other than '\n' and '\t' ever leaves this file, whatever the
 * data (scenario text, order notes) contains.
 */
#include <libintl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "a11y.h"

#define _(s) gettext(s)

struct a11y_out {
    FILE *out, *err;
    bool plain;
    int verbosity;
    tts_t *tts;
    int progress_last_pct;      /* last percentage printed, -1 none */
    time_t progress_last_time;
    char progress_what[128];
    /* the last A11Y_HISTORY lines said, a ring; hist_n of them are set */
    char *hist_text[A11Y_HISTORY];
    a11y_kind hist_kind[A11Y_HISTORY];
    size_t hist_head, hist_n;
};

static const char *const tag_msgid[A11Y_KIND_COUNT] = {
    [A11Y_PLAIN] = NULL,
    [A11Y_CUSTOMER] = "Customer",
    [A11Y_YOU_SAID] = "You said",
    [A11Y_SCORE] = "Score",
    [A11Y_HINT] = "Hint",
    [A11Y_FEEDBACK] = "Feedback",
    [A11Y_BRIEF] = "Brief",
    [A11Y_INFO] = "Info",
    [A11Y_WARNING] = "Warning",
    [A11Y_ERROR] = "Error",
    [A11Y_PROGRESS] = "Progress",
};

/* Bold for the tag only: colour is never the only signal, the tag text is. */
static const char *const tag_colour[A11Y_KIND_COUNT] = {
    [A11Y_CUSTOMER] = "\033[1;36m", [A11Y_YOU_SAID] = "\033[1m",
    [A11Y_SCORE] = "\033[1;32m",   [A11Y_HINT] = "\033[1;33m",
    [A11Y_FEEDBACK] = "\033[1m",   [A11Y_BRIEF] = "\033[1m",
    [A11Y_INFO] = "\033[1m",       [A11Y_WARNING] = "\033[1;33m",
    [A11Y_ERROR] = "\033[1;31m",   [A11Y_PROGRESS] = "\033[1m",
};

static bool env_set(const char *name)
{
    const char *v = getenv(name);
    return v && *v;
}

int a11y_out_new(a11y_out_t **out, FILE *stdout_, FILE *stderr_,
                 const struct a11y_out_options *opts)
{
    a11y_out_t *o = calloc(1, sizeof *o);
    *out = o;
    if (!o)
        return -1;
    o->out = stdout_;
    o->err = stderr_;
    o->verbosity = opts && opts->verbosity >= 1 && opts->verbosity <= 3 ? opts->verbosity : 2;
    o->progress_last_pct = -1;

    int color = opts ? opts->color : -1;
    if (color == 1) {
        o->plain = false;
    } else if (color == 0 || (opts && opts->plain)) {
        o->plain = true;
    } else {
        const char *term = getenv("TERM");
        o->plain = !isatty(fileno(stdout_)) || env_set("NO_COLOR") ||
                   !term || strcmp(term, "dumb") == 0;
    }
    return 0;
}

void a11y_out_free(a11y_out_t *o)
{
    if (!o)
        return;
    for (size_t i = 0; i < A11Y_HISTORY; i++)
        free(o->hist_text[i]);
    free(o);
}

void a11y_out_set_tts(a11y_out_t *o, tts_t *tts) { o->tts = tts; }
bool a11y_out_plain(const a11y_out_t *o) { return o->plain; }
int a11y_out_verbosity(const a11y_out_t *o) { return o->verbosity; }

/* A message keyed by a context (msgfmt's "CTXT\004msgid"), the msgid
 * itself when the catalogue has none. */
static const char *ctx_gettext(const char *key)
{
    const char *tr = gettext(key);
    return tr == key ? strchr(key, '\004') + 1 : tr;
}

/* A tag's punctuation is the language's own: "Customer: text" in English
 * (the form trainers' scripts parse), "客户：text" in Chinese (full-width,
 * no space). Errors are not: see a11y_error(). */
const char *a11y_tag_sep(void) { return ctx_gettext("tag\004: "); }

const char *a11y_tag(a11y_kind kind)
{
    if (kind < 0 || kind >= A11Y_KIND_COUNT || !tag_msgid[kind])
        return "";
    return _(tag_msgid[kind]);
}

/* Write text, replacing control characters (except newline and tab) so
 * nothing from the data can move the cursor or recolour the screen. */
static void put_clean(FILE *f, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
            fputc('?', f);
        else
            fputc(*p, f);
    }
}

static char *vformat(const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return NULL;
    char *buf = malloc((size_t)n + 1);
    if (buf)
        vsnprintf(buf, (size_t)n + 1, fmt, ap);
    return buf;
}

static tts_priority priority_of(a11y_kind kind)
{
    switch (kind) {
    case A11Y_ERROR: return TTS_PRIO_IMPORTANT;
    case A11Y_CUSTOMER: return TTS_PRIO_MESSAGE;
    case A11Y_PROGRESS: return TTS_PRIO_PROGRESS;
    case A11Y_INFO:
    case A11Y_WARNING: return TTS_PRIO_NOTIFICATION;
    default: return TTS_PRIO_TEXT;
    }
}

static void speak_line(a11y_out_t *o, a11y_kind kind, const char *text)
{
    if (!o->tts)
        return;
    const char *tag = a11y_tag(kind);
    size_t n = strlen(tag) + strlen(text) + 4;
    char *line = malloc(n);
    if (!line)
        return;
    if (*tag)
        snprintf(line, n, "%s%s%s", tag, a11y_tag_sep(), text);
    else
        snprintf(line, n, "%s", text);
    tts_speak(o->tts, line, priority_of(kind));
    free(line);
}

static void history_add(a11y_out_t *o, a11y_kind kind, char *text)
{
    o->hist_head = (o->hist_head + 1) % A11Y_HISTORY;
    free(o->hist_text[o->hist_head]);
    o->hist_text[o->hist_head] = text;
    o->hist_kind[o->hist_head] = kind;
    if (o->hist_n < A11Y_HISTORY)
        o->hist_n++;
}

void a11y_vsay(a11y_out_t *o, a11y_kind kind, const char *fmt, va_list ap)
{
    char *text = vformat(fmt, ap);
    if (!text)
        return;
    const char *tag = a11y_tag(kind);
    if (*tag) {
        const char *sep = a11y_tag_sep();
        size_t sl = strlen(sep);
        bool space = sl && sep[sl - 1] == ' ';
        if (!o->plain && tag_colour[kind])     /* the tag and its colon bold */
            fprintf(o->out, "%s%s%.*s\033[0m%s", tag_colour[kind], tag, (int)(sl - space), sep,
                    space ? " " : "");
        else
            fprintf(o->out, "%s%s", tag, sep);
    }
    put_clean(o->out, text);
    fputc('\n', o->out);
    fflush(o->out);
    speak_line(o, kind, text);
    history_add(o, kind, text);     /* takes text */
}

void a11y_say(a11y_out_t *o, a11y_kind kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    a11y_vsay(o, kind, fmt, ap);
    va_end(ap);
}

void a11y_data(a11y_out_t *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = vformat(fmt, ap);
    va_end(ap);
    if (!text)
        return;
    if (o->plain)
        put_clean(o->out, text);
    else
        fputs(text, o->out);
    fputc('\n', o->out);
    fflush(o->out);
    free(text);
}

/* Drop the trailing full stops ("." or "。") so "WHAT." + ". Try:" never
 * doubles one. */
static void put_sentence(FILE *f, const char *s)
{
    size_t n = strlen(s);
    while (n > 0) {
        if (s[n - 1] == '.' || s[n - 1] == ' ' || s[n - 1] == '\n')
            n--;
        else if (n >= 3 && memcmp(s + n - 3, "\xE3\x80\x82", 3) == 0)
            n -= 3;
        else
            break;
    }
    char *copy = strndup(s, n);
    if (copy) {
        put_clean(f, copy);
        free(copy);
    }
}

void a11y_error(a11y_out_t *o, const char *what, const char *fix)
{
    fflush(o->out);
    /* "kefu: error: WHAT. Try: FIX." is the command-line contract in every
     * language (Chinese is the default, and scripts parse this frame); only
     * WHAT and FIX are translated */
    fputs("kefu: error: ", o->err);
    put_sentence(o->err, what);
    if (fix && *fix) {
        fputs(". Try: ", o->err);
        put_sentence(o->err, fix);
    }
    fputs(".\n", o->err);
    fflush(o->err);
    if (o->tts) {
        size_t n = strlen(what) + (fix ? strlen(fix) : 0) + 8;
        char *line = malloc(n);
        if (line) {
            snprintf(line, n, "%s. %s", what, fix ? fix : "");
            tts_speak(o->tts, line, TTS_PRIO_IMPORTANT);
            free(line);
        }
    }
}

/* One line on stderr: prefix, then the text cleaned of control bytes. */
static void err_line(a11y_out_t *o, const char *prefix, const char *fmt, va_list ap)
{
    char *text = vformat(fmt, ap);
    if (!text)
        return;
    fflush(o->out);
    fputs(prefix, o->err);
    put_clean(o->err, text);
    fputc('\n', o->err);
    fflush(o->err);
    free(text);
}

void a11y_warning(a11y_out_t *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_line(o, "kefu: warning: ", fmt, ap);
    va_end(ap);
}

void a11y_diag(a11y_out_t *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_line(o, "", fmt, ap);
    va_end(ap);
}

void a11y_progress(a11y_out_t *o, const char *what, int percent)
{
    time_t now = time(NULL);
    bool same = strncmp(o->progress_what, what, sizeof o->progress_what - 1) == 0;
    if (!same) {
        snprintf(o->progress_what, sizeof o->progress_what, "%s", what);
        o->progress_last_pct = -1;
        o->progress_last_time = 0;
    }
    if (percent >= 100) {
        /* one translated line: Chinese joins without a space ("声音检查完成") */
        a11y_say(o, A11Y_PROGRESS, _("%s done"), what);
        o->progress_what[0] = '\0';
        return;
    }
    if (percent < 0)
        percent = 0;
    bool step = o->progress_last_pct < 0 || percent / 25 > o->progress_last_pct / 25;
    bool late = o->progress_last_time && now - o->progress_last_time >= 5 &&
                percent > o->progress_last_pct;
    if (!step && !late)
        return;
    o->progress_last_pct = percent;
    o->progress_last_time = now;
    a11y_say(o, A11Y_PROGRESS, "%s %d%%", what, percent);
}

/* ---- verbosity and history ---------------------------------------------- */

int a11y_out_set_verbosity(a11y_out_t *o, int level)
{
    o->verbosity = level < 1 ? 1 : level > 3 ? 3 : level;
    return o->verbosity;
}

void a11y_detail(a11y_out_t *o, int min_level, const char *fmt, ...)
{
    if (o->verbosity < min_level)
        return;
    va_list ap;
    va_start(ap, fmt);
    a11y_vsay(o, A11Y_INFO, fmt, ap);
    va_end(ap);
}

const char *a11y_history(const a11y_out_t *o, size_t age, a11y_kind *kind)
{
    if (!o || age >= o->hist_n)
        return NULL;
    size_t i = (o->hist_head + A11Y_HISTORY - age) % A11Y_HISTORY;
    if (kind)
        *kind = o->hist_kind[i];
    return o->hist_text[i];
}

const char *a11y_history_last(const a11y_out_t *o, a11y_kind kind)
{
    a11y_kind k;
    const char *t;
    for (size_t age = 0; (t = a11y_history(o, age, &k)) != NULL; age++)
        if (k == kind)
            return t;
    return NULL;
}

bool a11y_repeat(a11y_out_t *o, a11y_kind kind)
{
    const char *t = a11y_history_last(o, kind);
    if (!t)
        return false;
    char *copy = strdup(t);     /* saying it again moves the ring */
    if (!copy)
        return false;
    a11y_say(o, kind, "%s", copy);
    free(copy);
    return true;
}

bool a11y_spell_last(a11y_out_t *o, const char *lang)
{
    const char *line = a11y_history_last(o, A11Y_CUSTOMER);
    if (!line)
        line = a11y_history(o, 0, NULL);
    if (!line)
        return false;
    char *num = a11y_find_order_number(line);
    char *shown = NULL, *spoken = NULL;
    if (a11y_spell(num ? num : line, lang, &shown, &spoken) == 0) {
        tts_t *t = o->tts;
        o->tts = NULL;          /* print the characters, speak their names */
        a11y_say(o, A11Y_INFO, "%s %s", _("Spelling:"), shown);
        o->tts = t;
        a11y_speak(o, spoken, TTS_PRIO_TEXT);
    }
    free(num);
    free(shown);
    free(spoken);
    return true;
}

void a11y_hush(a11y_out_t *o)
{
    if (o && o->tts)
        tts_cancel(o->tts);
}

tts_t *a11y_out_tts(const a11y_out_t *o) { return o ? o->tts : NULL; }

void a11y_speak(a11y_out_t *o, const char *text, tts_priority prio)
{
    if (o && o->tts && text)
        tts_speak(o->tts, text, prio);
}
