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
pub(crate) const SHUTDOWN_FAILED: CommandError =
    CommandError::Static("ERR Errors trying to SHUTDOWN. Check logs.");

// Sets.
pub(crate) const SINTERCARD_NUMKEYS: CommandError =
    CommandError::Static("ERR numkeys should be greater than 0");
pub(crate) const SINTERCARD_TOO_MANY_KEYS: CommandError =
    CommandError::Static("ERR Number of keys can't be greater than number of args");
pub(crate) const SINTERCARD_LIMIT: CommandError =
    CommandError::Static("ERR LIMIT can't be negative");
/// SRANDMEMBER's count, which must fit a negated `long`.
pub(crate) const SRANDMEMBER_RANGE: CommandError = CommandError::Static(
    "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807",
);
pub(crate) const INVALID_CURSOR: CommandError = CommandError::Static("ERR invalid cursor");

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
