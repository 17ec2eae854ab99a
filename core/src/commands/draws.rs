//! Random draws for the commands that pick elements at random (SPOP,
//! SRANDMEMBER, HRANDFIELD, ZRANDMEMBER): a small generator seeded from the
//! store's, so a reply of many draws needs one draw from the store (and
//! stays deterministic in a seeded simulation), and the bound on how much
//! such a reply may write.

use super::Ctx;
use crate::store::Store;

/// xorshift64, seeded from the store's generator.
pub(crate) struct Draws(u64);

impl Draws {
    pub fn new(store: &mut Store) -> Draws {
        Draws(store.random() | 1)
    }

    /// A position below `n` (which is not 0).
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// How many bytes of output a reply of draws with repetition (a negative
/// count, whose size the client picks) may reach: past it the writing
/// stops and the engine closes the client as over its output limit.
pub(crate) fn output_budget(ctx: &Ctx) -> usize {
    usize::try_from(ctx.store.config.output_hard_limit()).unwrap_or(usize::MAX)
}
