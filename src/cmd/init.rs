//! `tongbao init`: creates a minimal site in a new folder and says what to run next.

use std::process::ExitCode;

use tongbao::scaffold;

use super::shown;
use crate::cli::InitArgs;

/// Creates the site; fails when the folder exists and is not empty.
pub fn run(args: InitArgs) -> ExitCode {
    let dir = args.dir;
    match scaffold::init(&dir) {
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
    }
}
