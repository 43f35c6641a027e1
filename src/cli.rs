//! The command line: every command, argument and flag of `tongbao`, as clap definitions.
//!
//! Only the shape of the command line lives here: what each command does is in [`crate::cmd`],
//! and the work itself in the library.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use tongbao::diagnostics::Format;
use tongbao::scaffold;
use tongbao::util::date::Date;

#[derive(Parser)]
#[command(
    name = "tongbao",
    version,
    about = "通报: build a static public-progress site from YAML data and Markdown stories"
)]
pub struct Cli {
    /// Print nothing but errors (no progress indicator).
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Print how long each phase of a build took.
    #[arg(long, short, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Build the site into the output folder (replaced only when the whole build succeeds).
    Build(BuildArgs),
    /// Preview the site: build in memory, serve it, rebuild and reload pages when files change.
    Serve(ServeArgs),
    /// Load, validate and render in memory, check every internal link and anchor; write nothing.
    Check(CheckArgs),
    /// Create a new story or record with every required field, commented.
    New(NewArgs),
    /// Create a minimal site in a new folder.
    Init(InitArgs),
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

// The argument structs carry no doc comment of their own: clap would take it for the command's
// description, which is the variant's above.

#[derive(Args)]
pub struct BuildArgs {
    /// The site folder, holding data/, content/ and optionally themes/ and static/.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site [default: <root>/public].
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Include draft stories and stories dated after the reporting date.
    #[arg(long)]
    pub drafts: bool,
    /// The absolute URL the site is published at; overrides base_url in data/site.yaml.
    #[arg(long)]
    pub base_url: Option<String>,
    /// The reporting date (YYYY-MM-DD) for statuses and future stories; overrides as_of in data/site.yaml.
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Fail when the data has warnings (a figure that contradicts another), as on errors.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Also print the brief to brief/<as_of>.pdf with an installed Chromium (fails if none is found).
    #[arg(long)]
    pub pdf: bool,
    /// The Chromium or Chrome to print the PDF with [default: $TONGBAO_CHROMIUM, else chromium,
    /// chromium-browser or google-chrome on PATH].
    #[arg(long, value_name = "PATH", requires = "pdf")]
    pub chromium: Option<PathBuf>,
}

#[derive(Args)]
pub struct ServeArgs {
    /// The site folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on; only change it to show the preview to other machines.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Include draft stories and stories dated after the reporting date.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Args)]
pub struct CheckArgs {
    /// The site folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// How to print problems: for people, as JSON lines, or as GitHub annotations.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Include draft stories and stories dated after the reporting date.
    #[arg(long)]
    pub drafts: bool,
    /// Fail when the data has warnings (a figure that contradicts another), as on errors.
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Args)]
pub struct NewArgs {
    #[arg(value_enum)]
    pub kind: NewKind,
    /// The id (lowercase ASCII letters, digits and hyphens): used in the file name and URL.
    pub id: String,
    /// The site folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(Args)]
pub struct InitArgs {
    /// The folder to create (must not exist, or be empty).
    pub dir: PathBuf,
    /// The reporting date written into data/site.yaml (YYYY-MM-DD); default today.
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<Date>,
}

// `--format` of `check`.
#[derive(Clone, Copy, ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
    Github,
}

impl From<OutputFormat> for Format {
    fn from(format: OutputFormat) -> Format {
        match format {
            OutputFormat::Human => Format::Human,
            OutputFormat::Json => Format::Json,
            OutputFormat::Github => Format::Github,
        }
    }
}

// What `new` creates.
#[derive(Clone, Copy, ValueEnum)]
pub enum NewKind {
    Story,
    Unit,
    Post,
    Project,
    Metric,
}

impl From<NewKind> for scaffold::Kind {
    fn from(kind: NewKind) -> scaffold::Kind {
        match kind {
            NewKind::Story => scaffold::Kind::Story,
            NewKind::Unit => scaffold::Kind::Unit,
            NewKind::Post => scaffold::Kind::Post,
            NewKind::Project => scaffold::Kind::Project,
            NewKind::Metric => scaffold::Kind::Metric,
        }
    }
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text, false)
}
