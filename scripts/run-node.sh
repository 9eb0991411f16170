#!/usr/bin/env bash
# One command to set up and run a Lodestone node on the embedded default (a PostgreSQL
# cluster the node manages in its data directory). Extra arguments go to `lodestone run`,
# e.g. scripts/run-node.sh --http-addr 0.0.0.0:3333
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup-debian.sh
cargo build --release --locked -p lodestone
exec "${CARGO_TARGET_DIR:-target}/release/lodestone" run "$@"
