#!/usr/bin/env bash
# Restores a backup made by deploy/backup.sh into an EMPTY database (create it first, owned
# by the schema's owner: createdb -O vanort_owner vanort). Usage: deploy/restore.sh FILE DATABASE_URL
# Everything is restored in one transaction: an error leaves the database empty.
# Then start vanortd on it: it finds every migration already applied.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 FILE DATABASE_URL" >&2; exit 64; }
pg_restore --exit-on-error --single-transaction --no-password --dbname="$2" "$1"
echo "restored $1"
