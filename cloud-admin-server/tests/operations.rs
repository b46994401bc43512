//! Every operation of the generated client, over real HTTP against the embedded server, with
//! a key created without scopes. The server records what it served; the last assertion checks
//! that this is every operation in the generated table.

use cloud_admin::{ApiKey, Client, Transport, operations, params, trust_key_scopes, types};
use cloud_admin_server::Server;

fn transport(server: &Server, key: ApiKey) -> Transport {
    Transport::builder()
        .base_url(server.url())
        .api_key(key)
        .build()
        .unwrap()
}

#[tokio::test]
async fn every_operation_is_served_and_behaves() {
    let server = Server::start().await.unwrap();
    let org = server.org_id().to_owned();
    let client = trust_key_scopes!(
        Client::new(transport(&server, server.admin_key())),
        unscoped_key
    );

    // Organizations and domains.
    let orgs = client.get_orgs(&Default::default()).await.unwrap();
    assert_eq!(orgs.data.unwrap()[0].id, org);
    assert_eq!(
        client.get_org_by_id(&org).await.unwrap().data.unwrap().id,
        org
    );
    let domains = client
        .get_domains(&org, &Default::default())
        .await
        .unwrap()
        .data
        .unwrap();
    assert_eq!(domains.len(), 3);
    let domain = client
        .get_domain_by_id(&org, &domains[0].id)
        .await
        .unwrap()
        .data
        .unwrap();
    assert_eq!(domain.attributes.name.as_deref(), Some("example.com"));
    let events = client
        .get_events(
            &org,
            &params::GetEvents {
                action: Some("policy_updated".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(events.data.unwrap().len(), 1);

    // Policies: create, read, update, add a resource, validate, delete.
    let input = |name: &str, ranges: &[&str]| types::PolicyInputAttributes {
        r#type: types::PolicyInputAttributesType::IpAllowlist,
        name: Some(name.into()),
        status: Some(types::PolicyStatus::Enabled),
        rule: Some(types::AllowIfContainedRule {
            r#in: ranges.iter().map(|r| (*r).to_owned()).collect(),
        }),
        resources: None,
    };
    let created = client
        .create_policy(
            &org,
            &types::PolicyCreateInput {
                data: types::PolicyCreateInputData {
                    r#type: types::PolicyCreateInputDataType::Policy,
                    attributes: input("Branch office", &[]),
                },
            },
        )
        .await
        .unwrap()
        .data
        .unwrap();
    let id = created.id.clone();
    assert!(
        client.validate_policy(&org, &id).await.is_err(),
        "an allowlist without ranges fails validation"
    );
    let updated = client
        .update_policy(
            &org,
            &id,
            &types::PolicyUpdateInput {
                data: types::PolicyUpdateInputData {
                    id: Some(id.clone()),
                    r#type: types::PolicyUpdateInputDataType::Policy,
                    attributes: input("Branch office", &["192.0.2.0/24"]),
                },
            },
        )
        .await
        .unwrap();
    assert_eq!(
        updated.data.unwrap().attributes.rule.unwrap().r#in,
        ["192.0.2.0/24"]
    );
    client.validate_policy(&org, &id).await.unwrap();
    let with_resource = client
        .add_resource_to_policy(
            &org,
            &id,
            &types::ResourceInput {
                id: "ari:cloud:jira::site/1".into(),
                meta: None,
            },
        )
        .await
        .unwrap();
    let resources = with_resource.data.unwrap().attributes.resources.unwrap();
    assert_eq!(
        resources[0].application_status,
        Some(types::ResourceApplicationStatus::Applying)
    );
    assert_eq!(
        client
            .get_policy_by_id(&org, &id)
            .await
            .unwrap()
            .data
            .unwrap()
            .attributes
            .name
            .as_deref(),
        Some("Branch office")
    );
    client.delete_policy(&org, &id).await.unwrap();
    assert!(matches!(
        client.get_policy_by_id(&org, &id).await,
        Err(cloud_admin::Error::NotFound { .. })
    ));
    let all = client
        .get_policies(&org, &Default::default())
        .await
        .unwrap()
        .data
        .unwrap();
    assert_eq!(all.len(), 5);

    // Classification levels: create (draft), edit, publish, reorder, archive, restore.
    let level = client
        .create_classification_level(
            &org,
            &types::LevelInput {
                name: "Restricted".into(),
                definition: Some("Need to know".into()),
                guideline: None,
                color: Some(types::LevelColor::Purple),
            },
        )
        .await
        .unwrap();
    assert_eq!(level.status, types::LevelStatus::Draft);
    client
        .edit_classification_level(
            &org,
            &level.level_id,
            &types::LevelInput {
                name: "Restricted".into(),
                definition: None,
                guideline: Some("Label it".into()),
                color: None,
            },
        )
        .await
        .unwrap();
    client
        .publish_classification_levels(
            &org,
            &types::PublishInput {
                level_ids: vec![level.level_id.clone()],
            },
        )
        .await
        .unwrap();
    client
        .reorder_classification_levels(
            &org,
            &types::ReorderInput {
                levels: vec![types::ReorderInputLevelsItem {
                    level_id: level.level_id.clone(),
                    rank: 1,
                }],
            },
        )
        .await
        .unwrap();
    let fetched = client
        .get_classification_level(&org, &level.level_id)
        .await
        .unwrap();
    assert_eq!(
        (
            fetched.status,
            fetched.sensitivity,
            fetched.guideline.as_deref()
        ),
        (types::LevelStatus::Published, Some(1), Some("Label it"))
    );
    client
        .archive_classification_level(
            &org,
            &types::LevelIdInput {
                level_id: level.level_id.clone(),
            },
        )
        .await
        .unwrap();
    let restore_twice = client
        .restore_classification_level(
            &org,
            &types::LevelIdInput {
                level_id: level.level_id.clone(),
            },
        )
        .await;
    restore_twice.unwrap();
    assert!(
        matches!(
            client
                .restore_classification_level(
                    &org,
                    &types::LevelIdInput {
                        level_id: level.level_id.clone()
                    }
                )
                .await,
            Err(cloud_admin::Error::Conflict { .. })
        ),
        "restoring a draft is a conflict"
    );
    let levels = client
        .get_classification_levels(&org, &Default::default())
        .await
        .unwrap()
        .levels;
    assert_eq!(levels[0].level_id, level.level_id, "rank 1 lists first");
    assert_eq!(
        levels[0].status,
        types::LevelStatus::Draft,
        "restored as a draft"
    );

    // API tokens and keys.
    let tokens = client
        .get_api_tokens(&org, &Default::default())
        .await
        .unwrap()
        .data;
    assert_eq!(tokens.len(), 3);
    let active = client
        .get_api_token_count(
            &org,
            &params::GetApiTokenCount {
                status: Some("active".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(active.count, 2);
    client
        .bulk_revoke_api_tokens(
            &org,
            &types::BulkRevokeInput {
                token_ids: vec![tokens[0].id.clone()],
            },
        )
        .await
        .unwrap();
    let key = client
        .create_api_key(
            &org,
            "audit",
            "2027-01-01T00:00:00Z",
            "ari:cloud:platform::org/x",
            &["read:policies:admin".to_owned()],
            &[],
        )
        .await
        .unwrap();
    assert!(!key.token.expose().is_empty());
    let keys = client
        .get_api_keys(
            &org,
            &params::GetApiKeys {
                q: Some("AUD".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .data;
    assert_eq!(keys.len(), 1);
    assert_eq!(
        keys[0].scopes.as_deref(),
        Some(&["read:policies:admin".to_owned()][..])
    );
    let before = client
        .get_api_key_count(&org, &Default::default())
        .await
        .unwrap()
        .count;
    client.revoke_api_key(&org, &key.id).await.unwrap();
    assert_eq!(
        client
            .get_api_key_count(&org, &Default::default())
            .await
            .unwrap()
            .count,
        before - 1
    );

    let served = server.served();
    let missing: Vec<&str> = operations::ALL
        .iter()
        .map(|o| o.operation_id)
        .filter(|id| !served.contains(id))
        .collect();
    assert!(missing.is_empty(), "operations never served: {missing:?}");
}

#[tokio::test]
async fn unknown_organizations_and_items_are_404_in_atlassians_shape() {
    let server = Server::start().await.unwrap();
    let client = trust_key_scopes!(
        Client::new(transport(&server, server.admin_key())),
        unscoped_key
    );
    match client.get_domains("no-such-org", &Default::default()).await {
        Err(cloud_admin::Error::NotFound { operation, body }) => {
            assert_eq!(operation, "getDomains");
            let body: serde_json::Value = serde_json::from_str(&body).unwrap();
            assert_eq!(body["errors"][0]["status"], "404");
        }
        other => panic!("{other:?}"),
    }
}
