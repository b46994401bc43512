//! Data classification: creates two levels, publishes them, makes one the most sensitive,
//! archives another, and prints the levels in order.
//!
//! `cargo run --example data_classification` runs it against the embedded Cloud Admin server;
//! with `ATLASSIAN_ADMIN_API_KEY` and `ATLASSIAN_ORG_ID` set, against the real API (which then
//! changes the organization's real classification levels).

mod common;

use cloud_admin::{Client, Error, requires_scope, types};

#[requires_scope("read:classification-levels:admin")]
async fn print_levels(client: &Client, org: &str) -> Result<(), Error> {
    let levels = client
        .get_classification_levels_pages(org, &Default::default())
        .collect_all()
        .await?;
    println!(
        "\n{:<5} {:<12} {:<14} {:<10} COLOUR",
        "RANK", "LEVEL", "NAME", "STATUS"
    );
    for level in levels {
        println!(
            "{:<5} {:<12} {:<14} {:<10} {}",
            level
                .sensitivity
                .map_or_else(|| "-".to_owned(), |s| s.to_string()),
            level.level_id,
            level.name,
            level.status,
            level.color.as_ref().map_or("-", |c| c.as_str())
        );
    }
    Ok(())
}

#[requires_scope(
    "read:classification-levels:admin",
    "write:classification-levels:admin"
)]
async fn classify(client: &Client, org: &str) -> Result<(), Error> {
    let level = |name: &str, definition: &str, color| types::LevelInput {
        name: name.to_owned(),
        definition: Some(definition.to_owned()),
        guideline: None,
        color: Some(color),
    };
    let confidential = client
        .create_classification_level(
            org,
            &level("Confidential", "Customer data", types::LevelColor::Orange),
        )
        .await?;
    let legacy = client
        .create_classification_level(
            org,
            &level(
                "Legacy",
                "Superseded by Confidential",
                types::LevelColor::Grey,
            ),
        )
        .await?;
    println!(
        "Created {} and {} as drafts.",
        confidential.name, legacy.name
    );
    client
        .publish_classification_levels(
            org,
            &types::PublishInput {
                level_ids: vec![confidential.level_id.clone(), legacy.level_id.clone()],
            },
        )
        .await?;
    client
        .reorder_classification_levels(
            org,
            &types::ReorderInput {
                levels: vec![types::ReorderInputLevelsItem {
                    level_id: confidential.level_id.clone(),
                    rank: 1,
                }],
            },
        )
        .await?;
    client
        .archive_classification_level(
            org,
            &types::LevelIdInput {
                level_id: legacy.level_id.clone(),
            },
        )
        .await?;
    println!(
        "Published both, made {} the most sensitive, archived {}.",
        confidential.name, legacy.name
    );
    print_levels(client, org).await
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let session = common::Session::start().await?;
    let client = client_with_scopes!(
        session,
        "read:classification-levels:admin",
        "write:classification-levels:admin"
    );
    classify(&client, &session.org_id).await
}
