//! Configuration: for now the built-in theme. The config file, user themes and key remaps build on
//! these types.

pub mod theme;
