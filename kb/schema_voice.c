/* schema_voice.c -- schema migrations v5 (per-user speaker calibration and
 * voice data, issue: voice input) and v6 (the prompted enrolment's warp).
 * Each runs once, inside the migration transaction of kb_open().
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

/* v6: a prompted enrolment (kefu listen --enrol) chooses a frequency warp
 * of the features per user and model; the calibration stored beside it was
 * measured at that warp, so both live in the same row and change together.
 * Rows from before (and users who never enrolled) have warp 1.0, no warp,
 * which is what their calibration was measured with. */
const char kb_schema_v6_voice_enrol[] =
    "ALTER TABLE voice_calibration ADD COLUMN warp REAL NOT NULL DEFAULT 1.0;"
    "ALTER TABLE voice_calibration ADD COLUMN enrolled INTEGER;"          /* UTC epoch; NULL: never */
    "ALTER TABLE voice_calibration ADD COLUMN enrol_words INTEGER;"       /* words said */
    "ALTER TABLE voice_calibration ADD COLUMN enrol_errors INTEGER;"      /* at the warp */
    "ALTER TABLE voice_calibration ADD COLUMN enrol_errors_none INTEGER;";  /* without */
