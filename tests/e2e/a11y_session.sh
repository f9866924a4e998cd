#!/bin/bash
# a11y_session.sh -- the interactive prompt in a real terminal (tmux), through
# `kefu keys --try` (the practice prompt without scoring): ACCESSIBILITY.md
# 1 (plain bytes at a prompt), 11 (rate announced and remembered), 12
# (repeat), 13 (spell), 14 (verbosity), 15 (single keys), 16 (remapping,
# function keys, shortcuts off), 17 (bounce), 18 (switch access, scanning), 19 (time-limit
# warning and one-key extension), 20 (completion on Tab), 22 (cursor).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/a11y_lib.bash"
export NO_COLOR=1 TERM=xterm-256color
DB="$T/a11y.db"
K() { tm_start "$KEFU" --db "$DB" --lang en "$@"; }

# ---- single keys, repeat, spell, rate, verbosity, answer, completion --------
printf '[snippets]\n/ty = Thank you for your patience.\n[input]\nauto_offer = false\n' >"$T/ty.ini"
K --config "$T/ty.ini" keys --try
tm_expect "prompt shown" "Your answer:" 20
n=$(tm_count "Customer:")
tm_keys r
tm_expect_count "r repeats the customer line" "Customer:" $((n + 1))
tm_keys s
tm_expect "s spells the order number digit by digit" "Info: Spelling: T B 2 0 2 4 0 3 1 5 0 0 1"
tm_keys d
tm_expect "d: faster, announced" "Info: Rate: 200 words per minute"
tm_keys v
tm_expect "v: more detail, announced" "Info: Verbosity: 3 of 3, verbose"
tm_keys f
tm_expect "f: hint command" "Info: Command: hint"
tm_keys e
tm_expect "e: the key list, what each does first" "character by character: s (spell)"
tm_keys "Thank you for waiting" Enter
tm_expect "a typed answer" "You said: Thank you for waiting"
tm_keys "I'm so sorry " Tab
tm_expect "Tab lists completions, numbered" "1: "
tm_keys 1 Enter
if tm_wait "You said: I'm so sorry" && tm_screen | grep -q "^You said: I'm so sorry ..*"; then
    pass "a digit right after Tab takes a completion"
else
    fail "a digit right after Tab takes a completion" "$(tm_screen | tail -n 5)"
fi
tm_keys "/ty" Tab Enter
tm_expect "a snippet expands on Tab" "You said: Thank you for your patience."
tm_keys "Order 12" Enter
tm_expect "digits without Tab are text" "You said: Order 12"
# a lone Escape is kefu's, never readline's Meta prefix (each key sent on
# its own, as a person presses them); arrows still edit and recall (below:
# moving the cursor back is not plain output)
said() { tm_wait "You said: $1" 5 && tm_screen | grep -qx -- "You said: $1"; }
tm_keys "Hello"; tm_keys Escape; tm_keys x; tm_keys Enter
said "Hellox" && pass "Escape x: the x is typed" || fail "Escape x: the x is typed" "$(tm_screen | tail -n 3)"
tm_keys "Hello"; tm_keys Escape; tm_keys b; tm_keys Z; tm_keys Enter
said "HellobZ" && pass "Escape b: no word back" || fail "Escape b: no word back" "$(tm_screen | tail -n 3)"
tm_keys "Hello"; tm_keys Escape; tm_keys Escape; tm_keys y; tm_keys Enter
said "Helloy" && pass "Escape Escape y: no ESC byte in the answer" ||
    fail "Escape Escape y: no ESC byte in the answer" "$(tm_screen | tail -n 3 | od -c | head -n 5)"
tm_keys q
tm_expect "q quits" "EXIT=0"
raw_clean "plain bytes at the prompt (NO_COLOR), cursor never hidden"
"$KEFU" --db "$DB" --lang en config show >"$T/out" 2>&1
contains "the rate is remembered" "$T/out" "speech.rate: 200"
contains "the verbosity is remembered" "$T/out" "output.verbosity: 3"
K --config "$T/ty.ini" keys --try
tm_expect "prompt shown again" "Your answer:" 20
tm_keys "Habc"; tm_keys Left; tm_keys Left; tm_keys X; tm_keys Enter
said "HaXbc" && pass "Left arrow still moves the cursor" || fail "Left arrow still moves the cursor" "$(tm_screen | tail -n 3)"
tm_keys "Hz"; tm_keys BSpace; tm_keys BSpace; tm_keys Up; tm_keys Enter
tm_expect_count "Up still recalls the last answer" "You said: HaXbc" 2
# Alt+B (the terminal sends ESC b at once) is still readline's word back
tm_keys "Hello world"; tm_keys M-b; tm_keys X; tm_keys Enter
said "Hello Xworld" && pass "Alt+B still moves a word back" || fail "Alt+B still moves a word back" "$(tm_screen | tail -n 3)"
tm_keys q
tm_expect "q quits after the arrows" "EXIT=0"

# ---- the help key names keys as a person hears them, in their language -------
tm_start "$KEFU" --db "$DB" --lang zh keys --try
tm_expect "zh: the prompt label ends in a full-width colon" "你的回答：" 20
tm_keys e
tm_expect "zh: the help key says 空格键, not 'space'" "空格键 (talk)"
if tm_screen | grep -q ": space (talk)"; then fail "zh: no raw key name in the help list"; else
    pass "zh: no raw key name in the help list"; fi
tm_expect "zh: the help list's labels end in a full-width colon" "重复顾客的上一句话：r (repeat)"
tm_keys q
tm_wait "EXIT=0"
printf '[input]\nauto_offer = true\n' >"$T/offer-zh.ini"
tm_start "$KEFU" --db "$DB" --lang zh --config "$T/offer-zh.ini" keys --try
tm_wait "你的回答：" 20
tm_keys t 非常
tm_expect "zh: an offer's label ends in a full-width colon" "Tab：" 10
if tm_screen | grep -q "^Tab: "; then fail "zh: no half-width colon after Tab"; else pass "zh: no half-width colon after Tab"; fi
tm_stop

# ---- the automatic offer: Tab takes it; printed once ---------------------
# Plain mode (NO_COLOR here) is how screen reader users run kefu: no offer
# comes by itself unless input.auto_offer is set.
K keys --try
tm_wait "Your answer:" 20
tm_keys "Thank you kindly for waiting" Enter
tm_wait "You said: Thank you kindly for waiting"
tm_keys "Thank you k"
sleep 1.5
if tm_screen | grep -q "^Tab:"; then fail "plain mode: no offer by default" "$(tm_screen | grep '^Tab:')"; else
    pass "plain mode: no offer by default"; fi
tm_keys Enter
tm_wait "You said: Thank you k"
tm_keys q
tm_wait "EXIT=0"
printf '[input]\nauto_offer = true\n' >"$T/offer.ini"
K --config "$T/offer.ini" keys --try
tm_wait "Your answer:" 20
tm_keys "Thank you kindly for waiting" Enter
tm_wait "You said: Thank you kindly for waiting"
tm_keys "Thank you k"
tm_expect "an offer is shown by itself (the trainee's own answer)" "Tab: kindly for waiting"
for c in i n d; do tm_keys "$c"; sleep 0.6; done     # typing along it, pausing
since() { tm_screen | sed -n '/^You said: Thank you kindly/,$p'; }
[ "$(since | grep -c '^Tab: ')" -eq 1 ] && pass "typing along an offer prints it no more" ||
    fail "typing along an offer prints it no more" "$(tm_screen | grep -v '^$' | tail -n 8)"
# the prompt line typed on, and once more below the offer
[ "$(since | grep -c '^Your answer:')" -eq 2 ] && pass "the input line is reprinted only after an offer" ||
    fail "the input line is reprinted only after an offer" "$(tm_screen | grep -v '^$' | tail -n 8)"
tm_keys Tab Enter
tm_expect_count "Tab takes the offer shown" "You said: Thank you kindly for waiting" 2
tm_keys q
tm_wait "EXIT=0"

# ---- remapped keys and bounce ------------------------------------------------
printf '[keys]\nrepeat = j\nspell = r\nhelp = F1\n[input]\nbounce_ms = 600\n' >"$T/remap.ini"
K --config "$T/remap.ini" keys --try
tm_wait "Your answer:" 20
n=$(tm_count "Customer:")
tm_keys j j                                 # one write: within 600 ms however slow tmux is
tm_expect_count "remapped repeat (j); a bounce is one press" "Customer:" $((n + 1))
sleep 0.7                                   # the delay has passed since the press was read
tm_keys j
tm_expect_count "the same key after the delay counts" "Customer:" $((n + 2))
tm_keys r
tm_expect "remapped spell (r)" "Info: Spelling:"
tm_keys F2 F1                               # F2 unbound: nothing (no typing starts)
tm_expect "a function key bound in [keys] (help = F1) runs its action" "list the keys: F1 (help)"
tm_keys q
tm_wait "EXIT=0"

# ---- shortcuts off: typed words + Enter ---------------------------------------
printf '[input]\nshortcuts = false\n' >"$T/off.ini"
K --config "$T/off.ini" keys --try
tm_wait "Your answer:" 20
n=$(tm_count "Customer:")
tm_keys r Enter
tm_expect "shortcuts off: r is text" "You said: r"
tm_keys repeat Enter
tm_expect_count "shortcuts off: the word 'repeat' + Enter" "Customer:" $((n + 1))
tm_keys quit Enter
tm_expect "shortcuts off: 'quit' + Enter" "EXIT=0"

# ---- switch access: two keys -----------------------------------------------
printf '[snippets]\n/sw = Sorry for the wait.\n' >"$T/sw.ini"
K --config "$T/sw.ini" keys --try --switch
tm_expect "switch: the first choice is announced" "Choice 1 of" 20
if tm_screen | grep -q "Your answer:"; then fail "switch: no prompt label before anything is chosen"; else
    pass "switch: no prompt label before anything is chosen"; fi
tm_expect "switch: the snippets are a list that says it opens" "Choice 1 of 6: Snippets, a list of 1; choose to open it" 1
tm_keys Enter                               # open the snippets
tm_expect "switch: the list opens, its text marked as text" "Choice 1 of 2: add “Sorry for the wait.”"
tm_keys Enter                               # the snippet
tm_expect "switch: Enter chooses" "Info: Answer so far: Sorry for the wait."
tm_wait_count "Choice 1 of" 2           # the choices after it are drawn
# ACCESSIBILITY.md 22: after the Choice lines the cursor sits at the end of
# the answer so far, on its input line (not on an empty line below them)
tm_wait "Your answer: Sorry for the wait." 5
got=$(tm_cursor_line)
if [ "$got" = "Your answer: Sorry for the wait." ]; then pass "switch: the cursor is at the end of the answer"; else
    fail "switch: the cursor is at the end of the answer" "cursor line: '$got'" "$(tm_screen | grep -v '^$' | tail -n 4)"; fi
tm_keys Space
tm_wait_count "Choice" 4
sleep 0.3
got=$(tm_cursor_line)
if [ "$got" = "Your answer: Sorry for the wait." ]; then pass "switch: after a step too"; else
    fail "switch: after a step too" "cursor line: '$got'"; fi
tm_step_to "Submit the answer" 30 && pass "switch: Space moves through the choices" ||
    fail "switch: Space moves through the choices" "$(tm_screen | grep Choice | tail -n 3)"
tm_keys Enter
tm_expect "switch: a whole answer with Space and Enter" "You said: Sorry for the wait."
tm_stop

# ---- switch access: one key, automatic scanning ------------------------------
# (3 s: Enter must reach kefu while choice 1 is still the current one)
printf '[snippets]\n/sw = Sorry for the wait.\n[input]\nscan_interval = 3\n' >"$T/scan.ini"
K --config "$T/scan.ini" keys --try --switch=scan
tm_expect "scan: first choice" "Choice 1 of" 20
tm_keys Enter                               # open the snippets
tm_expect "scan: the list opens" "Choice 1 of 2: add “Sorry for the wait.”"
tm_keys Enter
tm_expect "scan: the one key chooses" "Info: Answer so far: Sorry for the wait."
tm_expect "scan: the choices step by themselves" "Choice 2 of" 15
tm_stop

# ---- time limit: warning >= 20 s before the end, one-key extension -----------
K keys --try --limit 22
tm_expect "time limit: warned 20 s before the end" "seconds left; press w for more time" 20
tm_keys w
tm_expect "time limit: w gives more time" "Info: More time:"
tm_keys q
tm_wait "EXIT=0"

# scaled (x10) and switched off
printf '[practice]\ntime_limit_scale = 10\n' >"$T/scale.ini"
K --config "$T/scale.ini" keys --try --limit 2
tm_expect "time limit scaled x10: 2 s becomes 20 s" "20 seconds left; press w for more time" 20
tm_keys q
tm_wait "EXIT=0"
printf '[practice]\ntime_limits = false\n' >"$T/nolimit.ini"
K --config "$T/nolimit.ini" keys --try --limit 1
tm_wait "Your answer:" 20
sleep 2
if tm_screen | grep -qE "seconds left|Time is up"; then fail "time limits switched off"; else pass "time limits switched off"; fi
tm_keys q
tm_wait "EXIT=0"

# ---- no microphone: the talk key says "type your answer" once ---------------
tm_start env PULSE_SERVER="unix:$T/no-such-socket" "$KEFU" --db "$T/mic.db" --lang en --speech none practice --count 1
tm_expect "practice prompt" "Your answer:" 20
tm_keys Space
tm_expect "talk without a microphone warns" "Please type your answer." 15
w=$(tm_screen | grep 'Please type your answer' | tail -n 1)
case "$w" in
    *"answer by keyboard"*) fail "the advice to type is said once" "$w" ;;
    *) pass "the advice to type is said once" ;;
esac
tm_stop

finish
