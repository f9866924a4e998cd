/* schema_hours.c -- schema migration v3: the flexible-hours tracker.
 * Runs once, inside the migration transaction of kb_open().
 *
 * Times are UTC epoch seconds; local days are computed by the reader, so a
 * change of time zone never rewrites history. An interval is work or a break;
 * intervals of one user never overlap (checked by kb_hours_overlap before
 * every write), which lets a range query use the (user_id, start) index from
 * both ends: the intervals starting in the range plus the one before it.
 * At most one interval per user is open (end IS NULL).
 *
 * Undo keeps, per change, the before-image of every interval it touched
 * (hours_action_item); undoing restores them in reverse order.
 */
#include "kb_int.h"

const char kb_schema_v3_hours[] =
    "CREATE TABLE hours_interval("
    "  id INTEGER PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  started INTEGER NOT NULL,"
    "  ended INTEGER,"                             /* NULL while open */
    "  kind INTEGER NOT NULL DEFAULT 0 CHECK(kind IN (0, 1)),"  /* 0 work, 1 break */
    "  owner TEXT NOT NULL DEFAULT '',"            /* 'BOOT' or 'BOOT:PID' */
    "  note TEXT NOT NULL DEFAULT '',"             /* e.g. 'recovered', 'capped' */
    "  CHECK(ended IS NULL OR ended >= started));"
    "CREATE INDEX hours_interval_user_start ON hours_interval(user_id, started);"
    "CREATE UNIQUE INDEX hours_interval_one_open ON hours_interval(user_id)"
    "  WHERE ended IS NULL;"
    "CREATE TABLE hours_tag("
    "  interval_id INTEGER NOT NULL REFERENCES hours_interval(id) ON DELETE CASCADE,"
    "  tag TEXT NOT NULL,"
    "  PRIMARY KEY(interval_id, tag)) WITHOUT ROWID;"
    "CREATE INDEX hours_tag_tag ON hours_tag(tag);"
    "CREATE TABLE hours_state("
    "  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,"
    "  last_activity INTEGER NOT NULL DEFAULT 0,"
    "  continue_date TEXT NOT NULL DEFAULT '');"   /* local day of --continue */
    "CREATE TABLE hours_action("
    "  id INTEGER PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  at INTEGER NOT NULL,"
    "  what TEXT NOT NULL,"
    "  auto INTEGER NOT NULL DEFAULT 0);"          /* made by kefu, not the worker */
    "CREATE INDEX hours_action_user ON hours_action(user_id, id);"
    "CREATE TABLE hours_action_item("
    "  action_id INTEGER NOT NULL REFERENCES hours_action(id) ON DELETE CASCADE,"
    "  seq INTEGER NOT NULL,"
    "  interval_id INTEGER NOT NULL,"
    "  existed INTEGER NOT NULL,"                  /* before the change */
    "  started INTEGER, ended INTEGER, kind INTEGER, owner TEXT, note TEXT, tags TEXT,"
    "  PRIMARY KEY(action_id, seq)) WITHOUT ROWID;";
