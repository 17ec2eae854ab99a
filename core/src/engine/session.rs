//! One client's session as the engine keeps it: its partial input, the
//! state commands see ([`ClientState`]), its pending output and the
//! accounting of output the adapter holds but has not written yet.

use crate::commands::ClientState;
use crate::protocol::Decoder;
use crate::Millis;

/// Whether the engine still serves a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lifecycle {
    Open,
    /// A close was announced ([`crate::Event::Close`]); input is ignored
    /// until the adapter reports the socket closed.
    Closing,
}

pub(crate) struct Session {
    pub decoder: Decoder,
    pub client: ClientState,
    /// Replies not yet handed to the adapter.
    pub output: Vec<u8>,
    /// Bytes handed to the adapter ([`crate::Server::take_output`]) that it
    /// has not yet reported written.
    pub handed_out: usize,
    pub lifecycle: Lifecycle,
    /// When the client last sent bytes (for `timeout`).
    pub last_input: Millis,
    /// The `last_input` under which the idle timer table holds this client
    /// (at most `last_input`; refreshed lazily, see `timers.rs`).
    pub idle_since: Millis,
    /// Since when its unwritten output has been at or over the soft
    /// `client-output-buffer-limit` (also its key in the timer table).
    pub output_soft_since: Option<Millis>,
    /// An [`crate::Event::Output`] was queued and the output not taken since.
    pub output_announced: bool,
    /// The command this client is blocked in (BLPOP...), run again when a
    /// key it waits on is added; its later input waits in the decoder.
    pub blocked_command: Option<Vec<Vec<u8>>>,
}

impl Session {
    pub fn new(client: ClientState, now: Millis) -> Session {
        Session {
            decoder: Decoder::new(),
            client,
            output: Vec::new(),
            handed_out: 0,
            lifecycle: Lifecycle::Open,
            last_input: now,
            idle_since: now,
            output_soft_since: None,
            output_announced: false,
            blocked_command: None,
        }
    }

    /// Output produced but not yet written to the socket.
    pub fn unwritten(&self) -> usize {
        self.output.len() + self.handed_out
    }

    pub fn is_open(&self) -> bool {
        self.lifecycle == Lifecycle::Open
    }
}
