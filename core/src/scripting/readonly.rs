//! Reading through the sandbox's read-only tables. The sandbox makes a
//! library (cjson, bit, string, `redis`, the globals...) read-only by an
//! empty proxy whose reads go to the real table and whose writes fail;
//! Lua 5.1 has no `__pairs`, so `pairs`, `next` and `rawget` would see the
//! empty proxy, where Redis (which marks the table itself read-only)
//! lists and reads the library, and `rawset` would write to the proxy.
//! This replaces those four globals with
//! versions that look through a sandbox proxy (recognised by its
//! metatable's `__newindex`, the sandbox's own write error, which no
//! script can reach) and behave as before on any other value.

use mlua::{Lua, Table, Value};

pub(super) fn see_through(lua: &Lua, env: &Table, globals: &Table) -> mlua::Result<()> {
    // The raw metatable (ignoring `__metatable`): a closure only the
    // chunk below holds.
    let raw_metatable = lua.create_function(|_, value: Value| {
        Ok(match value {
            Value::Table(t) => t.metatable(),
            _ => None,
        })
    })?;
    let install: mlua::Function = lua
        .load(
            r#"
local raw_metatable, env, globals = ...
local pairs, next, rawget, rawset, type, error = pairs, next, rawget, rawset, type, error
local marker = rawget(raw_metatable(env), "__newindex")
local function target(t)
  local mt = raw_metatable(t)
  if mt and rawget(mt, "__newindex") == marker then
    local index = rawget(mt, "__index")
    if type(index) == "table" then return index end
  end
  return t
end
rawset(globals, "pairs", function(t) return pairs(target(t)) end)
rawset(globals, "next", function(t, k) return next(target(t), k) end)
rawset(globals, "rawget", function(t, k) return rawget(target(t), k) end)
rawset(globals, "rawset", function(t, k, v)
  if target(t) ~= t then error("Attempt to modify a readonly table", 0) end
  return rawset(t, k, v)
end)
"#,
        )
        .set_name("=[readonly]")
        .into_function()?;
    install.call::<()>((raw_metatable, env.clone(), globals.clone()))
}
