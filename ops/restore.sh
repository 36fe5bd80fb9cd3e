#!/usr/bin/env bash
# Restore a pair of backups written by ops/backup.sh.
#
#   ops/restore.sh PG_DUMP MYSQL_SQL_GZ PG_TARGET_URL MYSQL_TARGET_URL
#
#   ops/restore.sh /var/backups/hanjullo/hanjullo-pg-20250301-030000.dump \
#                  /var/backups/hanjullo/hanjullo-mysql-20250301-030000.sql.gz \
#                  postgres://hanjullo:pass@127.0.0.1:5432/hanjullo \
#                  mysql://root:pass@127.0.0.1:3306/smsdb
#
# Pass "-" for a file (and its URL) to restore only the other database.
# Both target databases must already exist (docker compose creates hanjullo and smsdb). Objects
# in the dump replace same-named objects in the target; other objects are left alone.
# PostgreSQL is restored in one transaction and stops at the first error; MySQL stops at the
# first failing statement.

set -euo pipefail

# shellcheck source=backup.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/backup.sh"

usage() {
  echo "usage: $0 PG_DUMP|- MYSQL_SQL_GZ|- PG_TARGET_URL|- MYSQL_TARGET_URL|-" >&2
  exit 2
}

restore_pg() {
  local file="$1" url="$2"
  [[ -f "$file" ]] || { echo "no such file: $file" >&2; exit 1; }
  resolve_pg_target "$url"
  # --no-owner: the target may belong to a different role than the source database.
  PGPASSWORD="$PG_PASSWORD" pg_restore --clean --if-exists --no-owner --no-password \
    --single-transaction --exit-on-error --dbname="$PG_CONNINFO" "$file"
  echo "restored $file into PostgreSQL database $DB_NAME on $DB_HOST"
}

restore_mysql() {
  local file="$1" url="$2"
  [[ -f "$file" ]] || { echo "no such file: $file" >&2; exit 1; }
  # Check the archive before touching the database: a truncated file fails here, not halfway.
  gzip -t -- "$file"
  MYSQL_URL="$url" resolve_mysql_target
  gunzip -c -- "$file" | MYSQL_PWD="$MY_PASSWORD" mysql --protocol=TCP --host="$MY_HOST" \
    --port="$MY_PORT" --user="$MY_USER" --default-character-set=utf8mb4 "$MY_DATABASE"
  echo "restored $file into MySQL database $MY_DATABASE on $MY_HOST"
}

main_restore() {
  (( $# == 4 )) || usage
  local pg_file="$1" my_file="$2" pg_url="$3" my_url="$4"
  if [[ "$pg_file" != "-" ]]; then
    [[ "$pg_url" != "-" ]] || usage
    restore_pg "$pg_file" "$pg_url"
  fi
  if [[ "$my_file" != "-" ]]; then
    [[ "$my_url" != "-" ]] || usage
    restore_mysql "$my_file" "$my_url"
  fi
}

main_restore "$@"
