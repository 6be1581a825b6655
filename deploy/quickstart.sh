#!/usr/bin/env bash
# Sets up and starts vanortd with example data on this machine (Debian/Ubuntu, as root):
# installs PostgreSQL and libpq when missing, creates the database, builds in release
# mode, migrates, loads the example register and starts the daemon in the background.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
source deploy/progress.sh

step "1/5 PostgreSQL and libpq (installed when missing)"
bash deploy/postgres-setup.sh

DB=${VANORT_QUICKSTART_DB:-vanort}
if ! psql -d postgres -qAtc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
  createdb "$DB"
fi
export VANORT_DATABASE_URL="postgresql:///$DB"
RUN="$ROOT/run"
mkdir -p "$RUN"
export VANORT_SOCKET="$RUN/admin.sock"
# The web face, on this machine only (docs/operations.md says how to put it behind a proxy).
export VANORT_HTTP_LISTEN=${VANORT_HTTP_LISTEN:-127.0.0.1:8080}

step "2/5 building vanortd and vanortctl (release; the first build takes about 10 minutes on 2 cores, later ones seconds)"
: >"$RUN/build.log"
for product in vanortd vanortctl; do
  with_progress "$RUN/build.log" swift build -c release --static-swift-stdlib --product "$product" \
    || { tail -40 "$RUN/build.log"; exit 1; }
done
BIN=$(swift build -c release --static-swift-stdlib --show-bin-path)

step "3/5 applying migrations to $DB"
"$BIN/vanortd" migrate

if [ -f "$RUN/vanortd.pid" ] && kill -0 "$(cat "$RUN/vanortd.pid")" 2>/dev/null; then
  echo "==> stopping the running vanortd"
  kill "$(cat "$RUN/vanortd.pid")"
  while kill -0 "$(cat "$RUN/vanortd.pid")" 2>/dev/null; do sleep 0.2; done
fi
step "4/5 starting vanortd"
nohup "$BIN/vanortd" --config deploy/vanortd.conf.example >"$RUN/vanortd.log" 2>&1 &
echo $! >"$RUN/vanortd.pid"
for _ in $(seq 1 50); do
  "$BIN/vanortctl" ping >/dev/null 2>&1 && break
  sleep 0.2
done
"$BIN/vanortctl" ping >/dev/null || { echo "vanortd did not start; see $RUN/vanortd.log" >&2; exit 1; }

step "5/5 loading the example register (deploy/example-data.sh)"
bash deploy/example-data.sh "$BIN/vanortctl"
# A first administrator for the web face: the link sets the password (once, for 7 days).
ADMIN=${VANORT_ADMIN_EMAIL:-admin@example.org}
if INVITED=$("$BIN/vanortctl" --csv account invite --email "$ADMIN" --role admin 2>&1); then
  INVITATION=$(printf '%s\n' "$INVITED" | tail -n 1 | awk -F, '{print $NF}')
else
  INVITATION="(none made for $ADMIN: $INVITED)"
fi
step "done"

cat <<MSG

vanortd is running (pid $(cat "$RUN/vanortd.pid"), log $RUN/vanortd.log).
Reach it with:
  export VANORT_SOCKET=$VANORT_SOCKET
  $BIN/vanortctl status
  socat - UNIX-CONNECT:$VANORT_SOCKET      # the raw protocol (apt-get install socat)
Stop it with: kill \$(cat $RUN/vanortd.pid)

The web face: http://$VANORT_HTTP_LISTEN/ (this machine only). A first administrator
chooses a password at this one-time link:
  $INVITATION
Invite others with: $BIN/vanortctl account invite --email ADDRESS --association NAME (or --role staff)

Reminders go to its log and to 'vanortctl reminder watch'. For e-mail, set in
deploy/vanortd.conf.example (or pass as --flags) and restart:
  sendmail-command = /usr/sbin/sendmail -t -i     # or: msmtp --host=smtp.example.org -t --read-envelope-from
  mail-from = Internationella kontoret <international@example.org>
MSG
