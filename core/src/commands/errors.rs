//! Every error text a command answers with, exactly as redis-server
//! 7.0.15 words it, in one place.
//!
//! Texts that echo client bytes are built by the constructors below, which
//! cut each echoed argument at its first NUL byte: Redis formats these
//! messages with `%s` over the argument's C string, so `EXPIRE k 100
//! "ab\0cd"` answers `-ERR Unsupported option ab`. (The reply writer then
//! turns any CR or LF into a space, as Redis's `addReplyErrorLength` does.)

/// An error reply, without the leading `-` and trailing CRLF.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum CommandError {
    Static(&'static str),
    /// A text that embeds client bytes or a formatted value.
    Formatted(Vec<u8>),
}

impl CommandError {
    pub fn text(&self) -> &[u8] {
        match self {
            CommandError::Static(text) => text.as_bytes(),
            CommandError::Formatted(text) => text,
        }
    }
}

/// `bytes` as C reads them: up to the first NUL.
pub(crate) fn c_str(bytes: &[u8]) -> &[u8] {
    match bytes.iter().position(|&b| b == 0) {
        Some(nul) => &bytes[..nul],
        None => bytes,
    }
}

/// Concatenates `parts`; client bytes among them must already be cut with
/// [`c_str`].
fn formatted(parts: &[&[u8]]) -> CommandError {
    CommandError::Formatted(parts.concat())
}

/// The first `max` bytes (C's `%.<max>s`).
fn at_most(bytes: &[u8], max: usize) -> &[u8] {
    &bytes[..bytes.len().min(max)]
}

// Shared by many commands.
pub(crate) const WRONGTYPE: CommandError =
    CommandError::Static("WRONGTYPE Operation against a key holding the wrong kind of value");
pub(crate) const SYNTAX: CommandError = CommandError::Static("ERR syntax error");
pub(crate) const NOT_INTEGER: CommandError =
    CommandError::Static("ERR value is not an integer or out of range");
pub(crate) const NOT_FLOAT: CommandError = CommandError::Static("ERR value is not a valid float");
pub(crate) const NOT_POSITIVE: CommandError =
    CommandError::Static("ERR value is out of range, must be positive");

// Hashes.
pub(crate) const HASH_NOT_INTEGER: CommandError =
    CommandError::Static("ERR hash value is not an integer");
pub(crate) const HASH_NOT_FLOAT: CommandError =
    CommandError::Static("ERR hash value is not a float");
/// HINCRBYFLOAT's increment itself is infinite.
pub(crate) const VALUE_NAN_OR_INFINITY: CommandError =
    CommandError::Static("ERR value is NaN or Infinity");

// The dispatcher's checks.
pub(crate) const NOAUTH: CommandError = CommandError::Static("NOAUTH Authentication required.");
pub(crate) const OOM: CommandError =
    CommandError::Static("OOM command not allowed when used memory > 'maxmemory'.");

/// `ERR unknown command '<name>', with args beginning with: '<arg>' ...`:
/// the name cut at 128 bytes, then arguments while the list is under 128
/// bytes, each cut to the room left (Redis's `'%.*s' ` loop).
pub(crate) fn unknown_command(args: &[&[u8]]) -> CommandError {
    let Some((name, rest)) = args.split_first() else {
        return formatted(&[b"ERR unknown command ''"]);
    };
    let mut listed = Vec::new();
    for arg in rest {
        if listed.len() >= 128 {
            break;
        }
        let room = 128 - listed.len();
        listed.push(b'\'');
        listed.extend_from_slice(at_most(c_str(arg), room));
        listed.extend_from_slice(b"' ");
    }
    formatted(&[
        b"ERR unknown command '",
        at_most(c_str(name), 128),
        b"', with args beginning with: ",
        &listed,
    ])
}

/// `ERR unknown subcommand '<sub>'. Try <CONTAINER> HELP.`
pub(crate) fn unknown_subcommand(container: &[u8], sub: &[u8]) -> CommandError {
    formatted(&[
        b"ERR unknown subcommand '",
        at_most(c_str(sub), 128),
        b"'. Try ",
        &c_str(container).to_ascii_uppercase(),
        b" HELP.",
    ])
}

/// `ERR unknown subcommand or wrong number of arguments for '<sub>'. Try
/// <CONTAINER> HELP.`, both names as the client typed them (Redis's
/// `addReplySubcommandSyntaxError`).
pub(crate) fn subcommand_syntax(container: &[u8], sub: &[u8]) -> CommandError {
    formatted(&[
        b"ERR unknown subcommand or wrong number of arguments for '",
        at_most(c_str(sub), 128),
        b"'. Try ",
        &c_str(container).to_ascii_uppercase(),
        b" HELP.",
    ])
}

/// A RESP2 client with subscriptions ran a command other than the
/// (P|S)SUBSCRIBE family, PING, QUIT, RESET; `name` is the command's full
/// name in lower case (`config|get`), whatever case was typed.
pub(crate) fn only_pubsub_allowed(name: &str) -> CommandError {
    formatted(&[
        b"ERR Can't execute '",
        name.as_bytes(),
        b"': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context",
    ])
}

/// `name` is the full name (`client|setname` for a subcommand).
pub(crate) fn wrong_arity(name: &str) -> CommandError {
    formatted(&[
        b"ERR wrong number of arguments for '",
        name.as_bytes(),
        b"' command",
    ])
}

// Expiry (SET, SETEX, PSETEX, EXPIRE and friends).
pub(crate) fn invalid_expire_time(command: &str) -> CommandError {
    formatted(&[
        b"ERR invalid expire time in '",
        command.as_bytes(),
        b"' command",
    ])
}

pub(crate) fn unsupported_option(option: &[u8]) -> CommandError {
    formatted(&[b"ERR Unsupported option ", c_str(option)])
}

pub(crate) const NX_AND_XX_GT_LT: CommandError =
    CommandError::Static("ERR NX and XX, GT or LT options at the same time are not compatible");
pub(crate) const GT_AND_LT: CommandError =
    CommandError::Static("ERR GT and LT options at the same time are not compatible");

// Connection.
pub(crate) const PROTOCOL_NOT_INTEGER: CommandError =
    CommandError::Static("ERR Protocol version is not an integer or out of range");
pub(crate) const NOPROTO: CommandError =
    CommandError::Static("NOPROTO unsupported protocol version");
pub(crate) const WRONGPASS: CommandError =
    CommandError::Static("WRONGPASS invalid username-password pair or user is disabled.");
pub(crate) const HELLO_NOAUTH: CommandError = CommandError::Static("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time");
pub(crate) const AUTH_WITHOUT_PASSWORD: CommandError = CommandError::Static("ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?");
pub(crate) const DB_INDEX_NOT_INT: CommandError = CommandError::Static(
    "ERR value is out of range, value must between -2147483648 and 2147483647",
);
pub(crate) const DB_INDEX_OUT_OF_RANGE: CommandError =
    CommandError::Static("ERR DB index is out of range");

pub(crate) fn hello_syntax(option: &[u8]) -> CommandError {
    formatted(&[b"ERR Syntax error in HELLO option '", c_str(option), b"'"])
}

// CLIENT.
pub(crate) const INVALID_CLIENT_NAME: CommandError =
    CommandError::Static("ERR Client names cannot contain spaces, newlines or special characters.");

pub(crate) fn unrecognized_option(option: &[u8]) -> CommandError {
    formatted(&[b"ERR Unrecognized option '", c_str(option), b"'"])
}

/// CLIENT SETINFO with a value Redis refuses; `attribute` as the client
/// wrote it.
pub(crate) fn invalid_attribute(attribute: &[u8]) -> CommandError {
    formatted(&[
        b"ERR ",
        c_str(attribute),
        b" cannot contain spaces, newlines or special characters.",
    ])
}

// Server.
pub(crate) fn config_unknown_option(name: &[u8]) -> CommandError {
    formatted(&[
        b"ERR Unknown option or number of arguments for CONFIG SET - '",
        c_str(name),
        b"'",
    ])
}

/// `reason` is one of the parameter's own texts (see server.rs).
pub(crate) fn config_set_failed(name: &str, reason: &str) -> CommandError {
    formatted(&[
        b"ERR CONFIG SET failed (possibly related to argument '",
        name.as_bytes(),
        b"') - ",
        reason.as_bytes(),
    ])
}

pub(crate) const CLUSTER_DISABLED: CommandError =
    CommandError::Static("ERR This instance has cluster support disabled");
pub(crate) const NO_SHUTDOWN_IN_PROGRESS: CommandError =
    CommandError::Static("ERR No shutdown in progress.");
/// SAVE whose file could not be written (Redis's bare `shared.err`).
pub(crate) const SAVE_FAILED: CommandError = CommandError::Static("ERR");
/// BGREWRITEAOF while one runs.
pub(crate) const AOF_REWRITE_IN_PROGRESS: CommandError =
    CommandError::Static("ERR Background append only file rewriting already in progress");
/// BGSAVE (without SCHEDULE) while an AOF rewrite runs.
pub(crate) const BGSAVE_CHILD_ACTIVE: CommandError = CommandError::Static(
    "ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.",
);

/// Writes while the AOF cannot be written (Redis's
/// `-MISCONF Errors writing to the AOF file: <strerror>`).
pub(crate) fn aof_write_error(reason: &str) -> CommandError {
    CommandError::Formatted(
        format!("MISCONF Errors writing to the AOF file: {reason}").into_bytes(),
    )
}

/// SAVE, BGSAVE while a snapshot is being produced or written.
pub(crate) const BGSAVE_IN_PROGRESS: CommandError =
    CommandError::Static("ERR Background save already in progress");
/// Writes (and PING) while the last background save failed and
/// `stop-writes-on-bgsave-error` is on (Redis's `shared.bgsaveerr`).
pub(crate) const MISCONF: CommandError = CommandError::Static(
    "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.",
);
pub(crate) const SHUTDOWN_FAILED: CommandError =
    CommandError::Static("ERR Errors trying to SHUTDOWN. Check logs.");

// COMMAND GETKEYS / GETKEYSANDFLAGS.
pub(crate) const GETKEYS_INVALID_COMMAND: CommandError =
    CommandError::Static("ERR Invalid command specified");
pub(crate) const GETKEYS_NO_KEYS: CommandError =
    CommandError::Static("ERR The command has no key arguments");
pub(crate) const GETKEYS_WRONG_ARITY: CommandError =
    CommandError::Static("ERR Invalid number of arguments specified for command");
pub(crate) const GETKEYS_INVALID_ARGUMENTS: CommandError =
    CommandError::Static("ERR Invalid arguments specified for command");

// CONFIG REWRITE.
pub(crate) const NO_CONFIG_FILE: CommandError =
    CommandError::Static("ERR The server is running without a config file");

// Strings: counters, ranges, bitmaps, BITFIELD, LCS.
pub(crate) const INCR_OVERFLOW: CommandError =
    CommandError::Static("ERR increment or decrement would overflow");
pub(crate) const DECREMENT_OVERFLOW: CommandError =
    CommandError::Static("ERR decrement would overflow");
pub(crate) const NAN_OR_INFINITY: CommandError =
    CommandError::Static("ERR increment would produce NaN or Infinity");
pub(crate) const STRING_TOO_LONG: CommandError =
    CommandError::Static("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
pub(crate) const BIT_OFFSET: CommandError =
    CommandError::Static("ERR bit offset is not an integer or out of range");
pub(crate) const BIT_VALUE: CommandError =
    CommandError::Static("ERR bit is not an integer or out of range");
pub(crate) const BIT_ARGUMENT: CommandError =
    CommandError::Static("ERR The bit argument must be 1 or 0.");
pub(crate) const BITOP_NOT_ONE_KEY: CommandError =
    CommandError::Static("ERR BITOP NOT must be called with a single source key.");
pub(crate) const BITFIELD_TYPE: CommandError = CommandError::Static(
    "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.",
);
pub(crate) const BITFIELD_OVERFLOW: CommandError =
    CommandError::Static("ERR Invalid OVERFLOW type specified");
pub(crate) const BITFIELD_RO_WRITE: CommandError =
    CommandError::Static("ERR BITFIELD_RO only supports the GET subcommand");
pub(crate) const LCS_IDX_AND_LEN: CommandError =
    CommandError::Static("ERR If you want both the length and indexes, please just use IDX.");
pub(crate) const LCS_NOT_STRINGS: CommandError =
    CommandError::Static("ERR The specified keys must contain string values");
pub(crate) const OFFSET_OUT_OF_RANGE: CommandError =
    CommandError::Static("ERR offset is out of range");
pub(crate) const LCS_NO_MEMORY: CommandError =
    CommandError::Static("ERR Insufficient memory, failed allocating transient memory for LCS");
// Keyspace: COPY, MOVE, RENAME, SWAPDB, SCAN, OBJECT.
pub(crate) const SAME_OBJECT: CommandError =
    CommandError::Static("ERR source and destination objects are the same");
pub(crate) const NO_SUCH_KEY: CommandError = CommandError::Static("ERR no such key");
pub(crate) const INVALID_FIRST_DB: CommandError =
    CommandError::Static("ERR invalid first DB index");
pub(crate) const INVALID_SECOND_DB: CommandError =
    CommandError::Static("ERR invalid second DB index");
pub(crate) const INVALID_CURSOR: CommandError = CommandError::Static("ERR invalid cursor");
pub(crate) const FREQ_WITHOUT_LFU: CommandError = CommandError::Static("ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.");
pub(crate) const IDLETIME_UNDER_LFU: CommandError = CommandError::Static("ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.");
// Sorted sets.
pub(crate) const MIN_MAX_NOT_FLOAT: CommandError =
    CommandError::Static("ERR min or max is not a float");
pub(crate) const LEX_RANGE: CommandError =
    CommandError::Static("ERR min or max not valid string range item");
pub(crate) const ZADD_NX_XX: CommandError =
    CommandError::Static("ERR XX and NX options at the same time are not compatible");
pub(crate) const ZADD_GT_LT_NX: CommandError =
    CommandError::Static("ERR GT, LT, and/or NX options at the same time are not compatible");
pub(crate) const ZADD_INCR_PAIRS: CommandError =
    CommandError::Static("ERR INCR option supports a single increment-element pair");
pub(crate) const SCORE_NAN: CommandError =
    CommandError::Static("ERR resulting score is not a number (NaN)");
pub(crate) const RANDMEMBER_RANGE: CommandError = CommandError::Static(
    "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807",
);
pub(crate) const OUT_OF_RANGE: CommandError = CommandError::Static("ERR value is out of range");
pub(crate) const WEIGHT_NOT_FLOAT: CommandError =
    CommandError::Static("ERR weight value is not a float");
pub(crate) const LIMIT_NEGATIVE: CommandError = CommandError::Static("ERR LIMIT can't be negative");
pub(crate) const LIMIT_NEEDS_BYSCORE_BYLEX: CommandError = CommandError::Static(
    "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX",
);
pub(crate) const WITHSCORES_BYLEX: CommandError =
    CommandError::Static("ERR syntax error, WITHSCORES not supported in combination with BYLEX");

/// `ERR at least 1 input key is needed for '<command>' command`.
pub(crate) fn at_least_one_key(command: &str) -> CommandError {
    formatted(&[
        b"ERR at least 1 input key is needed for '",
        command.as_bytes(),
        b"' command",
    ])
}
// Lists.
pub(crate) const INDEX_OUT_OF_RANGE: CommandError = CommandError::Static("ERR index out of range");
/// LMPOP's and ZMPOP's numkeys (BLMPOP words it the same way).
pub(crate) const NUMKEYS_NOT_POSITIVE: CommandError =
    CommandError::Static("ERR numkeys should be greater than 0");
/// LMPOP's and ZMPOP's COUNT.
pub(crate) const COUNT_NOT_POSITIVE: CommandError =
    CommandError::Static("ERR count should be greater than 0");
pub(crate) const LPOS_RANK_ZERO: CommandError = CommandError::Static("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list");
pub(crate) const LPOS_COUNT_NEGATIVE: CommandError =
    CommandError::Static("ERR COUNT can't be negative");
pub(crate) const LPOS_MAXLEN_NEGATIVE: CommandError =
    CommandError::Static("ERR MAXLEN can't be negative");
// Sets.
pub(crate) const SINTERCARD_NUMKEYS: CommandError =
    CommandError::Static("ERR numkeys should be greater than 0");
pub(crate) const SINTERCARD_TOO_MANY_KEYS: CommandError =
    CommandError::Static("ERR Number of keys can't be greater than number of args");

// SORT.
pub(crate) const SORT_NOT_DOUBLE: CommandError =
    CommandError::Static("ERR One or more scores can't be converted into double");

// Blocking commands.
pub(crate) const TIMEOUT_NOT_FLOAT: CommandError =
    CommandError::Static("ERR timeout is not a float or out of range");
pub(crate) const TIMEOUT_NEGATIVE: CommandError = CommandError::Static("ERR timeout is negative");
/// What a client blocked until CLIENT UNBLOCK ... ERROR receives.
pub(crate) const UNBLOCKED: CommandError =
    CommandError::Static("UNBLOCKED client unblocked via CLIENT UNBLOCK");
pub(crate) const UNBLOCK_REASON: CommandError =
    CommandError::Static("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");

// Transactions.
pub(crate) const MULTI_NESTED: CommandError =
    CommandError::Static("ERR MULTI calls can not be nested");
pub(crate) const EXEC_WITHOUT_MULTI: CommandError = CommandError::Static("ERR EXEC without MULTI");
pub(crate) const DISCARD_WITHOUT_MULTI: CommandError =
    CommandError::Static("ERR DISCARD without MULTI");
pub(crate) const WATCH_IN_MULTI: CommandError =
    CommandError::Static("ERR WATCH inside MULTI is not allowed");
/// A `no-multi` command (SHUTDOWN) sent inside MULTI.
pub(crate) const NOT_IN_MULTI: CommandError =
    CommandError::Static("ERR Command not allowed inside a transaction");
/// EXEC of a transaction in which a command was refused while queueing.
pub(crate) const EXECABORT: CommandError =
    CommandError::Static("EXECABORT Transaction discarded because of previous errors.");

/// EXEC itself refused (wrong arity, NOAUTH, OOM): Redis's
/// `execCommandAbort` wraps the refusal as Redis holds it, that is with
/// its own code (`OOM ...`, `NOAUTH ...`) but without the `ERR ` that
/// Redis adds only when replying a message that has no code (its arity
/// error).
pub(crate) fn exec_abort(refusal: &CommandError) -> CommandError {
    let text = refusal.text();
    formatted(&[
        b"EXECABORT Transaction discarded because of: ",
        text.strip_prefix(b"ERR ").unwrap_or(text),
    ])
}

// Streams.
pub(crate) const STREAM_BAD_ID: CommandError =
    CommandError::Static("ERR Invalid stream ID specified as stream command argument");
pub(crate) const XADD_ZERO_ID: CommandError =
    CommandError::Static("ERR The ID specified in XADD must be greater than 0-0");
pub(crate) const XADD_SMALLER_ID: CommandError = CommandError::Static(
    "ERR The ID specified in XADD is equal or smaller than the target stream top item",
);
pub(crate) const STREAM_EXHAUSTED: CommandError = CommandError::Static(
    "ERR The stream has exhausted the last possible ID, unable to add more items",
);
pub(crate) const TRIM_BOTH: CommandError = CommandError::Static(
    "ERR syntax error, MAXLEN and MINID options at the same time are not compatible",
);
pub(crate) const MAXLEN_NEGATIVE: CommandError =
    CommandError::Static("ERR The MAXLEN argument must be >= 0.");
pub(crate) const XLIMIT_NEGATIVE: CommandError =
    CommandError::Static("ERR The LIMIT argument must be >= 0.");
pub(crate) const LIMIT_WITHOUT_STRATEGY: CommandError = CommandError::Static(
    "ERR syntax error, LIMIT cannot be used without specifying a trimming strategy",
);
pub(crate) const XTRIM_NO_STRATEGY: CommandError =
    CommandError::Static("ERR syntax error, XTRIM must be called with a trimming strategy");
pub(crate) const LIMIT_WITHOUT_APPROX: CommandError =
    CommandError::Static("ERR syntax error, LIMIT cannot be used without the special ~ option");
pub(crate) const INVALID_START_ID: CommandError =
    CommandError::Static("ERR invalid start ID for the interval");
pub(crate) const INVALID_END_ID: CommandError =
    CommandError::Static("ERR invalid end ID for the interval");
pub(crate) const XREAD_UNBALANCED: CommandError = CommandError::Static(
    "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.",
);
pub(crate) const XREADGROUP_UNBALANCED: CommandError = CommandError::Static(
    "ERR Unbalanced 'xreadgroup' list of streams: for each stream key an ID or '>' must be specified.",
);
pub(crate) const XREAD_GROUP_OPTION: CommandError = CommandError::Static(
    "ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.",
);
pub(crate) const XREAD_NOACK_OPTION: CommandError = CommandError::Static(
    "ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.",
);
pub(crate) const XREADGROUP_MISSING_GROUP: CommandError =
    CommandError::Static("ERR Missing GROUP option for XREADGROUP");
pub(crate) const XREADGROUP_DOLLAR: CommandError = CommandError::Static("ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.");
pub(crate) const XREAD_GT: CommandError = CommandError::Static(
    "ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.",
);
pub(crate) const XSETID_ENTRIES_NEGATIVE: CommandError =
    CommandError::Static("ERR entries_added must be positive");
pub(crate) const XSETID_BELOW_MAX_DELETED: CommandError = CommandError::Static(
    "ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id",
);
pub(crate) const XSETID_SMALLER: CommandError = CommandError::Static(
    "ERR The ID specified in XSETID is smaller than the target stream top item",
);
pub(crate) const XSETID_ENTRIES_SMALLER: CommandError = CommandError::Static(
    "ERR The entries_added specified in XSETID is smaller than the target stream length",
);
pub(crate) const BUSYGROUP: CommandError =
    CommandError::Static("BUSYGROUP Consumer Group name already exists");
pub(crate) const ENTRIESREAD_RANGE: CommandError =
    CommandError::Static("ERR value for ENTRIESREAD must be positive or -1");
pub(crate) const XGROUP_NEEDS_KEY: CommandError = CommandError::Static("ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.");

/// `-NOGROUP No such key 'key' or consumer group 'group' in <command>`.
pub(crate) fn nogroup_in(key: &[u8], group: &[u8], command: &str) -> CommandError {
    formatted(&[
        b"NOGROUP No such key '",
        c_str(key),
        b"' or consumer group '",
        c_str(group),
        b"' in ",
        command.as_bytes(),
    ])
}

/// `-NOGROUP No such consumer group 'group' for key name 'key'`.
pub(crate) fn nogroup_for_key(key: &[u8], group: &[u8]) -> CommandError {
    formatted(&[
        b"NOGROUP No such consumer group '",
        c_str(group),
        b"' for key name '",
        c_str(key),
        b"'",
    ])
}

/// `-NOGROUP No such key 'key' or consumer group 'group'` (XAUTOCLAIM).
pub(crate) fn nogroup(key: &[u8], group: &[u8]) -> CommandError {
    formatted(&[
        b"NOGROUP No such key '",
        c_str(key),
        b"' or consumer group '",
        c_str(group),
        b"'",
    ])
}

pub(crate) const STREAM_KEY_GONE: CommandError =
    CommandError::Static("UNBLOCKED the stream key no longer exists");
pub(crate) const GROUP_GONE: CommandError =
    CommandError::Static("NOGROUP the consumer group this client was blocked on no longer exists");
pub(crate) const XAUTOCLAIM_COUNT: CommandError = CommandError::Static("ERR COUNT must be > 0");

/// `Unrecognized XCLAIM option 'opt'`.
pub(crate) fn unrecognized_xclaim_option(option: &[u8]) -> CommandError {
    formatted(&[b"ERR Unrecognized XCLAIM option '", c_str(option), b"'"])
}

// Client management (CLIENT LIST / KILL / PAUSE / TRACKING..., MONITOR).
pub(crate) const INVALID_CLIENT_ID: CommandError = CommandError::Static("ERR Invalid client ID");
pub(crate) const NO_SUCH_CLIENT: CommandError = CommandError::Static("ERR No such client");
pub(crate) const CLIENT_ID_NOT_POSITIVE: CommandError =
    CommandError::Static("ERR client-id should be greater than 0");
pub(crate) const PAUSE_MODE: CommandError =
    CommandError::Static("ERR CLIENT PAUSE mode must be WRITE or ALL");
pub(crate) const TIMEOUT_NOT_INTEGER: CommandError =
    CommandError::Static("ERR timeout is not an integer or out of range");
pub(crate) const CACHING_WITHOUT_TRACKING: CommandError = CommandError::Static("ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled");
pub(crate) const REDIRECT_TWICE: CommandError =
    CommandError::Static("ERR A client can only redirect to a single other client");
pub(crate) const REDIRECT_MISSING: CommandError =
    CommandError::Static("ERR The client ID you want redirect to does not exist");
pub(crate) const PREFIX_WITHOUT_BCAST: CommandError =
    CommandError::Static("ERR PREFIX option requires BCAST mode to be enabled");
pub(crate) const OPTIN_OPTOUT_WITH_BCAST: CommandError =
    CommandError::Static("ERR OPTIN and OPTOUT are not compatible with BCAST");
pub(crate) const OPTIN_AND_OPTOUT: CommandError =
    CommandError::Static("ERR You can't specify both OPTIN mode and OPTOUT mode");
/// miniRedis's own: it does not implement client-side caching, so a
/// valid CLIENT TRACKING ON is refused rather than accepted and ignored.
pub(crate) const TRACKING_UNSUPPORTED: CommandError = CommandError::Static(
    "ERR client-side caching (CLIENT TRACKING ON) is not supported by this server",
);
pub(crate) const MONITOR_DENY_BLOCKING: CommandError =
    CommandError::Static("ERR MONITOR isn't allowed for DENY BLOCKING client");
/// A MONITOR client (a replica to Redis) ran a command that reads or
/// writes keys.
pub(crate) const REPLICA_KEYSPACE: CommandError =
    CommandError::Static("ERR Replica can't interact with the keyspace");

/// `ERR Unknown client type '<name>'`.
pub(crate) fn unknown_client_type(name: &[u8]) -> CommandError {
    formatted(&[b"ERR Unknown client type '", c_str(name), b"'"])
}

/// `ERR No such user '<name>'` (the only user is `default`).
pub(crate) fn no_such_user(name: &[u8]) -> CommandError {
    formatted(&[b"ERR No such user '", c_str(name), b"'"])
}

// GEO commands.
pub(crate) const GEO_UNIT: CommandError =
    CommandError::Static("ERR unsupported unit provided. please use M, KM, FT, MI");
pub(crate) const GEO_NUMERIC_RADIUS: CommandError = CommandError::Static("ERR need numeric radius");
pub(crate) const GEO_NEGATIVE_RADIUS: CommandError =
    CommandError::Static("ERR radius cannot be negative");
pub(crate) const GEO_NUMERIC_WIDTH: CommandError = CommandError::Static("ERR need numeric width");
pub(crate) const GEO_NUMERIC_HEIGHT: CommandError = CommandError::Static("ERR need numeric height");
pub(crate) const GEO_NEGATIVE_BOX: CommandError =
    CommandError::Static("ERR height or width cannot be negative");
pub(crate) const GEO_COUNT: CommandError = CommandError::Static("ERR COUNT must be > 0");
pub(crate) const GEO_ANY_COUNT: CommandError =
    CommandError::Static("ERR the ANY argument requires COUNT argument");
pub(crate) const GEO_MEMBER_NOT_FOUND: CommandError =
    CommandError::Static("ERR could not decode requested zset member");
pub(crate) const GEOSEARCHSTORE_WITH: CommandError = CommandError::Static(
    "ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options",
);
pub(crate) const GEORADIUS_STORE_WITH: CommandError = CommandError::Static(
    "ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options",
);

/// A longitude or latitude outside Redis's limits, echoed with C's `%f`.
pub(crate) fn geo_invalid_pair(longitude: f64, latitude: f64) -> CommandError {
    CommandError::Formatted(
        format!("ERR invalid longitude,latitude pair {longitude:.6},{latitude:.6}").into_bytes(),
    )
}

/// GEOSEARCH(STORE) without FROMMEMBER or FROMLONLAT; `command` as typed.
pub(crate) fn geo_exactly_one_from(command: &[u8]) -> CommandError {
    formatted(&[
        b"ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for ",
        c_str(command),
    ])
}

/// GEOSEARCH(STORE) without BYRADIUS or BYBOX; `command` as typed.
pub(crate) fn geo_exactly_one_by(command: &[u8]) -> CommandError {
    formatted(&[
        b"ERR exactly one of BYRADIUS and BYBOX can be specified for ",
        c_str(command),
    ])
}

// Lua scripting (commands/scripting.rs and crate::scripting).
pub(crate) const SCRIPT_TOO_MANY_KEYS: CommandError =
    CommandError::Static("ERR Number of keys can't be greater than number of args");
pub(crate) const SCRIPT_NEGATIVE_KEYS: CommandError =
    CommandError::Static("ERR Number of keys can't be negative");
pub(crate) const NOSCRIPT: CommandError =
    CommandError::Static("NOSCRIPT No matching script. Please use EVAL.");
pub(crate) const NOTBUSY: CommandError =
    CommandError::Static("NOTBUSY No scripts in execution right now.");
pub(crate) const UNKILLABLE: CommandError = CommandError::Static(
    "UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.",
);
pub(crate) const BUSY: CommandError = CommandError::Static(
    "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.",
);
pub(crate) const SCRIPT_FLUSH_OPTION: CommandError =
    CommandError::Static("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
pub(crate) const SCRIPT_DEBUG_SYNTAX: CommandError =
    CommandError::Static("ERR Use SCRIPT DEBUG YES/SYNC/NO");
/// SCRIPT DEBUG YES|SYNC: the Lua debugger is not part of miniRedis.
pub(crate) const SCRIPT_DEBUG_UNSUPPORTED: CommandError =
    CommandError::Static("ERR SCRIPT DEBUG is not supported");
/// The caller's reply when SCRIPT KILL stopped its script (the `script:
/// ..., on ...` suffix follows).
pub(crate) const SCRIPT_KILLED: &str = "ERR Script killed by user with SCRIPT KILL...";
pub(crate) const SCRIPT_NOT_ALLOWED: &str = "ERR This Redis command is not allowed from script";
pub(crate) const SCRIPT_UNKNOWN_COMMAND: &str = "ERR Unknown Redis command called from script";
/// XREAD / XREADGROUP with BLOCK from a script.
pub(crate) fn block_from_script(group_command: bool) -> CommandError {
    CommandError::Static(if group_command {
        "ERR xreadgroup command is not allowed with BLOCK option from scripts"
    } else {
        "ERR xread command is not allowed with BLOCK option from scripts"
    })
}
pub(crate) const SCRIPT_WRONG_ARITY: &str =
    "ERR Wrong number of args calling Redis command from script";
pub(crate) const SCRIPT_NO_ARGUMENTS: &str =
    "ERR Please specify at least one argument for this redis lib call";
pub(crate) const SCRIPT_BAD_ARGUMENT: &str =
    "ERR Lua redis lib command arguments must be strings or integers";
pub(crate) const SCRIPT_WRITE_IN_READ_ONLY: &str =
    "ERR Write commands are not allowed from read-only scripts.";
pub(crate) const SCRIPT_OOM: &str = "OOM command not allowed when used memory > 'maxmemory'.";

// Redis 7.0 functions (commands/functions.rs and crate::scripting::functions).
pub(crate) const BUSY_FUNCTION: CommandError = CommandError::Static(
    "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.",
);
/// The BUSY reply while `busy` runs: it names the kill command that
/// applies to it (SCRIPT KILL for EVAL, FUNCTION KILL for FCALL).
pub(crate) fn busy_for(busy: Option<crate::store::Busy>) -> CommandError {
    if busy.is_some_and(|b| b.function) {
        BUSY_FUNCTION
    } else {
        BUSY
    }
}
pub(crate) const FUNCTION_NOT_FOUND: CommandError = CommandError::Static("ERR Function not found");
pub(crate) const FUNCTION_BAD_NUMKEYS: CommandError =
    CommandError::Static("ERR Bad number of keys provided");
pub(crate) const FUNCTION_RO_WRITE: CommandError =
    CommandError::Static("ERR Can not execute a script with write flag using *_ro command.");
pub(crate) const FUNCTION_LIBRARY_NOT_FOUND: CommandError =
    CommandError::Static("ERR Library not found");
pub(crate) const FUNCTION_FLUSH_OPTION: CommandError =
    CommandError::Static("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
pub(crate) const FUNCTION_LIST_NO_NAME: CommandError =
    CommandError::Static("ERR library name argument was not given");
pub(crate) const FUNCTION_MISSING_METADATA: &str = "ERR Missing library metadata";
pub(crate) const FUNCTION_INVALID_METADATA: &str = "ERR Invalid library metadata";
pub(crate) const FUNCTION_NO_NAME: &str = "ERR Library name was not given";
pub(crate) const FUNCTION_NAME_TWICE: &str =
    "ERR Invalid metadata value, name argument was given multiple times";
pub(crate) const FUNCTION_BAD_NAME: &str = "ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long";
pub(crate) const FUNCTION_NONE_REGISTERED: &str = "ERR No functions registered";
pub(crate) const FUNCTION_RESTORE_POLICY: CommandError = CommandError::Static(
    "ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.",
);
pub(crate) const FUNCTION_LOAD_TIMEOUT: &str =
    "ERR Error registering functions: ERR FUNCTION LOAD timeout";
// DUMP / RESTORE.
pub(crate) const BUSYKEY: CommandError =
    CommandError::Static("BUSYKEY Target key name already exists.");
pub(crate) const RESTORE_BAD_TTL: CommandError =
    CommandError::Static("ERR Invalid TTL value, must be >= 0");
pub(crate) const RESTORE_BAD_IDLETIME: CommandError =
    CommandError::Static("ERR Invalid IDLETIME value, must be >= 0");
pub(crate) const RESTORE_BAD_FREQ: CommandError =
    CommandError::Static("ERR Invalid FREQ value, must be >= 0 and <= 255");
pub(crate) const DUMP_PAYLOAD: CommandError =
    CommandError::Static("ERR DUMP payload version or checksum are wrong");
pub(crate) const BAD_DATA_FORMAT: CommandError = CommandError::Static("ERR Bad data format");

/// DEBUG while `enable-debug-command` does not allow it for this client.
pub(crate) const DEBUG_NOT_ALLOWED: CommandError = CommandError::Static(
    "ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.",
);
/// A command without the `loading` flag while the dataset loads.
pub(crate) const LOADING: CommandError =
    CommandError::Static("LOADING Redis is loading the dataset in memory");
/// DEBUG RELOAD with an option it does not know.
pub(crate) const RELOAD_OPTIONS: CommandError =
    CommandError::Static("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
/// DEBUG LOADAOF with `appendonly no` (redis-server exits there, having
/// no AOF to load).
pub(crate) const LOADAOF_WITHOUT_AOF: CommandError =
    CommandError::Static("ERR DEBUG LOADAOF needs appendonly yes");
/// DEBUG RELOAD whose load failed.
pub(crate) const RELOAD_FAILED: CommandError =
    CommandError::Static("ERR Error trying to load the RDB dump, check server logs.");
/// DEBUG QUICKLIST-PACKED-THRESHOLD out of its bounds.
pub(crate) const PACKED_THRESHOLD: CommandError =
    CommandError::Static("ERR argument must be a memory value bigger than 1 and smaller than 4gb");
/// DEBUG PROTOCOL push on a RESP2 connection.
pub(crate) const PUSH_NEEDS_RESP3: CommandError =
    CommandError::Static("ERR RESP2 is not supported by this command");
/// DEBUG PROTOCOL with an unknown type.
pub(crate) const PROTOCOL_TYPE: CommandError = CommandError::Static(
    "ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false",
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echoed_bytes_stop_at_nul() {
        assert_eq!(c_str(b"ab\0cd"), b"ab");
        assert_eq!(c_str(b"\0"), b"");
        assert_eq!(c_str(b"abc"), b"abc");
        assert_eq!(
            unsupported_option(b"\0x").text(),
            b"ERR Unsupported option "
        );
        assert_eq!(
            unknown_command(&[b"get\0x", b"a\0b", b"cd"]).text(),
            b"ERR unknown command 'get', with args beginning with: 'a' 'cd' "
        );
    }
}
