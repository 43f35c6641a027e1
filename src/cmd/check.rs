//! `tongbao check`: checks the site and its links without writing anything, and prints the
//! problems in the format asked for.

use std::process::ExitCode;

use tongbao::diagnostics::Format;
use tongbao::util::progress::Progress;

use super::{Verbosity, print_timings, site_options};
use crate::cli::CheckArgs;

/// Checks; exits with failure when any error (not just warnings) was found.
pub fn run(args: CheckArgs, verbosity: Verbosity) -> ExitCode {
    let CheckArgs {
        root,
        format,
        drafts,
        deny_warnings,
    } = args;
    let format = Format::from(format);
    let mut options = site_options(root.clone(), drafts);
    options.validate.deny_warnings = deny_warnings;
    // Only people get a progress indicator; JSON and annotations are read by programs.
    let progress = Progress::start("checking", !verbosity.quiet && format == Format::Human);
    let report = tongbao::check::check(&options);
    progress.finish();
    let text = report.render(format, &root);
    if format == Format::Human {
        eprint!("{text}");
    } else {
        print!("{text}");
    }
    if verbosity.verbose {
        print_timings(&report.timings);
    }
    if report.has_errors() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
