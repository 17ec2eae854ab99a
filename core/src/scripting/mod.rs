//! Lua scripting (issue 11): the libraries Redis bundles into its Lua 5.1 environment.

pub(crate) mod libs;
