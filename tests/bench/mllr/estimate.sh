#!/usr/bin/env bash
# tests/bench/mllr/estimate.sh DIR WARP CMN -- an MLLR mean transform of the
# en-us PTM model from enrolment phrases (an experiment of issue 8, not the
# product; docs/voice.md "Prompted enrolment", "tried, not kept").
# DIR holds uNN.raw (16 kHz mono s16le) and uNN.txt (the phrase); WARP is the
# enrolment's warp (1.0000: none), CMN its calibration (for KEFU_MLLR_MODE=live).
# Writes DIR/mllr (PocketSphinx -mllr), or DIR/means (-mean) in mode speech.
# Needs sphinxtrain (bw, mllr_solve), sphinxbase-utils (sphinx_fe),
# pocketsphinx (pocketsphinx_mdef_convert) and python3.
# KEFU_MLLR_MODE: global (default: one full transform per feature stream, bw
# with batch CMN), bias (the shift only), live (bw with live CMN from CMN),
# speech (global, applied to the speech codebooks only: not SIL and noises).
set -euo pipefail
D=$1 W=$2 CMN=$3
HERE=$(cd "$(dirname "$0")" && pwd)
MODEL=${KEFU_MLLR_MODEL:-/usr/share/pocketsphinx/model/en-us/en-us}
DICT=${KEFU_MLLR_DICT:-$(dirname "$MODEL")/cmudict-en-us.dict}
ST=${KEFU_MLLR_SPHINXTRAIN:-/usr/lib/sphinxtrain}
MODE=${KEFU_MLLR_MODE:-global}
cd "$D"
# the model as bw reads it: text mdef, float mixture weights from sendump
mkdir -p model
cp "$MODEL"/{means,variances,transition_matrices,noisedict,feat.params} model/
pocketsphinx_mdef_convert -text "$MODEL/mdef" model/mdef >/dev/null 2>&1
python3 "$HERE/sendump2mixw.py" "$MODEL/sendump" model/mixture_weights
# features as the decoder computes them (the model's front end, the warp)
fe=$(grep -E '^-(lowerf|upperf|nfilt|transform|lifter) ' model/feat.params | tr '\n' ' ')
warp=()
[ "$W" != "1.0000" ] && warp=(-warp_type inverse_linear -warp_params "$W")
: > ctl; : > trans; : > words
for r in u*.raw; do
    b=${r%.raw}
    # shellcheck disable=SC2086
    sphinx_fe -i "$r" -o "$b.mfc" -raw yes -input_endian little -samprate 16000 $fe \
        "${warp[@]}" >/dev/null 2>&1
    echo "$b" >> ctl
    echo "<s> $(cat "$b.txt") </s> ($b)" >> trans
    tr ' ' '\n' < "$b.txt" >> words
done
sort -u words | grep . | while read -r w; do grep -m1 "^$w " "$DICT"; done > dict
cmn=(-cmn batch)
[ "$MODE" = live ] && cmn=(-cmn live -cmninit "$CMN")
"$ST/bw" -hmmdir model -moddeffn model/mdef -ts2cbfn .ptm. -feat 1s_c_d_dd \
    -svspec 0-12/13-25/26-38 "${cmn[@]}" -agc none -dictfn dict -fdictfn model/noisedict \
    -ctlfn ctl -lsnfn trans -cepdir . -cepext mfc -accumdir . > bw.log 2>&1
solve=()
[ "$MODE" = bias ] && solve=(-mllrmult no)
"$ST/mllr_solve" -meanfn model/means -varfn model/variances -outmllrfn mllr -accumdir . \
    "${solve[@]}" > solve.log 2>&1
test -s mllr
[ "$MODE" = speech ] && python3 "$HERE/speech_only.py" model/means model/mdef mllr means
exit 0
