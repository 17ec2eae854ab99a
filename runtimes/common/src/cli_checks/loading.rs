//! A big snapshot loaded at start while clients connect: they get
//! `-LOADING` (and INFO's progress) until the last key is in, then the
//! data.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Instant;

use super::running::{scratch_dir, Running};
use super::DEADLINE;

/// Keys of the test file: enough that loading takes far longer than a
/// client's first command (a hundred slices at least, each with a pause
/// between), small enough to stay fast in a debug build (a few seconds).
const KEYS: u32 = 300_000;

const LOADING: &str = "-LOADING Redis is loading the dataset in memory\r\n";

/// An RDB file of `keys` strings `key:<i>` = `value:<i>` in database 0,
/// written by hand (no checksum: a stored 0 means none, as Redis allows).
fn big_dump(keys: u32) -> Vec<u8> {
    let mut file = b"REDIS0010".to_vec();
    file.extend_from_slice(&[0xFE, 0x00, 0xFB, 0x80]);
    file.extend_from_slice(&keys.to_be_bytes());
    file.push(0x00);
    for i in 0..keys {
        let (key, value) = (format!("key:{i}"), format!("value:{i}"));
        file.push(0x00);
        file.push(key.len() as u8);
        file.extend_from_slice(key.as_bytes());
        file.push(value.len() as u8);
        file.extend_from_slice(value.as_bytes());
    }
    file.push(0xFF);
    file.extend_from_slice(&[0; 8]);
    file
}

/// Sends an inline command; returns the reply's first line, and a bulk
/// string's body after it.
fn call(reader: &mut BufReader<TcpStream>, command: &str) -> String {
    reader
        .get_mut()
        .write_all(format!("{command}\r\n").as_bytes())
        .unwrap();
    let mut line = String::new();
    reader.read_line(&mut line).expect("a reply");
    if let Some(len) = line
        .strip_prefix('$')
        .and_then(|l| l.trim_end().parse::<usize>().ok())
    {
        let mut body = vec![0; len + 2];
        reader.read_exact(&mut body).unwrap();
        line.push_str(&String::from_utf8_lossy(&body));
    }
    line
}

/// The binary accepts clients before the file is loaded and answers them
/// `-LOADING` (with INFO's `loading:1`); its listening line comes once
/// the whole dataset is in, and from then on the data is served.
pub fn a_big_file_loads_while_clients_get_loading(binary: &str) {
    let dir = scratch_dir("loading");
    let file = big_dump(KEYS);
    std::fs::write(dir.join("dump.rdb"), &file).unwrap();
    let dir_arg = dir.to_string_lossy().into_owned();
    let port = super::free_port().to_string();
    let args = ["--port", &port, "--dir", &dir_arg, "--save", ""];
    let mut server = Running::start_in(binary, &args, &[], &dir);
    // The port opens before the keys are loaded: connect as soon as it does.
    let mut c = connect_once_open(&port);
    let info = call(&mut c, "INFO persistence");
    assert!(info.contains("\r\nloading:1\r\n"), "{info}");
    assert!(
        info.contains(&format!("\r\nloading_total_bytes:{}\r\n", file.len())),
        "{info}"
    );
    assert_eq!(call(&mut c, "PING"), LOADING);
    assert_eq!(call(&mut c, "GET key:0"), LOADING);
    // The listening line: everything is in.
    let line = server.first_line();
    assert!(line.contains(&format!(":{port} ")), "{line:?}");
    assert_eq!(call(&mut c, "GET key:299999"), "$12\r\nvalue:299999\r\n");
    assert_eq!(call(&mut c, "DBSIZE"), format!(":{KEYS}\r\n"));
    let info = call(&mut c, "INFO persistence");
    assert!(info.contains("\r\nloading:0\r\n"), "{info}");
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Records of the AOF's incremental file: `rec:<i>` = `<i>`, then a
/// change to a key of the base.
fn big_incr(records: u32) -> Vec<u8> {
    let mut file = Vec::new();
    let mut record = |args: &[&str]| {
        file.extend_from_slice(format!("*{}\r\n", args.len()).as_bytes());
        for arg in args {
            file.extend_from_slice(format!("${}\r\n{arg}\r\n", arg.len()).as_bytes());
        }
    };
    record(&["SELECT", "0"]);
    for i in 0..records {
        let (key, value) = (format!("rec:{i}"), i.to_string());
        record(&["SET", &key, &value]);
    }
    record(&["SET", "key:0", "changed"]);
    file
}

/// With `appendonly yes`, a big AOF (an RDB base and an incremental file
/// of records) loads as a snapshot file does: clients get `-LOADING` and
/// INFO's `loading:1` with the AOF's whole size, the listening line comes
/// once both files are in, and a write right after is appended to the
/// AOF.
pub fn a_big_aof_loads_while_clients_get_loading(binary: &str) {
    const RECORDS: u32 = 100_000;
    let dir = scratch_dir("aof-loading");
    let aof_dir = dir.join("appendonlydir");
    std::fs::create_dir_all(&aof_dir).unwrap();
    let (base, incr) = (big_dump(KEYS), big_incr(RECORDS));
    std::fs::write(aof_dir.join("appendonly.aof.1.base.rdb"), &base).unwrap();
    std::fs::write(aof_dir.join("appendonly.aof.1.incr.aof"), &incr).unwrap();
    std::fs::write(
        aof_dir.join("appendonly.aof.manifest"),
        "file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n",
    )
    .unwrap();
    let dir_arg = dir.to_string_lossy().into_owned();
    let port = super::free_port().to_string();
    let args = [
        "--port",
        &port,
        "--dir",
        &dir_arg,
        "--save",
        "",
        "--appendonly",
        "yes",
    ];
    let mut server = Running::start_in(binary, &args, &[], &dir);
    let mut c = connect_once_open(&port);
    let info = call(&mut c, "INFO persistence");
    assert!(info.contains("\r\nloading:1\r\n"), "{info}");
    let total = base.len() + incr.len();
    assert!(
        info.contains(&format!("\r\nloading_total_bytes:{total}\r\n")),
        "{info}"
    );
    assert_eq!(call(&mut c, "PING"), LOADING);
    assert_eq!(call(&mut c, "GET key:1"), LOADING);
    let line = server.first_line();
    assert!(line.contains(&format!(":{port} ")), "{line:?}");
    assert_eq!(call(&mut c, "GET key:0"), "$7\r\nchanged\r\n");
    assert_eq!(call(&mut c, "GET key:299999"), "$12\r\nvalue:299999\r\n");
    assert_eq!(call(&mut c, "GET rec:99999"), "$5\r\n99999\r\n");
    assert_eq!(call(&mut c, "DBSIZE"), format!(":{}\r\n", KEYS + RECORDS));
    let info = call(&mut c, "INFO persistence");
    assert!(info.contains("\r\nloading:0\r\n"), "{info}");
    // The AOF is open for appending: the write goes to the incremental
    // file.
    assert_eq!(call(&mut c, "SET after 1"), "+OK\r\n");
    let incr_path = aof_dir.join("appendonly.aof.1.incr.aof");
    let until = Instant::now() + DEADLINE;
    let appended = loop {
        let appended = std::fs::read(&incr_path).unwrap();
        if appended.len() > incr.len() || Instant::now() > until {
            break appended;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    assert!(
        appended.ends_with(b"$5\r\nafter\r\n$1\r\n1\r\n"),
        "{:?}",
        String::from_utf8_lossy(&appended[incr.len().min(appended.len())..])
    );
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Connects to `port` as soon as it accepts (retrying every 2 ms until
/// [`DEADLINE`]), with replies read under that deadline.
fn connect_once_open(port: &str) -> BufReader<TcpStream> {
    let until = Instant::now() + DEADLINE;
    let stream = loop {
        match TcpStream::connect(("127.0.0.1", port.parse::<u16>().unwrap())) {
            Ok(stream) => break stream,
            Err(e) => {
                assert!(Instant::now() < until, "never listened: {e}");
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
        }
    };
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    BufReader::new(stream)
}
