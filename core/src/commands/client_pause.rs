//! CLIENT PAUSE and CLIENT UNPAUSE. The pause itself is kept by the store
//! (store/pause.rs, where Redis 7.0's semantics are written down); the
//! dispatcher holds the commands it pauses, and the engine runs them once
//! it ends.

use super::args::{is_token, Args};
use super::client::subcommand_syntax;
use super::errors;
use super::spec::Reply;
use super::Ctx;
use crate::protocol::decode::parse_int;
use crate::store::PauseMode;

/// CLIENT PAUSE timeout [WRITE|ALL]: ALL unless told. The mode is checked
/// before the timeout, as in Redis.
pub(super) fn pause(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (timeout, mode) = match args.rest() {
        [timeout] => (*timeout, PauseMode::All),
        [timeout, mode] => {
            let mode = if is_token(mode, "write") {
                PauseMode::Write
            } else if is_token(mode, "all") {
                PauseMode::All
            } else {
                return Err(errors::PAUSE_MODE);
            };
            (*timeout, mode)
        }
        _ => return Err(subcommand_syntax(args)),
    };
    let timeout = parse_int(timeout).ok_or(errors::TIMEOUT_NOT_INTEGER)?;
    if timeout < 0 {
        return Err(errors::TIMEOUT_NEGATIVE);
    }
    ctx.store.pause_clients(timeout, mode);
    ctx.reply().ok();
    Ok(())
}

/// CLIENT UNPAUSE: ends the pause; the held clients run after this
/// client's input.
pub(super) fn unpause(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    ctx.store.unpause_clients();
    ctx.reply().ok();
    Ok(())
}
