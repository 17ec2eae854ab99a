//! A tiny piece of application code to test: a session store and a job
//! queue on Redis, written against the `redis` crate with no knowledge of
//! the test server.

use redis::{Commands, Connection, RedisResult};

/// Sessions that expire after `ttl_secs` of inactivity.
pub struct Sessions {
    pub ttl_secs: u64,
}

impl Sessions {
    pub fn login(&self, con: &mut Connection, user: &str, token: &str) -> RedisResult<()> {
        con.set_ex(format!("session:{user}"), token, self.ttl_secs)
    }

    pub fn token(&self, con: &mut Connection, user: &str) -> RedisResult<Option<String>> {
        con.get(format!("session:{user}"))
    }
}

/// Waits up to `timeout_secs` for the next job; `None` when none came.
pub fn next_job(con: &mut Connection, timeout_secs: u64) -> RedisResult<Option<String>> {
    let popped: Option<(String, String)> = redis::cmd("BLPOP")
        .arg("jobs")
        .arg(timeout_secs)
        .query(con)?;
    Ok(popped.map(|(_, job)| job))
}

/// Async twin of [`next_job`].
pub async fn next_job_async(
    con: &mut redis::aio::MultiplexedConnection,
    timeout_secs: u64,
) -> RedisResult<Option<String>> {
    let popped: Option<(String, String)> = redis::cmd("BLPOP")
        .arg("jobs")
        .arg(timeout_secs)
        .query_async(con)
        .await?;
    Ok(popped.map(|(_, job)| job))
}
