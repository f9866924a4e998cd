#!/bin/bash
# a11y_offer_list.sh -- input.offer_list (ACCESSIBILITY.md 20, 22) in a real
# terminal (tmux), through `kefu keys --try`: after a pause in typing one
# line of numbered offers below the input ("Offers: 1 ...; 2 ..."), a digit
# takes one, Escape then a digit types the digit (also when the list comes
# after the Escape), digits after a digit are text; the output stays
# plain (NO_COLOR) and the cursor at the end of the input. Then
# `kefu phrases ksr --offers N` names its keystroke model.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/a11y_lib.bash"
export NO_COLOR=1 TERM=xterm-256color
DB="$T/a11y.db"

printf '[input]\noffer_list = 5\noffer_delay = 0.2\n' >"$T/list.ini"
tm_start "$KEFU" --db "$DB" --lang en --config "$T/list.ini" keys --try
tm_expect "prompt shown" "Your answer:" 20
# tm_wait_re ERE [SECONDS]: until a screen line matches ERE
tm_wait_re() {
    local i
    for ((i = 0; i < ${2:-10} * 10; i++)); do
        tm_screen | grep -qE -- "$1" && return 0
        sleep 0.1
    done
    return 1
}
tm_keys "I'm so s"
if tm_wait_re '^Offers: 1 s' 10; then pass "a numbered list after the pause"
else fail "a numbered list after the pause" "$(tm_screen | grep -v '^$' | tail -n 6)"; fi
if tm_screen | grep -q "Tab: "; then fail "no single Tab offer in list mode" "$(tm_screen | tail -n 5)"
else pass "no single Tab offer in list mode"; fi
line=$(tm_screen | grep -E '^Offers: 1 s' | tail -n 1)
case "$line" in *"; 2 "*) pass "the offers on one line, tagged, '; ' between: $line" ;;
    *) fail "the offers on one line" "$line" ;; esac
first=${line#Offers: 1 }; first=${first%%; 2 *}      # the first offer as it will read
tm_keys 1
tm_wait "Your answer: I'm so $first" 10
cur=$(tmux -L "$TM_SOCK" display -p '#{cursor_x} #{cursor_y}' 2>/dev/null)
last=$(tm_screen | grep -n "^Your answer: I'm so $first" | tail -n 1)
row=$(( ${last%%:*} - 1 )); text=${last#*:}
# capture-pane drops trailing spaces: the cursor may be one past the text
if [ "${cur#* }" = "$row" ] && [ "${cur% *}" -ge "${#text}" ] && [ "${cur% *}" -le $(( ${#text} + 1 )) ]; then
    pass "the cursor stays at the end of the input ($cur)"
else
    fail "the cursor stays at the end of the input" "cursor $cur, line $row '${text}'"
fi
tm_keys Enter
if tm_wait "You said: I'm so $first" 10; then
    pass "a digit takes the offer (1 key): $first"
else fail "a digit takes the offer (1 key)" "$(tm_screen | tail -n 5)"; fi
# a digit while a list shows: Escape first; digits after a digit are text
n=$(tm_screen | grep -cE '^Offers: 1 ')
tm_keys "Order "
for ((i = 0; i < 100; i++)); do [ "$(tm_screen | grep -cE '^Offers: 1 ')" -gt "$n" ] && break; sleep 0.1; done
[ "$(tm_screen | grep -cE '^Offers: 1 ')" -gt "$n" ] && pass "a list after 'Order '" ||
    fail "a list after 'Order '" "$(tm_screen | tail -n 4)"
tm_keys Escape
tm_keys 1
sleep 0.4
tm_keys 2 Enter
tm_expect "Escape then a digit types it; after a digit no list" "You said: Order 12"
# Escape just before the list comes (typing paused after it): the digit
# after it is still text
tm_wait "You said: Order 12"
n=$(tm_screen | grep -cE '^Offers: 1 ')
tm_keys "Sorry " Escape
for ((i = 0; i < 100; i++)); do [ "$(tm_screen | grep -cE '^Offers: 1 ')" -gt "$n" ] && break; sleep 0.1; done
[ "$(tm_screen | grep -cE '^Offers: 1 ')" -gt "$n" ] && pass "a list after 'Sorry ' Escape" ||
    fail "a list after 'Sorry ' Escape" "$(tm_screen | tail -n 4)"
tm_keys 3 Enter
tm_expect "Escape, then a list, then a digit: typed" "You said: Sorry 3"
# an order number's capitals ("TB"): no list, so the digits after them are
# digits, however long the trainee pauses (a list there made "TB" + 2 "TB the")
tm_wait "You said: Sorry 3"
n=$(tm_screen | grep -cE '^Offers: 1 ')
tm_keys "T"
sleep 0.3
tm_keys "B"
sleep 1.2
m=$(tm_screen | grep -cE '^Offers: 1 ')
tm_keys 2 0 Enter
tm_expect "after capitals, a digit is a digit" "You said: TB20"
tm_screen | grep -E '^Offers: 1 ' | tail -n 2 | grep -qE '^Offers: 1 TB' &&
    fail "no list after the capitals" "$(tm_screen | grep -E '^Offers: 1 ' | tail -n 2)" ||
    pass "no list after the capitals ($n -> $m lists)"
tm_keys q
tm_expect "q quits" "EXIT=0"
raw_clean "plain bytes with the list (NO_COLOR), cursor never hidden"
# in Chinese: "候选：1 …；2 …" (full-width colon and semicolon)
tm_start "$KEFU" --db "$DB" --lang zh --config "$T/list.ini" keys --try
tm_expect "zh prompt shown" "你的回答：" 20
tm_keys t 非常
if tm_wait_re '^候选：1 [^；]+；2 ' 10; then pass "zh: the list tagged, full-width separators"
else fail "zh: the list tagged, full-width separators" "$(tm_screen | grep -v '^$' | tail -n 4)"; fi
tm_stop

printf "Sorry for the delay, I will check your order now.\n" >"$T/a.txt"
check "ksr with --offers 5" "$KEFU" --lang en phrases ksr "$T/a.txt" --offers 5 --json
flat() { tr -d '\n' <"$T/out" | sed 's/[[:space:]][[:space:]]*/ /g'; }
if flat | grep -qF '"keystroke_model": "offer_list_digit", "general_model": true, "offers_in_view": 5'; then
    pass "json names the list model"; else fail "json names the list model" "$(head -c 400 "$T/out")"; fi
check "ksr with --offers 5, text" "$KEFU" --lang en phrases ksr "$T/a.txt" --offers 5
contains "the model line says the list" "$T/out" "Keystroke model: a list of 5 offers in view"
expect_exit 2 "--offers 0 is refused" "$KEFU" --lang en phrases ksr "$T/a.txt" --offers 0
contains "the error says the range" "$T/err" "from 1 to 9"
finish
