//! Output: a file of the built site, and the sink every stage hands its files to.
//!
//! Pages, charts, exports and static files are all `Output`s; where they go (into memory for
//! `check` and `serve`, into the staging folder for `build`) is the sink's business. This type
//! lives below every stage that makes files, so none of them imports another to get it.

use crate::diagnostics::Diagnostic;

/// A file of the built site: a path relative to the output folder and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Where rendered files go, one at a time and from any thread: into memory ([`in_memory`]) or
/// straight into the build's staging folder. An error (a file that cannot be written) stops the
/// build.
pub type Sink<'a> = dyn Fn(Output) -> Result<(), Diagnostic> + Sync + 'a;

/// Runs `make` with a sink that keeps every file in memory; returns its result and the files,
/// sorted by path (and by content where two share a path), whatever order the threads made them in.
pub fn in_memory<R>(make: impl FnOnce(&Sink) -> R) -> (R, Vec<Output>) {
    let outputs = std::sync::Mutex::new(Vec::new());
    let result = make(&|mut o: Output| {
        // Kept files hold no spare capacity.
        o.bytes.shrink_to_fit();
        outputs.lock().unwrap_or_else(|e| e.into_inner()).push(o);
        Ok(())
    });
    let mut outputs = outputs.into_inner().unwrap_or_else(|e| e.into_inner());
    outputs.sort_unstable_by(|a, b| a.path.cmp(&b.path).then_with(|| a.bytes.cmp(&b.bytes)));
    (result, outputs)
}
