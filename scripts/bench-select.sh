#!/usr/bin/env bash
# What selecting operations saves a tool built on a product-size document: the Jira triage
# tool of docs/using-it.md (the one-crate layout on Atlassian's Jira platform document, from
# ../shared/specs), built with its `select` (two operations) and with the whole client. For
# each: the generated file's lines, and an edit-rebuild (src/main.rs touched, then
# `cargo build`; then the same with `cargo check`), median of three, and the ratios. The first
# build of each (all dependencies) is not timed. Several minutes on a 2-core machine; not run
# in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
. scripts/timing.sh
spec=$root/../shared/specs/jira-platform-2022.json
[ -f "$spec" ] || { echo "needs $spec (test data beside the project)" >&2; exit 1; }
work=$root/target/bench-select
rm -rf "$work/selected" "$work/whole"

# The `jira-triage/…` blocks of docs/using-it.md, dependencies pointed at this checkout.
extract() {
  local dir=$1
  awk -v dir="$dir" '
    /^<!-- readme crate: jira-triage\// { path = $4; sub("^jira-triage/", "", path); getline; copying = 1; next }
    copying && /^```$/ { copying = 0; next }
    copying { file = dir "/" path; print > file }
  ' docs/using-it.md
}
for variant in selected whole; do
  dir=$work/$variant
  mkdir -p "$dir/src" "$dir/openapi"
  extract "$dir"
  sed -i -E "s|^(scope-[a-z]+) = \\{ git = \"<repository URL>\"|\\1 = { path = \"$root/\\1\"|" "$dir/Cargo.toml"
  printf '\n[workspace]\n' >>"$dir/Cargo.toml"
  cp "$spec" "$dir/openapi/jira-platform.json"
  cp "$root/Cargo.lock" "$dir/"
done
# The whole client: the same crate without its `select` table (which the `[workspace]` line
# followed).
sed -i '/^\[package.metadata.scope-codegen.select\]/,$d' "$work/whole/Cargo.toml"
printf '[workspace]\n' >>"$work/whole/Cargo.toml"

median() { sort -n | sed -n 2p; }
for variant in selected whole; do
  dir=$work/$variant
  export CARGO_TARGET_DIR=$work/target-$variant
  (cd "$dir" && cargo build -q 2>/dev/null)
  lines=$(wc -l <"$(ls -t "$CARGO_TARGET_DIR"/debug/build/jira-triage-*/out/jira.rs | head -1)")
  build=$(for _ in 1 2 3; do touch "$dir/src/main.rs"; (cd "$dir" && seconds cargo build -q); done | median)
  check=$(for _ in 1 2 3; do touch "$dir/src/main.rs"; (cd "$dir" && seconds cargo check -q); done | median)
  printf '%-8s %6s generated lines  edit-rebuild: build %5.2f s  check %5.2f s\n' "$variant" "$lines" "$build" "$check"
  eval "${variant}_build=$build ${variant}_check=$check"
done
printf 'whole / selected: build %.1fx, check %.1fx\n' \
  "$(echo "$whole_build / $selected_build" | bc -l)" "$(echo "$whole_check / $selected_check" | bc -l)"
