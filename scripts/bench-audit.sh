#!/usr/bin/env bash
# The audit's speed on a crate of a few thousand lines: `tests/audit-fixture` (every shape the
# audit follows) copied COPIES times as modules of one crate (default 12: about 3,700 lines),
# audited by the release CLI, against `cargo check` of the same crate alone (debug,
# non-incremental). Medians of 5 and 3 runs; prints both and the ratio audit / check. Compare
# ratios of one run: the machine's speed varies.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. scripts/timing.sh
work="$root/target/bench-audit"
copies=${COPIES:-12}
rm -rf "$work/service"
mkdir -p "$work/service/src"
export CARGO_TARGET_DIR="$work/target"
export CARGO_INCREMENTAL=0

printf '[package]\nname = "service"\nversion = "0.1.0"\nedition = "2024"\npublish = false\n\n[workspace]\n\n[dependencies]\ncloud-admin = { path = "%s" }\n\n[features]\nextra = []\n' "$root" > "$work/service/Cargo.toml"
: > "$work/service/src/lib.rs"
for k in $(seq 1 "$copies"); do
  mkdir -p "$work/service/src/m$k"
  for f in "$root"/tests/audit-fixture/src/*.rs; do
    name=$(basename "$f")
    [ "$name" = lib.rs ] && target=mod.rs || target=$name
    sed "s/crate::/crate::m$k::/g" "$f" > "$work/service/src/m$k/$target"
  done
  echo "pub mod m$k;" >> "$work/service/src/lib.rs"
done
lines=$(cat "$work"/service/src/*.rs "$work"/service/src/*/*.rs | wc -l)

cargo build -q --release -p scope-codegen
cli="$CARGO_TARGET_DIR/release/scope-codegen"
audit() {
  "$cli" audit "$work/service/src" --spec spec/organizations.json spec/dlp.json spec/api-access.json \
    --scopes spec/scopes.json --prefer table
}
check() {
  touch "$work/service/src/lib.rs"
  (cd "$work/service" && cargo check -q)
}
(cd "$work/service" && cargo check -q) # dependencies, once

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
audit_s=$(for _ in 1 2 3 4 5; do seconds audit; done | median)
check_s=$(for _ in 1 2 3; do seconds check; done | median)
functions=$(audit 2>/dev/null | grep -c ' at .*:[0-9]*$' || true)
echo "crate: $lines lines, $copies copies of tests/audit-fixture ($functions annotated functions)"
echo "audit (release CLI, median of 5): ${audit_s} s"
echo "cargo check of the crate alone (median of 3): ${check_s} s"
echo "ratio audit / check: $(echo "scale=3; $audit_s / $check_s" | bc)"
