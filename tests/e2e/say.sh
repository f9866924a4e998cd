#!/usr/bin/env bash
# kefu say: the issue's "Done when" sentence to a WAV file (16 kHz mono,
# speech of plausible length, Chinese in Mandarin, digits one by one), the
# plan and phonemes behind it, and every bad input with its exit status.
. "$(dirname "$0")/lib.sh"
command -v soxi >/dev/null || { echo "sox (soxi) is needed"; exit 1; }
export PULSE_SERVER=unix:/nonexistent/kefu-e2e-pulse   # never a real speaker
unset SSH_CONNECTION
done_when='您好，请问有什么可以帮您？Your order 12345 has shipped.'

# ---- the Done-when command ---------------------------------------------------
expect_exit 0 "say --wav writes the Done-when sentence" \
    "$KEFU" --lang en say --wav "$T/out.wav" "$done_when"
contains "the spoken text is printed first" "$T/out" "Saying: $done_when"
contains "and where it went" "$T/out" "out.wav"
if [ "$(soxi -r "$T/out.wav")" = 16000 ] && [ "$(soxi -c "$T/out.wav")" = 1 ] &&
   [ "$(soxi -b "$T/out.wav")" = 16 ] && [ "$(soxi -t "$T/out.wav")" = wav ]; then
    pass "out.wav is a 16 kHz mono 16-bit WAV"
else fail "out.wav format" "$(soxi "$T/out.wav" 2>&1)"; fi
dur=$(soxi -D "$T/out.wav")
if awk -v d="$dur" 'BEGIN { exit !(d > 3.0 && d < 9.0) }'; then
    pass "plausible duration ($dur s)"; else fail "duration $dur s out of 3..9"; fi
rms=$(sox "$T/out.wav" -n stat 2>&1 | awk '/RMS *amplitude/ { print $3 }')
if awk -v r="$rms" 'BEGIN { exit !(r > 0.03) }'; then
    pass "the file holds sound, not silence (RMS $rms)"; else fail "silent WAV (RMS $rms)"; fi
size=$(stat -c %s "$T/out.wav")
samples=$(soxi -s "$T/out.wav")
if [ "$size" -eq $((samples * 2 + 44)) ]; then pass "header sizes match the data"
else fail "header says $samples samples, file has $size bytes"; fi

# ---- what was said: Mandarin for the Chinese, digits one by one --------------
expect_exit 0 "--dry-run shows the plan" "$KEFU" --lang en say --dry-run "$done_when"
contains "Chinese run with the pinyin voice" "$T/out" "Voice: cmn-latn-pinyin; Text: 您好，请问有什么可以帮您？"
contains "order number digit by digit" "$T/out" "Voice: en-us; Text: Your order 1 2 3 4 5 has shipped."
expect_exit 0 "--phonemes shows eSpeak's phonemes" "$KEFU" --lang en say --phonemes "$done_when"
zh_line=$(grep "cmn-latn-pinyin" "$T/out")
case "$zh_line" in
    *"n'i35n"*) pass "您 is read nin2 (Mandarin tones)";;
    *) fail "no Mandarin tones in: $zh_line";;
esac
case "$zh_line" in
    *"(en)"*|*"t'u:"*|*"Tr'i:"*) fail "English words in the Chinese run: $zh_line";;
    *) pass "no English words or digit names in the Chinese run";;
esac
contains "one two three four five" "$T/out" "w'Vn t'u: Tr'i: f'o@ f'aIv"
expect_exit 0 "--json plan" "$KEFU" --json --lang en say --dry-run "订单12345，¥12.50"
contains "Chinese digits one by one, amount as a number" "$T/out" '"text": "订单幺二三四五，十二点五零元"'

# ---- voices and stdin --------------------------------------------------------
expect_exit 0 "--list-voices" "$KEFU" --lang en say --list-voices
contains "lists the Mandarin pinyin voice" "$T/out" "Voice: cmn-latn-pinyin; Name:"
expect_exit 0 "--list-voices --json" "$KEFU" --json --lang en say --list-voices
contains "JSON voice list" "$T/out" '"voice": "en-us"'
echo "Tracking number SF1234567890." > "$T/in.txt"
expect_exit 0 "text from standard input" sh -c "\"$KEFU\" --lang en say --wav \"$T/in.wav\" - < \"$T/in.txt\""
contains "stdin text printed" "$T/out" "Saying: Tracking number SF1234567890."
if [ "$(soxi -D "$T/in.wav" | cut -d. -f1)" -ge 2 ]; then pass "stdin speech written"; else fail "stdin WAV too short"; fi
"$KEFU" --speech espeak --lang en say "probe" >/dev/null 2>"$T/probe.err"
if grep -q "sound server" "$T/probe.err"; then    # this machine has no sound
    # espeak asked for by name, and it cannot speak: the text, then exit 1
    expect_exit 1 "explicit espeak without a sound server: text, then exit 1" \
        "$KEFU" --speech espeak --lang en say "hello there"
    contains "text still printed" "$T/out" "Saying: hello there"
    n=$(grep -c "sound server" "$T/err")
    if [ "$n" -eq 1 ]; then pass "no sound server: said once"; else fail "said $n times" "$(cat "$T/err")"; fi
    contains "nothing spoken is an error with Try" "$T/err" "nothing was spoken: the espeak speech backend is not available. Try: "
    # --speech auto carries on in text: one warning, exit 0
    expect_exit 0 "auto speech without a sound server carries on in text" \
        "$KEFU" --speech auto --lang en say "hello there"
    contains "auto: text printed" "$T/out" "Saying: hello there"
    n=$(grep -c "warning" "$T/err")
    if [ "$n" -le 1 ]; then pass "auto: at most one warning"; else fail "auto: $n warnings" "$(cat "$T/err")"; fi
fi
expect_exit 1 "speech-dispatcher asked for and missing: text, then exit 1" \
    env XDG_RUNTIME_DIR="$T" "$KEFU" --speech speechd --lang en say "hello"
contains "says speech-dispatcher is missing" "$T/err" "speech-dispatcher"
contains "speechd: text still printed" "$T/out" "Saying: hello"

# ---- bad input -----------------------------------------------------------------
printf 'bad \377 byte and \376 another\n' > "$T/bad.txt"
expect_exit 0 "invalid UTF-8 is replaced" sh -c "\"$KEFU\" --lang en say --wav \"$T/bad.wav\" - < \"$T/bad.txt\""
n=$(grep -c "not valid UTF-8" "$T/err")
if [ "$n" -eq 1 ]; then pass "invalid UTF-8 warned once"; else fail "warned $n times"; fi
contains "replacement character shown" "$T/out" "bad � byte"
expect_exit 2 "unknown voice" "$KEFU" --lang en say --wav "$T/v.wav" --voice en-uss "hi"
contains "close matches listed" "$T/err" "close matches: "
contains "en-us among them" "$T/err" "en-us"
[ -e "$T/v.wav" ] && fail "a WAV was left for a bad voice" || pass "nothing written for a bad voice"
expect_exit 0 "empty text says nothing" "$KEFU" --lang en say --wav "$T/e.wav" "   "
if [ ! -s "$T/out" ] && [ ! -e "$T/e.wav" ]; then pass "empty: no output, no file"; else fail "empty text produced output"; fi
expect_exit 1 "unwritable WAV path" "$KEFU" --lang en say --wav "$T/no/such/dir/x.wav" "hi"
contains "names the path" "$T/err" "$T/no/such/dir/x.wav"
contains "unwritable WAV path: says what to do" "$T/err" ". Try: check that the folder exists"
expect_exit 1 "unwritable WAV path (zh)" "$KEFU" --lang zh say --wav "$T/no/such/dir/x.wav" "你好"
contains "unwritable WAV path (zh): says what to do" "$T/err" ". Try: "
# every error of kefu say says what to do (ACCESSIBILITY.md 5)
for args in "--wav $T/no/such/dir/y.wav hi" "--wav $T hi" "--rate 500 hi" "--voice en-uss hi" "--loud hi"; do
    # shellcheck disable=SC2086
    "$KEFU" --lang en say $args >/dev/null 2>"$T/err"
    if grep -q "^kefu: error: .*\. Try: " "$T/err"; then pass "say $args: the error has a Try"; else
        fail "say $args: the error has a Try" "$(cat "$T/err")"; fi
done
expect_exit 2 "rate out of range" "$KEFU" --lang en say --rate 500 "hi"
contains "rate range given" "$T/err" "80 to 450"
expect_exit 2 "rate not a number" "$KEFU" --lang en say --rate fast "hi"
expect_exit 2 "pitch out of range" "$KEFU" --lang en say --pitch 101 "hi"
expect_exit 2 "volume out of range" "$KEFU" --lang en say --volume 201 "hi"
expect_exit 2 "no text" "$KEFU" --lang en say
expect_exit 2 "unknown option" "$KEFU" --lang en say --loud "hi"
mkdir -p "$T/nodata/espeak-ng-data"
expect_exit 1 "missing espeak-ng-data" env ESPEAK_DATA_PATH="$T/nodata" "$KEFU" --lang en say --wav "$T/d.wav" "hi"
contains "names the package" "$T/err" "espeak-ng-data"
[ -e "$T/d.wav" ] && fail "a WAV was left without speech data" || pass "nothing written without speech data"

# ---- killed mid-file: the header is still right -------------------------------
for i in $(seq 400); do echo "Order number 2026021500$i has left the warehouse and is on its way to you."; done > "$T/long.txt"
"$KEFU" --lang en say --wav "$T/killed.wav" - < "$T/long.txt" >/dev/null 2>&1 &
pid=$!
sleep 0.5
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
size=$(stat -c %s "$T/killed.wav" 2>/dev/null || echo 0)
samples=$(soxi -s "$T/killed.wav" 2>/dev/null || echo -1)
data=$((size - 44))
if [ "$samples" -gt 0 ] && [ $((samples * 2)) -le "$data" ] && [ $((data - samples * 2)) -lt 65536 ]; then
    pass "a killed kefu leaves a valid WAV ($samples samples)"
else fail "killed WAV: $samples samples, $size bytes"; fi
finish
