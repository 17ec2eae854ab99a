//! Round trips through the `redis` crate's synchronous client, over RESP2
//! and RESP3 (the client then opens with HELLO 3).

use std::net::SocketAddr;
use std::time::Duration;

use redis::{Connection, RedisResult, Value};

fn connect(addr: SocketAddr, resp3: bool) -> RedisResult<Connection> {
    let query = if resp3 { "/?protocol=resp3" } else { "" };
    let url = format!("redis://{}:{}{query}", addr.ip(), addr.port());
    let client = redis::Client::open(url)?;
    let con = client.get_connection_with_timeout(Duration::from_secs(2))?;
    con.set_read_timeout(Some(Duration::from_secs(2)))?;
    con.set_write_timeout(Some(Duration::from_secs(2)))?;
    Ok(con)
}

fn expect<T: PartialEq + std::fmt::Debug>(what: &str, got: T, want: T) -> Result<(), String> {
    if got == want {
        Ok(())
    } else {
        Err(format!("{what}: got {got:?}, expected {want:?}"))
    }
}

/// SET/GET/LPUSH/LPOP/EXPIRE/TTL round trips with typed results.
pub fn round_trips(addr: SocketAddr, resp3: bool) -> Result<(), String> {
    let e = |what: &str| {
        let what = what.to_string();
        move |err: redis::RedisError| format!("{what}: {err}")
    };
    let mut con = connect(addr, resp3).map_err(e("connect"))?;
    let p = if resp3 { "rc3" } else { "rc2" };
    let (k, l, missing) = (format!("{p}:k"), format!("{p}:l"), format!("{p}:missing"));

    let set: String = redis::cmd("SET")
        .arg(&k)
        .arg("v")
        .query(&mut con)
        .map_err(e("SET"))?;
    expect("SET", set.as_str(), "OK")?;
    let got: Option<String> = redis::cmd("GET")
        .arg(&k)
        .query(&mut con)
        .map_err(e("GET"))?;
    expect("GET", got, Some("v".to_string()))?;
    let got: Option<String> = redis::cmd("GET")
        .arg(&missing)
        .query(&mut con)
        .map_err(e("GET missing"))?;
    expect("GET missing", got, None)?;
    let raw: Value = redis::cmd("GET")
        .arg(&missing)
        .query(&mut con)
        .map_err(e("GET missing"))?;
    expect("GET missing (raw)", raw, Value::Nil)?;

    let n: i64 = redis::cmd("LPUSH")
        .arg(&l)
        .arg("a")
        .arg("b")
        .arg("c")
        .query(&mut con)
        .map_err(e("LPUSH"))?;
    expect("LPUSH", n, 3)?;
    let one: Option<String> = redis::cmd("LPOP")
        .arg(&l)
        .query(&mut con)
        .map_err(e("LPOP"))?;
    expect("LPOP", one, Some("c".to_string()))?;
    let two: Vec<String> = redis::cmd("LPOP")
        .arg(&l)
        .arg(2)
        .query(&mut con)
        .map_err(e("LPOP 2"))?;
    expect("LPOP 2", two, vec!["b".to_string(), "a".to_string()])?;
    let none: Option<Vec<String>> = redis::cmd("LPOP")
        .arg(&l)
        .arg(2)
        .query(&mut con)
        .map_err(e("LPOP 2 on missing"))?;
    expect("LPOP 2 on missing", none, None)?;

    let set: i64 = redis::cmd("EXPIRE")
        .arg(&k)
        .arg(100)
        .query(&mut con)
        .map_err(e("EXPIRE"))?;
    expect("EXPIRE", set, 1)?;
    let ttl: i64 = redis::cmd("TTL")
        .arg(&k)
        .query(&mut con)
        .map_err(e("TTL"))?;
    if !(99..=100).contains(&ttl) {
        return Err(format!("TTL: got {ttl}, expected 99..=100"));
    }
    let ttl: i64 = redis::cmd("TTL")
        .arg(&missing)
        .query(&mut con)
        .map_err(e("TTL missing"))?;
    expect("TTL missing", ttl, -2)?;

    let err = redis::cmd("GET")
        .arg(&l)
        .arg("extra")
        .query::<Value>(&mut con);
    match err {
        Err(err) if err.to_string().contains("wrong number of arguments") => {}
        other => {
            return Err(format!(
                "GET with 2 args: expected an arity error, got {other:?}"
            ))
        }
    }
    let del: i64 = redis::cmd("DEL")
        .arg(&k)
        .arg(&l)
        .query(&mut con)
        .map_err(e("DEL"))?;
    expect("DEL", del, 1)?;
    let pong: String = redis::cmd("PING").query(&mut con).map_err(e("PING"))?;
    expect("PING", pong.as_str(), "PONG")
}
