//! `cloud-admin-server [ADDR]`: runs the embedded Cloud Admin server until interrupted.

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8080".to_owned());
    let addr = addr.parse().map_err(|e| {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, format!("{addr}: {e}"))
    })?;
    let server =
        cloud_admin_server::Server::start_with(cloud_admin_server::Config::default(), addr).await?;
    println!("Cloud Admin server at {}", server.url());
    println!("organization: {}", server.org_id());
    // The admin key is the one secret this binary exists to hand out, for local use only.
    println!(
        "API key created without scopes: {}",
        server.admin_key().expose()
    );
    tokio::signal::ctrl_c().await
}
