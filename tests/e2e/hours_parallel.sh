# hours_parallel.sh -- two (here: six) terminals at once on one database.
#
# Four writer processes each add 40 intervals (disjoint times, two users)
# while two readers loop over status, log and report -- all started together
# on a database that does not exist yet (so even creating and migrating it
# is raced). No command may fail, none may say "database is locked" or
# "busy", and every one of the 160 changes must be in the database.
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || { echo "sqlite3 CLI not installed"; exit 1; }

DB=$T/par.db
export TZ=Asia/Shanghai KEFU_NOW=2026-03-01T12:00:00+08:00
BASE=$(date -u -d 2026-01-05T00:00:00Z +%s)
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }

writer() {   # writer N USER
    local n=$1 user=$2 bad=0
    for i in $(seq 0 39); do
        local s=$((BASE + (i * 4 + n) * 3600))
        if ! "$KEFU" --db "$DB" --user "$user" hours add --from "$(iso "$s")" \
                --to "$(iso $((s + 1800)))" "w$n" "i$i" >/dev/null 2>>"$T/err.$n"; then
            bad=$((bad + 1))
        fi
    done
    echo "$bad" >"$T/bad.$n"
}
reader() {   # reader N
    local n=$1 bad=0
    for i in $(seq 0 19); do
        for sub in status "log --week" "report --month --json"; do
            # shellcheck disable=SC2086
            "$KEFU" --db "$DB" --user ana hours $sub >/dev/null 2>>"$T/err.$n" || bad=$((bad + 1))
        done
    done
    echo "$bad" >"$T/bad.$n"
}

writer 0 ana & writer 1 ana & writer 2 bo & writer 3 bo &
reader 4 & reader 5 &
wait

for n in 0 1 2 3 4 5; do
    b=$(cat "$T/bad.$n" 2>/dev/null || echo missing)
    [ "$b" = 0 ] && pass "process $n: every command succeeded" \
        || fail "process $n: every command succeeded" "$b failed" "$(head -c 400 "$T/err.$n")"
done
if cat "$T"/err.* 2>/dev/null | grep -qi "locked\|busy"; then
    fail "no 'database is locked'" "$(grep -hi "locked\|busy" "$T"/err.* | head -3)"
else
    pass "no 'database is locked'"
fi
n=$(sqlite3 "$DB" "SELECT count(*) FROM hours_interval")
[ "$n" = 160 ] && pass "no lost change (160 intervals)" || fail "no lost change" "$n of 160"
for w in 0 1 2 3; do
    c=$(sqlite3 "$DB" "SELECT count(*) FROM hours_tag WHERE tag = 'w$w'")
    [ "$c" = 40 ] && pass "writer $w: all 40 there" || fail "writer $w: all 40 there" "$c"
done
ic=$(sqlite3 "$DB" "PRAGMA integrity_check")
[ "$ic" = ok ] && pass "integrity_check ok" || fail "integrity_check ok" "$ic"
expect_exit 0 "report for ana" "$KEFU" --db "$DB" --user ana hours report --from 2026-01-05 --to 2026-01-31 --json
contains "ana has 80 half hours" "$T/out" '"total_seconds":144000'
finish
