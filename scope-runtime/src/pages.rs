//! Pagination: every paged list operation gets a helper that yields all items across pages as
//! a [`Pages`] stream, following a cursor ([`Page`]) or offsets ([`OffsetPage`]: Jira's
//! `startAt` and `maxResults`, Confluence's `start` and `limit`).
//!
//! A `next` link in a page (Confluence's `_links.next`, relative to the site) is read, never
//! requested: the next page is the same operation again with the link's `cursor` or `start`,
//! so every request goes to the client's own base URL through the operation's checked path,
//! whatever host or path a link names.

use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::stream::{self, Stream, StreamExt};

use crate::error::Error;
use crate::transport::Call;

/// A page of a cursor-paged list: its items and the cursor of the next page, if any.
/// Generated code implements this for each page type.
pub trait Page {
    /// What the page lists.
    type Item;
    /// The items, and the next page's cursor (`None` on the last page).
    fn into_parts(self) -> (Vec<Self::Item>, Option<String>);
}

/// A page of an offset-paged list (Jira's `startAt`/`maxResults`, Confluence's
/// `start`/`limit`): its items, and what the server says about where it stands. Generated code implements this for each page type.
pub trait OffsetPage {
    /// What the page lists.
    type Item;
    /// The items, and where the page stands.
    fn into_parts(self) -> (Vec<Self::Item>, Offsets);
}

/// A page that is a bare array (Jira's user searches): it says nothing about where it stands,
/// so paging ends with an empty page. (A page may hold fewer items than asked for even when
/// more follow: Jira drops the users the caller may not see.)
impl<T> OffsetPage for Vec<T> {
    type Item = T;

    fn into_parts(self) -> (Vec<T>, Offsets) {
        (self, Offsets::default())
    }
}

/// A page the document gives no schema for (Jira Software's lists, documented by example
/// only), read as Jira's pages are: the items are its `values`, `issues` or `results` array
/// (or its one array), and `startAt`, `total` and `isLast` say where it stands.
impl OffsetPage for serde_json::Value {
    type Item = serde_json::Value;

    fn into_parts(self) -> (Vec<Self::Item>, Offsets) {
        let serde_json::Value::Object(mut page) = self else {
            return (Vec::new(), Offsets::default());
        };
        let offsets = Offsets {
            start_at: page.get("startAt").and_then(serde_json::Value::as_i64),
            total: page.get("total").and_then(serde_json::Value::as_i64),
            is_last: page.get("isLast").and_then(serde_json::Value::as_bool),
            next_start: None,
        };
        let named = ["values", "issues", "results"]
            .into_iter()
            .find(|name| page.get(*name).is_some_and(serde_json::Value::is_array));
        let arrays = || page.iter().filter(|(_, v)| v.is_array()).map(|(k, _)| k);
        let key = named.map(str::to_owned).or_else(|| {
            (arrays().count() == 1)
                .then(|| arrays().next().cloned())
                .flatten()
        });
        let items = match key.and_then(|key| page.remove(&key)) {
            Some(serde_json::Value::Array(items)) => items,
            _ => Vec::new(),
        };
        (items, offsets)
    }
}

/// What an offset-paged answer says about itself; each is optional, as the documents have it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Offsets {
    /// The offset of its first item (`startAt`).
    pub start_at: Option<i64>,
    /// How many items there are in all (`total`).
    pub total: Option<i64>,
    /// Whether it is the last page (Jira's `isLast`; for Confluence, whether `_links` lacks
    /// a `next`).
    pub is_last: Option<bool>,
    /// Where the server's `next` link says the next page starts (the `start` in Confluence's
    /// `_links.next`).
    pub next_start: Option<i64>,
}

/// The cursor in a page's `next` link, which Atlassian gives either as the cursor itself or as
/// a URL with a `cursor` query parameter.
pub fn cursor_from_next(next: &str) -> String {
    let Some(query) = next.split_once('?').map(|(_, q)| q) else {
        return next.to_owned();
    };
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("cursor="))
        .map_or_else(|| next.to_owned(), decode_query_component)
}

/// The value of the query parameter `name` in a link, absolute (`https://…/wiki/rest/api/
/// content?start=25`) or relative (`/rest/api/content?start=25&limit=25`), decoded; `None`
/// where the link has no such parameter.
pub fn link_query(link: &str, name: &str) -> Option<String> {
    let query = link.split_once('?')?.1;
    let query = query.split_once('#').map_or(query, |(q, _)| q);
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (decode_query_component(key) == name).then(|| decode_query_component(value))
    })
}

/// Decodes one component of a query string: `%XX` escapes, and `+` as a space.
pub fn decode_query_component(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match u8::from_str_radix(&s[i + 1..i + 3], 16) {
                Ok(b) => {
                    out.push(b);
                    i += 3;
                    continue;
                }
                Err(_) => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// All items of a paged list, fetched page by page as the stream is polled. Stops after the
/// last page, after an error, or if the server hands back the same cursor twice.
#[must_use = "streams do nothing unless polled"]
pub struct Pages<'a, T> {
    inner: Pin<Box<dyn Stream<Item = Result<T, Error>> + Send + 'a>>,
}

impl<T> fmt::Debug for Pages<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pages")
    }
}

impl<T> Stream for Pages<'_, T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<'a, T: Send + 'a> Pages<'a, T> {
    /// Follows cursors from the page at `start` (`None`: the first page) to the last.
    pub fn new<P, F>(start: Option<String>, fetch: F) -> Self
    where
        P: Page<Item = T> + Send + 'a,
        F: FnMut(Option<String>) -> Call<'a, P> + Send + 'a,
    {
        Self::walk(start, fetch, |cursor: &Option<String>, page: P| {
            let (items, next) = page.into_parts();
            let go_on = next.is_some() && next != *cursor;
            (items, go_on.then_some(next))
        })
    }

    /// Follows offsets from `start_at`: each page starts where its `next` link says, or else
    /// where the items of the one before ended, by what came back rather than by the page
    /// size asked for (Jira and Confluence cap the page size, so a page may hold fewer items
    /// than asked). Stops on the last page (`isLast`, or no `next` link), when the offset
    /// reaches `total`, on an empty page, after an error, or where a page would not move
    /// forward (a server that hands back the same page).
    pub fn offsets<P, F>(start_at: i64, fetch: F) -> Self
    where
        P: OffsetPage<Item = T> + Send + 'a,
        F: FnMut(i64) -> Call<'a, P> + Send + 'a,
    {
        Self::walk(start_at, fetch, |at: &i64, page: P| {
            let (items, offsets) = page.into_parts();
            let came = i64::try_from(items.len()).unwrap_or(i64::MAX);
            let next = offsets
                .next_start
                .unwrap_or_else(|| offsets.start_at.unwrap_or(*at).saturating_add(came));
            let done = came == 0
                || offsets.is_last == Some(true)
                || offsets.total.is_some_and(|total| next >= total)
                || next <= *at;
            (items, (!done).then_some(next))
        })
    }

    /// The one walk both styles share: fetch the page at `position`, hand out its items, and go
    /// on to the position `step` gives (`None`: that was the last page); an error ends it.
    fn walk<K, P, F, S>(position: K, fetch: F, step: S) -> Self
    where
        K: Clone + Send + 'a,
        P: Send + 'a,
        F: FnMut(K) -> Call<'a, P> + Send + 'a,
        S: FnMut(&K, P) -> (Vec<T>, Option<K>) + Send + 'a,
    {
        struct State<K, F, S, T> {
            fetch: F,
            step: S,
            position: Option<K>,
            buffer: VecDeque<T>,
        }
        let state = State {
            fetch,
            step,
            position: Some(position),
            buffer: VecDeque::new(),
        };
        let inner = stream::unfold(state, |mut state| async move {
            loop {
                if let Some(item) = state.buffer.pop_front() {
                    return Some((Ok(item), state));
                }
                let at = state.position.take()?;
                match (state.fetch)(at.clone()).await {
                    Ok(page) => {
                        let (items, next) = (state.step)(&at, page);
                        state.buffer.extend(items);
                        state.position = next;
                    }
                    Err(error) => return Some((Err(error), state)),
                }
            }
        });
        Pages {
            inner: Box::pin(inner),
        }
    }

    /// The next item, or `None` after the last.
    pub async fn next_item(&mut self) -> Option<Result<T, Error>> {
        self.next().await
    }

    /// Every item, or the first error.
    pub async fn collect_all(mut self) -> Result<Vec<T>, Error> {
        let mut all = Vec::new();
        while let Some(item) = self.next().await {
            all.push(item?);
        }
        Ok(all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_come_from_urls_or_as_they_are() {
        assert_eq!(cursor_from_next("abc"), "abc");
        assert_eq!(
            cursor_from_next("https://x.test/v1/orgs?limit=2&cursor=a%2Bb+c"),
            "a+b c"
        );
        assert_eq!(cursor_from_next("/v1/orgs?limit=2"), "/v1/orgs?limit=2");
    }

    struct TestPage(Vec<u32>, Option<String>);

    impl Page for TestPage {
        type Item = u32;
        fn into_parts(self) -> (Vec<u32>, Option<String>) {
            (self.0, self.1)
        }
    }

    fn call(page: TestPage) -> Call<'static, TestPage> {
        Call::ready(Ok(page))
    }

    /// A list of `len` items served `cap` at a time at most (as Jira caps `maxResults`), with
    /// what the answer says about itself chosen per test.
    struct Offset(Vec<i64>, Offsets);

    impl OffsetPage for Offset {
        type Item = i64;
        fn into_parts(self) -> (Vec<i64>, Offsets) {
            (self.0, self.1)
        }
    }

    fn serve(
        len: i64,
        cap: i64,
        total: bool,
        is_last: bool,
    ) -> impl FnMut(i64) -> Call<'static, Offset> {
        move |at| {
            let items: Vec<i64> = (at..(at + cap).min(len)).collect();
            let offsets = Offsets {
                start_at: Some(at),
                total: total.then_some(len),
                is_last: is_last.then_some(at + cap >= len),
                next_start: None,
            };
            Call::ready(Ok(Offset(items, offsets)))
        }
    }

    #[tokio::test]
    async fn offsets_advance_by_what_came_back_and_stop_at_the_end() {
        // `total`, `isLast`, or neither (then an empty page ends it); pages capped at 7.
        for (total, is_last) in [(true, false), (false, true), (true, true), (false, false)] {
            let all = Pages::offsets(0, serve(23, 7, total, is_last))
                .collect_all()
                .await
                .unwrap();
            assert_eq!(
                all,
                (0..23).collect::<Vec<_>>(),
                "total {total}, isLast {is_last}"
            );
        }
        let from = Pages::offsets(20, serve(23, 7, true, false))
            .collect_all()
            .await
            .unwrap();
        assert_eq!(from, vec![20, 21, 22]);
    }

    #[test]
    fn link_parameters_come_from_relative_and_absolute_links() {
        let relative = "/rest/api/content?limit=25&start=50&expand=a%2Cb";
        assert_eq!(link_query(relative, "start").as_deref(), Some("50"));
        assert_eq!(link_query(relative, "expand").as_deref(), Some("a,b"));
        assert_eq!(link_query(relative, "cursor"), None);
        let cursor = "https://x.test/wiki/rest/api/search?cql=type%3Dpage&cursor=raNDoM%2B1#top";
        assert_eq!(link_query(cursor, "cursor").as_deref(), Some("raNDoM+1"));
        assert_eq!(link_query("/rest/api/content", "start"), None);
    }

    #[test]
    fn untyped_pages_are_read_as_jira_writes_them() {
        let page = serde_json::json!({
            "startAt": 2, "maxResults": 2, "total": 5, "isLast": false,
            "expand": "names", "issues": [{"key": "A-3"}, {"key": "A-4"}],
        });
        let (items, offsets) = page.into_parts();
        assert_eq!(
            items,
            vec![
                serde_json::json!({"key": "A-3"}),
                serde_json::json!({"key": "A-4"})
            ]
        );
        assert_eq!(
            offsets,
            Offsets {
                start_at: Some(2),
                total: Some(5),
                is_last: Some(false),
                next_start: None
            }
        );
        let (items, _) = serde_json::json!({"startAt": 0, "things": [1, 2]}).into_parts();
        assert_eq!(items, vec![serde_json::json!(1), serde_json::json!(2)]);
        let (items, offsets) = serde_json::json!("not a page").into_parts();
        assert!(items.is_empty());
        assert_eq!(offsets, Offsets::default());
    }

    #[tokio::test]
    async fn a_next_link_says_where_the_next_page_starts() {
        // Confluence's `start`/`limit`: pages of 3 from 0, whose `next` links skip to 10, then
        // end (no link) at 12.
        let fetch = |at: i64| {
            let (items, next_start) = match at {
                0 => (vec![0, 1, 2], Some(10)),
                10 => (vec![10, 11], None),
                other => panic!("asked for {other}"),
            };
            Call::ready(Ok(Offset(
                items,
                Offsets {
                    start_at: Some(at),
                    total: None,
                    is_last: Some(next_start.is_none()),
                    next_start,
                },
            )))
        };
        let items = Pages::offsets(0, fetch).collect_all().await.unwrap();
        assert_eq!(items, vec![0, 1, 2, 10, 11]);

        // A link back to where it was is not followed twice.
        let back = |_at: i64| {
            Call::ready(Ok(Offset(
                vec![5],
                Offsets {
                    start_at: Some(0),
                    total: None,
                    is_last: Some(false),
                    next_start: Some(0),
                },
            )))
        };
        let items = Pages::offsets(0, back).collect_all().await.unwrap();
        assert_eq!(items, vec![5]);
    }

    #[tokio::test]
    async fn a_server_that_hands_back_the_same_page_is_left() {
        let same = |_at: i64| {
            Call::ready(Ok(Offset(
                vec![1, 2],
                Offsets {
                    start_at: Some(0),
                    total: None,
                    is_last: None,
                    next_start: None,
                },
            )))
        };
        let items = Pages::offsets(2, same).collect_all().await.unwrap();
        // The first page said it starts at 0 and holds 2: the next offset, 2, is no further
        // than where it asked, so it stops.
        assert_eq!(items, vec![1, 2]);
    }

    #[tokio::test]
    async fn pages_are_followed_to_the_last_and_a_repeated_cursor_stops() {
        let mut seen = Vec::new();
        let items = Pages::new(None, |cursor: Option<String>| {
            seen.push(cursor.clone());
            call(match cursor.as_deref() {
                None => TestPage(vec![1, 2], Some("a".into())),
                Some("a") => TestPage(vec![], Some("b".into())),
                _ => TestPage(vec![3], None),
            })
        })
        .collect_all()
        .await
        .unwrap();
        assert_eq!(items, [1, 2, 3]);

        let from_b = Pages::new(Some("b".into()), |cursor: Option<String>| {
            call(match cursor.as_deref() {
                Some("b") => TestPage(vec![3], Some("c".into())),
                Some("c") => TestPage(vec![4], None),
                other => panic!("started at {other:?}"),
            })
        })
        .collect_all()
        .await
        .unwrap();
        assert_eq!(from_b, [3, 4], "a start cursor is where paging begins");

        let looping = Pages::new(None, |_| call(TestPage(vec![7], Some("same".into()))))
            .collect_all()
            .await
            .unwrap();
        assert_eq!(
            looping,
            [7, 7],
            "the second identical cursor ends the stream"
        );
    }
}
