/* search_index.c -- the library's full-text index: its rebuild from the
 * library tables (with lib_df, the terms' document frequencies), and
 * kb_each_text(), the library's texts for language models.
 * (Split from search.c, which keeps the query side.) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb_int.h"
#include "kb_search.h"
#include "search_int.h"

/* ------------------------------------------------------------------ */
/* Index rebuild. */

int kb_search_reindex(kb_t *kb)
{
    /* (SQLite 3.40 has no concat_ws: ifnull() || ' ' || ... it is) */
    static const char sql[] =
        "INSERT INTO lib_fts(lib_fts) VALUES ('delete-all');"
        "INSERT INTO lib_fts(rowid, title, wording, answer, body)"
        " SELECT s.id * 4 + CASE s.tier WHEN 'basic' THEN 1"
        "                   WHEN 'intermediate' THEN 2 ELSE 3 END,"
        "  ifnull(s.title_zh, '') || ' ' || ifnull(s.title_en, ''),"
        "  (SELECT group_concat(ifnull(v.text_zh, '') || ' ' || ifnull(v.text_en, ''), ' ')"
        "     FROM scenario_variant v WHERE v.scenario_id = s.id),"
        "  (SELECT group_concat(ifnull(t.answer_zh, '') || ' ' || ifnull(t.answer_en, ''), ' ')"
        "     FROM scenario_turn t WHERE t.scenario_id = s.id),"
        "  ifnull(s.brief_zh, '') || ' ' || ifnull(s.brief_en, '') || ' ' ||"
        "  s.category || ' ' || replace(s.slug, '-', ' ')"
        " FROM scenario s;"
        "INSERT INTO lib_fts(rowid, title, wording, answer, body)"
        " SELECT p.id * 4, ifnull(p.title_zh, '') || ' ' || ifnull(p.title_en, ''),"
        "  '', '',"
        "  ifnull(p.text_zh, '') || ' ' || ifnull(p.text_en, '') || ' ' ||"
        "  p.category || ' ' || replace(p.slug, '-', ' ')"
        " FROM policy p;"
        /* one segment: fewer b-tree look-ups per query term */
        "INSERT INTO lib_fts(lib_fts) VALUES ('optimize');"
        /* term frequencies and the entry count, for query pruning in large
         * libraries (a database from before lib_df gets it here) */
        "CREATE TABLE IF NOT EXISTS lib_df (term TEXT PRIMARY KEY,"
        " df INTEGER NOT NULL) WITHOUT ROWID;"
        "DELETE FROM lib_df;"
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.kb_vocab"
        " USING fts5vocab(main, lib_fts, row);"
        /* rare terms are left out: a term not listed counts as rare */
        "INSERT INTO lib_df(term, df) SELECT term, doc FROM temp.kb_vocab"
        " WHERE doc >= 8"
        /* and every English word, the vocabulary of typo correction */
        "  OR (length(term) >= 3 AND term NOT GLOB '*[^a-z]*');"
        "DROP TABLE temp.kb_vocab;"
        /* lib_df lists every English word (typo corrections rely on it; a
         * database indexed before that lacks this key, see search_expand.c) */
        "INSERT INTO lib_meta(key, value) VALUES ('lib_df_words', '1')"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value;"
        "INSERT INTO lib_meta(key, value) VALUES ('index_docs',"
        " (SELECT count(*) FROM scenario) + (SELECT count(*) FROM policy))"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value;";
    if (sqlite3_exec(kb->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return kb_sqlfail(kb, "rebuilding the search index");
    return KB_OK;
}

/* ------------------------------------------------------------------ */

int kb_each_text(kb_t *kb, const char *lang,
                 void (*fn)(void *arg, const char *text), void *arg)
{
    sqlite3_stmt *st = NULL;
    int rc;
    bool en;

    if (!lang || (strcmp(lang, "zh") && strcmp(lang, "en")))
        return kb_fail(kb, KB_INVALID, "language must be \"zh\" or \"en\"");
    en = !strcmp(lang, "en");
    rc = sqlite3_prepare_v2(kb->db, en ?
        "SELECT text_en FROM scenario_variant WHERE text_en IS NOT NULL"
        " UNION ALL SELECT answer_en FROM scenario_turn WHERE answer_en IS NOT NULL"
        " UNION ALL SELECT text FROM rubric_phrase WHERE lang = 'en'"
        " UNION ALL SELECT text FROM phrase_alt WHERE lang = 'en'"
        :
        "SELECT text_zh FROM scenario_variant WHERE text_zh IS NOT NULL"
        " UNION ALL SELECT answer_zh FROM scenario_turn WHERE answer_zh IS NOT NULL"
        " UNION ALL SELECT text FROM rubric_phrase WHERE lang = 'zh'"
        " UNION ALL SELECT text FROM phrase_alt WHERE lang = 'zh'",
        -1, &st, NULL);
    if (rc != SQLITE_OK)
        return kb_sqlfail(kb, "reading the library's texts");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        fn(arg, (const char *)sqlite3_column_text(st, 0));
    rc = rc == SQLITE_DONE ? KB_OK : kb_sqlfail(kb, "reading the library's texts");
    sqlite3_finalize(st);
    return rc;
}
