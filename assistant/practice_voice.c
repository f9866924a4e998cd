/* practice_voice.c -- spoken answers (practice_voice.h). Speech recognition
 * (voice/asr.c) has not landed yet: every call says so plainly, and the
 * session carries on in text. */
#include "practice_voice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n.h"

struct practice_asr { int unused; };

int practice_asr_file(struct kefu_ctx *ctx, practice_asr_t **asr, const char *path,
                      char **text, char **err)
{
    (void)ctx;
    (void)asr;
    struct stat st;
    char buf[512];
    *text = NULL;
    if (stat(path, &st) != 0)
        snprintf(buf, sizeof buf, _("the recording %s is missing"), path);
    else
        snprintf(buf, sizeof buf, _("speech recognition is not available in this build"));
    *err = strdup(buf);
    return -1;
}

int practice_asr_listen(struct kefu_ctx *ctx, practice_asr_t **asr, char **text, char **err)
{
    (void)ctx;
    (void)asr;
    *text = NULL;
    *err = strdup(_("speech recognition is not available in this build"));
    return -1;
}

void practice_asr_free(practice_asr_t *asr)
{
    free(asr);
}
