/* kb_int.h -- helpers shared inside kb/ only (SQLite's btreeInt.h idea).
 * Never included from outside kb/. */
#ifndef KEFU_KB_INT_H
#define KEFU_KB_INT_H

#include <sqlite3.h>
#include "kb.h"

struct kb {
    sqlite3 *db;
    char *path;
    int version;
    char errmsg[512];
};

/* Record a message on the handle and return status (printf-style). */
int kb_fail(kb_t *kb, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Map the last SQLite error on kb->db to a kb_status and record it. */
int kb_sqlfail(kb_t *kb, const char *doing);
/* Prepare sql on kb->db into *st; on failure record "doing: reason". */
int kb_prepare(kb_t *kb, sqlite3_stmt **st, const char *sql, const char *doing);

/* Schema migrations, one per area, applied in order. Each string is run with
 * sqlite3_exec inside the migration transaction. Slot owners:
 *   v1 core (store.c), v2 library (schema_library.c), v3 hours
 *   (schema_hours.c), v4 practice (schema_practice.c), v5 voice
 *   (schema_voice.c). Add new versions at the end; never edit a released one. */
extern const char kb_schema_v1_core[];
extern const char kb_schema_v2_library[];
extern const char kb_schema_v3_hours[];
extern const char kb_schema_v4_practice[];
extern const char kb_schema_v5_voice[];
extern const char kb_schema_v6_voice_enrol[];   /* schema_voice.c */

#endif
