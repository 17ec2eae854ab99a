//! RESP wire format: the incremental request decoder and the reply encoder.

pub mod decode;
pub mod encode;
mod inline;

pub use decode::{Command, DecodeError, Decoder, Limits};
pub use encode::{Protocol, ReplyWriter};
pub(crate) use inline::split_args;
