//! The libraries Redis bundles for scripts (cjson, cmsgpack, bit, struct).
//! A placeholder until they land: the VM calls [`open`] while it is built.

/// Registers the bundled libraries as globals of `lua`.
pub(crate) fn open(_lua: &mlua::Lua) -> mlua::Result<()> {
    Ok(())
}
