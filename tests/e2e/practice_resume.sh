#!/bin/bash
# practice_resume.sh -- `kefu practice` on a real terminal (tmux): three typed
# turns, the process killed (SIGKILL) while the fourth answer is half typed,
# then `kefu practice --resume`: the first three turns are stored, the half
# typed one is not, and the session continues at the fourth scenario.
# Also: the same session driven through a pipe (scriptable), and Ctrl-C.
. "$(dirname "$0")/lib.sh"

command -v tmux >/dev/null || { echo "tmux not installed"; echo "0 passed, 1 failed"; exit 1; }
SOCK="$T/tmux.sock"
TM() { tmux -S "$SOCK" "$@"; }
trap 'TM kill-server 2>/dev/null; rm -rf "$T"' EXIT
DB="$T/p.db"
RUN=(env NO_COLOR=1 KEFU_SPEECH=none "$KEFU" --db "$DB" --user ana --lang en)

# wait_for TEXT [SECONDS]: until the pane shows TEXT.
wait_for() {
    local i
    for ((i = 0; i < ${2:-15} * 10; i++)); do
        TM capture-pane -p -t pr -S -200 2>/dev/null | grep -qF -- "$1" && return 0
        sleep 0.1
    done
    return 1
}
count() { TM capture-pane -p -t pr -S -200 2>/dev/null | grep -cF -- "$1"; }

answer() {      # Enter starts typing (single keys are commands), text, Enter
    TM send-keys -t pr Enter
    sleep 0.2
    TM send-keys -t pr -l "$1"
    TM send-keys -t pr Enter
}

TM new-session -d -s pr -x 180 -y 60 "exec ${RUN[*]} practice --count 5"
if wait_for "Customer:"; then pass "session starts and shows the customer"; else
    fail "session starts" "$(TM capture-pane -p -t pr)"; fi
if wait_for "Welcome to kefu practice" 1; then pass "first-time welcome"; else fail "first-time welcome"; fi
if wait_for "hint" 1 && wait_for "quit" 1; then pass "welcome says how to get help and quit"; else
    fail "welcome names help and quit"; fi

for i in 1 2 3; do
    answer "Hello, thank you for waiting. Let me check that for you right away. Is there anything else I can help with?"
    if wait_for "Scenario $((i + 1)) of 5" 20; then pass "turn $i scored, next scenario shown"; else
        fail "turn $i" "$(TM capture-pane -p -t pr | tail -8)"; fi
done
if [ "$(count 'Score:')" -ge 3 ]; then pass "three scores given"; else fail "three scores given"; fi

# the fourth answer half typed, then the process is killed outright
TM send-keys -t pr Enter
sleep 0.2
TM send-keys -t pr -l "Hello, I am half way through typing"
sleep 0.3
PID=$(TM list-panes -t pr -F '#{pane_pid}')
kill -KILL "$PID" 2>/dev/null
sleep 0.5
TM kill-session -t pr 2>/dev/null

expect_exit 0 "report after the kill" "$KEFU" --db "$DB" --user ana report --csv
turns=$(grep -c '^"ana"' "$T/out")
if [ "$turns" -eq 3 ]; then pass "the three answered turns are stored"; else
    fail "three turns stored" "got $turns" "$(cat "$T/out")"; fi
lacks "the half typed answer is not stored" "$T/out" "half way through"

TM new-session -d -s pr -x 180 -y 60 "${RUN[*]} practice --resume; sleep 20"
if wait_for "Resuming your session" && wait_for "Scenario 4 of 5"; then
    pass "resume continues at the fourth scenario"; else
    fail "resume" "$(TM capture-pane -p -t pr)"; fi
if [ "$(count 'Welcome to kefu practice')" -eq 0 ]; then pass "no first-time welcome on resume"; else
    fail "no first-time welcome on resume"; fi
answer "Hello! I'm sorry for the wait, let me look into it right away."
wait_for "Scenario 5 of 5" 20
TM send-keys -t pr C-c
if wait_for "Your answers are saved"; then pass "Ctrl-C stops and says the work is saved"; else
    fail "Ctrl-C" "$(TM capture-pane -p -t pr | tail -5)"; fi
TM kill-session -t pr 2>/dev/null

expect_exit 0 "report after resume" "$KEFU" --db "$DB" --user ana report --csv
turns=$(grep -c '^"ana"' "$T/out")
if [ "$turns" -eq 4 ]; then pass "four turns, none duplicated"; else
    fail "four turns after resume" "got $turns" "$(cat "$T/out")"; fi

# scriptable: the same session through a pipe, line by line
printf '%s\n' "Hello, glad to help! How can I help you today?" "/hint" "/skip" "qq" "/quit" \
    >"$T/answers"
expect_exit 0 "piped session" "${RUN[@]}" --user pipe practice --count 4 <"$T/answers"
contains "piped: customer line" "$T/out" "Customer:"
contains "piped: feedback" "$T/out" "Score: "
contains "piped: hint" "$T/out" "Hint: Cover:"
contains "piped: quit says saved" "$T/out" "Your answers are saved"
expect_exit 0 "piped: stored turns" "$KEFU" --db "$DB" --user pipe report --csv
contains "piped: skip stored as skipped, with no score (as JSON's null)" "$T/out" ",skipped,,0,0,"
# a score of 0 is a result: its row is there like any other
if grep -qE '^"pipe",[0-9]+,[a-z0-9-]+,[a-z]+,[a-z-]+,[0-9]+,typed,0,0,0,.*"qq"$' "$T/out"; then
    pass "piped: a 0-score answer is a CSV row"; else fail "piped: a 0-score answer is a CSV row" "$(cat "$T/out")"; fi
[ "$(grep -c '^"pipe"' "$T/out")" -eq 3 ] && pass "piped: every stored turn is a row" ||
    fail "piped: every stored turn is a row" "$(cat "$T/out")"

# a first-time trainee in Chinese: friendly welcome, how to get help and quit
printf '%s\n' "亲，您好！我是客服小美，很高兴为您服务，请问有什么可以帮您？" "/quit" >"$T/zh"
expect_exit 0 "piped session in Chinese" env NO_COLOR=1 KEFU_SPEECH=none "$KEFU" --db "$DB" \
    --user xiaoming --lang zh practice <"$T/zh"
cp "$T/out" "$T/zh.out"
contains "zh: welcome" "$T/out" "欢迎来到 kefu 练习"
contains "zh: how to get help and quit" "$T/out" "/help 列出所有命令，/quit 退出"
contains "zh: the customer in Chinese" "$T/out" "在吗"
contains "zh: feedback in Chinese" "$T/out" "100 分（满分 100），通过。"

# the closing line sums the session up: a listener need not add the scores
printf '%s\n' "Hello, welcome! I'm Mei from customer service, glad to help. How can I help you today?" \
    "/skip" >"$T/sum.ans"
expect_exit 0 "a finished session" env NO_COLOR=1 KEFU_SPEECH=none "$KEFU" --db "$DB" \
    --user sumup --lang en practice --count 2 <"$T/sum.ans"
contains "the session's summary, skipped scenario left out" "$T/out" \
    "Info: Session done: 1 scenario scored, 100 of 100 on average."

# an order's date reads as Chinese in a Chinese session (预计3月23日送达, not
# 2026-03-23, which a screen reader reads digit by digit)
printf 'use: order-status\n' >"$T/eta.kefu"
printf '%s\n' "亲，稍等" >"$T/eta.ans"
expect_exit 0 "zh: an order-status drill" env NO_COLOR=1 KEFU_SPEECH=none "$KEFU" --db "$DB" \
    --user xiaoming --lang zh practice --drill "$T/eta.kefu" <"$T/eta.ans"
if grep -qE '预计3月2[0-9]日送达' "$T/out"; then pass "zh: the order's date as 3月23日"; else
    fail "zh: the order's date as 3月23日" "$(grep 预计 "$T/out")"; fi
lacks "zh: no ISO order date" "$T/out" "预计2026-"
printf '%s\n' "hello" >"$T/eta.ans"
expect_exit 0 "en: the same drill" env NO_COLOR=1 KEFU_SPEECH=none "$KEFU" --db "$DB" \
    --user etaen --lang en practice --drill "$T/eta.kefu" <"$T/eta.ans"
contains "en: the order's date as written" "$T/out" "expected to arrive on 2026-03-2"

# verbosity (ACCESSIBILITY.md 14): terse (1) keeps every tagged content line
# and only the Info line needed to act; the welcome and reminders from 2
printf '%s\n' "Hello, glad to help! How can I help you today?" >"$T/v.ans"
for v in 1 3; do
    expect_exit 0 "a session at verbosity $v" env NO_COLOR=1 KEFU_SPEECH=none "$KEFU" \
        --db "$T/v$v.db" --user verb --lang en --verbosity $v practice --count 1 <"$T/v.ans"
    cp "$T/out" "$T/v$v.out"
done
contains "verbose: the welcome" "$T/v3.out" "Welcome to kefu practice"
lacks "terse: no welcome" "$T/v1.out" "Welcome to kefu practice"
lacks "terse: no reminder of the commands" "$T/v1.out" "Help: /hint"
lacks "terse: no 'your work is saved'" "$T/v1.out" "Your work is saved"
lacks "terse: no tier line" "$T/v1.out" "Info: Tier:"
contains "terse: how to answer stays" "$T/v1.out" "Info: Type your answer and press Enter"
if diff <(grep -vE '^Info:' "$T/v1.out") <(grep -vE '^Info:' "$T/v3.out") >/dev/null; then
    pass "tagged content lines are the same at verbosity 1 and 3"; else
    fail "tagged content lines are the same at verbosity 1 and 3" "$(diff <(grep -v '^Info:' "$T/v1.out") <(grep -v '^Info:' "$T/v3.out"))"; fi
[ "$(grep -c '^Info:' "$T/v1.out")" -le 2 ] && pass "terse: at most two Info lines" ||
    fail "terse: at most two Info lines" "$(grep '^Info:' "$T/v1.out")"

# plural forms: "over 1 scenario", "1 answer", "1 day" (never "1 scenarios")
expect_exit 0 "progress of the piped trainee" "$KEFU" --db "$DB" --user pipe --lang en progress
if grep -qE 'Category .* over 1 scenario\.$' "$T/out"; then pass "progress: 'over 1 scenario'"; else
    fail "progress: 'over 1 scenario'" "$(grep Category "$T/out")"; fi
if grep -qE '(^|[^0-9])1 (scenarios|answers|days|turns)' "$T/out"; then
    fail "progress: no '1 <plural>'" "$(grep -E '(^|[^0-9])1 [a-z]+s\b' "$T/out")"; else
    pass "progress: no '1 <plural>'"; fi
expect_exit 0 "report in English" "$KEFU" --db "$DB" --lang en report
if grep -qE '; 1 scenarios' "$T/out"; then fail "report: no '1 scenarios'" "$(cat "$T/out")"; else
    pass "report: no '1 scenarios'"; fi

# a trainer sets the tier; progress shows it
expect_exit 0 "set tier" "$KEFU" --db "$DB" --user ana --lang en progress --set-tier intermediate
expect_exit 0 "progress" "$KEFU" --db "$DB" --user ana --lang en progress
contains "progress: tier shown first" "$T/out" "ana: tier intermediate."
expect_exit 2 "bad tier is a usage error" "$KEFU" --db "$DB" --user ana progress --set-tier expert
contains "bad tier named" "$T/err" "expert"
expect_exit 0 "progress --json" "$KEFU" --db "$DB" --user ana progress --json
contains "progress json" "$T/out" '"tier": "intermediate"'

# a skipped turn is not a failed answer: not scored, not in averages or weak
# skills; an empty line is no answer (asked again)
printf '\n/skip\n/skip\n/skip\n/skip\n/skip\n/quit\n' >"$T/skips"
expect_exit 0 "piped skips" "${RUN[@]}" --user skipper practice --count 2 <"$T/skips"
contains "empty line is no answer" "$T/out" "Info: No answer given."
contains "skip says skipped" "$T/out" "Score: skipped; this turn is not scored."
lacks "skip is not scored 0" "$T/out" "Score: 0"
lacks "skip lists nothing missed" "$T/out" "Not in your answer"
expect_exit 0 "progress after skips" "$KEFU" --db "$DB" --user skipper --lang en progress --json
contains "skips: no scored scenario" "$T/out" '"scenarios": 0'
contains "skips: no weak skill" "$T/out" '"weakest": []'
contains "zh: tier name translated" "$T/zh.out" "等级：初级。"
# a trainer's report: hours, tagged transcript lines, skipped turns said so
expect_exit 0 "report one trainee" "$KEFU" --db "$DB" --user skipper --lang en report
# practice time counts as work time: a slow (sanitizer) run may show a second or two
grep -Eq '^Info: skipper worked [0-9]+(s|m) today, [0-9]+(s|m) this week, [0-9]+(s|m) this month\.$' "$T/out" \
    && pass "report: hours" || fail "report: hours" "$(grep worked "$T/out")"
contains "report: tagged turn" "$T/out" "Turn: "
contains "report: skipped turn" "$T/out" "Answer: (skipped)"
lacks "report: no indented lines" "$T/out" "  "
expect_exit 0 "report zh" "$KEFU" --db "$DB" --user pipe --lang zh report
contains "report zh: customer tag as in practice" "$T/out" "客户："
contains "report zh: turn tag full-width" "$T/out" "轮次："
contains "report zh: answer tag full-width" "$T/out" "回答："
lacks "report zh: no half-width tag colon" "$T/out" "户: "
contains "report zh: input translated" "$T/out" "跳过"
lacks "report zh: no raw input" "$T/out" "skipped"
contains "report zh: tier translated" "$T/out" "等级 初级"
expect_exit 0 "report --json has hours" "$KEFU" --db "$DB" --user pipe report --json
# practice time counts as work time: on a slow machine it may be a second or two
grep -Eq '"hours_seconds": \{"today": [0-9]+, "week": [0-9]+, "month": [0-9]+\}' "$T/out" \
    && pass "report json: hours" || fail "report json: hours" "$(head -c 300 "$T/out")"
expect_exit 1 "report for an unknown trainee" "$KEFU" --db "$DB" --user nobody --lang en report
contains "report unknown: says so" "$T/err" "there is no trainee called 'nobody'"
contains "report unknown: Try lists trainees" "$T/err" "Try: use --user with one of: "
expect_exit 1 "set-tier for an unknown trainee" "$KEFU" --db "$DB" --user ghost --lang en \
    progress --set-tier advanced
contains "set-tier unknown: Try" "$T/err" "Try: "
expect_exit 0 "ghost was not created" "$KEFU" --db "$DB" --lang en report
lacks "ghost not in the report" "$T/out" "ghost"
expect_exit 0 "progress zh: category translated" "$KEFU" --db "$DB" --user pipe --lang zh progress
lacks "progress zh: no raw tier" "$T/out" "basic"

# a damaged database (a table gone): progress and report still say what to do (5)
if command -v sqlite3 >/dev/null; then
    cp "$DB" "$T/broken.db"
    sqlite3 "$T/broken.db" "DROP TABLE practice_turn; DROP TABLE hours_interval"
    expect_exit 1 "damaged database: progress fails" "$KEFU" --db "$T/broken.db" --user pipe --lang en progress
    contains "damaged database: progress says what to do" "$T/err" "cannot read practice records: "
    contains "damaged database: progress has a Try" "$T/err" ". Try: close other kefu windows and try again, or check the database with --db."
    expect_exit 1 "damaged database: report fails" "$KEFU" --db "$T/broken.db" --lang en report
    contains "damaged database: report has a Try" "$T/err" ". Try: close other kefu windows"
    expect_exit 1 "damaged database: hours status fails" "$KEFU" --db "$T/broken.db" --lang en hours status
    contains "damaged database: hours has a Try" "$T/err" ". Try: close other kefu windows"
else
    echo "# sqlite3 not installed: the damaged-database checks are skipped"
fi
finish
