# hours_kill.sh -- durability of kefu hours under SIGKILL.
#
# 500 scripted changes (400 `add` with three tags each, 50 start/stop pairs),
# about a third of them killed with SIGKILL after a random delay up to a
# little more than one command takes (measured first), so kills land
# before, during and after the transaction. Then: PRAGMA integrity_check is "ok";
# every acknowledged change is in the database exactly as asked; every
# interval in the database is one of the scripted changes, whole (all three
# tags, the exact times) -- no half change.
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || { echo "sqlite3 CLI not installed"; exit 1; }

# A process kill (unlike a power cut) leaves the OS page cache intact, so
# the database may live in tmpfs: the test checks the same thing, faster.
DIR=$T
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
    DIR=$(mktemp -d /dev/shm/kefu-kill.XXXXXX)
    trap 'rm -rf "$T" "$DIR"' EXIT
fi
DB=$DIR/kill.db
export TZ=Asia/Shanghai KEFU_NOW=2026-03-01T12:00:00+08:00 KEFU_BOOT_ID=kill-test
RANDOM=4242                       # reproducible choice of victims and delays
BASE=$(date -u -d 2026-01-05T00:00:00Z +%s)
# ISO-8601 with offset, by the shell itself (no fork per change).
iso() { printf '%(%Y-%m-%dT%H:%M:%S%z)T' "$1"; }

: >"$T/scripted"; : >"$T/acked"
killed=0 acked=0 ran=0
# run LINE ARGS...: run kefu hours, maybe killed; LINE is the change as the
# database should show it ("start|end|tags"), recorded as acknowledged when
# kefu said it happened (exit 0 and a line on stdout).
run() {
    local line=$1 rc; shift
    ran=$((ran + 1))
    if [ $((RANDOM % 3)) -eq 0 ]; then
        local ms=$((RANDOM % SPAN))
        # --foreground: only kefu is killed; timeout reports 137 for it.
        timeout --foreground -s KILL "$((ms / 1000)).$(printf %03d $((ms % 1000)))" \
            "$KEFU" --db "$DB" hours "$@" >"$T/o" 2>"$T/e"
        rc=$?
    else
        local t0=${EPOCHREALTIME/./}
        "$KEFU" --db "$DB" hours "$@" >"$T/o" 2>"$T/e"
        rc=$?
        # Follow the machine's speed: a load spike during the first
        # measurement (or after it) must not leave kills landing too late
        # or too early to test anything.
        local d=$(( (${EPOCHREALTIME/./} - t0) / 1000 ))
        SPAN=$(( (SPAN * 7 + d * 12 / 10 + 2) / 8 ))
    fi
    if [ "$rc" -eq 137 ]; then
        killed=$((killed + 1))
    elif [ "$rc" -eq 0 ] && [ -s "$T/o" ]; then
        acked=$((acked + 1))
        [ -n "$line" ] && echo "$line" >>"$T/acked"
    elif grep -q "locked\|busy" "$T/e"; then
        fail "no lock errors" "$(cat "$T/e")"
    fi
}

"$KEFU" --db "$DB" hours status >/dev/null    # create the database first
# Kill delays span 0 .. 1.2 x the time one change takes here (sanitizer
# builds and slow disks are slower), so kills land before, inside and after
# the transaction.
t0=$(date +%s%N)
for i in 1 2 3 4 5; do "$KEFU" --db "$DB" hours status >/dev/null; done
SPAN=$(( ($(date +%s%N) - t0) / 1000000 / 5 * 12 / 10 + 2 ))
echo "one command takes about $((SPAN * 10 / 12)) ms; kill delays 0-$SPAN ms (followed as the run goes)"
for i in $(seq 0 449); do
    s=$((BASE + i * 3600)); e=$((s + 1800))
    tags="a$i b$i c$i"
    sorted=$(printf '%s\n' $tags | sort | tr '\n' ' ' | sed 's/ $//')
    echo "$s|$e|$sorted" >>"$T/scripted"
    if [ $((i % 9)) -eq 4 ]; then             # 50 start/stop pairs
        run "" start --at "$(iso "$s")" $tags
        run "$s|$e|$sorted" stop --at "$(iso "$e")"
        # Tidy up after a killed stop (never killed itself): same end.
        "$KEFU" --db "$DB" hours stop --at "$(iso "$e")" >/dev/null 2>&1
    else
        run "$s|$e|$sorted" add --from "$(iso "$s")" --to "$(iso "$e")" $tags
    fi
done
echo "ran $ran changes: $killed killed, $acked acknowledged (kill delays 0-$SPAN ms at the end)"
[ "$ran" -eq 500 ] && pass "500 scripted changes" || fail "500 scripted changes" "$ran"
[ "$killed" -gt 50 ] && pass "many were killed ($killed)" || fail "many were killed" "$killed"

ic=$(sqlite3 "$DB" "PRAGMA integrity_check")
[ "$ic" = ok ] && pass "integrity_check ok" || fail "integrity_check ok" "$ic"
fk=$(sqlite3 "$DB" "PRAGMA foreign_key_check")
[ -z "$fk" ] && pass "foreign keys consistent" || fail "foreign keys consistent" "$fk"

sqlite3 "$DB" "SELECT started || '|' || coalesce(ended, '') || '|' || coalesce((SELECT group_concat(tag, ' ') FROM (SELECT tag FROM hours_tag t WHERE t.interval_id = i.id ORDER BY tag)), '') FROM hours_interval i" | sort >"$T/db"
sort -o "$T/acked" "$T/acked"; sort -o "$T/scripted" "$T/scripted"
lost=$(comm -23 "$T/acked" "$T/db")
[ -z "$lost" ] && pass "every acknowledged change is there ($(wc -l <"$T/acked"))" \
    || fail "every acknowledged change is there" "$(echo "$lost" | head -5)"
half=$(comm -23 "$T/db" "$T/scripted")
[ -z "$half" ] && pass "no half change ($(wc -l <"$T/db") intervals, all whole)" \
    || fail "no half change" "$(echo "$half" | head -5)"
dups=$(uniq -d "$T/db")
[ -z "$dups" ] && pass "no change recorded twice" || fail "no change recorded twice" "$dups"
# kefu still works on the database afterwards, and its log agrees.
expect_exit 0 "log after the kills" "$KEFU" --db "$DB" hours log --from 2026-01-01 --to 2026-03-01 --json
n=$(grep -o '"id":' "$T/out" | wc -l)
[ "$n" -eq "$(wc -l <"$T/db")" ] && pass "log lists every interval" || fail "log lists every interval" "$n"
finish
