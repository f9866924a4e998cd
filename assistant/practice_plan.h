/* practice_plan.h -- picking scenarios for a trainee, and the tier rule
 * (practice_plan.c). Pure functions over the library and the trainee's
 * finished attempts (kb_practice_results), so they are tested without a
 * session. */
#ifndef KEFU_PRACTICE_PLAN_H
#define KEFU_PRACTICE_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include "kb_practice.h"
#include "kb_scenario.h"

enum { PRACTICE_TIER_WINDOW = 10, PRACTICE_TIER_MARK = 80 };

/* Up to count scenarios of tier for the next session: unseen first (one
 * category at a time), then weakest category first. *out: caller frees
 * with free() (the scenarios are borrowed from lib). -1 on OOM. */
int practice_pick(const kb_library *lib, kb_tier tier, const kb_practice_result *res,
                  size_t nres, size_t count, const kb_scenario ***out, size_t *n);

struct practice_tier_status {
    kb_tier tier;
    int mean;               /* over the last `counted` scenarios of the tier */
    size_t counted;         /* <= PRACTICE_TIER_WINDOW */
    size_t categories;      /* categories of the tier in the library */
    size_t tried;           /* of them, tried at least once */
    const char *untried;    /* one untried category (borrowed), or NULL */
    bool passed;
};

int practice_tier_status(const kb_library *lib, kb_tier tier, const kb_practice_result *res,
                         size_t nres, struct practice_tier_status *st);

/* The tier after t; KB_TIER_NONE after advanced. */
kb_tier practice_next_tier(kb_tier t);

#endif
