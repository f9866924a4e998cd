/* listen_enrol_int.h -- what the two halves of `kefu listen --enrol` share:
 * the phrases heard so far (listen_enrol.c: from files, then choosing and
 * storing; listen_enrol_mic.c: from the microphone). */
#ifndef KEFU_LISTEN_ENROL_INT_H
#define KEFU_LISTEN_ENROL_INT_H

#include <stddef.h>
#include <stdint.h>

#include "asr.h"
#include "cli.h"

enum { ENROL_MAX_CLIPS = 64, ENROL_MAX_PHRASE_S = 20 };   /* phrases; seconds a phrase */

struct clips {
    struct asr_enrol_clip c[ENROL_MAX_CLIPS];
    int16_t *pcm[ENROL_MAX_CLIPS];
    char *path[ENROL_MAX_CLIPS];    /* the file, or NULL (microphone) */
    size_t n;
};

/* Append samples to a growing buffer; -1 out of memory. */
int enrol_append(int16_t **buf, size_t *n, size_t *cap, const int16_t *pcm, size_t k);

/* Every enrolment phrase from the microphone, each prompted in text (and
 * speech) and recorded while kefu is quiet, into cl. KEFU_EXIT_OK, or
 * the exit status of the failure it reported. */
int enrol_clips_from_mic(struct kefu_ctx *ctx, struct clips *cl);

#endif
