//! The `tongbao` command: parses arguments, calls the library, maps the result to an exit code.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tongbao::date::Date;
use tongbao::validate::ValidateOptions;
use tongbao::{BuildOptions, build};

#[derive(Parser)]
#[command(
    name = "tongbao",
    version,
    about = "通报: build a static public-progress site from YAML data and Markdown stories"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (replaced only when the whole build succeeds).
    Build {
        /// The site folder, holding data/, content/ and optionally themes/ and static/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: <root>/public].
        #[arg(long)]
        output: Option<PathBuf>,
        /// Include draft stories and stories dated after the reporting date.
        #[arg(long)]
        drafts: bool,
        /// The absolute URL the site is published at; overrides base_url in data/site.yaml.
        #[arg(long)]
        base_url: Option<String>,
        /// The reporting date (YYYY-MM-DD) for statuses and future stories; overrides as_of in data/site.yaml.
        #[arg(long, value_parser = parse_date)]
        as_of: Option<Date>,
    },
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text, false)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            drafts,
            base_url,
            as_of,
        } => {
            let options = BuildOptions {
                root,
                output,
                validate: ValidateOptions {
                    drafts,
                    base_url,
                    as_of,
                },
            };
            match build(&options) {
                Ok(report) => {
                    println!(
                        "built {} pages ({} files) from {} data records in {} ms into {}",
                        report.pages,
                        report.files,
                        report.records,
                        report.millis,
                        report.output.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(failure) => {
                    eprint!("{}", failure.render());
                    ExitCode::FAILURE
                }
            }
        }
    }
}
