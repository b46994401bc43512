//! Keys are enforced like Atlassian's, and what compiles is what the server allows: a key
//! created with exactly the scopes an annotated function needs runs it, and a key missing any
//! one of them gets a 403 that names that scope.

use cloud_admin::{ApiKey, Client, Error, Transport, requires_scope, trust_key_scopes};
use cloud_admin_server::Server;

fn transport(server: &Server, key: ApiKey) -> Transport {
    Transport::builder()
        .base_url(server.url())
        .api_key(key)
        .build()
        .unwrap()
}

#[requires_scope("read:policies:admin", "delete:policies:admin")]
async fn purge_disabled(client: &Client, org: &str) -> Result<usize, Error> {
    let page = client.get_policies(org, &Default::default()).await?;
    let mut purged = 0;
    for policy in page.data.unwrap_or_default() {
        if policy.attributes.status == Some(cloud_admin::types::PolicyStatus::Disabled) {
            client.delete_policy(org, &policy.id).await?;
            purged += 1;
        }
    }
    Ok(purged)
}

#[tokio::test]
async fn compile_time_and_run_time_agree() {
    let server = Server::start().await.unwrap();
    let org = server.org_id().to_owned();
    // What the compiler accepted: the entry point vouches for exactly these scopes.
    let client = trust_key_scopes!(
        Client::new(transport(&server, server.admin_key())),
        "read:policies:admin",
        "delete:policies:admin"
    );
    let declared = &client.granted_scopes();

    // A key created with exactly those scopes runs the function.
    let exact = server.create_key("exact", declared);
    let exact_client = trust_key_scopes!(
        Client::new(transport(&server, exact)),
        "read:policies:admin",
        "delete:policies:admin"
    );
    assert_eq!(purge_disabled(&exact_client, &org).await.unwrap(), 1);

    // A key missing any one of them gets a 403 naming it.
    for missing in declared {
        let fewer: Vec<&str> = declared.iter().copied().filter(|s| s != missing).collect();
        let key = server.create_key("one fewer", &fewer);
        // The program still vouches for both; the server is what says no.
        let lying = trust_key_scopes!(
            Client::new(transport(&server, key)),
            "read:policies:admin",
            "delete:policies:admin"
        );
        let seed_disabled = trust_key_scopes!(
            Client::new(transport(&server, server.admin_key())),
            unscoped_key
        );
        restore_a_disabled_policy(&seed_disabled, &org).await;
        match purge_disabled(&lying, &org).await {
            Err(Error::Forbidden {
                body, requirement, ..
            }) => {
                assert!(body.contains(missing), "403 body names `{missing}`: {body}");
                assert!(requirement.to_string().contains(missing), "{requirement}");
            }
            other => panic!("without `{missing}`: {other:?}"),
        }
    }
}

async fn restore_a_disabled_policy<G: cloud_admin::scopes::WritePoliciesAdmin>(
    client: &Client<G>,
    org: &str,
) {
    let input = cloud_admin::types::PolicyCreateInput {
        data: cloud_admin::types::PolicyCreateInputData {
            r#type: cloud_admin::types::PolicyCreateInputDataType::Policy,
            attributes: cloud_admin::types::PolicyInputAttributes {
                r#type: cloud_admin::types::PolicyInputAttributesType::IpAllowlist,
                name: Some("disabled again".into()),
                status: Some(cloud_admin::types::PolicyStatus::Disabled),
                rule: None,
                resources: None,
            },
        },
    };
    client.create_policy(org, &input).await.unwrap();
}

#[tokio::test]
async fn keys_are_enforced_like_atlassians() {
    let server = Server::start().await.unwrap();
    let org = server.org_id().to_owned();
    let scoped = server.create_key("read domains", &["read:domains:admin"]);
    let client = trust_key_scopes!(Client::new(transport(&server, scoped)), unscoped_key);

    client.get_domains(&org, &Default::default()).await.unwrap();
    // Outside the key's scopes: 403 naming what the operation needs.
    match client.get_policies(&org, &Default::default()).await {
        Err(Error::Forbidden {
            requirement, body, ..
        }) => {
            assert_eq!(requirement.to_string(), "`read:policies:admin`");
            assert!(body.contains("read:policies:admin"), "{body}");
        }
        other => panic!("{other:?}"),
    }
    // Unscoped operations refuse every scoped key.
    assert!(matches!(
        client.get_orgs(&Default::default()).await,
        Err(Error::Forbidden { .. })
    ));

    // A key created without scopes reaches scoped and unscoped operations.
    let everything = trust_key_scopes!(
        Client::new(transport(&server, server.admin_key())),
        unscoped_key
    );
    everything.get_orgs(&Default::default()).await.unwrap();
    everything
        .get_policies(&org, &Default::default())
        .await
        .unwrap();

    // Unknown and revoked keys: 401.
    let unknown = trust_key_scopes!(
        Client::new(transport(&server, ApiKey::new("not-a-key"))),
        unscoped_key
    );
    assert!(matches!(
        unknown.get_orgs(&Default::default()).await,
        Err(Error::Unauthorized { .. })
    ));
    let created = everything
        .create_api_key(
            &org,
            "temp",
            "2027-01-01T00:00:00Z",
            "ari:x",
            &["read:domains:admin".to_owned()],
            &[],
        )
        .await
        .unwrap();
    let temp = trust_key_scopes!(
        Client::new(transport(&server, created.token.clone().into())),
        "read:domains:admin"
    );
    temp.get_domains(&org, &Default::default()).await.unwrap();
    everything.revoke_api_key(&org, &created.id).await.unwrap();
    assert!(matches!(
        temp.get_domains(&org, &Default::default()).await,
        Err(Error::Unauthorized { .. })
    ));
    // The secret never shows in errors.
    let err = temp
        .get_domains(&org, &Default::default())
        .await
        .unwrap_err();
    assert!(!format!("{err} {err:?}").contains(created.token.expose()));
}
