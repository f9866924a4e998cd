/* config_keys.c -- every setting kefu knows, its type, default and range.
 * One line per key; `kefu config show` lists them in this order. Sections
 * named in kefu_config_open_sections take any key (their owners check them:
 * [keys] by the accessibility key map, [snippets] by completion). */
#include <stddef.h>
#include "config.h"

const struct cfg_key kefu_config_keys[] = {
    {"general.lang", CFG_ENUM, "zh", 0, 0, "zh|en", "language of messages"},
    {"general.user", CFG_STRING, "", 0, 0, NULL, "trainee name (default: login name)"},
    {"general.speech", CFG_ENUM, "auto", 0, 0, "auto|espeak|speechd|none", "speech backend"},
    {"output.color", CFG_ENUM, "auto", 0, 0, "auto|always|never", "colour in a terminal"},
    {"output.plain", CFG_BOOL, "false", 0, 0, NULL, "always plain output"},
    {"output.verbosity", CFG_INT, "2", 1, 3, NULL, "1 terse, 2 normal, 3 verbose"},
    {"speech.rate", CFG_INT, "175", 80, 450, NULL, "words per minute"},
    {"speech.pitch", CFG_INT, "50", 0, 100, NULL, "voice pitch"},
    {"speech.volume", CFG_INT, "100", 0, 200, NULL, "voice volume"},
    {"speech.voice", CFG_STRING, "", 0, 0, NULL, "voice for English text (default en-us)"},
    {"speech.voice_zh", CFG_STRING, "", 0, 0, NULL, "voice for Chinese text (default cmn-latn-pinyin)"},
    {"speech.interrupt_on_typing", CFG_BOOL, "true", 0, 0, NULL, "a key press stops speech"},
    {"input.shortcuts", CFG_BOOL, "true", 0, 0, NULL, "single-key commands at the prompt"},
    {"input.bounce_ms", CFG_INT, "0", 0, 1000, NULL, "same key again within this is one press"},
    {"input.switch", CFG_ENUM, "off", 0, 0, "off|two|scan", "switch access"},
    {"input.scan_interval", CFG_DOUBLE, "1.5", 0.5, 10, NULL, "seconds per step when scanning"},
    {"input.completion", CFG_BOOL, "true", 0, 0, NULL, "offer phrase completions"},
    {"input.snippets_file", CFG_STRING, "", 0, 0, NULL, "trainers' snippets: one '/abbrev = text' per line"},
    {"input.auto_offer", CFG_BOOL, "true", 0, 0, NULL, "show a likely completion by itself; Tab takes it"},
    {"input.offer_delay", CFG_DOUBLE, "0.4", 0, 5, NULL, "seconds of pause in typing before an offer is shown"},
    {"input.offer_list", CFG_INT, "0", 0, 9, NULL, "list this many offers on one numbered line, a digit takes one (0: the single offer)"},
    {"input.general_model", CFG_STRING, "", 0, 0, NULL, "English word model for completion (empty: en-us.lm.bin beside voice.model_dir; off: none)"},
    {"practice.tier", CFG_ENUM, "basic", 0, 0, "basic|intermediate|advanced", "starting tier"},
    {"practice.time_limits", CFG_BOOL, "true", 0, 0, NULL, "honour a drill's limit: lines"},
    {"practice.time_limit_scale", CFG_DOUBLE, "1", 1, 10, NULL, "multiply drill time limits"},
    {"practice.library_time_limits", CFG_BOOL, "false", 0, 0, NULL,
     "also time the built-in library's turns (a trainer's drill is timed by its limit: lines)"},
    {"practice.pass_mark", CFG_INT, "70", 0, 100, NULL, "pass mark when a drill sets none"},
    {"hours.min_daily", CFG_DURATION, "2h", 0, 86400, NULL, "daily minimum"},
    {"hours.max_daily", CFG_DURATION, "6h", 0, 86400, NULL, "daily maximum"},
    {"hours.window", CFG_STRING, "08:00-23:00", 0, 0, NULL, "allowed time of day"},
    {"hours.work_minutes", CFG_INT, "50", 1, 600, NULL, "work before a break"},
    {"hours.break_minutes", CFG_INT, "10", 1, 240, NULL, "length of a break"},
    {"hours.hourly_rate", CFG_DOUBLE, "0", 0, 100000, NULL, "income per hour"},
    {"hours.currency", CFG_STRING, "CNY", 0, 0, NULL, "currency of the hourly rate"},
    {"hours.at_max", CFG_ENUM, "stop", 0, 0, "stop|continue", "at the daily maximum: stop counting, or warn and go on"},
    {"voice.model_dir", CFG_STRING, "/usr/share/pocketsphinx/model/en-us/en-us", 0, 0, NULL,
     "PocketSphinx acoustic model folder"},
    {"voice.listen", CFG_ENUM, "push", 0, 0, "push|vad", "push-to-talk or voice activity"},
    {NULL, CFG_STRING, NULL, 0, 0, NULL, NULL},
};

const char *const kefu_config_open_sections[] = {"keys", "snippets", NULL};
