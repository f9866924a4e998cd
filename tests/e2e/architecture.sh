#!/usr/bin/env bash
# The module rules of ARCHITECTURE.md and STYLE.md, checked on the sources:
# arrows point down only; only kb/ sees sqlite3.h; only voice/ sees the
# speech engines; library modules never print to stdout/stderr or exit.
. "$(dirname "$0")/lib.sh"
src=${KEFU_SOURCE_DIR:?}
cd "$src" || exit 1

headers_of() { ls "$1"/*.h 2>/dev/null | xargs -n1 basename; }
includes_any() {   # includes_any DIR HEADER... -> matching lines
    local dir=$1; shift
    local h
    for h in "$@"; do grep -Hn "#include *[<\"]$h[>\"]" "$dir"/*.c "$dir"/*.h 2>/dev/null; done
}

above_kb=$( { headers_of assistant; headers_of accessibility; headers_of voice; } | sort -u)
above_voice=$( { headers_of assistant; headers_of accessibility; headers_of kb; } | sort -u)
above_a11y=$( { headers_of assistant; } | sort -u)
hits=$(includes_any kb $above_kb)
if [ -z "$hits" ]; then pass "kb/ includes nothing from voice/, accessibility/ or assistant/"; else fail "kb/ includes from above" "$hits"; fi
hits=$(includes_any voice $above_voice)
if [ -z "$hits" ]; then pass "voice/ includes nothing from kb/, accessibility/ or assistant/"; else fail "voice/ includes from above" "$hits"; fi
hits=$(includes_any accessibility $above_a11y kb.h)
if [ -z "$hits" ]; then pass "accessibility/ includes nothing from assistant/ or kb/"; else fail "accessibility/ includes from above" "$hits"; fi

hits=$(grep -ln "#include *<sqlite3.h>" assistant/* accessibility/* voice/* 2>/dev/null)
if [ -z "$hits" ]; then pass "only kb/ includes sqlite3.h"; else fail "sqlite3.h outside kb/" "$hits"; fi
hits=$(grep -lnE "#include *<(espeak-ng|pocketsphinx|sphinxbase|speech-dispatcher|libspeechd|pulse|sndfile|soxr)" kb/* assistant/* accessibility/* 2>/dev/null)
if [ -z "$hits" ]; then pass "only voice/ includes the speech and audio libraries"; else fail "speech/audio headers outside voice/" "$hits"; fi

# Library modules never print or exit (accessibility/ output.c and prompt
# code are the output path itself and may write to the streams they are given).
hits=$(grep -nE "\b(printf|puts|putchar|perror|exit|_exit|abort)\s*\(|\bf(printf|puts)\s*\(\s*std(out|err)" kb/*.c voice/*.c 2>/dev/null | grep -v "snprintf\|vsnprintf")
if [ -z "$hits" ]; then pass "kb/ and voice/ never print or exit"; else fail "kb/ or voice/ prints or exits" "$hits"; fi
finish
