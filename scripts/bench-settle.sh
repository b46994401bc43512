#!/usr/bin/env bash
# The cost of `audit --fix --settle` on a crate of 40 annotated functions the audit cannot read
# (each calls through a `Box`): 20 whose declarations lack a scope, 20 that declare one too
# many. Prints the settling's own report: the changes, and how many `cargo check` runs it took
# in how long (a first run also builds the dependencies in the target directory the settling
# uses; run it twice for the settling alone).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work="$root/target/bench-settle"
rm -rf "$work/service"
mkdir -p "$work/service/src"
printf '[package]\nname = "service"\nversion = "0.1.0"\nedition = "2024"\n\n[workspace]\n\n[dependencies]\ncloud-admin = { path = "%s" }\n' "$root" > "$work/service/Cargo.toml"
{
  echo 'use cloud_admin::{Client, Error, requires_scope};'
  for i in $(seq 1 20); do
    printf '#[requires_scope("read:domains:admin")]\npub async fn short%d(client: &Client, org: &str) -> Result<(), Error> {\n    let held = Box::new(client.clone());\n    held.get_domains(org, &Default::default()).await?;\n    held.delete_policy(org, "p").await\n}\n' "$i"
    printf '#[requires_scope("read:domains:admin", "read:events:admin")]\npub async fn long%d(client: &Client, org: &str) -> Result<(), Error> {\n    let held = Box::new(client.clone());\n    held.get_domains(org, &Default::default()).await.map(drop)\n}\n' "$i"
  done
} > "$work/service/src/lib.rs"
cargo build -q -p scope-codegen
export CARGO_TARGET_DIR="$work/target"
(cd "$work/service" && cargo check -q 2>/dev/null || true)
cd "$work/service"
"$root/target/debug/scope-codegen" audit src --fix --settle --prefer table \
  --spec "$root/spec/organizations.json" "$root/spec/dlp.json" "$root/spec/api-access.json" \
  --scopes "$root/spec/scopes.json" | tail -3
