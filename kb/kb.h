/* kb.h -- the per-user SQLite store: scenarios, policies, practice orders,
 * trainees' records and settings, in one file.
 *
 * This header is the store's core: opening (with the safety checks the
 * database deserves -- it holds disability-related personal data), the
 * schema version, transactions and per-user settings. Other parts of kb/
 * have headers of their own (kb_scenario.h, kb_search.h, ...). Nothing here
 * prints or exits; callers read kb_errmsg() and decide how a person hears it.
 */
#ifndef KEFU_KB_H
#define KEFU_KB_H

#include <stdbool.h>
#include <stdint.h>

typedef struct kb kb_t;                       /* defined in store.c */

typedef enum {
    KB_OK = 0,
    KB_ERROR = -1,      /* anything else; see kb_errmsg() */
    KB_NOTFOUND = -2,
    KB_BUSY = -3,
    KB_CORRUPT = -4,    /* the file is a damaged SQLite database */
    KB_NOTDB = -5,      /* the file is not an SQLite database at all */
    KB_TOONEW = -6,     /* written by a newer kefu: refused, never modified */
    KB_IO = -7,         /* cannot create/read the file or its folder */
    KB_INVALID = -8,    /* bad input from the caller (details in kb_errmsg) */
    KB_NOMEM = -9
} kb_status;

/* Flags for kb_open(). */
enum {
    KB_OPEN_CREATE = 1u << 0,   /* create the file (mode 0600) and folders (0700) */
    KB_OPEN_READONLY = 1u << 1  /* never write; fails on a database that needs migrating */
};

/* The schema version this kefu writes (PRAGMA user_version). */
int kb_schema_latest(void);

/* Open (and create, with KB_OPEN_CREATE) the database at path and migrate it
 * forward in one transaction. ":memory:" is fine. *out is set even on failure
 * (except out of memory) so the caller can read kb_errmsg(); the caller always
 * calls kb_close(). A newer, corrupt or non-SQLite file is refused and left
 * byte-for-byte unchanged. */
int kb_open(kb_t **out, const char *path, unsigned flags);
void kb_close(kb_t *kb);                      /* NULL is a no-op */

const char *kb_errmsg(const kb_t *kb);        /* borrowed; never NULL */
const char *kb_strerror(int status);          /* static text; never NULL */
int kb_schema_version(const kb_t *kb);        /* user_version after open */
const char *kb_path(const kb_t *kb);          /* borrowed; as given to kb_open */

/* Explicit transactions (BEGIN IMMEDIATE), for callers that group changes. */
int kb_begin(kb_t *kb);
int kb_commit(kb_t *kb);
int kb_rollback(kb_t *kb);

/* Trainees. A user row is created on first use; returns its id in *id. */
int kb_user_ensure(kb_t *kb, const char *name, int64_t *id);

/* Per-user settings (key/value text), e.g. the speech rate a trainee chose.
 * kb_setting_get: *value is NULL when unset; caller frees with free(). */
int kb_setting_get(kb_t *kb, const char *user, const char *key, char **value);
int kb_setting_set(kb_t *kb, const char *user, const char *key, const char *value);

#endif
