#!/usr/bin/env bash
# kb_import.sh -- kefu kb import (all or nothing, Added/Replaced report) and
# the built-in library's reload when its data version changes, keeping
# trainees' rows and trainers' imports.
. "$(dirname "$0")/lib.sh"
DB="$T/kb.db"
DATA="$T/builtin"
mkdir -p "$DATA"
cp "$KEFU_SOURCE_DIR"/kb/data/*.kefu "$KEFU_SOURCE_DIR"/kb/data/*.tsv "$DATA"/
export KEFU_DATA_DIR="$DATA"
k() { "$KEFU" --db "$DB" --lang en "$@"; }

expect_exit 0 "first use loads the built-in library" k kb list --json
builtin_n=$(grep -o '"slug"' "$T/out" | wc -l)
[ "$builtin_n" -ge 20 ] && pass "built-in entries: $builtin_n" || fail "built-in entries" "$builtin_n"

mkdir -p "$T/trainer"
cat >"$T/trainer/gift.kefu" <<'KEFU'
scenario: trainer-gift-note
tier: basic
category: pre-sales
title: 礼物贺卡留言
title@en: Gift wrapping
customer: 可以帮我包装成礼物吗？送人的
customer@en: Can you trainer-gift-note it? It's a present.
expect 60 resolve: 包装 | 礼盒 | gift box | wrap
expect 40 greeting: 您好 | 亲 | hello
answer: 亲，可以的，我们免费提供礼盒包装。
answer@en: Sure, we trainer-gift-note for free.

scenario: order-status
tier: basic
category: order
title: 查订单（本店版）
title@en: Order status (our shop's way)
customer: 我的订单呢
customer@en: Where's my order?
expect 100 verify: 订单号 | order number
answer: 亲，请提供订单号。
answer@en: Please give me the order number.
KEFU

# one bad scenario among good ones: nothing is imported
cat >"$T/bad.kefu" <<'KEFU'
scenario: good-one
tier: basic
category: pre-sales
title: 好的
title@en: A good one
customer: 你好
customer@en: Hello
expect 100 greeting: 您好 | hello

scenario: bad-one
tier: expert
category: pre-sales
title: 坏的
customer: 你好
expect 90 greeting: 您好
KEFU
k kb list --json >"$T/before.json"
sqlite3 "$DB" "SELECT slug, origin, title_zh FROM scenario ORDER BY slug" >"$T/before.rows"
expect_exit 1 "a file with a bad scenario is refused" k kb import "$T/bad.kefu"
contains "errors name FILE:LINE:COL" "$T/err" "bad.kefu:11:7: error"
contains "every error is reported (weights)" "$T/err" "bad.kefu:14"
contains "says nothing was imported" "$T/err" "nothing was imported"
k kb list --json >"$T/after.json"
sqlite3 "$DB" "SELECT slug, origin, title_zh FROM scenario ORDER BY slug" >"$T/after.rows"
cmp -s "$T/before.json" "$T/after.json" && pass "library unchanged (list)" || fail "library unchanged (list)"
cmp -s "$T/before.rows" "$T/after.rows" && pass "library unchanged (rows)" || fail "library unchanged (rows)"
expect_exit 1 "the good scenario of the bad file is not there" k kb show good-one

# a good folder: one added, one replaced
expect_exit 0 "import a folder" k kb import "$T/trainer"
contains "report counts" "$T/out" "Added: 1; Replaced: 1"
contains "report names the added slug" "$T/out" "Added: trainer-gift-note"
contains "report names the replaced slug" "$T/out" "Replaced: order-status"
expect_exit 0 "imported scenario is searchable" k kb search 礼物贺卡留言
head -n 1 "$T/out" | grep -qF "(trainer-gift-note," && pass "trainer-gift-note found first" || fail "trainer-gift-note found first" "$(head -n 2 "$T/out")"
expect_exit 0 "replaced scenario shows the trainer's version" k kb show order-status
contains "trainer's title" "$T/out" "Order status (our shop's way)"
expect_exit 0 "kb show in Chinese" "$KEFU" --db "$DB" --lang zh kb show order-status
contains "zh: title tag, full-width colon" "$T/out" "标题："
contains "zh: tier tag, full-width colon" "$T/out" "级别："
lacks "zh: no half-width colon after a tag" "$T/out" "题: "
expect_exit 0 "import json" k --json kb import "$T/trainer/gift.kefu"
contains "json report" "$T/out" '"replaced":["trainer-gift-note","order-status"]'
expect_exit 1 "import a missing path" k kb import "$T/nope.kefu"
mkdir -p "$T/empty"
expect_exit 1 "import an empty folder" k kb import "$T/empty"
expect_exit 2 "import without a path" k kb import

# a trainee's rows, then a new built-in data version
sqlite3 "$DB" "INSERT INTO users(name) VALUES ('alice');
  INSERT INTO settings(user_id, key, value) SELECT id, 'speech.rate', '170' FROM users WHERE name = 'alice';"
cat >>"$DATA/zz-new.kefu" <<'KEFU'
scenario: new-builtin-thing
tier: basic
category: pre-sales
title: 新增的内置情景
title@en: A new built-in scenario
customer: 新上架的独角兽玩偶有货吗
customer@en: Is the new unicorn plush in stock?
expect 100 resolve: 有货 | in stock
KEFU
expect_exit 0 "changed data reloads" k kb search 独角兽玩偶
head -n 1 "$T/out" | grep -qF "(new-builtin-thing," && pass "new built-in scenario found" || fail "new built-in scenario found" "$(head -n 2 "$T/out")"
[ "$(sqlite3 "$DB" "SELECT value FROM settings WHERE key = 'speech.rate'")" = 170 ] && pass "trainee setting kept" || fail "trainee setting kept"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM users WHERE name = 'alice'")" = 1 ] && pass "trainee kept" || fail "trainee kept"
[ "$(sqlite3 "$DB" "SELECT origin || ':' || title_en FROM scenario WHERE slug = 'order-status'")" = "import:Order status (our shop's way)" ] \
    && pass "trainer's replacement survives the reload" || fail "trainer's replacement survives the reload"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM scenario WHERE slug = 'trainer-gift-note'")" = 1 ] && pass "import survives the reload" || fail "import survives the reload"
rm "$DATA/zz-new.kefu"
expect_exit 0 "data back: reload again" k kb list --json
lacks "removed built-in scenario is gone" "$T/out" "new-builtin-thing"
v1=$(sqlite3 "$DB" "SELECT value FROM lib_meta WHERE key = 'builtin_version'")
expect_exit 0 "unchanged data: no reload" k kb list
v2=$(sqlite3 "$DB" "SELECT value FROM lib_meta WHERE key = 'builtin_version'")
[ -n "$v1" ] && [ "$v1" = "$v2" ] && pass "data version stable" || fail "data version stable" "$v1 / $v2"

# broken built-in data is reported, not loaded half-way
echo "scenario: Broken Slug" >"$DATA/zz-broken.kefu"
expect_exit 1 "broken built-in data is an error" k kb list
contains "names the file and line" "$T/err" "zz-broken.kefu:1:"
finish
