#!/usr/bin/env bash
# A PostgreSQL primary and its streaming standby (pg_basebackup), for the failover test;
# run as root (deploy/test.sh is). Both are throwaway and rebuilt by `create`.
#
#   bash deploy/failover-pair.sh create        primary on 5496, synchronous standby on 5497
#   bash deploy/failover-pair.sh stop-primary  the primary dies (immediate stop)
#   bash deploy/failover-pair.sh promote       the standby becomes the primary
#   bash deploy/failover-pair.sh drop          both gone
#
# The standby is synchronous (synchronous_standby_names = '*' on the primary): a commit the
# primary acknowledged is on the standby, so what vanortd recorded as sent stays sent
# after the failover. With asynchronous replication a failover may lose the last commits;
# docs/operations.md says what that means for reminders.
set -euo pipefail
V=$(ls /usr/lib/postgresql | sort -V | tail -n1)
PRIMARY=vanort_fo_primary
STANDBY=vanort_fo_standby
PRIMARY_PORT=${VANORT_FAILOVER_PRIMARY_PORT:-5496}
STANDBY_PORT=${VANORT_FAILOVER_STANDBY_PORT:-5497}
ME=${SUDO_USER:-$(id -un)}

drop() {
  for cluster in "$PRIMARY" "$STANDBY"; do
    if pg_lsclusters -h | awk '{print $2}' | grep -qx "$cluster"; then
      pg_dropcluster --stop "$V" "$cluster"
    fi
  done
}

ready() { # PORT
  for _ in $(seq 1 60); do
    runuser -u postgres -- pg_isready -q -p "$1" && return 0
    sleep 0.5
  done
  echo "the cluster on port $1 did not start" >&2
  return 1
}

case "${1:-}" in
create)
  drop
  pg_createcluster "$V" "$PRIMARY" --port "$PRIMARY_PORT" >/dev/null
  cat > "/etc/postgresql/$V/$PRIMARY/conf.d/failover.conf" <<CONF
# Written by vanort's deploy/failover-pair.sh: a throwaway primary for the failover test.
wal_level = replica
max_wal_senders = 4
fsync = off
full_page_writes = off
max_connections = 100
CONF
  pg_ctlcluster "$V" "$PRIMARY" start
  ready "$PRIMARY_PORT"
  if [ "$ME" != postgres ]; then runuser -u postgres -- createuser -p "$PRIMARY_PORT" --superuser "$ME"; fi
  # The standby's configuration is Debian's; its data is the primary's, copied while it runs.
  pg_createcluster "$V" "$STANDBY" --port "$STANDBY_PORT" >/dev/null
  data=/var/lib/postgresql/$V/$STANDBY
  rm -rf "${data:?}"/*
  runuser -u postgres -- pg_basebackup -p "$PRIMARY_PORT" -D "$data" -X stream -R
  cat > "/etc/postgresql/$V/$STANDBY/conf.d/failover.conf" <<CONF
# Written by vanort's deploy/failover-pair.sh: the standby (pg_basebackup -R wrote how it
# reaches the primary).
fsync = off
full_page_writes = off
max_connections = 100
CONF
  pg_ctlcluster "$V" "$STANDBY" start
  ready "$STANDBY_PORT"
  # Synchronous only now: with no standby yet, every commit on the primary would wait.
  runuser -u postgres -- psql -p "$PRIMARY_PORT" -qAtc "ALTER SYSTEM SET synchronous_standby_names = '*'" >/dev/null
  runuser -u postgres -- psql -p "$PRIMARY_PORT" -qAtc "SELECT pg_reload_conf()" >/dev/null
  for _ in $(seq 1 60); do
    state=$(runuser -u postgres -- psql -p "$PRIMARY_PORT" -qAtc "SELECT sync_state FROM pg_stat_replication")
    [ "$state" = sync ] && exit 0
    sleep 0.5
  done
  echo "the standby did not start streaming synchronously" >&2
  exit 1
  ;;
stop-primary) pg_ctlcluster "$V" "$PRIMARY" stop -m immediate ;;
promote) runuser -u postgres -- psql -p "$STANDBY_PORT" -qAtc "SELECT pg_promote(wait => true)" >/dev/null ;;
drop) drop ;;
*) echo "usage: $0 create | stop-primary | promote | drop" >&2; exit 2 ;;
esac
