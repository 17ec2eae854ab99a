//! MONITOR: the clients in monitor mode, in the order they entered it, and
//! the lines of commands run since the engine last delivered them.
//!
//! The dispatcher writes each monitored command's line here once (see
//! `engine/monitor.rs`); the running client, when it is a monitor itself,
//! gets its own lines in its reply stream at once, and the engine hands
//! the lines to every other monitor after the batch, as it does Pub/Sub
//! messages. No other client runs in between, so a monitor sees the lines
//! in the order the commands ran.

/// The monitors and the lines waiting for them.
#[derive(Debug, Default)]
pub(crate) struct Monitors {
    /// Client ids, in the order they ran MONITOR.
    clients: Vec<u64>,
    /// The waiting lines, back to back.
    lines: Vec<u8>,
    /// For each waiting line: the client that ran the command (it got the
    /// line already when it is a monitor) and where the line ends.
    ends: Vec<(u64, usize)>,
}

impl Monitors {
    /// Whether any client is in monitor mode (checked after every command).
    pub fn is_empty(&self) -> bool {
        self.clients.is_empty()
    }

    pub fn contains(&self, client: u64) -> bool {
        self.clients.contains(&client)
    }

    /// Puts a client in monitor mode (false if it already was).
    pub fn add(&mut self, client: u64) -> bool {
        if self.contains(client) {
            return false;
        }
        self.clients.push(client);
        true
    }

    /// Takes a client out of monitor mode (RESET, or it is gone).
    pub fn remove(&mut self, client: u64) {
        self.clients.retain(|&id| id != client);
    }

    /// The monitors, in the order they started.
    pub fn clients(&self) -> &[u64] {
        &self.clients
    }

    /// Files a line (already formatted) for every monitor but `source`.
    pub fn feed(&mut self, source: u64, line: &[u8]) {
        self.lines.extend_from_slice(line);
        self.ends.push((source, self.lines.len()));
    }

    pub fn has_lines(&self) -> bool {
        !self.ends.is_empty()
    }

    /// Appends to `out` the waiting lines that `monitor` must receive (all
    /// but those of its own commands).
    pub fn lines_for(&self, monitor: u64, out: &mut Vec<u8>) {
        let mut start = 0;
        for &(source, end) in &self.ends {
            if source != monitor {
                out.extend_from_slice(self.lines.get(start..end).unwrap_or_default());
            }
            start = end;
        }
    }

    /// Drops the delivered lines (keeping the buffers' capacity).
    pub fn clear_lines(&mut self) {
        self.lines.clear();
        self.ends.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_monitor_gets_every_line_but_its_own() {
        let mut monitors = Monitors::default();
        assert!(monitors.add(1));
        assert!(!monitors.add(1));
        monitors.add(2);
        monitors.feed(1, b"+a\r\n");
        monitors.feed(3, b"+b\r\n");
        let (mut one, mut two) = (Vec::new(), Vec::new());
        monitors.lines_for(1, &mut one);
        monitors.lines_for(2, &mut two);
        assert_eq!(one, b"+b\r\n");
        assert_eq!(two, b"+a\r\n+b\r\n");
        monitors.clear_lines();
        assert!(!monitors.has_lines());
        monitors.remove(1);
        assert_eq!(monitors.clients(), &[2]);
    }
}
