/* voice_store.c -- the speaker calibration table (kb_voice.h, schema v5;
 * the enrolment's warp: v6). */
#include <stdlib.h>
#include <string.h>

#include "kb_int.h"
#include "kb_voice.h"

/* 1..64 comma-separated numbers like -5.29, nothing else. */
static int valid_cmn(const char *s)
{
    int n = 0;
    const char *p = s;
    if (!s || strlen(s) > 1024)
        return 0;
    while (*p) {
        if (*p == '-' || *p == '+')
            p++;
        size_t digits = strspn(p, "0123456789");
        p += digits;
        if (*p == '.') {
            p++;
            digits += strspn(p, "0123456789");
            p += strspn(p, "0123456789");
        }
        if (!digits)
            return 0;
        n++;
        if (*p == ',')
            p++;
        else if (*p)
            return 0;
        else
            break;
    }
    return n >= 1 && n <= 64 && p[-1] != ',';
}

/* The model is named and cmn is a calibration: KB_OK, or KB_INVALID said
 * for what (the calibration, the enrolment). */
static int check_cmn(kb_t *kb, const char *model, const char *cmn, const char *what)
{
    if (!model || !*model)
        return kb_fail(kb, KB_INVALID, "no acoustic model named for the %s", what);
    if (!valid_cmn(cmn))
        return kb_fail(kb, KB_INVALID,
                       "bad speaker calibration '%.40s': want comma-separated numbers",
                       cmn ? cmn : "");
    return KB_OK;
}

int kb_voice_calibration_get(kb_t *kb, const char *user, const char *model, char **cmn)
{
    struct kb_voice_profile p;
    int status = kb_voice_profile_get(kb, user, model, &p);
    *cmn = p.cmn;           /* ownership moves to the caller */
    return status;
}

int kb_voice_calibration_set(kb_t *kb, const char *user, const char *model,
                             const char *cmn, int64_t now)
{
    sqlite3_stmt *st = NULL;
    int64_t uid = 0;
    int status = check_cmn(kb, model, cmn, "calibration");
    if (status == KB_OK)
        status = kb_user_ensure(kb, user, &uid);
    if (status != KB_OK)
        return status;
    if (sqlite3_prepare_v2(kb->db,
            "INSERT INTO voice_calibration(user_id, model, cmn, utterances, updated) "
            "VALUES(?1, ?2, ?3, 1, ?4) ON CONFLICT(user_id, model) DO UPDATE SET "
            "cmn = excluded.cmn, utterances = utterances + 1, updated = excluded.updated",
            -1, &st, NULL) != SQLITE_OK) {
        status = kb_sqlfail(kb, "cannot save the speaker calibration");
        goto out;
    }
    sqlite3_bind_int64(st, 1, uid);
    sqlite3_bind_text(st, 2, model, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, cmn, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, now);
    if (sqlite3_step(st) != SQLITE_DONE)
        status = kb_sqlfail(kb, "cannot save the speaker calibration");
out:
    sqlite3_finalize(st);
    return status;
}

int kb_voice_profile_get(kb_t *kb, const char *user, const char *model,
                         struct kb_voice_profile *p)
{
    sqlite3_stmt *st = NULL;
    int status = KB_OK;
    memset(p, 0, sizeof *p);
    p->warp = 1.0;
    if (!user || !model)
        return kb_fail(kb, KB_INVALID, "no user or model given");
    if (sqlite3_prepare_v2(kb->db,
            "SELECT v.cmn, v.warp, coalesce(v.enrolled, 0), coalesce(v.enrol_words, 0), "
            "coalesce(v.enrol_errors, 0), coalesce(v.enrol_errors_none, 0) "
            "FROM voice_calibration v JOIN users u ON u.id = v.user_id "
            "WHERE u.name = ?1 AND v.model = ?2", -1, &st, NULL) != SQLITE_OK) {
        status = kb_sqlfail(kb, "cannot read the voice settings");
        goto out;
    }
    sqlite3_bind_text(st, 1, user, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, model, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        p->cmn = strdup((const char *)sqlite3_column_text(st, 0));
        p->warp = sqlite3_column_double(st, 1);
        p->enrolled = sqlite3_column_int64(st, 2);
        p->words = sqlite3_column_int(st, 3);
        p->errors = sqlite3_column_int(st, 4);
        p->errors_none = sqlite3_column_int(st, 5);
        if (!p->cmn)
            status = kb_fail(kb, KB_NOMEM, "out of memory");
    } else if (rc != SQLITE_DONE) {
        status = kb_sqlfail(kb, "cannot read the voice settings");
    }
out:
    sqlite3_finalize(st);
    return status;
}

void kb_voice_profile_free(struct kb_voice_profile *p)
{
    if (!p)
        return;
    free(p->cmn);
    p->cmn = NULL;
}

int kb_voice_enrolment_set(kb_t *kb, const char *user, const char *model, const char *cmn,
                           double warp, int words, int errors, int errors_none, int64_t now)
{
    sqlite3_stmt *st = NULL;
    int64_t uid = 0;
    int status = check_cmn(kb, model, cmn, "enrolment");
    if (status != KB_OK)
        return status;
    if (!(warp >= 0.5 && warp <= 2.0) || words < 0 || errors < 0 || errors_none < 0)
        return kb_fail(kb, KB_INVALID, "bad enrolment result (warp %g)", warp);
    status = kb_user_ensure(kb, user, &uid);
    if (status != KB_OK)
        return status;
    if (sqlite3_prepare_v2(kb->db,
            "INSERT INTO voice_calibration(user_id, model, cmn, utterances, updated, warp, "
            "enrolled, enrol_words, enrol_errors, enrol_errors_none) "
            "VALUES(?1, ?2, ?3, 0, ?4, ?5, ?4, ?6, ?7, ?8) ON CONFLICT(user_id, model) DO "
            "UPDATE SET cmn = excluded.cmn, utterances = 0, updated = excluded.updated, "
            "warp = excluded.warp, enrolled = excluded.enrolled, "
            "enrol_words = excluded.enrol_words, enrol_errors = excluded.enrol_errors, "
            "enrol_errors_none = excluded.enrol_errors_none", -1, &st, NULL) != SQLITE_OK) {
        status = kb_sqlfail(kb, "cannot save the enrolment");
        goto out;
    }
    sqlite3_bind_int64(st, 1, uid);
    sqlite3_bind_text(st, 2, model, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, cmn, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, now);
    sqlite3_bind_double(st, 5, warp);
    sqlite3_bind_int(st, 6, words);
    sqlite3_bind_int(st, 7, errors);
    sqlite3_bind_int(st, 8, errors_none);
    if (sqlite3_step(st) != SQLITE_DONE)
        status = kb_sqlfail(kb, "cannot save the enrolment");
out:
    sqlite3_finalize(st);
    return status;
}

int kb_voice_calibration_clear(kb_t *kb, const char *user, const char *model)
{
    sqlite3_stmt *st = NULL;
    int status = KB_OK;
    if (sqlite3_prepare_v2(kb->db,
            "DELETE FROM voice_calibration WHERE model = ?2 AND user_id = "
            "(SELECT id FROM users WHERE name = ?1)", -1, &st, NULL) != SQLITE_OK) {
        status = kb_sqlfail(kb, "cannot forget the speaker calibration");
        goto out;
    }
    sqlite3_bind_text(st, 1, user, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, model, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_DONE)
        status = kb_sqlfail(kb, "cannot forget the speaker calibration");
out:
    sqlite3_finalize(st);
    return status;
}
