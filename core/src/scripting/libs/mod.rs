//! The libraries Redis 7.0.15 bundles into its scripting environment,
//! written from their documented and observed behaviour: `cjson`
//! (lua-cjson 2.1.0), `cmsgpack` (lua-cmsgpack), `bit` (LuaBitOp 1.0.2) and
//! `struct` (Roberto Ierusalimschy's struct library).
//!
//! Each library is a plain table of functions. A function is a C closure
//! (see [`raise`]) around a Rust callback so that its errors are Lua string
//! errors with the caller's position, exactly as the C libraries raise them:
//! scripts see `pcall(cjson.decode, '[')` return a string, and the error
//! reply names the script's line.

#![cfg_attr(not(test), deny(clippy::indexing_slicing))]

mod bit;
mod cjson;
mod cmsgpack;
mod nest;
mod raise;
mod structlib;
#[cfg(test)]
mod tests;

use mlua::{Lua, Table};

/// Sets the globals `cjson`, `cmsgpack`, `bit` and `struct`.
pub(crate) fn open(lua: &Lua) -> mlua::Result<()> {
    let globals = lua.globals();
    globals.set("cjson", cjson::open(lua)?)?;
    globals.set("cmsgpack", cmsgpack::open(lua)?)?;
    globals.set("bit", bit::open(lua)?)?;
    globals.set("struct", structlib::open(lua)?)?;
    Ok(())
}

/// A new table for a library, with room for its functions.
fn library(lua: &Lua, functions: usize) -> mlua::Result<Table> {
    lua.create_table_with_capacity(0, functions)
}
