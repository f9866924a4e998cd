#!/bin/bash
# listen_badinput.sh -- `kefu listen --wav` with the bad input of issue 8,
# in Chinese (the default) and English: a truncated file (cut in the
# speech, and with nothing after the header), text that is not sound, an
# empty file, a folder, an unreadable file, a missing file, a header that
# declares a huge size, silence (both searches), and 8 kHz / stereo / float
# / 24-bit files (converted). Each error: exit 1, "kefu: error: WHAT. Try:
# FIX" naming the file, nothing on stdout (also with --json); each success
# with --json: one valid JSON object. A long recording streams in flat
# memory (peak RSS of a 1-minute and a 15-minute file). Four of them run
# under valgrind too (leaks, invalid reads), when it is installed.
. "$(dirname "$0")/lib.sh"
DB="$T/kefu.db"
Z() { "$KEFU" --db "$DB" --user lin listen "$@"; }              # zh, the default
E() { "$KEFU" --db "$DB" --lang en --user lin listen "$@"; }

# the sources: a command and an answer with a low noise floor
espeak-ng -v en-us -w "$T/o.wav" "look up order 4 0 2 7 1"
sox "$T/o.wav" -r 16000 -b 16 "$T/op.wav" pad 0.3 0.3
sox "$T/op.wav" "$T/nz.wav" synth whitenoise vol 0.002
sox -m -v 1 "$T/op.wav" -v 1 "$T/nz.wav" "$T/order.wav"
espeak-ng -v en-us -w "$T/a.wav" "Hello, I am sorry your parcel arrived broken. I will arrange a refund."
sox "$T/a.wav" -r 16000 -b 16 "$T/ap.wav" pad 0.3 0.3
sox "$T/ap.wav" "$T/nz2.wav" synth whitenoise vol 0.002
sox -m -v 1 "$T/ap.wav" -v 1 "$T/nz2.wav" "$T/answer.wav"

# err_both NAME FIXTEXT_EN ARGS...: exit 1 in zh and en, framed, the file
# named, nothing on stdout with --json; the zh text holds no English of ours
err_both() {
    local name=$1 fix=$2; shift 2
    expect_exit 1 "zh: $name" Z "$@" --json
    contains "zh: $name: framed" "$T/err" "kefu: error: "
    contains "zh: $name: what to do" "$T/err" ". Try: "
    lacks "zh: $name: no English fix" "$T/err" "$fix"
    if [ -s "$T/out" ]; then fail "zh: $name: stdout empty" "$(cat "$T/out")"; else pass "zh: $name: stdout empty"; fi
    cp "$T/err" "$T/err.zh"
    expect_exit 1 "en: $name" E "$@" --json
    contains "en: $name: fix" "$T/err" ". Try: $fix"
    if [ -s "$T/out" ]; then fail "en: $name: stdout empty" "$(cat "$T/out")"; else pass "en: $name: stdout empty"; fi
}

# json_ok NAME: $T/out is one valid JSON object with a text
json_ok() {
    if python3 -c 'import json,sys; o=json.load(open(sys.argv[1])); assert isinstance(o["text"], str) and o["text"]' "$T/out" 2>/dev/null
    then pass "$1: valid JSON"; else fail "$1: valid JSON" "$(head -c 300 "$T/out")"; fi
}

# ---- not sound ------------------------------------------------------------
printf 'not audio at all\n' > "$T/notes.wav"
err_both "text file" "give a WAV file" --wav "$T/notes.wav"
contains "en: text file: what" "$T/err" "notes.wav: not a sound file kefu can read (Format not recognised)"
: > "$T/empty.wav"
err_both "empty file" "record it again, or give another WAV file" --wav "$T/empty.wav"
contains "en: empty file: what" "$T/err" "empty.wav is empty (0 bytes)"
contains "zh: empty file: what" "$T/err.zh" "empty.wav 是空文件（0 字节）"
mkdir "$T/folder.wav"
err_both "a folder" "give a WAV file" --wav "$T/folder.wav"
contains "en: a folder: what" "$T/err" "folder.wav is a folder, not a sound file"
contains "zh: a folder: what" "$T/err.zh" "folder.wav 是文件夹，不是声音文件"
err_both "missing file" "give a WAV file" --wav "$T/none.wav"
contains "en: missing: what" "$T/err" "none.wav: there is no such file"

# unreadable: as root, run kefu as nobody (root reads anything)
cp "$T/order.wav" "$T/locked.wav"
chmod 000 "$T/locked.wav"
AS=()
if [ "$(id -u)" -eq 0 ]; then
    chmod 755 "$T"; mkdir -m 777 "$T/nobody"
    AS=(setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$T/nobody" KEFU_DB="$T/nobody/k.db" XDG_CONFIG_HOME="$T/nobody" XDG_DATA_HOME="$T/nobody")
    if ! command -v setpriv >/dev/null || ! "${AS[@]}" "$KEFU" --version >/dev/null 2>&1; then
        AS=(skip)
    fi
fi
if [ "${AS[0]:-}" = skip ]; then
    echo "# unreadable file: skipped (root, and kefu cannot run as nobody here)"
else
    for l in zh en; do
        expect_exit 1 "$l: unreadable file" "${AS[@]}" "$KEFU" --lang $l listen --wav "$T/locked.wav"
        contains "$l: unreadable: fix" "$T/err" "chmod u+r"
    done
    contains "en: unreadable: what" "$T/err" "locked.wav: not a sound file kefu can read (Permission denied)"
fi

# ---- cut short -------------------------------------------------------------
head -c 700 "$T/order.wav" > "$T/cut.wav"         # 0.02 s of 3.1 s
err_both "cut short, no speech left" "record it again, or copy the whole file" --wav "$T/cut.wav"
contains "en: cut short: what" "$T/err" "no speech heard in $T/cut.wav: the file is cut short, it holds 0.0 s of the 3.1 s its header declares"
contains "zh: cut short: what" "$T/err.zh" "中没有听到说话：文件不完整"
head -c 44 "$T/order.wav" > "$T/header.wav"       # a header, no samples
err_both "header only" "record it again, or copy the whole file" --wav "$T/header.wav"
head -c 60000 "$T/answer.wav" > "$T/halfanswer.wav"
expect_exit 0 "en: cut in the speech: what is there is heard" E --wav "$T/halfanswer.wav" --json
json_ok "en: cut in the speech"
contains "en: cut in the speech: said" "$T/err" "kefu: warning: $T/halfanswer.wav is cut short: it holds 1.9 s of the"
expect_exit 0 "zh: cut in the speech" Z --wav "$T/halfanswer.wav"
contains "zh: cut in the speech: said" "$T/err" "不完整：只有文件头所写"
contains "zh: cut in the speech: text" "$T/out" "你说："
expect_exit 0 "whole file: no warning" E --wav "$T/answer.wav"
lacks "whole file: no warning" "$T/err" "cut short"

# a compressed file cut short cannot be read to its end: the file is named
sox "$T/order.wav" "$T/order.flac"
head -c 20000 "$T/order.flac" > "$T/cut.flac"
err_both "a FLAC cut short" "record it again, or copy the whole file" --grammar commands --wav "$T/cut.flac"
contains "en: a FLAC cut short: named, and why" "$T/err" "cut.flac: reading failed: "
contains "en: a FLAC cut short: what it means" "$T/err" "; the file may be damaged or cut short. Try:"
contains "zh: a FLAC cut short" "$T/err.zh" "cut.flac：读取失败："

# a header declaring about 4 GB (as writers to a pipe do): read what is there
python3 - "$T/order.wav" "$T/huge.wav" <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], 'rb').read())
i = d.find(b'data')
struct.pack_into('<I', d, 4, 0xFFFFFFF0)
struct.pack_into('<I', d, i + 4, 0xFFFFFF00)
open(sys.argv[2], 'wb').write(d)
PY
expect_exit 0 "huge declared size" E --grammar commands --wav "$T/huge.wav" --json
json_ok "huge declared size"
contains "huge declared size: the command" "$T/out" '"text":"look up order'
lacks "huge declared size: no cut-short warning" "$T/err" "cut short"

# ---- silence ---------------------------------------------------------------
# (sox dithers: +-1 at random. Before, the commands search took most such
# files for "[other]" or an unsure "skip", exit 0)
for s in 2 3 5; do sox -n -r 16000 -b 16 "$T/quiet$s.wav" trim 0 $s; done
for q in quiet2 quiet3 quiet5; do
    for g in answers commands; do
        err_both "silence $q $g" "speak closer to the microphone" --grammar $g --wav "$T/$q.wav"
        contains "en: silence $q $g: no speech heard" "$T/err" "kefu: error: no speech heard."
        contains "zh: silence $q $g: no speech heard" "$T/err.zh" "kefu: error: 没有听到说话."
    done
done

# ---- converted -------------------------------------------------------------
sox "$T/order.wav" -r 8000 "$T/o8k.wav"
sox "$T/order.wav" -c 2 "$T/stereo.wav"
sox "$T/order.wav" -e floating-point -b 32 "$T/float.wav"
sox "$T/order.wav" -b 24 "$T/b24.wav"
sox "$T/order.wav" -r 44100 -c 2 -b 24 "$T/cd.wav"
E --grammar commands --wav "$T/order.wav" >/dev/null 2>&1     # calibrates
for f in stereo float b24 cd; do
    expect_exit 0 "$f converted" E --grammar commands --wav "$T/$f.wav" --json
    json_ok "$f"
    contains "$f: the command and its digits" "$T/out" '"command":"lookup-order","args":"40271"'
done
# (telephone-band audio fits the 16 kHz model badly: decoded is what counts)
expect_exit 0 "8 kHz converted" Z --grammar commands --wav "$T/o8k.wav"
contains "8 kHz: heard" "$T/out" "你说："

# ---- a drill's recorded answers (drill run --answers-wav) --------------------
cat >"$T/d.kefu" <<'DRILL'
scenario: broken
tier: basic
category: after-sales
title: 坏了
title@en: Broken
customer: 东西坏了
customer@en: It is broken.
expect 100 resolve: 退款 | refund
answer@en: I'm so sorry, I will arrange a refund.
DRILL
mkdir "$T/rec"
head -c 50000 "$T/answer.wav" > "$T/rec/001.wav"
expect_exit 0 "drill: a cut recording is scored" "$KEFU" --db "$DB" --lang en drill run "$T/d.kefu" --answers-wav "$T/rec" --json
contains "drill: a cut recording is said" "$T/err" "kefu: warning: $T/rec/001.wav is cut short: it holds 1.6 s of the"
python3 -m json.tool "$T/out" >/dev/null && pass "drill: JSON valid" || fail "drill: JSON valid" "$(head -c 300 "$T/out")"
rm "$T/rec/001.wav"; mkdir "$T/rec/001.wav"
expect_exit 1 "drill: a folder for a recording" "$KEFU" --db "$DB" drill run "$T/d.kefu" --answers-wav "$T/rec"
contains "drill: a folder, zh" "$T/err" "001.wav：不是 kefu 能读取的声音文件（"
lacks "drill: a folder: not 'Format not recognised'" "$T/err" "Format not recognised"

# ---- no sound server: text goes on ------------------------------------------
PULSE_SERVER="unix:$T/no-such-socket" err_both "no sound server" "answer by keyboard, or give a recording with --wav FILE"
contains "zh: no sound server: said" "$T/err.zh" "没有声音服务器（"

# ---- from a pipe ---------------------------------------------------------------
sox "$T/order.wav" -r 44100 -t wav - 2>/dev/null | E --grammar commands --wav - --json >"$T/out" 2>"$T/err"
contains "a WAV from a pipe (--wav -)" "$T/out" '"command":"lookup-order","args":"40271"'
mkfifo "$T/fifo"
(sox "$T/order.wav" -t wav - 2>/dev/null > "$T/fifo") &
expect_exit 0 "a named pipe" E --grammar commands --wav "$T/fifo"
contains "a named pipe: the command" "$T/out" "Command: lookup-order 40271"
wait

# ---- a long recording streams in flat memory ---------------------------------
# one minute: the answer, then a quiet floor; fifteen of them in one file
sox "$T/answer.wav" "$T/pad.wav" pad 0 55
sox "$T/pad.wav" "$T/nzm.wav" synth whitenoise vol 0.002
sox -m -v 1 "$T/pad.wav" -v 1 "$T/nzm.wav" "$T/min1.wav"
sox "$T/min1.wav" "$T/min15.wav" repeat 14
# (AddressSanitizer keeps freed memory in quarantine: RSS says nothing there)
if [ -x /usr/bin/time ] && ! ldd "$KEFU" 2>/dev/null | grep -q libasan; then
    /usr/bin/time -f %M -o "$T/rss1" "$KEFU" --db "$DB" --lang en listen --grammar commands --wav "$T/min1.wav" >"$T/out1" 2>&1
    /usr/bin/time -f %M -o "$T/rss15" "$KEFU" --db "$DB" --lang en listen --grammar commands --wav "$T/min15.wav" >"$T/out" 2>&1
    r1=$(tail -1 "$T/rss1"); r15=$(tail -1 "$T/rss15")
    echo "# peak RSS: 1 min $r1 kB, 15 min $r15 kB"
    if [ "$r15" -lt $((r1 + 4096)) ]; then pass "15 minutes in the memory of one ($r15 kB vs $r1 kB)"
    else fail "15 minutes in the memory of one" "1 min $r1 kB, 15 min $r15 kB"; fi
else
    E --grammar commands --wav "$T/min15.wav" >"$T/out" 2>&1
fi
# fifteen sentences that are no command: one "[other]", not a line of them
contains "15 minutes: no command" "$T/out" "You said: (something that is not a command)"
lacks "15 minutes: [other] once" "$T/out" "[other] [other]"

# ---- a model folder without its dictionary or language model beside it --------
# (another model copied by hand): the missing file is named in both languages
M="$T/model/en"; mkdir -p "$M"
for f in /usr/share/pocketsphinx/model/en-us/en-us/*; do ln -s "$f" "$M/"; done
KEFU_MODEL_DIR="$M" expect_exit 1 "zh: no dictionary beside the model" Z --wav "$T/o.wav"
contains "zh: no dictionary, named" "$T/err" "旁边没有发音词典（cmudict-en-us.dict or *.dic）"
KEFU_MODEL_DIR="$M" expect_exit 1 "en: no dictionary beside the model" E --wav "$T/o.wav"
contains "en: no dictionary, named" "$T/err" "no pronunciation dictionary next to $M"
ln -s /usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict "$T/model/"
KEFU_MODEL_DIR="$M" expect_exit 1 "zh: no language model beside the model" Z --grammar answers --wav "$T/a.wav"
contains "zh: no language model, named" "$T/err" "旁边没有语言模型（en-us.lm.bin or *.lm.bin）"

# ---- no leak, no invalid access (issue 8: a valgrind-clean run) ---------------
if command -v valgrind >/dev/null && ! ldd "$KEFU" 2>/dev/null | grep -q libasan; then
    VG=(valgrind -q --leak-check=full --error-exitcode=9)
    expect_exit 1 "valgrind: a text file" "${VG[@]}" "$KEFU" --db "$DB" listen --wav "$T/notes.wav"
    expect_exit 1 "valgrind: cut short, no speech" "${VG[@]}" "$KEFU" --db "$DB" listen --grammar commands --wav "$T/cut.wav"
    expect_exit 1 "valgrind: silence, commands" "${VG[@]}" "$KEFU" --db "$DB" listen --grammar commands --wav "$T/quiet3.wav"
    expect_exit 1 "valgrind: a FLAC cut short" "${VG[@]}" "$KEFU" --db "$DB" listen --grammar commands --wav "$T/cut.flac"
else
    echo "# valgrind checks skipped (no valgrind, or an AddressSanitizer build)"
fi

finish
