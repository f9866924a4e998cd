/* hours_store.c -- SQL of the flexible-hours tracker (see kb_hours.h).
 *
 * Range queries rely on intervals of a user never overlapping: the intervals
 * that overlap [t0, t1) are those starting in it plus at most one starting
 * before t0 (the latest such). Both are (user_id, start) index look-ups, so
 * a month is read in the same time whether the database holds one year or
 * twenty; a query on `end > t0` would scan everything before t1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb_hours.h"
#include "kb_int.h"

#define IV_COLS "i.id, i.started, i.ended, i.kind, i.owner, i.note, " \
    "(SELECT group_concat(tag, ' ') FROM (SELECT tag FROM hours_tag t " \
    "WHERE t.interval_id = i.id ORDER BY tag))"

static int prepare(kb_t *kb, sqlite3_stmt **st, const char *sql)
{
    return kb_prepare(kb, st, sql, "cannot prepare an hours query");
}

static void copy_text(char *dst, size_t len, const unsigned char *src)
{
    snprintf(dst, len, "%s", src ? (const char *)src : "");
}

static void read_iv(sqlite3_stmt *st, struct kb_hours_iv *iv)
{
    memset(iv, 0, sizeof *iv);
    iv->id = sqlite3_column_int64(st, 0);
    iv->start = sqlite3_column_int64(st, 1);
    iv->open = sqlite3_column_type(st, 2) == SQLITE_NULL;
    iv->end = iv->open ? 0 : sqlite3_column_int64(st, 2);
    iv->kind = sqlite3_column_int(st, 3);
    copy_text(iv->owner, sizeof iv->owner, sqlite3_column_text(st, 4));
    copy_text(iv->note, sizeof iv->note, sqlite3_column_text(st, 5));
    copy_text(iv->tags, sizeof iv->tags, sqlite3_column_text(st, 6));
}

/* Run a statement expected to give at most one interval row. */
static int one_iv(kb_t *kb, sqlite3_stmt *st, struct kb_hours_iv *iv)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        read_iv(st, iv);
        return KB_OK;
    }
    if (rc == SQLITE_DONE)
        return KB_NOTFOUND;
    return kb_sqlfail(kb, "cannot read hours");
}

int kb_hours_user_find(kb_t *kb, const char *name, int64_t *uid)
{
    sqlite3_stmt *st = NULL;
    int status = prepare(kb, &st, "SELECT id FROM users WHERE name = ?1");
    if (status != KB_OK)
        goto out;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *uid = sqlite3_column_int64(st, 0);
    else if (rc == SQLITE_DONE)
        status = kb_fail(kb, KB_NOTFOUND, "no user named '%s' in %s", name, kb->path);
    else
        status = kb_sqlfail(kb, "cannot look up the user");
out:
    sqlite3_finalize(st);
    return status;
}

/* One interval by a query whose ?1 is the user and ?2 (when id >= 0) an
 * interval id: the shared body of the single-interval look-ups below. */
static int query_iv(kb_t *kb, const char *sql, int64_t uid, int64_t id, struct kb_hours_iv *iv)
{
    sqlite3_stmt *st = NULL;
    int status = prepare(kb, &st, sql);
    if (status != KB_OK)
        goto out;
    sqlite3_bind_int64(st, 1, uid);
    if (id >= 0)
        sqlite3_bind_int64(st, 2, id);
    status = one_iv(kb, st, iv);
out:
    sqlite3_finalize(st);
    return status;
}

int kb_hours_open_get(kb_t *kb, int64_t uid, struct kb_hours_iv *iv)
{
    return query_iv(kb, "SELECT " IV_COLS " FROM hours_interval i "
                    "WHERE i.user_id = ?1 AND i.ended IS NULL", uid, -1, iv);
}

int kb_hours_get(kb_t *kb, int64_t uid, int64_t id, struct kb_hours_iv *iv)
{
    int status = query_iv(kb, "SELECT " IV_COLS " FROM hours_interval i "
                          "WHERE i.user_id = ?1 AND i.id = ?2", uid, id < 0 ? 0 : id, iv);
    if (status == KB_NOTFOUND)
        kb_fail(kb, KB_NOTFOUND, "no interval #%lld", (long long)id);
    return status;
}

int kb_hours_last(kb_t *kb, int64_t uid, struct kb_hours_iv *iv)
{
    return query_iv(kb, "SELECT " IV_COLS " FROM hours_interval i "
                    "WHERE i.user_id = ?1 ORDER BY i.started DESC, i.id DESC LIMIT 1", uid, -1, iv);
}

int kb_hours_range(kb_t *kb, int64_t uid, int64_t t0, int64_t t1,
                   struct kb_hours_iv **ivs, size_t *n)
{
    sqlite3_stmt *st = NULL;
    struct kb_hours_iv *v = NULL;
    size_t len = 0, cap = 0;
    *ivs = NULL;
    *n = 0;
    /* The latest start before t0 (an index look-up; several intervals share
     * it only when all but one are zero-length points) with what reaches
     * into the range, then every interval starting inside it. */
    int status = prepare(kb, &st,
        "SELECT " IV_COLS " FROM hours_interval i "
        "  WHERE i.user_id = ?1 AND i.started = (SELECT max(started) FROM hours_interval "
        "    WHERE user_id = ?1 AND started < ?2) "
        "  AND (i.ended IS NULL OR i.ended > ?2) "
        "UNION ALL "
        "SELECT * FROM (SELECT " IV_COLS " FROM hours_interval i "
        "  WHERE i.user_id = ?1 AND i.started >= ?2 AND i.started < ?3) "
        "ORDER BY 2, 1");
    if (status != KB_OK)
        goto out;
    sqlite3_bind_int64(st, 1, uid);
    sqlite3_bind_int64(st, 2, t0);
    sqlite3_bind_int64(st, 3, t1);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (len == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            struct kb_hours_iv *nv = realloc(v, ncap * sizeof *nv);
            if (!nv) {
                status = kb_fail(kb, KB_NOMEM, "out of memory");
                goto out;
            }
            v = nv;
            cap = ncap;
        }
        read_iv(st, &v[len++]);
    }
    if (rc != SQLITE_DONE) {
        status = kb_sqlfail(kb, "cannot read hours");
        goto out;
    }
    *ivs = v;
    *n = len;
    v = NULL;
out:
    free(v);
    sqlite3_finalize(st);
    return status;
}

/* Do [a, b) and [c, d) share time? A zero-length interval is a point: it
 * conflicts only with an interval it lies strictly inside. */
static bool conflict(int64_t a, int64_t b, int64_t c, int64_t d)
{
    if (a == b && c == d)
        return false;
    if (a == b)
        return c < a && a < d;
    if (c == d)
        return a < c && c < b;
    return (a > c ? a : c) < (b < d ? b : d);
}

int kb_hours_overlap(kb_t *kb, int64_t uid, int64_t start, int64_t end,
                     int64_t except_id, struct kb_hours_iv *hit)
{
    struct kb_hours_iv *ivs = NULL;
    size_t n = 0;
    int64_t qend = end > start ? end : start + 1;
    int status = kb_hours_range(kb, uid, start, qend, &ivs, &n);
    if (status != KB_OK)
        return status;
    status = KB_NOTFOUND;
    for (size_t i = 0; i < n; i++) {
        int64_t e = ivs[i].open ? INT64_MAX : ivs[i].end;
        if (ivs[i].id == except_id || !conflict(start, end, ivs[i].start, e))
            continue;
        *hit = ivs[i];
        status = KB_OK;
        break;
    }
    free(ivs);
    return status;
}

/* ---- changes and their before-images -------------------------------------- */

int kb_hours_action_begin(kb_t *kb, int64_t uid, const char *what, int64_t at,
                          bool automatic, int64_t *action)
{
    sqlite3_stmt *st = NULL;
    int status = prepare(kb, &st, "INSERT INTO hours_action(user_id, at, what, auto) "
                         "VALUES(?1, ?2, ?3, ?4)");
    if (status != KB_OK)
        goto out;
    sqlite3_bind_int64(st, 1, uid);
    sqlite3_bind_int64(st, 2, at);
    sqlite3_bind_text(st, 3, what, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 4, automatic ? 1 : 0);
    if (sqlite3_step(st) != SQLITE_DONE) {
        status = kb_sqlfail(kb, "cannot record the change");
        goto out;
    }
    *action = sqlite3_last_insert_rowid(kb->db);
    sqlite3_finalize(st);
    st = NULL;
    /* Keep the undo log short: the last 200 changes of this user. */
    status = prepare(kb, &st, "DELETE FROM hours_action WHERE user_id = ?1 AND id <= "
                     "(SELECT id FROM hours_action WHERE user_id = ?1 "
                     " ORDER BY id DESC LIMIT 1 OFFSET 200)");
    if (status != KB_OK)
        goto out;
    sqlite3_bind_int64(st, 1, uid);
    if (sqlite3_step(st) != SQLITE_DONE)
        status = kb_sqlfail(kb, "cannot trim the undo log");
out:
    sqlite3_finalize(st);
    return status;
}

/* Save the before-image of interval id (once per action). */
static int remember(kb_t *kb, int64_t action, int64_t uid, int64_t id, bool existed)
{
    sqlite3_stmt *st = NULL;
    int status;
    if (existed)
        status = prepare(kb, &st,
            "INSERT INTO hours_action_item(action_id, seq, interval_id, existed, "
            "  started, ended, kind, owner, note, tags) "
            "SELECT ?1, (SELECT count(*) FROM hours_action_item WHERE action_id = ?1), "
            "  i.id, 1, i.started, i.ended, i.kind, i.owner, i.note, "
            "  (SELECT group_concat(tag, ' ') FROM hours_tag t WHERE t.interval_id = i.id) "
            "FROM hours_interval i WHERE i.id = ?2 AND i.user_id = ?3 AND NOT EXISTS "
            "  (SELECT 1 FROM hours_action_item WHERE action_id = ?1 AND interval_id = ?2)");
    else
        status = prepare(kb, &st,
            "INSERT INTO hours_action_item(action_id, seq, interval_id, existed) "
            "SELECT ?1, (SELECT count(*) FROM hours_action_item WHERE action_id = ?1), "
            "  ?2, 0 WHERE NOT EXISTS "
            "  (SELECT 1 FROM hours_action_item WHERE action_id = ?1 AND interval_id = ?2)");
    if (status != KB_OK)
        goto out;
    sqlite3_bind_int64(st, 1, action);
    sqlite3_bind_int64(st, 2, id);
    if (existed)
        sqlite3_bind_int64(st, 3, uid);
    if (sqlite3_step(st) != SQLITE_DONE)
        status = kb_sqlfail(kb, "cannot record the change for undo");
out:
    sqlite3_finalize(st);
    return status;
}

static int set_tags(kb_t *kb, int64_t id, const char *tags)
{
    sqlite3_stmt *st = NULL;
    int status = prepare(kb, &st, "DELETE FROM hours_tag WHERE interval_id = ?1");
    if (status != KB_OK)
        goto out;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) != SQLITE_DONE) {
        status = kb_sqlfail(kb, "cannot change tags");
        goto out;
    }
    sqlite3_finalize(st);
    st = NULL;
    status = prepare(kb, &st, "INSERT OR IGNORE INTO hours_tag(interval_id, tag) VALUES(?1, ?2)");
    if (status != KB_OK)
        goto out;
    const char *p = tags ? tags : "";
    while (*p) {
        while (*p == ' ')
            p++;
        size_t len = strcspn(p, " ");
        if (len == 0)
            break;
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, p, (int)len, SQLITE_TRANSIENT);
        if (sqlite3_step(st) != SQLITE_DONE) {
            status = kb_sqlfail(kb, "cannot record a tag");
            goto out;
        }
        p += len;
    }
out:
    sqlite3_finalize(st);
    return status;
}

static void bind_iv(sqlite3_stmt *st, const struct kb_hours_iv *iv)
{
    sqlite3_bind_int64(st, 2, iv->start);
    if (iv->open)
        sqlite3_bind_null(st, 3);
    else
        sqlite3_bind_int64(st, 3, iv->end);
    sqlite3_bind_int(st, 4, iv->kind);
    sqlite3_bind_text(st, 5, iv->owner, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, iv->note, -1, SQLITE_TRANSIENT);
}

int kb_hours_insert(kb_t *kb, int64_t action, int64_t uid, struct kb_hours_iv *iv)
{
    sqlite3_stmt *st = NULL;
    int status = prepare(kb, &st, "INSERT INTO hours_interval(user_id, started, ended, kind, "
                         "owner, note) VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
    if (status != KB_OK)
        goto out;
    sqlite3_bind_int64(st, 1, uid);
    bind_iv(st, iv);
    if (sqlite3_step(st) != SQLITE_DONE) {
        status = kb_sqlfail(kb, "cannot record the interval");
        goto out;
    }
    iv->id = sqlite3_last_insert_rowid(kb->db);
    status = set_tags(kb, iv->id, iv->tags);
    if (status == KB_OK)
        status = remember(kb, action, uid, iv->id, false);
out:
    sqlite3_finalize(st);
    return status;
}

int kb_hours_update(kb_t *kb, int64_t action, int64_t uid, const struct kb_hours_iv *iv)
{
    sqlite3_stmt *st = NULL;
    int status = remember(kb, action, uid, iv->id, true);
    if (status != KB_OK)
        goto out;
    status = prepare(kb, &st, "UPDATE hours_interval SET started = ?2, ended = ?3, kind = ?4, "
                     "owner = ?5, note = ?6 WHERE id = ?7 AND user_id = ?1");
    if (status != KB_OK)
        goto out;
    sqlite3_bind_int64(st, 1, uid);
    bind_iv(st, iv);
    sqlite3_bind_int64(st, 7, iv->id);
    if (sqlite3_step(st) != SQLITE_DONE) {
        status = kb_sqlfail(kb, "cannot change the interval");
        goto out;
    }
    if (sqlite3_changes(kb->db) != 1) {
        status = kb_fail(kb, KB_NOTFOUND, "no interval #%lld", (long long)iv->id);
        goto out;
    }
    status = set_tags(kb, iv->id, iv->tags);
out:
    sqlite3_finalize(st);
    return status;
}

int kb_hours_delete(kb_t *kb, int64_t action, int64_t uid, int64_t id)
{
    sqlite3_stmt *st = NULL;
    int status = remember(kb, action, uid, id, true);
    if (status != KB_OK)
        goto out;
    status = prepare(kb, &st, "DELETE FROM hours_interval WHERE id = ?1 AND user_id = ?2");
    if (status != KB_OK)
        goto out;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, uid);
    if (sqlite3_step(st) != SQLITE_DONE)
        status = kb_sqlfail(kb, "cannot delete the interval");
    else if (sqlite3_changes(kb->db) != 1)
        status = kb_fail(kb, KB_NOTFOUND, "no interval #%lld", (long long)id);
out:
    sqlite3_finalize(st);
    return status;
}

/* ---- undo ------------------------------------------------------------------ */

/* Put back the before-images of one action, newest first. */
static int undo_one(kb_t *kb, int64_t uid, int64_t action)
{
    sqlite3_stmt *items = NULL, *del = NULL, *put = NULL;
    int status = prepare(kb, &items, "SELECT interval_id, existed, started, ended, kind, "
                         "owner, note, tags FROM hours_action_item WHERE action_id = ?1 "
                         "ORDER BY seq DESC");
    if (status == KB_OK)
        status = prepare(kb, &del, "DELETE FROM hours_interval WHERE id = ?1 AND user_id = ?2");
    if (status == KB_OK)
        status = prepare(kb, &put, "INSERT INTO hours_interval(id, user_id, started, "
                         "ended, kind, owner, note) VALUES(?7, ?1, ?2, ?3, ?4, ?5, ?6)");
    if (status != KB_OK)
        goto out;
    sqlite3_bind_int64(items, 1, action);
    int rc;
    while ((rc = sqlite3_step(items)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(items, 0);
        /* Delete first in every case: with one open interval per user, an
         * interval being restored as open may meet the one undone. */
        sqlite3_reset(del);
        sqlite3_bind_int64(del, 1, id);
        sqlite3_bind_int64(del, 2, uid);
        if (sqlite3_step(del) != SQLITE_DONE) {
            status = kb_sqlfail(kb, "cannot undo");
            goto out;
        }
        if (!sqlite3_column_int(items, 1))
            continue;
        struct kb_hours_iv iv = {0};
        iv.id = id;
        iv.start = sqlite3_column_int64(items, 2);
        iv.open = sqlite3_column_type(items, 3) == SQLITE_NULL;
        iv.end = iv.open ? 0 : sqlite3_column_int64(items, 3);
        iv.kind = sqlite3_column_int(items, 4);
        copy_text(iv.owner, sizeof iv.owner, sqlite3_column_text(items, 5));
        copy_text(iv.note, sizeof iv.note, sqlite3_column_text(items, 6));
        copy_text(iv.tags, sizeof iv.tags, sqlite3_column_text(items, 7));
        sqlite3_reset(put);
        sqlite3_bind_int64(put, 1, uid);
        bind_iv(put, &iv);
        sqlite3_bind_int64(put, 7, id);
        if (sqlite3_step(put) != SQLITE_DONE) {
            status = kb_sqlfail(kb, "cannot undo");
            goto out;
        }
        status = set_tags(kb, id, iv.tags);
        if (status != KB_OK)
            goto out;
    }
    if (rc != SQLITE_DONE)
        status = kb_sqlfail(kb, "cannot read the undo log");
out:
    sqlite3_finalize(items);
    sqlite3_finalize(del);
    sqlite3_finalize(put);
    return status;
}

int kb_hours_undo(kb_t *kb, int64_t uid, char *what, size_t whatlen, int64_t *at)
{
    sqlite3_stmt *st = NULL, *drop = NULL;
    int status = prepare(kb, &st, "SELECT id, what, at, auto FROM hours_action "
                         "WHERE user_id = ?1 ORDER BY id DESC");
    if (status == KB_OK)
        status = prepare(kb, &drop, "DELETE FROM hours_action WHERE id = ?1");
    if (status != KB_OK)
        goto out;
    sqlite3_bind_int64(st, 1, uid);
    /* Collect first: undoing while stepping the same table is fragile. */
    int64_t ids[256];
    size_t n = 0;
    bool found = false;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < sizeof ids / sizeof ids[0]) {
        ids[n++] = sqlite3_column_int64(st, 0);
        if (!sqlite3_column_int(st, 3)) {
            copy_text(what, whatlen, sqlite3_column_text(st, 1));
            *at = sqlite3_column_int64(st, 2);
            found = true;
            break;
        }
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        status = kb_sqlfail(kb, "cannot read the undo log");
        goto out;
    }
    if (!found) {
        status = kb_fail(kb, KB_NOTFOUND, "nothing to undo");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        status = undo_one(kb, uid, ids[i]);
        if (status != KB_OK)
            goto out;
        sqlite3_reset(drop);
        sqlite3_bind_int64(drop, 1, ids[i]);
        if (sqlite3_step(drop) != SQLITE_DONE) {
            status = kb_sqlfail(kb, "cannot update the undo log");
            goto out;
        }
    }
out:
    sqlite3_finalize(st);
    sqlite3_finalize(drop);
    return status;
}

/* ---- activity and choices ---------------------------------------------------- */

int kb_hours_state_get(kb_t *kb, int64_t uid, struct kb_hours_state *out)
{
    sqlite3_stmt *st = NULL;
    memset(out, 0, sizeof *out);
    int status = prepare(kb, &st, "SELECT last_activity, continue_date FROM hours_state "
                         "WHERE user_id = ?1");
    if (status != KB_OK)
        goto out;
    sqlite3_bind_int64(st, 1, uid);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->last_activity = sqlite3_column_int64(st, 0);
        copy_text(out->continue_date, sizeof out->continue_date, sqlite3_column_text(st, 1));
    } else if (rc != SQLITE_DONE) {
        status = kb_sqlfail(kb, "cannot read the hours state");
    }
out:
    sqlite3_finalize(st);
    return status;
}

int kb_hours_touch(kb_t *kb, int64_t uid, int64_t t)
{
    sqlite3_stmt *st = NULL;
    int status = prepare(kb, &st, "INSERT INTO hours_state(user_id, last_activity) "
                         "VALUES(?1, ?2) ON CONFLICT(user_id) DO UPDATE SET "
                         "last_activity = max(last_activity, excluded.last_activity)");
    if (status != KB_OK)
        goto out;
    sqlite3_bind_int64(st, 1, uid);
    sqlite3_bind_int64(st, 2, t);
    if (sqlite3_step(st) != SQLITE_DONE)
        status = kb_sqlfail(kb, "cannot record activity");
out:
    sqlite3_finalize(st);
    return status;
}

int kb_hours_set_continue(kb_t *kb, int64_t uid, const char *date)
{
    sqlite3_stmt *st = NULL;
    int status = prepare(kb, &st, "INSERT INTO hours_state(user_id, continue_date) "
                         "VALUES(?1, ?2) ON CONFLICT(user_id) DO UPDATE SET "
                         "continue_date = excluded.continue_date");
    if (status != KB_OK)
        goto out;
    sqlite3_bind_int64(st, 1, uid);
    sqlite3_bind_text(st, 2, date ? date : "", -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_DONE)
        status = kb_sqlfail(kb, "cannot save the choice");
out:
    sqlite3_finalize(st);
    return status;
}
