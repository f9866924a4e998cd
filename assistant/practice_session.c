/* practice_session.c -- `kefu practice [--tier T] [--drill FILE] [--resume]
 * [--count N]`: the interactive practice session, the main job.
 *
 * A session has a plan (scenario slugs) fixed when it starts and stored, so
 * `--resume` continues the same plan at the first turn not yet stored. Each
 * turn is printed ("Customer: ...", and spoken when speech is on), answered,
 * scored, given feedback, and stored in one transaction before the next
 * line is shown: a crash, Ctrl-C or a closed terminal loses at most the
 * turn being typed.
 *
 * Input: with a terminal, the answer is a line; commands are words starting
 * with "/" (/hint, /repeat, /skip, /brief, /talk, /slower, /faster, /help,
 * /quit), so any answer text stays an answer. Without a terminal (scripts,
 * tests) the same lines are read one by one, which makes the session
 * scriptable. The session counts as work time in the hours tracker
 * (hours.h) while it runs.
 */
#include "practice.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"
#include "hours.h"
#include "i18n.h"
#include "kb_practice.h"
#include "labels.h"
#include "library_load.h"
#include "practice_input.h"
#include "practice_plan.h"
#include "practice_voice.h"

struct sess {
    struct kefu_ctx *ctx;
    kb_t *kb;
    kb_library *lib;
    kb_lang lang;
    const char *user;
    int64_t id;
    char *plan;                 /* slugs, space separated */
    bool drill;
    int pass;
    kb_tier tier;               /* practice mode: the tier practised */
    practice_input_t *in;
    practice_asr_t *asr;
    hours_session_t *hours;     /* the session counts as work time */
    int done_scenarios;
    int scored_scenarios;       /* done with at least one scored turn */
    long score_sum;             /* of their averages, for the closing line */
};

/* ------------------------------------------------------------------ */
/* Lines the trainee hears */

/* By verbosity (ACCESSIBILITY.md 14): at 1 (terse) only what the trainee
 * must know to act (how to answer); the welcome, the key reminders, saving
 * and the tier from 2 (the default). Tagged content lines never change. */
static void say_welcome(struct sess *s, bool first_time)
{
    a11y_out_t *o = s->ctx->out;
    if (first_time)
        a11y_detail(o, 2, _("Welcome to kefu practice. You are the shop's customer "
                                 "service agent, and a customer is writing to you."));
    int sw = practice_input_switch(s->in);
    if (sw) {
        /* Space is not "talk" here: it moves through the choices */
        a11y_say(o, A11Y_INFO, sw == 1
                 ? _("Switch access: Space moves through the choices and Enter chooses one. "
                     "Build your answer from the choices, then choose \"Submit the answer\". "
                     "After each answer you hear your score and what to improve.")
                 : _("Switch access: the choices step by themselves; press your switch to "
                     "choose one. Build your answer from the choices, then choose \"Submit "
                     "the answer\". After each answer you hear your score and what to "
                     "improve."));
    } else if (practice_input_keys(s->in)) {
        char h[16], r[16], g[16], e[16], q[16], t[16], sp[16];
        practice_input_key(s->in, A11Y_ACT_HINT, h, sizeof h);
        practice_input_key(s->in, A11Y_ACT_REPEAT, r, sizeof r);
        practice_input_key(s->in, A11Y_ACT_SKIP, g, sizeof g);
        practice_input_key(s->in, A11Y_ACT_HELP, e, sizeof e);
        practice_input_key(s->in, A11Y_ACT_QUIT, q, sizeof q);
        practice_input_key(s->in, A11Y_ACT_TYPE, t, sizeof t);
        practice_input_key(s->in, A11Y_ACT_TALK, sp, sizeof sp);
        a11y_say(o, A11Y_INFO, _("To answer, press %s or Enter, type, and press Enter; or "
                                 "press %s to answer by voice. After each answer you hear "
                                 "your score and what to improve."), label_key(t), label_key(sp));
        a11y_detail(o, 2, _("Keys: %s hint, %s repeat the customer, %s skip, %s list "
                                 "every key, %s quit."), label_key(h), label_key(r),
                 label_key(g), label_key(e), label_key(q));
    } else {
        a11y_say(o, A11Y_INFO, _("Type your answer and press Enter; after each answer you "
                                 "hear your score and what to improve."));
        a11y_detail(o, 2, _("Help: /hint gives a hint, /repeat repeats the customer, "
                                 "/skip skips, /help lists everything, /quit stops."));
    }
    a11y_detail(o, 2, _("Your work is saved after every answer; continue later with "
                             "kefu practice --resume."));
}

static void say_help(struct sess *s)
{
    a11y_out_t *o = s->ctx->out;
    a11y_say(o, A11Y_INFO, _("Commands, each on its own line:"));
    a11y_say(o, A11Y_INFO, _("/hint: what a good answer covers, with an example."));
    a11y_say(o, A11Y_INFO, _("/repeat: the customer's line again."));
    a11y_say(o, A11Y_INFO, _("/brief: the task of this scenario again."));
    a11y_say(o, A11Y_INFO, _("/skip: skip this turn (it is not scored)."));
    a11y_say(o, A11Y_INFO, _("/talk: answer by voice."));
    a11y_say(o, A11Y_INFO, _("/slower and /faster: speech rate."));
    a11y_say(o, A11Y_INFO, _("/quit: stop now; your answers so far are saved."));
}

static void say_brief(struct sess *s, const kb_scenario *sc, size_t step, size_t total)
{
    const char *title = practice_text(sc->title, s->lang);
    const char *brief = practice_text(sc->brief, s->lang);
    a11y_say(s->ctx->out, A11Y_BRIEF, _("Scenario %zu of %zu: %s"), step + 1, total,
             title ? title : sc->slug);
    if (brief)
        a11y_say(s->ctx->out, A11Y_BRIEF, "%s", brief);
}

/* ------------------------------------------------------------------ */
/* One turn */

enum turn_end { TURN_DONE, TURN_QUIT, TURN_FAIL };

static void change_rate(struct sess *s, int delta)
{
    tts_t *t = s->ctx->tts;
    int rate = t ? tts_get_rate(t) : 0;
    if (!t || rate <= 0 || tts_set_rate(t, rate + delta) != TTS_OK) {
        a11y_say(s->ctx->out, A11Y_INFO, _("Speech is off, so there is no rate to change."));
        return;
    }
    a11y_say(s->ctx->out, A11Y_INFO, _("Speech rate %d words per minute."), tts_get_rate(t));
    char v[16];
    snprintf(v, sizeof v, "%d", tts_get_rate(t));
    kb_setting_set(s->kb, s->user, "speech.rate", v);
}

static int store_turn(struct sess *s, int64_t attempt, size_t t, int variant,
                      const char *customer, const char *answer, const char *input,
                      const score_result *res, int64_t asked, int64_t ms)
{
    char *sections = practice_sections_json(res);
    char *fatal = practice_fatal_text(res);
    kb_practice_turn row = {
        .attempt_id = attempt, .turn = (int)t + 1, .variant = variant,
        .customer = customer, .answer = answer, .input = input,
        .score = res->score, .fatal = res->fatal,
        .passed = !res->fatal && res->score >= s->pass,
        .fatal_phrases = fatal, .sections_json = sections,
        .asked_at = asked, .answered_at = clock_now(), .answer_ms = ms,
    };
    int rc = kb_practice_turn_save(s->kb, &row);
    free(sections);
    free(fatal);
    if (rc != KB_OK) {
        kefu_fail(s->ctx, _("check that the disk is not full, then run kefu practice --resume"),
                  _("cannot save your answer: %s"), kb_errmsg(s->kb));
        return -1;
    }
    return 0;
}

static enum turn_end run_turn(struct sess *s, const kb_scenario *sc, size_t step, size_t total,
                              size_t t, int variant, int64_t attempt, practice_order_t *po,
                              int *score)
{
    const kb_turn *turn = &sc->turns[t];
    score_rubric_t *rub = NULL;
    score_result res = {0};
    struct practice_in in = {0};
    char *customer = NULL, *answer = NULL;
    const char *input = "typed";
    bool skipped = false;       /* stored, never scored */
    enum turn_end end = TURN_FAIL;

    int v = variant < (int)turn->n_customers ? variant : 0;
    customer = score_render(practice_text(turn->customers[v].text, s->lang),
                            practice_order_fill, po);
    if (!customer || score_rubric_new(&rub, turn, practice_order_fill, po) != SCORE_OK) {
        kefu_fail(s->ctx, _("close other programs and try again"), _("out of memory"));
        goto out;
    }
    a11y_say(s->ctx->out, A11Y_CUSTOMER, "%s", customer);
    practice_input_set_turn(s->in, practice_text(turn->answer, s->lang), t == 0);
    int64_t asked = clock_now(), t0 = clock_mono_ms();
    for (;;) {
        practice_in_clear(&in);
        /* No time limits by default (ACCESSIBILITY.md 19): only a trainer's
         * drill, or a trainee who asks for it, times the built-in library. */
        int limit_s = s->drill || config_bool(s->ctx->cfg, "practice.library_time_limits")
                          ? turn->limit_s : 0;
        if (practice_input_read(s->in, limit_s, &in) != 0)
            goto out;
        if (in.kind == PRACTICE_IN_ANSWER && (!in.text || !in.text[strspn(in.text, " \t\r")])) {
            /* an empty line is no answer (piped input, a stray Enter) */
            a11y_say(s->ctx->out, A11Y_INFO, _("No answer given. Type your answer and press "
                                               "Enter, or /skip to skip this turn."));
            continue;
        }
        if (in.kind == PRACTICE_IN_ANSWER) {
            if (in.spoken)
                input = "spoken";
            answer = in.text;
            in.text = NULL;
            break;
        }
        if (in.kind == PRACTICE_IN_EOF || in.kind == PRACTICE_IN_INTERRUPT ||
            in.action == A11Y_ACT_QUIT) {
            end = TURN_QUIT;
            goto out;
        }
        if (in.kind == PRACTICE_IN_TIMEOUT) {
            answer = in.text ? in.text : strdup("");
            in.text = NULL;
            input = "timeout";
            /* the prompt has said "Time is up" (a Warning); say only what follows */
            a11y_say(s->ctx->out, A11Y_INFO, _("Your answer is scored as it is."));
            break;
        }
        switch (in.action) {
        case A11Y_ACT_SKIP:
            answer = strdup("");
            input = "skipped";
            skipped = true;
            break;
        case A11Y_ACT_HINT: {
            char *h = score_hint(rub, s->lang);
            a11y_say(s->ctx->out, A11Y_HINT, "%s", h ? h : "");
            free(h);
            continue;
        }
        case A11Y_ACT_REPEAT:
            a11y_say(s->ctx->out, A11Y_CUSTOMER, "%s", customer);
            continue;
        case A11Y_ACT_BRIEF:
            say_brief(s, sc, step, total);
            continue;
        case A11Y_ACT_HELP:
            say_help(s);
            continue;
        case A11Y_ACT_SLOWER:
        case A11Y_ACT_FASTER:
            change_rate(s, in.action == A11Y_ACT_SLOWER ? -25 : 25);
            continue;
        case A11Y_ACT_TALK: {
            char *heard = NULL, *err = NULL;
            practice_input_dictating(s->in, true);     /* ACCESSIBILITY.md 16 */
            int lrc = practice_asr_listen(s->ctx, &s->asr, &heard, &err);
            practice_input_dictating(s->in, false);
            if (lrc != 0) {
                /* the voice layer says what happened; the advice is this
                 * line's */
                a11y_say(s->ctx->out, A11Y_WARNING, _("%s. Please type your answer."),
                         err ? err : _("nothing was recognised"));
                free(err);
                continue;
            }
            a11y_say(s->ctx->out, A11Y_YOU_SAID, "%s", heard);
            bool keys = practice_input_keys(s->in);
            a11y_say(s->ctx->out, A11Y_INFO, "%s", keys
                     ? _("It is on the answer line: press Enter to submit it, or correct "
                         "it first.")
                     : _("Press Enter to submit it, or type a corrected answer."));
            practice_in_clear(&in);
            if (practice_input_correct(s->in, heard, &in) != 0) {
                free(heard);
                goto out;
            }
            if (in.kind == PRACTICE_IN_EOF || in.kind == PRACTICE_IN_INTERRUPT) {
                free(heard);
                end = TURN_QUIT;
                goto out;
            }
            /* submitted as recognised: spoken; edited or retyped: typed */
            if ((in.kind == PRACTICE_IN_ANSWER || in.kind == PRACTICE_IN_TIMEOUT) &&
                in.text && in.text[strspn(in.text, " \t\r")] && strcmp(in.text, heard) != 0) {
                free(heard);
                answer = in.text;
                in.text = NULL;
            } else {
                answer = heard;
                input = "spoken";
            }
            break;
        }
        default:
            a11y_say(s->ctx->out, A11Y_INFO, _("Type /help to hear the commands."));
            continue;
        }
        break;
    }
    if (!answer) {
        kefu_fail(s->ctx, _("close other programs and try again"), _("out of memory"));
        goto out;
    }
    practice_clip_answer(s->ctx, answer);
    if (!skipped &&
        practice_asr_score(s->asr, rub, answer,
                           strcmp(input, "spoken") == 0 ? SCORE_SPOKEN : SCORE_TYPED,
                           &res) != SCORE_OK) {
        kefu_fail(s->ctx, _("close other programs and try again"), _("out of memory"));
        goto out;
    }
    /* stored before the feedback is read out: nothing is lost if the
     * trainee closes the terminal while listening */
    if (store_turn(s, attempt, t, v, customer, answer, input, &res, asked,
                   clock_mono_ms() - t0) != 0)
        goto out;
    score_feedback fb;
    if (skipped)
        a11y_say(s->ctx->out, A11Y_SCORE, "%s", _("skipped; this turn is not scored."));
    else if (score_feedback_build(rub, answer, &res, s->pass, s->lang, &fb) == SCORE_OK) {
        for (size_t i = 0; i < fb.n; i++)
            a11y_say(s->ctx->out, fb.lines[i].kind, "%s", fb.lines[i].text);
        score_feedback_free(&fb);
    }
    *score = skipped ? -1 : res.score;
    if (s->hours) {
        struct hours_announcement ann;
        if (hours_tick(s->hours, &ann) == HOURS_OK)
            hours_announce(s->ctx, &ann);
    }
    end = TURN_DONE;
out:
    practice_in_clear(&in);
    score_result_free(&res);
    score_rubric_free(rub);
    free(customer);
    free(answer);
    return end;
}

/* ------------------------------------------------------------------ */
/* Tiers */

static void check_tier(struct sess *s)
{
    kb_practice_result *res = NULL;
    size_t n = 0;
    char *stored = NULL;
    struct practice_tier_status st;
    if (s->drill || kb_practice_results(s->kb, s->user, &res, &n) != KB_OK)
        return;
    if (kb_practice_tier_get(s->kb, s->user, &stored) == KB_OK &&
        kb_tier_from_name(stored) == s->tier &&
        practice_tier_status(s->lib, s->tier, res, n, &st) == 0 && st.passed) {
        kb_tier next = practice_next_tier(s->tier);
        if (next != KB_TIER_NONE &&
            kb_practice_tier_set(s->kb, s->user, kb_tier_name(next), "promotion",
                                 clock_now()) == KB_OK)
            a11y_say(s->ctx->out, A11Y_INFO, _("Tier %s passed with an average of %d. "
                                               "Next time you practise at %s."),
                     label_tier(kb_tier_name(s->tier)), st.mean, label_tier(kb_tier_name(next)));
        else if (next == KB_TIER_NONE)
            a11y_say(s->ctx->out, A11Y_INFO, _("Tier %s passed with an average of %d: "
                                               "every tier is done. Well done!"),
                     label_tier(kb_tier_name(s->tier)), st.mean);
    }
    free(stored);
    kb_practice_results_free(res, n);
}

/* ------------------------------------------------------------------ */
/* The plan */

/* Run the plan from step/turn; returns the exit status. */
static int run_plan(struct sess *s, size_t from_step, size_t from_turn)
{
    char *save = NULL, *copy = strdup(s->plan);
    const kb_scenario *steps[256];
    size_t total = 0;
    int rc = KEFU_EXIT_OK;
    if (!copy)
        return kefu_fail(s->ctx, _("close other programs and try again"), _("out of memory"));
    for (char *tok = strtok_r(copy, " ", &save); tok && total < 256;
         tok = strtok_r(NULL, " ", &save)) {
        const kb_scenario *sc = kb_library_scenario(s->lib, tok);
        if (!sc) {
            a11y_warning(s->ctx->out, _("scenario '%s' is no longer in the library; "
                                        "it is left out"), tok);
            continue;
        }
        steps[total++] = sc;
    }
    free(copy);

    kb_practice_attempt *att = NULL;
    size_t n_att = 0;
    kb_practice_session_attempts(s->kb, s->id, &att, &n_att);
    for (size_t i = from_step; i < total; i++) {
        const kb_scenario *sc = steps[i];
        practice_order_t *po = practice_order_open(s->ctx, sc, s->lang == KB_LANG_EN);
        int variant = 0, seen = 0;
        for (size_t k = 0; k < n_att; k++)
            if (att[k].step == (int)i)
                variant = att[k].variant, seen = 1;
        if (!seen) {
            kb_practice_result *res = NULL;
            size_t nres = 0;
            if (kb_practice_results(s->kb, s->user, &res, &nres) == KB_OK)
                for (size_t k = 0; k < nres; k++)
                    variant += strcmp(res[k].scenario, sc->slug) == 0;
            kb_practice_results_free(res, nres);
            if (sc->n_turns && sc->turns[0].n_customers)
                variant %= (int)sc->turns[0].n_customers;
        }
        int64_t attempt = 0;
        if (kb_practice_attempt_begin(s->kb, s->id, (int)i, sc->slug, kb_tier_name(sc->tier),
                                      sc->category, variant, (int)sc->n_turns, clock_now(),
                                      &attempt) != KB_OK) {
            rc = kefu_fail(s->ctx,
                           _("check that the disk has room and that the database (--db) can be "
                             "written"),
                           _("cannot save the session: %s"), kb_errmsg(s->kb));
            practice_order_free(po);
            break;
        }
        say_brief(s, sc, i, total);
        long sum = 0, scored = 0;
        size_t t = i == from_step ? from_turn : 0;
        enum turn_end end = TURN_DONE;
        for (; t < sc->n_turns; t++) {
            int score = 0;
            end = run_turn(s, sc, i, total, t, variant, attempt, po, &score);
            if (end != TURN_DONE)
                break;
            if (score >= 0) {       /* -1: skipped */
                sum += score;
                scored++;
            }
        }
        practice_order_free(po);
        if (end == TURN_FAIL) {
            rc = KEFU_EXIT_FAIL;
            break;
        }
        if (end == TURN_QUIT) {
            a11y_say(s->ctx->out, A11Y_INFO, _("Stopped. Your answers are saved; continue "
                                               "with kefu practice --resume."));
            goto out;
        }
        s->done_scenarios++;
        if (scored) {
            s->score_sum += (sum + scored / 2) / scored;
            s->scored_scenarios++;
        }
        if (sc->n_turns > 1 && i != from_step && scored)
            a11y_say(s->ctx->out, A11Y_SCORE, _("scenario done, %ld of 100 on average."),
                     (sum + scored / 2) / scored);
        check_tier(s);
    }
    if (rc == KEFU_EXIT_OK) {
        kb_practice_session_end(s->kb, s->id, "done", clock_now());
        /* what the session came to, said once at the end: a listener need
         * not add up the scores heard along the way */
        int n = s->scored_scenarios;
        if (n)
            a11y_say(s->ctx->out, A11Y_INFO,
                     n_("Session done: %d scenario scored, %ld of 100 on average. See "
                        "your progress with kefu progress.",
                        "Session done: %d scenarios scored, %ld of 100 on average. See "
                        "your progress with kefu progress.", n),
                     n, (s->score_sum + n / 2) / n);
        else
            a11y_say(s->ctx->out, A11Y_INFO, _("Session done. See your progress with kefu "
                                               "progress."));
    }
out:
    kb_practice_attempts_free(att, n_att);
    return rc;
}

/* ------------------------------------------------------------------ */

static char *join_plan(const kb_scenario **v, size_t n)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(v[i]->slug) + 1;
    char *p = malloc(len);
    if (!p)
        return NULL;
    p[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(p, " ");
        strcat(p, v[i]->slug);
    }
    return p;
}

int practice_main(struct kefu_ctx *ctx, int argc, char **argv)
{
    struct sess s = {.ctx = ctx, .lang = practice_lang(ctx), .user = ctx->user,
                     .pass = SCORE_PASS_MARK};
    const char *drill = NULL, *tier_opt = NULL;
    bool resume = false;
    long count = 3;
    const kb_scenario **steps = NULL, **picked = NULL;
    size_t n_steps = 0, n_picked = 0, from_step = 0, from_turn = 0;
    kb_practice_session old = {0};
    kb_practice_result *res = NULL;
    size_t nres = 0;
    char *tier = NULL;
    int rc = KEFU_EXIT_FAIL;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--resume") == 0) {
            resume = true;
        } else if ((strcmp(a, "--tier") == 0 || strcmp(a, "--drill") == 0 ||
                    strcmp(a, "--count") == 0) && i + 1 < argc) {
            if (strcmp(a, "--tier") == 0)
                tier_opt = argv[++i];
            else if (strcmp(a, "--drill") == 0)
                drill = argv[++i];
            else if ((count = strtol(argv[++i], NULL, 10)) < 1 || count > 50)
                return kefu_usage(ctx, "practice", _("--count takes a number from 1 to 50"));
        } else {
            return kefu_usage(ctx, "practice", _("unknown option or missing value: '%s'"), a);
        }
    }
    if (tier_opt && kb_tier_from_name(tier_opt) == KB_TIER_NONE)
        return kefu_usage(ctx, "practice", _("unknown tier '%s'; use basic, intermediate "
                                             "or advanced"), tier_opt);
    if (!(s.kb = kefu_library(ctx)))
        return KEFU_EXIT_FAIL;
    if (kb_practice_results(s.kb, s.user, &res, &nres) != KB_OK) {
        rc = kefu_fail(ctx, _("close other kefu windows and try again, or check the database with --db"),
                       _("cannot read your practice records: %s"), kb_errmsg(s.kb));
        goto out;
    }
    int orc = kb_practice_session_last_open(s.kb, s.user, &old);
    if (orc != KB_OK && orc != KB_NOTFOUND) {
        rc = kefu_fail(ctx, _("close other kefu windows and try again, or check the database with --db"),
                       _("cannot read your practice records: %s"), kb_errmsg(s.kb));
        goto out;
    }
    bool have_old = orc == KB_OK;
    if (resume && !have_old)
        a11y_say(ctx->out, A11Y_INFO, _("There is no unfinished session to resume; "
                                        "starting a new one."));
    if (resume && have_old) {
        s.id = old.id;
        s.drill = strcmp(old.kind, "drill") == 0;
        if (s.drill)
            drill = old.source;
        else
            s.tier = kb_tier_from_name(old.source);
        s.plan = strdup(old.plan);
    }
    if (practice_library_load(ctx, drill, &s.lib, &steps, &n_steps, &s.pass) != KEFU_EXIT_OK)
        goto out;
    if (!s.id) {
        if (have_old) {
            kb_practice_session_end(s.kb, old.id, "quit", clock_now());
            a11y_say(ctx->out, A11Y_INFO, _("An unfinished session was set aside; next "
                                            "time, kefu practice --resume continues one."));
        }
        if (drill) {
            s.drill = true;
            s.plan = join_plan(steps, n_steps);
        } else {
            if (kb_practice_tier_get(s.kb, s.user, &tier) != KB_OK)
                goto db_fail;
            s.tier = kb_tier_from_name(tier_opt ? tier_opt : tier);
            if (s.tier == KB_TIER_NONE)
                s.tier = KB_TIER_BASIC;
            if (practice_pick(s.lib, s.tier, res, nres, (size_t)count, &picked, &n_picked) != 0)
                goto oom;
            if (n_picked == 0) {
                rc = kefu_fail(ctx, _("try another tier with --tier"),
                               _("the library has no scenarios for tier %s"),
                               label_tier(kb_tier_name(s.tier)));
                goto out;
            }
            s.plan = join_plan(picked, n_picked);
        }
        if (!s.plan)
            goto oom;
        /* the drill's absolute path, so --resume works from any folder */
        char *abs = drill ? realpath(drill, NULL) : NULL;
        int brc = kb_practice_session_begin(
            s.kb, s.user, s.drill ? "drill" : "practice",
            s.drill ? (abs ? abs : drill) : kb_tier_name(s.tier),
            s.lang == KB_LANG_EN ? "en" : "zh", s.plan, clock_now(), &s.id);
        free(abs);
        if (brc != KB_OK)
            goto db_fail;
    } else {
        kb_practice_attempt *att = NULL;
        size_t n_att = 0;
        if (kb_practice_session_attempts(s.kb, s.id, &att, &n_att) != KB_OK)
            goto db_fail;
        from_step = n_att;      /* after the last attempt, unless one is open */
        for (size_t k = 0; k < n_att; k++) {
            if (!att[k].finished) {
                from_step = (size_t)att[k].step;
                from_turn = (size_t)att[k].turns_done;
                break;
            }
            from_step = (size_t)att[k].step + 1;
        }
        kb_practice_attempts_free(att, n_att);
        a11y_detail(ctx->out, 2, _("Resuming your session where you stopped."));
    }
    if (!s.plan)
        goto oom;
    if (practice_input_new(&s.in, ctx) != 0)
        goto out;
    kefu_tts(ctx);      /* customer lines are spoken when speech is on */
    say_welcome(&s, nres == 0 && !resume);
    if (!s.drill)
        a11y_detail(ctx->out, 2, _("Tier: %s."), label_tier(kb_tier_name(s.tier)));
    {
        struct hours_announcement ann = {0};
        if (hours_session_begin(ctx, s.drill ? "drill" : "practice", &s.hours, &ann) != HOURS_OK) {
            a11y_say(ctx->out, A11Y_WARNING, _("work time is not being counted: %s"),
                     hours_session_errmsg(s.hours));
            hours_session_end(s.hours);
            s.hours = NULL;
        } else {
            hours_announce(ctx, &ann);
        }
    }
    rc = run_plan(&s, from_step, from_turn);
    goto out;
db_fail:
    rc = kefu_fail(ctx, _("check that the disk has room and that the database (--db) can be "
                           "written"),
                   _("cannot save the session: %s"), kb_errmsg(s.kb));
    goto out;
oom:
    rc = kefu_fail(ctx, _("close other programs and try again"), "%s", _("out of memory"));
out:
    hours_session_end(s.hours);
    practice_input_free(s.in);
    practice_asr_free(s.asr);
    kb_practice_session_clear(&old);
    kb_practice_results_free(res, nres);
    free(tier);
    free(picked);
    free(steps);
    free(s.plan);
    kb_library_free(s.lib);
    return rc;
}
