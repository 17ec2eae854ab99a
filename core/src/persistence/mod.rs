//! Persistence as pure code: the bytes of Redis's file formats, produced
//! from and loaded into the store's values, and the snapshot machinery
//! the adapter saves from. Nothing here touches a file or a clock;
//! runtimes own the files and pass the bytes in and out.
//!
//! Layering: persistence may use `store` and `types`; `commands` (DUMP,
//! RESTORE, SAVE) use persistence.

pub(crate) mod aof_base;
pub mod rdb;

use std::sync::Arc;

use crate::store::snapshot_stream::{SnapshotFormat, SnapshotUse};
use crate::store::Store;

/// The engine's [`crate::store::snapshot_stream::FormatMaker`]: RDB for
/// snapshots and RDB-preamble AOF bases, AOF records for a base made with
/// `aof-use-rdb-preamble no`.
pub(crate) fn snapshot_format(store: &Store, purpose: SnapshotUse) -> Arc<dyn SnapshotFormat> {
    match purpose {
        SnapshotUse::Rdb | SnapshotUse::AofBase => rdb::snapshot::rdb_format(store, purpose),
        SnapshotUse::AofBaseCommands => aof_base::aof_commands_format(store),
    }
}
