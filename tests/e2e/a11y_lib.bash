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
    local bad=""
    [ -s "$T/raw" ] || bad="no output at all"
    LC_ALL=C grep -qaP '\x1b' "$T/raw" && bad="$bad ESC($(LC_ALL=C grep -aoP '.{0,20}\x1b.{0,8}' "$T/raw" | head -n 1 | cat -v))"
    LC_ALL=C grep -qaP '\x08' "$T/raw" && bad="$bad backspace"
    LC_ALL=C grep -qaP '\r(?!$)' "$T/raw" && bad="$bad bare-CR"
    LC_ALL=C grep -qaP '\xe2[\x94\x95]' "$T/raw" && bad="$bad box-drawing"
    if [ -z "$bad" ]; then pass "$1"; else fail "$1" "raw output is not plain:$bad"; fi
}

# Poll, never sleep a fixed time before looking: under load (ctest -j2 on
# two cores) kefu may take well over a second to draw what a key asked for.
# tm_wait_count TEXT N [SECONDS]: until TEXT is on the screen N times or more.
tm_wait_count() {
    local i n=$(( ${3:-10} * 10 ))
    for ((i = 0; i < n; i++)); do
        [ "$(tm_count "$1")" -ge "$2" ] && return 0
        sleep 0.1
    done
    return 1
}

# tm_expect_count NAME TEXT N [SECONDS]: a check that TEXT comes to be on the
# screen exactly N times (waits for N, then a moment for a wrong extra one).
tm_expect_count() {
    tm_wait_count "$2" "$3" "${4:-10}"
    sleep 0.3
    local got
    got=$(tm_count "$2")
    if [ "$got" -eq "$3" ]; then pass "$1"; else
        fail "$1" "'$2' shown $got times, expected $3" "$(tm_screen | grep -v '^$' | tail -n 8)"
    fi
}

# tm_step_to TEXT [MAX]: press Space (switch: next choice), each time waiting
# for the next "Choice" line (TM_CHOICE=选项 in Chinese), until the last one
# holds TEXT; MAX presses.
# Call it once the current choice is on the screen (nothing else pending).
tm_step_to() {
    local i c
    for ((i = 0; i <= ${2:-40}; i++)); do
        tm_screen | grep -F -- "${TM_CHOICE:-Choice}" | tail -n 1 | grep -qF -- "$1" && return 0
        c=$(tm_count "${TM_CHOICE:-Choice}")
        tm_keys Space
        tm_wait_count "${TM_CHOICE:-Choice}" $((c + 1)) || return 1
    done
    return 1
}

# tm_cursor_line: the text of the line the cursor is on, up to the cursor
# (what a screen reader's "current line" reads as the input so far).
tm_cursor_line() {
    local x y
    read -r x y < <($TM display -p '#{cursor_x} #{cursor_y}')
    $TM capture-pane -p | sed -n "$((y + 1))p" | cut -c "1-$x"
}
