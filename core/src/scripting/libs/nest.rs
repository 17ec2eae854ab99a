//! The containers a decoder has open, innermost last.
//!
//! Decoders keep their open containers here rather than on the native
//! stack, so any nesting the Lua C stack rules allow (thousands of
//! levels) costs no recursion. The innermost [`NEAR`] levels' tables and
//! pending keys are held directly; deeper ones wait in a Lua table, as
//! mlua has fewer references than such nesting needs.

use mlua::{Lua, Table, Value};

/// Levels held as mlua references.
const NEAR: usize = 64;

pub(super) struct Nest {
    near: Vec<(Table, Value)>,
    /// Slot `2d - 1`: the table at depth `d` (past `NEAR`); slot `2d`: its key.
    far: Option<Table>,
    depth: usize,
}

impl Nest {
    pub(super) fn new() -> Nest {
        Nest {
            near: Vec::new(),
            far: None,
            depth: 0,
        }
    }

    /// The table for the far levels, made on first use.
    fn far(&mut self, lua: &Lua) -> mlua::Result<&Table> {
        match &mut self.far {
            Some(far) => Ok(far),
            slot => Ok(slot.insert(lua.create_table()?)),
        }
    }

    /// Opens `table` as the innermost container.
    pub(super) fn push(&mut self, lua: &Lua, table: Table) -> mlua::Result<()> {
        if self.depth < NEAR {
            self.near.push((table, Value::Nil));
        } else {
            let d = self.depth + 1;
            self.far(lua)?.raw_set(2 * d - 1, table)?;
        }
        self.depth += 1;
        Ok(())
    }

    /// The innermost container (a new reference).
    fn top(&self) -> mlua::Result<Table> {
        let d = self.depth;
        match (d <= NEAR, &self.far) {
            (true, _) => self.near.last().map(|(t, _)| t.clone()).ok_or_else(none),
            (false, Some(far)) => far.raw_get(2 * d - 1),
            (false, None) => Err(none()),
        }
    }

    /// `top[key] = value` (raw).
    pub(super) fn set(&self, key: Value, value: Value) -> mlua::Result<()> {
        if self.depth <= NEAR {
            self.near.last().ok_or_else(none)?.0.raw_set(key, value)
        } else {
            self.top()?.raw_set(key, value)
        }
    }

    /// Remembers the innermost container's pending key.
    pub(super) fn set_key(&mut self, lua: &Lua, key: Value) -> mlua::Result<()> {
        let d = self.depth;
        if d <= NEAR {
            self.near.last_mut().ok_or_else(none)?.1 = key;
            Ok(())
        } else {
            self.far(lua)?.raw_set(2 * d, key)
        }
    }

    /// Takes the innermost container's pending key.
    pub(super) fn take_key(&mut self) -> mlua::Result<Value> {
        let d = self.depth;
        if d <= NEAR {
            let slot = &mut self.near.last_mut().ok_or_else(none)?.1;
            return Ok(std::mem::replace(slot, Value::Nil));
        }
        match &self.far {
            Some(far) => {
                let key = far.raw_get(2 * d)?;
                far.raw_set(2 * d, Value::Nil)?;
                Ok(key)
            }
            None => Ok(Value::Nil),
        }
    }

    /// Closes the innermost container and returns it.
    pub(super) fn pop(&mut self) -> mlua::Result<Table> {
        let d = self.depth;
        let table = if d <= NEAR {
            self.near.pop().ok_or_else(none)?.0
        } else {
            let t = self.top()?;
            if let Some(far) = &self.far {
                far.raw_set(2 * d - 1, Value::Nil)?;
                far.raw_set(2 * d, Value::Nil)?;
            }
            t
        };
        self.depth -= 1;
        Ok(table)
    }
}

/// A misuse of the nest (a decoder bug), reported rather than panicking.
fn none() -> mlua::Error {
    mlua::Error::runtime("nest: no open container")
}
