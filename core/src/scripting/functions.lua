-- Run once when the functions VM is built (scripting/functions.rs), after
-- the sandbox. It receives the runtime globals (the real table behind the
-- sandbox's environment) and the runtime `redis` object, and returns the
-- API the Rust side drives FUNCTION LOAD and FCALL with.
--
-- Library code runs with one environment, `env`, whose reads go to what
-- Redis 7.0 exposes at that moment: during FUNCTION LOAD only a small
-- `redis` (register_function, log, the log levels and the version), at
-- run time the same globals as EVAL scripts. Functions a library defines
-- keep `env`, so at run time they see the runtime globals, as in Redis
-- (which swaps its globals' __index the same way).
local runtime, runtime_redis = ...
local error, rawget, setmetatable, type, select, pairs, tostring =
      error, rawget, setmetatable, type, select, pairs, tostring

local function missing(name)
  error("Script attempted to access nonexistent global variable '" .. tostring(name) .. "'", 3)
end
local function readonly_error() error("Attempt to modify a readonly table", 2) end

-- A read-only view of `t` whose missing reads fail as missing globals.
local function strict_view(t)
  return setmetatable({}, {
    __index = function(_, k)
      local v = rawget(t, k)
      if v == nil then missing(k) end
      return v
    end,
    __newindex = readonly_error,
    __metatable = false,
  })
end

local loading = false
local pending, pending_names

local function fail(text) error({err = text}) end
-- Redis reads names with lua_isstring/lua_tostring: numbers are strings.
local function is_string(v) return type(v) == "string" or type(v) == "number" end

local known_flags = {
  ["no-writes"] = 1, ["allow-oom"] = 2, ["allow-stale"] = 4,
  ["no-cluster"] = 8, ["allow-cross-slot-keys"] = 16,
}

local function read_flags(flags)
  local bits = 0
  for _, flag in pairs(flags) do
    if type(flag) ~= "string" or known_flags[flag] == nil then fail("ERR unknown flag given") end
    bits = bits + (bits % (2 * known_flags[flag]) >= known_flags[flag] and 0 or known_flags[flag])
  end
  return bits
end

local function register_function(...)
  if not loading then
    fail("ERR redis.register_function can only be called on FUNCTION LOAD command")
  end
  local n = select("#", ...)
  local name, callback, flags, description
  if n == 1 then
    local named = ...
    if type(named) ~= "table" then
      fail("ERR calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).")
    end
    for k, v in pairs(named) do
      if not is_string(k) then
        fail("ERR named argument key given to redis.register_function is not a string")
      elseif k == "function_name" then
        if not is_string(v) then fail("ERR function_name argument given to redis.register_function must be a string") end
        name = tostring(v)
      elseif k == "description" then
        if not is_string(v) then fail("ERR description argument given to redis.register_function must be a string") end
        description = tostring(v)
      elseif k == "callback" then
        if type(v) ~= "function" then fail("ERR callback argument given to redis.register_function must be a function") end
        callback = v
      elseif k == "flags" then
        if type(v) ~= "table" then fail("ERR flags argument to redis.register_function must be a table representing function flags") end
        flags = read_flags(v)
      else
        fail("ERR unknown argument given to redis.register_function")
      end
    end
    if name == nil then fail("ERR redis.register_function must get a function name argument") end
    if callback == nil then fail("ERR redis.register_function must get a callback argument") end
  elseif n == 2 then
    name, callback = ...
    if not is_string(name) then fail("ERR first argument to redis.register_function must be a string") end
    if type(callback) ~= "function" then fail("ERR second argument to redis.register_function must be a function") end
    name = tostring(name)
  else
    fail("ERR wrong number of arguments to redis.register_function")
  end
  if not name:find("^[A-Za-z0-9_]+$") then
    fail("ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long")
  end
  local key = name:lower()
  if pending_names[key] then fail("ERR Function already exists in the library") end
  pending_names[key] = true
  pending[#pending + 1] = {name = name, callback = callback, flags = flags or 0, description = description}
end

local load_redis = {
  register_function = register_function,
  log = runtime_redis.log,
  LOG_DEBUG = 0, LOG_VERBOSE = 1, LOG_NOTICE = 2, LOG_WARNING = 3,
  REDIS_VERSION = runtime_redis.REDIS_VERSION,
  REDIS_VERSION_NUM = runtime_redis.REDIS_VERSION_NUM,
}
local load_globals = {redis = strict_view(load_redis)}

local env = setmetatable({}, {
  __index = function(_, k)
    local v
    if loading then v = rawget(load_globals, k) else v = rawget(runtime, k) end
    if v == nil then missing(k) end
    return v
  end,
  __newindex = readonly_error,
  __metatable = false,
})

local api = {}
api.env = env
-- Before a library's code runs.
function api.begin()
  loading, pending, pending_names = true, {}, {}
end
-- After it ran (or failed): what it registered, in order.
function api.finish()
  local registered = pending or {}
  loading, pending, pending_names = false, nil, nil
  return registered
end
return api
