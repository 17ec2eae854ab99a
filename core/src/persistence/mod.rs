//! Persistence: what the core produces for the adapter to save and reads
//! back at start (the file side, fsync and rename, is the adapter's).

pub(crate) mod snapshot;
