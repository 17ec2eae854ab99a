//! Per-command and per-error counters, as Redis 7.0 keeps them for INFO
//! commandstats, INFO errorstats and `total_error_replies`. The
//! dispatcher updates them; CONFIG RESETSTAT clears them with the rest of
//! [`super::Stats`].
//!
//! Commands are counted by slot: the position of their description in the
//! command table (the table hands it out with every lookup), so counting a
//! call is an index into a vector, with no allocation once the vector has
//! grown to the slot (the first time a command of that slot is counted).
//!
//! No time is kept. Redis's `usec` is CPU time measured around the call;
//! the core has no clock of its own, and the adapter's millisecond clock
//! is the same for the whole input a command runs in, so any difference
//! would always be 0. INFO therefore prints `usec=0,usec_per_call=0.00`.

/// The counters of one command or subcommand.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct CommandCounters {
    /// Times its handler ran, failed or not.
    pub calls: u64,
    /// Refused before running: wrong arity, NOAUTH, OOM.
    pub rejected_calls: u64,
    /// Ran and replied with an error.
    pub failed_calls: u64,
}

impl CommandCounters {
    /// Whether INFO lists it (Redis lists a command once any count is set).
    pub fn is_used(&self) -> bool {
        self.calls > 0 || self.rejected_calls > 0 || self.failed_calls > 0
    }
}

/// Counters by command slot.
#[derive(Clone, Debug, Default)]
pub(crate) struct CommandStats {
    slots: Vec<CommandCounters>,
}

impl CommandStats {
    /// The counters of `slot`, grown into existence on first use.
    pub fn slot_mut(&mut self, slot: usize) -> &mut CommandCounters {
        if slot >= self.slots.len() {
            self.slots.resize(slot + 1, CommandCounters::default());
        }
        &mut self.slots[slot]
    }

    /// The counters of `slot` (zero if never counted).
    pub fn slot(&self, slot: usize) -> CommandCounters {
        self.slots.get(slot).copied().unwrap_or_default()
    }
}

/// Error replies by prefix, and their total.
#[derive(Clone, Debug, Default)]
pub(crate) struct ErrorStats {
    /// `(prefix, count)`, sorted by prefix bytes (Redis keeps them in a
    /// radix tree and lists them in that order). Few distinct prefixes
    /// exist (the core's own texts), so a sorted vector is enough.
    prefixes: Vec<(Box<[u8]>, u64)>,
    total: u64,
}

impl ErrorStats {
    /// Counts one error reply `text` (without the leading `-`). Its prefix
    /// is its first word, looked for as Redis does: a space within the
    /// first 32 bytes of the reply (`-` included), else `ERR`.
    pub fn record(&mut self, text: &[u8]) {
        self.total += 1;
        let window = &text[..text.len().min(31)];
        let prefix = match window.iter().position(|&b| b == b' ') {
            Some(space) => &text[..space],
            None => b"ERR",
        };
        match self
            .prefixes
            .binary_search_by(|(known, _)| known.as_ref().cmp(prefix))
        {
            Ok(at) => self.prefixes[at].1 += 1,
            Err(at) => self.prefixes.insert(at, (prefix.into(), 1)),
        }
    }

    /// INFO's `total_error_replies`.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// `(prefix, count)` in Redis's order.
    pub fn by_prefix(&self) -> impl Iterator<Item = (&[u8], u64)> {
        self.prefixes
            .iter()
            .map(|(prefix, count)| (&prefix[..], *count))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_first_words_in_byte_order() {
        let mut errors = ErrorStats::default();
        errors.record(b"WRONGTYPE Operation against a key");
        errors.record(b"ERR syntax error");
        errors.record(b"ERR value is not an integer");
        errors.record(b"NOAUTH Authentication required.");
        // No space within Redis's 32-byte window: counted as ERR.
        errors.record(b"ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEF x");
        errors.record(b"NOSPACE");
        let listed: Vec<_> = errors.by_prefix().collect();
        assert_eq!(
            listed,
            [
                (&b"ERR"[..], 4),
                (&b"NOAUTH"[..], 1),
                (&b"WRONGTYPE"[..], 1)
            ]
        );
        assert_eq!(errors.total(), 6);
    }

    #[test]
    fn a_31_byte_prefix_is_still_a_prefix() {
        let mut errors = ErrorStats::default();
        let text = [&[b'A'; 30][..], b" rest"].concat();
        errors.record(&text);
        assert_eq!(errors.by_prefix().next().unwrap().0, &[b'A'; 30][..]);
    }

    #[test]
    fn slots_grow_on_first_use() {
        let mut stats = CommandStats::default();
        assert_eq!(stats.slot(7), CommandCounters::default());
        stats.slot_mut(7).calls += 1;
        assert_eq!(stats.slot(7).calls, 1);
        assert!(!stats.slot(3).is_used());
    }
}
