-- Run once when the VM is built, with the real globals, before they are
-- hidden. It receives the Rust half of the `redis` object and returns the
-- read-only proxy that becomes every script's environment.
local raw, G, hidden_readonly_marker = ...
local error, rawset, rawget, setmetatable, getmetatable, type, setfenv, loadstring, load, next =
      error, rawset, rawget, setmetatable, getmetatable, type, setfenv, loadstring, load, next

local function readonly_error() error("Attempt to modify a readonly table", 2) end

-- Tables scripts may read but not change, by proxy: an empty table whose
-- reads go to the real one and whose writes fail.
local protected = setmetatable({}, {__mode = "k"})
local function readonly(t, index)
  local proxy = {}
  local mt = {__index = index or t, __newindex = readonly_error}
  local guard = setmetatable({}, {__index = mt, __newindex = readonly_error})
  protected[guard] = true
  mt.__metatable = guard
  setmetatable(proxy, mt)
  protected[proxy] = true
  return proxy
end

-- The `redis` object.
local redis = {}
local setresp, select = raw.setresp, select
-- As luaPushErrorBuff: "-CODE msg" keeps its code, anything else is ERR.
local function error_table(e)
  if e:sub(1, 1) ~= "-" then e = "-" .. e end
  e = e:gsub("[\r\n]+$", "")
  local rest = e:sub(2)
  if rest:find(" ", 1, true) then return {err = rest} end
  return {err = "ERR " .. rest}
end
redis.error_reply = function(...)
  local e = ...
  if select("#", ...) ~= 1 or type(e) ~= "string" then
    return {err = "ERR wrong number or type of arguments"}
  end
  return error_table(e)
end
redis.status_reply = function(...)
  local s = ...
  if select("#", ...) ~= 1 or type(s) ~= "string" then
    return {err = "ERR wrong number or type of arguments"}
  end
  return {ok = s}
end
-- The functions that raise errors are C functions (raw.guarded) calling
-- these, which answer (value, failed): see raw.rs for why.
local sha1hex, log, acl_check_cmd = raw.sha1hex, raw.log, raw.acl_check_cmd
local function fail(text) return {err = text}, true end
local implementations = {}
implementations.sha1hex = function(...)
  if select("#", ...) ~= 1 then return fail("ERR wrong number of arguments") end
  return sha1hex(...), false
end
implementations.log = function(...)
  if select("#", ...) < 2 then return fail("ERR redis.log() requires two arguments or more.") end
  local level = ...
  if type(level) ~= "number" then return fail("ERR First argument must be a number (log level).") end
  if level < 0 or level > 3 then return fail("ERR Invalid debug level.") end
  log(...)
  return nil, false
end
implementations.setresp = function(...)
  if select("#", ...) ~= 1 then return fail("ERR redis.setresp() requires one argument.") end
  local resp = ...
  if resp ~= 2 and resp ~= 3 then return fail("ERR RESP version must be 2 or 3.") end
  setresp(resp)
  return nil, false
end
implementations.set_repl = function(...)
  if select("#", ...) ~= 1 then return fail("ERR redis.set_repl() requires one argument.") end
  local flags = ...
  if type(flags) ~= "number" or flags < 0 or flags > 3 then
    return fail("ERR Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.")
  end
  return nil, false
end
implementations.acl_check_cmd = function(name, ...)
  if type(name) ~= "string" or not acl_check_cmd(name) then
    return fail("ERR Invalid command passed to redis.acl_check_cmd()")
  end
  return true, false
end
for name, f in pairs(raw.guarded) do redis[name] = f end
redis.replicate_commands = function() return true end
redis.breakpoint = function() return false end
redis.debug = function() end
redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING = 0, 1, 2, 3
redis.REPL_NONE, redis.REPL_AOF, redis.REPL_SLAVE, redis.REPL_REPLICA, redis.REPL_ALL = 0, 1, 2, 2, 3
redis.REDIS_VERSION = raw.version
redis.REDIS_VERSION_NUM = raw.version_num

math.random = raw.random
math.randomseed = raw.randomseed
-- Lua 5.1's own pcall/xpcall push their status past the stack room a
-- call with many results leaves (an API-check abort in debug builds):
-- the same functions that make room first (raw.rs).
G.pcall, G.xpcall = raw.pcall, raw.xpcall

local keep = {
  assert = 1, collectgarbage = 1, coroutine = 1, error = 1, gcinfo = 1,
  getmetatable = 1, ipairs = 1, load = 1, loadstring = 1, math = 1, next = 1,
  pairs = 1, pcall = 1, rawequal = 1, rawget = 1, rawset = 1, select = 1,
  setmetatable = 1, string = 1, table = 1, tonumber = 1, tostring = 1,
  type = 1, unpack = 1, xpcall = 1, _VERSION = 1,
  bit = 1, cjson = 1, cmsgpack = 1, struct = 1,
}
local globals = {}
for name, value in next, G do
  if keep[name] then globals[name] = value end
end
for _, lib in ipairs({"coroutine", "math", "string", "table", "bit", "cjson", "cmsgpack", "struct"}) do
  if type(globals[lib]) == "table" then globals[lib] = readonly(globals[lib]) end
end
globals.redis = readonly(redis)

-- The environment: reads of a missing name fail, every write fails.
local env
globals.setmetatable = function(t, mt)
  if protected[t] then error("Attempt to modify a readonly table", 2) end
  return setmetatable(t, mt)
end
-- Precompiled (binary) chunks are refused, as Redis 7 does.
globals.loadstring = function(s, name)
  if type(s) == "string" and s:byte(1) == 27 then return nil, "binary chunks are not allowed" end
  local f, e = loadstring(s, name)
  if f then setfenv(f, env) end
  return f, e
end
globals.load = function(fn, name)
  local f, e = load(fn, name)
  if f then setfenv(f, env) end
  return f, e
end
setmetatable(globals, {__index = function(_, name)
  error("Script attempted to access nonexistent global variable '" .. tostring(name) .. "'", 2)
end})
env = readonly(globals)
globals._G = env
return env, globals, implementations
