//! A fault-injecting HTTP proxy for the tests, in front of the moto server. It reads each request
//! (AWS JSON protocols: the operation is in `X-Amz-Target`), counts it, and either forwards it or
//! answers with the fault a rule names: throttling (400 and 429), 500/503, latency, a connection
//! that accepts and never answers, a reset in the middle of the body, a truncated JSON body, an
//! expired token, or any error code. Rules can be changed while a session runs.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, Clone)]
pub enum Fault {
    /// HTTP 400 ThrottlingException.
    Throttle,
    /// HTTP 429 TooManyRequestsException.
    TooMany,
    /// HTTP 500 InternalFailure.
    Internal,
    /// HTTP 503 ServiceUnavailable.
    Unavailable,
    /// Forward after this long.
    Latency(Duration),
    /// Accept, read the request, and never answer (the connection is held open).
    BlackHole,
    /// Send the headers and half the body, then reset the connection.
    ResetMidBody,
    /// Send only the first half of the JSON body, with a Content-Length that matches it.
    Truncated,
    /// HTTP 400 ExpiredTokenException.
    ExpiredToken,
    /// HTTP 400 with this error code (`AccessDeniedException`, `LimitExceededException`, …).
    Error(&'static str),
    /// HTTP 200 with this JSON body (an operation moto does not implement).
    Answer(String),
    /// Forward, then change the JSON body of the answer (a field moto leaves out).
    Rewrite(fn(&str) -> String),
}

impl Fault {
    pub fn name(&self) -> String {
        match self {
            Fault::Latency(d) => format!("latency {}ms", d.as_millis()),
            Fault::Error(code) => code.to_string(),
            Fault::Answer(_) => "answer".into(),
            Fault::Rewrite(_) => "rewrite".into(),
            other => format!("{other:?}"),
        }
    }
}

/// Which requests a fault applies to.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Operations (the part of `X-Amz-Target` after the dot) it applies to; empty: all.
    pub ops: Vec<&'static str>,
    pub fault: Fault,
    /// Applies to this many requests, then retires; `None`: until removed.
    pub times: Option<u32>,
}

impl Rule {
    pub fn all(fault: Fault) -> Self {
        Self {
            ops: Vec::new(),
            fault,
            times: None,
        }
    }

    pub fn on(ops: &[&'static str], fault: Fault) -> Self {
        Self {
            ops: ops.to_vec(),
            fault,
            times: None,
        }
    }
}

#[derive(Default)]
struct State {
    rules: Vec<Rule>,
    /// Every request by operation.
    seen: BTreeMap<String, u32>,
    /// Requests in order, with the fault given (if any).
    log: Vec<(String, Option<String>)>,
    /// Request bodies in order, by operation.
    bodies: Vec<(String, String)>,
    injected: u32,
}

#[derive(Clone)]
pub struct FaultProxy {
    pub url: String,
    state: Arc<Mutex<State>>,
}

impl FaultProxy {
    pub fn start(upstream: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy");
        let url = format!("http://{}", listener.local_addr().expect("proxy address"));
        let upstream = upstream
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        let state = Arc::new(Mutex::new(State::default()));
        let s = state.clone();
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let (s, upstream) = (s.clone(), upstream.clone());
                std::thread::spawn(move || serve(client, &upstream, &s));
            }
        });
        Self { url, state }
    }

    /// Replace the rules.
    pub fn set(&self, rules: Vec<Rule>) {
        self.state.lock().unwrap().rules = rules;
    }

    pub fn clear(&self) {
        self.set(Vec::new());
    }

    /// How many requests of this operation were seen (faulted or not).
    pub fn count(&self, op: &str) -> u32 {
        self.state
            .lock()
            .unwrap()
            .seen
            .get(op)
            .copied()
            .unwrap_or(0)
    }

    pub fn counts(&self) -> BTreeMap<String, u32> {
        self.state.lock().unwrap().seen.clone()
    }

    pub fn total(&self) -> u32 {
        self.state.lock().unwrap().seen.values().sum()
    }

    pub fn injected(&self) -> u32 {
        self.state.lock().unwrap().injected
    }

    /// The bodies of the requests of this operation, in order.
    pub fn bodies(&self, op: &str) -> Vec<String> {
        self.state
            .lock()
            .unwrap()
            .bodies
            .iter()
            .filter(|(o, _)| o == op)
            .map(|(_, b)| b.clone())
            .collect()
    }

    /// Every request in order: operation, and the fault it got.
    pub fn log(&self) -> Vec<(String, Option<String>)> {
        self.state.lock().unwrap().log.clone()
    }
}

struct Request {
    head: Vec<u8>,
    body: Vec<u8>,
    op: String,
}

fn read_request(r: &mut BufReader<TcpStream>) -> Option<Request> {
    let mut head = Vec::new();
    let mut length = 0usize;
    let mut op = String::new();
    loop {
        let mut line = Vec::new();
        if r.read_until(b'\n', &mut line).ok()? == 0 {
            return None;
        }
        head.extend_from_slice(&line);
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end();
        if text.is_empty() {
            break;
        }
        // Smithy RPCv2 CBOR (the SDK's CloudWatch) names it in the path:
        // `POST /service/GraniteServiceVersion20100801/operation/GetMetricData HTTP/1.1`.
        if let Some(rest) = text
            .split_whitespace()
            .nth(1)
            .and_then(|p| p.split_once("/operation/"))
        {
            op = rest.1.to_string();
            continue;
        }
        if let Some((name, value)) = text.split_once(':') {
            let value = value.trim();
            if name.eq_ignore_ascii_case("content-length") {
                length = value.parse().unwrap_or(0);
            } else if name.eq_ignore_ascii_case("x-amz-target") {
                op = value.rsplit('.').next().unwrap_or_default().to_string();
            }
        }
    }
    let mut body = vec![0u8; length];
    r.read_exact(&mut body).ok()?;
    if op.is_empty() {
        // Query-protocol services name the action in the form body.
        let form = String::from_utf8_lossy(&body);
        op = form
            .split('&')
            .find_map(|kv| kv.strip_prefix("Action="))
            .unwrap_or("unknown")
            .to_string();
    }
    Some(Request { head, body, op })
}

fn error_response(status: u16, reason: &str, code: &str, message: &str) -> Vec<u8> {
    let body = format!(r#"{{"__type":"{code}","message":"{message}"}}"#);
    format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/x-amz-json-1.1\r\nx-amzn-ErrorType: {code}\r\nx-amzn-RequestId: fault-proxy\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn ec2_error_response(code: &str) -> Vec<u8> {
    let body = format!("<Response><Errors><Error><Code>{code}</Code><Message>injected by the test proxy</Message></Error></Errors><RequestID>fault-proxy</RequestID></Response>");
    format!(
        "HTTP/1.1 403 Forbidden\r\nContent-Type: text/xml;charset=UTF-8\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Forward one request on a fresh upstream connection and read the whole answer back: status
/// line and headers, and the body (by Content-Length, chunked, or to the end).
fn forward(upstream: &str, req: &Request) -> Option<(Vec<u8>, Vec<u8>, bool)> {
    let mut up = TcpStream::connect(upstream).ok()?;
    up.set_read_timeout(Some(Duration::from_secs(120))).ok()?;
    up.write_all(&req.head).ok()?;
    up.write_all(&req.body).ok()?;
    let mut r = BufReader::new(up);
    let mut head = Vec::new();
    let mut length: Option<usize> = None;
    let mut chunked = false;
    loop {
        let mut line = Vec::new();
        if r.read_until(b'\n', &mut line).ok()? == 0 {
            return None;
        }
        let text = String::from_utf8_lossy(&line).trim_end().to_string();
        if text.is_empty() {
            break;
        }
        if let Some((name, value)) = text.split_once(':') {
            let value = value.trim();
            if name.eq_ignore_ascii_case("content-length") {
                length = value.parse().ok();
                continue;
            }
            if name.eq_ignore_ascii_case("transfer-encoding") {
                chunked = value.eq_ignore_ascii_case("chunked");
                continue;
            }
            if name.eq_ignore_ascii_case("connection") {
                continue;
            }
        }
        head.extend_from_slice(&line);
    }
    let mut body = Vec::new();
    let mut close = false;
    if let Some(n) = length {
        body = vec![0u8; n];
        r.read_exact(&mut body).ok()?;
    } else if chunked {
        loop {
            let mut size = String::new();
            r.read_line(&mut size).ok()?;
            let n = usize::from_str_radix(size.trim().split(';').next()?, 16).ok()?;
            let mut chunk = vec![0u8; n + 2];
            r.read_exact(&mut chunk).ok()?;
            body.extend_from_slice(&chunk[..n]);
            if n == 0 {
                break;
            }
        }
    } else {
        let _ = r.read_to_end(&mut body);
        close = true;
    }
    Some((head, body, close))
}

fn respond(client: &mut TcpStream, head: &[u8], body: &[u8]) -> std::io::Result<()> {
    client.write_all(head)?;
    client.write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes())?;
    client.write_all(body)?;
    client.flush()
}

fn serve(client: TcpStream, upstream: &str, state: &Mutex<State>) {
    let Ok(read_half) = client.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let mut client = client;
    while let Some(req) = read_request(&mut reader) {
        let fault = {
            let mut s = state.lock().unwrap();
            *s.seen.entry(req.op.clone()).or_default() += 1;
            let body = String::from_utf8_lossy(&req.body).into_owned();
            s.bodies.push((req.op.clone(), body));
            let at = s
                .rules
                .iter()
                .position(|r| r.ops.is_empty() || r.ops.contains(&req.op.as_str()));
            let fault = at.map(|i| {
                let rule = &mut s.rules[i];
                let fault = rule.fault.clone();
                if let Some(t) = &mut rule.times {
                    *t -= 1;
                    if *t == 0 {
                        s.rules.remove(i);
                    }
                }
                fault
            });
            if fault.is_some() {
                s.injected += 1;
            }
            s.log
                .push((req.op.clone(), fault.as_ref().map(Fault::name)));
            fault
        };
        let result = match fault {
            None => pass(&mut client, upstream, &req),
            Some(Fault::Latency(d)) => {
                std::thread::sleep(d);
                pass(&mut client, upstream, &req)
            }
            Some(Fault::Throttle) => client.write_all(&error_response(
                400,
                "Bad Request",
                "ThrottlingException",
                "Rate exceeded",
            )),
            Some(Fault::TooMany) => client.write_all(&error_response(
                429,
                "Too Many Requests",
                "TooManyRequestsException",
                "Too many requests",
            )),
            Some(Fault::Internal) => client.write_all(&error_response(
                500,
                "Internal Server Error",
                "InternalFailure",
                "injected 500",
            )),
            Some(Fault::Unavailable) => client.write_all(&error_response(
                503,
                "Service Unavailable",
                "ServiceUnavailable",
                "injected 503",
            )),
            Some(Fault::ExpiredToken) => client.write_all(&error_response(
                400,
                "Bad Request",
                "ExpiredTokenException",
                "The security token included in the request is expired",
            )),
            // EC2's query protocol answers errors in its own XML.
            Some(Fault::Error(code)) if String::from_utf8_lossy(&req.body).contains("Version=2016-11-15") => {
                client.write_all(&ec2_error_response(code))
            }
            Some(Fault::Error(code)) => client.write_all(&error_response(
                400,
                "Bad Request",
                code,
                "injected by the test proxy",
            )),
            Some(Fault::BlackHole) => {
                // Hold the connection open, answering nothing, until the client gives up.
                let mut sink = [0u8; 1024];
                let _ = client.set_read_timeout(Some(Duration::from_secs(60)));
                while matches!(client.read(&mut sink), Ok(n) if n > 0) {}
                return;
            }
            Some(Fault::ResetMidBody) => {
                if let Some((head, body, _)) = forward(upstream, &req) {
                    let _ = client.write_all(&head);
                    let _ = client
                        .write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
                    let _ = client.write_all(&body[..body.len() / 2]);
                    let _ = client.flush();
                }
                let _ = client.shutdown(Shutdown::Both);
                return;
            }
            Some(Fault::Answer(body)) => client.write_all(
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: {}\r\n\r\n{body}",
                    body.len()
                )
                .as_bytes(),
            ),
            Some(Fault::Rewrite(change)) => match forward(upstream, &req) {
                Some((head, body, _)) => {
                    let changed = change(&String::from_utf8_lossy(&body));
                    respond(&mut client, &head, changed.as_bytes())
                }
                None => return,
            },
            Some(Fault::Truncated) => match forward(upstream, &req) {
                Some((head, body, _)) => respond(&mut client, &head, &body[..body.len() / 2]),
                None => return,
            },
        };
        if result.is_err() {
            return;
        }
    }
}

fn pass(client: &mut TcpStream, upstream: &str, req: &Request) -> std::io::Result<()> {
    match forward(upstream, req) {
        Some((head, body, close)) => {
            respond(client, &head, &body)?;
            if close {
                let _ = client.shutdown(Shutdown::Both);
                return Err(std::io::Error::other("upstream closed"));
            }
            Ok(())
        }
        None => {
            let _ = client.shutdown(Shutdown::Both);
            Err(std::io::Error::other("upstream failed"))
        }
    }
}
