#!/usr/bin/env bash
# One command to set up and run the whole test suite on Debian: installs what is
# missing, makes sure a PostgreSQL server answers on 127.0.0.1:5432, then runs
# formatting and lint checks and every test. Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup-debian.sh

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

# The PostgreSQL server the tests create their databases on.
if command -v pg_lsclusters >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  if ! pg_lsclusters -h "$version" main 2>/dev/null | grep -q online; then
    echo "test: starting PostgreSQL $version"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start
  fi
fi
export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
if ! psql "$TEST_DATABASE_URL" -Atc 'SELECT 1' >/dev/null 2>&1; then
  # A fresh Debian cluster asks for a password over TCP: make a test role that has one.
  echo "test: creating the lodestone_test role"
  as_postgres psql -qAt -c "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'lodestone_test') THEN
        CREATE ROLE lodestone_test LOGIN CREATEDB PASSWORD 'lodestone_test';
      END IF; END \$\$;"
  export TEST_DATABASE_URL="postgres://lodestone_test:lodestone_test@127.0.0.1:5432/postgres"
  psql "$TEST_DATABASE_URL" -Atc 'SELECT 1' >/dev/null
fi
# sqlx::test reads DATABASE_URL; the end-to-end harness clears it for the nodes it runs.
export DATABASE_URL="$TEST_DATABASE_URL"

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
# The end-to-end tests run the lodestone binary of this build.
cargo build --workspace --bins --locked
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --locked --no-fail-fast
else
  cargo test --workspace --locked --no-fail-fast
fi
