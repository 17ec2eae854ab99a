//! One logical database: the key/value map, its expiry index and its memory
//! account.
//!
//! Every read path goes through [`Db::lookup`] / [`Db::lookup_mut`], which
//! apply lazy expiry first, so an expired key is invisible everywhere (it is
//! never counted by DEL, revived by EXPIRE, or reported as the wrong type).
//! Every mutation keeps three things in step: the map, the expiry index
//! (one entry per key with a deadline, so it never grows with repeated
//! EXPIREs), and `used_memory`.

use std::collections::{BTreeSet, HashMap};
use std::hash::BuildHasher;

use indexmap::map::raw_entry_v1::{RawEntryApiV1, RawEntryMut};
use indexmap::IndexMap;

use super::notify::{KeyEvent, KeyEventLog};
pub use crate::compact::{alloc_size, Key, SeededHasher};
use crate::config::{Config, EvictionPolicy};
use crate::types::{is_shared_integer, str_encoding};
pub use crate::types::{List, Set, Value};
use crate::Millis;

#[path = "db_snapshot.rs"]
mod snapshot;
pub(crate) use snapshot::Budget;

/// A key's value and metadata: 48 bytes, the 40-byte [`Value`] and one
/// `u64` of packed metadata (a test pins the size, so the map slot cannot
/// regrow silently).
///
/// The packing follows Redis's `robj`, whose 24-bit `lru` field holds
/// either the LRU clock or, under an LFU policy, minutes and a counter:
///
/// | bits | field |
/// | --- | --- |
/// | 0..24 | access clock: under an LRU (or any non-LFU) policy the clock in whole seconds (wrapping every 194 days); under an LFU policy 16 bits of minutes (wrapping every 45 days) above the 8-bit logarithmic counter |
/// | 24..26 | [`StrForm`] |
/// | 26..63 | deadline in milliseconds of the core's clock (4.3 years from clock zero), or [`FAR_DEADLINE`], or [`NO_DEADLINE`] |
/// | 63 | snapshot mark: the entry is still to be written by the background snapshot when it differs from its database's epoch (see db_snapshot.rs) |
///
/// A deadline that does not fit (`SET k v EXAT 4000000000`, or any deadline
/// after 4.3 years of uptime) is marked [`FAR_DEADLINE`] here and kept
/// exactly in the database's side table ([`Db`]'s `far`), whose element the
/// entry's memory cost includes; so the deadline of an entry is a [`Db`]
/// query ([`Db::peek_expire_at`], [`Db::lookup_expire_at`]), and an entry
/// moved between keys or databases travels as a [`Taken`] with its
/// deadline. A far deadline is never due before the clock reaches the
/// field's range, so lazy expiry reads the side table only after 4.3 years.
///
/// The access field's meaning follows the policy, as Redis's does: a
/// policy switch leaves the existing fields to be read the other way until
/// each key's next access rewrites it (Redis's OBJECT errors warn of it).
/// LRU precision is therefore one second (Redis's too; OBJECT IDLETIME
/// reports seconds). The alternative kept the clock in milliseconds with a
/// narrower deadline, but every deadline after a few weeks of uptime would
/// then have gone to the side table, losing the SET EX saving.
#[derive(Debug, Clone)]
pub struct Entry {
    pub value: Value,
    meta: u64,
}

/// How a string value was made, which OBJECT ENCODING and REFCOUNT
/// report (two bits of the entry's metadata).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrForm {
    /// Written as SET writes: the integer form when the bytes are one
    /// (a shared integer for 0..9999 unless the policy forbids sharing),
    /// else `embstr` up to 44 bytes, else `raw`.
    Encoded,
    /// As [`StrForm::Encoded`], but never a shared integer (COPY made it).
    Unshared,
    /// Never the integer form: `embstr` up to 44 bytes, else `raw`
    /// (INCRBYFLOAT's result).
    #[allow(dead_code)] // for the string commands (INCRBYFLOAT)
    Plain,
    /// Changed in place (APPEND, SETRANGE, SETBIT on an existing value):
    /// always `raw`.
    #[allow(dead_code)] // for the string commands (APPEND, SETRANGE)
    Raw,
}

impl StrForm {
    fn bits(self) -> u64 {
        match self {
            StrForm::Encoded => 0,
            StrForm::Unshared => 1,
            StrForm::Plain => 2,
            StrForm::Raw => 3,
        }
    }

    fn from_bits(bits: u64) -> StrForm {
        match bits & 3 {
            0 => StrForm::Encoded,
            1 => StrForm::Unshared,
            2 => StrForm::Plain,
            _ => StrForm::Raw,
        }
    }
}

/// Width of the access field (Redis's `LRU_BITS`).
const ACCESS_BITS: u32 = 24;
const ACCESS_MASK: u64 = (1 << ACCESS_BITS) - 1;
const FORM_SHIFT: u32 = ACCESS_BITS;
const DEADLINE_SHIFT: u32 = ACCESS_BITS + 2;
/// Width of the deadline field: 2^37 ms is 4.3 years (the top bit is the
/// snapshot mark).
const DEADLINE_BITS: u32 = 63 - DEADLINE_SHIFT;
const DEADLINE_MASK: u64 = (1 << DEADLINE_BITS) - 1;
/// The snapshot mark (see db_snapshot.rs).
const MARK_BIT: u64 = 1 << 63;
/// Deadline field of a key without a deadline.
const NO_DEADLINE: u64 = (1 << DEADLINE_BITS) - 1;
/// Deadline field of a key whose deadline is in the database's side table.
const FAR_DEADLINE: u64 = NO_DEADLINE - 1;
/// Deadlines from this one on are kept in the side table; none of them is
/// due before the clock gets there.
pub const FAR_FROM: Millis = FAR_DEADLINE;

/// The LRU clock: whole seconds, wrapping in the access field.
fn lru_clock(now: Millis) -> u64 {
    (now / 1000) & ACCESS_MASK
}

/// The LFU clock: whole minutes, wrapping in 16 bits.
fn lfu_clock(now: Millis) -> u64 {
    (now / 60_000) & 0xFFFF
}

/// The access field of a key created (or copied) at `now`.
fn fresh_access(now: Millis, lfu: bool) -> u64 {
    if lfu {
        lfu_clock(now) << 8 | LFU_INIT as u64
    } else {
        lru_clock(now)
    }
}

impl Entry {
    fn new(value: Value, now: Millis, lfu: bool) -> Entry {
        Entry {
            value,
            meta: NO_DEADLINE << DEADLINE_SHIFT | fresh_access(now, lfu),
        }
    }

    fn deadline_field(&self) -> u64 {
        self.meta >> DEADLINE_SHIFT & DEADLINE_MASK
    }

    /// The snapshot mark (see db_snapshot.rs).
    fn mark(&self) -> bool {
        self.meta & MARK_BIT != 0
    }

    fn set_mark(&mut self, mark: bool) {
        self.meta = self.meta & !MARK_BIT | if mark { MARK_BIT } else { 0 };
    }

    /// Sets the deadline field for `expire_at`: the deadline itself, or the
    /// mark of a deadline kept in the side table.
    fn set_deadline_field(&mut self, expire_at: Option<Millis>) {
        let field = match expire_at {
            None => NO_DEADLINE,
            Some(at) if at >= FAR_FROM => FAR_DEADLINE,
            Some(at) => at,
        };
        self.meta = self.meta & (MARK_BIT | ((1 << DEADLINE_SHIFT) - 1)) | field << DEADLINE_SHIFT;
    }

    /// The deadline when it is held in the entry (`Some(None)` for none),
    /// `None` when it is in the side table.
    fn inline_deadline(&self) -> Option<Option<Millis>> {
        match self.deadline_field() {
            NO_DEADLINE => Some(None),
            FAR_DEADLINE => None,
            at => Some(Some(at)),
        }
    }

    /// Whether the deadline lives in the database's side table.
    fn far(&self) -> bool {
        self.deadline_field() == FAR_DEADLINE
    }

    /// Whether the key has a deadline (its value is a [`Db`] query).
    pub fn has_deadline(&self) -> bool {
        self.deadline_field() != NO_DEADLINE
    }

    fn str_form(&self) -> StrForm {
        StrForm::from_bits(self.meta >> FORM_SHIFT)
    }

    /// OBJECT ENCODING's name for the value.
    pub fn encoding(&self, config: &Config) -> &'static str {
        match (&self.value, self.str_form()) {
            (Value::Str(_), StrForm::Raw) => "raw",
            (Value::Str(bytes), StrForm::Plain) => str_encoding(bytes, false),
            (value, _) => value.encoding(config),
        }
    }

    /// OBJECT REFCOUNT: Redis's `OBJ_SHARED_REFCOUNT` (`INT_MAX`) for a
    /// shared integer, 1 for any other value. Redis shares 0..9999 written
    /// the SET way unless a maxmemory limit is set with an LRU or LFU
    /// policy (which need a clock per key); miniRedis applies the rule
    /// with the configuration in force when asked.
    pub fn refcount(&self, config: &Config) -> i64 {
        let per_key_clock = !matches!(
            config.maxmemory_policy,
            EvictionPolicy::NoEviction
                | EvictionPolicy::AllKeysRandom
                | EvictionPolicy::VolatileRandom
                | EvictionPolicy::VolatileTtl
        );
        let shared = self.str_form() == StrForm::Encoded
            && matches!(&self.value, Value::Str(bytes) if is_shared_integer(bytes))
            && (config.maxmemory == 0 || !per_key_clock);
        if shared {
            i32::MAX as i64
        } else {
            1
        }
    }

    /// Records how a string value was just written (APPEND and SETRANGE
    /// mark it [`StrForm::Raw`], INCRBYFLOAT [`StrForm::Plain`]); a new
    /// value stored with [`Db::insert`] starts [`StrForm::Encoded`].
    pub fn set_str_form(&mut self, form: StrForm) {
        self.meta = self.meta & !(3 << FORM_SHIFT) | form.bits() << FORM_SHIFT;
    }

    /// Whether the deadline held in the entry has passed at `now`; a far
    /// deadline is "maybe" (`None`) once the clock reaches the side
    /// table's range.
    fn due_inline(&self, now: Millis) -> Option<bool> {
        match self.deadline_field() {
            NO_DEADLINE => Some(false),
            FAR_DEADLINE if now < FAR_FROM => Some(false),
            FAR_DEADLINE => None,
            at => Some(at <= now),
        }
    }

    fn access(&self) -> u64 {
        self.meta & ACCESS_MASK
    }

    fn set_access(&mut self, access: u64) {
        self.meta = self.meta & !ACCESS_MASK | access & ACCESS_MASK;
    }

    /// Whole seconds since the last access, read as an LRU clock (the
    /// field's meaning under a non-LFU policy; wrap-safe up to 194 days).
    pub fn idle_secs(&self, now: Millis) -> u64 {
        lru_clock(now).wrapping_sub(self.access()) & ACCESS_MASK
    }

    /// Whole minutes since the last access, read as an LFU field (the
    /// field's meaning under an LFU policy; wrap-safe up to 45 days).
    pub fn idle_minutes(&self, now: Millis) -> u64 {
        lfu_clock(now).wrapping_sub(self.access() >> 8) & 0xFFFF
    }

    /// The access frequency after the decay due since the last access,
    /// read as an LFU field.
    pub fn frequency(&self, now: Millis) -> u8 {
        lfu_decayed((self.access() & 0xFF) as u8, self.idle_minutes(now))
    }

    /// Records an access: the LRU clock, or under an LFU policy (a random
    /// draw given) the decayed and maybe incremented counter and the minute.
    fn touch(&mut self, now: Millis, lfu_random: Option<u64>) {
        let access = match lfu_random {
            Some(random) => lfu_clock(now) << 8 | lfu_touch(self.frequency(now), random) as u64,
            None => lru_clock(now),
        };
        self.set_access(access);
    }
}

/// A key's entry with its deadline, out of any database: what
/// [`Db::take`] and [`Db::copy_of`] return and [`Db::put`] stores.
#[derive(Debug)]
pub struct Taken {
    pub entry: Entry,
    pub expire_at: Option<Millis>,
}

/// Counter value of a new key, so it is not evicted before it had a chance
/// to be used again (Redis uses the same starting point).
pub const LFU_INIT: u8 = 5;
/// How hard the counter is to increment: with 10, about a million hits
/// saturate it at 255 (Redis's default `lfu-log-factor`).
const LFU_LOG_FACTOR: u64 = 10;
/// The counter loses one per this many idle minutes (Redis's default
/// `lfu-decay-time`).
const LFU_DECAY_MINUTES: u64 = 1;

/// Counter after decaying for `idle_minutes`.
fn lfu_decayed(counter: u8, idle_minutes: u64) -> u8 {
    counter.saturating_sub((idle_minutes / LFU_DECAY_MINUTES).min(255) as u8)
}

/// Logarithmic increment: the higher the counter, the less likely one more
/// access raises it (probability 1 / ((counter - LFU_INIT) * factor + 1)).
fn lfu_touch(counter: u8, random: u64) -> u8 {
    if counter == u8::MAX {
        return counter;
    }
    let base = counter.saturating_sub(LFU_INIT) as u64;
    let odds = base * LFU_LOG_FACTOR + 1;
    if random.is_multiple_of(odds) {
        counter + 1
    } else {
        counter
    }
}

/// Approximate heap and table bytes one stored key costs: the map slot
/// (hash, inline key, entry) and its share of the hash index, the heap
/// parts of a long key or value, and the expiry index entry if any.
/// The constants follow the real layout (a 64-bit build, glibc malloc).
pub fn entry_cost(key: &Key, entry: &Entry) -> usize {
    // The index holds one 8-byte position and a control byte per bucket, at
    // a load between 7/16 and 7/8.
    const MAP_SLOT: usize = std::mem::size_of::<(u64, Key, Entry)>() + 14;
    // A (deadline, key hash) pair in the expiry B-tree (see `EXPIRY_SLOT`).
    let value = match &entry.value {
        Value::Str(v) => alloc_size(v.heap_len()),
        Value::List(l) => alloc_size(std::mem::size_of::<List>()) + l.heap_bytes(),
        Value::Hash(h) => h.heap_bytes(),
        Value::ZSet(z) => alloc_size(std::mem::size_of::<crate::types::ZSet>()) + z.heap_bytes(),
        Value::Set(s) => alloc_size(std::mem::size_of::<Set>()) + s.heap_bytes(),
        Value::Stream(s) => {
            alloc_size(std::mem::size_of::<crate::types::Stream>()) + s.heap_bytes()
        }
    };
    let expiry = if entry.has_deadline() { EXPIRY_SLOT } else { 0 };
    // A far deadline's element in the side table, with its copy of the key.
    let far = if entry.far() {
        FAR_SLOT + alloc_size(key.heap_len())
    } else {
        0
    };
    MAP_SLOT + alloc_size(key.heap_len()) + value + expiry + far
}

/// What one far deadline costs in the side table (an [`IndexMap`] like the
/// key map: a (hash, key, deadline) element and its share of the index).
const FAR_SLOT: usize = std::mem::size_of::<(u64, Key, Millis)>() + 14;

/// The deadline of the entry stored under `key`, from the entry or the
/// side table `far`.
fn resolve(far: &FarDeadlines, key: &[u8], entry: &Entry) -> Option<Millis> {
    match entry.inline_deadline() {
        Some(at) => at,
        None => far.get(key).copied(),
    }
}

/// Whether the entry stored under `key` is past its deadline at `now`.
fn is_due(far: &FarDeadlines, key: &[u8], entry: &Entry, now: Millis) -> bool {
    entry
        .due_inline(now)
        .unwrap_or_else(|| far.get(key).is_some_and(|&at| at <= now))
}

/// Moves the side table in step with a key's deadline going from `old` to
/// `new`.
fn refile_far(far: &mut FarDeadlines, key: &Key, old: Option<Millis>, new: Option<Millis>) {
    match new {
        Some(at) if at >= FAR_FROM => {
            far.insert(key.clone(), at);
        }
        _ if old.is_some_and(|at| at >= FAR_FROM) => {
            far.swap_remove(key.as_slice());
        }
        _ => {}
    }
}

/// Deadlines too far for an entry's field (see [`Entry`]), by key.
pub type FarDeadlines = IndexMap<Key, Millis, SeededHasher>;

/// What one key with a deadline costs in the expiry index: a 16-byte
/// (deadline, hash) element in std's B-tree. A leaf holds 11 elements in
/// 188 bytes (a 208-byte allocation); appends in deadline order (the usual
/// case: deadlines are mostly `now + ttl`) leave leaves 6 of 11 full, plus
/// the separator each leaf gives its parent: 7 elements per leaf, about 30
/// bytes each; internal nodes add little. bench/compare's SET EX load
/// measured 29 bytes of resident memory per key for the index.
const EXPIRY_SLOT: usize = 30;

/// One database (SELECT n).
pub struct Db {
    map: IndexMap<Key, Entry, SeededHasher>,
    /// (deadline, hash of the key) for every key with a deadline, in
    /// deadline order; the key is found again through the map by its hash
    /// (checking hash and deadline), so the index holds no copy of it.
    expiries: BTreeSet<(Millis, u64)>,
    /// Keys beyond the first sharing one (deadline, hash) element: distinct
    /// keys whose 64-bit hashes collide and whose deadlines are equal.
    /// Practically always empty; it keeps the index exact regardless.
    shared_expiries: HashMap<(Millis, u64), usize>,
    /// The deadlines of the keys whose entry marks them far (see
    /// [`Entry`]); practically always empty.
    far: FarDeadlines,
    /// Keys with a deadline (index elements plus the shared extras).
    volatile: usize,
    used: usize,
    /// Keys removed because their deadline passed (lazily or actively).
    pub expired_keys: u64,
    /// While clients are paused (CLIENT PAUSE), a key past its deadline is
    /// treated as missing but stays in place: Redis keeps the dataset
    /// still until the pause ends. Set by the store.
    pub expiry_paused: bool,
    /// Whether accesses update LFU counters (only under an LFU policy).
    count_frequency: bool,
    /// State of the draws behind LFU increments (xorshift, seeded).
    rng: u64,
    /// `new` and `expired` events recorded for keyspace notifications
    /// (only while their class is on; see notify.rs).
    pub(super) key_events: KeyEventLog,
    /// Keys removed by expiry (lazy or active) since the watch registry
    /// last took them; `None`, and nothing recorded, while no key of this
    /// database is watched (see store/watch.rs), so expiry costs one
    /// branch more when nobody watches.
    expired_log: Option<Vec<Key>>,
    /// Keys removed by expiry, for the write log to record as `DEL`s
    /// (`Store::log_expired`); `None` while the log is off.
    pub(super) expired_for_log: Option<Vec<Key>>,
    /// The snapshot epoch: an entry whose mark differs is still to be
    /// written by the running snapshot (see db_snapshot.rs).
    epoch: bool,
    /// The running snapshot's state here, if any.
    snap: Option<Box<snapshot::DbSnap>>,
}

impl Db {
    pub fn new(seed: u64) -> Self {
        Db {
            map: IndexMap::with_hasher(SeededHasher(seed)),
            expiries: BTreeSet::new(),
            shared_expiries: HashMap::new(),
            far: IndexMap::with_hasher(SeededHasher(seed)),
            volatile: 0,
            used: 0,
            expired_keys: 0,
            expiry_paused: false,
            count_frequency: false,
            rng: seed | 1,
            key_events: KeyEventLog::default(),
            expired_log: None,
            expired_for_log: None,
            epoch: false,
            snap: None,
        }
    }

    /// Starts or stops recording the keys expiry removes (on while some
    /// key of this database is watched). Stopping drops what is recorded.
    pub fn record_expired(&mut self, on: bool) {
        match (on, &self.expired_log) {
            (true, None) => self.expired_log = Some(Vec::new()),
            (false, Some(_)) => self.expired_log = None,
            _ => {}
        }
    }

    /// Whether expiry removals are being recorded.
    pub fn records_expired(&self) -> bool {
        self.expired_log.is_some()
    }

    /// The keys expiry removed since the last call (see
    /// [`Db::record_expired`]); empty when not recording.
    pub fn take_expired(&mut self) -> Vec<Key> {
        match &mut self.expired_log {
            Some(log) if !log.is_empty() => std::mem::take(log),
            _ => Vec::new(),
        }
    }

    /// Whether `key` is in the map at all, past its deadline or not
    /// (Redis's `dictFind` on the main dict: what the watch rules for
    /// flushed and stale keys ask). No lazy expiry, no access.
    pub fn in_map(&self, key: &[u8]) -> bool {
        self.map.contains_key(key)
    }

    /// Whether `key` is in the map but past its deadline (Redis's
    /// `keyIsExpired`): logically gone, not yet removed. No lazy expiry.
    pub fn is_stale(&self, key: &[u8], now: Millis) -> bool {
        self.map
            .get(key)
            .is_some_and(|entry| is_due(&self.far, key, entry, now))
    }

    /// Whether `key` exists and is within its deadline, without removing
    /// it if it is not, and without counting an access.
    pub fn is_live(&self, key: &[u8], now: Millis) -> bool {
        self.map
            .get(key)
            .is_some_and(|entry| !is_due(&self.far, key, entry, now))
    }

    /// Turns LFU counting on or off (the eviction policy decides).
    pub fn set_count_frequency(&mut self, on: bool) {
        self.count_frequency = on;
    }

    fn lfu_draw(&mut self) -> Option<u64> {
        if !self.count_frequency {
            return None;
        }
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        Some(self.rng)
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Approximate bytes used by this database's keys.
    pub fn used_memory(&self) -> usize {
        self.used
    }

    /// Removes the key if its deadline has passed (only hides it while
    /// expiry is paused). Returns true if it was due.
    fn expire_if_due(&mut self, key: &[u8], now: Millis) -> bool {
        match self.map.get_full(key) {
            Some((index, _, entry)) if is_due(&self.far, key, entry, now) => {
                if !self.expiry_paused {
                    self.expire_index(index);
                }
                true
            }
            _ => false,
        }
    }

    /// Position of the live entry for `key` in the map, after one hash
    /// lookup; a key past its deadline is removed on the way.
    #[inline]
    fn live_index(&mut self, key: &[u8], now: Millis) -> Option<usize> {
        let (index, _, entry) = self.map.get_full(key)?;
        if is_due(&self.far, key, entry, now) {
            if !self.expiry_paused {
                self.expire_index(index);
            }
            return None;
        }
        Some(index)
    }

    /// Removes the key at a position because its deadline passed. Rare on
    /// the lookup paths, so kept out of them.
    #[cold]
    fn expire_index(&mut self, index: usize) {
        if self.key_events.records_expired() {
            if let Some((key, _)) = self.map.get_index(index) {
                self.key_events.push(KeyEvent::Expired, key.clone());
            }
        }
        if let Some((key, _)) = self.remove_keyed(index) {
            if let Some(log) = &mut self.expired_for_log {
                log.push(key.clone());
            }
            if let Some(log) = &mut self.expired_log {
                log.push(key);
            }
        }
        self.expired_keys += 1;
    }

    /// The live entry for `key`, touching its access clock.
    #[inline]
    pub fn lookup(&mut self, key: &[u8], now: Millis) -> Option<&Entry> {
        let index = self.live_index(key, now)?;
        let draw = self.lfu_draw();
        let (_, entry) = self.map.get_index_mut(index)?;
        entry.touch(now, draw);
        Some(&*entry)
    }

    /// Whether `key` exists, without touching its access clock.
    pub fn contains(&mut self, key: &[u8], now: Millis) -> bool {
        self.live_index(key, now).is_some()
    }

    /// Mutable access to a live entry; memory is re-accounted when the
    /// returned guard drops.
    pub fn lookup_mut(&mut self, key: &[u8], now: Millis) -> Option<EntryMut<'_>> {
        let index = self.live_index(key, now)?;
        self.pre_image(index);
        let draw = self.lfu_draw();
        let (stored_key, entry) = self.map.get_index_mut(index)?;
        entry.touch(now, draw);
        let before = entry_cost(stored_key, entry);
        Some(EntryMut {
            key: stored_key,
            entry,
            used: &mut self.used,
            before,
        })
    }

    /// Stores `value` under `key`, replacing any previous value and deadline
    /// (one hash lookup either way). Replacing a key whose deadline has
    /// passed counts it as expired, as a lookup before the write would.
    /// Makes room for `additional` more keys (a loaded file's RESIZEDB
    /// hint).
    pub fn reserve(&mut self, additional: usize) {
        self.map.reserve(additional);
    }

    pub fn insert(&mut self, key: &[u8], value: Value, expire_at: Option<Millis>, now: Millis) {
        let entry = Entry::new(value, now, self.count_frequency);
        self.put(key, Taken { entry, expire_at }, now);
    }

    /// Stores a whole entry under `key` (its value, deadline, access clock
    /// and frequency, as taken from another key or database by
    /// [`Db::take`]), replacing any previous one as [`Db::insert`] does.
    pub fn put(&mut self, key: &[u8], taken: Taken, now: Millis) {
        self.put_entry(key, taken, now, true);
    }

    /// [`Db::insert`] of a key not in the map; false, and nothing changed,
    /// when it is there (a loaded file's duplicate): one lookup where a
    /// check then an insert took two.
    pub fn insert_if_absent(
        &mut self,
        key: &[u8],
        value: Value,
        expire_at: Option<Millis>,
        now: Millis,
    ) -> bool {
        let entry = Entry::new(value, now, self.count_frequency);
        self.put_entry(key, Taken { entry, expire_at }, now, false)
    }

    /// [`Db::put`], or with `replace` false nothing (false) when the key
    /// is in the map.
    fn put_entry(&mut self, key: &[u8], taken: Taken, now: Millis, replace: bool) -> bool {
        let Taken {
            mut entry,
            expire_at,
        } = taken;
        entry.set_deadline_field(expire_at);
        entry.set_mark(self.fresh_mark());
        if replace && self.snap.is_some() {
            if let Some(index) = self.map.get_index_of(key) {
                self.pre_image(index);
            }
        }
        match self.map.raw_entry_mut_v1().from_key(key) {
            RawEntryMut::Occupied(_) if !replace => return false,
            // Replacing: the slot and the stored key stay, only the entry
            // (and its deadline in the index) changes.
            RawEntryMut::Occupied(mut occupied) => {
                let (stored_key, old) = occupied.get_key_value_mut();
                if is_due(&self.far, key, old, now) {
                    self.expired_keys += 1;
                    // Redis's write lookup would have expired the key, and
                    // the write then added it anew.
                    if self.key_events.records_expired() {
                        self.key_events.push(KeyEvent::Expired, stored_key.clone());
                    }
                    if self.key_events.records_new() {
                        self.key_events.push(KeyEvent::New, stored_key.clone());
                    }
                    // And Redis logs that expiry (a DEL before the write).
                    if let Some(log) = &mut self.expired_for_log {
                        log.push(stored_key.clone());
                    }
                }
                self.used -= entry_cost(stored_key, old);
                let old_at = resolve(&self.far, key, old);
                *old = entry;
                self.used += entry_cost(stored_key, old);
                refile_far(&mut self.far, stored_key, old_at, expire_at);
                if old_at != expire_at {
                    let hash = self.map.hasher().hash_one(key);
                    if let Some(at) = old_at {
                        self.unindex(at, hash);
                    }
                    if let Some(at) = expire_at {
                        self.index(at, hash);
                    }
                }
                return true;
            }
            RawEntryMut::Vacant(vacant) => {
                let stored = Key::new(key);
                if self.key_events.records_new() {
                    self.key_events.push(KeyEvent::New, stored.clone());
                }
                self.used += entry_cost(&stored, &entry);
                refile_far(&mut self.far, &stored, None, expire_at);
                vacant.insert(stored, entry);
            }
        };
        if let Some(at) = expire_at {
            self.index(at, self.map.hasher().hash_one(key));
        }
        true
    }

    /// Records a `new` event for `key` (when that class is on) after a
    /// [`Db::put`] that replaced a live key: RENAME, COPY REPLACE and
    /// RESTORE REPLACE delete the old key and add the new one in Redis, so
    /// they report a new key where an overwrite does not.
    pub fn record_new(&mut self, key: &[u8]) {
        if self.key_events.records_new() {
            self.key_events.push(KeyEvent::New, Key::new(key));
        }
    }

    /// Files a key with deadline `at` and hash `hash` in the expiry index.
    fn index(&mut self, at: Millis, hash: u64) {
        self.volatile += 1;
        if !self.expiries.insert((at, hash)) {
            *self.shared_expiries.entry((at, hash)).or_insert(0) += 1;
        }
    }

    /// Takes one key with deadline `at` and hash `hash` out of the index.
    fn unindex(&mut self, at: Millis, hash: u64) {
        self.volatile -= 1;
        if let Some(extra) = self.shared_expiries.get_mut(&(at, hash)) {
            *extra -= 1;
            if *extra == 0 {
                self.shared_expiries.remove(&(at, hash));
            }
        } else {
            self.expiries.remove(&(at, hash));
        }
    }

    /// A key filed in the index under (`at`, `hash`), other than those in
    /// `skip` (for walking the keys that share one element): the map is
    /// searched by the hash, and a candidate must have that full hash and
    /// that deadline.
    fn indexed_key(&self, at: Millis, hash: u64, skip: &[&Key]) -> Option<(&Key, &Entry)> {
        let hasher = self.map.hasher();
        self.map.raw_entry_v1().from_hash(hash, |key| {
            hasher.hash_one(key.as_slice()) == hash
                && self
                    .map
                    .get(key.as_slice())
                    .and_then(|entry| resolve(&self.far, key, entry))
                    == Some(at)
                && !skip.contains(&key)
        })
    }

    /// The keys filed under one index element (one, unless hashes collide).
    fn indexed_keys(&self, at: Millis, hash: u64) -> impl Iterator<Item = (&Key, &Entry)> {
        let count = 1 + self.shared_expiries.get(&(at, hash)).copied().unwrap_or(0);
        let mut seen: Vec<&Key> = Vec::new();
        (0..count).map_while(move |i| {
            let found = self.indexed_key(at, hash, &seen)?;
            if i + 1 < count {
                seen.push(found.0);
            }
            Some(found)
        })
    }

    /// Takes a live key out with its whole entry (deadline and access
    /// metadata included), for RENAME and MOVE to [`Db::put`] elsewhere.
    /// Does not count as an access.
    pub fn take(&mut self, key: &[u8], now: Millis) -> Option<Taken> {
        let index = self.live_index(key, now)?;
        self.remove_taken(index)
    }

    /// A copy of a live key's entry made at `now` (COPY), after looking the
    /// key up (an access): the same value and deadline, a fresh access
    /// field, and never a shared integer.
    pub fn copy_of(&mut self, key: &[u8], now: Millis) -> Option<Taken> {
        let index = self.live_index(key, now)?;
        let draw = self.lfu_draw();
        let (_, entry) = self.map.get_index_mut(index)?;
        entry.touch(now, draw);
        let mut copy = Entry::new(entry.value.clone(), now, self.count_frequency);
        copy.set_str_form(match entry.str_form() {
            StrForm::Encoded => StrForm::Unshared,
            other => other,
        });
        let expire_at = resolve(&self.far, key, entry);
        Some(Taken {
            entry: copy,
            expire_at,
        })
    }

    /// RESTORE's IDLETIME / FREQ, as Redis's `objectSetLRUOrLFU`: under an
    /// LFU policy the counter `freq` with the current minute, otherwise
    /// the LRU clock `idle_secs` seconds back; the other option is
    /// ignored. Returns whether the field was set.
    pub fn set_access_hint(
        &mut self,
        key: &[u8],
        idle_secs: Option<u64>,
        freq: Option<u8>,
        now: Millis,
    ) -> bool {
        let lfu = self.count_frequency;
        let Some(entry) = self.map.get_mut(key) else {
            return false;
        };
        match (lfu, freq, idle_secs) {
            (true, Some(freq), _) => entry.set_access(lfu_clock(now) << 8 | u64::from(freq)),
            (false, _, Some(idle)) => {
                entry.set_access(lru_clock(now).wrapping_sub(idle) & ACCESS_MASK)
            }
            _ => return false,
        }
        true
    }

    /// Looks a live key up (an access, as [`Db::lookup`]) and returns its
    /// deadline: `None` when the key is missing, `Some(None)` when it has
    /// no deadline.
    pub fn lookup_expire_at(&mut self, key: &[u8], now: Millis) -> Option<Option<Millis>> {
        let index = self.live_index(key, now)?;
        let draw = self.lfu_draw();
        let (_, entry) = self.map.get_index_mut(index)?;
        entry.touch(now, draw);
        Some(resolve(&self.far, key, entry))
    }

    /// The live entry for `key` without touching its access clock or
    /// frequency (OBJECT, COPY's source check); lazy expiry still applies.
    pub fn peek(&mut self, key: &[u8], now: Millis) -> Option<&Entry> {
        let index = self.live_index(key, now)?;
        self.map.get_index(index).map(|(_, entry)| entry)
    }

    /// Removes a key whatever its deadline; returns its entry.
    pub fn remove(&mut self, key: &[u8]) -> Option<Entry> {
        let index = self.map.get_index_of(key)?;
        self.remove_index(index)
    }

    fn remove_index(&mut self, index: usize) -> Option<Entry> {
        self.remove_taken(index).map(|taken| taken.entry)
    }

    /// Removes the key at a position of the map with its deadline.
    fn remove_taken(&mut self, index: usize) -> Option<Taken> {
        self.remove_keyed(index).map(|(_, taken)| taken)
    }

    /// [`Db::remove_taken`], handing back the stored key too.
    fn remove_keyed(&mut self, index: usize) -> Option<(Key, Taken)> {
        self.pre_image(index);
        let index = self.before_swap_remove(index);
        let (stored_key, entry) = self.map.swap_remove_index(index)?;
        self.used -= entry_cost(&stored_key, &entry);
        let expire_at = match entry.inline_deadline() {
            Some(at) => at,
            None => self.far.swap_remove(stored_key.as_slice()),
        };
        if let Some(at) = expire_at {
            self.unindex(at, self.map.hasher().hash_one(stored_key.as_slice()));
        }
        Some((stored_key, Taken { entry, expire_at }))
    }

    /// Sets or clears the deadline of a live key. Returns false if the key
    /// does not exist.
    pub fn set_expire(&mut self, key: &[u8], expire_at: Option<Millis>, now: Millis) -> bool {
        let Some(index) = self.live_index(key, now) else {
            return false;
        };
        self.pre_image(index);
        let Some((stored_key, entry)) = self.map.get_index_mut(index) else {
            return false;
        };
        let before = entry_cost(stored_key, entry);
        let old = resolve(&self.far, key, entry);
        entry.set_deadline_field(expire_at);
        refile_far(&mut self.far, stored_key, old, expire_at);
        self.used = self.used - before + entry_cost(stored_key, entry);
        if old != expire_at {
            let hash = self.map.hasher().hash_one(key);
            if let Some(at) = old {
                self.unindex(at, hash);
            }
            if let Some(at) = expire_at {
                self.index(at, hash);
            }
        }
        true
    }

    /// Takes every key out at once, leaving the database empty, for a
    /// flush whose freeing is left to the lazy-free queue (FLUSHALL ASYNC).
    pub fn take_all(&mut self) -> Contents {
        let hasher = *self.map.hasher();
        if self.detach_for_snapshot() {
            // The snapshot walks the old keys, then frees them lazily.
            self.clear();
            return Contents {
                map: IndexMap::with_hasher(hasher),
                expiries: BTreeSet::new(),
                far: IndexMap::with_hasher(hasher),
            };
        }
        let map = std::mem::replace(&mut self.map, IndexMap::with_hasher(hasher));
        let contents = Contents {
            map,
            expiries: std::mem::take(&mut self.expiries),
            far: std::mem::replace(&mut self.far, IndexMap::with_hasher(hasher)),
        };
        self.clear();
        contents
    }

    /// Removes every key.
    pub fn clear(&mut self) {
        // A running snapshot keeps the old keys to walk.
        self.detach_for_snapshot();
        self.map.clear();
        self.expiries.clear();
        self.shared_expiries.clear();
        self.far.clear();
        self.volatile = 0;
        self.used = 0;
    }

    /// Active expiry: removes up to `budget` keys whose deadline is `<= now`.
    /// Returns how many were removed.
    pub fn expire_due(&mut self, now: Millis, budget: usize) -> usize {
        let mut removed = 0;
        while removed < budget {
            let Some(&(at, hash)) = self.expiries.first() else {
                break;
            };
            if at > now {
                break;
            }
            let index = self.map.raw_entry_v1().index_from_hash(hash, |key| {
                self.map.hasher().hash_one(key.as_slice()) == hash
                    && self
                        .map
                        .get(key.as_slice())
                        .and_then(|entry| resolve(&self.far, key, entry))
                        == Some(at)
            });
            let Some(index) = index else {
                // Unreachable while the index is in step (the audit checks).
                self.expiries.remove(&(at, hash));
                continue;
            };
            self.expire_index(index);
            removed += 1;
        }
        removed
    }

    /// Earliest deadline in this database.
    pub fn next_deadline(&self) -> Option<Millis> {
        self.expiries.first().map(|(at, _)| *at)
    }

    /// Deadline of a key without expiry check or access update (call after
    /// [`Db::contains`]).
    pub fn peek_expire_at(&self, key: &[u8]) -> Option<Millis> {
        self.map.get(key).and_then(|e| resolve(&self.far, key, e))
    }

    /// Bytes the memory account charges for a live key (MEMORY USAGE);
    /// does not touch its access clock.
    pub fn memory_of(&mut self, key: &[u8], now: Millis) -> Option<usize> {
        if self.expire_if_due(key, now) {
            return None;
        }
        self.map.get_key_value(key).map(|(k, e)| entry_cost(k, e))
    }

    /// Records how the string at a live key was last written (see
    /// [`Entry::set_str_form`]), without counting an access.
    pub fn mark_str_form(&mut self, key: &[u8], form: StrForm) {
        if let Some(entry) = self.map.get_mut(key) {
            entry.set_str_form(form);
        }
    }

    /// The value of a key without expiry check or access update, for a
    /// command that already looked the key up (so expired it if due) and
    /// needs several values at once.
    pub fn peek_value(&self, key: &[u8]) -> Option<&Value> {
        self.map.get(key).map(|e| &e.value)
    }

    /// Type name of a key without expiry check or access update.
    pub fn peek_type(&self, key: &[u8]) -> Option<&'static str> {
        self.map.get(key).map(|e| e.value.type_name())
    }

    /// Keys that are still live at `now`: those whose deadline has passed
    /// but that the active cycle has not removed yet are not counted, so
    /// DBSIZE never shows a key after its deadline. Costs one step per such
    /// key (the active cycle keeps them few).
    pub fn live_len(&self, now: Millis) -> usize {
        self.map.len() - self.due_count(now)
    }

    /// Keys with a deadline that are still live at `now`.
    pub fn live_expires_len(&self, now: Millis) -> usize {
        self.volatile - self.due_count(now)
    }

    /// Keys past their deadline that the active cycle has not removed yet.
    fn due_count(&self, now: Millis) -> usize {
        self.expiries
            .iter()
            .take_while(|(at, _)| *at <= now)
            .map(|element| 1 + self.shared_expiries.get(element).copied().unwrap_or(0))
            .sum()
    }

    /// Whether `entry`, stored under `key` (from [`Db::key_at`]), is past
    /// its deadline at `now` (logically gone, not removed yet).
    pub fn due(&self, key: &[u8], entry: &Entry, now: Millis) -> bool {
        is_due(&self.far, key, entry, now)
    }

    /// Key at a position of the map, for random sampling.
    pub fn key_at(&self, index: usize) -> Option<(&Key, &Entry)> {
        self.map.get_index(index)
    }

    /// Up to `count` keys with a deadline, for volatile-* sampling when
    /// drawing from the whole map rarely finds one: consecutive index
    /// entries from a random deadline between the earliest and the latest
    /// (wrapping to the start). Not uniform when deadlines cluster, but cheap
    /// and needs no second index.
    pub fn sample_volatile(&self, random: u64, count: usize) -> Vec<(&Key, &Entry)> {
        let (Some(first), Some(last)) = (self.expiries.first(), self.expiries.last()) else {
            return Vec::new();
        };
        let at = first.0 + random % (last.0 - first.0 + 1);
        self.expiries
            .range((at, 0)..)
            .chain(self.expiries.iter())
            .take(count.min(self.expiries.len()))
            .filter_map(|&(at, hash)| self.indexed_key(at, hash, &[]))
            .collect()
    }

    /// Keys with a deadline, earliest deadline first (volatile-ttl).
    pub fn volatile_keys_by_deadline(&self) -> impl Iterator<Item = &Key> {
        self.expiries
            .iter()
            .flat_map(|&(at, hash)| self.indexed_keys(at, hash).map(|(key, _)| key))
    }

    /// The keys with a deadline that come after `after` in deadline order
    /// (from the start for `None`), those of at most `count` index
    /// positions, each with its position: a walk over every deadline in
    /// slices that goes on from the last position it saw. A walk that
    /// moves each deadline it sees earlier than that position (as the end
    /// of an AOF load does) meets every key exactly once.
    pub fn deadlines_after(
        &self,
        after: Option<(Millis, u64)>,
        count: usize,
    ) -> Vec<((Millis, u64), Key)> {
        use std::ops::Bound;
        let from = after.map_or(Bound::Unbounded, Bound::Excluded);
        self.expiries
            .range((from, Bound::Unbounded))
            .take(count)
            .flat_map(|&(at, hash)| {
                self.indexed_keys(at, hash)
                    .map(move |(key, _)| ((at, hash), key.clone()))
            })
            .collect()
    }

    /// Whether any key has a deadline.
    pub fn has_deadlines(&self) -> bool {
        self.volatile > 0
    }

    /// Recomputes memory and index from scratch (for consistency checks).
    pub fn audit(&self) -> Result<(), String> {
        self.audit_snapshot()?;
        for entry in self.map.values() {
            if let Value::Stream(stream) = &entry.value {
                stream.audit()?;
            }
        }
        let recount: usize = self.map.iter().map(|(k, e)| entry_cost(k, e)).sum();
        if recount != self.used {
            return Err(format!(
                "memory account {} != recount {}",
                self.used, recount
            ));
        }
        let with_deadline = self.map.values().filter(|e| e.has_deadline()).count();
        let shared: usize = self.shared_expiries.values().sum();
        if with_deadline != self.volatile || self.volatile != self.expiries.len() + shared {
            return Err(format!(
                "expiry index has {} elements and {} shared for {} keys with deadlines (counted {})",
                self.expiries.len(),
                shared,
                with_deadline,
                self.volatile
            ));
        }
        if let Some(element) = self
            .shared_expiries
            .keys()
            .find(|element| !self.expiries.contains(element))
        {
            return Err(format!(
                "shared expiry count without an element: {element:?}"
            ));
        }
        // The side table holds exactly the far deadlines, of keys marked far.
        let marked_far = self.map.values().filter(|e| e.far()).count();
        if marked_far != self.far.len() {
            return Err(format!(
                "{} keys marked far for {} side-table deadlines",
                marked_far,
                self.far.len()
            ));
        }
        if let Some((key, at)) = self.far.iter().find(|&(key, &at)| {
            at < FAR_FROM || !self.map.get(key.as_slice()).is_some_and(Entry::far)
        }) {
            return Err(format!("stray side-table deadline {at} for {key:?}"));
        }
        // Every element leads to as many distinct keys as it stands for;
        // with the count above, every key is filed exactly once.
        for &(at, hash) in &self.expiries {
            let want = 1 + self.shared_expiries.get(&(at, hash)).copied().unwrap_or(0);
            if self.indexed_keys(at, hash).count() != want {
                return Err(format!("stale expiry element ({at}, {hash:#x})"));
            }
        }
        Ok(())
    }
}

/// A database's keys and expiry index, taken out whole by
/// [`Db::take_all`] to be freed a slice at a time.
pub struct Contents {
    pub map: IndexMap<Key, Entry, SeededHasher>,
    pub expiries: BTreeSet<(Millis, u64)>,
    pub far: FarDeadlines,
}

impl Contents {
    /// Keys not freed yet.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// Mutable view of an entry that re-accounts memory when dropped.
pub struct EntryMut<'a> {
    key: &'a Key,
    pub entry: &'a mut Entry,
    used: &'a mut usize,
    before: usize,
}

impl Drop for EntryMut<'_> {
    fn drop(&mut self) {
        *self.used = *self.used - self.before + entry_cost(self.key, self.entry);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compact::Small;

    fn key(k: &str) -> &[u8] {
        k.as_bytes()
    }

    fn small(k: &str) -> Small {
        Small::new(k.as_bytes())
    }

    #[test]
    fn expired_keys_are_invisible_and_counted() {
        let mut db = Db::new(1);
        db.insert(key("a"), Value::Str(small("1")), Some(100), 0);
        assert!(db.contains(b"a", 99));
        assert!(!db.contains(b"a", 100));
        assert_eq!(db.expired_keys, 1);
        assert_eq!(db.len(), 0);
        assert_eq!(db.used_memory(), 0);
        db.audit().unwrap();
    }

    #[test]
    fn repeated_expire_keeps_one_index_entry() {
        let mut db = Db::new(1);
        db.insert(key("a"), Value::Str(small("1")), None, 0);
        for t in 0..1000 {
            assert!(db.set_expire(b"a", Some(100_000 + t), t));
        }
        assert_eq!(db.live_expires_len(0), 1);
        db.audit().unwrap();
    }

    #[test]
    fn memory_follows_list_mutations() {
        let mut db = Db::new(1);
        db.insert(key("l"), Value::List(Box::default()), None, 0);
        for i in 0..100 {
            if let Some(e) = db.lookup_mut(b"l", i) {
                if let Value::List(l) = &mut e.entry.value {
                    l.push_back(small("item"));
                }
            }
        }
        db.audit().unwrap();
        assert!(db.used_memory() > 100 * 4);
        db.remove(b"l");
        assert_eq!(db.used_memory(), 0);
    }

    #[test]
    fn entry_and_slot_sizes_do_not_regrow() {
        assert_eq!(std::mem::size_of::<Value>(), 40);
        assert_eq!(std::mem::size_of::<Entry>(), 48);
        assert_eq!(std::mem::size_of::<(u64, Key, Entry)>(), 80);
    }

    #[test]
    fn far_deadlines_live_in_the_side_table() {
        let mut db = Db::new(1);
        let far = FAR_FROM + 5;
        db.insert(key("near"), Value::Str(small("1")), Some(FAR_FROM - 1), 0);
        db.insert(key("far"), Value::Str(small("1")), Some(far), 0);
        db.audit().unwrap();
        assert_eq!(db.far.len(), 1);
        assert_eq!(db.peek_expire_at(b"near"), Some(FAR_FROM - 1));
        assert_eq!(db.peek_expire_at(b"far"), Some(far));
        let cost_near = db.memory_of(b"near", 0).unwrap();
        let cost_far = db.memory_of(b"far", 0).unwrap();
        assert_eq!(cost_far, cost_near + FAR_SLOT);
        // Moved by take/put with the deadline, dropped when it changes.
        let taken = db.take(b"far", 0).unwrap();
        assert_eq!(taken.expire_at, Some(far));
        assert!(db.far.is_empty());
        db.put(key("far2"), taken, 0);
        assert_eq!(db.peek_expire_at(b"far2"), Some(far));
        db.audit().unwrap();
        assert!(db.set_expire(b"far2", Some(10), 0));
        assert!(db.far.is_empty());
        db.audit().unwrap();
        assert!(db.set_expire(b"far2", Some(far), 0));
        assert_eq!(db.expire_due(far - 1, 10), 1);
        assert!(db.contains(b"far2", far - 1));
        assert!(!db.contains(b"far2", far));
        assert_eq!(db.used_memory(), 0);
        db.audit().unwrap();
    }

    #[test]
    fn active_expiry_respects_budget() {
        let mut db = Db::new(1);
        for i in 0..10 {
            db.insert(key(&format!("k{i}")), Value::Str(small("v")), Some(50), 0);
        }
        assert_eq!(db.expire_due(49, 100), 0);
        assert_eq!(db.expire_due(50, 4), 4);
        assert_eq!(db.expire_due(50, 100), 6);
        assert_eq!(db.len(), 0);
        db.audit().unwrap();
    }
}
