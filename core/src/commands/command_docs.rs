//! COMMAND INFO / COMMAND DOCS metadata of every command in the table, as
//! redis-server 7.0.15 reports it (taken from its own COMMAND INFO and
//! COMMAND DOCS replies). `client|setinfo` is newer than 7.0: its entry
//! follows the 7.2 definition, in the 7.0 reply format.
//!
//! Each entry: `Meta::new(name, arity, flags, (first key, last key, step),
//! ACL categories)`, then its command tips, key specs, documentation
//! (summary, since, group, complexity), history and argument tree.

use super::{arg, KeySpec, Meta};

pub(super) static COMMANDS: &[Meta] = &[
    Meta::new("ping", -1, &["fast"], (0, 0, 0), &["@fast", "@connection"])
        .tips(&["request_policy:all_shards", "response_policy:all_succeeded"])
        .doc("Ping the server", "1.0.0", "connection", "O(1)")
        .args(&[
            arg("message", "string").optional(),
        ]),
    Meta::new("echo", 2, &["loading", "stale", "fast"], (0, 0, 0), &["@fast", "@connection"])
        .doc("Echo the given string", "1.0.0", "connection", "O(1)")
        .args(&[
            arg("message", "string"),
        ]),
    Meta::new("hello", -1, &["noscript", "loading", "stale", "fast", "no_auth", "allow_busy"], (0, 0, 0), &["@fast", "@connection"])
        .doc("Handshake with Redis", "6.0.0", "connection", "O(1)")
        .history(&[
            ("6.2.0", "`protover` made optional; when called without arguments the command reports the current connection's context."),
        ])
        .args(&[
            arg("arguments", "block").optional().args(&[
                arg("protover", "integer"),
                arg("username_password", "block").token("AUTH").optional().args(&[
                    arg("username", "string"),
                    arg("password", "string"),
                ]),
                arg("clientname", "string").token("SETNAME").optional(),
            ]),
        ]),
    Meta::new("quit", -1, &["noscript", "loading", "stale", "fast", "no_auth", "allow_busy"], (0, 0, 0), &["@fast", "@connection"])
        .doc("Close the connection", "1.0.0", "connection", "O(1)"),
    Meta::new("auth", -2, &["noscript", "loading", "stale", "fast", "no_auth", "allow_busy"], (0, 0, 0), &["@fast", "@connection"])
        .doc("Authenticate to the server", "1.0.0", "connection", "O(N) where N is the number of passwords defined for the user")
        .history(&[
            ("6.0.0", "Added ACL style (username and password)."),
        ])
        .args(&[
            arg("username", "string").since("6.0.0").optional(),
            arg("password", "string"),
        ]),
    Meta::new("select", 2, &["loading", "stale", "fast"], (0, 0, 0), &["@fast", "@connection"])
        .doc("Change the selected database for the current connection", "1.0.0", "connection", "O(1)")
        .args(&[
            arg("index", "integer"),
        ]),
    Meta::new("client", -2, &[], (0, 0, 0), &["@slow"])
        .doc("A container for client connection commands", "2.4.0", "connection", "Depends on subcommand."),
    Meta::new("client|setinfo", 4, &["noscript", "loading", "stale"], (0, 0, 0), &["@slow", "@connection"])
        .doc("Sets information specific to the client or connection.", "7.2.0", "connection", "O(1)")
        .args(&[
            arg("attr", "oneof").args(&[
                arg("libname", "string").token("lib-name"),
                arg("libver", "string").token("lib-ver"),
            ]),
        ]),
    Meta::new("client|setname", 3, &["noscript", "loading", "stale"], (0, 0, 0), &["@slow", "@connection"])
        .doc("Set the current connection name", "2.6.9", "connection", "O(1)")
        .args(&[
            arg("connection-name", "string"),
        ]),
    Meta::new("client|getname", 2, &["noscript", "loading", "stale"], (0, 0, 0), &["@slow", "@connection"])
        .doc("Get the current connection name", "2.6.9", "connection", "O(1)"),
    Meta::new("client|id", 2, &["noscript", "loading", "stale"], (0, 0, 0), &["@slow", "@connection"])
        .doc("Returns the client ID for the current connection", "5.0.0", "connection", "O(1)"),
    Meta::new("command", -1, &["loading", "stale"], (0, 0, 0), &["@slow", "@connection"])
        .tips(&["nondeterministic_output_order"])
        .doc("Get array of Redis command details", "2.8.13", "server", "O(N) where N is the total number of Redis commands"),
    Meta::new("command|count", 2, &["loading", "stale"], (0, 0, 0), &["@slow", "@connection"])
        .doc("Get total number of Redis commands", "2.8.13", "server", "O(1)"),
    Meta::new("command|info", -2, &["loading", "stale"], (0, 0, 0), &["@slow", "@connection"])
        .tips(&["nondeterministic_output_order"])
        .doc("Get array of specific Redis command details, or all when no argument is given.", "2.8.13", "server", "O(N) where N is the number of commands to look up")
        .history(&[
            ("7.0.0", "Allowed to be called with no argument to get info on all commands."),
        ])
        .args(&[
            arg("command-name", "string").optional().multiple(),
        ]),
    Meta::new("command|docs", -2, &["loading", "stale"], (0, 0, 0), &["@slow", "@connection"])
        .tips(&["nondeterministic_output_order"])
        .doc("Get array of specific Redis command documentation", "7.0.0", "server", "O(N) where N is the number of commands to look up")
        .args(&[
            arg("command-name", "string").optional().multiple(),
        ]),
    Meta::new("get", 2, &["readonly", "fast"], (1, 1, 1), &["@read", "@string", "@fast"])
        .key_specs(&[
            KeySpec::new(&["RO", "access"], 1, (0, 1, 0)),
        ])
        .doc("Get the value of a key", "1.0.0", "string", "O(1)")
        .args(&[
            arg("key", "key").key_spec(0),
        ]),
    Meta::new("set", -3, &["write", "denyoom"], (1, 1, 1), &["@write", "@string", "@slow"])
        .key_specs(&[
            KeySpec::new(&["RW", "access", "update", "variable_flags"], 1, (0, 1, 0)).notes("RW and ACCESS due to the optional `GET` argument"),
        ])
        .doc("Set the string value of a key", "1.0.0", "string", "O(1)")
        .history(&[
            ("2.6.12", "Added the `EX`, `PX`, `NX` and `XX` options."),
            ("6.0.0", "Added the `KEEPTTL` option."),
            ("6.2.0", "Added the `GET`, `EXAT` and `PXAT` option."),
            ("7.0.0", "Allowed the `NX` and `GET` options to be used together."),
        ])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("value", "string"),
            arg("condition", "oneof").since("2.6.12").optional().args(&[
                arg("nx", "pure-token").token("NX"),
                arg("xx", "pure-token").token("XX"),
            ]),
            arg("get", "pure-token").token("GET").since("6.2.0").optional(),
            arg("expiration", "oneof").optional().args(&[
                arg("seconds", "integer").token("EX").since("2.6.12"),
                arg("milliseconds", "integer").token("PX").since("2.6.12"),
                arg("unix-time-seconds", "unix-time").token("EXAT").since("6.2.0"),
                arg("unix-time-milliseconds", "unix-time").token("PXAT").since("6.2.0"),
                arg("keepttl", "pure-token").token("KEEPTTL").since("6.0.0"),
            ]),
        ]),
    Meta::new("setex", 4, &["write", "denyoom"], (1, 1, 1), &["@write", "@string", "@slow"])
        .key_specs(&[
            KeySpec::new(&["OW", "update"], 1, (0, 1, 0)),
        ])
        .doc("Set the value and expiration of a key", "2.0.0", "string", "O(1)")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("seconds", "integer"),
            arg("value", "string"),
        ]),
    Meta::new("psetex", 4, &["write", "denyoom"], (1, 1, 1), &["@write", "@string", "@slow"])
        .key_specs(&[
            KeySpec::new(&["OW", "update"], 1, (0, 1, 0)),
        ])
        .doc("Set the value and expiration in milliseconds of a key", "2.6.0", "string", "O(1)")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("milliseconds", "integer"),
            arg("value", "string"),
        ]),
    Meta::new("del", -2, &["write"], (1, -1, 1), &["@keyspace", "@write", "@slow"])
        .tips(&["request_policy:multi_shard", "response_policy:agg_sum"])
        .key_specs(&[
            KeySpec::new(&["RM", "delete"], 1, (-1, 1, 0)),
        ])
        .doc("Delete a key", "1.0.0", "generic", "O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).")
        .args(&[
            arg("key", "key").key_spec(0).multiple(),
        ]),
    Meta::new("exists", -2, &["readonly", "fast"], (1, -1, 1), &["@keyspace", "@read", "@fast"])
        .tips(&["request_policy:multi_shard", "response_policy:agg_sum"])
        .key_specs(&[
            KeySpec::new(&["RO"], 1, (-1, 1, 0)),
        ])
        .doc("Determine if a key exists", "1.0.0", "generic", "O(N) where N is the number of keys to check.")
        .history(&[
            ("3.0.3", "Accepts multiple `key` arguments."),
        ])
        .args(&[
            arg("key", "key").key_spec(0).multiple(),
        ]),
    Meta::new("expire", -3, &["write", "fast"], (1, 1, 1), &["@keyspace", "@write", "@fast"])
        .key_specs(&[
            KeySpec::new(&["RW", "update"], 1, (0, 1, 0)),
        ])
        .doc("Set a key's time to live in seconds", "1.0.0", "generic", "O(1)")
        .history(&[
            ("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."),
        ])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("seconds", "integer"),
            arg("condition", "oneof").since("7.0.0").optional().args(&[
                arg("nx", "pure-token").token("NX"),
                arg("xx", "pure-token").token("XX"),
                arg("gt", "pure-token").token("GT"),
                arg("lt", "pure-token").token("LT"),
            ]),
        ]),
    Meta::new("pexpire", -3, &["write", "fast"], (1, 1, 1), &["@keyspace", "@write", "@fast"])
        .key_specs(&[
            KeySpec::new(&["RW", "update"], 1, (0, 1, 0)),
        ])
        .doc("Set a key's time to live in milliseconds", "2.6.0", "generic", "O(1)")
        .history(&[
            ("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."),
        ])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("milliseconds", "integer"),
            arg("condition", "oneof").since("7.0.0").optional().args(&[
                arg("nx", "pure-token").token("NX"),
                arg("xx", "pure-token").token("XX"),
                arg("gt", "pure-token").token("GT"),
                arg("lt", "pure-token").token("LT"),
            ]),
        ]),
    Meta::new("expireat", -3, &["write", "fast"], (1, 1, 1), &["@keyspace", "@write", "@fast"])
        .key_specs(&[
            KeySpec::new(&["RW", "update"], 1, (0, 1, 0)),
        ])
        .doc("Set the expiration for a key as a UNIX timestamp", "1.2.0", "generic", "O(1)")
        .history(&[
            ("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."),
        ])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("unix-time-seconds", "unix-time"),
            arg("condition", "oneof").since("7.0.0").optional().args(&[
                arg("nx", "pure-token").token("NX"),
                arg("xx", "pure-token").token("XX"),
                arg("gt", "pure-token").token("GT"),
                arg("lt", "pure-token").token("LT"),
            ]),
        ]),
    Meta::new("pexpireat", -3, &["write", "fast"], (1, 1, 1), &["@keyspace", "@write", "@fast"])
        .key_specs(&[
            KeySpec::new(&["RW", "update"], 1, (0, 1, 0)),
        ])
        .doc("Set the expiration for a key as a UNIX timestamp specified in milliseconds", "2.6.0", "generic", "O(1)")
        .history(&[
            ("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."),
        ])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("unix-time-milliseconds", "unix-time"),
            arg("condition", "oneof").since("7.0.0").optional().args(&[
                arg("nx", "pure-token").token("NX"),
                arg("xx", "pure-token").token("XX"),
                arg("gt", "pure-token").token("GT"),
                arg("lt", "pure-token").token("LT"),
            ]),
        ]),
    Meta::new("persist", 2, &["write", "fast"], (1, 1, 1), &["@keyspace", "@write", "@fast"])
        .key_specs(&[
            KeySpec::new(&["RW", "update"], 1, (0, 1, 0)),
        ])
        .doc("Remove the expiration from a key", "2.2.0", "generic", "O(1)")
        .args(&[
            arg("key", "key").key_spec(0),
        ]),
    Meta::new("ttl", 2, &["readonly", "fast"], (1, 1, 1), &["@keyspace", "@read", "@fast"])
        .tips(&["nondeterministic_output"])
        .key_specs(&[
            KeySpec::new(&["RO", "access"], 1, (0, 1, 0)),
        ])
        .doc("Get the time to live for a key in seconds", "1.0.0", "generic", "O(1)")
        .history(&[
            ("2.8.0", "Added the -2 reply."),
        ])
        .args(&[
            arg("key", "key").key_spec(0),
        ]),
    Meta::new("pttl", 2, &["readonly", "fast"], (1, 1, 1), &["@keyspace", "@read", "@fast"])
        .tips(&["nondeterministic_output"])
        .key_specs(&[
            KeySpec::new(&["RO", "access"], 1, (0, 1, 0)),
        ])
        .doc("Get the time to live for a key in milliseconds", "2.6.0", "generic", "O(1)")
        .history(&[
            ("2.8.0", "Added the -2 reply."),
        ])
        .args(&[
            arg("key", "key").key_spec(0),
        ]),
    Meta::new("expiretime", 2, &["readonly", "fast"], (1, 1, 1), &["@keyspace", "@read", "@fast"])
        .key_specs(&[
            KeySpec::new(&["RO", "access"], 1, (0, 1, 0)),
        ])
        .doc("Get the expiration Unix timestamp for a key", "7.0.0", "generic", "O(1)")
        .args(&[
            arg("key", "key").key_spec(0),
        ]),
    Meta::new("pexpiretime", 2, &["readonly", "fast"], (1, 1, 1), &["@keyspace", "@read", "@fast"])
        .key_specs(&[
            KeySpec::new(&["RO", "access"], 1, (0, 1, 0)),
        ])
        .doc("Get the expiration Unix timestamp for a key in milliseconds", "7.0.0", "generic", "O(1)")
        .args(&[
            arg("key", "key").key_spec(0),
        ]),
    Meta::new("type", 2, &["readonly", "fast"], (1, 1, 1), &["@keyspace", "@read", "@fast"])
        .key_specs(&[
            KeySpec::new(&["RO"], 1, (0, 1, 0)),
        ])
        .doc("Determine the type stored at key", "1.0.0", "generic", "O(1)")
        .args(&[
            arg("key", "key").key_spec(0),
        ]),
    Meta::new("dbsize", 1, &["readonly", "fast"], (0, 0, 0), &["@keyspace", "@read", "@fast"])
        .tips(&["request_policy:all_shards", "response_policy:agg_sum"])
        .doc("Return the number of keys in the selected database", "1.0.0", "server", "O(1)"),
    Meta::new("flushdb", -1, &["write"], (0, 0, 0), &["@keyspace", "@write", "@slow", "@dangerous"])
        .tips(&["request_policy:all_shards", "response_policy:all_succeeded"])
        .doc("Remove all keys from the current database", "1.0.0", "server", "O(N) where N is the number of keys in the selected database")
        .history(&[
            ("4.0.0", "Added the `ASYNC` flushing mode modifier."),
            ("6.2.0", "Added the `SYNC` flushing mode modifier."),
        ])
        .args(&[
            arg("async", "oneof").optional().args(&[
                arg("async", "pure-token").token("ASYNC").since("4.0.0"),
                arg("sync", "pure-token").token("SYNC").since("6.2.0"),
            ]),
        ]),
    Meta::new("flushall", -1, &["write"], (0, 0, 0), &["@keyspace", "@write", "@slow", "@dangerous"])
        .tips(&["request_policy:all_shards", "response_policy:all_succeeded"])
        .doc("Remove all keys from all databases", "1.0.0", "server", "O(N) where N is the total number of keys in all databases")
        .history(&[
            ("4.0.0", "Added the `ASYNC` flushing mode modifier."),
            ("6.2.0", "Added the `SYNC` flushing mode modifier."),
        ])
        .args(&[
            arg("async", "oneof").optional().args(&[
                arg("async", "pure-token").token("ASYNC").since("4.0.0"),
                arg("sync", "pure-token").token("SYNC").since("6.2.0"),
            ]),
        ]),
    Meta::new("lpush", -3, &["write", "denyoom", "fast"], (1, 1, 1), &["@write", "@list", "@fast"])
        .key_specs(&[
            KeySpec::new(&["RW", "insert"], 1, (0, 1, 0)),
        ])
        .doc("Prepend one or multiple elements to a list", "1.0.0", "list", "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.")
        .history(&[
            ("2.4.0", "Accepts multiple `element` arguments."),
        ])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("element", "string").multiple(),
        ]),
    Meta::new("rpush", -3, &["write", "denyoom", "fast"], (1, 1, 1), &["@write", "@list", "@fast"])
        .key_specs(&[
            KeySpec::new(&["RW", "insert"], 1, (0, 1, 0)),
        ])
        .doc("Append one or multiple elements to a list", "1.0.0", "list", "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.")
        .history(&[
            ("2.4.0", "Accepts multiple `element` arguments."),
        ])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("element", "string").multiple(),
        ]),
    Meta::new("lpop", -2, &["write", "fast"], (1, 1, 1), &["@write", "@list", "@fast"])
        .key_specs(&[
            KeySpec::new(&["RW", "access", "delete"], 1, (0, 1, 0)),
        ])
        .doc("Remove and get the first elements in a list", "1.0.0", "list", "O(N) where N is the number of elements returned")
        .history(&[
            ("6.2.0", "Added the `count` argument."),
        ])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("count", "integer").since("6.2.0").optional(),
        ]),
    Meta::new("rpop", -2, &["write", "fast"], (1, 1, 1), &["@write", "@list", "@fast"])
        .key_specs(&[
            KeySpec::new(&["RW", "access", "delete"], 1, (0, 1, 0)),
        ])
        .doc("Remove and get the last elements in a list", "1.0.0", "list", "O(N) where N is the number of elements returned")
        .history(&[
            ("6.2.0", "Added the `count` argument."),
        ])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("count", "integer").since("6.2.0").optional(),
        ]),
    Meta::new("config", -2, &[], (0, 0, 0), &["@slow"])
        .doc("A container for server configuration commands", "2.0.0", "server", "Depends on subcommand."),
    Meta::new("config|get", -3, &["admin", "noscript", "loading", "stale"], (0, 0, 0), &["@admin", "@slow", "@dangerous"])
        .doc("Get the values of configuration parameters", "2.0.0", "server", "O(N) when N is the number of configuration parameters provided")
        .history(&[
            ("7.0.0", "Added the ability to pass multiple pattern parameters in one call"),
        ])
        .args(&[
            arg("parameter", "block").multiple().args(&[
                arg("parameter", "string"),
            ]),
        ]),
    Meta::new("config|set", -4, &["admin", "noscript", "loading", "stale"], (0, 0, 0), &["@admin", "@slow", "@dangerous"])
        .tips(&["request_policy:all_nodes", "response_policy:all_succeeded"])
        .doc("Set configuration parameters to the given values", "2.0.0", "server", "O(N) when N is the number of configuration parameters provided")
        .history(&[
            ("7.0.0", "Added the ability to set multiple parameters in one call."),
        ])
        .args(&[
            arg("parameter_value", "block").multiple().args(&[
                arg("parameter", "string"),
                arg("value", "string"),
            ]),
        ]),
    Meta::new("config|resetstat", 2, &["admin", "noscript", "loading", "stale"], (0, 0, 0), &["@admin", "@slow", "@dangerous"])
        .doc("Reset the stats returned by INFO", "2.0.0", "server", "O(1)"),
    Meta::new("info", -1, &["loading", "stale"], (0, 0, 0), &["@slow", "@dangerous"])
        .tips(&["nondeterministic_output", "request_policy:all_shards", "response_policy:special"])
        .doc("Get information and statistics about the server", "1.0.0", "server", "O(1)")
        .history(&[
            ("7.0.0", "Added support for taking multiple section arguments."),
        ])
        .args(&[
            arg("section", "string").optional().multiple(),
        ]),
    Meta::new("time", 1, &["loading", "stale", "fast"], (0, 0, 0), &["@fast"])
        .tips(&["nondeterministic_output"])
        .doc("Return the current server time", "2.6.0", "server", "O(1)"),
    Meta::new("memory", -2, &[], (0, 0, 0), &["@slow"])
        .doc("A container for memory diagnostics commands", "4.0.0", "server", "Depends on subcommand."),
    Meta::new("memory|usage", -3, &["readonly"], (2, 2, 1), &["@read", "@slow"])
        .key_specs(&[
            KeySpec::new(&["RO"], 2, (0, 1, 0)),
        ])
        .doc("Estimate the memory usage of a key", "4.0.0", "server", "O(N) where N is the number of samples.")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("count", "integer").token("SAMPLES").optional(),
        ]),
    Meta::new("shutdown", -1, &["admin", "noscript", "loading", "stale", "no_multi", "allow_busy"], (0, 0, 0), &["@admin", "@slow", "@dangerous"])
        .doc("Synchronously save the dataset to disk and then shut down the server", "1.0.0", "server", "O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)")
        .history(&[
            ("7.0.0", "Added the `NOW`, `FORCE` and `ABORT` modifiers."),
        ])
        .args(&[
            arg("nosave_save", "oneof").optional().args(&[
                arg("nosave", "pure-token").token("NOSAVE"),
                arg("save", "pure-token").token("SAVE"),
            ]),
            arg("now", "pure-token").token("NOW").since("7.0.0").optional(),
            arg("force", "pure-token").token("FORCE").since("7.0.0").optional(),
            arg("abort", "pure-token").token("ABORT").since("7.0.0").optional(),
        ]),
    Meta::new("cluster", -2, &[], (0, 0, 0), &["@slow"])
        .doc("A container for cluster commands", "3.0.0", "cluster", "Depends on subcommand."),
    Meta::new("readonly", 1, &["loading", "stale", "fast"], (0, 0, 0), &["@fast", "@connection"])
        .doc("Enables read queries for a connection to a cluster replica node", "3.0.0", "cluster", "O(1)"),
    Meta::new("readwrite", 1, &["loading", "stale", "fast"], (0, 0, 0), &["@fast", "@connection"])
        .doc("Disables read queries for a connection to a cluster replica node", "3.0.0", "cluster", "O(1)"),
];
