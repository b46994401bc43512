#!/usr/bin/env bash
# Every check the project promises: formatting, clippy (generated code included), all tests,
# and the documentation (rustdoc warnings denied; a generated client's docs in both layouts).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
# The generator as build scripts compile it, without the tools.
cargo clippy -p scope-codegen --no-default-features --locked -- -D warnings
cargo test --workspace --locked
scripts/check-docs.sh
