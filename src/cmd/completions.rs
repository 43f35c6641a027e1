//! `tongbao completions`: prints a completion script for a shell, generated from [`crate::cli`].

use std::process::ExitCode;

use clap::CommandFactory;

use crate::cli::Cli;

/// Prints the script on stdout.
pub fn run(shell: clap_complete::Shell) -> ExitCode {
    clap_complete::generate(
        shell,
        &mut Cli::command(),
        "tongbao",
        &mut std::io::stdout(),
    );
    ExitCode::SUCCESS
}
