/* practice.h -- what `kefu practice` and `kefu drill run` share: the scenario
 * library with its rubrics, a drill's steps, the practice order that fills
 * {order.*} placeholders, one scored turn as JSON, and the session itself.
 *
 * The library is parsed from the built-in scenario files (kefu_data_dir())
 * with kb/'s parser, so the scorer sees exactly the rubric the trainer wrote;
 * a drill file is parsed on top, borrowing the built-in phrase sets and
 * `use:` scenarios.
 */
#ifndef KEFU_PRACTICE_H
#define KEFU_PRACTICE_H

#include <stdbool.h>
#include <stddef.h>
#include "cli.h"
#include "kb_scenario.h"
#include "score.h"

/* Parse the built-in library, and drill_path on top when not NULL (its
 * scenarios and `use:` steps become *steps, in order). Diagnostics are
 * printed through ctx->out; returns KEFU_EXIT_OK, or KEFU_EXIT_FAIL after
 * printing why. *lib: free with kb_library_free(); *steps: free() (the
 * pointers in it are borrowed from *lib). pass: the drill's `pass:` or
 * SCORE_PASS_MARK. */
int practice_library_load(struct kefu_ctx *ctx, const char *drill_path,
                          kb_library **lib, const kb_scenario ***steps,
                          size_t *n_steps, int *pass);

/* The scenarios imported into the database (`kefu kb import`) into lib as
 * reference text (parsed after the built-in files, so an imported copy
 * shadows the built-in scenario of the same slug). Opens the database;
 * quietly adds nothing when it cannot be read. Before kb_library_finish(). */
void practice_library_add_imported(struct kefu_ctx *ctx, kb_library *lib);

/* The practice order of a scenario, for {order.*}: NULL when the scenario
 * names none or the database does not have it (placeholders then stay
 * unfilled and rubric phrases using them are left out). */
typedef struct practice_order practice_order_t;
practice_order_t *practice_order_open(struct kefu_ctx *ctx, const kb_scenario *sc,
                                      bool en);
void practice_order_free(practice_order_t *o);       /* NULL is a no-op */
/* A score_fill_fn; arg is a practice_order_t* (NULL is fine). */
const char *practice_order_fill(void *arg, const char *name);

/* {"name":…, "weight":…, "hit":…, "matched":…} for each section, as a JSON
 * array text. Caller frees with free(). */
char *practice_sections_json(const score_result *res);

/* Fatal phrases joined with " | ". Caller frees. */
char *practice_fatal_text(const score_result *res);

/* The text of a scenario in lang, falling back to the other language. */
const char *practice_text(char *const text[KB_LANG_COUNT], kb_lang lang);

/* Answers longer than this many bytes are cut (at a character boundary) with
 * a warning: no real answer is that long, and scoring and storage stay cheap. */
#define PRACTICE_ANSWER_MAX 8192
void practice_clip_answer(struct kefu_ctx *ctx, char *text);

/* kb_lang of ctx->lang. */
kb_lang practice_lang(const struct kefu_ctx *ctx);

/* `kefu practice` (practice_session.c). */
int practice_main(struct kefu_ctx *ctx, int argc, char **argv);

#endif
