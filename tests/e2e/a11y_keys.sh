#!/bin/bash
# a11y_keys.sh -- ACCESSIBILITY.md 15, 16 and 20 without a terminal: the key
# list (one per line, --json), remapping in [keys] with errors that name the
# config line, shortcuts off, snippets ([snippets] and a snippets file) and
# `kefu phrases ksr FILE`.
. "$(dirname "$0")/lib.sh"

check "kefu keys" "$KEFU" --lang en keys
contains "one binding per line, what it does first" "$T/out" "repeat the last customer line: r (repeat)"
contains "spell on s" "$T/out" "spell the last line, character by character: s (spell)"
contains "switch keys listed, named as on the keyboard and in the docs" "$T/out" "switch access: choose: Enter (scan_choose)"
lines=$(grep -c ': ' "$T/out"); [ "$lines" -ge 20 ] && pass "every action listed" || fail "every action listed" "$lines lines"
if grep -vE '^[a-z][^:]*(: [^:]+)?: ([a-z]|Space|Enter|Tab|backquote `) \([a-z_]+\)$' "$T/out" | grep -q .; then
    fail "each line is 'what it does: key (action)'" "$(grep -vE '^[a-z][^:]*(: [^:]+)?: ([a-z]|Space|Enter|Tab|backquote `) \([a-z_]+\)$' "$T/out")"
else pass "each line is 'what it does: key (action)'"; fi
lacks "no bare action id first" "$T/out" "scan_next: space"
check "kefu keys in Chinese" "$KEFU" --lang zh keys
contains "action help translated, full-width colon" "$T/out" "重复顾客的上一句话：r (repeat)"
lacks "zh: no half-width label colon" "$T/out" "话: "
contains "key names translated" "$T/out" "空格键 (talk)"

check "kefu keys --json" "$KEFU" --lang en keys --json
contains "--json: repeat on r" "$T/out" '"action": "repeat",'
flat() { tr -d '\n' <"$T/out" | sed 's/[[:space:]][[:space:]]*/ /g'; }
if flat | grep -qF '{ "action": "repeat", "key": "r", "help": "repeat the last customer line" }'; then
    pass "--json: action, key, help"; else fail "--json: action, key, help" "$(head -c 300 "$T/out")"; fi

# remapping: a swap and a new key work; the list shows them
printf '[keys]\nrepeat = s\nspell = r\nhint = j\n' >"$T/ok.ini"
check "remapped keys accepted" "$KEFU" --lang en --config "$T/ok.ini" keys
contains "remapped: repeat" "$T/out" "repeat the last customer line: s (repeat)"
contains "remapped: spell" "$T/out" "character by character: r (spell)"
contains "remapped: hint" "$T/out" "give a hint: j (hint)"

# errors name the file and line, and say what to do
printf '# keys\n[keys]\nrepeat = j\nhint = q\nshout = k\nskip = 5\n' >"$T/bad.ini"
expect_exit 1 "bad [keys] refused" "$KEFU" --lang en --config "$T/bad.ini" keys
contains "key bound twice: FILE:LINE" "$T/err" "$T/bad.ini:4: error: [keys] hint = q: key 'q' is already bound to quit"
contains "unknown action: FILE:LINE" "$T/err" "$T/bad.ini:5: error: [keys] shout = k: unknown action 'shout'"
contains "digits are refused" "$T/err" "$T/bad.ini:6: error: [keys] skip = 5"
contains "the summary says what to do" "$T/err" "kefu: error: the key bindings have 3 error(s). Try:"
# a function key can be bound (the prompt decodes what terminals send)
printf '[keys]\nhelp = F1\n' >"$T/f1.ini"
check "F1 in [keys] taken" "$KEFU" --lang en --config "$T/f1.ini" keys
contains "F1: listed as the help key" "$T/out" "list the keys: F1 (help)"
printf '[keys]\ntalk = BACKSPACE\n' >"$T/case.ini"
check "key names: any case in [keys]" "$KEFU" --lang en --config "$T/case.ini" keys
contains "key names: shown as in the docs" "$T/out" "answer by voice: Backspace (talk)"
expect_exit 1 "a session refuses bad keys too" "$KEFU" --lang en --config "$T/bad.ini" keys --try

check "kefu keys, the list off (default)" "$KEFU" --lang en keys
lacks "no list line when input.offer_list is 0" "$T/out" "input.offer_list"
printf '[input]\noffer_list = 5\n' >"$T/list.ini"
check "kefu keys with the list of offers" "$KEFU" --lang en --config "$T/list.ini" keys
contains "digits and Escape with the list explained" "$T/out" "Info: the list of offers is on (input.offer_list = 5): after a pause in typing, a digit 1-5 takes an offer from the numbered line; to type a digit, press Escape first"
check "kefu keys --switch with the list set" "$KEFU" --lang en --switch --config "$T/list.ini" keys
lacks "no list line in switch access (the list is off there)" "$T/out" "input.offer_list"

printf '[input]\nshortcuts = false\n' >"$T/off.ini"
check "shortcuts off" "$KEFU" --lang en --config "$T/off.ini" keys
contains "shortcuts off is said" "$T/out" "single-key shortcuts are off"

# snippets
check "no snippets yet" "$KEFU" --lang en phrases
contains "how to add snippets" "$T/out" "[snippets]"
printf '/qj = 非常抱歉给您带来不便。\n# a comment\n/ty = Thank you for waiting.\nno equals sign\n/bad name = x\n' >"$T/snips.txt"
printf '[snippets]\n/hi = Hello, how can I help?\n[input]\nsnippets_file = %s\n' "$T/snips.txt" >"$T/sn.ini"
expect_exit 1 "bad snippet lines refused" "$KEFU" --lang en --config "$T/sn.ini" phrases
contains "snippet file error: FILE:LINE:COL" "$T/err" "$T/snips.txt:4:1: error: expected '/abbrev = text'"
contains "snippet name error" "$T/err" "$T/snips.txt:5:1: error: snippet name '/bad name'"
head -n 3 "$T/snips.txt" >"$T/snips2.txt"
printf '[snippets]\n/hi = Hello, how can I help?\n[input]\nsnippets_file = %s\n' "$T/snips2.txt" >"$T/sn2.ini"
check "kefu phrases" "$KEFU" --lang en --config "$T/sn2.ini" phrases
contains "config snippet listed" "$T/out" "/hi: Hello, how can I help?"
contains "file snippet listed" "$T/out" "/qj: 非常抱歉给您带来不便。"
check "kefu phrases --json" "$KEFU" --lang en --config "$T/sn2.ini" phrases --json
contains "json snippet" "$T/out" '"snippet": "/ty"'

# keystroke savings
printf "I'm so sorry for the delay.\n\nThank you for waiting!\n" >"$T/answers.txt"
check "kefu phrases ksr" "$KEFU" --lang en phrases ksr "$T/answers.txt"
contains "KSR printed as a score" "$T/out" "Score: KSR "
contains "counts in the line" "$T/out" "characters in 2 answers"
contains "baseline beside it" "$T/out" "Baseline, word completion only: KSR "
check "kefu phrases ksr --json" "$KEFU" --lang en phrases ksr "$T/answers.txt" --json
if flat | grep -qF '"chars": 49, "answers": 2,'; then
    pass "ksr --json fields"; else fail "ksr --json fields" "$(head -c 300 "$T/out")"; fi
typed=$(flat | grep -o '"keys_typed": [0-9]*' | cut -d' ' -f2)
choose=$(flat | grep -o '"keys_choose": [0-9]*' | cut -d' ' -f2)
[ -n "$typed" ] && [ $((typed + choose)) -lt 49 ] && pass "ksr: fewer keys than characters" ||
    fail "ksr: fewer keys than characters" "typed=$typed choose=$choose"
expect_exit 2 "ksr without a file" "$KEFU" --lang en phrases ksr
: >"$T/empty.txt"
expect_exit 1 "ksr on an empty file" "$KEFU" --lang en phrases ksr "$T/empty.txt"
contains "empty file explained" "$T/err" "has no answers"

finish
