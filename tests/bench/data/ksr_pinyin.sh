#!/usr/bin/env bash
# tests/bench/data/ksr_pinyin.sh -- regenerate ksr_zh_pinyin.tsv: the toneless
# pinyin of every Chinese character in the KSR test sets (ksr_zh*.txt), from
# the kMandarin field of Unihan (Debian package unicode-data:
# /usr/share/unicode/Unihan_Readings.txt.bz2; `apt-get install unicode-data`).
# kMandarin is the most common reading; a polyphonic character gets that one.
# The bench's pinyin cost model (bench_ksr.c) charges a character its pinyin
# letters + 1 (the key that commits it). ü is typed as v, as IMEs do.
# Usage: bash tests/bench/data/ksr_pinyin.sh [Unihan_Readings.txt.bz2]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=${1:-/usr/share/unicode/Unihan_Readings.txt.bz2}
[ -r "$src" ] || { echo "ksr_pinyin.sh: $src missing; apt-get install unicode-data" >&2; exit 1; }
bzcat "$src" | python3 -c '
import sys, unicodedata, glob
chars = set()
for p in sorted(glob.glob(sys.argv[1] + "/ksr_zh*.txt")):
    for line in open(p, encoding="utf-8"):
        if line.startswith("#"):
            continue
        chars.update(ch for ch in line if 0x3400 <= ord(ch) <= 0x9FFF)
out = {}
for line in sys.stdin:
    f = line.rstrip("\n").split("\t")
    if len(f) == 3 and f[1] == "kMandarin":
        ch = chr(int(f[0][2:], 16))
        if ch in chars:
            py = f[2].split()[0].replace("ü", "v").replace("Ü", "v")
            py = "".join(c for c in unicodedata.normalize("NFD", py) if not unicodedata.combining(c))
            out[ch] = py.lower()
print("# char<TAB>toneless pinyin (Unihan kMandarin); made by ksr_pinyin.sh, do not edit")
for ch in sorted(out):
    print(ch + "\t" + out[ch])
missing = chars - set(out)
if missing:
    sys.exit("ksr_pinyin.sh: no reading for " + "".join(sorted(missing)))
' "$here" > "$here/ksr_zh_pinyin.tsv.tmp"
mv "$here/ksr_zh_pinyin.tsv.tmp" "$here/ksr_zh_pinyin.tsv"
