//! The configuration `build.rs` and the CLI share: `[package.metadata.scope-codegen]` in the
//! crate's `Cargo.toml`, so that the inputs, the renames and the allowed warnings are written
//! once and `scope-codegen audit` in the crate needs no flags.
//!
//! ```toml
//! [package.metadata.scope-codegen]
//! specs = ["openapi/atlassian-organization.json"]
//! scopes = "openapi/scopes.json"          # optional
//! prefer = "table"                         # or "document"; optional
//! strict-table = false                     # optional
//! deny-warnings = false                    # optional
//! out = "admin.rs"                         # build.rs: the file in OUT_DIR; optional
//! module = "admin"                         # optional: included as `crate::admin` of this crate
//!
//! [package.metadata.scope-codegen.rename]  # operation (JSON pointer or operationId) = new operationId
//! "/paths/~1v2~1orgs~1{orgId}~1users~1invite/post" = "inviteUser"
//!
//! [package.metadata.scope-codegen.allow]   # warnings kept as notes: JSON pointer or operationId = why
//! "getGroups" = "sortBy is sent as JSON text, which the API accepts"
//! ```
//!
//! Paths are relative to the directory of the `Cargo.toml`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, ErrorKind};
use crate::{Inputs, Options, Prefer};

/// `[package.metadata.scope-codegen]`, as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Config {
    /// OpenAPI documents, merged in this order.
    pub specs: Vec<PathBuf>,
    /// The scope table.
    #[serde(default)]
    pub scopes: Option<PathBuf>,
    /// Leave the built-in Cloud Admin scope table out where no `scopes` is given.
    #[serde(default)]
    pub no_builtin_table: bool,
    /// Which scope source wins a disagreement: `"table"` or `"document"`.
    #[serde(default)]
    pub prefer: Option<PreferName>,
    /// A scope table row for an operation no document defines is an error.
    #[serde(default)]
    pub strict_table: bool,
    /// Warnings fail the build.
    #[serde(default)]
    pub deny_warnings: bool,
    /// The output file of `Builder::from_manifest`, in `OUT_DIR` when relative.
    #[serde(default)]
    pub out: Option<PathBuf>,
    /// The module of this crate the client is included as (`admin`), so that the crate's own
    /// functions can be annotated; absent for a client that is a crate of its own.
    #[serde(default)]
    pub module: Option<String>,
    /// Operation (JSON pointer or operationId) → the operationId to use.
    #[serde(default)]
    pub rename: BTreeMap<String, String>,
    /// Operation or item (JSON pointer or operationId) → why its warnings are expected.
    #[serde(default)]
    pub allow: BTreeMap<String, String>,
    /// Which operations to generate (all when absent): `[…select] operations = [...]`,
    /// `tags = [...]`, `paths = [...]`.
    #[serde(default)]
    pub select: SelectConfig,
}

/// `[package.metadata.scope-codegen.select]`: see [`crate::Select`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelectConfig {
    /// operationIds.
    #[serde(default)]
    pub operations: Vec<String>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Path prefixes.
    #[serde(default)]
    pub paths: Vec<String>,
}

/// `prefer = "table" | "document"`.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PreferName {
    /// The scope table wins.
    Table,
    /// The document wins.
    Document,
}

#[derive(Deserialize)]
struct Manifest {
    package: Option<Package>,
}

#[derive(Deserialize)]
struct Package {
    metadata: Option<Metadata>,
}

#[derive(Deserialize)]
struct Metadata {
    #[serde(rename = "scope-codegen")]
    scope_codegen: Option<toml::Value>,
}

impl Config {
    /// Reads `[package.metadata.scope-codegen]` from `manifest`; `Ok(None)` when the file has
    /// no such table. Relative paths in it are made relative to the manifest's directory.
    pub fn from_manifest(manifest: &Path) -> Result<Option<Config>, Error> {
        let error =
            |item: &str, message: String| Error::new(ErrorKind::Io, manifest, item, message);
        let text = std::fs::read_to_string(manifest)
            .map_err(|e| error("", format!("cannot read the file: {e}")))?;
        let parsed: Manifest =
            toml::from_str(&text).map_err(|e| error("", format!("not valid TOML: {e}")))?;
        let Some(value) = parsed
            .package
            .and_then(|p| p.metadata)
            .and_then(|m| m.scope_codegen)
        else {
            return Ok(None);
        };
        let mut config: Config = value.try_into().map_err(|e: toml::de::Error| {
            error(
                "[package.metadata.scope-codegen]",
                format!("not a valid configuration: {}", e.message()),
            )
        })?;
        if let Some(empty) = [&config.rename, &config.allow]
            .iter()
            .find(|table| table.contains_key(""))
        {
            let which = if std::ptr::eq(*empty, &config.rename) {
                "rename"
            } else {
                "allow"
            };
            return Err(error(
                "[package.metadata.scope-codegen]",
                format!(
                    "`{which}` has an empty key; name an operation (JSON pointer or operationId)"
                ),
            ));
        }
        if config.specs.is_empty() {
            return Err(error(
                "[package.metadata.scope-codegen]",
                "`specs` lists no OpenAPI document".to_owned(),
            ));
        }
        let dir = manifest.parent().unwrap_or(Path::new(""));
        for spec in &mut config.specs {
            *spec = dir.join(&*spec);
        }
        if let Some(scopes) = &mut config.scopes {
            *scopes = dir.join(&*scopes);
        }
        Ok(Some(config))
    }

    /// The generator's inputs.
    pub fn inputs(&self, manifest: &Path) -> Inputs {
        Inputs {
            specs: self.specs.clone(),
            scopes: self.scopes.clone(),
            options: Options {
                prefer: match self.prefer {
                    Some(PreferName::Document) => Prefer::Document,
                    Some(PreferName::Table) | None => Prefer::Table,
                },
                prefer_explicit: self.prefer.is_some(),
                strict_table: self.strict_table,
            },
            deny_warnings: self.deny_warnings,
            renames: self.rename.clone(),
            allow: self.allow.keys().cloned().collect(),
            config: Some(manifest.to_path_buf()),
            module: self.module.clone(),
            no_builtin_table: self.no_builtin_table,
            select: crate::Select {
                operations: self.select.operations.clone(),
                tags: self.select.tags.clone(),
                paths: self.select.paths.clone(),
            },
        }
    }
}
