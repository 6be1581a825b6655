#!/usr/bin/env bash
# Backs up vanort's database to one file (pg_dump's custom format: compressed, restorable
# table by table). Usage: deploy/backup.sh DATABASE_URL FILE
# Run it as the schema's owner (or a superuser); vanortd may keep running: pg_dump reads
# one consistent snapshot.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 DATABASE_URL FILE" >&2; exit 64; }
pg_dump --format=custom --no-password --file="$2.partial" --dbname="$1"
mv "$2.partial" "$2"
echo "backed up to $2 ($(du -h "$2" | cut -f1))"
