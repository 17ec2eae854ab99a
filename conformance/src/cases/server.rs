//! CONFIG GET/SET, INFO, COMMAND COUNT.

use crate::case::Case;
use crate::shapes;

/// What `CONFIG GET maxmemory maxmemory-[ps]*` lists with default
/// settings: the memory parameters miniRedis implements (Redis has two more
/// that `maxmemory*` would match, for features miniRedis does not have).
const MAXMEMORY_DEFAULTS: &[(&str, &str)] = &[
    ("maxmemory", "0"),
    ("maxmemory-policy", "noeviction"),
    ("maxmemory-samples", "5"),
];

pub fn cases(port: u16) -> Vec<Case> {
    vec![
        Case::new("config: GET single parameters")
            .cmd(
                &["CONFIG", "GET", "maxmemory"],
                "*2\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n",
            )
            .cmd(
                &["CONFIG", "GET", "maxmemory-policy"],
                "*2\r\n$16\r\nmaxmemory-policy\r\n$10\r\nnoeviction\r\n",
            )
            .cmd(&["CONFIG", "GET", "nonexistent*"], "*0\r\n")
            .cmd(&["CONFIG", "GET", "nonexistent"], "*0\r\n"),
        Case::new("config: GET several patterns, one with a class").cmd_shape(
            &["CONFIG", "GET", "maxmemory", "maxmemory-[ps]*"],
            format!("these pairs in any order: {MAXMEMORY_DEFAULTS:?}"),
            shapes::config_pairs(false, MAXMEMORY_DEFAULTS),
        ),
        Case::new("config: GET glob with ? and a narrow *")
            .cmd(
                &["CONFIG", "GET", "maxmemory-p*"],
                "*2\r\n$16\r\nmaxmemory-policy\r\n$10\r\nnoeviction\r\n",
            )
            .cmd(
                &["CONFIG", "GET", "maxmemor?"],
                "*2\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n",
            ),
        Case::new("config: GET save / appendonly (asked by redis-benchmark)")
            .cmd(&["CONFIG", "GET", "save"], "*2\r\n$4\r\nsave\r\n$0\r\n\r\n")
            .cmd(
                &["CONFIG", "GET", "appendonly"],
                "*2\r\n$10\r\nappendonly\r\n$2\r\nno\r\n",
            ),
        Case::new("config: SET maxmemory and maxmemory-policy, then GET")
            .cmd(&["CONFIG", "SET", "maxmemory", "100mb"], "+OK\r\n")
            .cmd(
                &["CONFIG", "GET", "maxmemory"],
                "*2\r\n$9\r\nmaxmemory\r\n$9\r\n104857600\r\n",
            )
            .cmd(&["CONFIG", "SET", "maxmemory", "1gb"], "+OK\r\n")
            .cmd(
                &["CONFIG", "GET", "maxmemory"],
                "*2\r\n$9\r\nmaxmemory\r\n$10\r\n1073741824\r\n",
            )
            .cmd(&["CONFIG", "SET", "maxmemory", "1k"], "+OK\r\n")
            .cmd(
                &["CONFIG", "GET", "maxmemory"],
                "*2\r\n$9\r\nmaxmemory\r\n$4\r\n1000\r\n",
            )
            .cmd(&["CONFIG", "SET", "maxmemory", "100mb"], "+OK\r\n")
            .cmd(
                &["CONFIG", "SET", "maxmemory-policy", "allkeys-lru"],
                "+OK\r\n",
            )
            .cmd(
                &["CONFIG", "GET", "maxmemory-policy"],
                "*2\r\n$16\r\nmaxmemory-policy\r\n$11\r\nallkeys-lru\r\n",
            )
            .cmd(&["CONFIG", "SET", "maxmemory", "0"], "+OK\r\n")
            .cmd(
                &["CONFIG", "SET", "maxmemory-policy", "noeviction"],
                "+OK\r\n",
            )
            .cmd(
                &["CONFIG", "GET", "maxmemory"],
                "*2\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n",
            )
            .cmd(
                &["CONFIG", "GET", "maxmemory-policy"],
                "*2\r\n$16\r\nmaxmemory-policy\r\n$10\r\nnoeviction\r\n",
            ),
        Case::new("config: SET bad values")
            .cmd(
                &["CONFIG", "SET", "maxmemory", "abc"],
                "-ERR CONFIG SET failed (possibly related to argument 'maxmemory') - \
                 argument must be a memory value\r\n",
            )
            .cmd(
                &["CONFIG", "SET", "maxmemory", "-1"],
                "-ERR CONFIG SET failed (possibly related to argument 'maxmemory') - \
                 argument must be a memory value\r\n",
            )
            .cmd(
                &["CONFIG", "SET", "maxmemory-policy", "bogus"],
                "-ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - \
                 argument(s) must be one of the following: volatile-lru, volatile-lfu, \
                 volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, \
                 noeviction\r\n",
            )
            .cmd(
                &["CONFIG", "SET", "nosuchparam", "1"],
                "-ERR Unknown option or number of arguments for CONFIG SET - 'nosuchparam'\r\n",
            )
            .cmd(
                &["CONFIG", "SET", "maxmemory"],
                "-ERR wrong number of arguments for 'config|set' command\r\n",
            )
            .cmd(
                &["CONFIG", "GET", "maxmemory"],
                "*2\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n",
            ),
        Case::new("config: subcommand errors")
            .cmd(
                &["CONFIG"],
                "-ERR wrong number of arguments for 'config' command\r\n",
            )
            .cmd(
                &["CONFIG", "GET"],
                "-ERR wrong number of arguments for 'config|get' command\r\n",
            )
            .cmd(
                &["CONFIG", "FOO"],
                "-ERR unknown subcommand 'FOO'. Try CONFIG HELP.\r\n",
            ),
        Case::new("info: all sections and fields")
            .cmd(&["FLUSHALL"], "+OK\r\n")
            .pipeline(
                &[
                    &["SET", "i1:a", "1"],
                    &["SET", "i1:b", "1", "EX", "100"],
                    &["SET", "i1:c", "1"],
                ],
                "+OK\r\n+OK\r\n+OK\r\n",
            )
            .cmd_shape(
                &["INFO"],
                format!(
                    "INFO text: # Server/Clients/Memory/Stats/Keyspace with the usual \
                     fields, tcp_port:{port}, db0:keys=3,expires=1"
                ),
                shapes::info_all(port, 3, 1),
            )
            .cmd(&["FLUSHALL"], "+OK\r\n"),
        Case::new("info: keyspace section")
            .cmd(&["FLUSHALL"], "+OK\r\n")
            .cmd(&["INFO", "keyspace"], "$12\r\n# Keyspace\r\n\r\n")
            .pipeline(
                &[&["SET", "i2:a", "1"], &["SET", "i2:b", "1", "EX", "100"]],
                "+OK\r\n+OK\r\n",
            )
            .cmd_shape(
                &["INFO", "keyspace"],
                "# Keyspace then db0:keys=2,expires=1[,avg_ttl=N]",
                shapes::info_keyspace_db0(2, 1),
            )
            .cmd_shape(
                &["INFO", "KEYSPACE"],
                "same, section name case-insensitive",
                shapes::info_keyspace_db0(2, 1),
            )
            .cmd(&["INFO", "nosuchsection"], "$0\r\n\r\n")
            .cmd(&["FLUSHALL"], "+OK\r\n"),
        Case::new("server: COMMAND COUNT")
            .cmd_shape(
                &["COMMAND", "COUNT"],
                "positive integer",
                shapes::int_in(1, i64::MAX),
            )
            .cmd(
                &["COMMAND", "FOO"],
                "-ERR unknown subcommand 'FOO'. Try COMMAND HELP.\r\n",
            ),
        Case::new("command: GETKEYS / GETKEYSANDFLAGS from the key specs")
            .cmd(&["COMMAND", "GETKEYS", "get", "a"], "*1\r\n$1\r\na\r\n")
            .cmd(
                &["COMMAND", "GETKEYS", "del", "a", "b"],
                "*2\r\n$1\r\na\r\n$1\r\nb\r\n",
            )
            .cmd(
                &["COMMAND", "GETKEYSANDFLAGS", "set", "a", "b", "get"],
                "*1\r\n*2\r\n$1\r\na\r\n*3\r\n+RW\r\n+access\r\n+update\r\n",
            )
            .cmd(
                &["COMMAND", "GETKEYSANDFLAGS", "set", "a", "b"],
                "*1\r\n*2\r\n$1\r\na\r\n*2\r\n+OW\r\n+update\r\n",
            )
            .cmd(
                &["COMMAND", "GETKEYS", "nosuch", "a"],
                "-ERR Invalid command specified\r\n",
            )
            .cmd(
                &["COMMAND", "GETKEYS", "ping", "x"],
                "-ERR The command has no key arguments\r\n",
            )
            .cmd(
                &["COMMAND", "GETKEYS", "get", "a", "b"],
                "-ERR Invalid number of arguments specified for command\r\n",
            )
            .cmd(
                &["COMMAND", "GETKEYS", "get"],
                "-ERR wrong number of arguments for 'command|getkeys' command\r\n",
            ),
        Case::new("command: LIST with filters")
            .cmd(
                &["COMMAND", "LIST", "FILTERBY", "PATTERN", "config|g*"],
                "*1\r\n$10\r\nconfig|get\r\n",
            )
            .cmd(&["COMMAND", "LIST", "FILTERBY", "ACLCAT", "@read"], "*0\r\n")
            .cmd(&["COMMAND", "LIST", "FILTERBY", "MODULE", "x"], "*0\r\n")
            .cmd(&["COMMAND", "LIST", "FILTERBY"], "-ERR syntax error\r\n"),
        Case::new("config: aliases, reported parameters, REWRITE")
            .cmd(
                &["CONFIG", "GET", "slave-read-only"],
                "*2\r\n$15\r\nslave-read-only\r\n$3\r\nyes\r\n",
            )
            .cmd(&["CONFIG", "SET", "slave-priority", "5"], "+OK\r\n")
            .cmd(
                &["CONFIG", "GET", "replica-priority"],
                "*2\r\n$16\r\nreplica-priority\r\n$1\r\n5\r\n",
            )
            .cmd(&["CONFIG", "SET", "replica-priority", "100"], "+OK\r\n")
            .cmd(
                &["CONFIG", "SET", "activerehashing", "maybe"],
                "-ERR CONFIG SET failed (possibly related to argument 'activerehashing') - \
                 argument must be 'yes' or 'no'\r\n",
            )
            .cmd(
                &["CONFIG", "SET", "active-defrag-cycle-max", "100"],
                "-ERR CONFIG SET failed (possibly related to argument 'active-defrag-cycle-max') - \
                 argument must be between 1 and 99 inclusive\r\n",
            )
            .cmd(
                &["CONFIG", "GET", "cluster-enabled"],
                "*2\r\n$15\r\ncluster-enabled\r\n$2\r\nno\r\n",
            )
            .cmd(
                &["CONFIG", "REWRITE"],
                "-ERR The server is running without a config file\r\n",
            ),
        Case::new("info: commandstats and errorstats count rejected and failed calls")
            .cmd(&["CONFIG", "RESETSTAT"], "+OK\r\n")
            .pipeline(
                &[
                    &["NOSUCH", "a"],
                    &["CONFIG", "NOSUCH"],
                    &["CONFIG"],
                    &["GET"],
                    &["SET", "cs:k", "v"],
                    &["LPUSH", "cs:k", "x"],
                    &["CONFIG", "GET", "maxmemory"],
                    &["INCR", "cs:k"],
                    &["DEL", "cs:k"],
                ],
                "-ERR unknown command 'NOSUCH', with args beginning with: 'a' \r\n\
                 -ERR unknown subcommand 'NOSUCH'. Try CONFIG HELP.\r\n\
                 -ERR wrong number of arguments for 'config' command\r\n\
                 -ERR wrong number of arguments for 'get' command\r\n\
                 +OK\r\n\
                 -WRONGTYPE Operation against a key holding the wrong kind of value\r\n\
                 *2\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n\
                 -ERR value is not an integer or out of range\r\n\
                 :1\r\n",
            )
            .cmd(
                &["INFO", "errorstats"],
                "$66\r\n# Errorstats\r\nerrorstat_ERR:count=5\r\nerrorstat_WRONGTYPE:count=1\r\n\r\n",
            )
            .cmd_shape(
                &["INFO", "commandstats"],
                "cmdstat_ lines: rejected for arity, failed for error replies, \
                 unknown commands absent, the INFO before counted",
                shapes::info_commandstats(&[
                    "cmdstat_config|resetstat:calls=1,usec=*,rejected_calls=0,failed_calls=0",
                    "cmdstat_config:calls=0,usec=*,rejected_calls=1,failed_calls=0",
                    "cmdstat_get:calls=0,usec=*,rejected_calls=1,failed_calls=0",
                    "cmdstat_set:calls=1,usec=*,rejected_calls=0,failed_calls=0",
                    "cmdstat_lpush:calls=1,usec=*,rejected_calls=0,failed_calls=1",
                    "cmdstat_config|get:calls=1,usec=*,rejected_calls=0,failed_calls=0",
                    "cmdstat_incr:calls=1,usec=*,rejected_calls=0,failed_calls=1",
                    "cmdstat_del:calls=1,usec=*,rejected_calls=0,failed_calls=0",
                    "cmdstat_info:calls=1,usec=*,rejected_calls=0,failed_calls=0",
                ]),
            ),
        Case::new("info: cluster and modules sections")
            .cmd(
                &["INFO", "cluster"],
                "$30\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n",
            )
            .cmd(&["INFO", "modules"], "$11\r\n# Modules\r\n\r\n"),
    ]
}
