#!/usr/bin/env bash
# Runs the whole test suite against a real PostgreSQL on this machine.
# Installs and starts what is missing (as root), creates two throwaway clusters for the
# tests (one they may stop and start), builds everything and runs `swift test`.
#
#   bash deploy/test.sh            everything: unit and end-to-end
#   bash deploy/test.sh --unit     only the unit tests (targets named *UnitTests): no
#                                  PostgreSQL needed or touched, only libpq's headers to build
#   bash deploy/test.sh ARGS...    passes ARGS to `swift test` (e.g. --filter RemoteAuthTests)
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/progress.sh

if [ "${1:-}" = "--unit" ]; then
  shift
  need=()
  [ -f /usr/include/postgresql/libpq-fe.h ] || need+=(libpq-dev)
  command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
  if [ ${#need[@]} -gt 0 ]; then
    step "installing ${need[*]} (to build; no server)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  step "building the tests"
  BUILD_LOG=$(mktemp /tmp/vanort-test-build.XXXXXX.log)
  with_progress "$BUILD_LOG" swift build --build-tests || { tail -40 "$BUILD_LOG"; exit 1; }
  step "running the unit tests"
  # No database URL at all: a unit test that reached for PostgreSQL would fail here.
  env -u VANORT_TEST_DATABASE_URL -u VANORT_TEST_SPARE_URL PGHOST=/nonexistent \
    swift test --skip-build --filter 'UnitTests\.' "$@"
  exit
fi

step "PostgreSQL (installed and started when missing)"
bash deploy/postgres-setup.sh
PG_VERSION=$(ls /usr/lib/postgresql | sort -V | tail -n1)

# The tests get clusters of their own, so they never touch the server the quickstart (or a
# real register) uses: `vanort_test` for nearly all of them, and `vanort_spare`, which the
# outage tests stop and start without disturbing the others. Both are throwaway, so they
# run without fsync: the suite creates and drops some 250 databases, and with fsync a
# checkpoint on a slow CI disk stalled new connections past libpq's timeout (CI, stop 17).
TEST_CLUSTER=vanort_test
TEST_PORT=${VANORT_TEST_PORT:-5498}
SPARE=vanort_spare
SPARE_PORT=${VANORT_SPARE_PORT:-5499}
ME=$(id -un)
test_cluster() { # NAME PORT: creates, tunes and starts a test cluster; prints its port
  local name=$1 port=$2 conf
  if ! pg_lsclusters -h | awk '{print $2}' | grep -qx "$name"; then
    pg_createcluster "$PG_VERSION" "$name" --port "$port" >/dev/null
  fi
  conf=/etc/postgresql/$PG_VERSION/$name/conf.d/vanort-tests.conf
  local want="# Written by vanort's deploy/test.sh: a throwaway cluster for the tests.
max_connections = 400
fsync = off
synchronous_commit = off
full_page_writes = off
# What a failed run prints (deploy/test.sh): waits on locks, slow statements, checkpoints.
log_lock_waits = on
log_min_duration_statement = 2000
log_checkpoints = on"
  if [ "$(cat "$conf" 2>/dev/null)" != "$want" ]; then
    mkdir -p "$(dirname "$conf")"
    printf '%s\n' "$want" > "$conf"
    pg_ctlcluster "$PG_VERSION" "$name" stop >/dev/null 2>&1 || true
  fi
  pg_ctlcluster "$PG_VERSION" "$name" start >/dev/null 2>&1 || true
  port=$(pg_lsclusters -h | awk -v c="$name" '$2 == c {print $3}')
  for _ in $(seq 1 30); do
    runuser -u postgres -- pg_isready -q -p "$port" && break
    sleep 0.5
  done
  runuser -u postgres -- pg_isready -q -p "$port" || { echo "the test cluster $name did not start" >&2; exit 1; }
  runuser -u postgres -- psql -p "$port" -qAtc "SELECT 1 FROM pg_roles WHERE rolname = '$ME'" | grep -q 1 \
    || runuser -u postgres -- createuser -p "$port" --superuser "$ME" >&2
  echo "$port"
}
TEST_PORT=$(test_cluster "$TEST_CLUSTER" "$TEST_PORT")
SPARE_PORT=$(test_cluster "$SPARE" "$SPARE_PORT")

# LibreOffice, headless, converts the spreadsheet tests' CSV to .xlsx and back as Excel saves it.
if ! command -v soffice >/dev/null 2>&1; then
  step "installing LibreOffice Calc (headless) for the spreadsheet tests"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null; }
fi

# An independent iCalendar parser for the calendar export's tests.
python3 -c "import icalendar" 2>/dev/null || python3 -m pip install -q icalendar 2>/dev/null \
  || { apt-get install -y -qq python3-icalendar >/dev/null; }
# A real sendmail (msmtp) and SMTP server (aiosmtpd) for the reminder mail's test.
command -v msmtp >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends msmtp >/dev/null \
  || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends msmtp >/dev/null; }
python3 -c "import aiosmtpd" 2>/dev/null || python3 -m pip install -q aiosmtpd 2>/dev/null \
  || { apt-get install -y -qq python3-aiosmtpd >/dev/null; }

# The web face's peers: a real browser (Debian's Chromium and its driver) driven by
# selenium with axe checking accessibility, and Prometheus's own text parser.
if [ ! -x /usr/bin/chromedriver ]; then
  step "installing Chromium and its driver for the web face's browser test"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null; }
fi
python3 -c "import selenium, axe_selenium_python, requests, prometheus_client" 2>/dev/null \
  || python3 -m pip install -q selenium axe-selenium-python requests prometheus-client

export VANORT_TEST_DATABASE_URL="postgresql:///postgres?port=$TEST_PORT"
export VANORT_TEST_SPARE_URL="postgresql:///postgres?port=$SPARE_PORT"
export VANORT_TEST_SPARE_CONTROL="pg_ctlcluster $PG_VERSION $SPARE"
# A primary and its streaming standby, rebuilt by the failover test itself.
export VANORT_TEST_FAILOVER="bash $PWD/deploy/failover-pair.sh"

# Test daemons left behind by a test run that was killed (their parent gone, so init
# adopted them) hold connections until they are stopped; daemons of a run still going
# have their test process as parent and are left alone.
ps -eo pid,ppid,args | awk '$2 == 1 && /vanortd --database-url postgresql:\/\/\/vanort_test_/ {print $1}' | xargs -r kill

step "building the tests"
BUILD_LOG=$(mktemp /tmp/vanort-test-build.XXXXXX.log)
with_progress "$BUILD_LOG" swift build --build-tests || { tail -40 "$BUILD_LOG"; exit 1; }
# At most four tests per core at once. Unbounded, ~70 tests started their daemons together on
# two cores: a run queue of 94, connections taking 4 s to open, and CI's daemons giving up on
# the database (stop 18). Eight at once: run queue under 22, connections within 0.6 s, and
# the suite finishes sooner (65 s against 71 s; four at once: 88 s).
export SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=${SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH:-$((4 * $(nproc)))}
step "running the tests ($SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH at once)"
# The machine's load beside the tests (vmstat: run queue, blocked, iowait, steal), and on a
# failure what both test clusters logged meanwhile: what a red CI run needs to be explained.
LOAD_LOG=$(mktemp /tmp/vanort-test-load.XXXXXX.log)
vmstat -t 2 > "$LOAD_LOG" 2>/dev/null &
VMSTAT=$!
CLUSTER_LOGS=(/var/log/postgresql/postgresql-"$PG_VERSION"-"$TEST_CLUSTER".log /var/log/postgresql/postgresql-"$PG_VERSION"-"$SPARE".log)
declare -A LOG_START
for f in "${CLUSTER_LOGS[@]}"; do LOG_START[$f]=$(stat -c %s "$f" 2>/dev/null || echo 0); done
status=0
swift test --skip-build "$@" || status=$?
kill "$VMSTAT" 2>/dev/null || true
if [ "$status" -ne 0 ]; then
  step "tests failed ($status): the machine's load during the run"
  cat "$LOAD_LOG"
  for f in "${CLUSTER_LOGS[@]}"; do
    [ -f "$f" ] || continue
    step "what $(basename "$f" .log) logged during the run (warnings, waits, slow statements, checkpoints)"
    tail -c +"$((${LOG_START[$f]} + 1))" "$f" | grep -E 'WARNING|FATAL|PANIC|still waiting|duration:|checkpoint (starting|complete)' | tail -200 || true
  done
  exit "$status"
fi
step "tests done"
