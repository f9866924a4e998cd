/* store.c -- opening the per-user database safely, and migrating it.
 *
 * The database holds disability-related personal data and months of a
 * worker's records, so opening it is careful: a file that is not SQLite, a
 * truncated or damaged database, or one written by a newer kefu is refused
 * with a reason and left byte-for-byte as it was. Only then is it opened for
 * writing (WAL, foreign keys, a busy timeout) and migrated forward, all steps
 * in one transaction.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kb_int.h"

#define KB_BUSY_TIMEOUT_MS 10000

const char kb_schema_v1_core[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE users("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  created_at INTEGER NOT NULL DEFAULT (CAST(strftime('%s','now') AS INTEGER)));"
    "CREATE TABLE settings("
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  key TEXT NOT NULL,"
    "  value TEXT NOT NULL,"
    "  PRIMARY KEY(user_id, key));";

static const char *const migrations[] = {
    kb_schema_v1_core,
    kb_schema_v2_library,
    kb_schema_v3_hours,
    kb_schema_v4_practice,
    kb_schema_v5_voice,
    kb_schema_v6_voice_enrol,
};
#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

int kb_schema_latest(void) { return N_MIGRATIONS; }

int kb_fail(kb_t *kb, int status, const char *fmt, ...)
{
    if (kb) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(kb->errmsg, sizeof kb->errmsg, fmt, ap);
        va_end(ap);
    }
    return status;
}

int kb_sqlfail(kb_t *kb, const char *doing)
{
    int code = kb->db ? sqlite3_errcode(kb->db) : SQLITE_ERROR;
    const char *msg = kb->db ? sqlite3_errmsg(kb->db) : "no database";
    int status;
    switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: status = KB_BUSY; break;
    case SQLITE_CORRUPT: status = KB_CORRUPT; break;
    case SQLITE_NOTADB: status = KB_NOTDB; break;
    case SQLITE_NOMEM: status = KB_NOMEM; break;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_FULL: status = KB_IO; break;
    default: status = KB_ERROR; break;
    }
    return kb_fail(kb, status, "%s: %s", doing, msg);
}

int kb_prepare(kb_t *kb, sqlite3_stmt **st, const char *sql, const char *doing)
{
    if (sqlite3_prepare_v2(kb->db, sql, -1, st, NULL) != SQLITE_OK)
        return kb_sqlfail(kb, doing);
    return KB_OK;
}

const char *kb_strerror(int status)
{
    switch (status) {
    case KB_OK: return "ok";
    case KB_NOTFOUND: return "not found";
    case KB_BUSY: return "the database is busy";
    case KB_CORRUPT: return "the database is damaged";
    case KB_NOTDB: return "the file is not a kefu database";
    case KB_TOONEW: return "the database was written by a newer kefu";
    case KB_IO: return "cannot read or write the database file";
    case KB_INVALID: return "invalid input";
    case KB_NOMEM: return "out of memory";
    default: return "database error";
    }
}

const char *kb_errmsg(const kb_t *kb)
{
    if (!kb)
        return "out of memory";
    return kb->errmsg[0] ? kb->errmsg : "no error";
}

int kb_schema_version(const kb_t *kb) { return kb ? kb->version : 0; }
const char *kb_path(const kb_t *kb) { return kb && kb->path ? kb->path : ""; }

/* ---- checks before SQLite sees the file ---------------------------------- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Look at the 100-byte header: refuse what is not SQLite, and a database
 * whose file is shorter than its header says (a truncated copy). The size
 * is taken from the same open file after the header was read; a short file
 * is looked at again a few times before it is called truncated: another
 * kefu writing the database (a WAL checkpoint writes page 1, with the new
 * page count, before the pages that extend the file) makes a healthy file
 * look short for a moment -- e2e hours_parallel saw a reader refuse it. */
static int check_header(kb_t *kb, const char *path)
{
    enum { TRIES = 6 };
    for (int t = 0;; t++) {
        unsigned char h[100];
        struct stat st;
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return kb_fail(kb, KB_IO, "cannot read %s: %s", path, strerror(errno));
        ssize_t got = read(fd, h, sizeof h);
        int err = got < 0 ? errno : 0;
        if (got >= 0 && fstat(fd, &st) != 0) {
            got = -1;
            err = errno;
        }
        close(fd);
        if (got < 0)
            return kb_fail(kb, KB_IO, "cannot read %s: %s", path, strerror(err));
        if (got < (ssize_t)sizeof h || memcmp(h, "SQLite format 3", 16) != 0)
            return kb_fail(kb, KB_NOTDB, "%s is not an SQLite database (it may be "
                           "another kind of file given by mistake)", path);
        uint32_t page_size = (uint32_t)h[16] << 8 | h[17];
        if (page_size == 1)
            page_size = 65536;
        if (page_size < 512 || (page_size & (page_size - 1)) != 0)
            return kb_fail(kb, KB_CORRUPT, "%s has a damaged header (page size %u)",
                           path, page_size);
        uint32_t pages = be32(h + 28);
        bool pages_valid = pages != 0 && be32(h + 24) == be32(h + 92);
        off_t size = st.st_size;
        if (size % page_size == 0 &&
            (!pages_valid || (uint64_t)size >= (uint64_t)pages * page_size))
            return KB_OK;
        if (t + 1 == TRIES)
            return kb_fail(kb, KB_CORRUPT, "%s is truncated or damaged (%lld bytes; "
                           "the header promises %llu)", path, (long long)size,
                           (unsigned long long)pages * page_size);
        struct timespec pause = {0, 50 * 1000 * 1000};     /* 50 ms */
        nanosleep(&pause, NULL);
    }
}

static int read_version(kb_t *kb, sqlite3 *db, int *version)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
    if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        *version = sqlite3_column_int(st, 0);
    else
        rc = SQLITE_ERROR;
    sqlite3_finalize(st);
    if (rc != SQLITE_OK)
        return kb_sqlfail(kb, "cannot read the schema version");
    return KB_OK;
}

/* Open an existing file read-only and make sure SQLite can read its schema
 * and that we know its version, before anything may write to it. */
static int probe_existing(kb_t *kb, const char *path)
{
    sqlite3 *db = NULL;
    int status = KB_OK;
    int version = 0;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
    if (rc != SQLITE_OK) {
        kb->db = db;
        status = kb_sqlfail(kb, "cannot open the database");
        kb->db = NULL;
        goto out;
    }
    sqlite3_busy_timeout(db, KB_BUSY_TIMEOUT_MS);
    rc = sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        kb->db = db;
        status = kb_sqlfail(kb, "cannot read the database");
        kb->db = NULL;
        goto out;
    }
    kb->db = db;
    status = read_version(kb, db, &version);
    kb->db = NULL;
    if (status != KB_OK)
        goto out;
    if (version > N_MIGRATIONS)
        status = kb_fail(kb, KB_TOONEW, "%s was written by a newer kefu (schema "
                         "version %d; this kefu knows up to %d). It was not changed",
                         path, version, N_MIGRATIONS);
out:
    sqlite3_close(db);
    return status;
}

static int make_parents(kb_t *kb, const char *path)
{
    char *copy = strdup(path);
    if (!copy)
        return kb_fail(kb, KB_NOMEM, "out of memory");
    int status = KB_OK;
    for (char *p = copy + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(copy, 0700) != 0 && errno != EEXIST) {
            status = kb_fail(kb, KB_IO, "cannot create the folder %s: %s", copy,
                             strerror(errno));
            break;
        }
        *p = '/';
    }
    free(copy);
    return status;
}

static int create_file(kb_t *kb, const char *path)
{
    int status = make_parents(kb, path);
    if (status != KB_OK)
        return status;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && errno != EEXIST)
        return kb_fail(kb, KB_IO, "cannot create %s: %s", path, strerror(errno));
    if (fd >= 0)
        close(fd);
    return KB_OK;
}

/* ---- migration ------------------------------------------------------------ */

static int migrate(kb_t *kb)
{
    int version = 0;
    if (sqlite3_exec(kb->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return kb_sqlfail(kb, "cannot lock the database to upgrade it");
    /* Another process may have migrated while we waited for the lock. */
    int status = read_version(kb, kb->db, &version);
    if (status != KB_OK)
        goto fail;
    if (version > N_MIGRATIONS) {
        status = kb_fail(kb, KB_TOONEW, "%s was written by a newer kefu", kb->path);
        goto fail;
    }
    for (int v = version; v < N_MIGRATIONS; v++) {
        if (sqlite3_exec(kb->db, migrations[v], NULL, NULL, NULL) != SQLITE_OK) {
            char doing[64];
            snprintf(doing, sizeof doing, "upgrading to schema version %d failed", v + 1);
            status = kb_sqlfail(kb, doing);
            goto fail;
        }
    }
    if (version < N_MIGRATIONS) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", N_MIGRATIONS);
        if (sqlite3_exec(kb->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
            status = kb_sqlfail(kb, "cannot record the schema version");
            goto fail;
        }
    }
    if (sqlite3_exec(kb->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        status = kb_sqlfail(kb, "cannot commit the upgrade");
        goto fail;
    }
    kb->version = N_MIGRATIONS;
    return KB_OK;
fail:
    sqlite3_exec(kb->db, "ROLLBACK", NULL, NULL, NULL);
    return status;
}

int kb_open(kb_t **out, const char *path, unsigned flags)
{
    kb_t *kb = calloc(1, sizeof *kb);
    *out = kb;
    if (!kb)
        return KB_NOMEM;
    kb->path = strdup(path ? path : "");
    if (!kb->path)
        return kb_fail(kb, KB_NOMEM, "out of memory");
    if (!path || !*path)
        return kb_fail(kb, KB_INVALID, "no database path given");

    bool memory = strcmp(path, ":memory:") == 0;
    int status = KB_OK;
    if (!memory) {
        struct stat st;
        if (stat(path, &st) == 0) {
            if (!S_ISREG(st.st_mode))
                return kb_fail(kb, KB_NOTDB, "%s is not a regular file", path);
            if (st.st_size > 0) {
                status = check_header(kb, path);
                if (status == KB_OK)
                    status = probe_existing(kb, path);
                if (status != KB_OK)
                    return status;
            }
        } else if (errno != ENOENT) {
            return kb_fail(kb, KB_IO, "cannot look at %s: %s", path, strerror(errno));
        } else if (!(flags & KB_OPEN_CREATE)) {
            return kb_fail(kb, KB_NOTFOUND, "%s does not exist", path);
        } else if ((status = create_file(kb, path)) != KB_OK) {
            return status;
        }
    }

    int oflags = (flags & KB_OPEN_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (memory)
        oflags |= SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path, &kb->db, oflags, NULL) != SQLITE_OK)
        return kb_sqlfail(kb, "cannot open the database");
    sqlite3_busy_timeout(kb->db, KB_BUSY_TIMEOUT_MS);
    sqlite3_extended_result_codes(kb->db, 1);
    if (sqlite3_exec(kb->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK)
        return kb_sqlfail(kb, "cannot enable foreign keys");
    if (flags & KB_OPEN_READONLY) {
        status = read_version(kb, kb->db, &kb->version);
        if (status == KB_OK && kb->version != N_MIGRATIONS)
            status = kb_fail(kb, KB_INVALID, "%s needs upgrading (schema version "
                             "%d); open it for writing once", path, kb->version);
        return status;
    }
    if (!memory &&
        (sqlite3_exec(kb->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK ||
         sqlite3_exec(kb->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL) != SQLITE_OK))
        return kb_sqlfail(kb, "cannot set up the database journal");
    return migrate(kb);
}

void kb_close(kb_t *kb)
{
    if (!kb)
        return;
    sqlite3_close_v2(kb->db);
    free(kb->path);
    free(kb);
}

/* ---- transactions, users, settings ---------------------------------------- */

static int exec_simple(kb_t *kb, const char *sql, const char *doing)
{
    if (sqlite3_exec(kb->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return kb_sqlfail(kb, doing);
    return KB_OK;
}

int kb_begin(kb_t *kb) { return exec_simple(kb, "BEGIN IMMEDIATE", "cannot start a transaction"); }
int kb_commit(kb_t *kb) { return exec_simple(kb, "COMMIT", "cannot commit"); }
int kb_rollback(kb_t *kb) { return exec_simple(kb, "ROLLBACK", "cannot roll back"); }

int kb_user_ensure(kb_t *kb, const char *name, int64_t *id)
{
    sqlite3_stmt *st = NULL;
    int status = KB_OK;
    if (!name || !*name)
        return kb_fail(kb, KB_INVALID, "empty user name");
    if (sqlite3_prepare_v2(kb->db,
            "INSERT INTO users(name) VALUES(?1) ON CONFLICT(name) DO UPDATE "
            "SET name = excluded.name RETURNING id", -1, &st, NULL) != SQLITE_OK) {
        status = kb_sqlfail(kb, "cannot look up the user");
        goto out;
    }
    sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_ROW) {
        status = kb_sqlfail(kb, "cannot record the user");
        goto out;
    }
    if (id)
        *id = sqlite3_column_int64(st, 0);
out:
    sqlite3_finalize(st);
    return status;
}

int kb_setting_get(kb_t *kb, const char *user, const char *key, char **value)
{
    sqlite3_stmt *st = NULL;
    int status = KB_OK;
    *value = NULL;
    if (sqlite3_prepare_v2(kb->db,
            "SELECT s.value FROM settings s JOIN users u ON u.id = s.user_id "
            "WHERE u.name = ?1 AND s.key = ?2", -1, &st, NULL) != SQLITE_OK) {
        status = kb_sqlfail(kb, "cannot read settings");
        goto out;
    }
    sqlite3_bind_text(st, 1, user, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, key, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *value = strdup((const char *)sqlite3_column_text(st, 0));
        if (!*value)
            status = kb_fail(kb, KB_NOMEM, "out of memory");
    } else if (rc != SQLITE_DONE) {
        status = kb_sqlfail(kb, "cannot read settings");
    }
out:
    sqlite3_finalize(st);
    return status;
}

int kb_setting_set(kb_t *kb, const char *user, const char *key, const char *value)
{
    int64_t uid = 0;
    sqlite3_stmt *st = NULL;
    int status = kb_user_ensure(kb, user, &uid);
    if (status != KB_OK)
        return status;
    if (sqlite3_prepare_v2(kb->db,
            "INSERT INTO settings(user_id, key, value) VALUES(?1, ?2, ?3) "
            "ON CONFLICT(user_id, key) DO UPDATE SET value = excluded.value",
            -1, &st, NULL) != SQLITE_OK) {
        status = kb_sqlfail(kb, "cannot save the setting");
        goto out;
    }
    sqlite3_bind_int64(st, 1, uid);
    sqlite3_bind_text(st, 2, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, value, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_DONE)
        status = kb_sqlfail(kb, "cannot save the setting");
out:
    sqlite3_finalize(st);
    return status;
}
