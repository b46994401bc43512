//! `cloud-admin-server [ADDR] [KEY_FILE]`: runs the embedded Cloud Admin server until
//! interrupted. The key it creates (without scopes) is written to KEY_FILE (default
//! `cloud-admin-server.key`, readable by its owner only), never printed.

use std::io::Write;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:8080".to_owned());
    let key_file = args
        .next()
        .unwrap_or_else(|| "cloud-admin-server.key".to_owned());
    let addr = addr.parse().map_err(|e| {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, format!("{addr}: {e}"))
    })?;
    let server =
        cloud_admin_server::Server::start_with(cloud_admin_server::Config::default(), addr).await?;
    write_private(&key_file, server.admin_key().expose())?;
    println!("Cloud Admin server at {}", server.url());
    println!("organization: {}", server.org_id());
    println!("an API key created without scopes is in {key_file}");
    tokio::signal::ctrl_c().await
}

/// Writes `secret` to `path`, readable and writable by the owner only (on Unix).
///
/// The secret goes into a new file beside `path` (created exclusively, so never through a
/// symlink or into an existing file with looser permissions), which then replaces `path`. A
/// symlink at `path` is replaced, not followed; its target is left alone.
fn write_private(path: &str, secret: &str) -> std::io::Result<()> {
    let path = std::path::Path::new(path);
    let name = path.file_name().ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{}: not a file name", path.display()),
        )
    })?;
    let temporary = path.with_file_name(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options.open(&temporary).and_then(|mut file| {
        file.write_all(secret.as_bytes())?;
        file.sync_all()
    });
    match written.and_then(|()| std::fs::rename(&temporary, path)) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_file(&temporary);
            Err(std::io::Error::new(
                e.kind(),
                format!("cannot write the key to {}: {e}", path.display()),
            ))
        }
    }
}
