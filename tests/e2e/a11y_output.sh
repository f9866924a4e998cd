#!/bin/bash
# a11y_output.sh -- ACCESSIBILITY.md 1, 3, 4, 5 through a real terminal and
# through pipes: plain output (no ESC, backspace, bare CR or box drawing)
# whenever NO_COLOR is set, TERM=dumb, --plain, or stdout is a pipe;
# --color=always brings colour back; tagged lines; errors as
# "kefu: error: WHAT. Try: FIX" on stderr with a non-zero status.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/a11y_lib.bash"

# a pipe: plain whatever TERM says
TERM=xterm-256color "$KEFU" --lang en --color=auto keys >"$T/out" 2>&1
if [ -s "$T/out" ] && ! LC_ALL=C grep -qaP '[\x00-\x08\x0b-\x1f\x7f]' "$T/out"; then
    pass "pipe: no control bytes"; else fail "pipe: no control bytes"; fi
contains "keys one per line" "$T/out" "repeat the last customer line: r (repeat)"

# a terminal with NO_COLOR, with TERM=dumb, with --plain: plain
tm_start env NO_COLOR=1 TERM=xterm-256color "$KEFU" --lang en phrases
tm_expect "NO_COLOR terminal: tagged line" "Info: no snippets yet"
tm_wait "EXIT=0"; raw_clean "NO_COLOR terminal: plain bytes"

tm_start env -u NO_COLOR TERM=dumb "$KEFU" --lang en phrases
tm_wait "EXIT=0"; raw_clean "TERM=dumb terminal: plain bytes"

tm_start env -u NO_COLOR TERM=xterm-256color "$KEFU" --lang en --plain phrases
tm_wait "EXIT=0"; raw_clean "--plain terminal: plain bytes"

# --color=always overrides NO_COLOR (and the pipe)
NO_COLOR=1 "$KEFU" --lang en --color=always phrases >"$T/out" 2>&1
if grep -q $'\033\\[' "$T/out"; then pass "--color=always overrides"; else fail "--color=always overrides"; fi
contains "colour never alone: the tag text is there" "$T/out" "Info:"

# errors: stderr, WHAT. Try: FIX, non-zero
expect_exit 2 "usage error exits 2" "$KEFU" --lang en keys --bogus
contains "usage error form" "$T/err" "kefu: error: unknown option '--bogus'"
contains "usage error says what to do" "$T/err" "Try:"
expect_exit 1 "runtime error exits 1" "$KEFU" --lang en phrases ksr "$T/missing.txt"
contains "runtime error form" "$T/err" "kefu: error: cannot read $T/missing.txt. Try: check the file name."
[ ! -s "$T/out" ] && pass "errors leave stdout empty" || fail "errors leave stdout empty"

finish
