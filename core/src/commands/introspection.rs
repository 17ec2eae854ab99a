//! COMMAND, COMMAND COUNT, COMMAND INFO and COMMAND DOCS.
//!
//! (Being written: reply shapes follow redis-server 7.)

use bytes::Bytes;

use super::{Ctx, Flow, TABLE};

/// COMMAND COUNT
pub(crate) fn count(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    ctx.reply().integer(TABLE.len() as i64);
    Flow::Continue
}

/// COMMAND INFO [name ...]
pub(crate) fn info(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    ctx.reply().array(0);
    Flow::Continue
}

/// COMMAND DOCS [name ...]
pub(crate) fn docs(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    ctx.reply().map(0);
    Flow::Continue
}

/// COMMAND with no subcommand: every command's INFO entry.
pub(crate) fn all(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    ctx.reply().array(0);
    Flow::Continue
}
