/* clock.h -- the one place kefu asks what time it is.
 * KEFU_NOW=2026-03-01T09:00:00+08:00 fixes "now" for tests. */
#ifndef KEFU_CLOCK_H
#define KEFU_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

/* Seconds since the Unix epoch (UTC). With KEFU_NOW set, that instant
 * (a malformed KEFU_NOW is reported by clock_check_env() at start-up). */
int64_t clock_now(void);

/* Milliseconds of a monotonic clock, for intervals (never goes backwards). */
int64_t clock_mono_ms(void);

/* 0 if KEFU_NOW is unset or valid; else -1 with a reason in err. */
int clock_check_env(char *err, size_t errlen);

/* Parse ISO-8601 "YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM|-HH:MM]" (a space may
 * replace T; no offset means local time) or "HH:MM[:SS]" (today, local).
 * Returns 0 and sets *out (epoch seconds), or -1. */
int clock_parse(const char *text, int64_t *out);

/* Format epoch seconds as local "YYYY-MM-DDTHH:MM:SS+HH:MM" into buf. */
void clock_format_iso(int64_t t, char *buf, size_t len);
/* Local calendar date "YYYY-MM-DD". */
void clock_format_date(int64_t t, char *buf, size_t len);

#endif
