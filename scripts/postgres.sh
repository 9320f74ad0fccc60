# Sourced by scripts/test.sh and .ci/run: makes sure a PostgreSQL server runs for the tests and
# exports TEST_DATABASE_URL. A URL already set is used as it is. Otherwise Debian's PostgreSQL is
# installed if missing (apt-get, as root), its cluster started, and a role and database created.
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "Installing PostgreSQL (Debian) for the tests..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  cluster=$(pg_lsclusters --no-header | awk 'NR==1 {print $1" "$2}')
  if [ -z "$cluster" ]; then
    pg_createcluster 15 main >/dev/null
    cluster="15 main"
  fi
  # shellcheck disable=SC2086
  pg_ctlcluster $cluster start 2>/dev/null || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
  su postgres -c "psql -qtAc \"select 1 from pg_roles where rolname='motcua'\"" | grep -q 1 \
    || su postgres -c "psql -qc \"create role motcua login createdb password 'motcua'\""
  su postgres -c "psql -qtAc \"select 1 from pg_database where datname='motcua'\"" | grep -q 1 \
    || su postgres -c "psql -qc 'create database motcua owner motcua'"
  export TEST_DATABASE_URL="postgres://motcua:motcua@127.0.0.1:5432/motcua"
fi
