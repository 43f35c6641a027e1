//! `tongbao new`: creates a story or record file with every required field, or prints the
//! snippet to paste when the site keeps that kind of record in one list.

use std::process::ExitCode;

use tongbao::scaffold::{self, Created};

use super::shown;
use crate::cli::NewArgs;

/// Creates the item; fails when the id is not valid or the file exists.
pub fn run(args: NewArgs) -> ExitCode {
    let NewArgs { kind, id, root } = args;
    let kind = scaffold::Kind::from(kind);
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
