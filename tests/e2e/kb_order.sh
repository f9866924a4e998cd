#!/usr/bin/env bash
# kb_order.sh -- kefu order show: tagged lines, JSON, numbers typed with
# full-width digits, spaces or lower case, and the closest number when
# there is no such order.
. "$(dirname "$0")/lib.sh"
DB="$T/kb.db"
k() { "$KEFU" --db "$DB" --lang en "$@"; }

# take a real order number from the built-in data
id=$(grep -v '^#' "$KEFU_SOURCE_DIR/kb/data/orders.tsv" | sed -n 2p | cut -f1)
[ -n "$id" ] || { echo "no orders in kb/data/orders.tsv"; exit 1; }

expect_exit 0 "show an order" k order show "$id"
for tag in "Order: $id" "Status: " "Item: " "Amount: " "Placed: " "Address: " "Event: "; do
    contains "has $tag" "$T/out" "$tag"
done
expect_exit 0 "show an order in Chinese" "$KEFU" --db "$DB" --lang zh order show "$id"
if grep -q '^[^ -~]*: ' "$T/out"; then fail "zh: tags end in a full-width colon" "$(grep '^[^ -~]*: ' "$T/out")"; else
    pass "zh: tags end in a full-width colon"; fi
# events newest first: the Event: lines are in descending time order
grep '^Event: ' "$T/out" | cut -c8-23 >"$T/times"
sort -r "$T/times" | cmp -s - "$T/times" && pass "events newest first" || fail "events newest first" "$(cat "$T/times")"

fw=$(printf '%s' "$id" | sed 'y/0123456789TB/０１２３４５６７８９ＴＢ/')
expect_exit 0 "full-width number" k order show "$fw"
contains "full-width finds the order" "$T/out" "Order: $id"
lower=$(printf '%s' "$id" | tr 'A-Z' 'a-z')
expect_exit 0 "lower case number" k order show "$lower"
contains "lower case finds the order" "$T/out" "Order: $id"
spaced="${id:0:2} ${id:2:4} ${id:6:4} ${id:10}"
expect_exit 0 "number typed with spaces" k order show "$spaced"
contains "spaces find the order" "$T/out" "Order: $id"
expect_exit 0 "number as separate words" k order show ${id:0:6} ${id:6}
contains "words find the order" "$T/out" "Order: $id"

expect_exit 0 "json" k order show "$id" --json
contains "json has id" "$T/out" "\"id\":\"$id\""
contains "json has events" "$T/out" '"events":[{'

# unknown: say so, suggest the closest, exit 1
wrong="${id%?}X"
expect_exit 1 "unknown order" k order show "$wrong"
contains "unknown says so" "$T/err" "there is no order $wrong"
contains "unknown suggests the closest" "$T/err" "kefu order show $id"
expect_exit 2 "no number" k order show
expect_exit 2 "no subcommand" k order

# every status of a real store is in the data
for s in awaiting_payment awaiting_shipment shipped in_transit out_for_delivery delivered refund_in_progress refunded closed; do
    grep -q "	$s	" "$KEFU_SOURCE_DIR/kb/data/orders.tsv" && pass "data has $s" || fail "data has $s"
done
# an empty number is a usage error; a far one gets no random suggestion
expect_exit 2 "empty number" k order show ""
expect_exit 1 "far number" k --lang en order show 12345
lacks "far number: no suggestion" "$T/err" "the closest is"
contains "far number: how numbers look" "$T/err" "Try: an order number is TB, the date and 3 digits"
expect_exit 1 "near number" k --lang en order show TB2026031800
contains "near number: suggested" "$T/err" "the closest is TB20260318001"

# a damaged database (a table gone): the error still says what to do (5)
if command -v sqlite3 >/dev/null; then
    cp "$DB" "$T/broken.db"
    sqlite3 "$T/broken.db" "DROP TABLE practice_order; DROP TABLE scenario"
    expect_exit 1 "damaged database: order show fails" "$KEFU" --db "$T/broken.db" --lang en order show "$id"
    contains "damaged database: order show says what to do" "$T/err" ". Try: close other kefu windows and try again, or check the database with --db."
    expect_exit 1 "damaged database: kb list fails" "$KEFU" --db "$T/broken.db" --lang en kb list
    contains "damaged database: kb list says what to do" "$T/err" "cannot read the library: listing the library: no such table: scenario. Try: "
    expect_exit 1 "damaged database: kb search fails" "$KEFU" --db "$T/broken.db" --lang zh kb search 退款
    contains "damaged database: kb search says what to do, in Chinese" "$T/err" ". Try: 关闭其他 kefu 窗口后再试一次"
else
    echo "# sqlite3 not installed: the damaged-database checks are skipped"
fi
finish
