#!/usr/bin/env bash
# Makes sure a local PostgreSQL server with unaccent and libpq's headers is installed
# and running, and that the calling user has a role. Debian/Ubuntu, run as root.
# Used by quickstart.sh and test.sh; safe to run again.
set -euo pipefail

need=()
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
ls /usr/share/postgresql/*/extension/unaccent.control >/dev/null 2>&1 || need+=(postgresql-contrib)
[ -f /usr/include/postgresql/libpq-fe.h ] || need+=(libpq-dev)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
if [ ${#need[@]} -gt 0 ]; then
  echo "==> installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

PG_VERSION=$(ls /usr/lib/postgresql | sort -V | tail -n1)
export PG_VERSION
if ! pg_lsclusters -h | awk '{print $2}' | grep -qx main; then
  pg_createcluster "$PG_VERSION" main >/dev/null
fi
pg_ctlcluster "$PG_VERSION" main start 2>/dev/null || true
for _ in $(seq 1 30); do
  runuser -u postgres -- pg_isready -q && break
  sleep 0.5
done
runuser -u postgres -- pg_isready -q || { echo "PostgreSQL did not start" >&2; exit 1; }

ME=$(id -un)
if [ "$ME" != postgres ]; then
  runuser -u postgres -- psql -qAtc "SELECT 1 FROM pg_roles WHERE rolname = '$ME'" | grep -q 1 \
    || runuser -u postgres -- createuser --superuser "$ME"
fi
