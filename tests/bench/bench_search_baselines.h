/* bench_search_baselines.h -- part of bench_search.c (included once, after
 * its helpers): the same texts in plain FTS5 tables (unicode61, trigram) and
 * a LIKE table, and how each baseline turns a query into its expression.
 * Kept apart only to keep bench_search.c readable. */
/* ------------------------------------------------------------------ */
/* The baselines: the same texts in plain FTS5 tables and a LIKE table. */

#define DOC_SELECT                                                            \
    "SELECT s.id * 4 + CASE s.tier WHEN 'basic' THEN 1"                      \
    "  WHEN 'intermediate' THEN 2 ELSE 3 END, s.slug,"                       \
    "  ifnull(s.title_zh, '') || ' ' || ifnull(s.title_en, ''),"             \
    "  ifnull((SELECT group_concat(ifnull(v.text_zh, '') || ' ' ||"           \
    "     ifnull(v.text_en, ''), ' ') FROM scenario_variant v"                \
    "     WHERE v.scenario_id = s.id), ''),"                                  \
    "  ifnull((SELECT group_concat(ifnull(t.answer_zh, '') || ' ' ||"         \
    "     ifnull(t.answer_en, ''), ' ') FROM scenario_turn t"                 \
    "     WHERE t.scenario_id = s.id), ''),"                                  \
    "  ifnull(s.brief_zh, '') || ' ' || ifnull(s.brief_en, '') || ' ' ||"    \
    "  s.category || ' ' || replace(s.slug, '-', ' ')"                       \
    " FROM scenario s"                                                        \
    " UNION ALL SELECT p.id * 4, p.slug,"                                     \
    "  ifnull(p.title_zh, '') || ' ' || ifnull(p.title_en, ''), '', '',"     \
    "  ifnull(p.text_zh, '') || ' ' || ifnull(p.text_en, '') || ' ' ||"      \
    "  p.category || ' ' || replace(p.slug, '-', ' ') FROM policy p"

static void build_doc_table(kb_t *kb)
{
    exec_sql(kb, "DROP TABLE IF EXISTS ev_doc;"
                 "CREATE TABLE ev_doc(id INTEGER PRIMARY KEY, slug TEXT, title, wording,"
                 " answer, body, alltext);"
                 "INSERT INTO ev_doc(id, slug, title, wording, answer, body)"
                 " " DOC_SELECT ";"
                 "UPDATE ev_doc SET alltext = title || ' ' || wording || ' ' || answer"
                 " || ' ' || body;");
}

static void build_fts_baselines(kb_t *kb)
{
    exec_sql(kb, "DROP TABLE IF EXISTS ev_uni; DROP TABLE IF EXISTS ev_tri;"
                 "CREATE VIRTUAL TABLE ev_uni USING fts5(title, wording, answer, body,"
                 " content = '', tokenize = 'unicode61');"
                 "CREATE VIRTUAL TABLE ev_tri USING fts5(title, wording, answer, body,"
                 " content = '', tokenize = 'trigram');"
                 "INSERT INTO ev_uni(rowid, title, wording, answer, body)"
                 " SELECT id, title, wording, answer, body FROM ev_doc;"
                 "INSERT INTO ev_tri(rowid, title, wording, answer, body)"
                 " SELECT id, title, wording, answer, body FROM ev_doc;");
}

/* Split q into code points. */
static size_t decode(const char *q, int32_t *cp, size_t cap)
{
    size_t n = 0, len = strlen(q), i = 0;
    while (i < len && n < cap) {
        utf8proc_int32_t c;
        utf8proc_ssize_t m = utf8proc_iterate((const utf8proc_uint8_t *)q + i,
                                              (utf8proc_ssize_t)(len - i), &c);
        if (m <= 0) {
            i++;
            continue;
        }
        cp[n++] = c;
        i += (size_t)m;
    }
    return n;
}

static bool is_alnum(int32_t c)
{
    utf8proc_category_t k = utf8proc_category(c);
    return (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO) ||
           (k >= UTF8PROC_CATEGORY_ND && k <= UTF8PROC_CATEGORY_NO);
}

static bool is_cjk(int32_t c)
{
    return c >= 0x3400 && c <= 0x9FFF;
}

/* Append cps[a..b) to s as UTF-8. */
static void put(char *s, size_t cap, const int32_t *cp, size_t a, size_t b)
{
    size_t len = strlen(s);
    for (size_t i = a; i < b && len + 5 < cap; i++) {
        utf8proc_uint8_t tmp[4];
        utf8proc_ssize_t m = utf8proc_encode_char(cp[i], tmp);
        memcpy(s + len, tmp, (size_t)m);
        len += (size_t)m;
    }
    s[len] = '\0';
}

static void add_or(char *expr, size_t cap, const int32_t *cp, size_t a, size_t b)
{
    if (*expr)
        strncat(expr, " OR ", cap - strlen(expr) - 1);
    strncat(expr, "\"", cap - strlen(expr) - 1);
    put(expr, cap, cp, a, b);
    strncat(expr, "\"", cap - strlen(expr) - 1);
}

/* unicode61: the query's words (runs of letters/digits; a CJK run is one
 * "word" to unicode61), ORed. */
static void expr_unicode61(const char *q, char *expr, size_t cap)
{
    int32_t cp[2048];
    size_t n = decode(q, cp, 2048), i = 0;
    expr[0] = '\0';
    while (i < n) {
        while (i < n && !is_alnum(cp[i]))
            i++;
        size_t a = i;
        while (i < n && is_alnum(cp[i]))
            i++;
        if (i > a)
            add_or(expr, cap, cp, a, i);
    }
}

/* trigram: every 3-character window of the query without spaces or
 * punctuation, ORed. */
static void expr_trigram(const char *q, char *expr, size_t cap)
{
    int32_t cp[2048];
    size_t n = decode(q, cp, 2048);
    expr[0] = '\0';
    for (size_t i = 0; i + 3 <= n; i++)
        if (is_alnum(cp[i]) && is_alnum(cp[i + 1]) && is_alnum(cp[i + 2]))
            add_or(expr, cap, cp, i, i + 3);
}

/* LIKE: CJK bigrams and Latin words of two letters or more. */
static size_t like_pieces(const char *q, char pieces[][64], size_t cap)
{
    int32_t cp[2048];
    size_t n = decode(q, cp, 2048), np = 0, i = 0;
    while (i < n && np < cap) {
        if (is_cjk(cp[i])) {
            if (i + 1 < n && is_cjk(cp[i + 1])) {
                pieces[np][0] = '\0';
                put(pieces[np++], 64, cp, i, i + 2);
            }
            i++;
        } else if (is_alnum(cp[i])) {
            size_t a = i;
            while (i < n && is_alnum(cp[i]) && !is_cjk(cp[i]))
                i++;
            if (i - a >= 2 && i - a < 20) {
                pieces[np][0] = '\0';
                put(pieces[np++], 64, cp, a, i);
            }
        } else {
            i++;
        }
    }
    return np;
}

