//! `tongbao init`: creates a minimal site in a new folder and says what to run next.

use std::process::ExitCode;

use tongbao::scaffold;

use super::shown;
use crate::cli::InitArgs;

/// Creates the site; fails when the folder exists and is not empty.
pub fn run(args: InitArgs) -> ExitCode {
    let dir = args.dir;
    let as_of = args.as_of.unwrap_or_else(today_in_china);
    match scaffold::init(&dir, as_of) {
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

/// Today's date in China (UTC+8), for a new site's reporting date. Only scaffolding reads the
/// clock; `build` never does.
fn today_in_china() -> tongbao::util::date::Date {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    tongbao::util::date::Date::from_days_since_epoch((seconds + 8 * 3600).div_euclid(86_400))
}
