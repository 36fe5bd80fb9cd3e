#!/usr/bin/env bash
# Back up both 한줄로 databases and rotate old backups.
#
#   DATABASE_URL=postgres://user:pass@host:5432/hanjullo \
#   MYSQL_URL=mysql://root:pass@host:3306/smsdb \
#   ops/backup.sh
#
# MySQL may instead be given as MYSQL_HOST / MYSQL_PORT / MYSQL_USER / MYSQL_PASSWORD /
# MYSQL_DATABASE (MYSQL_URL wins when both are set).
# BACKUP_DIR (default /var/backups/hanjullo) receives
#   hanjullo-pg-YYYYmmdd-HHMMSS.dump       pg_dump custom format (restore with pg_restore)
#   hanjullo-mysql-YYYYmmdd-HHMMSS.sql.gz  mysqldump of the QTmsg queue/log database
# and backups of those two kinds older than BACKUP_KEEP_DAYS (default 7) are deleted. No other
# file in BACKUP_DIR is ever touched.
#
# Passwords reach the clients through PGPASSWORD / MYSQL_PWD, never through argv (visible in ps).
# The client tools must be at least as new as the servers (pg_dump 15+ for PostgreSQL 15).
#
# ops/restore.sh sources this file for parse_db_url; nothing runs unless it is executed.

set -euo pipefail

urldecode() {
  local s="${1//\\/\\\\}"
  printf '%b' "${s//%/\\x}"
}

# parse_db_url URL -> sets DB_USER DB_PASSWORD DB_HOST DB_PORT DB_NAME DB_QUERY
# Accepts scheme://[user[:password]@]host[:port][/database][?query]; user and password may be
# percent-encoded; host may be a bracketed IPv6 address.
parse_db_url() {
  local url="$1" rest userinfo hostport
  if [[ "$url" != *://* ]]; then
    echo "not a database URL: ${url%%:*}://…" >&2
    return 1
  fi
  rest="${url#*://}"
  DB_QUERY=""
  if [[ "$rest" == *\?* ]]; then
    DB_QUERY="${rest#*\?}"
    rest="${rest%%\?*}"
  fi
  DB_NAME=""
  if [[ "$rest" == */* ]]; then
    DB_NAME="$(urldecode "${rest#*/}")"
    rest="${rest%%/*}"
  fi
  DB_USER=""
  DB_PASSWORD=""
  if [[ "$rest" == *@* ]]; then
    userinfo="${rest%@*}"
    hostport="${rest##*@}"
    if [[ "$userinfo" == *:* ]]; then
      DB_USER="$(urldecode "${userinfo%%:*}")"
      DB_PASSWORD="$(urldecode "${userinfo#*:}")"
    else
      DB_USER="$(urldecode "$userinfo")"
    fi
  else
    hostport="$rest"
  fi
  DB_PORT=""
  if [[ "$hostport" == \[* ]]; then
    DB_HOST="${hostport#\[}"
    DB_HOST="${DB_HOST%%\]*}"
    [[ "$hostport" == *\]:* ]] && DB_PORT="${hostport##*\]:}"
  elif [[ "$hostport" == *:* ]]; then
    DB_HOST="${hostport%%:*}"
    DB_PORT="${hostport##*:}"
  else
    DB_HOST="$hostport"
  fi
  if [[ -z "$DB_HOST" || -z "$DB_NAME" ]]; then
    echo "database URL needs a host and a database name" >&2
    return 1
  fi
}

# Sets MY_HOST MY_PORT MY_USER MY_PASSWORD MY_DATABASE from MYSQL_URL or the MYSQL_* variables.
resolve_mysql_target() {
  if [[ -n "${MYSQL_URL:-}" ]]; then
    parse_db_url "$MYSQL_URL"
    MY_HOST="$DB_HOST" MY_PORT="${DB_PORT:-3306}" MY_USER="${DB_USER:-root}"
    MY_PASSWORD="$DB_PASSWORD" MY_DATABASE="$DB_NAME"
  elif [[ -n "${MYSQL_HOST:-}" && -n "${MYSQL_DATABASE:-}" ]]; then
    MY_HOST="$MYSQL_HOST" MY_PORT="${MYSQL_PORT:-3306}" MY_USER="${MYSQL_USER:-root}"
    MY_PASSWORD="${MYSQL_PASSWORD:-}" MY_DATABASE="$MYSQL_DATABASE"
  else
    echo "set MYSQL_URL (or MYSQL_HOST and MYSQL_DATABASE)" >&2
    return 1
  fi
}

# Sets PG_CONNINFO (the URL with its password cut out, everything else untouched, so libpq still
# sees ?sslmode=… and friends) and PG_PASSWORD.
resolve_pg_target() {
  local url="$1" scheme authority tail userinfo
  parse_db_url "$url"
  scheme="${url%%://*}"
  authority="${url#*://}"
  tail=""
  if [[ "$authority" == */* ]]; then
    tail="/${authority#*/}"
    authority="${authority%%/*}"
  fi
  if [[ "$authority" == *@* ]]; then
    userinfo="${authority%@*}"
    authority="${userinfo%%:*}@${authority##*@}"
  fi
  PG_CONNINFO="$scheme://$authority$tail"
  PG_PASSWORD="$DB_PASSWORD"
}

human_size() {
  du -h -- "$1" | cut -f1
}

main() {
  : "${DATABASE_URL:?set DATABASE_URL (postgres://user:pass@host:port/db)}"
  local backup_dir="${BACKUP_DIR:-/var/backups/hanjullo}"
  local keep_days="${BACKUP_KEEP_DAYS:-7}"
  if ! [[ "$keep_days" =~ ^[0-9]+$ ]] || (( keep_days < 1 )); then
    echo "BACKUP_KEEP_DAYS must be a whole number of days >= 1 (got '$keep_days')" >&2
    exit 2
  fi
  resolve_pg_target "$DATABASE_URL"
  resolve_mysql_target

  # The dumps contain customers' phone numbers and names: readable by the owner only.
  umask 077
  mkdir -p -- "$backup_dir"

  local stamp pg_file my_file
  stamp="$(date +%Y%m%d-%H%M%S)"
  pg_file="$backup_dir/hanjullo-pg-$stamp.dump"
  my_file="$backup_dir/hanjullo-mysql-$stamp.sql.gz"

  # Write to .partial names and rename on success, so a failed run never leaves a file that
  # looks like a good backup (and never matches the rotation pattern).
  BACKUP_PARTIALS=("$pg_file.partial" "$my_file.partial")
  trap 'rm -f -- "${BACKUP_PARTIALS[@]}"' EXIT

  # -Fc: compressed custom format; pg_restore can pick objects from it and restore in parallel.
  PGPASSWORD="$PG_PASSWORD" pg_dump -Fc --no-password \
    --dbname="$PG_CONNINFO" --file="$pg_file.partial"
  mv -- "$pg_file.partial" "$pg_file"
  echo "wrote $pg_file ($(human_size "$pg_file"))"

  # --single-transaction: consistent InnoDB snapshot without locking the queue tables the QTmsg
  # agents are polling. --routines/--events: the monthly log-table event must come back too.
  # No --databases: the dump carries no CREATE DATABASE/USE, so it restores into any name.
  MYSQL_PWD="$MY_PASSWORD" mysqldump --protocol=TCP --host="$MY_HOST" --port="$MY_PORT" \
    --user="$MY_USER" --single-transaction --routines --events --triggers --hex-blob \
    --default-character-set=utf8mb4 "$MY_DATABASE" | gzip -c > "$my_file.partial"
  mv -- "$my_file.partial" "$my_file"
  echo "wrote $my_file ($(human_size "$my_file"))"

  local old
  while IFS= read -r -d '' old; do
    rm -f -- "$old"
    echo "deleted $old (older than $keep_days days)"
  done < <(find "$backup_dir" -maxdepth 1 -type f \
    \( -name 'hanjullo-pg-*.dump' -o -name 'hanjullo-mysql-*.sql.gz' \) \
    -mmin +$((keep_days * 24 * 60)) -print0)
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
