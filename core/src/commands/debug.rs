//! DEBUG: the subcommands a Redis user and Redis's own test suite use
//! (RELOAD, LOADAOF, OBJECT, DIGEST, DIGEST-VALUE, SET-ACTIVE-EXPIRE, SLEEP,
//! PROTOCOL, QUICKLIST-PACKED-THRESHOLD, CHANGE-REPL-ID, LOG, ERROR,
//! HELP). Who may run DEBUG at all (`enable-debug-command`) is checked by
//! the dispatcher before the handler, as Redis checks it before
//! authentication.
//!
//! Divergences, each because the core is a sans-IO state machine:
//!
//! - **RELOAD** serializes the dataset to an RDB image in memory, empties
//!   the databases (unless NOFLUSH) and loads them back from that image,
//!   all within the call (O(dataset), like SAVE at shutdown: it is a debug
//!   command). Unless NOSAVE, it also writes `dbfilename` through the
//!   snapshot machinery (produced whole at once, as a SAVE that no write
//!   can interleave with), and the client's `+OK` waits for the adapter
//!   to report the file written, as SAVE's does (a failed write answers
//!   `-ERR`, Redis's reply then). The core never reads files, so NOSAVE
//!   reloads from that in-memory image of the current dataset, not from
//!   the file on disk. Function libraries are kept as they are: the image
//!   holds exactly them, so a flush and reload yields the same libraries
//!   (and NOFLUSH without MERGE, which Redis refuses because a library
//!   already exists, is refused here as well, nothing changed).
//! - **LOADAOF** (with `appendonly yes`) reloads the dataset from that
//!   in-memory image too, as RELOAD NOSAVE: the AOF the core logged holds
//!   exactly the dataset, so the keys, types and deadlines come back the
//!   same, but the file's records are not replayed. Without the AOF,
//!   where redis-server exits, it is an error.
//! - **SLEEP** answers `+OK` at once without sleeping: Redis stalls the
//!   whole server, which a core that must never block cannot do.
//! - **QUICKLIST-PACKED-THRESHOLD** checks and keeps the value, but lists
//!   here have no plain (unpacked) nodes for it to steer.
//! - **LOG** and **CHANGE-REPL-ID** answer `+OK`: the core has no log
//!   file and no replication.
//! - **DIGEST** follows Redis's algorithm (SHA-1 mixes of each key and
//!   value), so it matches redis-server for strings, lists, sets, sorted
//!   sets and hashes; a stream's digest is computed over its RDB form, so
//!   it is stable here but not Redis's.

use sha1_smol::Sha1;

use super::args::{is_token, Args};
use super::errors::{self, CommandError};
use super::spec::{flags::*, Command, Reply};
use super::{Ctx, SaveWait};
use crate::persistence::rdb::{self, SaveOptions};
use crate::protocol::Protocol;
use crate::store::{SaveKind, Store};
use crate::types::Value;

pub(super) static COMMANDS: &[Command] =
    &[
        Command::new("debug", -2, ADMIN | NOSCRIPT | LOADING | STALE, debug)
            .acl(&["@admin", "@slow", "@dangerous"])
            .doc(
                "A container for debugging commands",
                "1.0.0",
                "server",
                "Depends on subcommand.",
            )
            .doc_flags(&["syscmd"]),
    ];

/// DEBUG HELP, as redis-server 7.0.15 prints it (every subcommand Redis
/// has, including those this server answers as unknown).
const HELP: &[&str] = &[
    "DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "AOF-FLUSH-SLEEP <microsec>",
    "    Server will sleep before flushing the AOF, this is used for testing.",
    "ASSERT",
    "    Crash by assertion failed.",
    "CHANGE-REPL-ID",
    "    Change the replication IDs of the instance.",
    "    Dangerous: should be used only for testing the replication subsystem.",
    "CONFIG-REWRITE-FORCE-ALL",
    "    Like CONFIG REWRITE but writes all configuration options, including",
    "    keywords not listed in original configuration file or default values.",
    "CRASH-AND-RECOVER [<milliseconds>]",
    "    Hard crash and restart after a <milliseconds> delay (default 0).",
    "DIGEST",
    "    Output a hex signature representing the current DB content.",
    "DIGEST-VALUE <key> [<key> ...]",
    "    Output a hex signature of the values of all the specified keys.",
    "ERROR <string>",
    "    Return a Redis protocol error with <string> as message. Useful for clients",
    "    unit tests to simulate Redis errors.",
    "LEAK <string>",
    "    Create a memory leak of the input string.",
    "LOG <message>",
    "    Write <message> to the server log.",
    "HTSTATS <dbid>",
    "    Return hash table statistics of the specified Redis database.",
    "HTSTATS-KEY <key>",
    "    Like HTSTATS but for the hash table stored at <key>'s value.",
    "LOADAOF",
    "    Flush the AOF buffers on disk and reload the AOF in memory.",
    "REPLICATE <string>",
    "    Replicates the provided string to replicas, allowing data divergence.",
    "MALLCTL <key> [<val>]",
    "    Get or set a malloc tuning integer.",
    "MALLCTL-STR <key> [<val>]",
    "    Get or set a malloc tuning string.",
    "OBJECT <key>",
    "    Show low level info about `key` and associated value.",
    "DROP-CLUSTER-PACKET-FILTER <packet-type>",
    "    Drop all packets that match the filtered type. Set to -1 allow all packets.",
    "OOM",
    "    Crash the server simulating an out-of-memory error.",
    "PANIC",
    "    Crash the server simulating a panic.",
    "POPULATE <count> [<prefix>] [<size>]",
    "    Create <count> string keys named key:<num>. If <prefix> is specified then",
    "    it is used instead of the 'key' prefix. These are not propagated to",
    "    replicas. Cluster slots are not respected so keys not belonging to the",
    "    current node can be created in cluster mode.",
    "PROTOCOL <type>",
    "    Reply with a test value of the specified type. <type> can be: string,",
    "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
    "    true, false.",
    "RELOAD [option ...]",
    "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
    "    * MERGE: conflicting keys will be loaded from RDB.",
    "    * NOFLUSH: the existing database will not be removed before load, but",
    "      conflicting keys will generate an exception and kill the server.",
    "    * NOSAVE: the database will be loaded from an existing RDB file.",
    "    Examples:",
    "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
    "      the database.",
    "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
    "      existing RDB file.",
    "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
    "      file to the database.",
    "RESTART [<milliseconds>]",
    "    Graceful restart: save config, db, restart after a <milliseconds> delay (default 0).",
    "SDSLEN <key>",
    "    Show low level SDS string info representing `key` and value.",
    "SEGFAULT",
    "    Crash the server with sigsegv.",
    "SET-ACTIVE-EXPIRE <0|1>",
    "    Setting it to 0 disables expiring keys in background when they are not",
    "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
    "    default.",
    "QUICKLIST-PACKED-THRESHOLD <size>",
    "    Sets the threshold for elements to be inserted as plain vs packed nodes",
    "    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.",
    "SET-SKIP-CHECKSUM-VALIDATION <0|1>",
    "    Enables or disables checksum checks for RDB files and RESTORE's payload.",
    "SLEEP <seconds>",
    "    Stop the server for <seconds>. Decimals allowed.",
    "STRINGMATCH-TEST",
    "    Run a fuzz tester against the stringmatchlen() function.",
    "STRUCTSIZE",
    "    Return the size of different Redis core C structures.",
    "LISTPACK <key>",
    "    Show low level info about the listpack encoding of <key>.",
    "QUICKLIST <key> [<0|1>]",
    "    Show low level info about the quicklist encoding of <key>.",
    "    The optional argument (0 by default) sets the level of detail",
    "CLIENT-EVICTION",
    "    Show low level client eviction pools info (maxmemory-clients).",
    "PAUSE-CRON <0|1>",
    "    Stop periodic cron job processing.",
    "REPLYBUFFER PEAK-RESET-TIME <NEVER||RESET|time>",
    "    Sets the time (in milliseconds) to wait between client reply buffer peak resets.",
    "    In case NEVER is provided the last observed peak will never be reset",
    "    In case RESET is provided the peak reset time will be restored to the default value",
    "REPLYBUFFER RESIZING <0|1>",
    "    Enable or disable the reply buffer resize cron job",
    "CLUSTERLINK KILL <to|from|all> <node-id>",
    "    Kills the link based on the direction to/from (both) with the provided node.",
    "HELP",
    "    Prints this help.",
];

/// Redis's `OBJ_*` type numbers, mixed into a value's digest.
fn type_number(value: &Value) -> u32 {
    match value {
        Value::Str(_) => 0,
        Value::List(_) => 1,
        Value::Set(_) => 2,
        Value::ZSet(_) => 3,
        Value::Hash(_) => 4,
        Value::Stream(_) => 6,
    }
}

/// DEBUG <subcommand> ...: dispatched by name and argument count as
/// Redis's `debugCommand` does (a known name with the wrong count is the
/// same error as an unknown name).
fn debug(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let words = args.rest();
    let Some((&sub, rest)) = words.split_first() else {
        return Err(errors::wrong_arity("debug"));
    };
    let is = |name: &str| is_token(sub, name);
    match rest.len() {
        0 if is("help") => help(ctx),
        _ if is("reload") => reload(ctx, rest),
        // Redis ignores LOADAOF's arguments.
        _ if is("loadaof") => {
            if !ctx.store.config.appendonly {
                return Err(errors::LOADAOF_WITHOUT_AOF);
            }
            reload(ctx, &[b"nosave"])
        }
        1 if is("object") => object(ctx, rest[0]),
        1 if is("sleep") || is("log") => ok(ctx),
        0 if is("change-repl-id") => ok(ctx),
        1 if is("set-active-expire") => {
            ctx.store.active_expire = atoi(rest[0]) != 0;
            ok(ctx)
        }
        1 if is("quicklist-packed-threshold") => packed_threshold(ctx, rest[0]),
        1 if is("error") => Err(error_from(rest[0])),
        0 if is("digest") => {
            let digest = dataset_digest(ctx.store);
            ctx.reply().simple(&hex(&digest));
            Ok(())
        }
        _ if is("digest-value") => {
            let db = ctx.client.db;
            let now = ctx.now();
            let digests: Vec<String> = rest
                .iter()
                .map(|key| {
                    let mut digest = [0u8; 20];
                    let store = &mut *ctx.store;
                    let has_deadline = store.dbs[db].peek_expire_at(key).is_some();
                    if let Some(entry) = store.dbs[db].peek(key, now) {
                        value_digest(&mut digest, &entry.value, has_deadline);
                    }
                    hex(&digest)
                })
                .collect();
            let mut reply = ctx.reply();
            reply.array(digests.len());
            for digest in &digests {
                reply.simple(digest);
            }
            Ok(())
        }
        1 if is("protocol") => protocol(ctx, rest[0]),
        _ => Err(errors::subcommand_syntax(b"debug", sub)),
    }
}

fn ok(ctx: &mut Ctx) -> Reply {
    ctx.reply().ok();
    Ok(())
}

fn help(ctx: &mut Ctx) -> Reply {
    let mut reply = ctx.reply();
    reply.array(HELP.len());
    for line in HELP {
        reply.simple(line);
    }
    Ok(())
}

/// C's `atoi`: optional sign and leading digits, 0 when there are none.
fn atoi(arg: &[u8]) -> i64 {
    let text = std::str::from_utf8(arg).unwrap_or("").trim_start();
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    let value = digits[..end].parse::<i64>().unwrap_or(0);
    if negative {
        -value
    } else {
        value
    }
}

/// DEBUG ERROR <string>: the string itself is the error line (its first
/// word the error code).
fn error_from(text: &[u8]) -> CommandError {
    CommandError::Formatted(text.to_vec())
}

/// DEBUG QUICKLIST-PACKED-THRESHOLD <size>: Redis's bounds (0 restores
/// the default, 1 GB; at most 4 GB less 1 MB).
fn packed_threshold(ctx: &mut Ctx, arg: &[u8]) -> Reply {
    let size = std::str::from_utf8(arg)
        .ok()
        .and_then(|text| crate::config::parse_memory(text).ok())
        .filter(|&size| size <= (1u64 << 32) - (1 << 20))
        .ok_or(errors::PACKED_THRESHOLD)?;
    ctx.store.quicklist_packed_threshold = if size == 0 { 1 << 30 } else { size };
    ok(ctx)
}

/// DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]; see the module documentation.
fn reload(ctx: &mut Ctx, options: &[&[u8]]) -> Reply {
    let (mut merge, mut flush, mut save) = (false, true, true);
    for option in options {
        if is_token(option, "merge") {
            merge = true;
        } else if is_token(option, "noflush") {
            flush = false;
        } else if is_token(option, "nosave") {
            save = false;
        } else {
            return Err(errors::RELOAD_OPTIONS);
        }
    }
    let store = &mut *ctx.store;
    if store.persistence.dataset_loading.is_some() {
        // The file being loaded is not the whole dataset yet.
        return Err(errors::RELOAD_FAILED);
    }
    if !flush && !merge && (store.key_count() > 0 || store.functions.libraries().next().is_some()) {
        // Every key and library of the image is already there: Redis
        // fails the load (or crashes on a duplicated key).
        return Err(errors::RELOAD_FAILED);
    }
    if save && store.persistence.running.is_some() {
        return Err(errors::BGSAVE_IN_PROGRESS);
    }
    let image = rdb::file::encode_store(store, SaveOptions::from_store(store));
    if save {
        store.begin_snapshot_at_once(SaveKind::Foreground);
    }
    if flush {
        for db in 0..store.dbs.len() {
            store.touch_flushed(db);
            store.dbs[db].clear();
        }
    }
    // The image's libraries are those already there (kept as they are).
    let now = store.now;
    let mut load = rdb::snapshot::FileLoad::begin(store, &image, merge, false)
        .map_err(|_| errors::RELOAD_FAILED)?;
    load.step(store, &image, now, usize::MAX)
        .map_err(|_| errors::RELOAD_FAILED)?;
    let (counts, _libraries) = load.finish();
    store.persistence.last_load_loaded = counts.loaded;
    store.persistence.last_load_expired = counts.expired;
    if save && !ctx.client.in_exec {
        ctx.client.awaiting_save = Some(SaveWait::Save);
        Ok(())
    } else {
        // Inside EXEC the replies after it cannot wait for the file: it
        // is answered now (the file is written all the same).
        ok(ctx)
    }
}

/// DEBUG OBJECT <key>: Redis's line, with the entry's address, its
/// encoding, the length of its RDB form and its LRU clock.
fn object(ctx: &mut Ctx, key: &[u8]) -> Reply {
    let db = ctx.client.db;
    let now = ctx.now();
    let store = &mut *ctx.store;
    let options = SaveOptions::from_store(store);
    let unix_secs = store.unix_now_ms() / 1000;
    let config = store.config.clone();
    let entry = store.dbs[db].peek(key, now).ok_or(errors::NO_SUCH_KEY)?;
    let mut body = Vec::new();
    rdb::value_encode::write_value_body(&mut body, &entry.value, &options);
    let idle = entry.idle_secs(now);
    // Redis's LRU clock: seconds, in 24 bits.
    let lru = unix_secs.saturating_sub(idle) & ((1 << 24) - 1);
    let encoding = entry.encoding(&config);
    let mut line = format!(
        "Value at:{:p} refcount:{} encoding:{encoding} serializedlength:{} lru:{lru} lru_seconds_idle:{idle}",
        entry as *const _,
        entry.refcount(&config),
        body.len(),
    );
    if let (Value::List(list), "quicklist") = (&entry.value, encoding) {
        let nodes = rdb::value_encode::list_nodes(list, options.list_fill);
        let count = nodes.len().max(1);
        let bytes: usize = nodes.iter().map(Vec::len).sum();
        line += &format!(
            " ql_nodes:{} ql_avg_node:{:.2} ql_listpack_max:{} ql_compressed:{} ql_uncompressed_size:{bytes}",
            nodes.len(),
            list.len() as f64 / count as f64,
            options.list_fill,
            i32::from(config.list_compress_depth != 0),
        );
    }
    ctx.reply().simple(&line);
    Ok(())
}

/// DEBUG PROTOCOL <type>: Redis's test values, in the client's protocol.
fn protocol(ctx: &mut Ctx, name: &[u8]) -> Reply {
    let resp3 = ctx.client.protocol == Protocol::Resp3;
    let is = |word: &str| is_token(name, word);
    let bytes: &[u8] = if is("string") {
        b"$11\r\nHello World\r\n"
    } else if is("integer") {
        b":12345\r\n"
    } else if is("double") {
        if resp3 {
            b",3.141\r\n"
        } else {
            b"$5\r\n3.141\r\n"
        }
    } else if is("bignum") {
        if resp3 {
            b"(1234567999999999999999999999999999999\r\n"
        } else {
            b"$37\r\n1234567999999999999999999999999999999\r\n"
        }
    } else if is("null") {
        if resp3 {
            b"_\r\n"
        } else {
            b"$-1\r\n"
        }
    } else if is("array") {
        b"*3\r\n:0\r\n:1\r\n:2\r\n"
    } else if is("set") {
        if resp3 {
            b"~3\r\n:0\r\n:1\r\n:2\r\n"
        } else {
            b"*3\r\n:0\r\n:1\r\n:2\r\n"
        }
    } else if is("map") {
        if resp3 {
            b"%3\r\n:0\r\n#f\r\n:1\r\n#t\r\n:2\r\n#f\r\n"
        } else {
            b"*6\r\n:0\r\n:0\r\n:1\r\n:1\r\n:2\r\n:0\r\n"
        }
    } else if is("attrib") {
        if resp3 {
            b"|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n$39\r\nSome real reply following the attribute\r\n"
        } else {
            b"$39\r\nSome real reply following the attribute\r\n"
        }
    } else if is("push") {
        if !resp3 {
            return Err(errors::PUSH_NEEDS_RESP3);
        }
        b">2\r\n$16\r\nserver-cpu-usage\r\n:42\r\n$40\r\nSome real reply following the push reply\r\n"
    } else if is("verbatim") {
        if resp3 {
            b"=29\r\ntxt:This is a verbatim\nstring\r\n"
        } else {
            b"$25\r\nThis is a verbatim\nstring\r\n"
        }
    } else if is("true") {
        if resp3 {
            b"#t\r\n"
        } else {
            b":1\r\n"
        }
    } else if is("false") {
        if resp3 {
            b"#f\r\n"
        } else {
            b":0\r\n"
        }
    } else {
        return Err(errors::PROTOCOL_TYPE);
    };
    ctx.reply().raw(bytes);
    Ok(())
}

fn hex(digest: &[u8; 20]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Redis's `mixDigest`: SHA-1(bytes) is xored in, then the digest
/// becomes its own SHA-1, so the order of mixed parts matters.
fn mix(digest: &mut [u8; 20], bytes: &[u8]) {
    xor(digest, bytes);
    *digest = Sha1::from(digest.as_slice()).digest().bytes();
}

/// Redis's `xorDigest`: SHA-1(bytes) is xored into the digest, so the
/// order of the parts does not matter.
fn xor(digest: &mut [u8; 20], bytes: &[u8]) {
    let hash = Sha1::from(bytes).digest().bytes();
    for (d, h) in digest.iter_mut().zip(hash) {
        *d ^= h;
    }
}

/// Redis's `computeDatasetDigest`: every non-empty database's number is
/// mixed in, then each key's digest (its name mixed with its value's) is
/// xored in; all zeros for empty databases.
fn dataset_digest(store: &Store) -> [u8; 20] {
    let mut digest = [0u8; 20];
    for (index, db) in store.dbs.iter().enumerate() {
        if db.len() == 0 {
            continue;
        }
        mix(&mut digest, &(index as u32).to_be_bytes());
        for i in 0..db.len() {
            let Some((key, entry)) = db.key_at(i) else {
                continue;
            };
            let mut key_digest = [0u8; 20];
            mix(&mut key_digest, key);
            value_digest(&mut key_digest, &entry.value, entry.has_deadline());
            xor(&mut digest, &key_digest);
        }
    }
    digest
}

/// Redis's `xorObjectDigest`: the type, then the value's elements (mixed
/// in order for a list, xored for the unordered types), then a mark when
/// the key has a deadline.
fn value_digest(digest: &mut [u8; 20], value: &Value, has_deadline: bool) {
    mix(digest, &type_number(value).to_be_bytes());
    match value {
        Value::Str(bytes) => mix(digest, bytes),
        Value::List(list) => {
            for item in list.iter() {
                mix(digest, item);
            }
        }
        Value::Set(set) => {
            for member in set.iter() {
                xor(digest, &member.bytes());
            }
        }
        Value::ZSet(zset) => {
            for (member, score) in zset.iter() {
                let mut element = [0u8; 20];
                mix(&mut element, member);
                mix(&mut element, format_g17(score).as_bytes());
                xor(digest, &element);
            }
        }
        Value::Hash(hash) => {
            for (field, value) in hash.iter() {
                let mut element = [0u8; 20];
                mix(&mut element, field);
                mix(&mut element, value);
                xor(digest, &element);
            }
        }
        Value::Stream(_) => {
            let options = SaveOptions {
                compress: false,
                list_fill: -2,
            };
            let mut body = Vec::new();
            rdb::value_encode::write_value_body(&mut body, value, &options);
            mix(digest, &body);
        }
    }
    if has_deadline {
        xor(digest, b"!!expire!!");
    }
}

/// C's `%.17g`, which Redis 7.0 formats sorted set scores with for the
/// digest.
fn format_g17(value: f64) -> String {
    if value.is_infinite() {
        return if value > 0.0 { "inf" } else { "-inf" }.into();
    }
    if value.is_nan() {
        return "nan".into();
    }
    if value == 0.0 {
        return if value.is_sign_negative() { "-0" } else { "0" }.into();
    }
    let exponent = value.abs().log10().floor() as i32;
    let text = if (-5..17).contains(&exponent) {
        let decimals = (16 - exponent).max(0) as usize;
        let fixed = format!("{value:.decimals$}");
        if fixed.contains('.') {
            fixed
                .trim_end_matches('0')
                .trim_end_matches('.')
                .to_string()
        } else {
            fixed
        }
    } else {
        let sci = format!("{value:.16e}");
        let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
        let mantissa = if mantissa.contains('.') {
            mantissa.trim_end_matches('0').trim_end_matches('.')
        } else {
            mantissa
        };
        let exp: i32 = exp.parse().unwrap_or(0);
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exp.abs())
    };
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g17_formats_as_c_does() {
        assert_eq!(format_g17(1.0), "1");
        assert_eq!(format_g17(1.5), "1.5");
        assert_eq!(format_g17(0.1), "0.10000000000000001");
        assert_eq!(format_g17(-3.25), "-3.25");
        assert_eq!(format_g17(1e20), "1e+20");
        assert_eq!(format_g17(f64::INFINITY), "inf");
    }

    #[test]
    fn atoi_reads_leading_digits() {
        assert_eq!(atoi(b"0"), 0);
        assert_eq!(atoi(b"12abc"), 12);
        assert_eq!(atoi(b"-3"), -3);
        assert_eq!(atoi(b"x"), 0);
    }
}
