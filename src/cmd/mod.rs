//! The commands: each takes its parsed arguments, calls the library, prints for the user and says
//! which exit code the process ends with. No site work happens here (that is the library's), and no
//! argument parsing (that is [`crate::cli`]'s).

pub mod build;
pub mod check;
pub mod completions;
pub mod init;
pub mod new;
pub mod serve;

use std::path::{Path, PathBuf};

use tongbao::BuildOptions;
use tongbao::validate::ValidateOptions;

/// What every command may print besides its result, from the global flags.
#[derive(Clone, Copy)]
pub struct Verbosity {
    /// Print nothing but errors (no progress indicator).
    pub quiet: bool,
    /// Print how long each phase took.
    pub verbose: bool,
}

/// Build options for a command that renders in memory (`serve`, `check`).
fn site_options(root: PathBuf, drafts: bool) -> BuildOptions {
    BuildOptions {
        root,
        output: None,
        validate: ValidateOptions {
            drafts,
            ..ValidateOptions::default()
        },
        pdf: None,
    }
}

/// A created file as the user should type it: under the folder they named.
fn shown(root: &Path, file: &Path) -> String {
    root.join(file).display().to_string()
}

/// One line per phase on stderr, the durations lined up whatever the phase names (`--verbose`).
fn print_timings(timings: &[(&'static str, std::time::Duration)]) {
    let width = timings
        .iter()
        .map(|(phase, _)| phase.len())
        .max()
        .unwrap_or(0);
    for (phase, took) in timings {
        eprintln!("  {phase:<width$} {:>8.1} ms", took.as_secs_f64() * 1000.0);
    }
}
