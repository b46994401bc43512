#!/usr/bin/env bash
# Builds the workspace's documentation with rustdoc's warnings denied (among them links that
# do not resolve), then checks that a generated client's documentation shows its methods with
# their scopes, and its types, in both layouts: a crate of its own (the root package) and a
# module of the crate that generates it (tests/admin-service's `admin`), documented as a
# library's public module is (the client inline in it) and as a binary's is, with private
# items (the client in its `generated` module).
set -euo pipefail
cd "$(dirname "$0")/.."
export RUSTDOCFLAGS="-D warnings"

fail=0
expect() { # file, text
  if [ ! -f "$1" ]; then
    echo "check-docs: $1 is missing" >&2
    fail=1
  elif ! grep -qF -- "$2" "$1"; then
    echo "check-docs: $1 does not show: $2" >&2
    fail=1
  fi
}
client() { # the directory the client is documented in
  expect "$1/struct.Client.html" 'id="method.delete_policy"'
  expect "$1/struct.Client.html" 'delete:policies:admin'
  expect "$1/struct.Client.html" 'id="method.get_policies_pages"'
  expect "$1/types/struct.Policy.html" 'struct Policy'
  expect "$1/scopes/constant.DELETE_POLICIES_ADMIN.html" 'delete:policies:admin'
}
cargo doc --workspace --no-deps --locked
client target/doc/cloud_admin
client target/doc/admin_service/admin
cargo doc -p admin-service --no-deps --locked --document-private-items
client target/doc/admin_service/admin/generated
if [ "$fail" -ne 0 ]; then
  exit 1
fi
echo "check-docs: both layouts document the client, its methods with their scopes, and its types"
