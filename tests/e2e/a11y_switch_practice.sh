#!/bin/bash
# a11y_switch_practice.sh -- ACCESSIBILITY.md 18 in a real practice session:
# `kefu --switch practice` in a terminal (tmux), one turn answered, submitted
# and scored with nothing but Space (move) and Enter (choose). The choices of
# a turn are the likeliest openings of an answer, then completions of what
# has been chosen so far, snippets and commands; never the turn's own model
# answer word for word.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/a11y_lib.bash"
export NO_COLOR=1 TERM=xterm-256color
DB="$T/sw.db"

tm_start "$KEFU" --db "$DB" --user sam --lang en --switch practice --count 1
tm_expect "practice starts in switch mode" "Customer:" 20
tm_expect "the first choice is announced" "Choice 1 of" 20
tm_expect "the welcome explains switch access, not 'space to talk'" "Info: Switch access: Space moves through the choices" 1
if tm_screen | grep -q "to answer by voice"; then fail "no 'press space to answer by voice' in switch mode"; else
    pass "no 'press space to answer by voice' in switch mode"; fi
first=$(tm_screen | grep 'Choice 1 of' | tail -n 1)
case "$first" in
    *"Submit the answer"* | *"Repeat"* | *"repeat"*) fail "a turn offers an opening of an answer first" "$first" ;;
    *) pass "a turn offers an opening of an answer first" ;;
esac
tm_keys Enter                                   # take the first opening
tm_expect "Enter chooses it" "Info: Answer so far:"
tm_keys Enter                                   # and the first completion of it
tm_wait_count "Info: Answer so far:" 2 && pass "completions are choices too" ||
    fail "completions are choices too" "$(tm_screen | grep -v '^$' | tail -n 8)"
tm_wait_count "Choice 1 of" 3           # the choices after the second choice are drawn
tm_step_to "Submit the answer" 40 && pass "Space moves to Submit" ||
    fail "Space moves to Submit" "$(tm_screen | grep Choice | tail -n 3)"
tm_keys Enter
tm_expect "the turn is scored: one practice turn with Space and Enter only" "Score:" 20
tm_stop

# ACCESSIBILITY.md 18 + 19: a drill's time limit can be extended with the
# switch. The warning names the key that chooses, and the scan jumps to
# "More time" when it comes (two keys), or holds there (one switch).
hello_drill "$T/limit.kefu" quick-hello 22s
for mode in two scan; do
    tm_start "$KEFU" --db "$T/lim-$mode.db" --user sam --lang en --speech none --switch=$mode practice --drill "$T/limit.kefu"
    tm_expect "$mode: the warning comes" "seconds left" 20
    if [ $mode = two ]; then
        tm_expect "$mode: the warning names the key that chooses" "seconds left; press Enter for more time" 1
    else
        tm_expect "$mode: the warning says to press the switch" "seconds left; press your switch now for more time" 1
    fi
    if tm_screen | grep -q "press w for more time"; then fail "$mode: no 'press w' in switch mode"; else pass "$mode: no 'press w' in switch mode"; fi
    last=$(tm_screen | grep 'Choice' | tail -n 1)
    case "$last" in *"More time"*) pass "$mode: the scan is at More time" ;; *) fail "$mode: the scan is at More time" "$last" ;; esac
    if [ $mode = two ]; then tm_keys Enter; else tm_keys Space; fi
    tm_expect "$mode: the switch gives more time" "Info: More time:" 5
    sleep 2
    if tm_screen | grep -q "Time is up"; then fail "$mode: the turn does not time out"; else pass "$mode: the turn does not time out"; fi
    tm_stop
done

# The choices say what they are and fit the turn: at a scenario's start a
# greeting comes first; text is announced as text ('add "..."'), so an
# opening that reads like a menu ("快捷短语") is never taken for one; before
# anything is chosen the "Your answer:" label is not drawn at every step (the
# Choice lines are the prompt; a11y_session checks the cursor once it has text).
tm_start "$KEFU" --db "$T/ctx.db" --user sam --lang zh --speech none --switch practice --count 1
tm_expect "zh: the first choice is announced" "选项 1/" 20
first=$(tm_screen | grep '选项 1/' | head -n 1)
case "$first" in
    *"加上“您好"* | *"加上“亲"* | *"加上“你好"*) pass "zh: a greeting first at the start of an answer" ;;
    *) fail "zh: a greeting first at the start of an answer" "$first" ;;
esac
for i in 1 2 3 4; do c=$(tm_count "选项"); tm_keys Space; tm_wait_count "选项" $((c + 1)); done
if tm_screen | grep -q "你的回答"; then fail "zh: nothing chosen: no prompt label at each step" "$(tm_screen | grep -c 你的回答)"; else
    pass "zh: nothing chosen: no prompt label at each step"; fi
# (the scan's tag is 选项 in Chinese)
if TM_CHOICE=选项 tm_step_to "重复顾客的上一句话" 20; then
    last=$(tm_screen | grep '选项' | tail -n 1)
    case "$last" in *"加上"*) fail "zh: a command is not announced as text" "$last" ;; *) pass "zh: a command is not announced as text" ;; esac
else
    fail "zh: the scan reaches the repeat command" "$(tm_screen | grep '选项' | tail -n 3)"
fi
tm_stop

# A listener hears each choice as announced: punctuation or a blank alone
# is named in words ("add comma"; a screen reader says nothing for
# 'add "!"'), and choices that add the same words ("Hello", "Hello,") are one
# step, not two. One round of choices after an opening is chosen.
tm_start "$KEFU" --db "$T/round.db" --user sam --lang en --speech none --switch practice --count 1
tm_expect "round: the first choice is announced" "Choice 1 of" 20
tm_keys Enter
tm_expect "round: an opening is chosen" "Info: Answer so far:"
tm_wait_count "Choice 1 of" 2
if tm_step_to "Submit the answer" 40; then
    tm_screen | sed -n '/Answer so far:/,$p' | grep 'Choice [0-9]* of' >"$T/round"
    if grep -E 'add “[[:punct:][:space:]，。！？、：；…]*”' "$T/round"; then
        fail "round: punctuation alone is named in words" "$(grep -E 'add “[[:punct:][:space:]，。！？、：；…]*”' "$T/round")"
    else pass "round: punctuation alone is named in words"; fi
    if grep -qE 'add (comma|period|exclamation mark|question mark)' "$T/round"; then
        pass "round: a punctuation choice is there, named"
    else fail "round: a punctuation choice is there, named" "$(cat "$T/round")"; fi
    dups=$(grep -o 'add “[^”]*”' "$T/round" | sed 's/^add “//; s/”$//' | tr 'A-Z' 'a-z' |
           sed 's/[[:punct:][:space:]]*$//' | grep . | sort | uniq -d)
    if [ -z "$dups" ]; then pass "round: no two choices add the same words"; else
        fail "round: no two choices add the same words" "$dups" "$(cat "$T/round")"; fi
else
    fail "round: the scan reaches Submit" "$(tm_screen | grep Choice | tail -n 3)"
fi
tm_stop

finish
