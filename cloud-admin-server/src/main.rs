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
fn write_private(path: &str, secret: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(secret.as_bytes())
}
