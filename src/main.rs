//! The `tongbao` command: parses arguments, hands them to the command, ends with its exit code.
//!
//! The command line is defined in [`cli`], each command in [`cmd`]; both belong to this binary,
//! while the work is the library's (`tongbao::build`, `tongbao::check`, `tongbao::serve`, …).

mod cli;
mod cmd;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};
use cmd::Verbosity;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let verbosity = Verbosity {
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    match cli.command {
        Command::Build(args) => cmd::build::run(args, verbosity),
        Command::Serve(args) => cmd::serve::run(args, verbosity),
        Command::Check(args) => cmd::check::run(args, verbosity),
        Command::New(args) => cmd::new::run(args),
        Command::Init(args) => cmd::init::run(args),
        Command::Completions { shell } => cmd::completions::run(shell),
    }
}
