#!/bin/bash
# a11y_ksr.sh -- `kefu phrases ksr FILE` (ACCESSIBILITY.md 20): it names the
# keystroke model it measures, uses the general English word model as a
# session does (input.general_model; "off" and a bad path), and measures
# Chinese answers too.
. "$(dirname "$0")/lib.sh"

# ordinary English words the knowledge base never uses
printf "Our photographer recommends an umbrella for the wedding.\nThe veterinarian appointment is tomorrow afternoon.\n" >"$T/general.txt"
flat() { tr -d '\n' <"$T/out" | sed 's/[[:space:]][[:space:]]*/ /g'; }
keys() { flat | grep -o "\"$1\": [0-9]*" | cut -d' ' -f2; }

check "ksr with the general word model" "$KEFU" --lang en phrases ksr "$T/general.txt" --json
if flat | grep -qF '"keystroke_model": "auto_offer_tab", "general_model": true'; then
    pass "json names the keystroke model and the word model"
else fail "json names the keystroke model and the word model" "$(head -c 400 "$T/out")"; fi
with=$(( $(keys keys_typed) + $(keys keys_choose) ))

printf '[input]\ngeneral_model = off\n' >"$T/off.ini"
check "ksr with the word model off" "$KEFU" --lang en --config "$T/off.ini" phrases ksr "$T/general.txt" --json
contains "json: general_model false" "$T/out" '"general_model": false'
without=$(( $(keys keys_typed) + $(keys keys_choose) ))
[ "$with" -lt "$without" ] && pass "the word model saves keys on ordinary words ($with < $without)" ||
    fail "the word model saves keys on ordinary words" "with=$with without=$without"

check "ksr says which keystroke model" "$KEFU" --lang en phrases ksr "$T/general.txt"
contains "keystroke model line" "$T/out" "Keystroke model: the automatic offer, taken with one Tab"
contains "KSR score line" "$T/out" "Score: KSR "
check "ksr --json without --offers" "$KEFU" --lang en phrases ksr "$T/general.txt" --json
contains "json: no list in view by default" "$T/out" '"offers_in_view": 0'
check "ksr --offers 9 --json" "$KEFU" --lang en phrases ksr "$T/general.txt" --offers 9 --json
contains "json: the list model with nine" "$T/out" '"offers_in_view": 9'
list=$(( $(keys keys_typed) + $(keys keys_choose) ))
[ "$list" -lt "$with" ] && pass "the list of nine saves more keys than the single offer ($list < $with)" ||
    fail "the list of nine saves more keys than the single offer" "list=$list single=$with"

printf '[input]\ngeneral_model = %s/missing.lm.bin\n' "$T" >"$T/bad.ini"
check "a model that cannot be read is not fatal" "$KEFU" --lang en --config "$T/bad.ini" phrases ksr "$T/general.txt"
contains "the warning names the setting" "$T/err" "input.general_model"
contains "and the file" "$T/err" "missing.lm.bin"

# Chinese answers: the same command, characters counted, phrases offered
printf "亲，非常抱歉给您带来不便。\n感谢您的耐心等待。\n" >"$T/zh.txt"
check "ksr on Chinese answers" "$KEFU" --lang en phrases ksr "$T/zh.txt" --json
if flat | grep -qF '"chars": 22, "answers": 2,'; then pass "Chinese characters counted, not bytes"
else fail "Chinese characters counted, not bytes" "$(head -c 300 "$T/out")"; fi
[ "$(keys keys_choose)" -gt 0 ] && pass "offers taken in Chinese" || fail "offers taken in Chinese" "$(head -c 300 "$T/out")"
check "ksr in Chinese, Chinese messages" "$KEFU" --lang zh phrases ksr "$T/zh.txt"
contains "zh: keystroke model line" "$T/out" "按键模型"
finish
