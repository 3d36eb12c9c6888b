//! `dockerfile-ls`: the language server (`lsp`) and the command line (`cli`) over
//! `dockerfile-analysis`. stdout belongs to the protocol: nothing here prints to it except
//! the CLI's own output, written explicitly.

#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod cli;
pub mod config;
pub mod context;
pub mod fsutil;
pub mod graph_svg;
pub mod lsp;
pub mod memory;
pub mod workspace;
