//! Serve: a live preview for editors. Builds the site in memory, serves it over HTTP on the
//! loopback interface, watches the site's folders and rebuilds when a file changes.
//!
//! This module holds the server and what it serves (the last good build, and the last failure);
//! `http` answers requests, `watch` notices changes, `reload` makes pages reload themselves
//! and show a failed build. Nothing here writes files: `tongbao build` is the way to publish.

mod http;
mod reload;
mod watch;

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::{BuildOptions, render_site};

pub use http::{Lookup, MAX_CONNECTIONS, MAX_HEAD_BYTES, content_type, lookup, request_key};
pub use watch::WATCHED;

/// What the server serves: the last good site, and the last failure if the latest build failed.
#[derive(Debug, Default)]
struct Snapshot {
    /// Bumped whenever what a page shows changes (new site, new or cleared error).
    version: u64,
    files: Arc<BTreeMap<String, Arc<Vec<u8>>>>,
    /// The rendered diagnostics of the latest build, when it failed.
    error: Option<Arc<str>>,
    /// The path the site is published under (from its base URL), `/` or `/x/`; served there too,
    /// so that root-relative links (as on the 404 page) work in the preview.
    base_path: String,
}

/// The live preview: the current snapshot behind a mutex that is held only to clone or swap it.
#[derive(Clone, Default)]
struct State {
    inner: Arc<Mutex<Snapshot>>,
}

impl State {
    fn read(&self) -> Snapshot {
        let s = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        Snapshot {
            version: s.version,
            files: s.files.clone(),
            error: s.error.clone(),
            base_path: s.base_path.clone(),
        }
    }
}

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Print per-phase timings of each rebuild.
    pub verbose: bool,
}

/// A bound live-preview server.
pub struct Server {
    listener: TcpListener,
    state: State,
    options: ServeOptions,
    /// The files as they were just before the first build: a change made while the server starts
    /// up is still seen.
    tree: watch::Tree,
}

/// The outcome of one (re)build, for the terminal.
pub struct RebuildNote {
    pub ok: bool,
    pub millis: f64,
    pub text: String,
}

impl Server {
    /// Builds the site once and binds the listener (the first build may fail: the error is served).
    pub fn bind(options: ServeOptions) -> std::io::Result<(Server, RebuildNote)> {
        let listener = TcpListener::bind(SocketAddr::new(options.bind, options.port))?;
        let state = State::default();
        let tree = watch::scan_tree(&options.build.root);
        let note = rebuild(&options, &state, "first build");
        Ok((
            Server {
                listener,
                state,
                options,
                tree,
            },
            note,
        ))
    }

    /// The path the site is served under (`/` or `/x/`, from its base URL).
    pub fn base_path(&self) -> String {
        let base = self.state.read().base_path;
        if base.is_empty() {
            "/".to_string()
        } else {
            base
        }
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Starts the watcher and serves until the process ends. `log` receives rebuild notes.
    pub fn run(self, log: impl Fn(RebuildNote) + Send + 'static) {
        let state = self.state.clone();
        let options = self.options.clone();
        let tree = self.tree;
        std::thread::spawn(move || watch::watch(&options, &state, tree, log));
        http::serve_forever(&self.listener, &self.state);
    }
}

/// Rebuilds in memory and swaps the result in; a failure keeps the previous files.
fn rebuild(options: &ServeOptions, state: &State, why: &str) -> RebuildNote {
    let started = Instant::now();
    let result = render_site(&options.build);
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    let mut s = state.inner.lock().unwrap_or_else(|e| e.into_inner());
    match result {
        Ok(site) => {
            let files: BTreeMap<String, Arc<Vec<u8>>> = site
                .outputs
                .into_iter()
                .map(|o| (o.path, Arc::new(o.bytes)))
                .collect();
            let changed = files
                .iter()
                .filter(|(p, b)| s.files.get(*p) != Some(*b))
                .count()
                + s.files.keys().filter(|p| !files.contains_key(*p)).count();
            if changed > 0 || s.error.is_some() {
                s.version += 1;
            }
            s.files = Arc::new(files);
            s.error = None;
            s.base_path = crate::url::base_path(&site.model.settings.base_url);
            let mut text = format!(
                "{why}: built {} pages in {millis:.0} ms, {changed} file(s) changed",
                site.pages
            );
            if options.verbose {
                let phases: Vec<String> = site
                    .timings
                    .iter()
                    .map(|(n, d)| format!("{n} {:.1} ms", d.as_secs_f64() * 1000.0))
                    .collect();
                text.push_str(&format!(" ({})", phases.join(", ")));
            }
            RebuildNote {
                ok: true,
                millis,
                text,
            }
        }
        Err(failure) => {
            let rendered: Arc<str> = failure.render().into();
            if s.error.as_deref() != Some(&*rendered) {
                s.version += 1;
            }
            s.error = Some(rendered.clone());
            RebuildNote {
                ok: false,
                millis,
                text: format!(
                    "{why}: the build failed in {millis:.0} ms; still serving the last good site\n{rendered}"
                ),
            }
        }
    }
}
