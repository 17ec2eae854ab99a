//! Persistence as pure code: the bytes of Redis's file formats, produced
//! from and loaded into the store's values, and the snapshot machinery
//! the adapter saves from. Nothing here touches a file or a clock;
//! runtimes own the files and pass the bytes in and out.
//!
//! Layering: persistence may use `store` and `types`; `commands` (DUMP,
//! RESTORE, SAVE) use persistence.

pub mod rdb;
