//! RDB snapshot commands: SAVE, BGSAVE, LASTSAVE, the persistence
//! parameters and INFO persistence. Both servers run with `--save ""` and
//! files in their own temporary directory; failed saves need a broken
//! disk and are checked by the runtimes' own tests instead.

use crate::case::Case;
use crate::shapes;

/// Long enough for a background save of the test dataset to be written
/// (a fork and a few kilobytes for Redis, a few timer slices for
/// miniRedis).
const SAVE_SETTLES_MS: u64 = 1000;

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("persistence: SAVE resets the changes count, a write adds one")
            .cmd(&["SET", "persist:k", "v"], "+OK\r\n")
            .cmd(&["SAVE"], "+OK\r\n")
            .cmd_shape(
                &["INFO", "persistence"],
                "no changes, no save running, last status ok",
                shapes::info_lines(&[
                    "loading:0",
                    "rdb_changes_since_last_save:0",
                    "rdb_bgsave_in_progress:0",
                    "rdb_last_bgsave_status:ok",
                    "rdb_current_bgsave_time_sec:-1",
                    "aof_enabled:0",
                ]),
            )
            .cmd(&["SET", "persist:k", "w"], "+OK\r\n")
            .cmd_shape(
                &["INFO", "persistence"],
                "one change",
                shapes::info_lines(&["rdb_changes_since_last_save:1"]),
            )
            .cmd_shape(&["LASTSAVE"], "a Unix time", shapes::int_in(1_600_000_000, 9_999_999_999))
            .cmd(&["DEL", "persist:k"], ":1\r\n"),
        Case::new("persistence: the changes count grows per element written, not per command")
            .cmd(&["SAVE"], "+OK\r\n")
            .cmd(&["RPUSH", "persist:l", "a", "b", "c"], ":3\r\n")
            .cmd(&["SADD", "persist:s", "x", "y", "x"], ":2\r\n")
            .cmd(&["HSET", "persist:h", "f", "1", "g", "2"], ":2\r\n")
            .cmd(&["SADD", "persist:s", "x"], ":0\r\n")
            .cmd(&["DEL", "persist:l", "persist:s", "persist:none"], ":2\r\n")
            .cmd_shape(
                &["INFO", "persistence"],
                "3 + 2 + 2 + 0 + 2 changes",
                shapes::info_lines(&["rdb_changes_since_last_save:9"]),
            )
            .cmd(&["DEL", "persist:h"], ":1\r\n"),
        Case::new("persistence: BGSAVE starts a save that completes")
            .cmd(&["BGSAVE"], "+Background saving started\r\n")
            .sleep_ms(SAVE_SETTLES_MS)
            .cmd_shape(
                &["INFO", "persistence"],
                "the save is over and succeeded",
                shapes::info_lines(&["rdb_bgsave_in_progress:0", "rdb_last_bgsave_status:ok"]),
            )
            .cmd(
                &["MULTI"],
                "+OK\r\n",
            )
            .cmd(&["BGSAVE"], "+QUEUED\r\n")
            .cmd(&["EXEC"], "*1\r\n+Background saving scheduled\r\n")
            .sleep_ms(SAVE_SETTLES_MS)
            .cmd_shape(
                &["INFO", "persistence"],
                "the scheduled save ran",
                shapes::info_lines(&["rdb_bgsave_in_progress:0", "rdb_last_bgsave_status:ok"]),
            ),
        Case::new("persistence: BGREWRITEAOF with the AOF off rewrites once and completes")
            .cmd(&["BGREWRITEAOF"], "+Background append only file rewriting started\r\n")
            .sleep_ms(SAVE_SETTLES_MS)
            .cmd_shape(
                &["INFO", "persistence"],
                "the rewrite is over and succeeded, the AOF still off",
                shapes::info_lines(&[
                    "aof_enabled:0",
                    "aof_rewrite_in_progress:0",
                    "aof_rewrite_scheduled:0",
                    "aof_last_bgrewrite_status:ok",
                    "aof_last_write_status:ok",
                ]),
            )
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(&["BGREWRITEAOF"], "+QUEUED\r\n")
            .cmd(
                &["EXEC"],
                "*1\r\n+Background append only file rewriting scheduled\r\n",
            )
            .sleep_ms(SAVE_SETTLES_MS)
            .cmd(&["BGREWRITEAOF", "x"], "-ERR wrong number of arguments for 'bgrewriteaof' command\r\n"),
        Case::new("persistence: the AOF parameters under CONFIG GET and SET")
            .cmd(
                &["CONFIG", "GET", "appendonly"],
                "*2\r\n$10\r\nappendonly\r\n$2\r\nno\r\n",
            )
            .cmd(
                &["CONFIG", "GET", "appendfsync"],
                "*2\r\n$11\r\nappendfsync\r\n$8\r\neverysec\r\n",
            )
            .cmd(
                &["CONFIG", "GET", "appenddirname"],
                "*2\r\n$13\r\nappenddirname\r\n$13\r\nappendonlydir\r\n",
            )
            .cmd(
                &["CONFIG", "SET", "appendonly", "maybe"],
                "-ERR CONFIG SET failed (possibly related to argument 'appendonly') - argument must be 'yes' or 'no'\r\n",
            )
            .cmd(
                &["CONFIG", "SET", "appendfsync", "sometimes"],
                "-ERR CONFIG SET failed (possibly related to argument 'appendfsync') - argument(s) must be one of the following: everysec, always, no\r\n",
            )
            .cmd(
                &["CONFIG", "SET", "appenddirname", "x"],
                "-ERR CONFIG SET failed (possibly related to argument 'appenddirname') - can't set immutable config\r\n",
            )
            .cmd(&["CONFIG", "SET", "appendfsync", "always"], "+OK\r\n")
            .cmd(
                &["CONFIG", "GET", "appendfsync"],
                "*2\r\n$11\r\nappendfsync\r\n$6\r\nalways\r\n",
            )
            .cmd(&["CONFIG", "SET", "appendfsync", "everysec"], "+OK\r\n"),
        Case::new("persistence: command forms refused as Redis refuses them")
            .cmd(&["BGSAVE", "FOO"], "-ERR syntax error\r\n")
            .cmd(&["BGSAVE", "SCHEDULE", "X"], "-ERR syntax error\r\n")
            .cmd(&["SAVE", "x"], "-ERR wrong number of arguments for 'save' command\r\n")
            .cmd(&["LASTSAVE", "x"], "-ERR wrong number of arguments for 'lastsave' command\r\n")
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(&["SAVE"], "-ERR Command not allowed inside a transaction\r\n")
            .cmd(
                &["EXEC"],
                "-EXECABORT Transaction discarded because of previous errors.\r\n",
            ),
        Case::new("persistence: CONFIG GET/SET of the RDB parameters")
            .cmd(
                &["CONFIG", "GET", "rdbcompression"],
                "*2\r\n$14\r\nrdbcompression\r\n$3\r\nyes\r\n",
            )
            .cmd(
                &["CONFIG", "GET", "rdbchecksum"],
                "*2\r\n$11\r\nrdbchecksum\r\n$3\r\nyes\r\n",
            )
            .cmd(
                &["CONFIG", "GET", "stop-writes-on-bgsave-error"],
                "*2\r\n$27\r\nstop-writes-on-bgsave-error\r\n$3\r\nyes\r\n",
            )
            .cmd(
                &["CONFIG", "GET", "dbfilename"],
                "*2\r\n$10\r\ndbfilename\r\n$8\r\ndump.rdb\r\n",
            )
            .cmd(
                &["CONFIG", "SET", "stop-writes-on-bgsave-error", "maybe"],
                "-ERR CONFIG SET failed (possibly related to argument 'stop-writes-on-bgsave-error') - argument must be 'yes' or 'no'\r\n",
            )
            .cmd(&["CONFIG", "SET", "rdbcompression", "no"], "+OK\r\n")
            .cmd(
                &["CONFIG", "GET", "rdbcompression"],
                "*2\r\n$14\r\nrdbcompression\r\n$2\r\nno\r\n",
            )
            .cmd(&["CONFIG", "SET", "rdbcompression", "yes"], "+OK\r\n")
            .cmd(
                &["CONFIG", "SET", "rdbchecksum", "no"],
                "-ERR CONFIG SET failed (possibly related to argument 'rdbchecksum') - can't set immutable config\r\n",
            )
            .cmd(
                &["CONFIG", "SET", "dir", "/tmp"],
                "-ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config\r\n",
            )
            .cmd(
                &["CONFIG", "SET", "dbfilename", "x.rdb"],
                "-ERR CONFIG SET failed (possibly related to argument 'dbfilename') - can't set protected config\r\n",
            )
            .cmd(&["CONFIG", "SET", "save", "3600 1 300 100"], "+OK\r\n")
            .cmd(
                &["CONFIG", "GET", "save"],
                "*2\r\n$4\r\nsave\r\n$14\r\n3600 1 300 100\r\n",
            )
            .cmd(
                &["CONFIG", "SET", "save", "1 -1"],
                "-ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters\r\n",
            )
            .cmd(&["CONFIG", "SET", "save", ""], "+OK\r\n")
            .cmd(&["CONFIG", "GET", "save"], "*2\r\n$4\r\nsave\r\n$0\r\n\r\n"),
    ]
}
