//! `set_error`: while an error is injected, every complete command a socket
//! sends is answered with that error instead of reaching the core. The
//! input is split into commands with the core's own decoder, so a pipeline
//! of three commands gets three errors, and a command split across reads
//! gets one, once complete.

use miniredis_core::protocol::{Decoder, Limits};

/// One connection's splitter. Holds the raw bytes of an incomplete command,
/// so that if the error is lifted before it completes, the core gets the
/// whole command.
#[derive(Default)]
pub(crate) struct Injector {
    decoder: Option<Decoder>,
    held: Vec<u8>,
}

/// What to do with a batch of input.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Route {
    /// Give these bytes to the core.
    Core(Vec<u8>),
    /// Answer these bytes (one error per complete command) on the socket.
    Answer(Vec<u8>),
}

impl Injector {
    /// Routes `input`; `error` is the injected reply in force, if any.
    pub(crate) fn route(&mut self, input: &[u8], error: Option<&[u8]>) -> Route {
        let Some(error) = error else {
            // No error (any more): what was held goes first.
            self.decoder = None;
            if self.held.is_empty() {
                return Route::Core(input.to_vec());
            }
            let mut bytes = std::mem::take(&mut self.held);
            bytes.extend_from_slice(input);
            return Route::Core(bytes);
        };
        let decoder = self.decoder.get_or_insert_with(Decoder::new);
        decoder.extend(input);
        self.held.extend_from_slice(input);
        let mut answer = Vec::new();
        loop {
            match decoder.next_command(&Limits::default()) {
                Ok(Some(_)) => answer.extend_from_slice(error),
                Ok(None) => break,
                // Not Redis protocol: the core answers that as it always
                // does (and closes the connection).
                Err(_) => {
                    self.decoder = None;
                    return Route::Core(std::mem::take(&mut self.held));
                }
            }
        }
        let pending = decoder.pending();
        self.held.drain(..self.held.len() - pending);
        Route::Answer(answer)
    }
}

/// The reply bytes for `set_error(Some(text))`: `text` with a leading `-`
/// or not, line ends removed (they would break the protocol).
pub(crate) fn error_reply(text: &str) -> Vec<u8> {
    let text = text.strip_prefix('-').unwrap_or(text);
    let line: String = text.chars().filter(|c| *c != '\r' && *c != '\n').collect();
    format!("-{line}\r\n").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ERR: &[u8] = b"-ERR injected\r\n";

    #[test]
    fn one_error_per_complete_command_in_a_pipeline() {
        let mut injector = Injector::default();
        let route = injector.route(
            b"*1\r\n$4\r\nPING\r\nPING\r\n*2\r\n$3\r\nGET\r\n$1",
            Some(ERR),
        );
        assert_eq!(route, Route::Answer([ERR, ERR].concat()));
        assert_eq!(
            injector.route(b"\r\nk\r\n", Some(ERR)),
            Route::Answer(ERR.to_vec())
        );
    }

    #[test]
    fn a_command_incomplete_when_the_error_is_lifted_reaches_the_core_whole() {
        let mut injector = Injector::default();
        assert_eq!(
            injector.route(b"*1\r\n$4\r\nPI", Some(ERR)),
            Route::Answer(Vec::new())
        );
        assert_eq!(
            injector.route(b"NG\r\n", None),
            Route::Core(b"*1\r\n$4\r\nPING\r\n".to_vec())
        );
        assert_eq!(
            injector.route(b"PING\r\n", None),
            Route::Core(b"PING\r\n".to_vec())
        );
    }

    #[test]
    fn bad_protocol_goes_to_the_core() {
        let mut injector = Injector::default();
        assert_eq!(
            injector.route(b"*x\r\n", Some(ERR)),
            Route::Core(b"*x\r\n".to_vec())
        );
    }

    #[test]
    fn error_text_is_one_line() {
        assert_eq!(error_reply("ERR injected"), b"-ERR injected\r\n");
        assert_eq!(error_reply("-LOADING wait\r\n"), b"-LOADING wait\r\n");
    }
}
