//! Pagination: every paged list operation gets a helper that yields all items across pages as
//! a [`Pages`] stream, following a cursor ([`Page`]) or offsets (Jira's `startAt` and
//! `maxResults`, [`OffsetPage`]).

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

/// A page of an offset-paged list (Jira's `startAt`/`maxResults`): its items, and what the
/// server says about where it stands. Generated code implements this for each page type.
pub trait OffsetPage {
    /// What the page lists.
    type Item;
    /// The items, and where the page stands.
    fn into_parts(self) -> (Vec<Self::Item>, Offsets);
}

/// What an offset-paged answer says about itself; each is optional, as the documents have it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Offsets {
    /// The offset of its first item (`startAt`).
    pub start_at: Option<i64>,
    /// How many items there are in all (`total`).
    pub total: Option<i64>,
    /// Whether it is the last page (`isLast`).
    pub is_last: Option<bool>,
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

    /// Follows offsets from `start_at`: each page starts where the items of the one before
    /// ended, by what came back rather than by the page size asked for (Jira caps
    /// `maxResults`, so a page may hold fewer items than asked). Stops on `isLast`, when the
    /// offset reaches `total`, on an empty page, after an error, or where a page would not
    /// move forward (a server that hands back the same page).
    pub fn offsets<P, F>(start_at: i64, fetch: F) -> Self
    where
        P: OffsetPage<Item = T> + Send + 'a,
        F: FnMut(i64) -> Call<'a, P> + Send + 'a,
    {
        Self::walk(start_at, fetch, |at: &i64, page: P| {
            let (items, offsets) = page.into_parts();
            let came = i64::try_from(items.len()).unwrap_or(i64::MAX);
            let next = offsets.start_at.unwrap_or(*at).saturating_add(came);
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

    #[tokio::test]
    async fn a_server_that_hands_back_the_same_page_is_left() {
        let same = |_at: i64| {
            Call::ready(Ok(Offset(
                vec![1, 2],
                Offsets {
                    start_at: Some(0),
                    total: None,
                    is_last: None,
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
