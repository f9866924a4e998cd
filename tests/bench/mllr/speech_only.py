#!/usr/bin/env python3
"""speech_only.py MEANS MDEF MLLR OUT -- apply a one-class MLLR mean
transform (mllr_solve's text output: classes, streams, then per stream its
length, A, b and the variance scale) to the codebooks of a PTM model's
speech phones only, leaving SIL and the noise fillers as they are; the
result is a means file for PocketSphinx -mean. Experiment of issue 8."""
import array
import struct
import sys


def main(means, mdef, mllr, dst):
    d = open(means, 'rb').read()
    e = d.index(b'endhdr\n') + 7
    o = e + 4
    if struct.unpack('<I', d[e:o])[0] != 0x11223344:
        sys.exit(f'{means}: not little-endian s3')
    ng, nf, nd = struct.unpack('<iii', d[o:o + 12])
    o += 12
    vl = struct.unpack('<%di' % nf, d[o:o + 4 * nf])
    o += 4 * nf
    tot = struct.unpack('<i', d[o:o + 4])[0]
    o += 4
    mu = array.array('f')
    mu.frombytes(d[o:o + 4 * tot])
    t = open(mllr).read().split()
    k = 2
    if int(t[0]) != 1 or int(t[1]) != nf:
        sys.exit(f'{mllr}: want one class and {nf} streams')
    A, B = [], []
    for f in range(nf):
        n = int(t[k])
        k += 1
        A.append([[float(t[k + i * n + j]) for j in range(n)] for i in range(n)])
        k += n * n
        B.append([float(x) for x in t[k:k + n]])
        k += 2 * n
    ci = []
    for line in open(mdef):
        r = line.split()
        if len(r) > 6 and not line.startswith('#') and r[1] == '-' and r[2] == '-':
            ci.append(r[0])
    skip = {i for i, p in enumerate(ci[:ng]) if p.startswith('+') or p == 'SIL'}
    p = 0
    for g in range(ng):
        for f in range(nf):
            n = vl[f]
            for _ in range(nd):
                if g not in skip:
                    v = mu[p:p + n]
                    mu[p:p + n] = array.array('f', [sum(A[f][i][j] * v[j] for j in range(n))
                                                    + B[f][i] for i in range(n)])
                p += n
    with open(dst, 'wb') as fp:
        fp.write(b's3\nversion 1.0\nendhdr\n')
        fp.write(d[e:o])
        fp.write(mu.tobytes())


if __name__ == '__main__':
    main(*sys.argv[1:5])
