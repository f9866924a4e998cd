#!/usr/bin/env python3
"""sendump2mixw.py SENDUMP OUT -- the 8-bit mixture weights of a PocketSphinx
PTM/semi-continuous model (sendump, as ptm_mgau.c reads it: length-prefixed
header strings, rows and columns, then per feature stream and codeword one
byte per senone holding -log_1.0001(w) >> 10) as an s3 mixture_weights file
(float32 [senone][stream][codeword], normalised), which sphinxtrain's bw
reads. Experiment of issue 8 (tests/bench/mllr/estimate.sh)."""
import array
import math
import struct
import sys


def main(src, dst):
    d = open(src, 'rb').read()
    o = 0

    def i32():
        nonlocal o
        v = struct.unpack('<i', d[o:o + 4])[0]
        o += 4
        return v
    clusters, nfeat = 0, 1
    while True:
        n = i32()
        if n == 0:
            break
        s = d[o:o + n - 1].decode('ascii', 'replace')
        o += n
        if s.startswith('cluster_count '):
            clusters = int(s.split()[1])
        if s.startswith('feature_count '):
            nfeat = int(s.split()[1])
    if clusters:
        sys.exit(f'{src}: clustered sendump (cluster_count {clusters}) not supported')
    rows, cols = i32(), i32()
    if len(d) - o != nfeat * rows * cols:
        sys.exit(f'{src}: {len(d) - o} bytes of weights, want {nfeat}x{rows}x{cols}')
    scale = 1024 * math.log(1.0001)
    lut = [math.exp(-v * scale) for v in range(256)]
    w = [[None] * nfeat for _ in range(cols)]
    for f in range(nfeat):
        for s in range(cols):
            w[s][f] = [0.0] * rows
        for c in range(rows):
            row = d[o:o + cols]
            o += cols
            for s in range(cols):
                w[s][f][c] = lut[row[s]]
    out = array.array('f')
    for s in range(cols):
        for f in range(nfeat):
            tot = sum(w[s][f])
            out.extend(x / tot for x in w[s][f])
    with open(dst, 'wb') as fp:
        fp.write(b's3\nversion 1.0\nendhdr\n')
        fp.write(struct.pack('<I', 0x11223344))
        fp.write(struct.pack('<iiii', cols, nfeat, rows, cols * nfeat * rows))
        fp.write(out.tobytes())


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
