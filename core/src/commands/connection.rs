//! (stub)

use bytes::Bytes;

use super::{Ctx, Flow};

pub(crate) fn ping(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    ctx.reply().error("ERR not implemented yet");
    Flow::Continue
}

pub(crate) fn echo(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    ctx.reply().error("ERR not implemented yet");
    Flow::Continue
}

pub(crate) fn hello(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    ctx.reply().error("ERR not implemented yet");
    Flow::Continue
}

pub(crate) fn quit(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    ctx.reply().error("ERR not implemented yet");
    Flow::Continue
}

pub(crate) fn select(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    ctx.reply().error("ERR not implemented yet");
    Flow::Continue
}

