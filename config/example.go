package config

// Example is the YAML file of HOTLINE_CONFIG with every key at its default,
// commented; a key left out keeps its default, an unknown key is an error.
const Example = `# hotlinebot settings (HOTLINE_CONFIG). Every key is optional: a key left out
# keeps the default shown here. Times are in HOTLINE_TIMEZONE.

schedules:                      # cron: five fields (minute hour day month weekday) or @every 2s, @hourly …
  deadlines: "* * * * *"        # due-soon warnings, overdue alerts, escalations
  scorecards: "*/30 * * * *"    # provisional scorecards and grade-drop alerts
  digest: "30 8 * * *"          # the morning digest; skipped on days off of the official calendar
  close: "0 9 1 1,4,7,10 *"     # final scorecards of the period just ended

quiet_hours:                    # only urgent-ticket notifications go out; equal start and end: none
  start: "22:00"
  end: "07:30"

deadlines:
  urgent_hours: 24              # urgent tickets (急办): calendar hours after dispatch
  working_days:                 # others: 24:00 of the N-th working day after the dispatch day
    complaint: 5                # 投诉
    help: 5                     # 求助
    inquiry: 3                  # 咨询
    suggestion: 10              # 建议
    praise: 5                   # 表扬
  warn_before:                  # due-soon warnings, this long before the deadline ([] for none)
    normal: ["24h", "4h"]
    urgent: ["2h", "30m"]
  escalate_after:               # overdue this long: escalated to the supervisors
    normal: "24h"
    urgent: "2h"

scoring:                        # composite = Σ weight × rate, rounded to one decimal
  weights: {completion: 30, ontime: 30, rework: 20, satisfaction: 20}
  grades: {A: 95, B: 90, C: 80, D: 60}   # lowest composite of each grade; below D: E
  near_threshold: 0.5           # warn a unit this close to the grade below
  period: quarter               # the evaluation period: quarter or month
  rank_min_tickets: 10          # /ranking lists units with fewer counting tickets apart, unranked

charts:
  font: ""                      # CJK font for the bot's pictures (TTF/OTF/TTC); HOTLINE_FONT wins; empty: Noto Sans CJK or WenQuanYi where installed

requests:                       # liaisons' /extend (延期申请); /return (退单申请) has no limit
  max_extension_days: 10        # most working days one extension may ask
  max_extensions: 1             # most approved extensions per ticket and unit

calendar:                       # additions and corrections to the official calendar, YYYY-MM-DD
  holidays: []                  # days off, e.g. ["2028-01-01"]
  workdays: []                  # make-up working days (调休), e.g. ["2028-01-29"]
`
