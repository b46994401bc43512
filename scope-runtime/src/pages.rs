//! Cursor pagination: every paged list operation gets a helper that yields all items across
//! pages as a [`Pages`] stream.

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
        struct State<F, T> {
            fetch: F,
            cursor: Option<String>,
            buffer: VecDeque<T>,
            done: bool,
        }
        let state = State {
            fetch,
            cursor: start,
            buffer: VecDeque::new(),
            done: false,
        };
        let inner = stream::unfold(state, |mut state| async move {
            loop {
                if let Some(item) = state.buffer.pop_front() {
                    return Some((Ok(item), state));
                }
                if state.done {
                    return None;
                }
                match (state.fetch)(state.cursor.clone()).await {
                    Ok(page) => {
                        let (items, next) = page.into_parts();
                        state.buffer.extend(items);
                        state.done = next.is_none() || next == state.cursor;
                        state.cursor = next;
                    }
                    Err(error) => {
                        state.done = true;
                        return Some((Err(error), state));
                    }
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
