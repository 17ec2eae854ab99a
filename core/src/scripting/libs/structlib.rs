//! todo
use mlua::{Lua, Table};
pub(super) fn open(lua: &Lua) -> mlua::Result<Table> { super::library(lua, 0) }
