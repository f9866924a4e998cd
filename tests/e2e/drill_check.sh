#!/bin/bash
# drill_check.sh -- `kefu drill check`: clean files exit 0, a broken file
# prints every expected error with its line and column and exits 1, no
# files is a usage error (2); --json; the built-in library checks clean.
. "$(dirname "$0")/lib.sh"
S=${KEFU_SOURCE_DIR:-.}
F=$S/tests/fixtures/scenarios

expect_exit 0 "a clean file passes" "$KEFU" --lang en drill check "$F/good.kefu"
contains "summary line (singular: 1 file, 1 scenario)" "$T/out" "Checked 1 file: 1 scenario, 0 errors, 0 warnings"
[ -s "$T/err" ] && fail "a clean file prints no diagnostics" "$(head -c 400 "$T/err")" \
    || pass "a clean file prints no diagnostics"

expect_exit 0 "a drill with use:, pass: and built-in phrase sets passes" \
    "$KEFU" --lang en drill check "$F/drill.kefu"
expect_exit 0 "CRLF line ends and a BOM are accepted" \
    "$KEFU" --lang en drill check "$F/crlf-bom.kefu"

expect_exit 1 "a broken file fails" "$KEFU" --lang en drill check "$F/broken.kefu"
B=$F/broken.kefu
while IFS= read -r want; do
    contains "broken: ${want%%: error*}" "$T/err" "$B:$want"
done <<'LIST'
2:23: error: empty phrase; write a word or phrase between the '|' signs
3:1: error: 'customer:' is outside a scenario; it must follow a 'scenario:' line
4:11: error: bad slug 'Bad_Slug'; a slug uses only a-z, 0-9 and '-'
5:7: error: unknown tier 'expert'; use basic, intermediate or advanced
6:1: error: unknown keyword 'titel'; did you mean 'title'?
8:1: error: duplicate 'title:'; it was already given on line 7
10:16: error: unknown placeholder {order.colour}
11:8: error: the expect weights of turn 1 add up to 110; they must add up to 100
11:26: error: unknown phrase set '$nosuch'
13:7: error: the weight '0' must be a whole number from 1 to 100
14:8: error: 'forbid' takes no weight or section
15:8: error: unknown language '@fr'; use @zh or @en
16:8: error: bad limit '2h'
17:1: error: duplicate 'limit:'; it was already given on line 16
18:11: error: scenario 'no-turns' has no turns
28:13: error: scenario 'needs-order' uses {order.item} but has no 'order:' line
31:7: error: the pass mark must be a whole number from 0 to 100
32:6: error: 'use: no-such-scenario' names no scenario of the library
33:1: error: 'text:' is outside a scenario; it must follow a 'policy:' line
34:9: error: policy 'no-text' has no 'text:' line
LIST
contains "broken: warnings too" "$T/err" "$B:10:1: warning: turn 1 of scenario 'Bad_Slug' has no 'answer:'"
contains "broken: summary counts every problem" "$T/out" "Checked 1 file: 3 scenarios, 20 errors, 4 warnings"
n=$(grep -c ': error: ' "$T/err")
[ "$n" -eq 20 ] && pass "broken: 20 error lines" || fail "broken: 20 error lines" "got $n"

expect_exit 2 "no files is a usage error" "$KEFU" --lang en drill check
contains "usage error names the fix" "$T/err" "kefu: error:"
expect_exit 2 "an unknown option is a usage error" "$KEFU" --lang en drill check --frobnicate "$F/good.kefu"
expect_exit 1 "an unreadable file is an error naming it" \
    "$KEFU" --lang en drill check "$F/good.kefu" "$T/missing.kefu"
contains "unreadable: named" "$T/err" "$T/missing.kefu: error: cannot read this file: No such file or directory"

expect_exit 1 "--json" "$KEFU" --lang en drill check --json "$B"
contains "--json: an object per problem" "$T/out" \
    '{"file":"'"$B"'","line":11,"col":8,"severity":"error","message":"the expect weights of turn 1 add up to 110; they must add up to 100"}'
if command -v python3 >/dev/null; then
    n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$T/out" 2>&1)
    [ "$n" = 24 ] && pass "--json: valid JSON, 24 entries" || fail "--json: valid JSON, 24 entries" "got $n"
fi
expect_exit 0 "--json of a clean file" "$KEFU" --json drill check "$F/good.kefu"
contains "--json: empty array" "$T/out" "[]"

expect_exit 0 "the summary is translated" "$KEFU" --lang zh drill check "$F/good.kefu"
contains "zh summary" "$T/out" "已检查 1 个文件"

# The built-in library is clean, checked as itself (no "duplicate" against
# its own reference copy) ...
expect_exit 0 "kb/data is clean" "$KEFU" --lang en drill check "$S"/kb/data/*.kefu
contains "kb/data: no errors" "$T/out" " 0 errors, 0 warnings"
[ -s "$T/err" ] && fail "kb/data: no diagnostics" "$(head -c 600 "$T/err")" || pass "kb/data: no diagnostics"
# ... and a trainer's edited copy of a built-in file replaces it: no duplicates.
for f in "$S"/kb/data/*.kefu; do cp "$f" "$T/copy-$(basename "$f")"; done
expect_exit 0 "a copy of the library replaces it without duplicates" \
    "$KEFU" --lang en drill check "$T"/copy-*.kefu
lacks "copies: no duplicate slug" "$T/err" "duplicate slug"


# The built-in rubrics, as a trainee answers (acceptance findings): an agent
# introducing herself "from customer service" is an introduction; "hurry up,
# I'm busy" is rude in every scenario ($rude).
printf 'use: greeting-first-contact\nuse: order-status\n' >"$T/lib-drill.kefu"
printf '%s\n' "Hello and welcome! I'm Amy from customer service, how can I help you today?" \
    "Hello, hurry up, I'm busy. Order TB20260318001 is on its way, expected on 2026-03-23. Anything else?" \
    >"$T/lib-answers.txt"
expect_exit 0 "library drill runs" "$KEFU" --lang en --db "$T/lib.db" drill run "$T/lib-drill.kefu" --answers "$T/lib-answers.txt"
contains "introduction from customer service counts" "$T/out" "greeting-first-contact turn 1: 100 of 100"
contains "hurry up / I'm busy are fatal" "$T/out" "Fatal: you said “hurry up”, “I'm busy”"


# Chinese is the first language: a trainer without --lang en reads the
# diagnostics in Chinese, with FILE:LINE:COL and the severity word unchanged.
printf 'scenario: late-parcel\ntier: basik\ncategroy: shipping\ntitle: 快递太慢\ntitle@en: Late\ncustomer: 在吗\nexpect 90 greeting: 您好\nlimit: 2s\n' >"$T/zh-bad.kefu"
expect_exit 1 "zh: a broken file fails" "$KEFU" --lang zh drill check "$T/zh-bad.kefu"
contains "zh: unknown tier in Chinese" "$T/err" "zh-bad.kefu:2:7: error: 未知的级别“basik”；请用 basic、intermediate 或 advanced"
contains "zh: keyword suggestion in Chinese" "$T/err" "zh-bad.kefu:3:1: error: 未知的关键字“categroy”；你是不是想写“category”？"
contains "zh: weights in Chinese" "$T/err" "第 1 轮的 expect 权重之和是 90；必须正好是 100"
contains "zh: limit in Chinese" "$T/err" "时限 2 秒超出范围；必须在 5 到 600 秒之间"
expect_exit 1 "en: the same file" "$KEFU" --lang en drill check "$T/zh-bad.kefu"
contains "en: English diagnostics stay" "$T/err" "zh-bad.kefu:2:7: error: unknown tier 'basik'"


# `use:` may name a scenario imported into the database (kefu kb import), as
# `drill run` allows; a slug the database lacks keeps its FILE:LINE:COL error,
# and checking creates no database where there was none.
cat >"$T/shop.kefu" <<'KEFU'
scenario: ux-late-parcel
tier: basic
category: shipping
title: 包裹迟到
title@en: Late parcel
customer: 我的包裹怎么还没到？
customer@en: Why hasn't my parcel arrived?
expect 50 empathy: 抱歉 | sorry
expect 50 resolve: 查询 | check
answer: 非常抱歉，我马上为您查询。
answer@en: I'm so sorry, I'll check right away.
KEFU
printf 'pass: 60\nuse: ux-late-parcel\nuse: order-status\n' >"$T/uses.kefu"
expect_exit 1 "use: of a scenario not imported yet is an error" \
    "$KEFU" --lang en --db "$T/imp.db" drill check "$T/uses.kefu"
contains "the error has FILE:LINE:COL" "$T/err" "uses.kefu:2:6: error: 'use: ux-late-parcel' names no scenario"
[ -e "$T/imp.db" ] && fail "check creates no database" || pass "check creates no database"
expect_exit 0 "kb import" "$KEFU" --lang en --db "$T/imp.db" kb import "$T/shop.kefu"
expect_exit 0 "use: of an imported scenario checks clean" \
    "$KEFU" --lang en --db "$T/imp.db" drill check "$T/uses.kefu"
contains "imported use: summary" "$T/out" "Checked 1 file: 0 scenarios, 0 errors, 0 warnings"
printf 'use: ux-late-parcle\n' >"$T/typo.kefu"
expect_exit 1 "a slug the database lacks stays an error" \
    "$KEFU" --lang en --db "$T/imp.db" drill check "$T/typo.kefu"
contains "typo: FILE:LINE:COL" "$T/err" "typo.kefu:1:6: error: 'use: ux-late-parcle' names no scenario"
printf 'sorry, I will check\nhello, your order number please\n' >"$T/uses.ans"
expect_exit 0 "drill run agrees with check" \
    "$KEFU" --lang en --db "$T/imp.db" drill run "$T/uses.kefu" --answers "$T/uses.ans"
contains "two turns: plural" "$T/out" "over 2 turns,"
printf 'use: ux-late-parcel\n' >"$T/one.kefu"
expect_exit 0 "a one-turn drill runs" \
    "$KEFU" --lang en --db "$T/imp.db" drill run "$T/one.kefu" --answers "$T/uses.ans"
contains "one turn: singular ('1 turns' is read as written)" "$T/out" "100 of 100 over 1 turn, passed"

# a misspelt use: slug of the built-in library: the nearest slug is offered
printf 'use: refund-not-recieved\n' >"$T/typo.kefu"
expect_exit 1 "a misspelt use: slug is an error" "$KEFU" --lang en drill check "$T/typo.kefu"
contains "use: typo: did you mean the library's slug" "$T/err" "typo.kefu:1:6: error: 'use: refund-not-recieved' names no scenario of the library; did you mean 'refund-not-received'?"
expect_exit 1 "zh: a misspelt use: slug" "$KEFU" --lang zh drill check "$T/typo.kefu"
contains "zh: use: typo: did you mean, in Chinese" "$T/err" "你是不是想写“refund-not-received”？"

finish
