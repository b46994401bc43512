#!/usr/bin/env bash
# This generator against openapi-generator 7.x (`-g rust`) on one product-size document, in one
# run on one machine, reported as ratios:
#   - codegen: release build of scope-codegen, debug build (what a build script runs), and
#     openapi-generator, each the median of several runs of the whole command (9, 5 and 3),
#     after one untimed run;
#   - the generated crate's own debug build (dependencies built first, then `touch src/lib.rs`,
#     non-incremental), median of two.
# The document is the synthetic 440-operation one (`synthetic_spec -- 110`, about 2 MB), which
# includes Jira's `allOf: [{$ref}]` wrapper idioms. openapi-generator comes from PyPI
# (`openapi-generator-cli`, which bundles the jar) into a venv under `target/`; it needs Java 11+.
# Nothing here runs in CI: it takes about ten minutes on a 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
oag_version=${OAG_VERSION:-7.26.0}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

command -v java >/dev/null || { echo "openapi-generator needs Java (apt-get install default-jre-headless)" >&2; exit 1; }
venv=$root/target/bench-venv
if [ ! -x "$venv/bin/openapi-generator-cli" ] || ! "$venv/bin/pip" show openapi-generator-cli 2>/dev/null | grep -q "Version: $oag_version"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "openapi-generator-cli==$oag_version"
fi
oag=$venv/bin/openapi-generator-cli

cargo build -q --release -p scope-codegen
cargo build -q -p scope-codegen
cargo run -q --release -p scope-codegen --example synthetic_spec -- 110 >"$work/big.json"
release=$root/target/release/scope-codegen
debug=$root/target/debug/scope-codegen

# shellcheck source=timing.sh
source "$root/scripts/timing.sh"
# Median of N runs of a command.
median() {
  local n=$1
  shift
  for _ in $(seq "$n"); do seconds "$@"; done | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
ratio() { echo "scale=3; $1 / $2" | bc; }

# One untimed run of each first, so that every timed run finds the files in the page cache.
seconds "$release" generate --spec "$work/big.json" --out "$work/out.rs" >/dev/null
seconds "$oag" generate -g rust -i "$work/big.json" -o "$work/oag-scratch" >/dev/null
ours_release=$(median 9 "$release" generate --spec "$work/big.json" --out "$work/out.rs")
ours_debug=$(median 5 "$debug" generate --spec "$work/big.json" --out "$work/out.rs")
theirs_gen=$(median 3 "$oag" generate -g rust -i "$work/big.json" -o "$work/oag-scratch")

# The crates, each with its own target directory; dependencies are built before timing.
"$release" generate --spec "$work/big.json" --crate "$work/ours" --name big >/dev/null 2>&1
"$oag" generate -g rust -i "$work/big.json" -o "$work/theirs" --package-name big >/dev/null 2>&1
# openapi-generator's crate uses native TLS by default; build it with rustls, like ours.
theirs_features=()
if grep -q '^rustls' "$work/theirs/Cargo.toml"; then
  theirs_features=(--no-default-features --features "$(grep -o '^rustls[a-z-]*' "$work/theirs/Cargo.toml" | head -1)")
fi
crate_build() {
  local dir=$1
  shift
  (cd "$dir" && CARGO_TARGET_DIR="$dir/target" cargo build -q "$@" >/dev/null 2>&1)
  for _ in 1 2; do
    touch "$dir/src/lib.rs"
    (cd "$dir" && CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$dir/target" seconds cargo build -q "$@")
  done | sort -n | head -1
}
ours_build=$(crate_build "$work/ours")
theirs_build=$(crate_build "$work/theirs" "${theirs_features[@]}")

ops=$(grep -c '"operationId"' "$work/big.json" || true)
bytes=$(wc -c <"$work/big.json")
echo "document: synthetic, $bytes bytes, about 440 operations ($ops with an operationId)"
echo "openapi-generator $oag_version (-g rust), $(java -version 2>&1 | head -1)"
printf '%-58s %8.2f s\n' "codegen, scope-codegen release" "$ours_release"
printf '%-58s %8.2f s\n' "codegen, scope-codegen debug (as a build script runs it)" "$ours_debug"
printf '%-58s %8.2f s\n' "codegen, openapi-generator" "$theirs_gen"
printf '%-58s %8.2f s\n' "generated crate alone, debug, scope-codegen" "$ours_build"
printf '%-58s %8.2f s\n' "generated crate alone, debug, openapi-generator" "$theirs_build"
echo "ratios (this run):"
echo "  codegen release / openapi-generator:  $(ratio "$ours_release" "$theirs_gen")×"
echo "  crate build / openapi-generator's:    $(ratio "$ours_build" "$theirs_build")×"
echo "  codegen debug / release:              $(ratio "$ours_debug" "$ours_release")×"
