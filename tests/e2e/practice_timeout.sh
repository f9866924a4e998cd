#!/bin/bash
# practice_timeout.sh -- a drill turn that runs out of time says so once:
# the prompt's "Warning: Time is up", then only what follows ("Your answer
# is scored as it is."), never "Time is up" a second time (a screen reader
# would read it twice). English and Chinese, in a real terminal (tmux).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/a11y_lib.bash"
export NO_COLOR=1 TERM=xterm-256color
hello_drill "$T/short.kefu" short-hello 5s
for lang in en zh; do
    if [ $lang = en ]; then up="Time is up"; scored="Info: Your answer is scored as it is."; score="Score:"
    else up="时间到"; scored="信息：按你已输入的内容评分。"; score="得分："; fi
    tm_start "$KEFU" --db "$T/$lang.db" --user sam --lang $lang --plain --speech none practice --drill "$T/short.kefu"
    tm_expect "$lang: the turn times out and is scored" "$score" 30
    tm_expect "$lang: what follows the time-out is said" "$scored" 1
    n=$(tm_count "$up")
    if [ "$n" = 1 ]; then pass "$lang: '$up' is said once"; else
        fail "$lang: '$up' is said once" "said $n times" "$(tm_screen | grep -v '^$' | tail -n 8)"; fi
    tm_wait "EXIT=0" 10 && pass "$lang: the session ends" || fail "$lang: the session ends" "$(tm_screen | tail -n 4)"
    raw_clean "$lang: plain output"
    tm_stop
done

# No time limits by default (ACCESSIBILITY.md 19): the built-in library's first
# basic scenario suggests 30 s (a warning would come after 10 s), but plain
# practice ignores it unless the trainee asks for it.
tm_start "$KEFU" --db "$T/lib.db" --user ana --lang en --plain --speech none practice --count 1
tm_expect "library: the first customer line" "Customer:" 20
sleep 12
if tm_screen | grep -q "seconds left"; then fail "library: no time limit by default" "$(tm_screen | grep 'seconds left')"
else pass "library: no time limit by default"; fi
# "/word" typed at the key prompt is a command, as at the line prompt: it was
# scored and stored as an answer
tm_keys "/hint" Enter
tm_expect "keys: /hint typed at the prompt gives the hint" "Hint: Cover:"
tm_keys "/frob" Enter
tm_expect "keys: an unknown /word says how to get help" "Type /help to hear the commands."
if tm_screen | grep -q "You said: /"; then fail "keys: a /word is never an answer" "$(tm_screen | grep 'You said')"
else pass "keys: a /word is never an answer"; fi
tm_stop
printf '[practice]\nlibrary_time_limits = true\n' >"$T/timed.ini"
tm_start "$KEFU" --config "$T/timed.ini" --db "$T/lib2.db" --user ana --lang en --plain --speech none practice --count 1
tm_expect "library: the first customer line (timed)" "Customer:" 20
tm_expect "library: limits when the trainee asks for them" "seconds left" 20
tm_stop
finish
