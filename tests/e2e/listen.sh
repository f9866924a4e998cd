#!/bin/bash
# listen.sh -- `kefu listen` end to end: a librivox recording prints its
# text, a synthesised "look up order 4 0 2 7 1" comes back as the command
# with its digits (after one utterance has calibrated the user's voice,
# which is stored in the database and given back on the next run), JSON,
# and clear errors for bad input; the prompted enrolment (--enrol) from
# WAVs of a constructed other voice, then a listen that uses its warp.
# ctest-timeout: 300
. "$(dirname "$0")/lib.sh"
LIBRIVOX=/usr/share/pocketsphinx/test/data/librivox
DB="$T/kefu.db"
L() { "$KEFU" --db "$DB" --lang en --user lin listen "$@"; }

expect_exit 0 "librivox file prints text" L --wav "$LIBRIVOX/sense_and_sensibility_01_austen_64kb-0920.wav"
contains "You said: tag" "$T/out" "You said: "
# (the answers model is mixed with the library's text, so an Austen line is
# out of domain: check words every setting gets, not the whole line)
contains "librivox words" "$T/out" "married"
contains "librivox words 2" "$T/out" "woman"

# the order command, synthesised with a low noise floor
espeak-ng -v en-us -w "$T/o.wav" "look up order 4 0 2 7 1"
sox "$T/o.wav" -r 16000 -b 16 "$T/op.wav" pad 0.3 0.3
sox "$T/op.wav" "$T/nz.wav" synth whitenoise vol 0.002
sox -m -v 1 "$T/op.wav" -v 1 "$T/nz.wav" "$T/order.wav"
expect_exit 0 "first command (calibrates)" L --grammar commands --wav "$T/order.wav"
contains "a command is printed" "$T/out" "Command: lookup-order"
expect_exit 0 "order command" L --grammar commands --wav "$T/order.wav"
contains "order digits" "$T/out" "Command: lookup-order 40271"
contains "order text" "$T/out" "You said: look up order four zero two seven one"
expect_exit 0 "order command as JSON" L --grammar commands --wav "$T/order.wav" --json
contains "json command" "$T/out" '"command":"lookup-order","args":"40271"'
contains "json text" "$T/out" '"text":"look up order four zero two seven one"'
contains "json confidence" "$T/out" '"confidence":'
expect_exit 0 "answers as JSON" L --wav "$T/order.wav" --json
contains "json answers: command null" "$T/out" '"command":null'

# 8 kHz stereo float is converted
sox "$T/order.wav" -r 8000 -c 2 -e floating-point -b 32 "$T/o8k.wav"
# (telephone-band audio fits the 16 kHz model badly: the command may come
# back unsure and be asked again; what matters here is that it is decoded)
expect_exit 0 "8 kHz stereo float converted" L --grammar commands --wav "$T/o8k.wav"
contains "converted file decoded" "$T/out" "You said: "
contains "converted file: a command line" "$T/out" "Command: "

# no command: ordinary speech is refused, not forced onto some command
espeak-ng -v en-us -w "$T/s.wav" "Hello, I just checked your order. The parcel is on its way to you."
sox "$T/s.wav" -r 16000 -b 16 "$T/sp.wav" pad 0.3 0.3
sox "$T/sp.wav" "$T/nz2.wav" synth whitenoise vol 0.002
sox -m -v 1 "$T/sp.wav" -v 1 "$T/nz2.wav" "$T/sentence.wav"
expect_exit 0 "a sentence in the commands search" L --grammar commands --wav "$T/sentence.wav"
contains "sentence: no command" "$T/out" "Command: none understood; please say it again"
contains "sentence: said so" "$T/out" "You said: (something that is not a command)"
expect_exit 0 "a sentence as JSON" L --grammar commands --wav "$T/sentence.wav" --json
contains "json: rejected" "$T/out" '"command":null'
contains "json: rejected flag" "$T/out" '"rejected":true'
contains "json: confidence 0" "$T/out" '"confidence":0'
expect_exit 0 "order command as JSON again" L --grammar commands --wav "$T/order.wav" --json
contains "json: accepted flag" "$T/out" '"rejected":false'

# bad input
printf 'not audio at all\n' > "$T/notes.wav"
expect_exit 1 "non-WAV refused" L --wav "$T/notes.wav"
contains "non-WAV names the file" "$T/err" "notes.wav: not a sound file"
head -c 700 "$T/order.wav" > "$T/cut.wav"
expect_exit 1 "truncated file: no speech" L --wav "$T/cut.wav"
contains "truncated says so" "$T/err" "no speech heard"
sox -n -r 16000 -b 16 "$T/quiet.wav" trim 0 2
expect_exit 1 "silence" L --wav "$T/quiet.wav"
contains "silence says no speech heard" "$T/err" "no speech heard"
expect_exit 1 "missing file" L --wav "$T/none.wav"
contains "missing file says so" "$T/err" "none.wav: there is no such file"
expect_exit 2 "bad grammar" L --grammar poetry
contains "bad grammar says what" "$T/err" "--grammar is 'commands' or 'answers'"
KEFU_MODEL_DIR="$T/nomodel" expect_exit 1 "missing model" L --wav "$T/order.wav"
contains "missing model names the package" "$T/err" "pocketsphinx-en-us"
PULSE_SERVER="unix:$T/no-such-socket" expect_exit 1 "no sound server" L
contains "no sound server message" "$T/err" "no sound server"
contains "no sound server: what to do" "$T/err" ". Try: answer by keyboard"
n=$(grep -o "answer by keyboard" "$T/err" | wc -l)
if [ "$n" -eq 1 ]; then pass "no sound server: the advice said once"; else fail "no sound server: the advice said $n times" "$(cat "$T/err")"; fi

# --lang zh: the voice layer's errors in Chinese (voice/ is a library without
# translations; assistant/ says them), in the error contract, whose frame
# ". Try: " is the same in every language
Z() { "$KEFU" --db "$DB" --lang zh --user lin listen "$@"; }
zh_err() {   # NAME: framed, and none of the voice layer's English sentences
    contains "$1: the contract" "$T/err" "kefu: error: "
    contains "$1: the contract, Try" "$T/err" ". Try: "
    for s in "not a sound file" "no such file" "No such file" "System error" "no sound server" \
             "speech recognition model" "mdef file" "no speech heard" "PocketSphinx acoustic" \
             "cannot record"; do
        lacks "$1: not '$s'" "$T/err" "$s"
    done
}
expect_exit 1 "zh: missing file" Z --wav "$T/none.wav"
contains "zh: missing file named, in Chinese" "$T/err" "none.wav：没有这个文件"
zh_err "zh: missing file"
expect_exit 1 "zh: not a WAV" Z --wav "$T/notes.wav"
contains "zh: not a WAV, libsndfile's reason kept" "$T/err" "notes.wav：不是 kefu 能读取的声音文件（Format not recognised）"
zh_err "zh: not a WAV"
PULSE_SERVER="unix:$T/no-such-socket" expect_exit 1 "zh: no sound server" Z
contains "zh: no sound server, PulseAudio's reason kept" "$T/err" "没有声音服务器（"
zh_err "zh: no sound server"
KEFU_MODEL_DIR="$T/nomodel" expect_exit 1 "zh: missing model" Z --wav "$T/order.wav"
contains "zh: missing model names the folder" "$T/err" "$T/nomodel 中没有语音识别模型"
contains "zh: missing model names the package" "$T/err" "pocketsphinx-en-us"
zh_err "zh: missing model"
n=$(grep -o ". Try: " "$T/err" | wc -l)
if [ "$n" -eq 1 ]; then pass "zh: missing model: one Try"; else fail "zh: missing model: one Try" "$(cat "$T/err")"; fi
KEFU_MODEL_DIR="$T/nomodel" expect_exit 1 "zh: missing model, commands" Z --grammar commands --wav "$T/order.wav"
zh_err "zh: missing model, commands"

# a rejected command or a sentence does not move the stored calibration
cal() { sqlite3 "$DB" "SELECT cmn FROM voice_calibration v JOIN users u ON u.id = v.user_id WHERE u.name = 'lin'"; }
before=$(cal)
expect_exit 0 "rejected command" L --grammar commands --wav "$T/sentence.wav"
if [ "$(cal)" = "$before" ]; then pass "rejected: calibration unchanged"; else fail "rejected: calibration unchanged" "$before -> $(cal)"; fi
expect_exit 1 "silence" L --wav "$T/quiet.wav"
if [ "$(cal)" = "$before" ]; then pass "no speech: calibration unchanged"; else fail "no speech: calibration unchanged"; fi
expect_exit 0 "accepted command" L --grammar commands --wav "$T/order.wav"
if [ "$(cal)" != "$before" ]; then pass "accepted: calibration stored"; else fail "accepted: calibration stored"; fi

# no doubled punctuation in a file error
printf 'hello\n' > "$T/a.txt"
expect_exit 1 "text file refused" L --wav "$T/a.txt"
contains "text file: says why" "$T/err" "not a sound file"
lacks "text file: no doubled punctuation" "$T/err" ".)."
# sound but no words: a steady tone (or speech in another language)
sox -n -r 16000 -b 16 "$T/tone.wav" synth 2 sine 300 vol 0.5
sox -n -r 16000 -c 1 -b 16 "$T/tone15.wav" synth 1.5 sine 300
# (a user with no stored calibration: with one, the answers search may make
# "mm" of it)
expect_exit 1 "a tone: no words" "$KEFU" --db "$DB" --lang en --user tone listen --wav "$T/tone.wav"
contains "a tone: sound heard, model is English" "$T/err" "is English"
lacks "a tone: not 'no speech'" "$T/err" "no speech heard"

# ---- enrolment ---------------------------------------------------------------
# A constructed other voice: en-us with every frequency raised by 1.25
# (sox speed), so the warp that undoes it is known.
E() { "$KEFU" --db "$DB" --lang en --user mei listen "$@"; }
shifted() {   # TEXT OUT.wav
    espeak-ng -v en-us -s 150 -w "$T/r.wav" "$1"
    sox "$T/r.wav" -r 16000 -b 16 "$T/rp.wav" pad 0.3 0.3 speed 1.25 rate 16000
    sox -R "$T/rp.wav" "$T/rn.wav" synth whitenoise vol 0.002
    sox -m -v 1 "$T/rp.wav" -v 1 "$T/rn.wav" "$2"
}
expect_exit 0 "enrol --list" E --enrol --list
contains "list: a phrase and its file, labelled" "$T/out" "Phrase 1: look up order one two three four five; file: look-up-order-one-two-three-four-five.wav"
mkdir -p "$T/enr"
sed -E 's/^Phrase [0-9]+: //; s/; file: /\t/' "$T/out" > "$T/phrases"
expect_exit 0 "enrol --list --json" E --enrol --list --json
contains "list as JSON" "$T/out" '{"n":2,"phrase":"next","file":"next.wav"}'
if [ "$(jq length "$T/out" 2>/dev/null)" = "$(wc -l < "$T/phrases")" ]; then pass "list JSON: every phrase"
else fail "list JSON: every phrase" "$(head -c 300 "$T/out")"; fi
while IFS=$'\t' read -r phrase file; do shifted "$phrase" "$T/enr/$file"; done < "$T/phrases"
shifted "look up order 4 0 2 7 1" "$T/order125.wav"

expect_exit 0 "before enrolment: no warp" E --grammar commands --wav "$T/order125.wav" --json
contains "before: warp 1" "$T/out" '"warp":1.0'
expect_exit 0 "no enrolment shown" E --enrolment
contains "no enrolment says how" "$T/out" "kefu listen --enrol"

# bad enrolments store nothing
expect_exit 1 "enrol: no such folder" E --enrol --wav-dir "$T/nowhere"
contains "no such folder, said so" "$T/err" "there is no folder $T/nowhere"
expect_exit 1 "enrol: a file for a folder" E --enrol --wav-dir "$T/order.wav"
contains "not a folder" "$T/err" "order.wav is not a folder"
mkdir -p "$T/half"; cp "$T/enr/next.wav" "$T/half/"
expect_exit 1 "enrol: a phrase missing" E --enrol --wav-dir "$T/half"
contains "missing phrase named" "$T/err" "look-up-order-one-two-three-four-five.wav"
expect_exit 1 "enrol: file not named by phrase" E --enrol --wav "$T/order.wav"
contains "not named after a phrase" "$T/err" "not named after an enrolment phrase"
cp "$T/notes.wav" "$T/next.wav"
expect_exit 1 "enrol: not a sound file" E --enrol --wav "$T/next.wav"
contains "enrol: bad file named" "$T/err" "next.wav: not a sound file"
lacks "enrol: no doubled punctuation" "$T/err" ".)."
# every phrase, once: a few words would store a guess over a real enrolment
expect_exit 1 "enrol: one phrase is not an enrolment" E --enrol --wav "$T/enr/next.wav"
contains "enrol: the first missing phrase named" "$T/err" "no recording of phrase 1 \"look up order one two three four five\""
contains "enrol: missing, nothing stored" "$T/err" "nothing was stored"
expect_exit 1 "enrol: a phrase twice" E --enrol --wav-dir "$T/enr" --wav "$T/enr/next.wav"
contains "enrol: twice says which" "$T/err" "are both the phrase \"next\""
mkdir -p "$T/sil"; cp "$T/enr/"*.wav "$T/sil/"; cp "$T/quiet.wav" "$T/sil/stop.wav"
# (a recorder's numbering and capitals in a folder, as --wav takes them)
mv "$T/sil/next.wav" "$T/sil/02_Next.wav"; mv "$T/sil/start-work.wav" "$T/sil/16 Start work.WAV"
expect_exit 1 "enrol: a silent phrase" E --enrol --wav-dir "$T/sil"
contains "silent phrase named, numbered as --list" "$T/err" "stop.wav: no speech heard in phrase 10 (\"stop\")"
expect_exit 1 "enrol: a silent phrase, zh" "$KEFU" --db "$DB" --lang zh --user mei listen --enrol --wav-dir "$T/sil"
contains "zh: silent phrase in Chinese" "$T/err" "第 10 个短语（“stop”）里没有听到语音"
contains "zh: the error contract" "$T/err" "kefu: error: "
contains "zh: the error contract, Try" "$T/err" ". Try: "
PULSE_SERVER="unix:$T/no-such-socket" expect_exit 1 "enrol: no sound server" E --enrol
contains "enrol: no sound server, what to do" "$T/err" "--wav-dir"
contains "enrol: says it cannot record" "$T/err" "cannot record from the microphone: no sound server"
lacks "enrol: no keyboard advice (no keyboard route to enrol)" "$T/err" "answer by keyboard"
PULSE_SERVER="unix:$T/no-such-socket" expect_exit 1 "enrol: no sound server, zh" "$KEFU" --db "$DB" --lang zh --user mei listen --enrol
contains "enrol zh: cannot record, in Chinese" "$T/err" "无法用麦克风录音：没有声音服务器（"
zh_err "enrol zh: no sound server"
expect_exit 1 "enrol: not a sound file, zh" "$KEFU" --db "$DB" --lang zh --user mei listen --enrol --wav "$T/next.wav"
zh_err "enrol zh: not a sound file"
KEFU_MODEL_DIR="$T/nomodel" expect_exit 1 "enrol: missing model, zh" "$KEFU" --db "$DB" --lang zh --user mei listen --enrol --wav-dir "$T/enr"
contains "enrol zh: missing model in Chinese" "$T/err" "中没有语音识别模型"
zh_err "enrol zh: missing model"
# a steady tone for every phrase: sound, but no words at any setting in a
# quarter or more of them: not the phrases said in English, refused
# (as recorded: the room's noise floor, then the tone; a stream that begins
# with a bare tone takes it for its noise floor, and "no speech heard")
sox -n -r 16000 -c 1 -b 16 "$T/tp.wav" synth 1.5 sine 300 vol 0.5 pad 0.3 0.3
sox -R "$T/tp.wav" "$T/tn.wav" synth whitenoise vol 0.002
sox -m -v 1 "$T/tp.wav" -v 1 "$T/tn.wav" "$T/tonefloor.wav"
mkdir -p "$T/tones"
while IFS=$'\t' read -r phrase file; do cp "$T/tonefloor.wav" "$T/tones/$file"; done < "$T/phrases"
expect_exit 1 "enrol: tones for phrases refused" E --enrol --wav-dir "$T/tones"
contains "enrol: tones, how many" "$T/err" "sound but no words recognised in 19 of 19 phrases (phrases 1, 2, 3,"
contains "enrol: tones, what they are" "$T/err" "not the phrases said in English"
contains "enrol: tones, nothing stored" "$T/err" "nothing was stored"
expect_exit 1 "enrol: tones refused, zh" "$KEFU" --db "$DB" --lang zh --user mei listen --enrol --wav-dir "$T/tones"
contains "enrol zh: tones, in Chinese" "$T/err" "19 个短语中有 19 个"
zh_err "enrol zh: tones"
lacks "enrol zh: tones, no English" "$T/err" "sound but no words"
expect_exit 2 "--wav-dir without --enrol" E --wav-dir "$T/enr"
expect_exit 0 "still no enrolment" E --enrolment --json
contains "nothing half-stored" "$T/out" '"enrolled":false'

# the enrolment
expect_exit 0 "enrol from WAVs" E --enrol --wav-dir "$T/enr"
contains "enrol: progress" "$T/out" "Progress: Voice check 0%"
contains "enrol: progress says done" "$T/out" "Progress: Voice check done"
np=$(grep -c '^Progress:' "$T/out")
# ACCESSIBILITY.md 2: a line per 25% step or per 5 s (9 settings: 0, 33, 55,
# 77 %, done; one more if a step runs past 5 s on a loaded machine)
if [ "$np" -le 7 ]; then pass "enrol: progress lines sparse ($np)"; else fail "enrol: progress lines sparse" "$np lines"; fi
contains "enrol: a warp was chosen, its number last" "$T/out" "(warp 1."
lacks "enrol: not 'no warp'" "$T/out" "(warp 1.00)"
contains "enrol: in plain words, first" "$T/out" "Enrolled: your voice is heard as if it were a little deeper"
contains "enrol: with and without" "$T/out" "without it."
contains "enrol: stored" "$T/out" "Saved for mei"
expect_exit 0 "enrolment shown" E --enrolment --json
contains "shown: enrolled" "$T/out" '"enrolled":true'
if grep -qE '"warp":1\.(2|25|3)[,}]' "$T/out"; then pass "shown: warp near 1.25"; else fail "shown: warp near 1.25" "$(cat "$T/out")"; fi
# a second, incomplete enrolment is refused and leaves the first in place
expect_exit 1 "second enrolment of one phrase refused" E --enrol --wav "$T/enr/next.wav"
expect_exit 0 "enrolment kept" E --enrolment --json
if grep -qE '"warp":1\.(2|25|3)[,}]' "$T/out"; then pass "the first enrolment kept"; else fail "the first enrolment kept" "$(cat "$T/out")"; fi
expect_exit 0 "enrolment shown in words" E --enrolment
contains "shown: meaning first" "$T/out" "Enrolment of mei: your voice is heard"
# ... and every later listen uses it
expect_exit 0 "after enrolment: the shifted voice" E --grammar commands --wav "$T/order125.wav" --json
contains "after: the command" "$T/out" '"command":"lookup-order","args":"40271"'
lacks "after: a warp in use" "$T/out" '"warp":1.0,'
lacks "after: a warp in use 2" "$T/out" '"warp":1.0}'
# one phrase recorded as a steady tone among the others: sound, no words at
# any setting. Counted as misheard and named; the enrolment is stored, made
# without it (it was refused: voices the model hears badly could not enrol)
mkdir -p "$T/tone"; cp "$T/enr/"*.wav "$T/tone/"; cp "$T/tone15.wav" "$T/tone/stop.wav"
expect_exit 0 "enrol: a tone as a phrase, stored" "$KEFU" --db "$DB" --lang en --user ling listen --enrol --wav-dir "$T/tone" --json
contains "enrol: the tone's phrase listed" "$T/out" '"misheard_phrases":[10]'
contains "enrol: tone, stored" "$T/out" '"stored":true'
contains "enrol: the tone's file and phrase named" "$T/err" "kefu: warning: $T/tone/stop.wav: phrase 10 (\"stop\"): sound but no words recognised; counted as misheard"
contains "enrol: tone, what to do" "$T/err" "record it again"
if jq -e '.warp >= 1.2 and .warp <= 1.3 and .errors < .errors_none' "$T/out" > /dev/null; then
    pass "enrol: tone, the warp of the others"
else fail "enrol: tone, the warp of the others" "$(cat "$T/out")"; fi
"$KEFU" --db "$DB" --lang en --user ling listen --enrolment --json > "$T/out"
contains "enrol: tone, the enrolment is there" "$T/out" '"enrolled":true'
# another user has none
"$KEFU" --db "$DB" --lang en --user lin listen --grammar commands --wav "$T/order125.wav" --json > "$T/out"
contains "other user: no warp" "$T/out" '"warp":1.0'

finish
