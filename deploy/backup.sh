#!/usr/bin/env bash
# Nightly backup: the database (pg_dump custom format) and the uploaded documents.
# Usage: deploy/backup.sh /srv/backups   (reads DATABASE_URL and MEDIA_ROOT from the env)
# Keeps 14 daily copies. Restore: docs/deploy.md, "Backups and restore".
set -euo pipefail
dest=${1:?give the backup folder}
stamp=$(date -u +%Y-%m-%dT%H%MZ)
mkdir -p "$dest"
umask 077
pg_dump --format=custom --no-owner --file="$dest/grants-$stamp.dump" "${DATABASE_URL:?}"
pg_restore --list "$dest/grants-$stamp.dump" >/dev/null   # fails if the dump is unreadable
if [ -n "${MEDIA_ROOT:-}" ] && [ -d "$MEDIA_ROOT" ]; then
  tar -C "$MEDIA_ROOT" -czf "$dest/grants-media-$stamp.tar.gz" .
fi
find "$dest" -name 'grants-*' -mtime +14 -delete
echo "backup written: $dest/grants-$stamp.dump"
