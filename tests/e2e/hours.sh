# hours.sh -- kefu hours end to end, with KEFU_NOW fixing the clock: the daily
# window, breaks by the rhythm, the daily maximum, open-interval recovery,
# midnight and DST splits, zone changes, a clock going backwards, every bad
# input (and that nothing is written then), undo/edit/delete, JSON and CSV.
. "$(dirname "$0")/lib.sh"

DB=$T/h.db
# h NOW ARGS...: kefu hours at a fixed time (local time of $TZ unless NOW
# carries an offset).
h() { local now=$1; shift; KEFU_NOW=$now "$KEFU" --lang en --db "$DB" hours "$@"; }
fresh() { rm -f "$DB" "$DB-wal" "$DB-shm"; }
count() { sqlite3 "$DB" "SELECT count(*) FROM hours_interval; SELECT count(*) FROM hours_action;" | tr '\n' ' '; }
export TZ=Asia/Shanghai KEFU_BOOT_ID=boot-a
D=2026-03-02

# ---- basics and the rhythm --------------------------------------------------
fresh
expect_exit 0 "start" h ${D}T09:00 start practice
contains "start says so, time first" "$T/out" "Started: work since 09:00 on 2026-03-02; tags: practice; #1"
expect_exit 0 "status" h ${D}T09:30 status
contains "status: running" "$T/out" "Running: work since 09:00"
contains "status: today's total and what is left" "$T/out" "Today: 30m worked; 5h 30m left before the daily maximum"
contains "status: window left" "$T/out" "Window: 13h 30m left, 08:00 to 23:00"
contains "status: next break" "$T/out" "Next break: in 20m"
expect_exit 0 "status at 50 min" h ${D}T09:51 status
contains "break due after 50 minutes" "$T/out" "Warning: Break due: 51m without a break"
expect_exit 0 "pause" h ${D}T09:51 pause
expect_exit 0 "resume after 5 min" h ${D}T09:56 resume
expect_exit 0 "status after a short pause" h ${D}T10:00 status
contains "a 5-minute pause is not a break" "$T/out" "Break due: 1h 00m without a break"
expect_exit 0 "pause again" h ${D}T10:00 pause
expect_exit 0 "resume after the break" h ${D}T10:10 resume
expect_exit 0 "status after a real break" h ${D}T10:30 status
contains "a 10-minute break resets the rhythm" "$T/out" "Next break: in 30m"
expect_exit 0 "stop" h ${D}T11:00 stop
contains "stop says how long" "$T/out" "Stopped: work 10:10 to 11:00 on 2026-03-02, 50m"
expect_exit 0 "report csv" h ${D}T11:00 report --day --csv
contains "csv header" "$T/out" "date,worked_seconds,break_seconds,breaks,below_min,over_max"
contains "csv row: 1h45m work, 15m of breaks, two breaks, below 2h" "$T/out" "2026-03-02,6300,900,2,true,false"

# ---- the daily window ---------------------------------------------------------
fresh
expect_exit 1 "start before the window" h ${D}T07:00 start
contains "window error names the window" "$T/err" "07:00 is outside your working window (08:00 to 23:00)"
contains "window error offers --continue" "$T/err" "--continue"
expect_exit 0 "start before the window with --continue" h ${D}T07:00 start --continue
expect_exit 0 "stop" h ${D}T07:30 stop
expect_exit 0 "start in the evening, next day" h 2026-03-03T22:00 start
expect_exit 0 "status after the window closed" h 2026-03-03T23:30 status
contains "stopped counting at the window end, and says so" "$T/out" "Warning: stopped counting at 2026-03-03 23:00: it is outside the working window 08:00 to 23:00"
contains "then not running" "$T/out" "Not running"
contains "an hour counted" "$T/out" "Today: 1h 00m worked"

# ---- the daily maximum -------------------------------------------------------------
fresh
expect_exit 0 "start at nine" h ${D}T09:00 start
expect_exit 0 "status 10 minutes before the maximum" h ${D}T14:50 status
contains "warning 15 minutes before the maximum" "$T/out" "Warning: Daily maximum in 10m"
expect_exit 0 "status after the maximum" h ${D}T16:00 status
contains "stopped counting at the maximum, and says so" "$T/out" "Warning: stopped counting at 2026-03-02 15:00: the daily maximum of 6h 00m was reached"
contains "today is exactly the maximum" "$T/out" "Today: 6h 00m worked; 0m left"
expect_exit 1 "start after the maximum" h ${D}T16:00 start
contains "maximum error" "$T/err" "today's maximum of 6h 00m is reached"
expect_exit 0 "start --continue after the maximum" h ${D}T16:00 start --continue
expect_exit 0 "stop" h ${D}T17:00 stop
expect_exit 0 "report json" h ${D}T17:00 report --day --json
contains "over_max in json" "$T/out" '"worked_seconds":25200,"break_seconds":0,"below_min":false,"over_max":true'
expect_exit 0 "undo the stop" h ${D}T17:00 undo
expect_exit 0 "undo the start --continue" h ${D}T17:00 undo
expect_exit 0 "log after undo" h ${D}T17:00 log --json
contains "undo left the capped interval" "$T/out" '[{"id":1,"start":"2026-03-02T09:00:00+08:00","end":"2026-03-02T15:00:00+08:00","tags":[]}]'

# hours.at_max = continue: warn, keep counting.
fresh
printf '[hours]\nmin_daily = 30m\nmax_daily = 1h\nat_max = continue\nwindow = 06:00-22:00\n' >"$T/c.ini"
KEFU_NOW=${D}T07:00 expect_exit 0 "start at seven with a 06:00 window (config)" "$KEFU" --config "$T/c.ini" --lang en --db "$DB" hours start
KEFU_NOW=${D}T08:30 expect_exit 0 "status past the maximum (config)" "$KEFU" --config "$T/c.ini" --lang en --db "$DB" hours status
contains "still running past the maximum" "$T/out" "Running: work since 07:00 on 2026-03-02, 1h 30m so far"
contains "over the maximum is said" "$T/out" "Warning: Over the daily maximum by 30m, by your choice"
printf '[hours]\nwindow = 23:00-08:00\n' >"$T/bad.ini"
KEFU_NOW=${D}T08:30 expect_exit 1 "a bad window setting is an error" "$KEFU" --config "$T/bad.ini" --lang en --db "$DB" hours status
contains "bad window names the key" "$T/err" "hours.window = '23:00-08:00' is not a time-of-day window"

# ---- recovery of an interval left open by a crash ------------------------------------
fresh
expect_exit 0 "start (boot a)" h ${D}T09:00 start calls
expect_exit 0 "activity at 09:40" h ${D}T09:40 status
KEFU_BOOT_ID=boot-b expect_exit 0 "start after a power cut (boot b)" h ${D}T14:00 start calls
contains "worker is told" "$T/out" "Warning: interval #1, left open since 2026-03-02 09:00 when the computer stopped, was closed at 2026-03-02 09:40"
contains "worker is told how to correct it" "$T/out" "kefu hours edit 1 --to TIME"
KEFU_BOOT_ID=boot-b expect_exit 0 "log" h ${D}T14:00 log
contains "capped at the last activity, marked" "$T/out" "Work 09:00 to 09:40 on 2026-03-02, 40m; tags: calls; recovered after a crash; #1"
KEFU_BOOT_ID=boot-b expect_exit 0 "correct it" h ${D}T14:00 edit 1 --to 12:00
contains "edit says so" "$T/out" "Changed: work 09:00 to 12:00 on 2026-03-02, 3h 00m; tags: calls; #1"
# A session process that died: owner BOOT:PID with a pid that is gone.
fresh
expect_exit 0 "start" h ${D}T09:00 start
sqlite3 "$DB" "UPDATE hours_interval SET owner = 'boot-a:999999'"
expect_exit 0 "status sees the dead session" h ${D}T10:00 status
contains "dead session recovered" "$T/out" "when its program ended, was closed at 2026-03-02 09:00"

# ---- bad input: clear errors, nothing written -------------------------------------------
fresh
h ${D}T10:00 add --from 08:00 --to 08:30 >/dev/null
before=$(count)
expect_exit 1 "stop with nothing running" h ${D}T09:00 stop
contains "stop error" "$T/err" "kefu: error: nothing is running, so there is nothing to stop. Try:"
expect_exit 1 "overlapping add" h ${D}T10:00 add --from 08:15 --to 09:00
contains "overlap error names the interval" "$T/err" "overlaps interval #1 (2026-03-02 08:00 to 2026-03-02 08:30)"
expect_exit 1 "--to before --from" h ${D}T10:00 add --from 09:30 --to 09:00
contains "order error" "$T/err" "the end 2026-03-02 09:00 is not after the start 2026-03-02 09:30"
expect_exit 2 "unparseable time" h ${D}T10:00 add --from 9h --to 10:00
contains "parse error names the text" "$T/err" "--from '9h' is not a time"
expect_exit 2 "unparseable --at" h ${D}T10:00 start --at 25:00
expect_exit 1 "unknown id (edit)" h ${D}T10:00 edit 99 --to 10:00
contains "unknown id error" "$T/err" "there is no interval #99"
expect_exit 1 "unknown id (delete)" h ${D}T10:00 delete 99
expect_exit 2 "edit without a change" h ${D}T10:00 edit 1
expect_exit 1 "future end" h ${D}T10:00 add --from 09:00 --to 11:00
contains "future error" "$T/err" "is in the future"
expect_exit 1 "longer than a day" h ${D}T10:00 add --from 2026-02-27T09:00 --to 2026-03-01T09:00
expect_exit 2 "bad tag" h ${D}T10:00 start -- "-x"
expect_exit 2 "reserved tag" h ${D}T10:00 start break
expect_exit 2 "unknown subcommand" h ${D}T10:00 frobnicate
expect_exit 2 "an option that does not fit" h ${D}T10:00 stop --continue
contains "says which option" "$T/err" "--continue does not go with 'kefu hours stop'"
expect_exit 2 "--at on add" h ${D}T10:00 add --at 09:00 --from 09:00 --to 09:30
expect_exit 1 "resume with nothing paused" h ${D}T10:00 resume
expect_exit 1 "undo with nothing... (after a failed start)" h ${D}T10:00 start --at 08:10
contains "--at inside an interval" "$T/err" "--at 2026-03-02 08:10 is inside interval #1"
after=$(count)
if [ "$before" = "$after" ]; then pass "nothing written by bad input"; else fail "nothing written by bad input" "$before -> $after"; fi
expect_exit 0 "integrity" sqlite3 "$DB" "PRAGMA integrity_check"
contains "integrity ok" "$T/out" "ok"

# ---- undo, edit, delete ------------------------------------------------------------------
expect_exit 0 "delete" h ${D}T10:00 delete 1
contains "delete says what" "$T/out" "Deleted: work 08:00 to 08:30 on 2026-03-02, 30m; #1"
expect_exit 0 "undo the delete" h ${D}T10:00 undo
contains "undo says what" "$T/out" "Undone: the deletion, made at 10:00"
expect_exit 0 "edit tags" h ${D}T10:00 edit 1 email chat
expect_exit 0 "log json after edit" h ${D}T10:00 log --json
contains "log json shape" "$T/out" '[{"id":1,"start":"2026-03-02T08:00:00+08:00","end":"2026-03-02T08:30:00+08:00","tags":["chat","email"]}]'
expect_exit 0 "log csv" h ${D}T10:00 log --csv
contains "log csv" "$T/out" "1,work,2026-03-02T08:00:00+08:00,2026-03-02T08:30:00+08:00,1800,chat email,"
expect_exit 0 "undo edit" h ${D}T10:00 undo
expect_exit 0 "undo add" h ${D}T10:00 undo
expect_exit 1 "nothing left to undo" h ${D}T10:00 undo
contains "undo error" "$T/err" "there is nothing to undo"

# ---- report shape, midnight split ---------------------------------------------------------
fresh
h 2026-03-04T12:00 add --from 2026-03-02T22:00 --to 2026-03-03T02:00 night >/dev/null
h 2026-03-04T12:00 add --from 2026-03-03T09:00 --to 2026-03-03T10:00 >/dev/null
expect_exit 0 "report json over two days" h 2026-03-04T12:00 report --from 2026-03-02 --to 2026-03-03 --json
contains "report json exact" "$T/out" '{"from":"2026-03-02","to":"2026-03-03","total_seconds":18000,"days":[{"date":"2026-03-02","worked_seconds":7200,"break_seconds":0,"below_min":false,"over_max":false},{"date":"2026-03-03","worked_seconds":10800,"break_seconds":0,"below_min":false,"over_max":false}],"tags":{"night":14400}}'
KEFU_NOW=2026-03-04T12:00 "$KEFU" --db "$DB" --user ana hours add --from 2026-03-03T09:00 --to 2026-03-03T09:30 >/dev/null
expect_exit 0 "report --user of another user" h 2026-03-04T12:00 report --user ana --from 2026-03-03 --to 2026-03-03 --json
contains "ana's report" "$T/out" '"total_seconds":1800'
expect_exit 1 "report --user unknown fails" "$KEFU" --lang en --db "$DB" --user nobody hours report
contains "unknown user" "$T/err" "there is no user named 'nobody' with hours in this database"

# ---- DST: America/New_York and Europe/Berlin ----------------------------------------------
fresh
export TZ=America/New_York
h 2026-03-09T12:00 add --from 2026-03-07T22:00 --to 2026-03-08T04:00 >/dev/null
expect_exit 0 "NY spring forward report" h 2026-03-09T12:00 report --from 2026-03-07 --to 2026-03-08 --csv
contains "NY: 2h before midnight" "$T/out" "2026-03-07,7200,"
contains "NY: 00:00-04:00 on the short day is 3h" "$T/out" "2026-03-08,10800,"
h 2026-11-02T12:00 add --from 2026-11-01T00:00 --to 2026-11-01T03:00 >/dev/null
expect_exit 0 "NY fall back report" h 2026-11-02T12:00 report --from 2026-11-01 --to 2026-11-01 --json
contains "NY: 00:00-03:00 on the long day is 4h" "$T/out" '"worked_seconds":14400'
expect_exit 0 "NY log shows both offsets" h 2026-11-02T12:00 log --from 2026-11-01 --to 2026-11-01 --json
contains "offsets -04:00 and -05:00" "$T/out" '"start":"2026-11-01T00:00:00-04:00","end":"2026-11-01T03:00:00-05:00"'
export TZ=Europe/Berlin
fresh
h 2026-10-26T12:00 add --from 2026-10-24T23:00 --to 2026-10-25T03:00 >/dev/null
h 2026-10-26T12:00 add --from 2026-03-28T23:30 --to 2026-03-29T03:30 >/dev/null
expect_exit 0 "Berlin report (autumn)" h 2026-10-26T12:00 report --from 2026-10-24 --to 2026-10-25 --csv
contains "Berlin: 1h before midnight" "$T/out" "2026-10-24,3600,"
contains "Berlin: 00:00-03:00 on the 25-hour day is 4h" "$T/out" "2026-10-25,14400,"
expect_exit 0 "Berlin report (spring)" h 2026-10-26T12:00 report --from 2026-03-28 --to 2026-03-29 --csv
contains "Berlin: 30m before midnight" "$T/out" "2026-03-28,1800,"
contains "Berlin: 00:00-03:30 on the 23-hour day is 2h30m" "$T/out" "2026-03-29,9000,"
# The same instants seen from another zone: stored UTC, shown local.
export TZ=Asia/Shanghai
expect_exit 0 "zone change: log from Shanghai" h 2026-10-26T12:00 log --from 2026-10-25 --to 2026-10-25 --json
contains "same instant, Shanghai time" "$T/out" '"start":"2026-10-25T05:00:00+08:00","end":"2026-10-25T10:00:00+08:00"'

# ---- a clock that jumps backwards ------------------------------------------------------------
fresh
h ${D}T10:00 start >/dev/null
expect_exit 0 "stop with the clock before the start" h ${D}T09:00 stop
contains "clamped, and said" "$T/out" "the clock reads 2026-03-02 09:00, before the start (2026-03-02 10:00); recorded as 0 minutes"
expect_exit 0 "start with the clock before the last end" h ${D}T08:00 start
contains "start clamped to the last end" "$T/out" "starting at 2026-03-02 10:00 instead"
n=$(sqlite3 "$DB" "SELECT count(*) FROM hours_interval WHERE ended < started")
[ "$n" = 0 ] && pass "no negative interval" || fail "no negative interval" "$n"
expect_exit 1 "--at before the start is an error" h ${D}T11:00 stop --at 09:30
contains "--at error" "$T/err" "--at 2026-03-02 09:30 is before the start of interval"

# A tag with bytes that are not UTF-8 is refused (it was stored, then dropped
# without a word from --json); a Chinese tag is fine.
fresh
expect_exit 2 "a non-UTF-8 tag is a usage error" h ${D}T09:00 start "$(printf 'ab\xff')"
contains "non-UTF-8 tag: says what to do" "$T/err" "kefu: error: a tag is not valid UTF-8 text"
[ "$(count)" = "0 0 " ] && pass "non-UTF-8 tag: nothing written" || fail "non-UTF-8 tag: nothing written" "$(count)"
expect_exit 2 "a UTF-16 surrogate in UTF-8 is refused" h ${D}T09:00 start "$(printf '\xed\xa0\x80')"
expect_exit 0 "a Chinese tag is accepted" h ${D}T09:00 start 客服
expect_exit 0 "stop the Chinese-tagged work" h ${D}T10:00 stop
expect_exit 0 "report --json with a Chinese tag" h ${D}T10:00 report --json
contains "the Chinese tag is in the JSON" "$T/out" '"客服"'

# A pasted paragraph as a tag: the error quotes only its start.
fresh
expect_exit 2 "a 100 KB tag is a usage error" h ${D}T09:00 start "$(head -c 100000 /dev/zero | tr '\0' x)"
[ "$(wc -c <"$T/err")" -lt 400 ] && pass "a long tag: the error stays short" || fail "a long tag: the error stays short" "$(wc -c <"$T/err") bytes"
contains "a long tag: cut with ..." "$T/err" "xxxx...' is not a tag"

# stop after counting stopped by itself at the daily maximum (status noticed it
# first): say so, not just "nothing is running".
fresh
expect_exit 0 "start for a long day" h ${D}T09:00 start
expect_exit 0 "status past the maximum caps the day" h ${D}T15:30 status
expect_exit 1 "stop after the cap is an error" h ${D}T16:00 stop
contains "stop after the cap: says it stopped by itself, when" "$T/err" "counting already stopped by itself at 2026-03-02 15:00, at the daily limits (#1)"
contains "stop after the cap: what to do" "$T/err" "Try: kefu hours start --continue"
expect_exit 1 "stop the next day: plain nothing-running error" h 2026-03-03T09:30 stop
contains "next day: nothing is running" "$T/err" "nothing is running, so there is nothing to stop"

# Counts read aloud as written: "1 day", "1 break", "1 week", not "1 days".
fresh
expect_exit 0 "plural: work" h ${D}T09:00 start
expect_exit 0 "plural: a break" h ${D}T09:50 pause
expect_exit 0 "plural: back" h ${D}T10:05 resume
expect_exit 0 "plural: stop" h ${D}T10:30 stop
expect_exit 0 "plural: week report" h ${D}T20:00 report --week
contains "plural: one worked day, no days off" "$T/out" "worked on 1 day; 0 days off"
contains "plural: one day below the minimum" "$T/out" "Below the minimum of 2h 00m: 1 day: 2026-03-02"
contains "plural: one week" "$T/out" "over 1 week"
contains "plural: one break" "$T/out" "Day 2026-03-02: 1h 15m worked; 1 break, 15m"
expect_exit 0 "plural: log" h ${D}T20:00 log
contains "plural: three intervals (work, break, work)" "$T/out" "Total: 3 intervals;"

finish
