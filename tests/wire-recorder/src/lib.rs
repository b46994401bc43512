//! A loopback recorder for the wire tests of generated clients: it answers one request (or a
//! sequence, one per connection, for paging) and hands back each request as it arrived
//! (request line, headers, body), so that tests check what a client sends rather than what
//! it was asked to send.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;

/// One request as it arrived.
pub struct Recorded {
    /// `METHOD TARGET HTTP/1.1`.
    pub request_line: String,
    /// The headers, in order, as sent.
    pub headers: Vec<(String, String)>,
    /// The body (`Content-Length` bytes).
    pub body: Vec<u8>,
}

impl Recorded {
    /// The first header named `name`, in any case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Serves one request on a free loopback port with `answer` (a JSON body, or `""`); returns
/// the base URL and a handle whose result is what arrived.
pub fn recorder(answer: &'static str) -> (String, std::thread::JoinHandle<Recorded>) {
    let (url, server) = recorder_of(vec![answer.to_owned()]);
    let one = std::thread::spawn(move || server.join().unwrap().remove(0));
    (url, one)
}

/// Serves one request per answer, in order, each on its own connection (the pages of a paged
/// list); returns the base URL and a handle whose result is every request that arrived.
pub fn recorder_of(answers: Vec<String>) -> (String, std::thread::JoinHandle<Vec<Recorded>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        answers
            .iter()
            .map(|answer| {
                let (stream, _) = listener.accept().unwrap();
                serve(stream, answer)
            })
            .collect()
    });
    (url, server)
}

fn serve(stream: std::net::TcpStream, answer: &str) -> Recorded {
    let mut reader = BufReader::new(stream);
    let mut request_line = String::new();
    reader.read_line(&mut request_line).unwrap();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').unwrap();
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .map_or(0, |(_, v)| v.parse().unwrap());
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    write!(
        reader.get_mut(),
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}",
        answer.len()
    )
    .unwrap();
    Recorded {
        request_line: request_line.trim_end().to_owned(),
        headers,
        body,
    }
}
