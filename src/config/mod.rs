//! Configuration: the config file, themes and key remaps.

pub mod commands;
pub mod file;
pub mod theme;
