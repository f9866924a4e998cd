# a11y_lib.sh -- helpers for the accessibility end-to-end tests: drive kefu
# in a real terminal (tmux, a private server per test script) and keep the
# raw bytes it wrote (pipe-pane) for the escape checks.
# Source after lib.sh. Provides: tm_start CMD..., tm_keys KEYS..., tm_wait
# TEXT [SECONDS], tm_screen, tm_count TEXT, tm_stop, raw_clean NAME.

command -v tmux >/dev/null || { echo "tmux is needed for this test" >&2; exit 1; }
# One tmux server per session started (a server being killed must not race
# with the next one on the same socket); all are killed at exit.
TM_N=0
TM_SOCK="kefu-a11y-$$-0"
TM="tmux -L $TM_SOCK"
tm_cleanup() {
    local i
    for ((i = 0; i <= TM_N; i++)); do tmux -L "kefu-a11y-$$-$i" kill-server 2>/dev/null; done
    rm -rf "$T"
}
trap tm_cleanup EXIT

# tm_start CMD...: run CMD in a fresh 120x40 terminal; its raw output goes
# to $T/raw. The pane stays after CMD ends ("EXIT=N" shows its status).
tm_start() {
    $TM kill-server 2>/dev/null
    TM_N=$((TM_N + 1))
    TM_SOCK="kefu-a11y-$$-$TM_N"
    TM="tmux -L $TM_SOCK"
    : >"$T/raw"
    local cmd
    cmd=$(printf '%q ' "$@")
    $TM -f /dev/null new-session -d -x 120 -y 40 \
        "sleep 0.3; $cmd; echo EXIT=\$?; sleep 120"
    $TM pipe-pane -o "cat >> '$T/raw'"
}

tm_keys() { $TM send-keys "$@"; sleep 0.15; }
tm_screen() { $TM capture-pane -p -S -300 2>/dev/null; }
tm_count() { tm_screen | grep -cF -- "$1"; }

# tm_wait TEXT [SECONDS]: until the screen shows TEXT (default 10 s).
tm_wait() {
    local i n=$(( ${2:-10} * 10 ))
    for ((i = 0; i < n; i++)); do
        tm_screen | grep -qF -- "$1" && return 0
        sleep 0.1
    done
    return 1
}

# tm_expect NAME TEXT [SECONDS]: a check that the screen shows TEXT.
tm_expect() {
    if tm_wait "$2" "${3:-10}"; then pass "$1"; else
        fail "$1" "screen lacks: $2" "$(tm_screen | grep -v '^$' | tail -n 12)"
    fi
}

tm_stop() { $TM kill-server 2>/dev/null; }

# raw_clean NAME: the raw terminal output holds no ESC, no backspace, no
# carriage return that is not part of CR LF, no box drawing (U+2500-257F),
# and never hides the cursor.
raw_clean() {
    if python3 - "$T/raw" <<'EOF'
import sys
b = open(sys.argv[1], 'rb').read()
bad = []
if b'\x1b' in b: bad.append('ESC at %d: %r' % (b.index(b'\x1b'), b[max(0, b.index(b'\x1b') - 20):b.index(b'\x1b') + 10]))
if b'\x08' in b: bad.append('backspace')
if any(b[i] == 13 and (i + 1 >= len(b) or b[i + 1] != 10) for i in range(len(b))): bad.append('bare CR')
t = b.decode('utf-8', 'replace')
if any(0x2500 <= ord(c) <= 0x257F for c in t): bad.append('box drawing')
if not b.strip(): bad.append('no output at all')
sys.exit(print('; '.join(bad)) or 1 if bad else 0)
EOF
    then pass "$1"; else fail "$1" "raw output is not plain"; fi
}
