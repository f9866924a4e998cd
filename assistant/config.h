/* config.h -- the effective settings, layered: built-in default < config.ini
 * < saved in the database (choices a trainee made in a session, e.g. speech
 * rate) < environment < command line. Every value remembers where it came
 * from, for `kefu config show`.
 *
 * Known keys and their types live in one table (config_keys.c); a section
 * marked open there (e.g. [keys]) takes any name and leaves checking to its
 * owner. Unknown keys are warnings with FILE:LINE; bad values are errors.
 */
#ifndef KEFU_CONFIG_H
#define KEFU_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include "a11y.h"

struct kefu_config;

enum cfg_type { CFG_STRING, CFG_INT, CFG_DOUBLE, CFG_BOOL, CFG_ENUM, CFG_DURATION };

struct cfg_key {
    const char *name;       /* "section.key" */
    enum cfg_type type;
    const char *def;        /* default, as text */
    double min, max;        /* CFG_INT / CFG_DOUBLE / CFG_DURATION (seconds) */
    const char *choices;    /* CFG_ENUM: "a|b|c" */
    const char *help;       /* one line, msgid */
};
extern const struct cfg_key kefu_config_keys[];       /* NULL-name terminated */
extern const char *const kefu_config_open_sections[]; /* NULL terminated */

/* Load path (missing is fine unless must_exist). Warnings and errors are
 * printed through out as FILE:LINE: ...; returns 0; 1 if any value was bad
 * (the config is still usable: bad values keep their defaults); 2 if the
 * file could not be read (an error was printed). */
int config_load(struct kefu_config **cfg, const char *path, bool must_exist,
                a11y_out_t *out);
void config_free(struct kefu_config *cfg);

/* Set a value from a later layer (origin e.g. "--lang", "KEFU_LANG",
 * "saved"). Checked like a file value; on a bad value returns -1 and writes
 * the reason into err. */
int config_set(struct kefu_config *cfg, const char *name, const char *value,
               const char *origin, char *err, size_t errlen);

/* Values. name must be a known key or in an open section; unknown names
 * give "" / 0. Borrowed strings: valid until the next config_set of name. */
const char *config_get(const struct kefu_config *cfg, const char *name);
long config_int(const struct kefu_config *cfg, const char *name);
double config_double(const struct kefu_config *cfg, const char *name);
bool config_bool(const struct kefu_config *cfg, const char *name);
long config_seconds(const struct kefu_config *cfg, const char *name); /* CFG_DURATION */
const char *config_origin(const struct kefu_config *cfg, const char *name);

/* Every value in order: known keys first, then open-section entries. */
typedef void (*config_visit_fn)(void *arg, const char *name, const char *value,
                                const char *origin);
void config_each(const struct kefu_config *cfg, config_visit_fn fn, void *arg);

/* Parse a duration "90", "90s", "15m", "2h", "1h30m" into seconds; -1 if bad. */
long config_parse_duration(const char *text);

#endif
