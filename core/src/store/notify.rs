//! Keyspace notifications (`notify-keyspace-events`), Redis 7.0's
//! semantics: the event classes, their CONFIG spelling, and the queue of
//! (channel, message) pairs a change would publish.
//!
//! The store only queues: [`Store::notify`] appends to
//! [`Store::pending_publishes`] what Redis's `notifyKeyspaceEvent` would
//! publish, in its order (`__keyspace@<db>__:<key>` with the event, then
//! `__keyevent@<db>__:<event>` with the key). Delivering them to
//! subscribers is the Pub/Sub layer's job: after each command and each
//! timer call it takes the queue with [`Store::take_publishes`].
//!
//! Two events start below the commands, inside a [`super::Db`]: `new`
//! (a key added to the map) and `expired` (lazy or active expiry). A
//! database does not know its own number, so it records them in its own
//! [`KeyEventLog`] (only while their class is on), and the store moves them
//! into the queue before anything else is queued ([`Store::flush_key_events`]),
//! so the queue keeps the order in which things happened: an `expired`
//! found by a command's lookup comes before that command's own event, as in
//! Redis. (Across two databases within one command the logs are moved in
//! database order; MOVE and COPY flush between their steps to keep it.)
//!
//! With notifications off (the default) every hook costs one test of the
//! flags and nothing is recorded.

use bytes::Bytes;

use super::Store;
use crate::compact::Key;

/// `K`: publish to `__keyspace@<db>__:<key>`.
pub(crate) const KEYSPACE: u32 = 1 << 0;
/// `E`: publish to `__keyevent@<db>__:<event>`.
pub(crate) const KEYEVENT: u32 = 1 << 1;
/// `g`: generic commands (DEL, EXPIRE, RENAME, ...).
pub(crate) const GENERIC: u32 = 1 << 2;
/// `$`: string commands.
pub(crate) const STRING: u32 = 1 << 3;
/// `l`: list commands.
pub(crate) const LIST: u32 = 1 << 4;
/// `s`: set commands.
pub(crate) const SET: u32 = 1 << 5;
/// `h`: hash commands.
pub(crate) const HASH: u32 = 1 << 6;
/// `z`: sorted set commands.
pub(crate) const ZSET: u32 = 1 << 7;
/// `x`: a key removed because its deadline passed.
pub(crate) const EXPIRED: u32 = 1 << 8;
/// `e`: a key evicted under `maxmemory`.
pub(crate) const EVICTED: u32 = 1 << 9;
/// `t`: stream commands (none exist yet; kept for CONFIG).
pub(crate) const STREAM: u32 = 1 << 10;
/// `m`: a read that found no key (`keymiss`); not part of `A`.
pub(crate) const KEY_MISS: u32 = 1 << 11;
/// `d`: module events (no modules here; kept for CONFIG).
pub(crate) const MODULE: u32 = 1 << 13;
/// `n`: a key added to the database (`new`); not part of `A`.
pub(crate) const NEW: u32 = 1 << 14;
/// `A`: alias for `g$lshzxetd`.
pub(crate) const ALL: u32 =
    GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;

/// CONFIG SET's refusal of a letter that names no class.
pub(crate) const INVALID_CLASS: &str = "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";

/// The flags a `notify-keyspace-events` value names, or `None` when a
/// character is not a class letter (Redis's `keyspaceEventsStringToFlags`:
/// letters may repeat, in any order).
pub(crate) fn parse_classes(text: &[u8]) -> Option<u32> {
    text.iter().try_fold(0, |flags, c| {
        let class = match c {
            b'A' => ALL,
            b'g' => GENERIC,
            b'$' => STRING,
            b'l' => LIST,
            b's' => SET,
            b'h' => HASH,
            b'z' => ZSET,
            b'x' => EXPIRED,
            b'e' => EVICTED,
            b'K' => KEYSPACE,
            b'E' => KEYEVENT,
            b't' => STREAM,
            b'm' => KEY_MISS,
            b'd' => MODULE,
            b'n' => NEW,
            _ => return None,
        };
        Some(flags | class)
    })
}

/// The CONFIG GET spelling of `flags`, as Redis's
/// `keyspaceEventsFlagsToString` writes it: `A` when every class of the
/// alias is on, else the classes in `g$lshzxetdn` order, then `K`, `E`,
/// `m`. (Redis prints `n` only in the second case, so `AKEn` reads back as
/// `AKE` though new-key events stay on.)
pub(crate) fn classes_text(flags: u32) -> String {
    let mut text = String::new();
    if flags & ALL == ALL {
        text.push('A');
    } else {
        for (class, letter) in [
            (GENERIC, 'g'),
            (STRING, '$'),
            (LIST, 'l'),
            (SET, 's'),
            (HASH, 'h'),
            (ZSET, 'z'),
            (EXPIRED, 'x'),
            (EVICTED, 'e'),
            (STREAM, 't'),
            (MODULE, 'd'),
            (NEW, 'n'),
        ] {
            if flags & class != 0 {
                text.push(letter);
            }
        }
    }
    for (class, letter) in [(KEYSPACE, 'K'), (KEYEVENT, 'E'), (KEY_MISS, 'm')] {
        if flags & class != 0 {
            text.push(letter);
        }
    }
    text
}

/// An event a database records itself (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KeyEvent {
    /// `new` (class `n`): a key was added to the map.
    New,
    /// `expired` (class `x`): a key was removed at its deadline.
    Expired,
}

/// The events one database recorded and not yet moved to the store's
/// queue, and which of them it records at all.
#[derive(Debug, Default)]
pub(crate) struct KeyEventLog {
    new: bool,
    expired: bool,
    events: Vec<(KeyEvent, Key)>,
}

impl KeyEventLog {
    /// Whether `new` events are recorded.
    pub fn records_new(&self) -> bool {
        self.new
    }

    /// Whether `expired` events are recorded.
    pub fn records_expired(&self) -> bool {
        self.expired
    }

    /// Records an event (the caller checked that its kind is recorded).
    pub fn push(&mut self, event: KeyEvent, key: Key) {
        self.events.push((event, key));
    }

    fn set_recording(&mut self, new: bool, expired: bool) {
        self.new = new;
        self.expired = expired;
    }

    fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    fn take(&mut self) -> Vec<(KeyEvent, Key)> {
        std::mem::take(&mut self.events)
    }
}

impl Store {
    /// Queues what Redis's `notifyKeyspaceEvent(class, event, key, db)`
    /// publishes, when `class` is on and `K` or `E` is: first the events
    /// the databases recorded meanwhile, then `__keyspace@<db>__:<key>` →
    /// `event` (with `K`) and `__keyevent@<db>__:<event>` → `key` (with
    /// `E`). One test of the flags when notifications are off.
    #[inline]
    pub fn notify(&mut self, class: u32, event: &str, db: usize, key: &[u8]) {
        let flags = self.config.notify_keyspace_events;
        if flags & class != 0 && flags & (KEYSPACE | KEYEVENT) != 0 {
            self.publish_key_event(event, db, key);
        }
    }

    /// [`Store::notify`] once the flags said yes: kept out of line so the
    /// handlers carry only the test of the flags.
    #[inline(never)]
    fn publish_key_event(&mut self, event: &str, db: usize, key: &[u8]) {
        self.flush_key_events();
        self.queue_publishes(event, db, key);
    }

    /// Counts a read lookup of `key` in database `db` (keyspace_hits /
    /// keyspace_misses) and, for a miss, queues `keymiss` (class `m`), as
    /// Redis's `lookupKeyRead` does.
    #[inline]
    pub fn count_read(&mut self, db: usize, key: &[u8], hit: bool) {
        if hit {
            self.stats.keyspace_hits += 1;
        } else {
            self.count_miss(db, key);
        }
    }

    /// [`Store::count_read`]'s miss, out of the callers' line.
    #[inline(never)]
    fn count_miss(&mut self, db: usize, key: &[u8]) {
        self.stats.keyspace_misses += 1;
        self.notify(KEY_MISS, "keymiss", db, key);
    }

    /// Moves the `new` and `expired` events the databases recorded into
    /// [`Store::pending_publishes`], database by database. Free when
    /// neither class is on. A command that touches two databases calls it
    /// between its steps so the queue keeps their order.
    pub fn flush_key_events(&mut self) {
        if self.config.notify_keyspace_events & (NEW | EXPIRED) == 0
            && self.dbs.iter().all(|db| db.key_events.is_empty())
        {
            return;
        }
        for index in 0..self.dbs.len() {
            if self.dbs[index].key_events.is_empty() {
                continue;
            }
            for (event, key) in self.dbs[index].key_events.take() {
                let name = match event {
                    KeyEvent::New => "new",
                    KeyEvent::Expired => "expired",
                };
                self.queue_publishes(name, index, &key);
            }
        }
    }

    /// The publishes queued since the last call, oldest first, with the
    /// databases' recorded events moved in first. The Pub/Sub layer calls
    /// this after every input that may have run commands or expiry
    /// (a command, a timer call) and publishes each pair in order.
    pub fn take_publishes(&mut self) -> Vec<(Bytes, Bytes)> {
        self.flush_key_events();
        std::mem::take(&mut self.pending_publishes)
    }

    /// Publishes the queued notifications to their subscribers (the
    /// engine routes the deliveries). Costs one test when notifications
    /// are off.
    #[inline]
    pub fn publish_notifications(&mut self) {
        if self.config.notify_keyspace_events == 0 && self.pending_publishes.is_empty() {
            return;
        }
        self.publish_queued_notifications();
    }

    #[cold]
    fn publish_queued_notifications(&mut self) {
        for (channel, message) in self.take_publishes() {
            self.publish(&channel, &message);
        }
    }

    /// Tells the databases which events to record, after the flags
    /// changed (CONFIG SET) or at start. Events recorded under the old
    /// flags are queued first.
    pub fn apply_notify_config(&mut self) {
        self.flush_key_events();
        let flags = self.config.notify_keyspace_events;
        let on = flags & (KEYSPACE | KEYEVENT) != 0;
        for db in &mut self.dbs {
            db.key_events
                .set_recording(on && flags & NEW != 0, on && flags & EXPIRED != 0);
        }
    }

    /// Events the databases recorded and not yet queued (tests check that
    /// nothing is recorded with notifications off).
    #[cfg(test)]
    pub fn recorded_key_events(&self) -> usize {
        self.dbs.iter().map(|db| db.key_events.events.len()).sum()
    }

    /// Appends the keyspace and keyevent publishes of one event, as the
    /// flags in force say (K and E); no class check.
    fn queue_publishes(&mut self, event: &str, db: usize, key: &[u8]) {
        let flags = self.config.notify_keyspace_events;
        let mut number = itoa::Buffer::new();
        let number = number.format(db).as_bytes();
        if flags & KEYSPACE != 0 {
            let channel = [b"__keyspace@", number, b"__:", key].concat();
            self.pending_publishes.push((
                Bytes::from(channel),
                Bytes::copy_from_slice(event.as_bytes()),
            ));
        }
        if flags & KEYEVENT != 0 {
            let channel = [b"__keyevent@", number, b"__:", event.as_bytes()].concat();
            self.pending_publishes
                .push((Bytes::from(channel), Bytes::copy_from_slice(key)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_read_back_as_redis_prints_them() {
        // Pairs checked against redis-server 7.0.15's CONFIG GET.
        for (given, shown) in [
            ("KEA", "AKE"),
            ("Elg$", "g$lE"),
            ("AKEn", "AKE"),
            ("nA", "A"),
            ("g$lshzxetdn", "A"),
            ("mnE", "nEm"),
            ("Ad", "A"),
            ("g$lshzxet", "g$lshzxet"),
            ("Kg", "gK"),
            ("Ex", "xE"),
            ("$lshzxetdmn", "$lshzxetdnm"),
            ("AKEm", "AKEm"),
            ("KEt", "tKE"),
            ("", ""),
        ] {
            let flags = parse_classes(given.as_bytes()).expect(given);
            assert_eq!(classes_text(flags), shown, "{given}");
        }
        assert_eq!(
            parse_classes(b"AKEn"),
            Some(ALL | KEYSPACE | KEYEVENT | NEW)
        );
        assert_eq!(parse_classes(b"Kq"), None);
        assert_eq!(parse_classes(b"a"), None);
    }
}
