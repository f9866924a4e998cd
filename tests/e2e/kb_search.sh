#!/usr/bin/env bash
# kb_search.sh -- kefu kb search/show/list on the built-in library:
# Chinese, English, Traditional, full-width and mixed queries, the JSON
# contract, tiers, usage errors, "nothing found", show and closest slug.
. "$(dirname "$0")/lib.sh"
DB="$T/kb.db"
k() { "$KEFU" --db "$DB" "$@"; }

# first line of a text search names the expected slug (English labels:
# the Chinese line uses full-width brackets)
top_is() {
    local name=$1 slug=$2; shift 2
    if k --lang en "$@" >"$T/out" 2>"$T/err" && head -n 1 "$T/out" | grep -qF "($slug,"; then
        pass "$name"
    else
        fail "$name" "expected $slug first" "$(head -n 3 "$T/out")" "$(head -c 300 "$T/err")"
    fi
}
in_top3() {
    local name=$1 slug=$2; shift 2
    if k --lang en "$@" >"$T/out" 2>"$T/err" && head -n 3 "$T/out" | grep -qF "($slug,"; then
        pass "$name"
    else
        fail "$name" "expected $slug in the top 3" "$(head -n 3 "$T/out")" "$(head -c 300 "$T/err")"
    fi
}

top_is "zh: where is my parcel" order-status kb search 我的快递到哪了，怎么还没到
top_is "zh: invoice" invoice-request kb search 能开发票吗
in_top3 "zh: broken item" damaged-item kb search 收到的东西碎了
top_is "en: coupon" coupon-use kb search "my coupon can't be applied at checkout"
in_top3 "en: stemming (invoices)" invoice-request kb search "invoices"
top_is "Traditional: 發票" invoice-request kb search 可以開發票嗎
in_top3 "Traditional: 破損" damaged-item kb search 收到的商品破損了
top_is "full-width: ＩＮＶＯＩＣＥ" invoice-request kb search ＩＮＶＯＩＣＥ 发票
in_top3 "mixed zh/en" damaged-item kb search 收到 broken 了 怎么办
top_is "several words are one query" order-status kb search 快递 到哪了
# a misspelt English word is read as the index's word one edit away
top_is "en: typo (invoce)" invoice-request kb search "invoce for my compnay"

# JSON: exactly [{"slug", "title", "tier", "score"}]
expect_exit 0 "json search" k kb search 退货 --json --limit 3
if command -v python3 >/dev/null; then
    if python3 - "$T/out" <<'PY'
import json, sys
v = json.load(open(sys.argv[1]))
assert isinstance(v, list) and 1 <= len(v) <= 3, v
for h in v:
    assert sorted(h) == ["score", "slug", "tier", "title"], h
    assert isinstance(h["score"], (int, float)) and isinstance(h["slug"], str)
scores = [h["score"] for h in v]
assert scores == sorted(scores, reverse=True), scores
PY
    then pass "json shape"; else fail "json shape" "$(head -c 400 "$T/out")"; fi
fi
expect_exit 0 "tier filter" k kb search 退款 --tier basic --json
lacks "tier filter keeps other tiers out" "$T/out" '"tier":"intermediate"'
lacks "tier filter keeps advanced out" "$T/out" '"tier":"advanced"'
expect_exit 0 "limit" k --lang zh kb search 订单 --limit 2
contains "Chinese labels" "$T/out" "得分"
[ "$(wc -l <"$T/out")" -eq 2 ] && pass "limit 2 gives 2 lines" || fail "limit 2 gives 2 lines" "$(cat "$T/out")"

# usage errors, not crashes
expect_exit 2 "no query" k kb search
expect_exit 2 "empty query" k kb search ""
expect_exit 2 "blank query" k kb search "   "
long=$(head -c 5000 /dev/zero | tr '\0' 'a')
expect_exit 2 "over-long query" k kb search "$long"
contains "over-long says why" "$T/err" "4096"
expect_exit 2 "unknown tier" k kb search 退款 --tier expert
expect_exit 2 "bad limit" k kb search 退款 --limit 0

# nothing found: say so and offer the categories
expect_exit 0 "nothing found" k --lang en kb search "，，，！"
contains "nothing found says so" "$T/out" "Nothing found"
contains "nothing found offers browsing" "$T/out" "kefu kb list --tier basic"
expect_exit 0 "json nothing found" k kb search "？？" --json
contains "json nothing found is []" "$T/out" "[]"

# show: the whole scenario, tagged lines
expect_exit 0 "show" k --lang en kb show damaged-item
for tag in "Title: " "Tier: " "Brief: " "Customer: " "Expect: " "Answer: "; do
    contains "show has $tag" "$T/out" "$tag"
done
expect_exit 1 "show unknown slug" k kb show damaged-itme
contains "show suggests the closest slug" "$T/err" "damaged-item"
expect_exit 2 "show without slug" k kb show

# list
expect_exit 0 "list basic" k kb list --tier basic --json
n=$(grep -o '"slug"' "$T/out" | wc -l)
[ "$n" -ge 15 ] && pass "list basic has >= 15 ($n)" || fail "list basic has >= 15" "$n"
lacks "list basic has only basic" "$T/out" '"tier":"advanced"'
expect_exit 0 "list all" k kb list
expect_exit 2 "list bad tier" k kb list --tier expert

# policies are entries too, when the data has them
if k kb list --tier policy --json >"$T/pol" 2>/dev/null && grep -q '"slug"' "$T/pol"; then
    slug=$(sed 's/.*"slug":"\([^"]*\)".*/\1/' "$T/pol" | head -n 1)
    slug=$(grep -o '"slug":"[^"]*"' "$T/pol" | head -n 1 | cut -d'"' -f4)
    expect_exit 0 "show a policy" k --lang en kb show "$slug"
    contains "policy has a title" "$T/out" "Title: "
    expect_exit 0 "search policies" k kb search 退货 --tier policy --json
    contains "policy search finds policies" "$T/out" '"tier":"policy"'
fi
# people hear translated tier, category and rubric section names, never slugs
expect_exit 0 "list zh" k --lang zh kb list --tier basic
contains "list zh: category translated" "$T/out" "售后"
lacks "list zh: no raw category" "$T/out" "after-sales)"
expect_exit 0 "nothing found zh" k --lang zh kb search zzqqxx
contains "nothing found: categories translated" "$T/out" "物流"
lacks "nothing found: no raw categories" "$T/out" "pre-sales"
expect_exit 0 "show zh" k --lang zh kb show greeting-first-contact
contains "show zh: category" "$T/out" "初级、售前"
contains "show zh: section names" "$T/out" "问候，权重 40"
expect_exit 0 "show en" k --lang en kb show greeting-first-contact
contains "show en: readable section" "$T/out" "Expect: offer to help, weight 40"
lacks "show en: no raw section id" "$T/out" "greeting 40"
# kb show fills the scenario's order into {order.*}; bad names are usage
# errors or quoted short, and only a close name is suggested
expect_exit 0 "show order-status" k --lang en kb show order-status
lacks "show: no unfilled placeholder" "$T/out" "{order."
contains "show: order number filled in" "$T/out" "Customer: Hi, where is my order TB20260318001?"
expect_exit 2 "show an empty name" k kb show ""
expect_exit 1 "show a far name" k --lang en kb show zzzzzz
lacks "far name: no random suggestion" "$T/err" "the closest is"
expect_exit 1 "show a prefix" k --lang en kb show damaged
contains "prefix: suggested" "$T/err" "the closest is damaged-item"
long=$(head -c 100000 /dev/zero | tr '\0' a)
expect_exit 1 "show a 100 KB name" k --lang en kb show "$long"
if [ "$(wc -c <"$T/err")" -lt 300 ]; then pass "100 KB name: quoted short"; else
    fail "100 KB name: quoted short" "$(wc -c <"$T/err") bytes"; fi
# one word of the query must not outweigh the rest through its synonyms
# ("pays" and the thesaurus's "pay" are one stem, counted once)
expect_exit 0 "return shipping who pays" k --lang en kb search --json "return shipping who pays"
first=$(grep -o '"slug":"[^"]*"' "$T/out" | head -n 1 | cut -d'"' -f4)
[ "$first" = return-shipping-fee ] && pass "return shipping: right scenario first" ||
    fail "return shipping: right scenario first" "got $first"
finish
