# hours_zh.sh -- kefu hours in Chinese (the product's first language): durations
# are spoken words (小时, 分钟, 秒), not "5h 30m", which a Chinese screen reader
# reads as "5h 30 米".
. "$(dirname "$0")/lib.sh"

DB=$T/h.db
h() { local now=$1; shift; KEFU_NOW=$now "$KEFU" --lang zh --db "$DB" hours "$@"; }
export TZ=Asia/Shanghai KEFU_BOOT_ID=boot-a
D=2026-03-02

expect_exit 0 "start" h ${D}T09:00 start
expect_exit 0 "status after 30 minutes" h ${D}T09:30 status
contains "status: minutes in words" "$T/out" "已工作 30 分钟"
contains "status: hours and minutes in words" "$T/out" "距每日上限还有 5 小时 30 分钟"
contains "status: the moment read as Chinese (3月2日 09:00)" "$T/out" "工作，3月2日 09:00 起"
lacks "status: no ISO date in Chinese text" "$T/out" "2026-03-02"
lacks "status: no 'm' unit left" "$T/out" "30m"
expect_exit 0 "stop" h ${D}T11:05 stop
contains "stop: duration in words" "$T/out" "2 小时 05 分钟"
contains "stop: the span read as Chinese, Chinese punctuation" "$T/out" "工作，3月2日 09:00 至 11:05，2 小时 05 分钟；#1"
expect_exit 0 "week report" h ${D}T12:00 report --week
contains "report: total in words" "$T/out" "合计：工作 2 小时 05 分钟"
contains "report: the week's dates in Chinese" "$T/out" "3月2日 至 3月8日"
contains "report: the day line in Chinese" "$T/out" "日期 3月2日："
if grep -qE '20[0-9]{2}-[0-9]{2}-[0-9]{2}' "$T/out"; then fail "report: no ISO dates in Chinese text" "$(grep -E '20[0-9]{2}-' "$T/out")"; else pass "report: no ISO dates in Chinese text"; fi
KEFU_NOW=${D}T12:00 expect_exit 0 "week report as CSV" "$KEFU" --lang zh --db "$DB" hours report --week --csv
contains "CSV keeps ISO dates" "$T/out" "2026-03-02,"
if grep -qE '[0-9]+[hm]( |；|，|$)' "$T/out"; then fail "report: no h/m units" "$(grep -E '[0-9]+[hm]' "$T/out")"; else pass "report: no h/m units"; fi
# English keeps the compact form the English tests rely on.
KEFU_NOW=${D}T12:00 expect_exit 0 "week report in English" "$KEFU" --lang en --db "$DB" hours report --week
contains "English: compact duration" "$T/out" "Total: 2h 05m worked"
contains "English: ISO dates stay" "$T/out" "2026-03-02 to 2026-03-08"
# a short day is listed after a Chinese colon, its date as heard
expect_exit 0 "a short day" h 2026-03-04T12:00 add --from 2026-03-03T09:00 --to 2026-03-03T09:30
expect_exit 0 "week report with a short day" h 2026-03-04T12:00 report --week
contains "report: the days below the minimum, Chinese colon" "$T/out" "低于最低时长 2 小时 00 分钟：1 天：3月3日"
# Messages naming a moment read it as Chinese too: errors (end in the
# future, overlap), the over-the-maximum note and the crash-recovery warning.
no_iso() { if grep -qE '20[0-9]{2}-[0-9]{2}-[0-9]{2}' "$T/out" "$T/err"; then fail "$1" "$(grep -hE '20[0-9]{2}-' "$T/out" "$T/err")"; else pass "$1"; fi; }
expect_exit 1 "an end in the future" h 2026-03-04T12:00 add --from 2026-03-04T11:00 --to 2026-03-04T13:30
contains "future end: the moment in Chinese" "$T/err" "结束时间 3月4日 13:30"
no_iso "future end: no ISO date"
expect_exit 1 "an overlapping interval" h 2026-03-04T12:00 add --from 2026-03-03T09:10 --to 2026-03-03T09:20
contains "overlap: the moments in Chinese" "$T/err" "3月3日 09:30"
no_iso "overlap: no ISO date"
expect_exit 0 "a day over the maximum" h 2026-03-04T23:00 add --from 2026-03-04T12:00 --to 2026-03-04T22:00
contains "over the maximum: the day in Chinese" "$T/out" "3月4日 现在共有"
no_iso "over the maximum: no ISO date"
KEFU_BOOT_ID=boot-b expect_exit 0 "start, then the computer stops" h 2026-03-05T09:00 start
KEFU_BOOT_ID=boot-c expect_exit 0 "status after a reboot" h 2026-03-05T12:00 status
contains "crash recovery: the moments in Chinese" "$T/out" "自 3月5日 09:00 起未关闭"
no_iso "crash recovery: no ISO date"
KEFU_NOW=2026-03-05T12:00 expect_exit 1 "English keeps ISO in errors" "$KEFU" --lang en --db "$DB" hours add --from 2026-03-05T11:00 --to 2026-03-05T13:00
contains "English error: ISO moment" "$T/err" "2026-03-05 13:00"
finish
