/* library_store.c -- kb_lib_install(): a parsed library into the database.
 *
 * Rows are upserted by slug so a scenario keeps its row id across reloads
 * (nothing outside kb/ should rely on ids, but stability costs nothing);
 * a turn's children are replaced as a block. Built-in rows left over from
 * an older data version are found by their load generation and deleted.
 * Everything runs in one savepoint and ends with a search-index rebuild,
 * so a failure anywhere leaves the database exactly as it was.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb_int.h"
#include "kb_library.h"
#include "search_int.h"

enum {
    S_FIND_SCN, S_FIND_POL, S_UPSERT_SCN, S_DEL_TURNS, S_DEL_VARS, S_DEL_RUBRIC,
    S_INS_TURN, S_INS_VAR, S_INS_ITEM, S_INS_PHRASE, S_UPSERT_POL,
    S_DEL_SCN_SLUG, S_DEL_POL_SLUG, S_FIND_SET, S_UPSERT_SET, S_DEL_ALTS,
    S_INS_ALT, S_COUNT
};

static const char *const stmt_sql[S_COUNT] = {
    [S_FIND_SCN] = "SELECT origin FROM scenario WHERE slug = ?1",
    [S_FIND_POL] = "SELECT origin FROM policy WHERE slug = ?1",
    [S_UPSERT_SCN] =
        "INSERT INTO scenario(slug, origin, source, line, tier, category,"
        " title_zh, title_en, brief_zh, brief_en, order_id, gen)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
        " ON CONFLICT(slug) DO UPDATE SET origin = excluded.origin,"
        " source = excluded.source, line = excluded.line, tier = excluded.tier,"
        " category = excluded.category, title_zh = excluded.title_zh,"
        " title_en = excluded.title_en, brief_zh = excluded.brief_zh,"
        " brief_en = excluded.brief_en, order_id = excluded.order_id,"
        " gen = excluded.gen,"
        " updated = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
        " RETURNING id",
    [S_DEL_TURNS] = "DELETE FROM scenario_turn WHERE scenario_id = ?1",
    [S_DEL_VARS] = "DELETE FROM scenario_variant WHERE scenario_id = ?1",
    [S_DEL_RUBRIC] = "DELETE FROM rubric_item WHERE scenario_id = ?1",
    [S_INS_TURN] = "INSERT INTO scenario_turn(scenario_id, idx, limit_s,"
                   " answer_zh, answer_en) VALUES (?1, ?2, ?3, ?4, ?5)",
    [S_INS_VAR] = "INSERT INTO scenario_variant(scenario_id, turn_idx, idx,"
                  " text_zh, text_en) VALUES (?1, ?2, ?3, ?4, ?5)",
    [S_INS_ITEM] = "INSERT INTO rubric_item(scenario_id, turn_idx, idx, kind,"
                   " weight, section) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                   " RETURNING id",
    [S_INS_PHRASE] = "INSERT INTO rubric_phrase(item_id, idx, lang, text)"
                     " VALUES (?1, ?2, ?3, ?4)",
    [S_UPSERT_POL] =
        "INSERT INTO policy(slug, origin, source, line, category, title_zh,"
        " title_en, text_zh, text_en, gen)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
        " ON CONFLICT(slug) DO UPDATE SET origin = excluded.origin,"
        " source = excluded.source, line = excluded.line,"
        " category = excluded.category, title_zh = excluded.title_zh,"
        " title_en = excluded.title_en, text_zh = excluded.text_zh,"
        " text_en = excluded.text_en, gen = excluded.gen",
    [S_DEL_SCN_SLUG] = "DELETE FROM scenario WHERE slug = ?1",
    [S_DEL_POL_SLUG] = "DELETE FROM policy WHERE slug = ?1",
    [S_FIND_SET] = "SELECT origin FROM phrase_set WHERE name = ?1",
    [S_UPSERT_SET] =
        "INSERT INTO phrase_set(name, origin, source) VALUES (?1, ?2, ?3)"
        " ON CONFLICT(name) DO UPDATE SET origin = excluded.origin,"
        " source = excluded.source RETURNING id",
    [S_DEL_ALTS] = "DELETE FROM phrase_alt WHERE set_id = ?1",
    [S_INS_ALT] = "INSERT INTO phrase_alt(set_id, idx, lang, text)"
                  " VALUES (?1, ?2, ?3, ?4)",
};

struct inst {
    kb_t *kb;
    const kb_library *lib;
    kb_origin origin;
    const char *origin_name;
    sqlite3_int64 gen;
    sqlite3_stmt *st[S_COUNT];
    kb_lib_report *rep;
};

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

/* Run a statement to completion (or its first row when want_row); reset. */
static int run(struct inst *in, int which, sqlite3_int64 *row_id, const char *doing)
{
    sqlite3_stmt *st = in->st[which];
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && row_id)
        *row_id = sqlite3_column_int64(st, 0);
    while (rc == SQLITE_ROW)
        rc = sqlite3_step(st);
    int ok = rc == SQLITE_DONE;
    int status = ok ? KB_OK : kb_sqlfail(in->kb, doing);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return status;
}

/* Origin of an existing row found by slug/name, or NULL; copied to buf. */
static const char *find_origin(struct inst *in, int which, const char *key,
                               char *buf, size_t cap)
{
    sqlite3_stmt *st = in->st[which];
    const char *res = NULL;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *o = sqlite3_column_text(st, 0);
        snprintf(buf, cap, "%s", o ? (const char *)o : "");
        res = buf;
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return res;
}

static int report_add(kb_t *kb, char ***v, size_t *n, const char *slug)
{
    char **nv = realloc(*v, (*n + 1) * sizeof *nv);
    if (!nv)
        return kb_fail(kb, KB_NOMEM, "out of memory");
    *v = nv;
    nv[*n] = strdup(slug);
    if (!nv[*n])
        return kb_fail(kb, KB_NOMEM, "out of memory");
    (*n)++;
    return KB_OK;
}

/* Decide what to do with an entry of this slug. Returns KB_OK and sets
 * *skip when a built-in load meets a trainer's entry; records added /
 * replaced; deletes an entry of the other kind with the same slug. */
static int claim_slug(struct inst *in, const char *slug, bool is_policy, bool *skip)
{
    char same[16], other[16];
    const char *o_same = find_origin(in, is_policy ? S_FIND_POL : S_FIND_SCN,
                                     slug, same, sizeof same);
    const char *o_other = find_origin(in, is_policy ? S_FIND_SCN : S_FIND_POL,
                                      slug, other, sizeof other);
    *skip = false;
    if (in->origin == KB_ORIGIN_BUILTIN &&
        ((o_same && !strcmp(o_same, "import")) || (o_other && !strcmp(o_other, "import")))) {
        *skip = true;
        return in->rep ? report_add(in->kb, &in->rep->kept, &in->rep->n_kept, slug) : KB_OK;
    }
    if (o_other) {
        int w = is_policy ? S_DEL_SCN_SLUG : S_DEL_POL_SLUG;
        sqlite3_bind_text(in->st[w], 1, slug, -1, SQLITE_STATIC);
        int rc = run(in, w, NULL, "replacing an entry");
        if (rc != KB_OK)
            return rc;
    }
    if (!in->rep)
        return KB_OK;
    if (o_same || o_other)
        return report_add(in->kb, &in->rep->replaced, &in->rep->n_replaced, slug);
    return report_add(in->kb, &in->rep->added, &in->rep->n_added, slug);
}

static int store_turn(struct inst *in, sqlite3_int64 id, int ti, const kb_turn *t)
{
    int rc;
    sqlite3_stmt *st = in->st[S_INS_TURN];
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, ti);
    sqlite3_bind_int(st, 3, t->limit_s);
    bind_text(st, 4, t->answer[KB_LANG_ZH]);
    bind_text(st, 5, t->answer[KB_LANG_EN]);
    if ((rc = run(in, S_INS_TURN, NULL, "storing a turn")) != KB_OK)
        return rc;
    for (size_t v = 0; v < t->n_customers; v++) {
        st = in->st[S_INS_VAR];
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, ti);
        sqlite3_bind_int(st, 3, (int)v);
        bind_text(st, 4, t->customers[v].text[KB_LANG_ZH]);
        bind_text(st, 5, t->customers[v].text[KB_LANG_EN]);
        if ((rc = run(in, S_INS_VAR, NULL, "storing a customer wording")) != KB_OK)
            return rc;
    }
    static const char *const kinds[] = {"expect", "bonus", "forbid"};
    for (size_t r = 0; r < t->n_rubric; r++) {
        const kb_rubric_item *it = &t->rubric[r];
        sqlite3_int64 item = 0;
        st = in->st[S_INS_ITEM];
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, ti);
        sqlite3_bind_int(st, 3, (int)r);
        sqlite3_bind_text(st, 4, kinds[it->kind <= KB_RUBRIC_FORBID ? it->kind : 0],
                          -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 5, it->weight);
        bind_text(st, 6, it->section);
        if ((rc = run(in, S_INS_ITEM, &item, "storing a rubric line")) != KB_OK)
            return rc;
        for (size_t p = 0; p < it->n_phrases; p++) {
            st = in->st[S_INS_PHRASE];
            sqlite3_bind_int64(st, 1, item);
            sqlite3_bind_int(st, 2, (int)p);
            sqlite3_bind_text(st, 3, it->phrases[p].lang == KB_LANG_EN ? "en" : "zh",
                              -1, SQLITE_STATIC);
            bind_text(st, 4, it->phrases[p].text ? it->phrases[p].text : "");
            if ((rc = run(in, S_INS_PHRASE, NULL, "storing a rubric phrase")) != KB_OK)
                return rc;
        }
    }
    return KB_OK;
}

static const char *file_name(const kb_library *lib, size_t file)
{
    return file < lib->n_files && lib->files[file].name ? lib->files[file].name : "";
}

static int store_scenario(struct inst *in, const kb_scenario *s)
{
    bool skip;
    int rc = claim_slug(in, s->slug, false, &skip);
    if (rc != KB_OK || skip)
        return rc;
    sqlite3_stmt *st = in->st[S_UPSERT_SCN];
    sqlite3_int64 id = 0;
    bind_text(st, 1, s->slug);
    bind_text(st, 2, in->origin_name);
    bind_text(st, 3, file_name(in->lib, s->file));
    sqlite3_bind_int(st, 4, s->line);
    bind_text(st, 5, kb_tier_name(s->tier));
    bind_text(st, 6, s->category ? s->category : "general");
    bind_text(st, 7, s->title[KB_LANG_ZH]);
    bind_text(st, 8, s->title[KB_LANG_EN]);
    bind_text(st, 9, s->brief[KB_LANG_ZH]);
    bind_text(st, 10, s->brief[KB_LANG_EN]);
    bind_text(st, 11, s->order_id);
    sqlite3_bind_int64(st, 12, in->gen);
    if ((rc = run(in, S_UPSERT_SCN, &id, "storing a scenario")) != KB_OK) {
        char why[400];
        snprintf(why, sizeof why, "%s", kb_errmsg(in->kb));
        return kb_fail(in->kb, rc, "scenario %s: %s", s->slug, why);
    }
    static const int dels[] = {S_DEL_TURNS, S_DEL_VARS, S_DEL_RUBRIC};
    for (size_t i = 0; i < 3; i++) {
        sqlite3_bind_int64(in->st[dels[i]], 1, id);
        if ((rc = run(in, dels[i], NULL, "replacing a scenario's turns")) != KB_OK)
            return rc;
    }
    for (size_t t = 0; t < s->n_turns; t++)
        if ((rc = store_turn(in, id, (int)t, &s->turns[t])) != KB_OK)
            return rc;
    return KB_OK;
}

static int store_policy(struct inst *in, const kb_policy *p)
{
    bool skip;
    int rc = claim_slug(in, p->slug, true, &skip);
    if (rc != KB_OK || skip)
        return rc;
    sqlite3_stmt *st = in->st[S_UPSERT_POL];
    bind_text(st, 1, p->slug);
    bind_text(st, 2, in->origin_name);
    bind_text(st, 3, file_name(in->lib, p->file));
    sqlite3_bind_int(st, 4, p->line);
    bind_text(st, 5, p->category ? p->category : "policy");
    bind_text(st, 6, p->title[KB_LANG_ZH]);
    bind_text(st, 7, p->title[KB_LANG_EN]);
    bind_text(st, 8, p->text[KB_LANG_ZH]);
    bind_text(st, 9, p->text[KB_LANG_EN]);
    sqlite3_bind_int64(st, 10, in->gen);
    return run(in, S_UPSERT_POL, NULL, "storing a policy");
}

static int store_phrase_set(struct inst *in, const kb_phrase_set *ps)
{
    char buf[16];
    const char *o = find_origin(in, S_FIND_SET, ps->name, buf, sizeof buf);
    if (in->origin == KB_ORIGIN_BUILTIN && o && !strcmp(o, "import"))
        return KB_OK;           /* a trainer's set of that name wins */
    sqlite3_stmt *st = in->st[S_UPSERT_SET];
    sqlite3_int64 id = 0;
    bind_text(st, 1, ps->name);
    bind_text(st, 2, in->origin_name);
    bind_text(st, 3, file_name(in->lib, ps->file));
    int rc = run(in, S_UPSERT_SET, &id, "storing a phrase set");
    if (rc != KB_OK)
        return rc;
    sqlite3_bind_int64(in->st[S_DEL_ALTS], 1, id);
    if ((rc = run(in, S_DEL_ALTS, NULL, "replacing a phrase set")) != KB_OK)
        return rc;
    for (size_t i = 0; i < ps->n_phrases; i++) {
        st = in->st[S_INS_ALT];
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, (int)i);
        sqlite3_bind_text(st, 3, ps->phrases[i].lang == KB_LANG_EN ? "en" : "zh",
                          -1, SQLITE_STATIC);
        bind_text(st, 4, ps->phrases[i].text ? ps->phrases[i].text : "");
        if ((rc = run(in, S_INS_ALT, NULL, "storing a phrase")) != KB_OK)
            return rc;
    }
    return KB_OK;
}

/* Built-in rows of an older generation are no longer shipped. */
static int drop_leftovers(struct inst *in)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(in->kb->db,
        "DELETE FROM scenario WHERE origin = 'builtin' AND gen <> ?1", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, in->gen);
        rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
        if (in->rep)
            in->rep->n_removed += (size_t)sqlite3_changes(in->kb->db);
        sqlite3_finalize(st);
        st = NULL;
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(in->kb->db,
            "DELETE FROM policy WHERE origin = 'builtin' AND gen <> ?1", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, in->gen);
        rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
        if (in->rep)
            in->rep->n_removed += (size_t)sqlite3_changes(in->kb->db);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? KB_OK : kb_sqlfail(in->kb, "removing old built-in entries");
}

static int next_gen(kb_t *kb, sqlite3_int64 *gen)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(kb->db,
        "SELECT max((SELECT ifnull(max(gen), 0) FROM scenario),"
        "           (SELECT ifnull(max(gen), 0)  FROM policy)) + 1", -1, &st, NULL);
    if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
        *gen = sqlite3_column_int64(st, 0);
        rc = SQLITE_OK;
    } else {
        rc = SQLITE_ERROR;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? KB_OK : kb_sqlfail(kb, "reading the library");
}

int kb_lib_install(kb_t *kb, const kb_library *lib, kb_origin origin,
                   kb_lib_report *rep)
{
    struct inst in = {.kb = kb, .lib = lib, .origin = origin, .rep = rep,
                      .origin_name = origin == KB_ORIGIN_BUILTIN ? "builtin" : "import"};
    int rc;
    bool in_savepoint = false;

    if (rep)
        memset(rep, 0, sizeof *rep);
    if (!lib)
        return kb_fail(kb, KB_INVALID, "no library to install");
    for (size_t i = 0; i < lib->n_scenarios; i++)
        if (!lib->scenarios[i].reference &&
            (!lib->scenarios[i].slug || lib->scenarios[i].tier == KB_TIER_NONE))
            return kb_fail(kb, KB_INVALID,
                           "the library has errors; check it with kefu drill check");

    if (sqlite3_exec(kb->db, "SAVEPOINT kb_lib_install", NULL, NULL, NULL) != SQLITE_OK)
        return kb_sqlfail(kb, "cannot start storing the library");
    in_savepoint = true;
    for (int i = 0; i < S_COUNT; i++) {
        if (sqlite3_prepare_v2(kb->db, stmt_sql[i], -1, &in.st[i], NULL) != SQLITE_OK) {
            rc = kb_sqlfail(kb, "preparing to store the library");
            goto out;
        }
    }
    if ((rc = next_gen(kb, &in.gen)) != KB_OK)
        goto out;
    /* phrase sets have no slug to report on: built-in ones are simply
     * replaced as a whole */
    if (origin == KB_ORIGIN_BUILTIN &&
        sqlite3_exec(kb->db, "DELETE FROM phrase_set WHERE origin = 'builtin'",
                     NULL, NULL, NULL) != SQLITE_OK) {
        rc = kb_sqlfail(kb, "removing old phrase sets");
        goto out;
    }
    for (size_t i = 0; i < lib->n_phrase_sets; i++)
        if (!lib->phrase_sets[i].reference &&
            (rc = store_phrase_set(&in, &lib->phrase_sets[i])) != KB_OK)
            goto out;
    for (size_t i = 0; i < lib->n_scenarios; i++)
        if (!lib->scenarios[i].reference &&
            (rc = store_scenario(&in, &lib->scenarios[i])) != KB_OK)
            goto out;
    for (size_t i = 0; i < lib->n_policies; i++)
        if (!lib->policies[i].reference &&
            (rc = store_policy(&in, &lib->policies[i])) != KB_OK)
            goto out;
    if (origin == KB_ORIGIN_BUILTIN) {
        if ((rc = drop_leftovers(&in)) != KB_OK)
            goto out;
    }
    rc = kb_search_reindex(kb);
out:
    for (int i = 0; i < S_COUNT; i++)
        sqlite3_finalize(in.st[i]);
    if (in_savepoint) {
        if (rc != KB_OK)
            sqlite3_exec(kb->db, "ROLLBACK TO kb_lib_install", NULL, NULL, NULL);
        sqlite3_exec(kb->db, "RELEASE kb_lib_install", NULL, NULL, NULL);
    }
    if (rc != KB_OK)
        kb_lib_report_free(rep);
    return rc;
}

void kb_lib_report_free(kb_lib_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_added; i++)
        free(r->added[i]);
    for (size_t i = 0; i < r->n_replaced; i++)
        free(r->replaced[i]);
    for (size_t i = 0; i < r->n_kept; i++)
        free(r->kept[i]);
    free(r->added);
    free(r->replaced);
    free(r->kept);
    memset(r, 0, sizeof *r);
}
