#!/usr/bin/env bash
# Restore drill: restore a `manage.py backup` folder into a fresh database and a fresh media folder,
# check that every file is intact and every certificate still verifies, then throw both away.
#
#   DATABASE_URL=postgres://user:pass@db:5432/skema_lsp scripts/restore_drill.sh /backups/2026-12-03
#
# The drill database is created next to DATABASE_URL's (same server and user) and dropped at the
# end; the production database and media bucket are only read from the backup folder, never touched.
# Exit status 0: the backup restores and works.
set -euo pipefail
cd "$(dirname "$0")/.."
backup="$(realpath "${1:?usage: scripts/restore_drill.sh BACKUP_FOLDER}")"
: "${DATABASE_URL:?DATABASE_URL names the PostgreSQL server (and user) the drill may create a database on}"

name="skema_drill_$(date +%Y%m%d%H%M%S)_$$"
server="${DATABASE_URL%/*}"
media="$(mktemp -d)"
cleanup() {
  dropdb --if-exists --force --maintenance-db="$server/postgres" "$name" || true
  rm -rf "$media"
}
trap cleanup EXIT

createdb --maintenance-db="$server/postgres" "$name"
echo "Drill: restoring $backup into database $name and media folder $media"
# Local media for the drill: the backup's files, not the live bucket.
DATABASE_URL="$server/$name" AWS_STORAGE_BUCKET_NAME="" MEDIA_ROOT="$media" \
  "${PYTHON:-.venv/bin/python}" manage.py restore "$backup"
