#!/usr/bin/env bash
# `cmake --install` puts the binary, the built-in data, the catalogues and
# the man page where a Debian user expects them, and the installed kefu finds
# its data and speaks Chinese from there.
. "$(dirname "$0")/lib.sh"
build=${KEFU_BINARY_DIR:?}
prefix="$T/prefix"
check "cmake --install to a prefix" cmake --install "$build" --prefix "$prefix"
for f in bin/kefu share/man/man1/kefu.1 share/locale/zh_CN/LC_MESSAGES/kefu.mo; do
    if [ -f "$prefix/$f" ]; then pass "installed $f"; else fail "installed $f"; fi
done
if ls "$prefix"/share/kefu/data/*.kefu >/dev/null 2>&1; then pass "installed scenario data"; else fail "installed scenario data"; fi
expect_exit 0 "installed kefu runs" "$prefix/bin/kefu" --version
expect_exit 0 "installed kefu speaks Chinese" "$prefix/bin/kefu" --lang zh --help
contains "Chinese catalogue found from the install tree" "$T/out" "练习接待客户"
if command -v man >/dev/null; then
    if man -l "$prefix/share/man/man1/kefu.1" 2>/dev/null | grep -q "GLOBAL OPTIONS"; then pass "man page renders"; else fail "man page renders"; fi
fi
finish
