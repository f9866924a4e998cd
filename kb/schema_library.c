/* schema_library.c -- schema migration v2: the scenario library, policies,
 * practice orders, search index (issue: knowledge base).
 * Runs once, inside the migration transaction of kb_open().
 *
 * Two kinds of rows live side by side: origin 'builtin' (kb/data, replaced
 * wholesale whenever its data version changes) and origin 'import' (a
 * trainer's `kefu kb import`, never touched by a built-in reload). Trainees'
 * own records live in other tables and refer to scenarios by slug, which
 * is stable; row ids are kept stable across reloads too (upsert by slug).
 *
 * The search index is a contentless FTS5 table using kefu's tokenizer
 * ("kefu", tokenizer.c); it is rebuilt from these tables after each load,
 * in the same transaction. Its rowid encodes the entry (search_int.h).
 */
#include "kb_int.h"
#include "search_int.h"

/* The FTS5 table names the "kefu" tokenizer, which must exist on every
 * connection before this SQL (or any query on the table) runs: register it
 * as an SQLite auto-extension when the program starts. */
__attribute__((constructor)) static void library_schema_init(void)
{
    kb_tokenizer_autoload();
}

const char kb_schema_v2_library[] =
    "CREATE TABLE lib_meta ("
    "  key TEXT PRIMARY KEY,"
    "  value TEXT NOT NULL"
    ");"
    /* scenarios; tier is checked here because search encodes it */
    "CREATE TABLE scenario ("
    "  id INTEGER PRIMARY KEY,"
    "  slug TEXT NOT NULL UNIQUE,"
    "  origin TEXT NOT NULL CHECK (origin IN ('builtin', 'import')),"
    "  source TEXT NOT NULL,"           /* file name as given to the parser */
    "  line INTEGER NOT NULL DEFAULT 0,"
    "  tier TEXT NOT NULL CHECK (tier IN ('basic', 'intermediate', 'advanced')),"
    "  category TEXT NOT NULL DEFAULT 'general',"
    "  title_zh TEXT, title_en TEXT, brief_zh TEXT, brief_en TEXT,"
    "  order_id TEXT,"
    "  gen INTEGER NOT NULL DEFAULT 0,"  /* load generation, to drop leftovers */
    "  updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
    ");"
    "CREATE INDEX scenario_tier ON scenario(tier, category);"
    "CREATE TABLE scenario_turn ("
    "  scenario_id INTEGER NOT NULL REFERENCES scenario(id) ON DELETE CASCADE,"
    "  idx INTEGER NOT NULL,"           /* 0-based */
    "  limit_s INTEGER NOT NULL DEFAULT 0,"
    "  answer_zh TEXT, answer_en TEXT,"
    "  PRIMARY KEY (scenario_id, idx)"
    ") WITHOUT ROWID;"
    /* every customer wording of a turn (customer: and or:) */
    "CREATE TABLE scenario_variant ("
    "  scenario_id INTEGER NOT NULL REFERENCES scenario(id) ON DELETE CASCADE,"
    "  turn_idx INTEGER NOT NULL,"
    "  idx INTEGER NOT NULL,"
    "  text_zh TEXT, text_en TEXT,"
    "  PRIMARY KEY (scenario_id, turn_idx, idx)"
    ") WITHOUT ROWID;"
    "CREATE TABLE rubric_item ("
    "  id INTEGER PRIMARY KEY,"
    "  scenario_id INTEGER NOT NULL REFERENCES scenario(id) ON DELETE CASCADE,"
    "  turn_idx INTEGER NOT NULL,"
    "  idx INTEGER NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('expect', 'bonus', 'forbid')),"
    "  weight INTEGER NOT NULL DEFAULT 0,"
    "  section TEXT"
    ");"
    "CREATE INDEX rubric_item_scenario ON rubric_item(scenario_id, turn_idx, idx);"
    "CREATE TABLE rubric_phrase ("
    "  item_id INTEGER NOT NULL REFERENCES rubric_item(id) ON DELETE CASCADE,"
    "  idx INTEGER NOT NULL,"
    "  lang TEXT NOT NULL CHECK (lang IN ('zh', 'en')),"
    "  text TEXT NOT NULL,"
    "  PRIMARY KEY (item_id, idx)"
    ") WITHOUT ROWID;"
    "CREATE TABLE phrase_set ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  origin TEXT NOT NULL CHECK (origin IN ('builtin', 'import')),"
    "  source TEXT NOT NULL"
    ");"
    "CREATE TABLE phrase_alt ("
    "  set_id INTEGER NOT NULL REFERENCES phrase_set(id) ON DELETE CASCADE,"
    "  idx INTEGER NOT NULL,"
    "  lang TEXT NOT NULL CHECK (lang IN ('zh', 'en')),"
    "  text TEXT NOT NULL,"
    "  PRIMARY KEY (set_id, idx)"
    ") WITHOUT ROWID;"
    /* store policies: searchable entries of their own; their slugs share
     * the namespace of scenario slugs (checked by the loader) */
    "CREATE TABLE policy ("
    "  id INTEGER PRIMARY KEY,"
    "  slug TEXT NOT NULL UNIQUE,"
    "  origin TEXT NOT NULL CHECK (origin IN ('builtin', 'import')),"
    "  source TEXT NOT NULL,"
    "  line INTEGER NOT NULL DEFAULT 0,"
    "  category TEXT NOT NULL DEFAULT 'policy',"
    "  title_zh TEXT, title_en TEXT, text_zh TEXT, text_en TEXT,"
    "  gen INTEGER NOT NULL DEFAULT 0"
    ");"
    /* the practice order system (built-in data only) */
    "CREATE TABLE practice_order ("
    "  id TEXT PRIMARY KEY,"
    "  key TEXT NOT NULL UNIQUE,"       /* id after normalisation, for look-up */
    "  status TEXT NOT NULL CHECK (status IN ('awaiting_payment',"
    "    'awaiting_shipment', 'shipped', 'in_transit', 'out_for_delivery',"
    "    'delivered', 'refund_in_progress', 'refunded', 'closed')),"
    "  item TEXT NOT NULL, item_en TEXT, qty INTEGER NOT NULL DEFAULT 1,"
    "  amount TEXT, payment TEXT, courier TEXT, tracking TEXT,"
    "  placed TEXT, paid TEXT, shipped TEXT, delivered TEXT,"
    "  buyer TEXT, phone TEXT, province TEXT, city TEXT, address TEXT,"
    "  rural INTEGER NOT NULL DEFAULT 0, eta TEXT"
    ") WITHOUT ROWID;"
    "CREATE TABLE order_event ("
    "  order_id TEXT NOT NULL REFERENCES practice_order(id) ON DELETE CASCADE,"
    "  seq INTEGER NOT NULL,"           /* file order, to break time ties */
    "  time TEXT NOT NULL,"
    "  event TEXT NOT NULL, event_en TEXT,"
    "  PRIMARY KEY (order_id, seq)"
    ") WITHOUT ROWID;"
    /* document frequency of each index term, for query pruning in large
     * libraries (search.c); rebuilt with the index */
    "CREATE TABLE lib_df ("
    "  term TEXT PRIMARY KEY,"
    "  df INTEGER NOT NULL"
    ") WITHOUT ROWID;"
    "CREATE VIRTUAL TABLE lib_fts USING fts5("
    "  title, wording, answer, body,"
    "  content = '', tokenize = '" KB_TOKENIZER_NAME "'"
    ");";
