/* library_query.c -- reading the stored library: version, counts, listing,
 * one entry whole (for `kefu kb show`), slugs and the closest slug. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb_int.h"
#include "kb_library.h"
#include "search_int.h"
#include "textnorm.h"

static char *dup_col(sqlite3_stmt *st, int col)
{
    const unsigned char *s = sqlite3_column_text(st, col);
    return s ? strdup((const char *)s) : NULL;
}

int kb_lib_version(kb_t *kb, char **version)
{
    sqlite3_stmt *st = NULL;
    *version = NULL;
    if (sqlite3_prepare_v2(kb->db, "SELECT value FROM lib_meta WHERE key = 'builtin_version'",
                           -1, &st, NULL) != SQLITE_OK)
        return kb_sqlfail(kb, "reading the library version");
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *version = dup_col(st, 0);
    else if (rc == SQLITE_DONE)
        *version = strdup("");
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return kb_sqlfail(kb, "reading the library version");
    return *version ? KB_OK : kb_fail(kb, KB_NOMEM, "out of memory");
}

int kb_lib_set_version(kb_t *kb, const char *version)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(kb->db,
            "INSERT INTO lib_meta(key, value) VALUES ('builtin_version', ?1)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            -1, &st, NULL) != SQLITE_OK)
        return kb_sqlfail(kb, "recording the library version");
    sqlite3_bind_text(st, 1, version ? version : "", -1, SQLITE_STATIC);
    int rc = sqlite3_step(st) == SQLITE_DONE ? KB_OK
                                             : kb_sqlfail(kb, "recording the library version");
    sqlite3_finalize(st);
    return rc;
}

int kb_lib_count(kb_t *kb, size_t *scenarios, size_t *policies)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(kb->db, "SELECT (SELECT count(*) FROM scenario),"
                           " (SELECT count(*) FROM policy)", -1, &st, NULL) != SQLITE_OK)
        return kb_sqlfail(kb, "counting the library");
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        if (scenarios)
            *scenarios = (size_t)sqlite3_column_int64(st, 0);
        if (policies)
            *policies = (size_t)sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? KB_OK : kb_sqlfail(kb, "counting the library");
}

/* ------------------------------------------------------------------ */

void kb_lib_entries_free(kb_lib_entry *e, size_t n)
{
    if (!e)
        return;
    for (size_t i = 0; i < n; i++) {
        free(e[i].slug);
        free(e[i].kind);
        free(e[i].tier);
        free(e[i].category);
        free(e[i].title);
        free(e[i].title_en);
        free(e[i].origin);
    }
    free(e);
}

int kb_lib_list(kb_t *kb, const char *tier, kb_lib_entry **out, size_t *n)
{
    sqlite3_stmt *st = NULL;
    kb_lib_entry *v = NULL;
    size_t nv = 0, cap = 0;
    int rc;

    *out = NULL;
    *n = 0;
    rc = sqlite3_prepare_v2(kb->db,
        "SELECT slug, 'scenario', tier, category, title_zh, title_en, origin,"
        "  CASE tier WHEN 'basic' THEN 1 WHEN 'intermediate' THEN 2 ELSE 3 END AS o"
        " FROM scenario WHERE ?1 IS NULL OR tier = ?1"
        " UNION ALL"
        " SELECT slug, 'policy', 'policy', category, title_zh, title_en, origin, 4"
        " FROM policy WHERE ?1 IS NULL OR ?1 = 'policy'"
        " ORDER BY o, 4, 1", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return kb_sqlfail(kb, "listing the library");
    if (tier)
        sqlite3_bind_text(st, 1, tier, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (nv == cap) {
            cap = cap ? cap * 2 : 64;
            kb_lib_entry *nvp = realloc(v, cap * sizeof *nvp);
            if (!nvp) {
                rc = kb_fail(kb, KB_NOMEM, "out of memory");
                goto out;
            }
            v = nvp;
        }
        kb_lib_entry *e = &v[nv++];
        e->slug = dup_col(st, 0);
        e->kind = dup_col(st, 1);
        e->tier = dup_col(st, 2);
        e->category = dup_col(st, 3);
        e->title = dup_col(st, 4);
        e->title_en = dup_col(st, 5);
        e->origin = dup_col(st, 6);
    }
    if (rc != SQLITE_DONE) {
        rc = kb_sqlfail(kb, "listing the library");
        goto out;
    }
    rc = KB_OK;
    *out = v;
    *n = nv;
    v = NULL;
out:
    kb_lib_entries_free(v, nv);
    sqlite3_finalize(st);
    return rc;
}

/* ------------------------------------------------------------------ */

void kb_lib_detail_free(kb_lib_detail *d)
{
    if (!d)
        return;
    free(d->slug);
    free(d->kind);
    free(d->tier);
    free(d->category);
    free(d->origin);
    free(d->source);
    free(d->order_id);
    for (int l = 0; l < 2; l++) {
        free(d->title[l]);
        free(d->brief[l]);
    }
    for (size_t t = 0; t < d->n_turns; t++) {
        kb_lib_turn *tu = &d->turns[t];
        for (size_t c = 0; c < tu->n_customers; c++) {
            free(tu->customers[c][0]);
            free(tu->customers[c][1]);
        }
        free(tu->customers);
        for (size_t r = 0; r < tu->n_rubric; r++) {
            free(tu->rubric[r].kind);
            free(tu->rubric[r].section);
            free(tu->rubric[r].phrases);
        }
        free(tu->rubric);
        free(tu->answer[0]);
        free(tu->answer[1]);
    }
    free(d->turns);
    free(d);
}

/* Turns, wordings and rubric lines of scenario id into d. */
static int load_turns(kb_t *kb, sqlite3_int64 id, kb_lib_detail *d)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(kb->db,
        "SELECT idx, limit_s, answer_zh, answer_en FROM scenario_turn"
        " WHERE scenario_id = ?1 ORDER BY idx", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return kb_sqlfail(kb, "reading a scenario");
    sqlite3_bind_int64(st, 1, id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        kb_lib_turn *nt = realloc(d->turns, (d->n_turns + 1) * sizeof *nt);
        if (!nt) {
            sqlite3_finalize(st);
            return kb_fail(kb, KB_NOMEM, "out of memory");
        }
        d->turns = nt;
        kb_lib_turn *t = &nt[d->n_turns++];
        memset(t, 0, sizeof *t);
        t->limit_s = sqlite3_column_int(st, 1);
        t->answer[0] = dup_col(st, 2);
        t->answer[1] = dup_col(st, 3);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return kb_sqlfail(kb, "reading a scenario");

    rc = sqlite3_prepare_v2(kb->db,
        "SELECT turn_idx, text_zh, text_en FROM scenario_variant"
        " WHERE scenario_id = ?1 ORDER BY turn_idx, idx", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return kb_sqlfail(kb, "reading a scenario");
    sqlite3_bind_int64(st, 1, id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        size_t ti = (size_t)sqlite3_column_int(st, 0);
        if (ti >= d->n_turns)
            continue;
        kb_lib_turn *t = &d->turns[ti];
        char *(*nc)[2] = realloc(t->customers, (t->n_customers + 1) * sizeof *nc);
        if (!nc) {
            sqlite3_finalize(st);
            return kb_fail(kb, KB_NOMEM, "out of memory");
        }
        t->customers = nc;
        nc[t->n_customers][0] = dup_col(st, 1);
        nc[t->n_customers][1] = dup_col(st, 2);
        t->n_customers++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return kb_sqlfail(kb, "reading a scenario");

    rc = sqlite3_prepare_v2(kb->db,
        "SELECT r.turn_idx, r.kind, r.weight, r.section,"
        "  (SELECT group_concat(text, ' | ') FROM"
        "    (SELECT text FROM rubric_phrase p WHERE p.item_id = r.id ORDER BY idx))"
        " FROM rubric_item r WHERE r.scenario_id = ?1 ORDER BY r.turn_idx, r.idx",
        -1, &st, NULL);
    if (rc != SQLITE_OK)
        return kb_sqlfail(kb, "reading a scenario");
    sqlite3_bind_int64(st, 1, id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        size_t ti = (size_t)sqlite3_column_int(st, 0);
        if (ti >= d->n_turns)
            continue;
        kb_lib_turn *t = &d->turns[ti];
        kb_lib_rubric *nr = realloc(t->rubric, (t->n_rubric + 1) * sizeof *nr);
        if (!nr) {
            sqlite3_finalize(st);
            return kb_fail(kb, KB_NOMEM, "out of memory");
        }
        t->rubric = nr;
        kb_lib_rubric *r = &nr[t->n_rubric++];
        r->kind = dup_col(st, 1);
        r->weight = sqlite3_column_int(st, 2);
        r->section = dup_col(st, 3);
        r->phrases = dup_col(st, 4);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? KB_OK : kb_sqlfail(kb, "reading a scenario");
}

int kb_lib_get(kb_t *kb, const char *slug, kb_lib_detail **out)
{
    sqlite3_stmt *st = NULL;
    kb_lib_detail *d = NULL;
    int rc;

    *out = NULL;
    rc = sqlite3_prepare_v2(kb->db,
        "SELECT id, 'scenario', tier, category, origin, source, title_zh, title_en,"
        "  brief_zh, brief_en, order_id FROM scenario WHERE slug = ?1"
        " UNION ALL"
        " SELECT id, 'policy', 'policy', category, origin, source, title_zh, title_en,"
        "  text_zh, text_en, NULL FROM policy WHERE slug = ?1", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return kb_sqlfail(kb, "reading the library");
    sqlite3_bind_text(st, 1, slug ? slug : "", -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        rc = kb_fail(kb, KB_NOTFOUND, "no scenario or policy is called \"%s\"",
                     slug ? slug : "");
        goto out;
    }
    if (rc != SQLITE_ROW) {
        rc = kb_sqlfail(kb, "reading the library");
        goto out;
    }
    d = calloc(1, sizeof *d);
    if (!d) {
        rc = kb_fail(kb, KB_NOMEM, "out of memory");
        goto out;
    }
    sqlite3_int64 id = sqlite3_column_int64(st, 0);
    d->slug = strdup(slug);
    d->kind = dup_col(st, 1);
    d->tier = dup_col(st, 2);
    d->category = dup_col(st, 3);
    d->origin = dup_col(st, 4);
    d->source = dup_col(st, 5);
    d->title[0] = dup_col(st, 6);
    d->title[1] = dup_col(st, 7);
    d->brief[0] = dup_col(st, 8);
    d->brief[1] = dup_col(st, 9);
    d->order_id = dup_col(st, 10);
    if (!d->slug || !d->kind) {
        rc = kb_fail(kb, KB_NOMEM, "out of memory");
        goto out;
    }
    rc = strcmp(d->kind, "scenario") ? KB_OK : load_turns(kb, id, d);
    if (rc == KB_OK) {
        *out = d;
        d = NULL;
    }
out:
    kb_lib_detail_free(d);
    sqlite3_finalize(st);
    return rc;
}

/* ------------------------------------------------------------------ */

int kb_lib_slugs(kb_t *kb, char ***slugs, size_t *n)
{
    sqlite3_stmt *st = NULL;
    char **v = NULL;
    size_t nv = 0;
    int rc;

    *slugs = NULL;
    *n = 0;
    if (sqlite3_prepare_v2(kb->db, "SELECT slug FROM scenario UNION ALL"
                           " SELECT slug FROM policy ORDER BY 1", -1, &st, NULL) != SQLITE_OK)
        return kb_sqlfail(kb, "reading the library");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char **nvp = realloc(v, (nv + 1) * sizeof *nvp);
        char *s = dup_col(st, 0);
        if (!nvp || !s) {
            free(s);
            if (nvp)
                v = nvp;
            rc = kb_fail(kb, KB_NOMEM, "out of memory");
            goto out;
        }
        v = nvp;
        v[nv++] = s;
    }
    if (rc != SQLITE_DONE) {
        rc = kb_sqlfail(kb, "reading the library");
        goto out;
    }
    rc = KB_OK;
    *slugs = v;
    *n = nv;
    v = NULL;
out:
    for (size_t i = 0; v && i < nv; i++)
        free(v[i]);
    free(v);
    sqlite3_finalize(st);
    return rc;
}

int kb_lib_closest(kb_t *kb, const char *slug, char **best)
{
    char **v = NULL, *key = NULL;
    size_t nv = 0, bestd = (size_t)-1;
    *best = NULL;
    int rc = kb_lib_slugs(kb, &v, &nv);
    if (rc != KB_OK)
        return rc;
    rc = kb_normalize(slug ? slug : "", slug ? strlen(slug) : 0,
                      KB_NORM_NFKC | KB_NORM_CASEFOLD, &key);
    for (size_t i = 0; rc == KB_OK && i < nv; i++) {
        size_t d = kb_edit_distance(key, v[i]);
        /* a typed prefix ("damaged") should find "damaged-item" */
        if (strncmp(v[i], key, strlen(key)) == 0 && *key)
            d = 0;
        if (d < bestd) {
            bestd = d;
            free(*best);
            *best = strdup(v[i]);
        }
    }
    for (size_t i = 0; i < nv; i++)
        free(v[i]);
    free(v);
    free(key);
    return rc == KB_OK ? KB_OK : kb_fail(kb, rc, "out of memory");
}
