#!/usr/bin/env bash
# Runs the whole test suite against a real PostgreSQL on this machine.
# Installs and starts what is missing (as root), creates a spare cluster that tests may
# stop and start, builds everything and runs `swift test`.
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

# The tests run many daemons at once (each with its pool and listener connections).
if [ "$(runuser -u postgres -- psql -qAtc 'SHOW max_connections')" -lt 400 ]; then
  runuser -u postgres -- psql -qc "ALTER SYSTEM SET max_connections = 400"
  pg_ctlcluster "$PG_VERSION" main restart
  for _ in $(seq 1 30); do
    runuser -u postgres -- pg_isready -q && break
    sleep 0.5
  done
fi

# A second cluster that the outage tests stop and start without disturbing the others.
SPARE=vanort_spare
SPARE_PORT=${VANORT_SPARE_PORT:-5499}
if ! pg_lsclusters -h | awk '{print $2}' | grep -qx "$SPARE"; then
  pg_createcluster "$PG_VERSION" "$SPARE" --port "$SPARE_PORT" >/dev/null
fi
pg_ctlcluster "$PG_VERSION" "$SPARE" start 2>/dev/null || true
SPARE_PORT=$(pg_lsclusters -h | awk -v c="$SPARE" '$2 == c {print $3}')
for _ in $(seq 1 30); do
  runuser -u postgres -- pg_isready -q -p "$SPARE_PORT" && break
  sleep 0.5
done
ME=$(id -un)
runuser -u postgres -- psql -p "$SPARE_PORT" -qAtc "SELECT 1 FROM pg_roles WHERE rolname = '$ME'" | grep -q 1 \
  || runuser -u postgres -- createuser -p "$SPARE_PORT" --superuser "$ME"

# LibreOffice, headless, converts the spreadsheet tests' CSV to .xlsx and back as Excel saves it.
if ! command -v soffice >/dev/null 2>&1; then
  step "installing LibreOffice Calc (headless) for the spreadsheet tests"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null; }
fi

# An independent iCalendar parser for the calendar export's tests.
python3 -c "import icalendar" 2>/dev/null || python3 -m pip install -q icalendar 2>/dev/null \
  || { apt-get install -y -qq python3-icalendar >/dev/null; }

export VANORT_TEST_DATABASE_URL="postgresql:///postgres"
export VANORT_TEST_SPARE_URL="postgresql:///postgres?port=$SPARE_PORT"
export VANORT_TEST_SPARE_CONTROL="pg_ctlcluster $PG_VERSION $SPARE"

# Test daemons left behind by a test run that was killed (their parent gone, so init
# adopted them) hold connections until they are stopped; daemons of a run still going
# have their test process as parent and are left alone.
ps -eo pid,ppid,args | awk '$2 == 1 && /vanortd --database-url postgresql:\/\/\/vanort_test_/ {print $1}' | xargs -r kill

step "building the tests"
BUILD_LOG=$(mktemp /tmp/vanort-test-build.XXXXXX.log)
with_progress "$BUILD_LOG" swift build --build-tests || { tail -40 "$BUILD_LOG"; exit 1; }
step "running the tests"
swift test --skip-build "$@"
step "tests done"
