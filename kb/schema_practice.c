/* schema_practice.c -- schema migration v4: practice sessions, scenario
 * attempts, scored turns and trainees' tiers.
 * Runs once, inside the migration transaction of kb_open().
 *
 * A session is one `kefu practice` (or practice --drill) run; its plan is the
 * list of scenario slugs it will go through, fixed when it starts so that
 * `--resume` continues the same plan. An attempt is one scenario of that
 * plan (with the customer wording chosen for it); a turn is one scored
 * answer, written in one transaction the moment it is scored. An attempt is
 * finished when its last turn is stored; its score is the mean of its turns.
 * Tiers rest on finished attempts. Times are UTC epoch seconds.
 */
#include "kb_int.h"

const char kb_schema_v4_practice[] =
    "CREATE TABLE practice_session("
    "  id INTEGER PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL CHECK(kind IN ('practice', 'drill')),"
    "  source TEXT NOT NULL DEFAULT '',"          /* tier name or drill file */
    "  lang TEXT NOT NULL DEFAULT 'zh',"
    "  plan TEXT NOT NULL DEFAULT '',"            /* slugs, space separated */
    "  started_at INTEGER NOT NULL,"
    "  ended_at INTEGER,"
    "  state TEXT NOT NULL DEFAULT 'open' CHECK(state IN ('open', 'done', 'quit')));"
    "CREATE INDEX practice_session_user ON practice_session(user_id, id);"
    "CREATE TABLE practice_attempt("
    "  id INTEGER PRIMARY KEY,"
    "  session_id INTEGER NOT NULL REFERENCES practice_session(id) ON DELETE CASCADE,"
    "  step INTEGER NOT NULL,"                    /* index into the plan */
    "  scenario TEXT NOT NULL,"
    "  tier TEXT NOT NULL,"
    "  category TEXT NOT NULL,"
    "  variant INTEGER NOT NULL DEFAULT 0,"       /* customer wording, 0-based */
    "  n_turns INTEGER NOT NULL CHECK(n_turns > 0),"
    "  started_at INTEGER NOT NULL,"
    "  finished_at INTEGER,"
    "  score INTEGER,"                            /* mean of its turns, when finished */
    "  UNIQUE(session_id, step));"
    "CREATE INDEX practice_attempt_done ON practice_attempt(finished_at);"
    "CREATE TABLE practice_turn("
    "  id INTEGER PRIMARY KEY,"
    "  attempt_id INTEGER NOT NULL REFERENCES practice_attempt(id) ON DELETE CASCADE,"
    "  turn INTEGER NOT NULL CHECK(turn > 0),"    /* 1-based */
    "  variant INTEGER NOT NULL DEFAULT 0,"
    "  customer TEXT NOT NULL DEFAULT '',"
    "  answer TEXT NOT NULL DEFAULT '',"
    "  input TEXT NOT NULL CHECK(input IN ('typed', 'spoken', 'skipped', 'timeout')),"
    "  score INTEGER NOT NULL CHECK(score BETWEEN 0 AND 100),"
    "  fatal INTEGER NOT NULL DEFAULT 0,"
    "  passed INTEGER NOT NULL DEFAULT 0,"
    "  fatal_phrases TEXT NOT NULL DEFAULT '',"   /* ' | ' separated */
    "  sections TEXT NOT NULL DEFAULT '[]',"      /* JSON, as in drill run */
    "  asked_at INTEGER NOT NULL,"
    "  answered_at INTEGER NOT NULL,"
    "  answer_ms INTEGER NOT NULL DEFAULT 0,"
    "  UNIQUE(attempt_id, turn));"
    "CREATE TABLE practice_tier("
    "  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,"
    "  tier TEXT NOT NULL CHECK(tier IN ('basic', 'intermediate', 'advanced')),"
    "  set_by TEXT NOT NULL DEFAULT '',"          /* 'promotion' or 'trainer' */
    "  set_at INTEGER NOT NULL);";
