# lib.sh -- helpers for end-to-end tests that drive the real kefu binary.
# Source it from a test script:  . "$(dirname "$0")/lib.sh"
# Provides: $KEFU (the binary), $T (a private temp dir, removed on exit),
# check NAME CMD..., expect_exit CODE NAME CMD..., contains, finish.
set -u
KEFU=${KEFU_BIN:-${KEFU_BINARY_DIR:-build}/assistant/kefu}
[ -x "$KEFU" ] || { echo "kefu binary not found at $KEFU" >&2; exit 1; }
T=$(mktemp -d "${TMPDIR:-/tmp}/kefu-e2e.XXXXXX")
trap 'rm -rf "$T"' EXIT
export KEFU_DB="$T/default.db" XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data"
unset KEFU_CONFIG KEFU_LANG KEFU_USER KEFU_SPEECH
export KEFU_SPEECH=none
PASSED=0
FAILED=0

pass() { PASSED=$((PASSED + 1)); echo "ok - $1"; }
fail() { FAILED=$((FAILED + 1)); echo "not ok - $1"; [ $# -gt 1 ] && printf '  %s\n' "${@:2}"; }

# check NAME CMD...: passes when CMD exits 0.
check() {
    local name=$1; shift
    if "$@" >"$T/out" 2>"$T/err"; then pass "$name"; else fail "$name" "exit $?" "$(head -c 600 "$T/err")"; fi
}

# expect_exit CODE NAME CMD...: passes when CMD exits with CODE.
# stdout and stderr are left in $T/out and $T/err for further checks.
expect_exit() {
    local code=$1 name=$2; shift 2
    "$@" >"$T/out" 2>"$T/err"
    local rc=$?
    if [ "$rc" -eq "$code" ]; then pass "$name"; else
        fail "$name" "expected exit $code, got $rc" "stdout: $(head -c 400 "$T/out")" "stderr: $(head -c 400 "$T/err")"
    fi
}

# contains NAME FILE TEXT: passes when FILE contains TEXT (fixed string).
contains() {
    if grep -qF -- "$3" "$2"; then pass "$1"; else fail "$1" "missing: $3" "in: $(head -c 600 "$2")"; fi
}

# lacks NAME FILE TEXT: passes when FILE does not contain TEXT.
lacks() {
    if grep -qF -- "$3" "$2"; then fail "$1" "unexpected: $3"; else pass "$1"; fi
}

# hello_drill FILE SLUG LIMIT: a one-turn greeting drill (zh and en) with a
# time limit, for the tests of time limits and their extension.
hello_drill() {
    cat >"$1" <<DRILL
scenario: $2
tier: basic
category: pre-sales
title: 打招呼
title@en: Say hello
customer: 在吗？
customer@en: Hello, anyone there?
expect 100 greeting: 您好 | 亲 | hello | hi
answer: 您好，在的，请问有什么可以帮您？
answer@en: Hello, yes I'm here. How can I help?
limit: $3
DRILL
}

# finish: print the closing line and exit non-zero on any failure.
finish() {
    echo "$PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
}
