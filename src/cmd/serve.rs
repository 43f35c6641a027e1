//! `tongbao serve`: starts the live preview, prints its address and each rebuild, and optionally
//! opens a browser. Runs until the process is stopped.

use std::process::ExitCode;

use tongbao::serve::{ServeOptions, Server};
use tongbao::util::progress::Progress;

use super::{Verbosity, site_options};
use crate::cli::ServeArgs;

/// Serves until stopped; fails only when the address cannot be bound.
pub fn run(args: ServeArgs, verbosity: Verbosity) -> ExitCode {
    let ServeArgs {
        root,
        port,
        bind,
        open,
        drafts,
    } = args;
    let quiet = verbosity.quiet;
    let options = ServeOptions {
        build: site_options(root, drafts),
        bind,
        port,
        verbose: verbosity.verbose,
    };
    let progress = Progress::start("building", !quiet);
    let bound = Server::bind(options);
    progress.finish();
    let (server, first) = match bound {
        Ok(bound) => bound,
        Err(e) => {
            eprintln!("error: cannot listen on {bind}:{port}: {e}");
            eprintln!("  = help: pick another port with --port, or --port 0 for any free one");
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
    if !bind.is_loopback() {
        eprintln!(
            "warning: serving on {bind}, so other computers on the network can read the preview, drafts included"
        );
        eprintln!(
            "  = help: use the default --bind 127.0.0.1 unless the network is trusted; `tongbao build` makes the site to publish"
        );
    }
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
    if open && let Err(e) = open_browser(&url) {
        eprintln!("could not open a browser ({e}); open {url} yourself");
    }
    server.run(move |note| {
        if !note.ok || !quiet {
            eprintln!("{}", note.text);
        }
    });
    ExitCode::SUCCESS
}

/// Opens the URL in the user's browser (best effort).
fn open_browser(url: &str) -> std::io::Result<()> {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
}
