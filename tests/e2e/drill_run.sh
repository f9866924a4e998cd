#!/bin/bash
# drill_run.sh -- `kefu drill run`: the JSON shape of the contract, the pass
# mark, `use:` scenarios from the built-in library, text feedback, and the
# errors (fewer answers than turns, a missing WAV, unreadable or broken files)
# that name the turn and still report the turns already scored.
. "$(dirname "$0")/lib.sh"
DB="$T/d.db"
K=("$KEFU" --db "$DB" --lang en)

cat >"$T/drill.kefu" <<'EOF'
# a drill: one scenario of its own, two from the library
pass: 60
use: greeting-first-contact
scenario: local-thanks
tier: basic
category: general
title: 买家道谢
title@en: The buyer says thanks
customer: 谢谢你！
customer@en: Thank you!
expect 60 thanks: 不客气 | 应该的 | you're welcome | my pleasure
expect 40 closing: 还有什么 | anything else
forbid: 滚 | go away
answer: 不客气，这是我应该做的！还有什么可以帮您的吗？
answer@en: You're welcome! Is there anything else I can help with?
use: order-status
EOF
printf '%s\n' "您好，我是客服小美，很高兴为您服务，请问有什么可以帮您？" \
    "滚，别烦我" \
    "亲，您好，订单TB20260318001目前运输中，预计后天送达，还有什么可以帮您？" \
    >"$T/answers.txt"

expect_exit 0 "drill run --json" "${K[@]}" drill run "$T/drill.kefu" --answers "$T/answers.txt" --json
cp "$T/out" "$T/run.json"
contains "json: drill name and score first" "$T/run.json" '{"drill": "drill", "score": '
contains "json: turn 1 shape" "$T/run.json" '{"scenario": "greeting-first-contact", "turn": 1, "score": 100, "fatal": false, "passed": true, "sections": [{"name": "greeting", "weight": 40, "hit": true, "matched": "您好"}'
contains "json: fatal turn scores 0" "$T/run.json" '{"scenario": "local-thanks", "turn": 1, "score": 0, "fatal": true, "passed": false'
contains "json: missed section has matched null" "$T/run.json" '"hit": false, "matched": null'
contains "json: use: scenario from the library, order filled" "$T/run.json" '"matched": "TB20260318001"'
contains "json: passed against the file's pass: 60" "$T/run.json" '"passed": true, "turns": ['
if [ "$(grep -o '"scenario":' "$T/run.json" | wc -l)" -eq 3 ]; then pass "json: three turns"; else
    fail "json: three turns" "$(cat "$T/run.json")"; fi

expect_exit 0 "drill run text" "${K[@]}" drill run "$T/drill.kefu" --answers "$T/answers.txt"
contains "text: fatal phrase named first in its line" "$T/out" "Score: local-thanks turn 1: 0 of 100, not passed. Fatal: you said “滚”"
contains "text: a missed section with the model wording" "$T/out" "Feedback: Not in your answer: "
contains "text: drill summary" "$T/out" "Score: drill drill: "
lacks "text: no escapes in plain output" "$T/out" $'\e'

# fewer answers than turns: an error naming the turn, scored turns still reported
head -n 1 "$T/answers.txt" >"$T/short.txt"
expect_exit 1 "fewer answers than turns" "${K[@]}" drill run "$T/drill.kefu" --answers "$T/short.txt" --json
contains "short: error names turn 2 and its scenario" "$T/err" "turn 2 (local-thanks, turn 1)"
contains "short: turn 1 still reported" "$T/out" '"scenario": "greeting-first-contact", "turn": 1, "score": 100'
expect_exit 1 "fewer answers, text" "${K[@]}" drill run "$T/drill.kefu" --answers "$T/short.txt"
contains "short text: scored turn reported" "$T/out" "greeting-first-contact turn 1: 100 of 100"

# more answers than turns: scored, with a warning
{ cat "$T/answers.txt"; echo "an extra answer"; } >"$T/long.txt"
expect_exit 0 "more answers than turns" "${K[@]}" drill run "$T/drill.kefu" --answers "$T/long.txt"
contains "extra answers: warned" "$T/err" "more answers than the drill has turns (3)"

# a missing recording
mkdir -p "$T/wav"
expect_exit 1 "missing WAV" "${K[@]}" drill run "$T/drill.kefu" --answers-wav "$T/wav" --json
contains "missing WAV: names turn 1" "$T/err" "turn 1 (greeting-first-contact, turn 1)"
contains "missing WAV: names the file" "$T/err" "001.wav"
lacks "missing WAV: no doubled marks" "$T/err" ",."
contains "missing WAV: empty turns still reported" "$T/out" '"turns": []'

# a recorded answer goes through speech recognition and the spoken scorer
if command -v espeak-ng >/dev/null; then
    printf 'use: greeting-first-contact\n' >"$T/one.kefu"
    espeak-ng -w "$T/wav/001.wav" "Hello, this is Mei from customer service. How can I help you?"
    expect_exit 0 "answers from a WAV" "${K[@]}" drill run "$T/one.kefu" --answers-wav "$T/wav"
    contains "WAV: the recognised text is shown" "$T/out" "You said: "
    contains "WAV: scored" "$T/out" "Score: greeting-first-contact turn 1: "
    expect_exit 1 "WAV: the second turn's recording is missing" "${K[@]}" drill run \
        "$T/drill.kefu" --answers-wav "$T/wav" --json
    contains "WAV: error names turn 2 and 002.wav" "$T/err" "turn 2 (local-thanks, turn 1): the recording"
    contains "WAV: turn 1 still reported" "$T/out" '"scenario": "greeting-first-contact", "turn": 1'
    # a silent recording: scored as no answer, and said so (was "You said: " and nothing)
    if command -v sox >/dev/null; then
        mkdir -p "$T/quiet"
        sox -n -r 16000 -c 1 -b 16 "$T/quiet/001.wav" trim 0 2
        expect_exit 0 "a silent recording" "${K[@]}" drill run "$T/one.kefu" --answers-wav "$T/quiet"
        contains "silent: said as nothing heard" "$T/out" "You said: (nothing was heard)"
        contains "silent: scored" "$T/out" "Score: greeting-first-contact turn 1: 0 of 100"
        expect_exit 0 "zh: a silent recording" "$KEFU" --db "$DB" --lang zh drill run \
            "$T/one.kefu" --answers-wav "$T/quiet"
        contains "zh: silent: said as nothing heard" "$T/out" "（没有听到声音）"
    fi
    # no speech model: its own fix (the package), said once
    KEFU_MODEL_DIR="$T/nomodel" expect_exit 1 "WAV without a model" "${K[@]}" drill run \
        "$T/one.kefu" --answers-wav "$T/wav"
    contains "no model: names the package" "$T/err" "pocketsphinx-en-us"
    n=$(grep -o "Try: " "$T/err" | wc -l)
    if [ "$n" -eq 1 ]; then pass "no model: one Try"; else fail "no model: $n Try parts" "$(cat "$T/err")"; fi
fi

# unreadable or broken files
expect_exit 1 "missing answers file" "${K[@]}" drill run "$T/drill.kefu" --answers "$T/nope.txt"
contains "missing answers: named" "$T/err" "nope.txt"
expect_exit 1 "missing drill file" "${K[@]}" drill run "$T/nope.kefu" --answers "$T/answers.txt"
contains "missing drill: named" "$T/err" "nope.kefu"
printf 'use: no-such-scenario\n' >"$T/bad.kefu"
expect_exit 1 "drill naming an unknown scenario" "${K[@]}" drill run "$T/bad.kefu" --answers "$T/answers.txt"
contains "bad drill: FILE:LINE:COL" "$T/err" "bad.kefu:1:"
printf 'scenario: x\ncustomer: hi\nexpect 50 a: hello\n' >"$T/weights.kefu"
expect_exit 1 "drill with a rubric error" "${K[@]}" drill run "$T/weights.kefu" --answers "$T/answers.txt"
contains "rubric error reported" "$T/err" "weights.kefu:"

# a scenario a trainer imported into the database can be used by a drill
cat >"$T/imported.kefu" <<'EOF'
scenario: trainer-thanks
tier: basic
category: courtesy
title: 买家道谢
title@en: The buyer says thanks
customer: 谢谢你！
expect 60 thanks: 不客气 | you're welcome
expect 40 closing: $closing
answer: 不客气，还有什么可以帮您的吗？
EOF
expect_exit 0 "import a trainer's scenario" "${K[@]}" kb import "$T/imported.kefu"
printf 'use: trainer-thanks\n' >"$T/uses-imported.kefu"
printf '不客气，还有什么可以帮您？\n' >"$T/thanks.txt"
expect_exit 0 "drill using an imported scenario" "${K[@]}" drill run "$T/uses-imported.kefu" \
    --answers "$T/thanks.txt" --json
contains "imported scenario scored" "$T/out" '"scenario": "trainer-thanks", "turn": 1, "score": 100'

# an absurdly long answer line is cut with a warning, not choked on
head -c 3000000 /dev/zero | tr '\0' 'a' >"$T/huge.txt"; echo >>"$T/huge.txt"
printf 'use: greeting-first-contact\n' >"$T/one-turn.kefu"
expect_exit 0 "a 3 MB answer" "${K[@]}" drill run "$T/one-turn.kefu" --answers "$T/huge.txt"
contains "huge answer: warned" "$T/err" "only the first 8192 are scored"

# usage errors
expect_exit 2 "no drill file" "${K[@]}" drill run --answers "$T/answers.txt"
expect_exit 2 "no answers" "${K[@]}" drill run "$T/drill.kefu"
expect_exit 2 "two answer sources" "${K[@]}" drill run "$T/drill.kefu" --answers "$T/answers.txt" --model-answers

# the whole built-in library with its own model answers, zh and en
for f in "$KEFU_SOURCE_DIR"/kb/data/*.kefu; do
    grep -q '^ *scenario:' "$f" || continue
    for lang in zh en; do
        expect_exit 0 "model answers pass: $(basename "$f") $lang" \
            "$KEFU" --db "$DB" --lang $lang drill run "$f" --model-answers --json
        lacks "no model answer fails: $(basename "$f") $lang" "$T/out" '"passed": false'
    done
done

# A trainer imports a drill file, then runs that same file: the imported copy
# must not count as a duplicate of the file's own scenario.
mkdir -p "$T/imp"
cat > "$T/imp/late.kefu" <<'KEFU'
scenario: late-parcel-import
tier: basic
category: shipping
title: 快递晚了
title@en: Late parcel
brief: 买家问快递。
customer: 我的快递怎么还没到？
customer@en: Where is my parcel?
expect 50 greeting: 您好 | hello
expect 50 resolve: 查询 | check
answer: 您好，我马上为您查询。
answer@en: Hello, I will check right away.
KEFU
echo "您好，我帮您查询一下" > "$T/imp/a.txt"
expect_exit 0 "import a drill file" "$KEFU" --lang en --db "$T/imp/k.db" kb import "$T/imp/late.kefu"
expect_exit 0 "run the drill file that was imported" "$KEFU" --lang en --db "$T/imp/k.db" drill run "$T/imp/late.kefu" --answers "$T/imp/a.txt"
lacks "imported copy is no duplicate" "$T/err" "duplicate slug"

# an incomplete drill is not passed; a folder or broken bytes as answers
expect_exit 1 "short: not passed (json)" "${K[@]}" drill run "$T/drill.kefu" --answers "$T/short.txt" --json
contains "short json: passed false" "$T/out" '"passed": false'
contains "short json: not finished, 1 of 3" "$T/out" '"finished": false, "answered": 1, "total": 3'
expect_exit 1 "short: not passed (text)" "${K[@]}" --lang en drill run "$T/drill.kefu" --answers "$T/short.txt"
contains "short text: not finished" "$T/out" "not finished: 1 of 3 turns answered"
lacks "short text: never passed" "$T/out" "passed (pass mark"
expect_exit 1 "answers is a folder" "${K[@]}" --lang en drill run "$T/drill.kefu" --answers "$T"
contains "folder: error with Try" "$T/err" "is a folder. Try: "
lacks "folder: nothing scored" "$T/out" "Score:"
{ printf '\xff\xfe bad bytes\n'; tail -n +2 "$T/answers.txt"; } >"$T/latin.txt"
expect_exit 0 "answers not UTF-8" "${K[@]}" --lang en drill run "$T/drill.kefu" --answers "$T/latin.txt"
contains "not UTF-8: warned with FILE:LINE" "$T/err" "latin.txt:1: the answer is not valid UTF-8"

# drill run is a dry run of a script (ARCHITECTURE.md): naming a trainee says
# nothing was stored, and report says plainly how practice is stored
RD="$T/dry.db"
expect_exit 0 "drill run for a named trainee" "$KEFU" --db "$RD" --lang en --user mei drill run "$T/drill.kefu" --answers "$T/answers.txt"
contains "drill run --user: says nothing was stored" "$T/out" "Info: Nothing was stored for mei: drill run only scores the answers"
expect_exit 0 "report after a dry run" "$KEFU" --db "$RD" --lang en report
contains "report: how practice is stored, plainly" "$T/out" "kefu drill run only scores and stores nothing"
expect_exit 0 "drill run --json: no extra line" "$KEFU" --db "$RD" --lang en --user mei drill run "$T/drill.kefu" --answers "$T/answers.txt" --json
lacks "drill run --json: JSON only" "$T/out" "Nothing was stored"
# report lists a trainee with hours and no practice
TZ=Asia/Shanghai KEFU_NOW=2026-03-02T12:00:00+08:00 expect_exit 0 "hours for a trainee who never practised" \
    "$KEFU" --db "$RD" --lang en --user bo hours add --from 2026-03-02T09:00 --to 2026-03-02T10:00
TZ=Asia/Shanghai KEFU_NOW=2026-03-02T12:00:00+08:00 expect_exit 0 "report with an hours-only trainee" "$KEFU" --db "$RD" --lang en report
contains "report: the hours-only trainee is listed" "$T/out" "Info: bo: tier basic; no practice yet."
contains "report: with the hours" "$T/out" "bo worked 1h 00m today"
TZ=Asia/Shanghai KEFU_NOW=2026-03-02T12:00:00+08:00 expect_exit 0 "report --json with an hours-only trainee" "$KEFU" --db "$RD" --lang en report --json
contains "report --json: the hours-only trainee" "$T/out" '"user": "bo"'
finish
