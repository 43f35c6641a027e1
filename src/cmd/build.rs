//! `tongbao build`: builds the site into the output folder and prints what it made.

use std::process::ExitCode;

use tongbao::BuildOptions;
use tongbao::util::progress::Progress;
use tongbao::validate::ValidateOptions;

use super::{Verbosity, print_timings};
use crate::cli::BuildArgs;

/// Builds; on failure prints every diagnostic and exits with failure.
pub fn run(args: BuildArgs, verbosity: Verbosity) -> ExitCode {
    let BuildArgs {
        root,
        output,
        drafts,
        base_url,
        as_of,
        deny_warnings,
        pdf,
        chromium,
    } = args;
    let options = BuildOptions {
        root,
        output,
        validate: ValidateOptions {
            drafts,
            base_url,
            as_of,
            deny_warnings,
        },
        pdf: pdf.then_some(tongbao::PdfOptions { chromium }),
    };
    let progress = Progress::start("building", !verbosity.quiet);
    let result = tongbao::build(&options);
    progress.finish();
    match result {
        Ok(report) => {
            // Warnings are printed even with --quiet: the site was built, but says something the
            // office should look at.
            eprint!("{}", report.render_warnings());
            if !verbosity.quiet {
                println!(
                    "built {} pages and {} charts ({} files) from {} data records in {} ms into {}",
                    report.pages,
                    report.charts,
                    report.files,
                    report.records,
                    report.millis,
                    report.output.display()
                );
            }
            if verbosity.verbose {
                print_timings(&report.timings);
            }
            ExitCode::SUCCESS
        }
        Err(failure) => {
            eprint!("{}", failure.render());
            ExitCode::FAILURE
        }
    }
}
