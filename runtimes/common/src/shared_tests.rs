//! The timer task's calls into the core, and the core's lock between them.

use super::*;
use std::sync::atomic::AtomicUsize;
use std::sync::mpsc;
use std::thread;

use futures_lite::future;

fn shared() -> Shared {
    let options = crate::cli::parse("test", &[], |_| None).unwrap();
    Shared::new("test", "test", &options, 6379)
}

/// Sends `command` as client `id` and returns what the core answered.
fn send(shared: &Shared, id: ClientId, command: &str) -> Vec<u8> {
    let mut out = Vec::new();
    shared.with_core(Some(id), |server, now| {
        server.receive(id, format!("{command}\r\n").as_bytes(), now);
        server.take_output(id, &mut out);
    });
    out
}

#[test]
fn timer_delay_is_bounded_both_ways() {
    assert_eq!(timer_delay(1000, None), UNIX_BASE_REFRESH);
    assert_eq!(timer_delay(1000, Some(1001)), Duration::from_millis(1));
    assert_eq!(timer_delay(1000, Some(1040)), Duration::from_millis(40));
    assert_eq!(timer_delay(1000, Some(50_000)), UNIX_BASE_REFRESH);
    assert_eq!(timer_delay(1000, Some(900)), Duration::ZERO);
    assert_eq!(timer_delay(1000, Some(1000)), Duration::ZERO);
}

/// The timer task calls the core back to back while a script runs; on a
/// multi-threaded executor (async-std) another client's input is then a
/// thread blocked on the core's lock, and it must get the lock before the
/// next call. With a plain unlock the releasing thread usually took it
/// again first, slice after slice, and SCRIPT KILL waited until the script
/// ended (NOTBUSY). Who wins a plain unlock depends on scheduling, hence
/// several rounds.
#[test]
fn a_release_hands_the_core_to_a_thread_blocked_on_it() {
    let shared = shared();
    // A script running in slices: the core wants to be called again at
    // once, which is when releases are fair.
    let (caller, _) = shared.accept(None, None).unwrap();
    assert_eq!(send(&shared, caller, "EVAL \"while true do end\" 0"), b"");
    for round in 0..10 {
        let turns = AtomicUsize::new(0);
        let (waiter_turn, my_turn) = thread::scope(|scope| {
            let (go, wait_for_go) = mpsc::channel::<()>();
            let (asking, wait_until_asking) = mpsc::channel::<()>();
            let (shared, turns) = (&shared, &turns);
            let waiter = scope.spawn(move || {
                wait_for_go.recv().unwrap();
                asking.send(()).unwrap();
                shared.with_core(None, |_, _| turns.fetch_add(1, Ordering::SeqCst))
            });
            shared.with_core(None, |_, _| {
                go.send(()).unwrap();
                wait_until_asking.recv().unwrap();
                // Long enough for the waiter, past its message, to block
                // on the lock.
                thread::sleep(Duration::from_millis(100));
            });
            let my_turn = shared.with_core(None, |_, _| turns.fetch_add(1, Ordering::SeqCst));
            (waiter.join().unwrap(), my_turn)
        });
        assert_eq!((waiter_turn, my_turn), (0, 1), "round {round}");
    }
}

/// The timer task's calls while a script runs: due at once, one slice
/// each, and the one after SCRIPT KILL ends the script.
#[test]
fn timer_calls_run_a_script_in_slices_until_killed() {
    let shared = shared();
    let (caller, _) = shared.accept(None, None).unwrap();
    let (killer, _) = shared.accept(None, None).unwrap();
    // SCRIPT KILL is not held back for the threshold.
    assert_eq!(
        send(&shared, killer, "CONFIG SET busy-reply-threshold 0"),
        b"+OK\r\n"
    );
    assert_eq!(send(&shared, caller, "EVAL \"while true do end\" 0"), b"");
    for _ in 0..3 {
        assert_eq!(shared.timer_call(), Some(Duration::ZERO));
    }
    assert_eq!(send(&shared, killer, "SCRIPT KILL"), b"+OK\r\n");
    assert_eq!(
        shared.timer_call(),
        Some(UNIX_BASE_REFRESH),
        "nothing else is due"
    );
    let mut out = Vec::new();
    shared.with_core(Some(caller), |server, _| {
        server.take_output(caller, &mut out)
    });
    assert!(
        out.starts_with(b"-ERR Script killed by user with SCRIPT KILL"),
        "{}",
        String::from_utf8_lossy(&out)
    );
}

/// The timer task must not block an executor thread on the core's lock:
/// on async-std, with the caller's task running a script's first slice on
/// one of the two threads and the timer blocked on the other, no thread
/// was left to read SCRIPT KILL until the timer had run the next slice
/// (and by then the script could have ended: NOTBUSY). It gives up at
/// once instead, and the release wakes it.
#[test]
fn the_timer_does_not_wait_on_a_held_core_and_its_release_wakes_it() {
    let shared = shared();
    // Whatever start-up left in the timer's mailbox.
    let _ = future::block_on(future::poll_once(shared.timer.notified()));
    thread::scope(|scope| {
        let (held, wait_until_held) = mpsc::channel::<()>();
        let (release, wait_for_release) = mpsc::channel::<()>();
        let shared = &shared;
        let holder = scope.spawn(move || {
            shared.with_core(None, |_, _| {
                held.send(()).unwrap();
                wait_for_release.recv().unwrap();
            })
        });
        wait_until_held.recv().unwrap();
        assert_eq!(shared.timer_call(), None, "the core is held");
        assert_eq!(
            future::block_on(future::poll_once(shared.timer.notified())),
            None,
            "not woken while it is held"
        );
        release.send(()).unwrap();
        holder.join().unwrap();
        assert_eq!(
            future::block_on(future::poll_once(shared.timer.notified())),
            Some(()),
            "woken by the release"
        );
        assert_eq!(shared.timer_call(), Some(UNIX_BASE_REFRESH));
    });
}
