#!/usr/bin/env bash
# The command-line contract of the skeleton: help, version, errors, exit
# codes, the database path rules and mode, config show, the no-escape rules.
. "$(dirname "$0")/lib.sh"

expect_exit 0 "--version exits 0" "$KEFU" --version
contains "--version names kefu" "$T/out" "kefu 0."
expect_exit 0 "--help exits 0" "$KEFU" --help --lang en
contains "--help lists practice" "$T/out" "practice:"
contains "--help lists global options" "$T/out" "--db PATH"
expect_exit 0 "help practice" "$KEFU" help practice --lang en
contains "help practice shows usage" "$T/out" "kefu practice [--tier T]"
contains "help practice names the list of offers" "$T/out" "input.offer_list = N (1-9) keeps N numbered offers in view"
expect_exit 0 "practice --help is help practice" "$KEFU" practice --help --lang en
contains "practice --help shows usage" "$T/out" "--drill FILE"
# every command's help names the options the command takes (the Usage line
# first): "command|option ..." pairs, checked against `kefu help command`
for pair in "practice|--tier --drill --count --resume" \
            "drill|--answers --answers-wav --model-answers --json" \
            "kb|--tier --limit show list import" \
            "order|--json" \
            "say|--wav --voice --rate --pitch --volume --dry-run --phonemes --list-voices" \
            "listen|--wav --grammar --json --enrol --wav-dir --list --enrolment" \
            "progress|--json --set-tier" \
            "report|--user --transcripts --json --csv" \
            "keys|--json --try --switch --limit --customer" \
            "phrases|ksr --learn --offers --json" \
            "config|show"; do
    c=${pair%%|*}
    "$KEFU" help "$c" --lang en >"$T/help.out" 2>&1
    miss=""
    for o in ${pair#*|}; do grep -qe "$o" "$T/help.out" || miss="$miss $o"; done
    if [ -z "$miss" ]; then pass "help $c names its options"; else fail "help $c names its options" "missing:$miss"; fi
done
expect_exit 0 "help phrases" "$KEFU" help phrases --lang en
contains "help phrases: the whole synopsis" "$T/out" "Usage: kefu phrases [ksr FILE [--learn] [--offers N] [--json]]"
contains "help phrases: what --offers does" "$T/out" "--offers N  measure the list of N offers in view"
expect_exit 0 "help phrases in Chinese" "$KEFU" help phrases --lang zh
contains "help phrases zh: translated" "$T/out" "一次显示 N 个候选的列表"

expect_exit 2 "unknown command exits 2" "$KEFU" --lang en nosuch
contains "unknown command error form" "$T/err" "kefu: error: "
contains "unknown command names it" "$T/err" "'nosuch'"
contains "unknown command suggests help" "$T/err" "Try: kefu --help."
expect_exit 2 "unknown option exits 2" "$KEFU" --lang en --nosuch
contains "unknown option error form" "$T/err" "Try: kefu --help."
expect_exit 2 "bad --lang exits 2" "$KEFU" --lang fr config show
expect_exit 0 "--switch is a global option" "$KEFU" --lang en --switch=scan config show --db "$T/sw.db"
contains "--switch sets input.switch" "$T/out" "input.switch: scan (from --switch)"
expect_exit 2 "an over-long trainee name is refused" "$KEFU" --lang en --user "$(head -c 3000 /dev/zero | tr '\0' x)" config show --db "$T/sw.db"
contains "trainee name error says what is allowed" "$T/err" "1 to 64 bytes"
expect_exit 2 "a trainee name with control bytes is refused" "$KEFU" --lang en --user $'a\033b' config show --db "$T/sw.db"
expect_exit 0 "a Chinese trainee name is fine" "$KEFU" --lang en --user 王小明 config show --db "$T/sw.db"
expect_exit 2 "--switch takes two or scan" "$KEFU" --lang en --switch=sideways config show --db "$T/sw.db"
expect_exit 2 "missing option value exits 2" "$KEFU" config show --db
expect_exit 2 "bad KEFU_NOW exits 2" env KEFU_NOW=yesterday "$KEFU" config show
contains "bad KEFU_NOW explained" "$T/err" "KEFU_NOW"
expect_exit 0 "help in Chinese" "$KEFU" --lang zh --help
expect_exit 2 "Chinese error keeps the form" "$KEFU" --lang zh nosuch
contains "Chinese error form" "$T/err" "kefu: error: "
# the contract's frame in every language ("WHAT. Try: FIX."), marks never doubled
contains "Chinese error keeps '. Try: '" "$T/err" ". Try: kefu --help."
lacks "Chinese error: no mixed '。.'" "$T/err" "。."
# the default language (Chinese unless the locale says otherwise) keeps it too
expect_exit 2 "unknown command, default language" env -u KEFU_LANG LANG=C.UTF-8 LANGUAGE= LC_ALL= "$KEFU" nosuch
contains "default language keeps the error frame" "$T/err" ". Try: kefu --help."
expect_exit 0 "Chinese help" "$KEFU" --lang zh --help
contains "Chinese help: full-width colon after a label" "$T/out" "用法：kefu"
# tags: "Info: " in English, "信息：" in Chinese
printf '' | "$KEFU" --db "$T/tags.db" --lang zh --user ana practice --count 1 >"$T/out" 2>&1
contains "Chinese tag: full-width colon" "$T/out" "信息："
lacks "Chinese tag: no half-width colon" "$T/out" "信息: "
printf '' | "$KEFU" --db "$T/tags-en.db" --lang en --user ana practice --count 1 >"$T/out" 2>&1
contains "English tag: 'Info: ' as before" "$T/out" "Info: "

# --db creates the database with mode 0600, folders included.
db="$T/x/y/kefu.db"
expect_exit 0 "config show with --db" "$KEFU" --db "$db" config show --lang en
contains "language from --lang" "$T/out" "general.lang: en (from --lang)"
if [ -f "$db" ]; then pass "database created"; else fail "database created"; fi
mode=$(stat -c %a "$db" 2>/dev/null)
if [ "$mode" = "600" ]; then pass "database mode 0600"; else fail "database mode 0600" "mode $mode"; fi
contains "config show names the database" "$T/out" "database: $db (from --db)"
contains "config show gives origins" "$T/out" "speech.rate: 175 (from default)"
lacks "config show: no descriptions by default" "$T/out" "words per minute"
expect_exit 0 "config show --verbose" "$KEFU" --db "$db" config show --verbose --lang en
contains "--verbose: what a setting does, after '; '" "$T/out" "input.offer_list: 0 (from default); list this many offers on one numbered line, a digit takes one (0: the single offer)"
expect_exit 0 "config show at --verbosity 3" "$KEFU" --db "$db" --verbosity 3 config show --lang zh
contains "verbosity 3: descriptions, translated, '；'" "$T/out" "speech.rate: 175 (来自 default)；每分钟词数"
expect_exit 0 "config show --json" "$KEFU" --db "$db" --json config show --lang en
contains "--json: each setting's help" "$T/out" '"help": "words per minute"'
expect_exit 2 "config show --bogus refused" "$KEFU" --db "$db" config show --bogus --lang en
contains "the bad option named" "$T/err" "unknown config subcommand or option '--bogus'"
expect_exit 0 "language from the locale" env -u LC_ALL -u LANGUAGE LANG=en_US.UTF-8 "$KEFU" --db "$db" config show
contains "locale origin" "$T/out" "general.lang: en (from LANG)"
expect_exit 0 "Chinese by default" env -u LANG -u LC_ALL -u LANGUAGE "$KEFU" --db "$db" config show
contains "zh default" "$T/out" "general.lang: zh ("
contains "zh default origin" "$T/out" " default)"
# global options work after the command too
expect_exit 0 "global options after the command" "$KEFU" config show --db "$db" --lang en --speech none
contains "speech from the command line" "$T/out" "general.speech: none (from --speech)"
# KEFU_DB and XDG rules
expect_exit 0 "KEFU_DB is honoured" env KEFU_DB="$T/env.db" "$KEFU" config show --lang en
contains "KEFU_DB origin" "$T/out" "database: $T/env.db (from KEFU_DB)"
expect_exit 0 "XDG_DATA_HOME is honoured" env -u KEFU_DB XDG_DATA_HOME="$T/xdg" "$KEFU" config show --lang en
contains "XDG origin" "$T/out" "database: $T/xdg/kefu/kefu.db (from XDG_DATA_HOME)"
if [ -f "$T/xdg/kefu/kefu.db" ]; then pass "XDG database created"; else fail "XDG database created"; fi

# config file: values with their line, unknown keys warned with FILE:LINE,
# bad values errors with FILE:LINE.
mkdir -p "$T/config/kefu"
printf '[speech]\nrate = 300\n\n[output]\nsparkle = yes\nverbosity = 9\n' > "$T/config/kefu/config.ini"
expect_exit 0 "config file read" "$KEFU" config show --lang en
contains "value from the file with its line" "$T/out" "speech.rate: 300 (from $T/config/kefu/config.ini:2)"
contains "unknown key warned with FILE:LINE" "$T/err" "$T/config/kefu/config.ini:5: warning: unknown setting 'output.sparkle'"
contains "bad value is an error with FILE:LINE" "$T/err" "$T/config/kefu/config.ini:6: error: output.verbosity"
contains "bad value keeps the default" "$T/out" "output.verbosity: 2 (from default)"
expect_exit 1 "bad settings stop real work" "$KEFU" --lang en kb list
contains "bad settings: error form" "$T/err" "has errors (listed above)"
expect_exit 1 "missing --config file is an error" "$KEFU" --config "$T/none.ini" config show
contains "missing config named" "$T/err" "$T/none.ini"
rm -f "$T/config/kefu/config.ini"

# Plain output: no ESC, backspace or bare CR when not a terminal, and in a
# terminal with NO_COLOR or TERM=dumb.
"$KEFU" --help --lang en > "$T/plain.txt" 2>&1
if LC_ALL=C grep -q $'[\x1b\x08\r]' "$T/plain.txt"; then fail "no escapes when piped"; else pass "no escapes when piped"; fi
if command -v script >/dev/null; then
    NO_COLOR=1 TERM=xterm script -qec "$KEFU --lang en kb" /dev/null > "$T/tty1.txt" 2>&1
    tr -d '\r' < "$T/tty1.txt" > "$T/tty1n.txt"   # the pty adds CR to each LF
    if LC_ALL=C grep -q $'[\x1b\x08]' "$T/tty1n.txt"; then fail "NO_COLOR in a terminal: no escapes"; else pass "NO_COLOR in a terminal: no escapes"; fi
    env -u NO_COLOR TERM=dumb script -qec "$KEFU --lang en nosuch" /dev/null > "$T/tty2.txt" 2>&1
    if LC_ALL=C grep -q $'\x1b' "$T/tty2.txt"; then fail "TERM=dumb: no escapes"; else pass "TERM=dumb: no escapes"; fi
    expect_exit 0 "--color=always is accepted" "$KEFU" --color=always --lang en config show --db "$T/c.db"
    expect_exit 2 "--color takes auto, always or never" "$KEFU" --color=pink config show --db "$T/c.db"
fi

# A database kefu must not touch: a text file, a truncated database, and one
# from a newer kefu. Each is refused with a clear error and left unchanged.
printf 'my shopping list\n' > "$T/text.db"
cp "$T/text.db" "$T/text.orig"
expect_exit 1 "text file as database is refused" "$KEFU" --db "$T/text.db" config show --lang en
contains "text file: says not SQLite" "$T/err" "not an SQLite database"
if cmp -s "$T/text.db" "$T/text.orig"; then pass "text file unchanged"; else fail "text file unchanged"; fi
"$KEFU" --db "$T/good.db" config show > /dev/null 2>&1
sqlite3 "$T/good.db" "PRAGMA journal_mode=DELETE; CREATE TABLE filler(x); WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i<2000) INSERT INTO filler SELECT randomblob(100) FROM c;" > /dev/null
head -c 20000 "$T/good.db" > "$T/trunc.db"
cp "$T/trunc.db" "$T/trunc.orig"
expect_exit 1 "truncated database is refused" "$KEFU" --db "$T/trunc.db" config show --lang en
contains "truncated: says so" "$T/err" "truncated"
if cmp -s "$T/trunc.db" "$T/trunc.orig"; then pass "truncated file unchanged"; else fail "truncated file unchanged"; fi
cp "$T/good.db" "$T/future.db"
sqlite3 "$T/future.db" "PRAGMA user_version=999"
cp "$T/future.db" "$T/future.orig"
expect_exit 1 "database from a newer kefu is refused" "$KEFU" --db "$T/future.db" config show --lang en
contains "newer: says so" "$T/err" "newer kefu"
if cmp -s "$T/future.db" "$T/future.orig"; then pass "newer database unchanged"; else fail "newer database unchanged"; fi
finish
