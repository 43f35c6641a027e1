//! The `tongbao` command: parses arguments, calls the library, maps the result to an exit code.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use tongbao::date::Date;
use tongbao::progress::Progress;
use tongbao::scaffold::{self, Created};
use tongbao::validate::ValidateOptions;
use tongbao::{BuildOptions, build, check, serve};

#[derive(Parser)]
#[command(
    name = "tongbao",
    version,
    about = "通报: build a static public-progress site from YAML data and Markdown stories"
)]
struct Cli {
    /// Print nothing but errors (no progress indicator).
    #[arg(long, short, global = true)]
    quiet: bool,
    /// Print how long each phase of a build took.
    #[arg(long, short, global = true)]
    verbose: bool,
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
    /// Preview the site: build in memory, serve it, rebuild and reload pages when files change.
    Serve {
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; only change it to show the preview to other machines.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include draft stories and stories dated after the reporting date.
        #[arg(long)]
        drafts: bool,
    },
    /// Load, validate and render in memory, check every internal link and anchor; write nothing.
    Check {
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// How to print problems: for people, as JSON lines, or as GitHub annotations.
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
        /// Include draft stories and stories dated after the reporting date.
        #[arg(long)]
        drafts: bool,
    },
    /// Create a new story or record with every required field, commented.
    New {
        #[arg(value_enum)]
        kind: NewKind,
        /// The id (lowercase ASCII letters, digits and hyphens): used in the file name and URL.
        id: String,
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Create a minimal site in a new folder.
    Init {
        /// The folder to create (must not exist, or be empty).
        dir: PathBuf,
    },
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Human,
    Json,
    Github,
}

#[derive(Clone, Copy, ValueEnum)]
enum NewKind {
    Story,
    Unit,
    Post,
    Project,
    Metric,
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text, false)
}

fn site_options(root: PathBuf, drafts: bool) -> BuildOptions {
    BuildOptions {
        root,
        output: None,
        validate: ValidateOptions {
            drafts,
            ..ValidateOptions::default()
        },
    }
}

fn print_timings(timings: &[(&'static str, Duration)]) {
    let width = timings
        .iter()
        .map(|(phase, _)| phase.len())
        .max()
        .unwrap_or(0);
    for (phase, took) in timings {
        eprintln!("  {phase:<width$} {:>8.1} ms", took.as_secs_f64() * 1000.0);
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (quiet, verbose) = (cli.quiet, cli.verbose);
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
            let progress = Progress::start("building", !quiet);
            let result = build(&options);
            progress.finish();
            match result {
                Ok(report) => {
                    if !quiet {
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
                    if verbose {
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
        Command::Serve {
            root,
            port,
            bind,
            open,
            drafts,
        } => {
            let options = serve::ServeOptions {
                build: site_options(root, drafts),
                bind,
                port,
                verbose,
            };
            let progress = Progress::start("building", !quiet);
            let bound = serve::Server::bind(options);
            progress.finish();
            let (server, first) = match bound {
                Ok(bound) => bound,
                Err(e) => {
                    eprintln!("error: cannot listen on {bind}:{port}: {e}");
                    eprintln!(
                        "  = help: pick another port with --port, or --port 0 for any free one"
                    );
                    return ExitCode::FAILURE;
                }
            };
            let addr = match server.local_addr() {
                Ok(a) => a,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let url = format!("http://{addr}{}", server.base_path());
            // The first line of stdout is the address (tests and scripts read it).
            println!("serving {url} (Ctrl+C stops)");
            if first.ok {
                if !quiet {
                    eprintln!("{}", first.text);
                }
            } else {
                eprintln!("{}", first.text);
            }
            if open && let Err(e) = serve::open_browser(&url) {
                eprintln!("could not open a browser ({e}); open {url} yourself");
            }
            server.run(move |note| {
                if !note.ok || !quiet {
                    eprintln!("{}", note.text);
                }
            });
            ExitCode::SUCCESS
        }
        Command::Check {
            root,
            format,
            drafts,
        } => {
            let options = site_options(root.clone(), drafts);
            let progress =
                Progress::start("checking", !quiet && matches!(format, OutputFormat::Human));
            let report = check::check(&options);
            progress.finish();
            let format = match format {
                OutputFormat::Human => tongbao::diagnostics::Format::Human,
                OutputFormat::Json => tongbao::diagnostics::Format::Json,
                OutputFormat::Github => tongbao::diagnostics::Format::Github,
            };
            let text = report.render(format, &root);
            if format == tongbao::diagnostics::Format::Human {
                eprint!("{text}");
            } else {
                print!("{text}");
            }
            if report.has_errors() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::New { kind, id, root } => {
            let kind = match kind {
                NewKind::Story => scaffold::Kind::Story,
                NewKind::Unit => scaffold::Kind::Unit,
                NewKind::Post => scaffold::Kind::Post,
                NewKind::Project => scaffold::Kind::Project,
                NewKind::Metric => scaffold::Kind::Metric,
            };
            match scaffold::new_item(&root, kind, &id) {
                Ok(Created::File(file)) => {
                    println!("created {}", shown(&root, &file));
                    if kind == scaffold::Kind::Story {
                        println!(
                            "it is a draft: preview it with `tongbao serve --drafts`, publish it with `draft: false`"
                        );
                    }
                    ExitCode::SUCCESS
                }
                Ok(Created::Snippet { list_file, snippet }) => {
                    eprintln!(
                        "{} keeps all records in one list, so nothing was written: paste this at its end and fill it in:",
                        shown(&root, &list_file)
                    );
                    print!("{snippet}");
                    ExitCode::SUCCESS
                }
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Init { dir } => match scaffold::init(&dir) {
            Ok(files) => {
                for file in &files {
                    println!("created {}", shown(&dir, file));
                }
                println!(
                    "next: `tongbao serve --root {}` to preview, `tongbao check --root {}` before publishing",
                    dir.display(),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::FAILURE
            }
        },
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "tongbao",
                &mut std::io::stdout(),
            );
            ExitCode::SUCCESS
        }
    }
}

fn shown(root: &Path, file: &Path) -> String {
    root.join(file).display().to_string()
}
