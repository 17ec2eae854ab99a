//! Direct access: seeding and checking data without a client of the test's
//! own. Each method runs the real command on the server's internal
//! direct-access client (SELECT first), so it behaves exactly as the core
//! does, expiry included; and it does not count in `command_count`.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use crate::reply::Reply;
use crate::shared::Internal;
use crate::Server;

/// One database of a [`Server`] (`server.db(n)`); the same methods on the
/// `Server` act on database 0.
///
/// The methods panic when the server answers an error (a key of the wrong
/// type, say): in a test that is the failure to report. Values are taken
/// as bytes and returned as text; use [`Server::exec`] for binary values.
/// Being commands of a client, they wait while CLIENT PAUSE holds clients.
#[derive(Clone, Copy)]
pub struct Db<'a> {
    pub(crate) server: &'a Server,
    pub(crate) index: usize,
}

impl Db<'_> {
    /// The database number.
    pub fn index(&self) -> usize {
        self.index
    }

    fn run<A: AsRef<[u8]>>(&self, args: &[A]) -> Reply {
        let reply = self
            .server
            .shared
            .exec(Internal::Direct, Some(self.index), args);
        if let Reply::Error(e) = &reply {
            let command: Vec<String> = args
                .iter()
                .map(|a| String::from_utf8_lossy(a.as_ref()).into_owned())
                .collect();
            panic!("miniredis-embedded: {command:?} on db {}: {e}", self.index);
        }
        reply
    }

    /// GET: the string value, `None` when the key does not exist.
    pub fn get(&self, key: impl AsRef<[u8]>) -> Option<String> {
        self.get_bytes(key).map(text)
    }

    /// GET, binary-safe.
    pub fn get_bytes(&self, key: impl AsRef<[u8]>) -> Option<Vec<u8>> {
        match self.run(&[b"GET".as_slice(), key.as_ref()]) {
            Reply::Bulk(value) => Some(value),
            _ => None,
        }
    }

    /// SET without options: the key holds `value`, with no expiry.
    pub fn set(&self, key: impl AsRef<[u8]>, value: impl AsRef<[u8]>) {
        self.run(&[b"SET".as_slice(), key.as_ref(), value.as_ref()]);
    }

    /// PEXPIRE: the key expires `ttl` from now (on the server's clock);
    /// false when there is no such key.
    pub fn set_ttl(&self, key: impl AsRef<[u8]>, ttl: Duration) -> bool {
        let ms = ttl.as_millis().to_string();
        self.run(&[b"PEXPIRE".as_slice(), key.as_ref(), ms.as_bytes()]) == Reply::Integer(1)
    }

    /// DEL: whether the key existed.
    pub fn del(&self, key: impl AsRef<[u8]>) -> bool {
        self.run(&[b"DEL".as_slice(), key.as_ref()]) == Reply::Integer(1)
    }

    /// EXISTS.
    pub fn exists(&self, key: impl AsRef<[u8]>) -> bool {
        self.run(&[b"EXISTS".as_slice(), key.as_ref()]) == Reply::Integer(1)
    }

    /// Every key of the database, sorted.
    pub fn keys(&self) -> Vec<String> {
        let mut keys = strings(self.run(&["KEYS", "*"]));
        keys.sort();
        keys
    }

    /// The time the key has left (PTTL): `None` when it does not exist or
    /// has no expiry.
    pub fn ttl(&self, key: impl AsRef<[u8]>) -> Option<Duration> {
        match self.run(&[b"PTTL".as_slice(), key.as_ref()]) {
            Reply::Integer(ms) if ms >= 0 => Some(Duration::from_millis(ms as u64)),
            _ => None,
        }
    }

    /// FLUSHDB: empties this database.
    pub fn flush_db(&self) {
        self.run(&["FLUSHDB"]);
    }

    /// FLUSHALL: empties every database, not only this one.
    pub fn flush_all(&self) {
        self.run(&["FLUSHALL"]);
    }

    /// LRANGE with Redis's indexes (`0, -1`: the whole list).
    pub fn lrange(&self, key: impl AsRef<[u8]>, start: i64, stop: i64) -> Vec<String> {
        let (start, stop) = (start.to_string(), stop.to_string());
        strings(self.run(&[
            b"LRANGE".as_slice(),
            key.as_ref(),
            start.as_bytes(),
            stop.as_bytes(),
        ]))
    }

    /// HGETALL, sorted by field.
    pub fn hgetall(&self, key: impl AsRef<[u8]>) -> BTreeMap<String, String> {
        match self.run(&[b"HGETALL".as_slice(), key.as_ref()]) {
            Reply::Map(pairs) => pairs
                .into_iter()
                .map(|(field, value)| (string(field), string(value)))
                .collect(),
            other => unexpected("HGETALL", &other),
        }
    }

    /// SMEMBERS, sorted.
    pub fn smembers(&self, key: impl AsRef<[u8]>) -> BTreeSet<String> {
        strings(self.run(&[b"SMEMBERS".as_slice(), key.as_ref()]))
            .into_iter()
            .collect()
    }

    /// ZRANGE ... WITHSCORES by rank (`0, -1`: all), lowest score first.
    pub fn zrange_with_scores(
        &self,
        key: impl AsRef<[u8]>,
        start: i64,
        stop: i64,
    ) -> Vec<(String, f64)> {
        let (start, stop) = (start.to_string(), stop.to_string());
        let args = [
            b"ZRANGE".as_slice(),
            key.as_ref(),
            start.as_bytes(),
            stop.as_bytes(),
            b"WITHSCORES",
        ];
        match self.run(&args) {
            // RESP3: one [member, score] pair per member.
            Reply::Array(pairs) => pairs
                .into_iter()
                .map(|pair| match pair {
                    Reply::Array(mut two) if two.len() == 2 => {
                        let score = match two.pop() {
                            Some(Reply::Double(score)) => score,
                            other => unexpected("ZRANGE score", &other.unwrap_or(Reply::Nil)),
                        };
                        (two.pop().map(string).unwrap_or_default(), score)
                    }
                    other => unexpected("ZRANGE", &other),
                })
                .collect(),
            other => unexpected("ZRANGE", &other),
        }
    }
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| {
        panic!("miniredis-embedded: a value is not UTF-8 ({e}); read it with exec")
    })
}

fn string(reply: Reply) -> String {
    match reply {
        Reply::Bulk(bytes) => text(bytes),
        Reply::Status(s) => s,
        other => unexpected("a string", &other),
    }
}

fn strings(reply: Reply) -> Vec<String> {
    match reply {
        Reply::Array(items) | Reply::Set(items) => items.into_iter().map(string).collect(),
        other => unexpected("an array", &other),
    }
}

fn unexpected(what: &str, reply: &Reply) -> ! {
    panic!("miniredis-embedded: unexpected reply for {what}: {reply}")
}
