//! Shape checks for replies whose exact bytes legitimately differ between
//! servers or with time: server identity, counters, remaining TTLs, and
//! CONFIG GET glob results (whose order follows a randomly seeded hash).

use crate::resp::Value;

type Check = Result<(), String>;

fn text(v: &Value) -> String {
    v.to_string()
}

/// An integer reply within `lo..=hi`.
pub fn int_in(lo: i64, hi: i64) -> impl Fn(&Value) -> Check + Send + Sync {
    move |v| match v {
        Value::Int(i) if (lo..=hi).contains(i) => Ok(()),
        other => Err(format!(
            "expected an integer in {lo}..={hi}, got {}",
            text(other)
        )),
    }
}

/// A bulk string reply.
fn bulk_str(v: &Value) -> Option<&[u8]> {
    match v {
        Value::Bulk(Some(b)) => Some(b),
        _ => None,
    }
}

/// HELLO's reply: a 7-entry map (RESP3) or a 14-element array (RESP2) with
/// server, version, proto, id, mode, role, modules in that order. Server
/// name, version and id vary; proto, mode, role and modules are fixed.
pub fn hello(proto: i64) -> impl Fn(&Value) -> Check + Send + Sync {
    move |v| {
        let pairs: Vec<(&Value, &Value)> = match (proto, v) {
            (3, Value::Map(pairs)) => pairs.iter().map(|(k, v)| (k, v)).collect(),
            (2, Value::Array(Some(items))) if items.len() % 2 == 0 => {
                items.chunks(2).map(|c| (&c[0], &c[1])).collect()
            }
            _ => {
                let want = if proto == 3 { "map" } else { "flat array" };
                return Err(format!("expected a {want}, got {} {}", v.kind(), text(v)));
            }
        };
        let keys: Vec<String> = pairs.iter().map(|(k, _)| text(k)).collect();
        let want_keys = [
            "server", "version", "proto", "id", "mode", "role", "modules",
        ];
        let want_keys_q: Vec<String> = want_keys.iter().map(|k| format!("{k:?}")).collect();
        if keys != want_keys_q {
            return Err(format!(
                "keys {keys:?}, expected {want_keys:?} as bulk strings"
            ));
        }
        let val = |i: usize| pairs[i].1;
        if !matches!(bulk_str(val(0)), Some(b) if !b.is_empty()) {
            return Err(format!(
                "server: expected a bulk string, got {}",
                text(val(0))
            ));
        }
        let version_ok = bulk_str(val(1))
            .is_some_and(|b| !b.is_empty() && b.iter().all(|c| c.is_ascii_digit() || *c == b'.'));
        if !version_ok {
            return Err(format!(
                "version: expected a dotted number, got {}",
                text(val(1))
            ));
        }
        if val(2) != &Value::Int(proto) {
            return Err(format!("proto: expected :{proto}, got {}", text(val(2))));
        }
        if !matches!(val(3), Value::Int(i) if *i > 0) {
            return Err(format!(
                "id: expected a positive integer, got {}",
                text(val(3))
            ));
        }
        if bulk_str(val(4)) != Some(b"standalone") {
            return Err(format!(
                "mode: expected \"standalone\", got {}",
                text(val(4))
            ));
        }
        if bulk_str(val(5)) != Some(b"master") {
            return Err(format!("role: expected \"master\", got {}", text(val(5))));
        }
        if val(6) != &Value::Array(Some(vec![])) {
            return Err(format!(
                "modules: expected an empty array, got {}",
                text(val(6))
            ));
        }
        Ok(())
    }
}

/// A CONFIG GET reply holding exactly these name/value pairs, in any order:
/// a flat array in RESP2, a map in RESP3.
pub fn config_pairs(
    resp3: bool,
    expected: &[(&str, &str)],
) -> impl Fn(&Value) -> Check + Send + Sync {
    let mut want: Vec<(String, String)> = expected
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    want.sort();
    move |v| {
        let raw: Vec<(&Value, &Value)> = match (resp3, v) {
            (true, Value::Map(pairs)) => pairs.iter().map(|(k, v)| (k, v)).collect(),
            (false, Value::Array(Some(items))) if items.len() % 2 == 0 => {
                items.chunks(2).map(|c| (&c[0], &c[1])).collect()
            }
            _ => {
                let want = if resp3 { "map" } else { "flat array" };
                return Err(format!("expected a {want}, got {} {}", v.kind(), text(v)));
            }
        };
        let mut got = Vec::new();
        for (k, val) in raw {
            match (bulk_str(k), bulk_str(val)) {
                (Some(k), Some(val)) => got.push((
                    String::from_utf8_lossy(k).into_owned(),
                    String::from_utf8_lossy(val).into_owned(),
                )),
                _ => return Err(format!("non-bulk entry {k}: {val}")),
            }
        }
        got.sort();
        if got == want {
            Ok(())
        } else {
            Err(format!("pairs {got:?}, expected (any order) {want:?}"))
        }
    }
}

/// The text of an INFO reply: a bulk string in RESP2, verbatim `txt` in RESP3.
fn info_text(v: &Value) -> Result<String, String> {
    match v {
        Value::Bulk(Some(b)) => Ok(String::from_utf8_lossy(b).into_owned()),
        Value::Verbatim(f, b) if f == b"txt" => Ok(String::from_utf8_lossy(b).into_owned()),
        other => Err(format!("expected a bulk string, got {}", other.kind())),
    }
}

/// Fields INFO must carry, by section, and whether the value is an integer.
const INFO_FIELDS: &[(&str, &str, bool)] = &[
    ("Server", "redis_version", false),
    ("Server", "tcp_port", true),
    ("Server", "uptime_in_seconds", true),
    ("Clients", "connected_clients", true),
    ("Clients", "blocked_clients", true),
    ("Memory", "used_memory", true),
    ("Memory", "maxmemory", true),
    ("Memory", "maxmemory_policy", false),
    ("Stats", "total_connections_received", true),
    ("Stats", "total_commands_processed", true),
    ("Stats", "expired_keys", true),
    ("Stats", "evicted_keys", true),
    ("Stats", "keyspace_hits", true),
    ("Stats", "keyspace_misses", true),
];

/// Full INFO: CRLF lines, `# Section` headers in Redis order (Server,
/// Clients, Memory, Stats, Keyspace at least), the fields above in their
/// sections, `tcp_port` equal to `port`, and a `db0:keys=N,expires=M…`
/// line under Keyspace with the given counts.
pub fn info_all(
    port: u16,
    db0_keys: u64,
    db0_expires: u64,
) -> impl Fn(&Value) -> Check + Send + Sync {
    move |v| {
        let body = info_text(v)?;
        if !body.ends_with("\r\n") || body.replace("\r\n", "").contains('\n') {
            return Err("lines must end with CRLF".to_string());
        }
        let mut sections: Vec<String> = Vec::new();
        let mut fields: Vec<(String, String, String)> = Vec::new();
        for line in body.split("\r\n").filter(|l| !l.is_empty()) {
            if let Some(name) = line.strip_prefix("# ") {
                sections.push(name.to_string());
            } else if let Some((k, val)) = line.split_once(':') {
                let section = sections.last().cloned().unwrap_or_default();
                fields.push((section, k.to_string(), val.to_string()));
            } else {
                return Err(format!(
                    "line {line:?} is neither `# Section` nor `field:value`"
                ));
            }
        }
        let order = ["Server", "Clients", "Memory", "Stats", "Keyspace"];
        let mut last = 0;
        for name in order {
            match sections.iter().position(|s| s == name) {
                Some(i) if i >= last => last = i,
                Some(_) => return Err(format!("section # {name} out of order: {sections:?}")),
                None => return Err(format!("missing section # {name}; sections: {sections:?}")),
            }
        }
        for (section, field, numeric) in INFO_FIELDS {
            let found = fields.iter().find(|(_, k, _)| k == field);
            let Some((s, _, val)) = found else {
                return Err(format!("missing field {field}"));
            };
            if s != section {
                return Err(format!("field {field} under # {s}, expected # {section}"));
            }
            if *numeric && val.parse::<u64>().is_err() {
                return Err(format!("field {field}:{val} is not a non-negative integer"));
            }
        }
        let port_val = fields
            .iter()
            .find(|(_, k, _)| k == "tcp_port")
            .map(|f| &f.2);
        if port_val != Some(&port.to_string()) {
            return Err(format!("tcp_port {port_val:?}, expected {port}"));
        }
        let db0 = fields
            .iter()
            .find(|(_, k, _)| k == "db0")
            .ok_or("missing db0 line under # Keyspace")?;
        if db0.0 != "Keyspace" {
            return Err(format!("db0 under # {}, expected # Keyspace", db0.0));
        }
        let prefix = format!("keys={db0_keys},expires={db0_expires}");
        if db0.2 != prefix && !db0.2.starts_with(&format!("{prefix},")) {
            return Err(format!("db0:{} does not start with {prefix}", db0.2));
        }
        Ok(())
    }
}

/// INFO keyspace with keys in db0 only: exactly `# Keyspace` then
/// `db0:keys=N,expires=M` optionally followed by `,avg_ttl=…`.
pub fn info_keyspace_db0(keys: u64, expires: u64) -> impl Fn(&Value) -> Check + Send + Sync {
    move |v| {
        let body = info_text(v)?;
        let prefix = format!("# Keyspace\r\ndb0:keys={keys},expires={expires}");
        let Some(rest) = body.strip_prefix(&prefix) else {
            return Err(format!("{body:?} does not start with {prefix:?}"));
        };
        let ok = rest == "\r\n"
            || rest
                .strip_prefix(",avg_ttl=")
                .and_then(|r| r.strip_suffix("\r\n"))
                .is_some_and(|n| n.parse::<u64>().is_ok());
        if ok {
            Ok(())
        } else {
            Err(format!("unexpected text after {prefix:?}: {rest:?}"))
        }
    }
}

/// INFO commandstats: `# Commandstats` then exactly the `cmdstat_` lines
/// given, in any order (Redis lists them in its hash table's order), each
/// with its `usec=N,usec_per_call=F` pair taken as `usec=*` (CPU time
/// differs; miniRedis keeps 0).
pub fn info_commandstats(expected: &[&str]) -> impl Fn(&Value) -> Check + Send + Sync {
    let mut expected: Vec<String> = expected.iter().map(|l| l.to_string()).collect();
    expected.sort();
    move |v| {
        let body = info_text(v)?;
        let Some(rest) = body.strip_prefix("# Commandstats\r\n") else {
            return Err(format!("{body:?} does not start with # Commandstats"));
        };
        let mut got = Vec::new();
        for line in rest.split("\r\n").filter(|l| !l.is_empty()) {
            let masked = match (line.find(",usec="), line.find(",rejected_calls=")) {
                (Some(from), Some(to)) if from < to => {
                    format!("{},usec=*{}", &line[..from], &line[to..])
                }
                _ => return Err(format!("line {line:?} has no usec/rejected_calls fields")),
            };
            got.push(masked);
        }
        got.sort();
        if got == expected {
            Ok(())
        } else {
            Err(format!("lines {got:?}, expected {expected:?}"))
        }
    }
}

/// An array of bulk strings holding exactly `expected`, in any order (PUBSUB
/// CHANNELS lists a hash table, whose order follows a random seed).
pub fn bulks_any_order(expected: &[&str]) -> impl Fn(&Value) -> Check + Send + Sync {
    let mut want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    want.sort();
    move |v| {
        let Value::Array(Some(items)) = v else {
            return Err(format!("expected an array, got {} {}", v.kind(), text(v)));
        };
        let mut got = Vec::new();
        for item in items {
            match bulk_str(item) {
                Some(b) => got.push(String::from_utf8_lossy(b).into_owned()),
                None => return Err(format!("non-bulk element {}", text(item))),
            }
        }
        got.sort();
        if got == want {
            Ok(())
        } else {
            Err(format!("elements {got:?}, expected (any order) {want:?}"))
        }
    }
}

/// One MONITOR line: a simple string `<seconds>.<6-digit micros> [<db>
/// <ip>:<port>] <args>`, where `args` is the quoted command exactly. The
/// time and the client's address differ between runs.
pub fn monitor_line(db: u32, args: &str) -> impl Fn(&Value) -> Check + Send + Sync {
    let args = args.to_string();
    move |v| {
        let Value::Simple(line) = v else {
            return Err(format!(
                "expected a simple string, got {} {}",
                v.kind(),
                text(v)
            ));
        };
        let line = String::from_utf8_lossy(line);
        let bad = || format!("expected \"<secs>.<micros> [{db} <ip>:<port>] {args}\"");
        let (time, rest) = line.split_once(" [").ok_or_else(bad)?;
        let (client, command) = rest.split_once("] ").ok_or_else(bad)?;
        let time_ok = time.split_once('.').is_some_and(|(s, us)| {
            !s.is_empty()
                && s.bytes().all(|c| c.is_ascii_digit())
                && us.len() == 6
                && us.bytes().all(|c| c.is_ascii_digit())
        });
        let client_ok = client.split_once(' ').is_some_and(|(d, addr)| {
            d == db.to_string()
                && addr
                    .rsplit_once(':')
                    .is_some_and(|(ip, port)| !ip.is_empty() && port.parse::<u16>().is_ok())
        });
        if time_ok && client_ok && command == args {
            Ok(())
        } else {
            Err(bad())
        }
    }
}

/// CLIENT LIST (or CLIENT INFO) for one client: a bulk string (verbatim
/// `txt` in RESP3) of one `\n`-terminated line of space-separated
/// `field=value` pairs, holding each of `fields` with exactly that value.
/// Other fields (addresses, ages, memory) differ between servers.
pub fn client_line(fields: &[(&str, &str)]) -> impl Fn(&Value) -> Check + Send + Sync {
    let want: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={v}")).collect();
    move |v| {
        let line = info_text(v)?;
        let Some(line) = line.strip_suffix('\n').filter(|l| !l.contains('\n')) else {
            return Err(format!("expected one line ending in \\n, got {line:?}"));
        };
        let got: Vec<&str> = line.split(' ').collect();
        let missing: Vec<&String> = want.iter().filter(|w| !got.contains(&w.as_str())).collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(format!("{missing:?} missing from {line:?}"))
        }
    }
}

/// An INFO reply (bulk, or verbatim in RESP3) holding each of these whole
/// `field:value` lines.
pub fn info_lines(lines: &[&str]) -> impl Fn(&Value) -> Check + Send + Sync {
    let want: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    move |v| {
        let info = info_text(v)?;
        let missing: Vec<&String> = want
            .iter()
            .filter(|w| !info.split("\r\n").any(|line| line == w.as_str()))
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(format!("lines {missing:?} missing"))
        }
    }
}
