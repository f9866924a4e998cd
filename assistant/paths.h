/* paths.h -- where kefu's files are: the database, the config file, the
 * built-in data and the message catalogues. */
#ifndef KEFU_PATHS_H
#define KEFU_PATHS_H

/* The database path and which rule chose it: --db (cli), KEFU_DB,
 * $XDG_DATA_HOME/kefu/kefu.db, ~/.local/share/kefu/kefu.db. Caller frees the
 * result; *source is static text. NULL when no rule applies (no HOME). */
char *kefu_db_path(const char *cli, const char **source);

/* The config path: --config, KEFU_CONFIG, $XDG_CONFIG_HOME/kefu/config.ini,
 * ~/.config/kefu/config.ini. *explicit_ is set when the user named the file
 * (then it must exist). Caller frees. */
char *kefu_config_path(const char *cli, const char **source, int *explicit_);

/* The built-in scenario data folder: KEFU_DATA_DIR, the source tree when
 * running from the build tree, else the installed copy. Static; never NULL. */
const char *kefu_data_dir(void);

/* The folder holding LANG/LC_MESSAGES/kefu.mo. Static; never NULL. */
const char *kefu_locale_dir(void);

#endif
