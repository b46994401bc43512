#!/usr/bin/env bash
# What a generated client costs a team's own crate: a fresh crate whose build.rs generates the
# client from Atlassian's published Organizations document (../shared/specs) into its own
# `mod admin` (the one-crate layout) and whose src/ annotates three functions that call it,
# against the same crate with the same dependencies and no client (build.rs and src/ empty of
# it). Reports, for each, the first build (debug, from clean, all dependencies)
# and an edit-rebuild (a source file touched, incremental as cargo does by default), and the
# ratios. One run; about five minutes on a 2-core machine. Not run in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
spec=$root/../shared/specs/atlassian-organization.json
[ -f "$spec" ] || { echo "needs $spec (test data beside the project)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

make_crate() {
  local dir=$1 with_client=$2
  mkdir -p "$dir/src"
  cat >"$dir/Cargo.toml" <<EOF
[package]
name = "app"
version = "0.1.0"
edition = "2024"

[dependencies]
scope-runtime = { path = "$root/scope-runtime" }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }

[build-dependencies]
scope-codegen = { path = "$root/scope-codegen", default-features = false }

[workspace]
EOF
  if [ "$with_client" = yes ]; then
    cat >"$dir/build.rs" <<EOF
fn main() {
    scope_codegen::Builder::new()
        .spec("$spec")
        .module("admin")
        .out_file("admin.rs")
        .run()
        .unwrap();
}
EOF
    cat >"$dir/src/lib.rs" <<'EOF'
pub mod admin {
    include!(concat!(env!("OUT_DIR"), "/admin.rs"));
}

use admin::{Client, Error, requires_scope};

#[requires_scope("read:domains:admin")]
pub async fn domains(client: &Client, org: &str) -> Result<usize, Error> {
    Ok(client.get_domains(org, &Default::default()).await?.data.unwrap_or_default().len())
}

#[requires_scope("read:domains:admin")]
pub async fn named(client: &Client, org: &str, id: &str) -> Result<bool, Error> {
    Ok(client.get_domain_by_id(org, id).await?.data.is_some())
}

#[requires_scope("read:domains:admin")]
pub async fn both(client: &Client, org: &str, id: &str) -> Result<usize, Error> {
    Ok(domains(client, org).await? + usize::from(named(client, org, id).await?))
}
EOF
  else
    cat >"$dir/build.rs" <<'EOF'
fn main() {}
EOF
    cat >"$dir/src/lib.rs" <<'EOF'
pub use scope_runtime::{ApiKey, Error, Transport};
EOF
  fi
}

# shellcheck source=timing.sh
source "$root/scripts/timing.sh"

measure() {
  local dir=$1
  (cd "$dir" && seconds cargo build -q)
  touch "$dir/src/lib.rs"
  (cd "$dir" && seconds cargo build -q)
}

make_crate "$work/with" yes
make_crate "$work/without" no
read -r -d '' first_without edit_without < <(measure "$work/without"; printf '\0') || true
read -r -d '' first_with edit_with < <(measure "$work/with"; printf '\0') || true
ratio() { echo "scale=2; $1 / $2" | bc; }
printf '%-52s %8.1f s\n' "first build, no client" "$first_without"
printf '%-52s %8.1f s\n' "first build, with the Organizations client" "$first_with"
printf '%-52s %8.2f s\n' "edit-rebuild (touch src/lib.rs), no client" "$edit_without"
printf '%-52s %8.2f s\n' "edit-rebuild, with the client" "$edit_with"
echo "ratios: first build $(ratio "$first_with" "$first_without")×, edit-rebuild $(ratio "$edit_with" "$edit_without")×"
