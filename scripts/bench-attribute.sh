#!/usr/bin/env bash
# The compile cost of #[requires_scope]: `cargo check` (crate only, debug, non-incremental) of
# 500 async functions that each call one operation, annotated, against the same functions with
# the equivalent generic bounds written by hand. Two clients: the Cloud Admin client (the root
# package, 27 operations) and a 440-operation client generated from the synthetic product-size
# document. Prints each time and the ratio annotated / by hand; run it on a quiet machine and
# compare the ratios of one run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work="$root/target/bench-attribute"
n=${FUNCTIONS:-500}
mkdir -p "$work"
export CARGO_TARGET_DIR="$work/target"
export CARGO_INCREMENTAL=0

cargo run -q -p scope-codegen --example synthetic_spec -- 110 > "$work/big.json"
cargo run -q -p scope-codegen -- generate --spec "$work/big.json" --crate "$work/big" --name big 2>/dev/null

# crate NAME DEPENDENCY-LINE BODY-GENERATOR
crate() {
  local dir="$work/$1"
  mkdir -p "$dir/src"
  printf '[package]\nname = "%s"\nversion = "0.1.0"\nedition = "2024"\npublish = false\n\n[workspace]\n\n[dependencies]\n%s\n' "$1" "$2" > "$dir/Cargo.toml"
  "$3" > "$dir/src/lib.rs"
}

cloud_annotated() {
  echo 'use cloud_admin::{Client, Error, requires_scope};'
  for i in $(seq 1 "$n"); do
    printf '#[requires_scope("read:domains:admin")]\npub async fn f%d(client: &Client, org: &str) -> Result<usize, Error> {\n    Ok(client.get_domains(org, &Default::default()).await?.data.map_or(0, |d| d.len()))\n}\n' "$i"
  done
}
cloud_by_hand() {
  echo 'use cloud_admin::{Client, Error, scopes};'
  for i in $(seq 1 "$n"); do
    printf 'pub async fn f%d<G: scopes::ReadDomainsAdmin>(client: &Client<G>, org: &str) -> Result<usize, Error> {\n    Ok(client.get_domains(org, &Default::default()).await?.data.map_or(0, |d| d.len()))\n}\n' "$i"
  done
}
# Three different declarations in turn, each function calling what its declaration covers.
cloud_varied_annotated() {
  echo 'use cloud_admin::{Client, Error, requires_scope};'
  for i in $(seq 1 "$n"); do
    case $((i % 3)) in
      0) printf '#[requires_scope("read:domains:admin")]\npub async fn f%d(client: &Client, org: &str) -> Result<usize, Error> {\n    Ok(client.get_domains(org, &Default::default()).await?.data.map_or(0, |d| d.len()))\n}\n' "$i" ;;
      1) printf '#[requires_scope("read:policies:admin")]\npub async fn f%d(client: &Client, org: &str) -> Result<usize, Error> {\n    Ok(client.get_policies(org, &Default::default()).await?.data.map_or(0, |d| d.len()))\n}\n' "$i" ;;
      2) printf '#[requires_scope("read:policies:admin", "delete:policies:admin")]\npub async fn f%d(client: &Client, org: &str) -> Result<usize, Error> {\n    client.validate_policy(org, "p").await?;\n    client.delete_policy(org, "p").await?;\n    Ok(0)\n}\n' "$i" ;;
    esac
  done
}
cloud_varied_by_hand() {
  echo 'use cloud_admin::{Client, Error, scopes};'
  for i in $(seq 1 "$n"); do
    case $((i % 3)) in
      0) printf 'pub async fn f%d<G: scopes::ReadDomainsAdmin>(client: &Client<G>, org: &str) -> Result<usize, Error> {\n    Ok(client.get_domains(org, &Default::default()).await?.data.map_or(0, |d| d.len()))\n}\n' "$i" ;;
      1) printf 'pub async fn f%d<G: scopes::ReadPoliciesAdmin>(client: &Client<G>, org: &str) -> Result<usize, Error> {\n    Ok(client.get_policies(org, &Default::default()).await?.data.map_or(0, |d| d.len()))\n}\n' "$i" ;;
      2) printf 'pub async fn f%d<G: scopes::ReadPoliciesAdmin + scopes::DeletePoliciesAdmin>(client: &Client<G>, org: &str) -> Result<usize, Error> {\n    client.validate_policy(org, "p").await?;\n    client.delete_policy(org, "p").await?;\n    Ok(0)\n}\n' "$i" ;;
    esac
  done
}
big_annotated() {
  echo '#![allow(deprecated)]'
  echo 'use big::{Client, requires_scope};'
  echo 'pub type Error = scope_runtime::Error;'
  for i in $(seq 1 "$n"); do
    r=$((i % 110))
    printf '#[requires_scope(client = ::big, "read:jira-work")]\npub async fn f%d(client: &Client, id: i64) -> Result<(), Error> {\n    client.get_resource%d(id).await.map(drop)\n}\n' "$i" "$r"
  done
}
big_by_hand() {
  echo '#![allow(deprecated)]'
  echo 'use big::{Client, scopes};'
  echo 'pub type Error = scope_runtime::Error;'
  for i in $(seq 1 "$n"); do
    r=$((i % 110))
    printf 'pub async fn f%d<G: scopes::alternatives::GetResource%d>(client: &Client<G>, id: i64) -> Result<(), Error> {\n    client.get_resource%d(id).await.map(drop)\n}\n' "$i" "$r" "$r"
  done
}

cloud_dep="cloud-admin = { path = \"$root\" }"
big_dep="big = { path = \"$work/big\" }
scope-runtime = { path = \"$root/scope-runtime\" }"
crate cloud-annotated "$cloud_dep" cloud_annotated
crate cloud-by-hand "$cloud_dep" cloud_by_hand
crate cloud-varied-annotated "$cloud_dep" cloud_varied_annotated
crate cloud-varied-by-hand "$cloud_dep" cloud_varied_by_hand
crate big-annotated "$big_dep" big_annotated
crate big-by-hand "$big_dep" big_by_hand

# The median of three `cargo check`s of the crate alone (dependencies are checked first).
measure() {
  local dir="$work/$1"
  (cd "$dir" && cargo check -q)
  local times=()
  for _ in 1 2 3; do
    touch "$dir/src/lib.rs"
    local start end
    start=$(date +%s.%N)
    (cd "$dir" && cargo check -q)
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc)")
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 2p
}

report() {
  local annotated by_hand
  annotated=$(measure "$1-annotated")
  by_hand=$(measure "$1-by-hand")
  printf '%-34s annotated %6.2f s   by hand %6.2f s   ratio %.2f\n' "$2" "$annotated" "$by_hand" "$(echo "$annotated / $by_hand" | bc -l)"
}
echo "cargo check of $n functions, crate only (median of 3):"
report cloud "Cloud Admin client (27 operations)"
report cloud-varied "Cloud Admin, three declarations"
report big "synthetic client (440 operations)"
