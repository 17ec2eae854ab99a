//! Properties of the request decoder: any split of a valid stream decodes
//! the same commands; any bytes decode, wait for more, or fail cleanly.

use miniredis_core::protocol::{Decoder, Limits};
use proptest::prelude::*;

fn multibulk(args: &[Vec<u8>]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", args.len()).into_bytes();
    for a in args {
        out.extend_from_slice(format!("${}\r\n", a.len()).as_bytes());
        out.extend_from_slice(a);
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// A command as multibulk, or as an inline line when its words allow it.
fn command() -> impl Strategy<Value = (Vec<Vec<u8>>, Vec<u8>)> {
    let binary =
        prop::collection::vec(prop::collection::vec(any::<u8>(), 0..40), 1..6).prop_map(|args| {
            let bytes = multibulk(&args);
            (args, bytes)
        });
    let inline = prop::collection::vec("[a-zA-Z0-9]{1,12}", 1..5).prop_map(|words| {
        let bytes = format!("{}\r\n", words.join(" ")).into_bytes();
        (words.into_iter().map(String::into_bytes).collect(), bytes)
    });
    prop_oneof![binary, inline]
}

fn decode_in_parts(stream: &[u8], cuts: &[usize], limits: &Limits) -> Vec<Vec<Vec<u8>>> {
    let mut decoder = Decoder::new();
    let mut got = Vec::new();
    let mut start = 0;
    for &cut in cuts.iter().chain(std::iter::once(&stream.len())) {
        let cut = cut.clamp(start, stream.len());
        decoder.extend(&stream[start..cut]);
        start = cut;
        while let Some(cmd) = decoder.next_command(limits).expect("valid stream") {
            got.push(cmd.iter().map(|a| a.to_vec()).collect());
        }
    }
    got
}

proptest! {
    #[test]
    fn any_split_decodes_identically(
        commands in prop::collection::vec(command(), 1..8),
        mut cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..12),
    ) {
        let stream: Vec<u8> = commands.iter().flat_map(|(_, b)| b.clone()).collect();
        let want: Vec<Vec<Vec<u8>>> = commands.into_iter().map(|(args, _)| args).collect();
        let mut cuts: Vec<usize> = cuts.drain(..).map(|i| i.index(stream.len() + 1)).collect();
        cuts.sort_unstable();
        let limits = Limits::default();
        prop_assert_eq!(decode_in_parts(&stream, &[], &limits), want.clone());
        prop_assert_eq!(decode_in_parts(&stream, &cuts, &limits), want);
    }

    #[test]
    fn any_bytes_decode_wait_or_fail_without_panicking(
        chunks in prop::collection::vec(
            prop::collection::vec(
                prop_oneof![
                    4 => any::<u8>(),
                    1 => Just(b'*'), 1 => Just(b'$'), 1 => Just(b'\r'), 1 => Just(b'\n'),
                    1 => Just(b'"'), 1 => Just(b'1'),
                ],
                0..64,
            ),
            1..8,
        ),
        unauthenticated in any::<bool>(),
    ) {
        let limits = Limits { unauthenticated, ..Limits::default() };
        let mut decoder = Decoder::new();
        'feed: for chunk in &chunks {
            decoder.extend(chunk);
            loop {
                match decoder.next_command(&limits) {
                    Ok(Some(args)) => prop_assert!(!args.is_empty()),
                    Ok(None) => break,
                    // After an error the connection closes.
                    Err(error) => {
                        prop_assert!(error.message().starts_with(b"ERR Protocol error: "));
                        break 'feed;
                    }
                }
            }
            // What is held never exceeds what was given.
            prop_assert!(decoder.pending() <= chunks.iter().map(Vec::len).sum::<usize>());
        }
    }
}
