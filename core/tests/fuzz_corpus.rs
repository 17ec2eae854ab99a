//! Replays the fuzzing seed corpus (`fuzz/corpus/<target>/*`) through the
//! same harnesses the coverage-guided targets run, so every test run
//! exercises them on stable, without a fuzzer. Crash inputs found by
//! fuzzing are added to the corpus once fixed, and stay regression tests.

mod fuzzing;

use std::fs;
use std::path::PathBuf;

fn replay(target: &str, harness: fn(&[u8])) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/corpus")
        .join(target);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    assert!(
        files.len() >= 10,
        "corpus {} is nearly empty",
        dir.display()
    );
    for file in &files {
        let data = fs::read(file).expect("corpus file");
        let run = std::panic::catch_unwind(|| harness(&data));
        assert!(run.is_ok(), "{} fails the {target} harness", file.display());
    }
}

#[test]
fn decoder_corpus_replays_cleanly() {
    replay("decoder", fuzzing::decoder);
}

#[test]
fn core_corpus_replays_cleanly() {
    replay("core", fuzzing::core);
}

#[test]
fn the_reply_checker_accepts_resp_and_rejects_broken_framing() {
    use fuzzing::check_replies;
    let good: &[&[u8]] = &[
        b"+OK\r\n",
        b"$-1\r\n*-1\r\n_\r\n",
        b"*2\r\n$1\r\na\r\n:-5\r\n",
        b"%1\r\n+k\r\n~2\r\n,1.5\r\n#t\r\n",
        b"=7\r\ntxt:abc\r\n(12\r\n",
    ];
    for reply in good {
        assert_eq!(check_replies(reply), Ok(()), "{reply:?}");
    }
    let bad: &[&[u8]] = &[
        b"+OK\r",
        b"+O\nK\r\n",
        b"$3\r\nab\r\n",
        b"*2\r\n:1\r\n",
        b":1x\r\n",
        b"?\r\n",
    ];
    for reply in bad {
        assert!(check_replies(reply).is_err(), "{reply:?}");
    }
}
