/* score.h -- score one answer against one turn's rubric, and say why.
 *
 * A turn's rubric (kb_scenario.h) is compiled once: every phrase is rendered
 * ({order.*} filled from the practice order) and normalised the way answers
 * are (kb/textnorm.h: NFKC, case folding, Traditional -> Simplified,
 * numerals -> digits, punctuation and spaces removed; then a few wording
 * folds measured on the grader benchmark: English contractions spelled out,
 * 已经 = 已, 没有 = 没 = 未, 你 = 您, 帮您 = 给您 = 为您, 查了一下 = 查一下).
 * Scoring an answer then
 * normalises the answer once and looks each phrase up, which keeps a
 * 200-character answer against a 6-section rubric far below a millisecond.
 *
 * Rules (issue 7):
 *   - an `expect` section is hit when the answer contains one of its phrases;
 *     the score is the sum of the weights hit, plus `bonus` weights, capped
 *     at 100;
 *   - any `forbid` phrase makes the turn fatal: score 0, the phrases listed
 *     separately and named first in the feedback;
 *   - phrases made only of Latin letters match whole words (so "hi" does not
 *     hit "this"); the last word of such a phrase may carry up to three more
 *     letters when it has four or more ("refund" hits "refunded");
 *   - typed answers match strictly; spoken answers (SCORE_SPOKEN) also accept
 *     a phrase of 5+ letters found with an edit distance of at most
 *     tolerance x its length (recognition slips: "refund" heard as "re fun");
 *     a phrase of words must line up with the heard words (start at a word
 *     start, end at a word end), so "take care" is not found in "take a few"
 *     nor "on you" in "hello your";
 *   - a spoken answer may come with the recogniser's alternatives
 *     (score_answer_alts): a section found in a close one counts too;
 *   - a tens word and a unit word are one number ("forty eight" = 48);
 *     The default tolerance was measured on recognised-vs-original pairs
 *     (tests/bench/bench_score.c, docs/practice.md). Forbid phrases are always
 *     matched strictly: a recognition slip never makes a turn fatal.
 *
 * Nothing here prints: feedback comes back as tagged lines for the caller
 * to send through accessibility/.
 */
#ifndef KEFU_SCORE_H
#define KEFU_SCORE_H

#include <stdbool.h>
#include <stddef.h>
#include "a11y.h"
#include "kb_scenario.h"

typedef enum {
    SCORE_OK = 0,
    SCORE_ERROR = -1,
    SCORE_NOMEM = -2,
    SCORE_INVALID = -3
} score_status;

typedef enum { SCORE_TYPED = 0, SCORE_SPOKEN = 1 } score_input;

/* The edit-distance tolerance for spoken answers (fraction of a phrase's
 * length); measured, see docs/practice.md. Phrases of English words, the
 * ones the recogniser's output was measured on, get 0.2: no slip in a
 * phrase of 4 letters, one in 5 to 9 (at 0.25 a recognised "day", "made" or
 * "return" counted as "days", "fade" or "return it" -- sections the trainee
 * never said -- more often than a slip rescued a section said); every other
 * phrase (Chinese, digits) keeps 0.25, unmeasured on a recogniser. */
#define SCORE_SPOKEN_TOLERANCE 0.25
#define SCORE_SPOKEN_TOLERANCE_WORDS 0.2

/* The default pass mark of a turn and of a drill. */
#define SCORE_PASS_MARK 70

/* Fills a placeholder: name is "order.id", "order.item", ... (no braces).
 * Returns the text (borrowed; valid while the rubric is compiled) or NULL
 * when unknown, in which case a phrase using it is left out. */
typedef const char *(*score_fill_fn)(void *arg, const char *name);

/* Render {order.*} placeholders of text. Unknown ones are kept as written.
 * Caller frees with free(); NULL only when out of memory. */
char *score_render(const char *text, score_fill_fn fill, void *arg);

typedef struct score_rubric score_rubric_t;

/* Compile turn's rubric. The turn is borrowed and must outlive the rubric;
 * fill may be NULL. Caller frees with score_rubric_free(). */
int score_rubric_new(score_rubric_t **out, const kb_turn *turn,
                     score_fill_fn fill, void *arg);
void score_rubric_free(score_rubric_t *r);          /* NULL is a no-op */

/* Spoken tolerance for every phrase, words too (defaults
 * SCORE_SPOKEN_TOLERANCE, SCORE_SPOKEN_TOLERANCE_WORDS); 0 makes spoken strict. */
void score_rubric_set_tolerance(score_rubric_t *r, double tolerance);

/* Spoken answers (with a tolerance above 0) also accept a phrase heard as
 * words that sound exactly the same ("whether" for "weather", "any time"
 * for "anytime"; 4 phones or more), by this CMU-format pronunciation
 * dictionary. Default: the recogniser's, next to ASR_DEFAULT_MODEL_DIR;
 * NULL turns it off; a file that cannot be read changes nothing. Copied.
 * SCORE_OK, SCORE_INVALID (r NULL) or SCORE_NOMEM. */
int score_rubric_set_dictionary(score_rubric_t *r, const char *path);

typedef struct {
    const char *name;       /* section name; borrowed from the turn */
    int weight;
    bool bonus;
    bool hit;
    bool fuzzy;             /* hit only through spoken tolerance (or in an
                               alternative: the answer's words lack it) */
    bool alternative;       /* hit only in one of the recogniser's
                               alternatives (score_answer_alts) */
    const char *matched;    /* rendered phrase that hit, or NULL; borrowed
                               from the rubric */
} score_section;

typedef struct {
    int score;              /* 0..100 */
    bool fatal;
    const char **fatal_phrases; /* rendered forbid phrases found; borrowed */
    size_t n_fatal;
    score_section *sections;/* expect items then bonus items, rubric order */
    size_t n_sections;
} score_result;

/* Score answer (any bytes; NULL is the empty answer). res is filled even on
 * failure (empty); free it with score_result_free(). */
int score_answer(const score_rubric_t *r, const char *answer, score_input mode,
                 score_result *res);
void score_result_free(score_result *res);

/* Spoken answers with the recogniser's alternatives (voice/asr.h
 * asr_alternatives: its next-best texts, highest score first, each with its
 * score against the best path). A section the recognised answer misses still
 * counts when it is found in one of the first SCORE_ALT_MAX alternatives
 * scoring within SCORE_ALT_MARGIN of the best: the recogniser often loses
 * a word it nearly chose ("check" heard as "help you to"). Chosen on the
 * round trip's tuning answers (docs/practice.md, "Spoken answers: the
 * recogniser's alternatives"). Forbid phrases are looked up in the answer
 * only: an alternative never makes a turn fatal. alts are borrowed. */
#define SCORE_ALT_MAX 20
#define SCORE_ALT_MARGIN 0.05

struct score_alt {
    const char *text;
    double score;           /* natural log, against the best: mostly < 0 */
};

int score_answer_alts(const score_rubric_t *r, const char *answer,
                      const struct score_alt *alts, size_t n, score_result *res);

/* ---------------------------------------------------------------- feedback */

typedef struct {
    a11y_kind kind;         /* A11Y_SCORE, A11Y_FEEDBACK, A11Y_HINT */
    char *text;             /* without the tag */
} score_line;

typedef struct {
    score_line *lines;
    size_t n;
} score_feedback;

/* Feedback to hear: the score (fatal phrases first when fatal), each missed
 * expect section with the model wording for it, then what went well quoting
 * the trainee's own words. Strings go through gettext, so the language is
 * the one i18n_init() chose. The model wording comes from the turn's answer
 * in the language the trainee answered in (lang when the answer is empty).
 * Free with score_feedback_free(). */
int score_feedback_build(const score_rubric_t *r, const char *answer,
                         const score_result *res, int pass_mark, kb_lang lang,
                         score_feedback *out);
void score_feedback_free(score_feedback *fb);

/* The model wording for one section: the shortest clause of the model answer
 * (in lang, else the other) that hits it, else its first phrase. Caller frees
 * with free(); NULL when nothing fits. */
char *score_model_wording(const score_rubric_t *r, const char *section, kb_lang lang);

/* A hint for the trainee before answering: the names of the expect sections
 * and one model wording, as one short line. Caller frees with free(). */
char *score_hint(const score_rubric_t *r, kb_lang lang);

/* The section name as a trainee reads it ("verify" -> "verification", 核实). */
const char *score_section_label(const char *name);

/* kb_lang of a text: KB_LANG_ZH if it holds any CJK character. */
kb_lang score_text_lang(const char *text);

#endif
