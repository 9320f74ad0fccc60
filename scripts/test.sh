#!/usr/bin/env bash
# `npm test`: every test, on PGlite and on PostgreSQL (started here when TEST_DATABASE_URL is unset).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/postgres.sh
source scripts/postgres.sh
exec npx tap "$@"
