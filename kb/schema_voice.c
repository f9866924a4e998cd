/* schema_voice.c -- schema migration v5: per-user speaker calibration and voice data (issue: voice input).
 * Runs once, inside the migration transaction of kb_open().
 *
 * The calibration is PocketSphinx's cepstral mean (CMN) after the trainee's
 * last utterance: given back to the decoder at start, the first utterance
 * of a session is recognised as well as later ones. A mean only fits the
 * acoustic model it was measured with, hence one row per (user, model). */
#include "kb_int.h"

const char kb_schema_v5_voice[] =
    "CREATE TABLE voice_calibration("
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  model TEXT NOT NULL,"                     /* acoustic model folder */
    "  cmn TEXT NOT NULL,"                       /* '41.00,-5.29,...' */
    "  utterances INTEGER NOT NULL DEFAULT 0,"   /* how many updates so far */
    "  updated INTEGER NOT NULL,"                /* UTC epoch seconds */
    "  PRIMARY KEY(user_id, model));";
