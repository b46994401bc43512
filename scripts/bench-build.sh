#!/usr/bin/env bash
# Wall time of building the root package (the generated Cloud Admin client) from clean, debug
# profile: everything; then the client crate alone (dependencies built); then a touched spec.
set -euo pipefail
cd "$(dirname "$0")/.."
target=$(mktemp -d)
trap 'rm -rf "$target"' EXIT
export CARGO_TARGET_DIR="$target"
# Without incremental caches, a touched file is really compiled again.
export CARGO_INCREMENTAL=0
start=$(date +%s.%N)
cargo build -q -p cloud-admin
all=$(echo "$(date +%s.%N) - $start" | bc)
touch src/lib.rs
start=$(date +%s.%N)
cargo build -q -p cloud-admin
crate=$(echo "$(date +%s.%N) - $start" | bc)
touch spec/organizations.json
start=$(date +%s.%N)
cargo build -q -p cloud-admin
rerun=$(echo "$(date +%s.%N) - $start" | bc)
printf 'cargo build -p cloud-admin from clean: %.1f s\n' "$all"
printf 'the client crate alone (touch src/lib.rs): %.1f s\n' "$crate"
printf 'a spec touched (build script reruns codegen, then the crate compiles): %.1f s\n' "$rerun"
