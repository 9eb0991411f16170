#!/usr/bin/env bash
# Installs what building and running Lodestone needs on Debian: a C toolchain, the
# PostgreSQL server binaries (the node's embedded default runs its own cluster with
# them; the tests also use the system server) and a Rust toolchain. Safe to run twice.
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

packages=()
command -v cc >/dev/null 2>&1 || packages+=(build-essential)
command -v curl >/dev/null 2>&1 || packages+=(curl ca-certificates)
command -v psql >/dev/null 2>&1 || packages+=(postgresql-client)
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  packages+=(postgresql postgresql-contrib)
fi
if [ ${#packages[@]} -gt 0 ]; then
  echo "setup: installing ${packages[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  else
    echo "setup: installing the Rust toolchain (rustup)"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c clippy,rustfmt
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
fi
