//! Shared runtime-free adapter pieces.
