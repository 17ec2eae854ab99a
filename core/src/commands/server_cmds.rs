//! (stub)

use bytes::Bytes;

use super::{Ctx, Flow};

pub(crate) fn config_get(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    ctx.reply().error("ERR not implemented yet");
    Flow::Continue
}

pub(crate) fn config_set(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    ctx.reply().error("ERR not implemented yet");
    Flow::Continue
}

pub(crate) fn config_resetstat(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    ctx.reply().error("ERR not implemented yet");
    Flow::Continue
}

pub(crate) fn info(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    ctx.reply().error("ERR not implemented yet");
    Flow::Continue
}

pub(crate) fn cluster_disabled(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    ctx.reply().error("ERR not implemented yet");
    Flow::Continue
}

