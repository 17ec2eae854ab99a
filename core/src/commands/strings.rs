//! (stub)

use bytes::Bytes;

use super::{Ctx, Flow};

pub(crate) fn get(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    ctx.reply().error("ERR not implemented yet");
    Flow::Continue
}

pub(crate) fn set(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    ctx.reply().error("ERR not implemented yet");
    Flow::Continue
}

pub(crate) fn setex(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    ctx.reply().error("ERR not implemented yet");
    Flow::Continue
}

pub(crate) fn psetex(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    ctx.reply().error("ERR not implemented yet");
    Flow::Continue
}

