//! Just enough RESP2 to read the core's replies in the simulation.

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    Simple(String),
    Error(String),
    Int(i64),
    Bulk(Option<Vec<u8>>),
    Array(Option<Vec<Reply>>),
}

impl Reply {
    pub fn is_error(&self) -> bool {
        matches!(self, Reply::Error(_))
    }
}

/// Encodes a command as a RESP array of bulk strings.
pub fn command(args: &[Vec<u8>]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", args.len()).into_bytes();
    for arg in args {
        out.extend_from_slice(format!("${}\r\n", arg.len()).as_bytes());
        out.extend_from_slice(arg);
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// Every whole reply in `bytes`.
pub fn parse_all(bytes: &[u8]) -> Result<Vec<Reply>, String> {
    let mut at = 0;
    let mut replies = Vec::new();
    while at < bytes.len() {
        replies.push(parse(bytes, &mut at)?);
    }
    Ok(replies)
}

fn line<'a>(bytes: &'a [u8], at: &mut usize) -> Result<&'a [u8], String> {
    let rest = bytes.get(*at..).unwrap_or_default();
    let end = rest
        .windows(2)
        .position(|w| w == b"\r\n")
        .ok_or("a reply without its CRLF")?;
    *at += end + 2;
    Ok(&rest[..end])
}

fn number(text: &[u8]) -> Result<i64, String> {
    std::str::from_utf8(text)
        .ok()
        .and_then(|t| t.parse().ok())
        .ok_or_else(|| format!("not a number: {:?}", String::from_utf8_lossy(text)))
}

fn parse(bytes: &[u8], at: &mut usize) -> Result<Reply, String> {
    let kind = *bytes.get(*at).ok_or("no reply")?;
    *at += 1;
    let text = line(bytes, at)?;
    Ok(match kind {
        b'+' => Reply::Simple(String::from_utf8_lossy(text).into_owned()),
        b'-' => Reply::Error(String::from_utf8_lossy(text).into_owned()),
        b':' => Reply::Int(number(text)?),
        b'$' => match number(text)? {
            -1 => Reply::Bulk(None),
            n => {
                let n = n as usize;
                let body = bytes.get(*at..*at + n).ok_or("a short bulk")?.to_vec();
                *at += n + 2;
                Reply::Bulk(Some(body))
            }
        },
        b'*' => match number(text)? {
            -1 => Reply::Array(None),
            n => {
                let mut items = Vec::new();
                for _ in 0..n {
                    items.push(parse(bytes, at)?);
                }
                Reply::Array(Some(items))
            }
        },
        other => return Err(format!("unknown reply type {:?}", other as char)),
    })
}
