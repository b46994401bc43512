//! Retries on 429 and 503 with bounded attempts, timeouts, pagination to the last page, and
//! 200 concurrent writes without a lost one.

use std::time::Duration;

use cloud_admin::{Client, Error, RetryPolicy, Transport, params, trust_key_scopes, types};
use cloud_admin_server::{Config, Fault, Server};

fn quick_retries() -> RetryPolicy {
    RetryPolicy {
        max_retries: 3,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_secs(2),
    }
}

macro_rules! client {
    ($server:expr) => {
        trust_key_scopes!(
            Client::new(
                Transport::builder()
                    .base_url($server.url())
                    .api_key($server.admin_key())
                    .retry(quick_retries())
                    .build()
                    .unwrap()
            ),
            unscoped_key
        )
    };
}

#[tokio::test]
async fn rate_limits_are_retried_after_retry_after() {
    let server = Server::start().await.unwrap();
    let client = client!(server);
    server.inject(
        Fault::RateLimited {
            retry_after_secs: 1,
        },
        1,
    );
    let started = std::time::Instant::now();
    client.get_orgs(&Default::default()).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited for Retry-After"
    );
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn retries_are_bounded() {
    let server = Server::start().await.unwrap();
    let client = client!(server);
    server.inject(
        Fault::RateLimited {
            retry_after_secs: 0,
        },
        10,
    );
    match client.get_orgs(&Default::default()).await {
        Err(Error::RateLimited { retry_after, .. }) => {
            assert_eq!(retry_after, Some(Duration::ZERO))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.requests(), 4, "one attempt and three retries");
}

#[tokio::test]
async fn unavailability_is_retried_only_for_idempotent_methods() {
    let server = Server::start().await.unwrap();
    let org = server.org_id().to_owned();
    let client = client!(server);
    server.inject(Fault::Unavailable, 2);
    client.get_domains(&org, &Default::default()).await.unwrap();
    assert_eq!(server.requests(), 3, "GET: two 503s, then success");

    server.inject(Fault::Unavailable, 1);
    let level = types::LevelInput {
        name: "Once".into(),
        definition: None,
        guideline: None,
        color: None,
    };
    match client.create_classification_level(&org, &level).await {
        Err(Error::Server { status: 503, .. }) => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(server.requests(), 4, "POST: not repeated");
    let names: Vec<String> = client
        .get_classification_levels(&org, &Default::default())
        .await
        .unwrap()
        .levels
        .into_iter()
        .map(|l| l.name)
        .collect();
    assert!(
        !names.contains(&"Once".to_owned()),
        "the failed POST created nothing"
    );
}

#[tokio::test]
async fn slow_answers_time_out() {
    let server = Server::start().await.unwrap();
    let client = trust_key_scopes!(
        Client::new(
            Transport::builder()
                .base_url(server.url())
                .api_key(server.admin_key())
                .timeout(Duration::from_millis(200))
                .build()
                .unwrap()
        ),
        unscoped_key
    );
    server.inject(Fault::Delay(Duration::from_secs(2)), 1);
    let err = client.get_orgs(&Default::default()).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::TimedOut {
                operation: "getOrgs",
                timeout
            } if timeout == Duration::from_millis(200)
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "getOrgs: timed out after 200ms without a complete answer"
    );
}

#[tokio::test]
async fn pagination_reaches_the_last_page() {
    let config = Config {
        page_size: 2,
        ..Config::default()
    };
    let server = Server::start_with(config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let org = server.org_id().to_owned();
    let client = client!(server);
    let first = client
        .get_policies(&org, &Default::default())
        .await
        .unwrap();
    assert_eq!(first.data.as_ref().map(Vec::len), Some(2));
    assert!(first.links.and_then(|l| l.next).is_some());
    let before = server.requests();
    let all = client
        .get_policies_pages(&org, &params::GetPolicies::default())
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all.len(), 5);
    assert_eq!(server.requests() - before, 3, "pages of 2, 2 and 1");
    let ids: std::collections::BTreeSet<String> = all.into_iter().map(|p| p.id).collect();
    assert_eq!(ids.len(), 5, "no item twice");
    // The same for a list with another shape (`levels` instead of `data`).
    let levels = client
        .get_classification_levels_pages(&org, &Default::default())
        .collect_all()
        .await
        .unwrap();
    assert_eq!(levels.len(), 3);
}

#[tokio::test]
async fn two_hundred_concurrent_writes_lose_nothing() {
    let server = Server::start().await.unwrap();
    let org = server.org_id().to_owned();
    let client = client!(server);
    let writes = (0..200).map(|i| {
        let client = client.clone();
        let org = org.clone();
        tokio::spawn(async move {
            let input = types::PolicyCreateInput {
                data: types::PolicyCreateInputData {
                    r#type: types::PolicyCreateInputDataType::Policy,
                    attributes: types::PolicyInputAttributes {
                        r#type: types::PolicyInputAttributesType::DataResidency,
                        name: Some(format!("policy {i}")),
                        status: None,
                        rule: None,
                        resources: None,
                    },
                },
            };
            client
                .create_policy(&org, &input)
                .await
                .map(|p| p.data.map(|d| d.id))
        })
    });
    let mut ids = std::collections::BTreeSet::new();
    for write in writes.collect::<Vec<_>>() {
        ids.insert(write.await.unwrap().unwrap().unwrap());
    }
    assert_eq!(ids.len(), 200, "every write got its own ID");
    let stored = server.snapshot()["policies"].as_array().unwrap().len();
    assert_eq!(stored, 205, "5 seeded + 200 written");
}
