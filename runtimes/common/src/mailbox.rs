//! How the core's events reach a connection task: a flag for "you have
//! output" or "close", and one waker. Set from whichever task drained the
//! event; read by the connection's own task. No allocation per wait, so the
//! hot path (a client waiting for its next request) costs nothing extra.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Mutex, PoisonError};
use std::task::{Context, Poll, Waker};

/// What the core asked of a connection, strongest last.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum CloseRequest {
    None = 0,
    /// Write what is pending, then close.
    AfterFlush = 1,
    /// Close at once; what is unwritten is dropped.
    Now = 2,
}

/// One connection's mailbox.
#[derive(Default)]
pub struct Mailbox {
    notified: AtomicBool,
    close: AtomicU8,
    waker: Mutex<Option<Waker>>,
}

impl Mailbox {
    /// Wakes the connection task (it has output to take, or must look at
    /// its close request).
    pub fn notify(&self) {
        self.notified.store(true, Ordering::Release);
        let waker = self
            .waker
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(waker) = waker {
            waker.wake();
        }
    }

    /// Records a close request (a stronger one wins) and wakes the task.
    pub fn request_close(&self, request: CloseRequest) {
        self.close.fetch_max(request as u8, Ordering::AcqRel);
        self.notify();
    }

    /// The strongest close requested so far.
    pub fn close_request(&self) -> CloseRequest {
        match self.close.load(Ordering::Acquire) {
            0 => CloseRequest::None,
            1 => CloseRequest::AfterFlush,
            _ => CloseRequest::Now,
        }
    }

    /// Completes once [`Mailbox::notify`] has been called since the last
    /// completion (at once if it was called meanwhile).
    pub fn notified(&self) -> Notified<'_> {
        Notified { mailbox: self }
    }
}

/// The future of [`Mailbox::notified`].
pub struct Notified<'a> {
    mailbox: &'a Mailbox,
}

impl Future for Notified<'_> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mailbox = self.mailbox;
        if mailbox.notified.swap(false, Ordering::AcqRel) {
            return Poll::Ready(());
        }
        {
            let mut slot = mailbox.waker.lock().unwrap_or_else(PoisonError::into_inner);
            match slot.as_ref() {
                Some(waker) if waker.will_wake(cx.waker()) => {}
                _ => *slot = Some(cx.waker().clone()),
            }
        }
        // A notify between the first check and storing the waker took no
        // waker: look again so it is not lost.
        if mailbox.notified.swap(false, Ordering::AcqRel) {
            return Poll::Ready(());
        }
        Poll::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_lite::future;

    #[test]
    fn a_notification_before_the_wait_is_not_lost() {
        let mailbox = Mailbox::default();
        mailbox.notify();
        assert_eq!(
            future::block_on(future::poll_once(mailbox.notified())),
            Some(())
        );
        // Consumed: the next wait is pending until the next notify.
        assert_eq!(
            future::block_on(future::poll_once(mailbox.notified())),
            None
        );
        mailbox.notify();
        future::block_on(mailbox.notified());
    }

    #[test]
    fn the_stronger_close_request_wins() {
        let mailbox = Mailbox::default();
        assert_eq!(mailbox.close_request(), CloseRequest::None);
        mailbox.request_close(CloseRequest::Now);
        mailbox.request_close(CloseRequest::AfterFlush);
        assert_eq!(mailbox.close_request(), CloseRequest::Now);
    }
}
