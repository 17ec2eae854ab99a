//! What the store keeps of Redis 7.0 functions: the libraries FUNCTION
//! LOAD created (name, code, and the functions each registered with their
//! flags and descriptions), and the function a running FCALL runs.
//!
//! Plain data on purpose, as the script cache (scripts.rs): the Lua VM
//! functions run in lives above the commands (`crate::scripting`), and
//! keeps itself in step with the libraries kept here (dropping those that
//! went away, compiling those put here from elsewhere, such as a
//! snapshot); [`Functions::generation`] tells it when to look. So FUNCTION LIST, STATS, DELETE and FLUSH and INFO
//! need no VM.

use std::collections::{BTreeMap, HashMap};

/// The flags `redis.register_function` accepts, in the order FUNCTION
/// LIST prints them.
pub(crate) const FLAG_NAMES: [(&str, u8); 5] = [
    ("no-writes", NO_WRITES),
    ("allow-oom", ALLOW_OOM),
    ("allow-stale", ALLOW_STALE),
    ("no-cluster", NO_CLUSTER),
    ("allow-cross-slot-keys", ALLOW_CROSS_SLOT_KEYS),
];
pub(crate) const NO_WRITES: u8 = 1;
pub(crate) const ALLOW_OOM: u8 = 2;
pub(crate) const ALLOW_STALE: u8 = 4;
pub(crate) const NO_CLUSTER: u8 = 8;
pub(crate) const ALLOW_CROSS_SLOT_KEYS: u8 = 16;

/// A function a library registered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FunctionMeta {
    pub name: Vec<u8>,
    pub description: Option<Vec<u8>>,
    /// Bits of [`FLAG_NAMES`].
    pub flags: u8,
}

/// A library: its name (from the `#!lua name=` shebang), its whole code,
/// its functions in registration order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Library {
    pub name: Vec<u8>,
    pub code: Vec<u8>,
    pub functions: Vec<FunctionMeta>,
}

/// The function an FCALL runs, for FUNCTION STATS while it runs across
/// calls.
#[derive(Debug, Clone, Default)]
pub(crate) struct RunningFunction {
    pub name: Vec<u8>,
    pub command: Vec<Vec<u8>>,
}

/// Every library, and an index of function names (case-insensitive, as
/// Redis's function dictionary) to their library.
#[derive(Debug, Default)]
pub(crate) struct Functions {
    /// Libraries by exact name (library names are case-sensitive).
    libraries: BTreeMap<Vec<u8>, Library>,
    /// Lowercased function name → its library's name.
    index: HashMap<Vec<u8>, Vec<u8>>,
    /// Bumped whenever the libraries change: the functions VM then drops
    /// the callbacks of libraries that went away and compiles those it
    /// has not seen (FUNCTION LOAD tells it directly what it loaded).
    pub generation: u64,
    /// The last FCALL's function (meaningful while a function runs, see
    /// `Busy::function`).
    pub running: RunningFunction,
    /// Bytes the functions' Lua VM holds (INFO `used_memory_vm_functions`).
    pub vm_memory: usize,
}

impl Functions {
    pub fn library(&self, name: &[u8]) -> Option<&Library> {
        self.libraries.get(name)
    }

    /// Libraries in name order.
    pub fn libraries(&self) -> impl Iterator<Item = &Library> {
        self.libraries.values()
    }

    /// The function named `name` (any case) and its library.
    pub fn function(&self, name: &[u8]) -> Option<(&Library, &FunctionMeta)> {
        let library = self
            .libraries
            .get(self.index.get(&name.to_ascii_lowercase())?)?;
        let meta = library
            .functions
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name))?;
        Some((library, meta))
    }

    /// The library owning a function named `name` (any case), if any.
    pub fn owner_of(&self, name: &[u8]) -> Option<&[u8]> {
        self.index
            .get(&name.to_ascii_lowercase())
            .map(Vec::as_slice)
    }

    /// Adds (or replaces, by name) a library whose function names the
    /// caller has checked against other libraries.
    pub fn insert(&mut self, library: Library) {
        self.remove(&library.name);
        self.generation += 1;
        for f in &library.functions {
            self.index
                .insert(f.name.to_ascii_lowercase(), library.name.clone());
        }
        self.libraries.insert(library.name.clone(), library);
    }

    /// FUNCTION DELETE: the library, when it was there.
    pub fn remove(&mut self, name: &[u8]) -> Option<Library> {
        let library = self.libraries.remove(name)?;
        for f in &library.functions {
            self.index.remove(&f.name.to_ascii_lowercase());
        }
        self.generation += 1;
        Some(library)
    }

    /// FUNCTION FLUSH.
    pub fn flush(&mut self) {
        self.libraries = BTreeMap::new();
        self.index = HashMap::new();
        self.generation += 1;
    }

    pub fn library_count(&self) -> usize {
        self.libraries.len()
    }

    pub fn function_count(&self) -> usize {
        self.index.len()
    }

    /// INFO `used_memory_functions`: the code and names kept, plus a
    /// fixed overhead per library and function and for the empty tables
    /// (Redis's figure counts its dictionaries the same way: 200 bytes
    /// empty).
    pub fn memory(&self) -> usize {
        let mut total = 200;
        for library in self.libraries.values() {
            total += 112 + library.code.len() + library.name.len();
            for f in &library.functions {
                total += 96 + f.name.len() + f.description.as_ref().map_or(0, Vec::len);
            }
        }
        total
    }
}
