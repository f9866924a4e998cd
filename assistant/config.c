/* config.c -- reading config.ini (inih) and layering the settings.
 *
 * inih reports neither line numbers nor unknown keys, so we read the file
 * through our own line reader (counting lines) and check every key against
 * the table in config_keys.c: unknown keys are warnings, bad values errors,
 * both as FILE:LINE so an editor or a screen reader can go straight there.
 */
#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "i18n.h"

struct cfg_value {
    char *name;     /* owned for open-section entries, borrowed for known keys */
    char *value;
    char *origin;
};

struct kefu_config {
    size_t nknown;
    struct cfg_value *known;        /* index-aligned with kefu_config_keys */
    size_t nopen, capopen;
    struct cfg_value *open;         /* [keys], [snippets] ... */
};

static char *xstrdup(const char *s)
{
    char *d = strdup(s ? s : "");
    if (!d) {
        fputs("kefu: error: out of memory.\n", stderr);
        abort();
    }
    return d;
}

static int key_index(const char *name)
{
    for (int i = 0; kefu_config_keys[i].name; i++)
        if (strcmp(kefu_config_keys[i].name, name) == 0)
            return i;
    return -1;
}

static bool in_open_section(const char *name)
{
    for (int i = 0; kefu_config_open_sections[i]; i++) {
        size_t n = strlen(kefu_config_open_sections[i]);
        if (strncmp(name, kefu_config_open_sections[i], n) == 0 && name[n] == '.' && name[n + 1])
            return true;
    }
    return false;
}

long config_parse_duration(const char *text)
{
    if (!text || !*text)
        return -1;
    const char *p = text;
    long total = 0;
    bool any = false;
    while (*p) {
        if (!isdigit((unsigned char)*p))
            return -1;
        errno = 0;
        char *end;
        long n = strtol(p, &end, 10);
        if (errno || n > 10000000)
            return -1;
        p = end;
        long unit = 60;                 /* a bare number is minutes */
        if (*p == 'h') { unit = 3600; p++; }
        else if (*p == 'm') { unit = 60; p++; }
        else if (*p == 's') { unit = 1; p++; }
        else if (*p != '\0') return -1;
        total += n * unit;
        any = true;
    }
    return any ? total : -1;
}

static bool parse_bool(const char *v, bool *out)
{
    static const char *const yes[] = {"true", "yes", "on", "1"};
    static const char *const no[] = {"false", "no", "off", "0"};
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(v, yes[i]) == 0) { *out = true; return true; }
        if (strcasecmp(v, no[i]) == 0) { *out = false; return true; }
    }
    return false;
}

/* Check value against key k; on failure write a reason (translated). */
static bool check_value(const struct cfg_key *k, const char *v, char *err, size_t errlen)
{
    char *end;
    switch (k->type) {
    case CFG_STRING:
        return true;
    case CFG_BOOL: {
        bool b;
        if (parse_bool(v, &b))
            return true;
        snprintf(err, errlen, _("'%s' is not true or false"), v);
        return false;
    }
    case CFG_INT: {
        errno = 0;
        long n = strtol(v, &end, 10);
        if (!*v || *end || errno) {
            snprintf(err, errlen, _("'%s' is not a whole number"), v);
            return false;
        }
        if (n < k->min || n > k->max) {
            snprintf(err, errlen, _("%ld is out of range; use %g to %g"), n, k->min, k->max);
            return false;
        }
        return true;
    }
    case CFG_DOUBLE: {
        errno = 0;
        double d = strtod(v, &end);
        if (!*v || *end || errno || !isfinite(d)) {
            snprintf(err, errlen, _("'%s' is not a number"), v);
            return false;
        }
        if (d < k->min || d > k->max) {
            snprintf(err, errlen, _("%s is out of range; use %g to %g"), v, k->min, k->max);
            return false;
        }
        return true;
    }
    case CFG_ENUM: {
        size_t n = strlen(v);
        const char *c = k->choices;
        while (c && *c) {
            const char *bar = strchr(c, '|');
            size_t len = bar ? (size_t)(bar - c) : strlen(c);
            if (len == n && strncmp(c, v, n) == 0)
                return true;
            c = bar ? bar + 1 : NULL;
        }
        snprintf(err, errlen, _("'%s' is not one of %s"), v, k->choices);
        return false;
    }
    case CFG_DURATION: {
        long s = config_parse_duration(v);
        if (s < 0) {
            snprintf(err, errlen, _("'%s' is not a duration such as 90m or 2h"), v);
            return false;
        }
        if (s < k->min || s > k->max) {
            snprintf(err, errlen, _("'%s' is out of range"), v);
            return false;
        }
        return true;
    }
    }
    return false;
}

static void set_slot(struct cfg_value *slot, const char *value, const char *origin)
{
    free(slot->value);
    free(slot->origin);
    slot->value = xstrdup(value);
    slot->origin = xstrdup(origin);
}

static void set_open(struct kefu_config *cfg, const char *name, const char *value,
                     const char *origin)
{
    for (size_t i = 0; i < cfg->nopen; i++) {
        if (strcmp(cfg->open[i].name, name) == 0) {
            set_slot(&cfg->open[i], value, origin);
            return;
        }
    }
    if (cfg->nopen == cfg->capopen) {
        size_t cap = cfg->capopen ? cfg->capopen * 2 : 16;
        struct cfg_value *n = realloc(cfg->open, cap * sizeof *n);
        if (!n) {
            fputs("kefu: error: out of memory.\n", stderr);
            abort();
        }
        cfg->open = n;
        cfg->capopen = cap;
    }
    struct cfg_value *slot = &cfg->open[cfg->nopen++];
    slot->name = xstrdup(name);
    slot->value = NULL;
    slot->origin = NULL;
    set_slot(slot, value, origin);
}

int config_set(struct kefu_config *cfg, const char *name, const char *value,
               const char *origin, char *err, size_t errlen)
{
    int i = key_index(name);
    if (i >= 0) {
        if (!check_value(&kefu_config_keys[i], value, err, errlen))
            return -1;
        set_slot(&cfg->known[i], value, origin);
        return 0;
    }
    if (in_open_section(name)) {
        set_open(cfg, name, value, origin);
        return 0;
    }
    snprintf(err, errlen, _("unknown setting '%s'"), name);
    return -1;
}

/* ---- reading the file ----------------------------------------------------- */

struct load_state {
    struct kefu_config *cfg;
    FILE *f;
    const char *path;
    int line;
    int errors;
    a11y_out_t *out;
};

static char *count_lines(char *str, int num, void *stream)
{
    struct load_state *st = stream;
    char *got = fgets(str, num, st->f);
    if (got)
        st->line++;
    return got;
}

static int on_entry(void *user, const char *section, const char *name, const char *value)
{
    struct load_state *st = user;
    char full[256], where[4200], err[512];
    snprintf(where, sizeof where, "%s:%d", st->path, st->line);
    if (!name)                          /* a bare [section] line */
        return 1;
    snprintf(full, sizeof full, "%s.%s", section && *section ? section : "general", name);
    if (key_index(full) < 0 && !in_open_section(full)) {
        a11y_diag(st->out, _("%s: warning: unknown setting '%s' (ignored); see "
                             "'kefu config show' for the known ones"), where, full);
        return 1;
    }
    if (config_set(st->cfg, full, value, where, err, sizeof err) != 0) {
        a11y_diag(st->out, _("%s: error: %s: %s"), where, full, err);
        st->errors++;
    }
    return 1;
}

int config_load(struct kefu_config **out, const char *path, bool must_exist, a11y_out_t *o)
{
    struct kefu_config *cfg = calloc(1, sizeof *cfg);
    if (!cfg) {
        *out = NULL;
        return 1;
    }
    for (cfg->nknown = 0; kefu_config_keys[cfg->nknown].name; cfg->nknown++)
        ;
    cfg->known = calloc(cfg->nknown, sizeof *cfg->known);
    if (!cfg->known) {
        free(cfg);
        *out = NULL;
        return 1;
    }
    for (size_t i = 0; i < cfg->nknown; i++) {
        cfg->known[i].name = (char *)kefu_config_keys[i].name;
        set_slot(&cfg->known[i], kefu_config_keys[i].def, "default");
    }
    *out = cfg;
    if (!path)
        return 0;

    FILE *f = fopen(path, "r");
    if (!f) {
        if (errno == ENOENT && !must_exist)
            return 0;
        char what[4200];
        snprintf(what, sizeof what, _("cannot read the config file %s: %s"), path,
                 strerror(errno));
        a11y_error(o, what, _("check the path given with --config or KEFU_CONFIG"));
        return 2;
    }
    struct load_state st = {.cfg = cfg, .f = f, .path = path, .out = o};
    int rc = ini_parse_stream(count_lines, &st, on_entry, &st);
    fclose(f);
    if (rc > 0) {
        /* inih's own syntax error (e.g. a line without '='): rc is its line */
        a11y_diag(o, _("%s:%d: error: not a 'key = value' line or a [section]"), path, rc);
        st.errors++;
    } else if (rc < 0) {
        a11y_diag(o, _("%s: error: cannot parse the file"), path);
        st.errors++;
    }
    return st.errors ? 1 : 0;
}

void config_free(struct kefu_config *cfg)
{
    if (!cfg)
        return;
    for (size_t i = 0; i < cfg->nknown; i++) {
        free(cfg->known[i].value);
        free(cfg->known[i].origin);
    }
    for (size_t i = 0; i < cfg->nopen; i++) {
        free(cfg->open[i].name);
        free(cfg->open[i].value);
        free(cfg->open[i].origin);
    }
    free(cfg->known);
    free(cfg->open);
    free(cfg);
}

static const struct cfg_value *find(const struct kefu_config *cfg, const char *name)
{
    int i = key_index(name);
    if (i >= 0)
        return &cfg->known[i];
    for (size_t j = 0; j < cfg->nopen; j++)
        if (strcmp(cfg->open[j].name, name) == 0)
            return &cfg->open[j];
    return NULL;
}

const char *config_get(const struct kefu_config *cfg, const char *name)
{
    const struct cfg_value *v = cfg ? find(cfg, name) : NULL;
    return v ? v->value : "";
}

const char *config_origin(const struct kefu_config *cfg, const char *name)
{
    const struct cfg_value *v = cfg ? find(cfg, name) : NULL;
    return v ? v->origin : "";
}

long config_int(const struct kefu_config *cfg, const char *name)
{
    return strtol(config_get(cfg, name), NULL, 10);
}

double config_double(const struct kefu_config *cfg, const char *name)
{
    return strtod(config_get(cfg, name), NULL);
}

bool config_bool(const struct kefu_config *cfg, const char *name)
{
    bool b = false;
    parse_bool(config_get(cfg, name), &b);
    return b;
}

long config_seconds(const struct kefu_config *cfg, const char *name)
{
    long s = config_parse_duration(config_get(cfg, name));
    return s < 0 ? 0 : s;
}

void config_each(const struct kefu_config *cfg, config_visit_fn fn, void *arg)
{
    for (size_t i = 0; i < cfg->nknown; i++)
        fn(arg, cfg->known[i].name, cfg->known[i].value, cfg->known[i].origin);
    for (size_t i = 0; i < cfg->nopen; i++)
        fn(arg, cfg->open[i].name, cfg->open[i].value, cfg->open[i].origin);
}
