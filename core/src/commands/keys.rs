//! (stub)

use bytes::Bytes;

use super::{Ctx, Flow};

pub(crate) fn del(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    ctx.reply().error("ERR not implemented yet");
    Flow::Continue
}

pub(crate) fn exists(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    ctx.reply().error("ERR not implemented yet");
    Flow::Continue
}

pub(crate) fn expire(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    ctx.reply().error("ERR not implemented yet");
    Flow::Continue
}

pub(crate) fn pexpire(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    ctx.reply().error("ERR not implemented yet");
    Flow::Continue
}

pub(crate) fn persist(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    ctx.reply().error("ERR not implemented yet");
    Flow::Continue
}

pub(crate) fn ttl(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    ctx.reply().error("ERR not implemented yet");
    Flow::Continue
}

pub(crate) fn pttl(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    ctx.reply().error("ERR not implemented yet");
    Flow::Continue
}

pub(crate) fn type_of(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    ctx.reply().error("ERR not implemented yet");
    Flow::Continue
}

pub(crate) fn dbsize(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    ctx.reply().error("ERR not implemented yet");
    Flow::Continue
}

pub(crate) fn flushdb(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    ctx.reply().error("ERR not implemented yet");
    Flow::Continue
}

pub(crate) fn flushall(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    ctx.reply().error("ERR not implemented yet");
    Flow::Continue
}

