/* opt_speechd_stub.c -- stands in for opt_speechd.c when kefu is built
 * without speech-dispatcher (KEFU_WITH_SPEECHD=OFF). The handle it returns
 * works as "none", so the caller can carry on in text. */
#include "tts_backend.h"

int tts_speechd_new(tts_t **out, const struct tts_options *opts)
{
    int rc = tts_none_new(out, opts);
    if (rc != TTS_OK)
        return rc;
    return tts_fail(*out, TTS_UNSUPPORTED, "kefu was built without speech-dispatcher; "
                    "use --speech espeak or --speech none");
}
