/* hours_rules.c -- the rules of a working day, computed, never stored.
 *
 * What an open interval counts is decided when someone looks: until now,
 * or until the daily maximum or the end of the allowed window came (unless
 * the worker chose to continue), or -- when the process that kept it open
 * is gone (another boot, or a session whose pid has ended) -- until the last
 * recorded activity. Reports compute this read-only; commands that write
 * "settle" it (hours_core.c), i.e. close the interval at that point.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"
#include "hours_int.h"
#include "i18n.h"

int hours_rules_load(const struct kefu_config *cfg, struct hours_rules *r,
                     char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    r->min_daily = config_seconds(cfg, "hours.min_daily");
    r->max_daily = config_seconds(cfg, "hours.max_daily");
    r->work = (int64_t)config_int(cfg, "hours.work_minutes") * 60;
    r->rest = (int64_t)config_int(cfg, "hours.break_minutes") * 60;
    r->rate = config_double(cfg, "hours.hourly_rate");
    snprintf(r->currency, sizeof r->currency, "%s", config_get(cfg, "hours.currency"));
    r->at_max_continue = strcmp(config_get(cfg, "hours.at_max"), "continue") == 0;
    const char *w = config_get(cfg, "hours.window");
    if (hours_parse_window(w, &r->win_start, &r->win_end) != 0) {
        snprintf(err, errlen, _("hours.window = '%s' is not a time-of-day window "
                 "such as 08:00-23:00 (start before end; end may be 24:00)"), w);
        return -1;
    }
    if (r->max_daily <= 0) {
        snprintf(err, errlen, _("hours.max_daily must be more than 0"));
        return -1;
    }
    if (r->min_daily > r->max_daily) {
        snprintf(err, errlen, _("hours.min_daily is above hours.max_daily"));
        return -1;
    }
    if (r->work <= 0)
        r->work = 50 * 60;
    if (r->rest <= 0)
        r->rest = 10 * 60;
    return 0;
}

/* This boot's id. KEFU_BOOT_ID replaces it in tests (a "restart"). */
static void read_boot(char *buf, size_t len)
{
    const char *env = getenv("KEFU_BOOT_ID");
    buf[0] = '\0';
    if (env && *env) {
        snprintf(buf, len, "%s", env);
    } else {
        FILE *f = fopen("/proc/sys/kernel/random/boot_id", "r");
        if (f) {
            if (!fgets(buf, (int)len, f))
                buf[0] = '\0';
            fclose(f);
        }
    }
    buf[strcspn(buf, "\n :")] = '\0';
    if (!buf[0])
        snprintf(buf, len, "unknown");
}

int hours_fail(struct hours_tracker *t, int status, const char *fix, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->err, sizeof t->err, fmt, ap);
    va_end(ap);
    snprintf(t->fix, sizeof t->fix, "%s", fix ? fix : "");
    return status;
}

void hours_notice(struct hours_tracker *t, hours_say_kind kind, bool warning,
                  const char *fmt, ...)
{
    if (t->nnotices >= HOURS_NOTICES)
        return;
    struct hours_announcement *a = &t->notices[t->nnotices++];
    a->kind = kind;
    a->warning = warning;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->text, sizeof a->text, fmt, ap);
    va_end(ap);
}

int hours_tracker_init(struct hours_tracker *t, struct kefu_ctx *ctx, kb_t *kb,
                       const char *user, bool create_user)
{
    memset(t, 0, sizeof *t);
    t->ctx = ctx;
    t->kb = kb;
    t->now = clock_now();
    read_boot(t->boot, sizeof t->boot);
    snprintf(t->owner, sizeof t->owner, "%s", t->boot);
    char err[256];
    if (hours_rules_load(ctx->cfg, &t->rules, err, sizeof err) != 0)
        return hours_fail(t, HOURS_INVALID, _("correct it in the config file "
                          "(kefu config show lists the settings)"), "%s", err);
    const char *name = user ? user : ctx->user;
    int rc = create_user ? kb_user_ensure(kb, name, &t->uid)
                         : kb_hours_user_find(kb, name, &t->uid);
    if (rc == KB_NOTFOUND)
        return hours_fail(t, HOURS_NOTFOUND, _("check the name given with --user; "
                          "kefu hours start records a user's first hours"),
                          _("there is no user named '%s' with hours in this database"), name);
    if (rc != KB_OK)
        return hours_fail(t, HOURS_ERROR, NULL, "%s", kb_errmsg(kb));
    return HOURS_OK;
}

/* ---- is the keeper of an open interval gone? ------------------------------ */

/* Owner "BOOT" (a `kefu hours start`) is alive for the whole boot; owner
 * "BOOT:PID" (a session) as long as that process runs. */
static bool owner_gone(const struct hours_tracker *t, const char *owner, bool *reboot)
{
    *reboot = false;
    if (!owner[0])
        return false;
    size_t blen = strcspn(owner, ":");
    if (blen != strlen(t->boot) || strncmp(owner, t->boot, blen) != 0) {
        *reboot = true;
        return true;
    }
    if (owner[blen] != ':')
        return false;
    long pid = strtol(owner + blen + 1, NULL, 10);
    if (pid <= 0 || pid == (long)getpid())
        return false;
    return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* Seconds of closed work in [d0, d1), leaving out interval except_id. */
static int closed_work(struct hours_tracker *t, int64_t d0, int64_t d1,
                       int64_t except_id, int64_t *secs)
{
    struct kb_hours_iv *ivs = NULL;
    size_t n = 0;
    *secs = 0;
    if (kb_hours_range(t->kb, t->uid, d0, d1, &ivs, &n) != KB_OK)
        return hours_fail(t, HOURS_ERROR, NULL, "%s", kb_errmsg(t->kb));
    for (size_t i = 0; i < n; i++)
        if (!ivs[i].open && ivs[i].kind == KB_HOURS_WORK && ivs[i].id != except_id)
            *secs += hours_clip(ivs[i].start, ivs[i].end, d0, d1);
    free(ivs);
    return HOURS_OK;
}

/* The first instant in [iv->start, until) where the rules stop counting
 * iv, or until. *why: HOURS_SAY_MAX_REACHED / HOURS_SAY_WINDOW_ENDED / 0. */
static int cap_point(struct hours_tracker *t, const struct kb_hours_iv *iv,
                     const char *cont_date, int64_t until, int64_t *cap, int *why)
{
    *cap = until;
    *why = 0;
    for (int64_t d = hours_day_start(iv->start); d < until; d = hours_day_next(d)) {
        int64_t d1 = hours_day_next(d);
        int64_t p0 = iv->start > d ? iv->start : d;
        int64_t p1 = until < d1 ? until : d1;
        if (p0 >= p1)
            continue;
        char date[16];
        hours_date(d, date, sizeof date);
        bool cont = strcmp(date, cont_date) == 0;
        int64_t best = p1;
        int reason = 0;
        if (!cont) {
            int64_t w0 = hours_day_at(d, t->rules.win_start);
            int64_t w1 = hours_day_at(d, t->rules.win_end);
            if (p0 < w0 || p0 >= w1) {
                best = p0;
                reason = HOURS_SAY_WINDOW_ENDED;
            } else if (w1 < best) {
                best = w1;
                reason = HOURS_SAY_WINDOW_ENDED;
            }
        }
        if (iv->kind == KB_HOURS_WORK && !cont && !t->rules.at_max_continue) {
            int64_t done = 0;
            int rc = closed_work(t, d, d1, iv->id, &done);
            if (rc != HOURS_OK)
                return rc;
            int64_t left = t->rules.max_daily - done;
            int64_t at = p0 + (left > 0 ? left : 0);
            if (at < best) {
                best = at;
                reason = HOURS_SAY_MAX_REACHED;
            }
        }
        if (best < p1) {
            *cap = best;
            *why = reason;
            return HOURS_OK;
        }
    }
    return HOURS_OK;
}

int hours_effective_end(struct hours_tracker *t, const struct kb_hours_iv *iv,
                        int64_t *end, int *why)
{
    *why = 0;
    if (!iv->open) {
        *end = iv->end;
        return HOURS_OK;
    }
    /* A clock that went back before the start counts nothing, never less. */
    int64_t e = t->now > iv->start ? t->now : iv->start;
    struct kb_hours_state st;
    if (kb_hours_state_get(t->kb, t->uid, &st) != KB_OK)
        return hours_fail(t, HOURS_ERROR, NULL, "%s", kb_errmsg(t->kb));
    bool reboot;
    if (owner_gone(t, iv->owner, &reboot)) {
        int64_t la = st.last_activity;
        if (la < iv->start)
            la = iv->start;
        if (la < e)
            e = la;
        *why = HOURS_SAY_RECOVERED;
    }
    int64_t cap;
    int capwhy;
    int rc = cap_point(t, iv, st.continue_date, e, &cap, &capwhy);
    if (rc != HOURS_OK)
        return rc;
    if (capwhy && cap < e) {
        e = cap;
        if (!*why)
            *why = capwhy;
    }
    *end = e;
    return HOURS_OK;
}

bool hours_owner_rebooted(const struct hours_tracker *t, const char *owner)
{
    bool reboot;
    return owner_gone(t, owner, &reboot) && reboot;
}

int hours_worked_day(struct hours_tracker *t, int64_t day, int64_t *secs)
{
    struct kb_hours_iv *ivs = NULL;
    size_t n = 0;
    int64_t d1 = hours_day_next(day);
    int rc = HOURS_OK;
    *secs = 0;
    if (kb_hours_range(t->kb, t->uid, day, d1, &ivs, &n) != KB_OK)
        return hours_fail(t, HOURS_ERROR, NULL, "%s", kb_errmsg(t->kb));
    for (size_t i = 0; i < n; i++) {
        if (ivs[i].kind != KB_HOURS_WORK)
            continue;
        int64_t e = ivs[i].end;
        int why;
        if (ivs[i].open && (rc = hours_effective_end(t, &ivs[i], &e, &why)) != HOURS_OK)
            break;
        *secs += hours_clip(ivs[i].start, e, day, d1);
    }
    free(ivs);
    return rc;
}

int hours_stretch_start(struct hours_tracker *t, int64_t *since)
{
    struct kb_hours_iv open;
    *since = 0;
    int rc = kb_hours_open_get(t->kb, t->uid, &open);
    if (rc == KB_NOTFOUND)
        return HOURS_OK;
    if (rc != KB_OK)
        return hours_fail(t, HOURS_ERROR, NULL, "%s", kb_errmsg(t->kb));
    if (open.kind != KB_HOURS_WORK)
        return HOURS_OK;
    struct kb_hours_iv *ivs = NULL;
    size_t n = 0;
    if (kb_hours_range(t->kb, t->uid, open.start - 86400, open.start + 1, &ivs, &n) != KB_OK)
        return hours_fail(t, HOURS_ERROR, NULL, "%s", kb_errmsg(t->kb));
    int64_t s = open.start;
    /* Walk back over work separated by gaps shorter than a break. */
    for (size_t i = n; i-- > 0;) {
        const struct kb_hours_iv *iv = &ivs[i];
        if (iv->open || iv->kind != KB_HOURS_WORK || iv->end > s)
            continue;
        if (s - iv->end >= t->rules.rest)
            break;
        s = iv->start;
    }
    free(ivs);
    *since = s;
    return HOURS_OK;
}

/* Whether s is well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF).
 * A tag with broken bytes would be stored, then silently dropped by JSON. */
static bool tag_utf8_ok(const unsigned char *s)
{
    while (*s) {
        unsigned c = *s, n = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1
                           : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : 9;
        if (n == 9 || c == 0xc0 || c == 0xc1 || c > 0xf4)
            return false;
        uint32_t cp = n ? c & (0x3fu >> n) : c;
        for (unsigned i = 1; i <= n; i++) {
            if ((s[i] & 0xc0) != 0x80)
                return false;
            cp = cp << 6 | (s[i] & 0x3fu);
        }
        if ((n == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
            (n == 3 && (cp < 0x10000 || cp > 0x10ffff)))
            return false;
        s += n + 1;
    }
    return true;
}

int hours_tags_join(char *const *words, int n, char *buf, size_t len,
                    char *err, size_t errlen)
{
    const char *sorted[64];
    int k = 0;
    buf[0] = '\0';
    for (int i = 0; i < n; i++) {
        const char *w = words[i];
        size_t wl = strlen(w);
        bool bad = wl == 0 || wl > 63 || w[0] == '-';
        for (const unsigned char *p = (const unsigned char *)w; *p && !bad; p++)
            bad = *p <= ' ' || *p == 0x7f || *p == ',';
        if (!bad && !tag_utf8_ok((const unsigned char *)w)) {
            snprintf(err, errlen, "%s", _("a tag is not valid UTF-8 text; type it again "
                     "or set the terminal to UTF-8"));
            return -1;
        }
        if (bad) {
            /* Quote at most 64 bytes (cut at a character boundary): the whole
             * of a pasted paragraph would be read aloud. */
            char shown[72];
            size_t cut = wl;
            if (cut > 64) {
                cut = 64;
                while (cut > 0 && ((unsigned char)w[cut] & 0xc0) == 0x80)
                    cut--;
            }
            snprintf(shown, sizeof shown, "%.*s%s", (int)cut, w, cut < wl ? "..." : "");
            snprintf(err, errlen, _("'%s' is not a tag: a tag is one word of up to 63 "
                     "bytes, without spaces or commas, not starting with '-'"), shown);
            return -1;
        }
        if (strcmp(w, "break") == 0) {
            snprintf(err, errlen, _("'break' is reserved for breaks; choose another tag"));
            return -1;
        }
        if (k == 64) {
            snprintf(err, errlen, _("too many tags (at most 64)"));
            return -1;
        }
        int j = 0;
        while (j < k && strcmp(sorted[j], w) < 0)
            j++;
        if (j < k && strcmp(sorted[j], w) == 0)
            continue;                   /* the same tag twice */
        memmove(&sorted[j + 1], &sorted[j], (size_t)(k - j) * sizeof sorted[0]);
        sorted[j] = w;
        k++;
    }
    size_t used = 0;
    for (int i = 0; i < k; i++) {
        size_t wl = strlen(sorted[i]);
        if (used + wl + 2 > len) {
            snprintf(err, errlen, _("the tags are too long together (at most %zu bytes)"),
                     len - 1);
            return -1;
        }
        if (i)
            buf[used++] = ' ';
        memcpy(buf + used, sorted[i], wl);
        used += wl;
        buf[used] = '\0';
    }
    return 0;
}

int hours_now_get(struct hours_tracker *t, struct hours_now *n)
{
    memset(n, 0, sizeof *n);
    int64_t day = hours_day_start(t->now);
    n->w0 = hours_day_at(day, t->rules.win_start);
    n->w1 = hours_day_at(day, t->rules.win_end);
    struct kb_hours_state st;
    if (kb_hours_state_get(t->kb, t->uid, &st) != KB_OK)
        return hours_fail(t, HOURS_ERROR, NULL, "%s", kb_errmsg(t->kb));
    char date[16];
    hours_date(t->now, date, sizeof date);
    n->cont_today = strcmp(st.continue_date, date) == 0;
    int k = kb_hours_open_get(t->kb, t->uid, &n->open);
    if (k != KB_OK && k != KB_NOTFOUND)
        return hours_fail(t, HOURS_ERROR, NULL, "%s", kb_errmsg(t->kb));
    int rc;
    if (k == KB_OK) {
        n->running = true;
        if ((rc = hours_effective_end(t, &n->open, &n->open_end, &n->open_why)) != HOURS_OK)
            return rc;
    }
    if ((rc = hours_worked_day(t, day, &n->today)) != HOURS_OK)
        return rc;
    if (n->running && n->open.kind == KB_HOURS_WORK && !n->open_why)
        return hours_stretch_start(t, &n->stretch_since);
    return HOURS_OK;
}
