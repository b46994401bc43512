#!/usr/bin/env bash
# What a build script compiles of scope-codegen: the library as build scripts depend on it
# (`default-features = false`: the generator alone) against the whole tool (default features:
# the audit, the crate writer, the synthetic generator and the CLI). For each, the crate alone
# rebuilt from a touched source (dependencies built once beforehand, not timed), debug and
# non-incremental, median of three, and the ratio. Not run in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/timing.sh
export CARGO_INCREMENTAL=0
median() { sort -n | sed -n 2p; }
build() { # cargo flags
  cargo build -q -p scope-codegen --lib "$@" 2>/dev/null
  for _ in 1 2 3; do
    touch scope-codegen/src/lib.rs
    seconds cargo build -q -p scope-codegen --lib "$@"
  done | median
}
generator=$(build --no-default-features)
tool=$(build)
printf 'scope-codegen as a build script compiles it (no default features): %5.2f s\n' "$generator"
printf 'scope-codegen with its tools (default features):                   %5.2f s\n' "$tool"
printf 'ratio: %.2fx\n' "$(echo "$generator / $tool" | bc -l)"
