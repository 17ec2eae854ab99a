//! (stub)

use bytes::Bytes;

use super::{Ctx, Flow};

pub(crate) fn setinfo(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    ctx.reply().error("ERR not implemented yet");
    Flow::Continue
}

pub(crate) fn setname(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    ctx.reply().error("ERR not implemented yet");
    Flow::Continue
}

pub(crate) fn getname(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    ctx.reply().error("ERR not implemented yet");
    Flow::Continue
}

pub(crate) fn id(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    ctx.reply().error("ERR not implemented yet");
    Flow::Continue
}

