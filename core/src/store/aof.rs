//! The AOF's state in the core: its rewrite (an RDB snapshot of kind
//! [`SaveKind::AofRewrite`], written as the AOF's new base while the log
//! goes on into a new incremental file), the rewrite's schedule (BGREWRITEAOF
//! while a BGSAVE runs, or inside EXEC; automatic growth), the adapter's
//! write reports (`aof_last_write_status`, the MISCONF they cause) and the
//! counters INFO persistence shows. The files are the adapter's.

use super::{SaveKind, Store};
use crate::Millis;

/// AOF counters and flags (INFO persistence's `aof_*` fields).
#[derive(Debug)]
pub(crate) struct AofState {
    /// A rewrite waits for the running snapshot (or for EXEC's end).
    pub rewrite_scheduled: bool,
    /// Seconds the last rewrite took; -1 before the first.
    pub last_rewrite_secs: i64,
    pub last_bgrewrite_ok: bool,
    /// Rewrites started (`aof_rewrites`).
    pub rewrites: u64,
    pub consecutive_failures: u64,
    /// The last write or fsync error the adapter reported, until a write
    /// succeeds (`aof_last_write_status:err`, MISCONF for writes).
    pub write_error: Option<String>,
    /// Bytes of the AOF (base and incremental files) and of its base at
    /// the last rewrite, as the adapter reports them.
    pub current_size: u64,
    pub base_size: u64,
    /// When a failed rewrite may be tried again automatically.
    retry_after: Millis,
}

impl Default for AofState {
    fn default() -> AofState {
        AofState {
            rewrite_scheduled: false,
            last_rewrite_secs: -1,
            last_bgrewrite_ok: true,
            rewrites: 0,
            consecutive_failures: 0,
            write_error: None,
            current_size: 0,
            base_size: 0,
            retry_after: 0,
        }
    }
}

/// Redis waits this long after a failed automatic rewrite before the next.
const REWRITE_RETRY_MS: Millis = 5_000;

impl Store {
    /// Whether an AOF rewrite runs (`aof_rewrite_in_progress`).
    pub fn aof_rewrite_in_progress(&self) -> bool {
        self.persistence
            .running
            .as_ref()
            .is_some_and(|running| running.kind == SaveKind::AofRewrite)
    }

    /// Starts a rewrite: the log rotates to a new incremental file and a
    /// snapshot of now becomes the new base. The caller checks that no
    /// snapshot runs.
    pub fn begin_aof_rewrite(&mut self) -> u64 {
        self.log.rotate();
        self.persistence.aof.rewrites += 1;
        self.persistence.aof.rewrite_scheduled = false;
        self.begin_snapshot(SaveKind::AofRewrite)
    }

    /// Starts a scheduled rewrite, or one the AOF's growth calls for
    /// (`auto-aof-rewrite-percentage` over the base size, once the AOF is
    /// at least `auto-aof-rewrite-min-size`), when no snapshot runs.
    pub fn check_aof_rewrite(&mut self) -> bool {
        if self.persistence.running.is_some() || self.persistence.dataset_loading.is_some() {
            return false;
        }
        let aof = &self.persistence.aof;
        if aof.rewrite_scheduled {
            self.begin_aof_rewrite();
            return true;
        }
        if !self.config.appendonly {
            return false;
        }
        let percentage = self.config.auto_aof_rewrite_percentage();
        let grown = percentage > 0
            && aof.current_size >= self.config.auto_aof_rewrite_min_size()
            && aof
                .current_size
                .saturating_sub(aof.base_size)
                .saturating_mul(100)
                >= aof.base_size.max(1).saturating_mul(percentage)
            && (aof.last_bgrewrite_ok || self.now >= aof.retry_after);
        if grown {
            self.begin_aof_rewrite();
            return true;
        }
        false
    }

    /// A rewrite ended: on success the new base is in place.
    pub fn aof_rewrite_finished(&mut self, ok: bool, started_at: Millis) {
        let now = self.now;
        let aof = &mut self.persistence.aof;
        aof.last_rewrite_secs = (now.saturating_sub(started_at) / 1000) as i64;
        aof.last_bgrewrite_ok = ok;
        if ok {
            aof.consecutive_failures = 0;
        } else {
            aof.consecutive_failures += 1;
            aof.retry_after = now + REWRITE_RETRY_MS;
        }
    }

    /// Turns the AOF on (the log starts, a rewrite makes the base from the
    /// current data, or is scheduled behind a running snapshot) or off
    /// (the log stops; a running rewrite is abandoned).
    pub fn set_appendonly(&mut self, on: bool) {
        if on == self.config.appendonly {
            return;
        }
        self.config.appendonly = on;
        self.log.set_enabled(on);
        if on {
            // While loading, the base would miss the keys still to come:
            // the rewrite waits for the end, as for a running snapshot.
            if self.persistence.running.is_some() || self.persistence.dataset_loading.is_some() {
                self.persistence.aof.rewrite_scheduled = true;
            } else {
                self.begin_aof_rewrite();
            }
        } else {
            self.persistence.aof.rewrite_scheduled = false;
            self.persistence.aof.write_error = None;
            if self.aof_rewrite_in_progress() {
                self.abort_background_snapshot();
            }
        }
    }

    /// The adapter's report of an AOF write (and fsync, with `always`):
    /// `Ok` with the AOF's size now, or the reason it failed.
    pub fn aof_written(&mut self, result: Result<u64, String>) {
        match result {
            Ok(size) => {
                self.persistence.aof.current_size = size;
                self.persistence.aof.write_error = None;
            }
            Err(reason) => self.persistence.aof.write_error = Some(reason),
        }
    }

    /// The reason writes are refused because the AOF cannot be written
    /// (Redis's `-MISCONF Errors writing to the AOF file: ...`).
    pub fn writes_denied_by_aof_error(&self) -> Option<&str> {
        if !self.config.appendonly {
            return None;
        }
        self.persistence.aof.write_error.as_deref()
    }
}
