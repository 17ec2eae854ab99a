//! How the core's events reach a connection task (or the timer task): a
//! "look at the core" flag, the strongest close request, and one waker.
//! Set from whichever thread drained the event (the test thread too:
//! `exec` and `fast_forward` run the core there), read by the task.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Mutex, PoisonError};
use std::task::{Context, Poll, Waker};

/// What the core asked of a connection, strongest last.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CloseRequest {
    None = 0,
    /// Write what is pending, then close.
    AfterFlush = 1,
    /// Close at once; what is unwritten is dropped.
    Now = 2,
}

#[derive(Default)]
pub(crate) struct Mailbox {
    notified: AtomicBool,
    close: AtomicU8,
    waker: Mutex<Option<Waker>>,
}

impl Mailbox {
    pub(crate) fn notify(&self) {
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
    pub(crate) fn request_close(&self, request: CloseRequest) {
        self.close.fetch_max(request as u8, Ordering::AcqRel);
        self.notify();
    }

    pub(crate) fn close_request(&self) -> CloseRequest {
        match self.close.load(Ordering::Acquire) {
            0 => CloseRequest::None,
            1 => CloseRequest::AfterFlush,
            _ => CloseRequest::Now,
        }
    }

    /// Completes once [`Mailbox::notify`] has been called since the last
    /// completion (at once if it was called meanwhile).
    pub(crate) fn notified(&self) -> Notified<'_> {
        Notified { mailbox: self }
    }
}

pub(crate) struct Notified<'a> {
    mailbox: &'a Mailbox,
}

impl Future for Notified<'_> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mailbox = self.mailbox;
        if mailbox.notified.swap(false, Ordering::AcqRel) {
            return Poll::Ready(());
        }
        *mailbox.waker.lock().unwrap_or_else(PoisonError::into_inner) = Some(cx.waker().clone());
        // A notify between the check and storing the waker found no waker:
        // look again so it is not lost.
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
        assert_eq!(
            future::block_on(future::poll_once(mailbox.notified())),
            None
        );
    }

    #[test]
    fn the_stronger_close_request_wins() {
        let mailbox = Mailbox::default();
        mailbox.request_close(CloseRequest::Now);
        mailbox.request_close(CloseRequest::AfterFlush);
        assert_eq!(mailbox.close_request(), CloseRequest::Now);
    }
}
