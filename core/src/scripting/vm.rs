//! The Lua VM scripts run in: Lua 5.1 with the libraries Redis loads
//! (base, table, string, math and the bundled ones), the `redis` object,
//! and Redis's sandbox (sandbox.lua): only Redis's globals, every library
//! read-only, reading a missing global or writing any global an error.
//!
//! One VM serves every kind of code run in it: EVAL scripts compile into
//! [`Vm::functions`] by SHA1 (FUNCTION libraries can keep their own table
//! beside it and run through the same coroutine machinery, [`Vm::start`]).

use std::collections::HashMap;

use mlua::{Function, Lua, LuaOptions, RegistryKey, StdLib, Table, Value, Variadic};

use super::coroutine::{Coroutine, Pool};
use super::ShebangFlags;
use crate::compact::SeededHasher;

use super::libs;
use super::raw;
use crate::commands::{table, REDIS_VERSION};

/// Bytes the Lua VM may hold; an allocation past it fails, and the script
/// that made it ends with an error reply.
pub(crate) const MEMORY_LIMIT: usize = 512 * 1024 * 1024;

/// The Lua VM and what it has compiled.
pub(crate) struct Vm {
    pub lua: Lua,
    /// Whether scripts can be suspended at the end of a slice (the
    /// C-struct mirror checked out, see raw.rs); if not, each runs whole.
    pub can_yield: bool,
    /// The real globals behind the read-only environment (KEYS and ARGV
    /// are set here before each run).
    pub globals: Table,
    /// The environment every script function runs with.
    pub env: Table,
    /// Compiled EVAL scripts by SHA1 hex (a script's body is the
    /// client's choice: the hash is seeded as the keyspace's is).
    pub compiled: HashMap<[u8; 40], Compiled, SeededHasher>,
    /// `globals` in the registry, for the raw calls that set KEYS/ARGV.
    globals_key: RegistryKey,
    /// Coroutines kept for the next script.
    pub pool: Pool,
    /// The store's script generation this VM was built for (SCRIPT FLUSH
    /// bumps it, and a stale VM is dropped).
    pub generation: u64,
}

/// An EVAL script compiled, with its shebang flags.
pub(crate) struct Compiled {
    pub function: RegistryKey,
    pub flags: ShebangFlags,
}

/// `math.random`'s state: Redis's `redisLrand48` (a 48-bit linear
/// congruential generator, as POSIX lrand48), so `math.randomseed(n)`
/// gives the same numbers as Redis.
struct Rand48(u64);

impl Rand48 {
    const MASK: u64 = (1 << 48) - 1;

    fn seeded(seed: i32) -> Rand48 {
        Rand48((((seed as u32 as u64) << 16) | 0x330E) & Self::MASK)
    }

    fn next(&mut self) -> i64 {
        self.0 = (self.0.wrapping_mul(0x5_DEEC_E66D).wrapping_add(0xB)) & Self::MASK;
        (self.0 >> 17) as i64
    }
}

impl Vm {
    /// Builds the VM; `seed` seeds `math.random` (from the server's seed,
    /// so a simulation replays).
    pub fn new(seed: u64, generation: u64) -> mlua::Result<Vm> {
        let lua = Lua::new_with(
            StdLib::TABLE | StdLib::STRING | StdLib::MATH,
            LuaOptions::default(),
        )?;
        lua.set_memory_limit(MEMORY_LIMIT)?;
        libs::open(&lua)?;
        lua.set_app_data(Rand48::seeded(seed as i32));
        // The slot raw::resume writes results to exists from the start,
        // so writing it never allocates.
        lua.set_named_registry_value(raw::RESULT_KEY, false)?;
        let raw_api = lua.create_table()?;
        let guarded = lua.create_table()?;
        for (name, function) in raw::redis_c_functions(&lua)? {
            guarded.set(name, function)?;
        }
        raw_api.set("guarded", guarded)?;
        raw_api.set(
            "setresp",
            lua.create_function(|_, resp: i64| {
                raw::with_env(|env| {
                    env.script.client.protocol = if resp == 3 {
                        crate::protocol::Protocol::Resp3
                    } else {
                        crate::protocol::Protocol::Resp2
                    };
                });
                Ok(())
            })?,
        )?;
        raw_api.set(
            "sha1hex",
            lua.create_function(|_, text: mlua::LuaString| Ok(super::sha1_hex(&text.as_bytes())))?,
        )?;
        // The core does no IO: script log lines are not kept.
        raw_api.set("log", lua.create_function(|_, _: Variadic<Value>| Ok(()))?)?;
        raw_api.set(
            "acl_check_cmd",
            lua.create_function(|_, name: mlua::LuaString| {
                Ok(table::find(&name.as_bytes()).is_some())
            })?,
        )?;
        raw_api.set("random", lua.create_function(random)?)?;
        let (pcall, xpcall) = raw::protected_calls(&lua)?;
        raw_api.set("pcall", pcall)?;
        raw_api.set("xpcall", xpcall)?;
        raw_api.set(
            "randomseed",
            lua.create_function(|lua, seed: f64| {
                lua.set_app_data(Rand48::seeded(seed as i32));
                Ok(())
            })?,
        )?;
        raw_api.set("version", REDIS_VERSION)?;
        raw_api.set("version_num", version_num())?;
        let sandbox: Function = lua
            .load(include_str!("sandbox.lua"))
            .set_name("=[sandbox]")
            .into_function()?;
        let (env, globals, implementations): (Table, Table, Table) =
            sandbox.call((raw_api, lua.globals()))?;
        for pair in implementations.pairs::<String, Function>() {
            let (name, function) = pair?;
            lua.set_named_registry_value(&format!("__miniredis_{name}"), function)?;
        }
        super::readonly::see_through(&lua, &env, &globals)?;
        let can_yield = raw::layout_ok(&lua);
        let globals_key = lua.create_registry_value(globals.clone())?;
        let pool = Pool::new(&lua)?;
        Ok(Vm {
            lua,
            can_yield,
            globals,
            env,
            compiled: HashMap::with_hasher(SeededHasher(seed)),
            globals_key,
            pool,
            generation,
        })
    }

    /// Compiles a script body (Redis names the chunk `@user_script`), in
    /// the sandbox's environment; the Lua error text when it does not
    /// compile.
    pub fn compile(&self, body: &[u8]) -> Result<Function, String> {
        self.lua
            .load(body)
            .set_name("@user_script")
            .set_mode(mlua::chunk::ChunkMode::Text)
            .set_environment(self.env.clone())
            .into_function()
            .map_err(|e| match e {
                mlua::Error::SyntaxError { message, .. } => message,
                other => other.to_string(),
            })
    }

    /// A coroutine that runs `function` when resumed ([`raw::resume`]).
    pub fn start(&mut self, function: Function) -> mlua::Result<Coroutine> {
        self.pool.start(&self.lua, function)
    }

    /// A coroutine that runs the compiled EVAL script `sha` when resumed,
    /// with KEYS and ARGV set.
    pub fn start_script(
        &mut self,
        sha: &[u8; 40],
        keys: &[&[u8]],
        argv: &[&[u8]],
    ) -> mlua::Result<Coroutine> {
        let compiled = self
            .compiled
            .get(sha)
            .ok_or_else(|| mlua::Error::runtime("script not compiled"))?;
        self.pool
            .start_script(&self.lua, &compiled.function, &self.globals_key, keys, argv)
    }
}

/// `REDIS_VERSION_NUM`: 0x00MMmmpp.
fn version_num() -> i64 {
    let mut parts = REDIS_VERSION
        .split('.')
        .map(|p| p.parse::<i64>().unwrap_or(0));
    let (major, minor, patch) = (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    );
    (major << 16) | (minor << 8) | patch
}

/// Lua 5.1's `math.random` over [`Rand48`], as Redis's.
fn random(lua: &Lua, args: Variadic<f64>) -> mlua::Result<f64> {
    let next = lua
        .app_data_mut::<Rand48>()
        .map(|mut r| r.next())
        .unwrap_or(0);
    let r = (next % 2_147_483_647) as f64 / 2_147_483_647.0;
    match args.as_slice() {
        [] => Ok(r),
        [m] => {
            let m = m.floor();
            if m < 1.0 {
                return Err(mlua::Error::runtime(
                    "bad argument #1 to 'random' (interval is empty)",
                ));
            }
            Ok((r * m).floor() + 1.0)
        }
        [l, u] => {
            let (l, u) = (l.floor(), u.floor());
            if l > u {
                return Err(mlua::Error::runtime(
                    "bad argument #2 to 'random' (interval is empty)",
                ));
            }
            Ok((r * (u - l + 1.0)).floor() + l)
        }
        _ => Err(mlua::Error::runtime("wrong number of arguments")),
    }
}
