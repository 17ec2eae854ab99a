//! Command dispatch: name lookup, arity check, and the handlers.

use bytes::Bytes;

use crate::protocol::ReplyWriter;
use crate::server::{ClientState, Server};

/// Whether the connection stays open after a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flow {
    Continue,
    Close,
}

/// Runs one command and appends its reply to `out`.
pub(crate) fn execute(server: &mut Server, client: &mut ClientState, args: &[Bytes], out: &mut Vec<u8>) -> Flow {
    let _ = server;
    let mut w = ReplyWriter::new(out, client.protocol);
    if args[0].eq_ignore_ascii_case(b"ping") {
        w.simple("PONG");
    } else {
        w.error("ERR unknown command");
    }
    Flow::Continue
}
