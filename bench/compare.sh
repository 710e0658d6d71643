#!/usr/bin/env bash
# compare.sh measures hotlinebot against the database shells at a large
# city's scale (README.md "Performance") and prints one table. See
# bench/README.md. Everything it writes stays under bench/out/.
#
#   bench/compare.sh                 # 1,000,000 tickets, 3 runs each
#   N=100000 RUNS=5 bench/compare.sh
#   PG=0 bench/compare.sh            # skip PostgreSQL
#   BIG=2000000 bench/compare.sh     # and the import's memory at 2,000,000
#   SKIP_GO=1 bench/compare.sh       # without the packages' Go benchmarks
set -euo pipefail

N=${N:-1000000}            # tickets of the full run
SMALL=${SMALL:-$((N / 4))} # tickets of the second memory run
BIG=${BIG:-0}              # >0: a third memory run (one import) at this many tickets
RUNS=${RUNS:-3}            # timed runs per command
PG=${PG:-1}                # 0 skips PostgreSQL
PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
export PGHOST PGPORT PGUSER

OUT=bench/out
RES=$OUT/results
HB=$OUT/hotlinebot
DB=$OUT/ours.db   # hotlinebot's SQLite database
BARE=$OUT/bare.db # the sqlite3 shell's bare table t

die() {
	echo "compare.sh: $*" >&2
	exit 1
}
need() { command -v "$1" >/dev/null || die "$1 is not installed${2:+ ($2)}"; }

# gen DIR N: the benchmark's files, regenerated only when missing.
gen() {
	if [[ ! -f $1/meta.env || ! -f $1/shuffled.csv ]] || ! grep -qx "N=$2" "$1/meta.env"; then
		$OUT/hotbench gen -n "$2" -dir "$1"
	fi
}

# measure NAME PREPARE CMD [WARMUP [RUNS]]: time CMD RUNS times into
# $RES/NAME.json (hyperfine when installed, else hotbench's own runner).
measure() {
	local name=$1 prepare=$2 cmd=$3 warmup=${4:-0} runs=${5:-$RUNS} out=${6:-$RES/$1.json}
	if command -v hyperfine >/dev/null; then
		hyperfine --style basic --runs "$runs" --warmup "$warmup" -n "$name" \
			${prepare:+--prepare "$prepare"} --export-json "$out" "$cmd"
	else
		$OUT/hotbench time -runs "$runs" -warmup "$warmup" -n "$name" \
			${prepare:+-prepare "$prepare"} -export-json "$out" "$cmd"
	fi
}

# pair NAME PREPARE CMD BASE_PREPARE BASE_CMD [WARMUP]: hotlinebot's CMD
# and its baseline, one run of each in turn, RUNS rounds, into
# $RES/NAME.json and $RES/NAME-base.json. Taking turns exposes both to the
# same moments of a shared machine, so the ratio of each round is fair.
pair() {
	local name=$1 warmup=${6:-0} i
	mkdir -p "$RES/rounds"
	for ((i = 1; i <= RUNS; i++)); do
		echo "-- $name, round $i of $RUNS"
		measure "$name" "$2" "$3" "$warmup" 1 "$RES/rounds/$name-$i.json"
		measure "$name-base" "$4" "$5" "$warmup" 1 "$RES/rounds/$name-base-$i.json"
		warmup=0
	done
	$OUT/hotbench merge -o "$RES/$name.json" "$RES/rounds/$name"-[0-9]*.json
	$OUT/hotbench merge -o "$RES/$name-base.json" "$RES/rounds/$name-base"-[0-9]*.json
}

# rss FILE: a command prefix appending the command's peak RSS (KiB) to FILE.
rss() {
	if [[ -x /usr/bin/time ]]; then
		echo "/usr/bin/time -f %M -a -o $1"
	else
		echo "$OUT/hotbench rss $1"
	fi
}

freshdb() { echo "rm -f $1 $1-wal $1-shm"; }

sqlite_import() {
	echo "== SQLite import: hotlinebot tickets import vs sqlite3 .import ($N rows)"
	pair sqlite-import "$(freshdb $DB) && $HB units import --db $DB $DATA/units.csv >/dev/null" \
		"$(rss "$RES/rss-$N.txt") $HB tickets import --db $DB $DATA/tickets.csv >/dev/null" \
		"$(freshdb $BARE)" "sqlite3 $BARE '.mode csv' '.import $DATA/tickets.csv t'"

	echo "== SQLite import of the same rows shuffled vs sqlite3 .import of that file"
	local shuf=$OUT/ours-shuffled.db
	pair sqlite-import-shuffled "$(freshdb $shuf) && $HB units import --db $shuf $DATA/units.csv >/dev/null" \
		"$(rss "$RES/rss-$N.txt") $HB tickets import --db $shuf $DATA/shuffled.csv >/dev/null" \
		"$(freshdb $BARE)" "sqlite3 $BARE '.mode csv' '.import $DATA/shuffled.csv t'"
	eval "$(freshdb $shuf)"
	# The report's baseline reads the bare table of the file in dispatch order.
	eval "$(freshdb $BARE)" && sqlite3 $BARE '.mode csv' ".import $DATA/tickets.csv t"

	echo "== SQLite import at $SMALL rows (memory must not grow with the file)"
	local sdb=$OUT/small.db small=$OUT/data-$SMALL
	measure "import-$SMALL" "$(freshdb $sdb) && $HB units import --db $sdb $small/units.csv >/dev/null" \
		"$(rss "$RES/rss-$SMALL.txt") $HB tickets import --db $sdb $small/tickets.csv >/dev/null"
	if ((BIG > 0)); then
		echo "== SQLite import at $BIG rows, once, for its memory"
		gen "$OUT/data-$BIG" "$BIG"
		eval "$(freshdb $sdb)"
		$HB units import --db $sdb "$OUT/data-$BIG/units.csv" >/dev/null
		$(rss "$RES/rss-$BIG.txt") $HB tickets import --db $sdb "$OUT/data-$BIG/tickets.csv"
	fi
	eval "$(freshdb $sdb)"
}

sqlite_report() {
	local report="$HB report --db $DB --period $PERIOD --at '$AT' --format json"
	echo "== SQLite report: answers must equal the hand-written GROUP BY"
	eval "$report" >"$RES/report-sqlite.json"
	sqlite3 -csv "$BARE" <"$RES/groupby.sql" >"$RES/groupby-sqlite.csv"
	$OUT/hotbench check -report "$RES/report-sqlite.json" -query "$RES/groupby-sqlite.csv" ||
		die "SQLite: the report's counts differ from the hand-written GROUP BY"

	echo "== SQLite report vs GROUP BY in the sqlite3 shell"
	pair sqlite-report "" "$report >/dev/null" "" "sqlite3 -csv $BARE <$RES/groupby.sql >/dev/null" 1
}

deadlines() {
	echo "== deadlines job over the imported data (on a copy: it writes stages and outbox rows)"
	local ddb=$OUT/deadlines.db
	sqlite3 $DB 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
	eval "$(freshdb $ddb)" && cp $DB $ddb
	$OUT/hotbench deadlines -db "$ddb" -at "$AT" -runs "$RUNS" -export-json "$RES/deadlines.json" ||
		echo "compare.sh: the deadlines job could not be measured (see above)" >&2
	eval "$(freshdb $ddb)"
}

# gobench NAME PKG PATTERN [ENV...]: a package's own Go benchmarks, RUNS
# times, into $RES/NAME.txt.
gobench() {
	local name=$1 pkg=$2 pattern=$3
	shift 3
	if ! grep -qs '^func Benchmark' "$pkg"/*_test.go; then
		echo "compare.sh: $pkg has no benchmarks yet: not measured" >&2
		return
	fi
	env "$@" go test -run '^$' -bench "$pattern" -benchmem -count "$RUNS" -timeout 60m "./$pkg/" | tee "$RES/$name.txt" ||
		echo "compare.sh: $pkg benchmarks failed" >&2
}

packages() {
	echo "== bot commands, server side (bot's BenchmarkCommands over its own 1,000,000-ticket city)"
	gobench bot bot 'Commands/.*/.*/(grade|summary|ranking|tickets)$' HOTLINE_BENCH_DB="$PWD/$OUT/bot-city.db"
	echo "== deadlines job (jobs' BenchmarkDeadlines: 1,000,000 tickets over a year, 10,000 open due within ±10 days; its first run and every minute after)"
	gobench jobs jobs 'Deadlines'
}

postgres() {
	need psql "apt-get install -y postgresql-client"
	local ours=hotbench_ours base=hotbench_base
	local dsn="postgres://$PGUSER@$PGHOST:$PGPORT/$ours?sslmode=disable"
	local ddl="DROP TABLE IF EXISTS t; CREATE TABLE t (ticket_no text, unit text, category text, topic text,
		urgent text, dispatched_at text COLLATE \"C\", due_at text COLLATE \"C\", completed_at text COLLATE \"C\",
		rework_count text, callback text, summary text)"
	local psqlq="psql -X -q -v ON_ERROR_STOP=1"
	# shellcheck disable=SC2064
	trap "$psqlq -d postgres -c 'DROP DATABASE IF EXISTS $ours' -c 'DROP DATABASE IF EXISTS $base' >/dev/null 2>&1 || true" EXIT
	$psqlq -d postgres -c "DROP DATABASE IF EXISTS $base" -c "CREATE DATABASE $base"

	echo "== PostgreSQL import: hotlinebot tickets import vs psql \\copy"
	pair pg-import "$psqlq -d postgres -c 'DROP DATABASE IF EXISTS $ours' -c 'CREATE DATABASE $ours' && $HB units import --db '$dsn' $DATA/units.csv >/dev/null" \
		"$HB tickets import --db '$dsn' $DATA/tickets.csv >/dev/null" \
		"$psqlq -d $base -c '$ddl'" \
		"$psqlq -d $base -c \"\\copy t FROM '$DATA/tickets.csv' WITH (FORMAT csv, HEADER true)\""
	# Both as autovacuum would leave them before a report: visibility map
	# set (index-only scans possible), statistics fresh.
	$psqlq -d $base -c "VACUUM ANALYZE t"
	$psqlq -d $ours -c "VACUUM ANALYZE"

	local report="$HB report --db '$dsn' --period $PERIOD --at '$AT' --format json"
	echo "== PostgreSQL report: answers must equal the hand-written GROUP BY"
	eval "$report" >"$RES/report-pg.json"
	$psqlq -d $base -A -t -F, -f "$RES/groupby.sql" >"$RES/groupby-pg.csv"
	$OUT/hotbench check -report "$RES/report-pg.json" -query "$RES/groupby-pg.csv" ||
		die "PostgreSQL: the report's counts differ from the hand-written GROUP BY"
	pair pg-report "" "$report >/dev/null" "" "$psqlq -d $base -A -t -F, -f $RES/groupby.sql >/dev/null" 1

	echo "== PostgreSQL import of the same rows shuffled vs psql \\copy of that file"
	pair pg-import-shuffled "$psqlq -d postgres -c 'DROP DATABASE IF EXISTS $ours' -c 'CREATE DATABASE $ours' && $HB units import --db '$dsn' $DATA/units.csv >/dev/null" \
		"$HB tickets import --db '$dsn' $DATA/shuffled.csv >/dev/null" \
		"$psqlq -d $base -c '$ddl'" \
		"$psqlq -d $base -c \"\\copy t FROM '$DATA/shuffled.csv' WITH (FORMAT csv, HEADER true)\""
}

main() {
	cd "$(dirname "$0")/.."
	need go
	need sqlite3 "apt-get install -y sqlite3"
	rm -rf "$RES" && mkdir -p "$RES"
	# hotlinebot's defaults (Asia/Shanghai, the built-in deadline policy)
	# are what the generator and the hand-written query assume.
	unset HOTLINE_CONFIG HOTLINE_TIMEZONE HOTLINE_DB

	echo "== build"
	go build -o $HB ./cmd/hotlinebot
	go build -o $OUT/hotbench ./bench/cmd/hotbench

	echo "== generate"
	DATA=$OUT/data-$N
	gen "$DATA" "$N"
	gen "$OUT/data-$SMALL" "$SMALL"
	# shellcheck disable=SC1091
	. "$DATA/meta.env"
	$OUT/hotbench sql -period "$PERIOD" -at "$AT" >"$RES/groupby.sql"

	sqlite_import
	sqlite_report
	deadlines
	if [[ ${SKIP_GO:-0} == 0 ]]; then packages; fi
	if [[ $PG != 0 ]]; then postgres; fi

	echo
	$OUT/hotbench table -dir "$RES" -small "$SMALL" \
		-title "hotlinebot bench: $N tickets, $UNITS units, $PERIOD at $AT, $RUNS runs each" | tee "$RES/table.txt"
}

main "$@"
exit
