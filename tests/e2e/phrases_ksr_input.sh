#!/bin/bash
# phrases_ksr_input.sh -- `kefu phrases ksr FILE` refuses what is not a text
# file of answers instead of measuring it: a directory (was "has no
# answers"), a binary file or other non-UTF-8 text (was measured as garbage,
# exit 0), a line longer than the read buffer (was counted as two answers).
# Each is exit 1 with FILE[:LINE], what is wrong and what to do.
. "$(dirname "$0")/lib.sh"

expect_exit 1 "a directory is refused" "$KEFU" --lang en phrases ksr "$T"
contains "a directory: says it cannot be read" "$T/err" "cannot read $T: Is a directory. Try: give a text file"

printf 'Hello, how can I help?\nSorry \xff\xfe for the wait.\n' >"$T/latin.txt"
expect_exit 1 "a line that is not UTF-8 is refused" "$KEFU" --lang en phrases ksr "$T/latin.txt"
contains "not UTF-8: file and line" "$T/err" "$T/latin.txt:2: not UTF-8 text. Try: save the answers as UTF-8 text"
lacks "not UTF-8: no score" "$T/out" "Score:"

printf '\xed\xa0\x80 surrogate\n' >"$T/surrogate.txt"
expect_exit 1 "an encoded surrogate is not UTF-8" "$KEFU" --lang en phrases ksr "$T/surrogate.txt"

head -c 9000 /dev/zero | tr '\0' a >"$T/long.txt"; echo >>"$T/long.txt"
expect_exit 1 "an over-long line is refused, not split" "$KEFU" --lang en phrases ksr "$T/long.txt"
contains "over-long: file and line" "$T/err" "$T/long.txt:1: the line is longer than 8191 bytes"

printf 'Hello, how can I help?\n您好，请问有什么可以帮您？\n' >"$T/ok.txt"
check "good UTF-8 answers are measured" "$KEFU" --lang en phrases ksr "$T/ok.txt"
contains "good answers: score" "$T/out" "in 2 answers"

expect_exit 1 "zh: a directory" "$KEFU" --lang zh phrases ksr "$T"
contains "zh: a directory in Chinese" "$T/err" "无法读取 $T"
finish
