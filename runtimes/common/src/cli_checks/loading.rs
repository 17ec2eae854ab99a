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
    let mut c = BufReader::new(stream);
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
