//! Cases across several connections: blocking pops and stream reads
//! served by another client, pub/sub, transactions with WATCH, keyspace notifications,
//! CLIENT KILL/UNBLOCK/LIST/PAUSE and MONITOR.
//!
//! Every case ends with each connection back in plain mode (nothing
//! blocked, subscribed or queued), so the runner's trailing PING on each
//! one answers `+PONG`. Keys start with `mc:` and are deleted at the end.

mod blocking;
mod clients;
mod notifications;
mod pubsub;
mod scripting;
mod streams;
mod transactions;

use crate::case::Case;

/// How long a connection must stay silent after sending a blocking
/// command: proves it blocked, and gives the server time to register it
/// before another connection pushes (the order clients block in is
/// observable, so it must be settled first).
const SETTLE_MS: u64 = 100;

/// Every multi-connection case.
pub fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    cases.extend(blocking::cases());
    cases.extend(streams::cases());
    cases.extend(pubsub::cases());
    cases.extend(transactions::cases());
    cases.extend(notifications::cases());
    cases.extend(clients::cases());
    cases.extend(scripting::cases());
    cases
}

/// `$n` and the text.
fn bulk(s: &str) -> String {
    format!("${}\r\n{s}\r\n", s.len())
}

/// `*n` followed by one bulk string per item.
fn bulks(items: &[&str]) -> String {
    let mut out = format!("*{}\r\n", items.len());
    for item in items {
        out += &bulk(item);
    }
    out
}

/// A pub/sub push: `*n` in RESP2 or `>n` in RESP3, of bulk strings.
fn push(resp3: bool, items: &[&str]) -> String {
    let mut out = format!("{}{}\r\n", if resp3 { '>' } else { '*' }, items.len());
    for item in items {
        out += &bulk(item);
    }
    out
}

/// A (un)subscribe confirmation: kind, channel (None: the null that
/// UNSUBSCRIBE without arguments answers when nothing was subscribed),
/// and the connection's subscription count after it.
fn confirm(resp3: bool, kind: &str, channel: Option<&str>, count: i64) -> String {
    let channel = match (channel, resp3) {
        (Some(c), _) => bulk(c),
        (None, true) => "_\r\n".to_string(),
        (None, false) => "$-1\r\n".to_string(),
    };
    format!(
        "{}3\r\n{}{channel}:{count}\r\n",
        if resp3 { '>' } else { '*' },
        bulk(kind)
    )
}
