//! Finding article files, as ripgrep finds files to search.
//!
//! A path that is a file is always taken, whatever its extension (and symlinks given
//! explicitly are followed). A folder is walked recursively with the `ignore` crate:
//! hidden files and folders are skipped, `.gitignore` / `.ignore` files are honoured even
//! outside a Git repository, symlinks are not followed unless asked. Files ending in
//! `.txt`, `.md`, `.markdown`, `.html` or `.htm` (any case) are taken. `--glob` patterns
//! (ripgrep semantics, `!` negates) choose files instead when at least one is not negated;
//! negated-only patterns exclude files from the default selection. `-` (stdin) passes
//! through as a `Found` with path and display `-`.

use std::path::{Path, PathBuf};

use ignore::overrides::OverrideBuilder;
use ignore::WalkBuilder;

use super::IngestError;

/// Extensions taken when walking a folder (compared case-insensitively).
pub const EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm"];

/// A file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The path to open.
    pub path: PathBuf,
    /// Relative to the scanned folder, `/`-separated; for a file argument the path as given.
    pub display: String,
}

/// Options of the walk.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Follow symbolic links inside folders (ripgrep's `-L`). Off by default.
    pub follow_links: bool,
    /// Also take hidden files and folders (ripgrep's `--hidden`).
    pub hidden: bool,
    /// Ignore `.gitignore` / `.ignore` files (ripgrep's `--no-ignore`).
    pub no_ignore: bool,
}

/// Finds the article files under `paths` (files and folders), sorted by display path.
///
/// Problems (a missing path, an unreadable folder, a symlink loop, a bad glob) come back
/// as `Err` entries naming the path; the walk goes on. A file reached twice (given twice,
/// or through two overlapping folders) is listed once. With more than one path, a file
/// found in a folder is shown under that folder's name (`a/index.txt`, `b/index.txt`), so
/// that no two inputs share a display path, and therefore a claim id.
pub fn find_articles(paths: &[PathBuf], globs: &[String]) -> Vec<Result<Found, IngestError>> {
    find_articles_with(paths, globs, &WalkOptions::default())
}

/// [`find_articles`] with options.
pub fn find_articles_with(
    paths: &[PathBuf],
    globs: &[String],
    opts: &WalkOptions,
) -> Vec<Result<Found, IngestError>> {
    let mut out: Vec<Result<Found, IngestError>> = Vec::new();
    let positive = globs.iter().any(|g| !g.starts_with('!'));
    let roots = paths.iter().filter(|p| *p != Path::new("-")).count();
    for root in paths {
        if root == Path::new("-") {
            out.push(Ok(Found {
                path: root.clone(),
                display: "-".into(),
            }));
            continue;
        }
        let meta = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(source) => {
                out.push(Err(IngestError::Io {
                    path: root.display().to_string(),
                    source,
                }));
                continue;
            }
        };
        if !meta.is_dir() {
            out.push(Ok(Found {
                path: root.clone(),
                display: lossless(root.as_os_str()),
            }));
            continue;
        }
        let prefix = (roots > 1).then(|| {
            let shown = lossless(root.as_os_str());
            match shown.trim_end_matches('/') {
                "" => "/".to_string(),
                trimmed => trimmed.to_string(),
            }
        });
        walk_dir(root, prefix.as_deref(), globs, positive, opts, &mut out);
    }
    out.sort_by(|a, b| key(a).cmp(key(b)));
    out.dedup_by(|a, b| match (a, b) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    });
    drop_repeated_files(&mut out);
    make_displays_unique(&mut out);
    out
}

/// Keeps the first (in display order) of entries that are the same file: `scan a.txt
/// ./a.txt`, `scan - -`, `scan dir dir/sub`.
fn drop_repeated_files(out: &mut Vec<Result<Found, IngestError>>) {
    let mut seen = std::collections::HashSet::new();
    out.retain(|entry| {
        let Ok(found) = entry else { return true };
        if found.path == Path::new("-") {
            return seen.insert(FileKey::Stdin);
        }
        match file_key(&found.path) {
            Some(key) => seen.insert(key),
            None => true,
        }
    });
}

#[derive(Debug, PartialEq, Eq, Hash)]
enum FileKey {
    Stdin,
    #[cfg_attr(not(unix), allow(dead_code))]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Canonical(PathBuf),
}

#[cfg(unix)]
fn file_key(path: &Path) -> Option<FileKey> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).ok()?;
    Some(FileKey::Inode(meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn file_key(path: &Path) -> Option<FileKey> {
    std::fs::canonicalize(path).ok().map(FileKey::Canonical)
}

/// Distinct files that still share a display path (only contrived names can) get `#2`,
/// `#3`… in listing order, so every claim id stays unique and the same on every run.
fn make_displays_unique(out: &mut [Result<Found, IngestError>]) {
    let mut count: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for entry in out.iter_mut() {
        let Ok(found) = entry else { continue };
        let n = count.entry(found.display.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            found.display = format!("{}#{n}", found.display);
        }
    }
}

/// The path as text without losing anything: bytes that are not UTF-8 are written `\xNN`, so
/// two names differing only in such bytes stay apart (the lossy form would make both `�`).
pub fn lossless(path: &std::ffi::OsStr) -> String {
    let bytes = path.as_encoded_bytes();
    let mut text = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        for b in chunk.invalid() {
            text.push_str(&format!("\\x{b:02X}"));
        }
    }
    text
}

fn key(r: &Result<Found, IngestError>) -> &str {
    match r {
        Ok(f) => &f.display,
        Err(e) => e.path(),
    }
}

fn walk_dir(
    root: &Path,
    prefix: Option<&str>,
    globs: &[String],
    positive: bool,
    opts: &WalkOptions,
    out: &mut Vec<Result<Found, IngestError>>,
) {
    let mut wb = WalkBuilder::new(root);
    wb.require_git(false)
        .hidden(!opts.hidden)
        .follow_links(opts.follow_links)
        .ignore(!opts.no_ignore)
        .git_ignore(!opts.no_ignore)
        .git_global(!opts.no_ignore)
        .git_exclude(!opts.no_ignore)
        .parents(!opts.no_ignore);
    if !globs.is_empty() {
        let mut ob = OverrideBuilder::new(root);
        for g in globs {
            if let Err(e) = ob.add(g) {
                out.push(Err(IngestError::Unreadable {
                    path: g.clone(),
                    reason: format!("bad --glob pattern: {e}"),
                }));
                return;
            }
        }
        match ob.build() {
            Ok(ov) => {
                wb.overrides(ov);
            }
            Err(e) => {
                out.push(Err(IngestError::Unreadable {
                    path: globs.join(" "),
                    reason: format!("bad --glob pattern: {e}"),
                }));
                return;
            }
        }
    }
    for entry in wb.build() {
        match entry {
            Ok(entry) => {
                let Some(ft) = entry.file_type() else {
                    continue;
                };
                if !ft.is_file() {
                    continue;
                }
                let path = entry.path();
                if !positive && !has_article_extension(path) {
                    continue;
                }
                let display = display_of(root, path);
                out.push(Ok(Found {
                    path: path.to_path_buf(),
                    display: match prefix {
                        Some("/") => format!("/{display}"),
                        Some(prefix) => format!("{prefix}/{display}"),
                        None => display,
                    },
                }));
            }
            Err(err) => out.push(Err(walk_error(root, err))),
        }
    }
}

/// Whether `path` ends in one of [`EXTENSIONS`] (any case).
pub fn has_article_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

fn display_of(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel.components().map(|c| lossless(c.as_os_str())).collect();
    if parts.is_empty() {
        lossless(path.as_os_str())
    } else {
        parts.join("/")
    }
}

fn walk_error(root: &Path, err: ignore::Error) -> IngestError {
    fn path_of(e: &ignore::Error) -> Option<PathBuf> {
        match e {
            ignore::Error::WithPath { path, .. } => Some(path.clone()),
            ignore::Error::Loop { child, .. } => Some(child.clone()),
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                path_of(err)
            }
            ignore::Error::Partial(errs) => errs.first().and_then(path_of),
            _ => None,
        }
    }
    let path = path_of(&err).unwrap_or_else(|| root.to_path_buf());
    let reason = match &err {
        ignore::Error::Loop { ancestor, .. } => {
            format!("symbolic link loop (points back to {})", ancestor.display())
        }
        _ => {
            let text = err.to_string();
            // Drop the path ignore already put in front.
            let p = path.display().to_string();
            text.strip_prefix(&format!("{p}: "))
                .map(str::to_string)
                .unwrap_or(text)
        }
    };
    IngestError::Unreadable {
        path: path.display().to_string(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn displays(r: &[Result<Found, IngestError>]) -> Vec<String> {
        r.iter()
            .map(|x| match x {
                Ok(f) => f.display.clone(),
                Err(e) => format!("ERR {e}"),
            })
            .collect()
    }

    fn tree() -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        let p = d.path();
        fs::create_dir_all(p.join("sub/deeper")).unwrap();
        fs::create_dir_all(p.join(".hidden")).unwrap();
        fs::create_dir_all(p.join("skipped")).unwrap();
        for f in [
            "b.txt",
            "a.MD",
            "c.html",
            "d.htm",
            "e.markdown",
            "notes.pdf",
            "sub/x.txt",
            "sub/deeper/y.HTML",
            ".hidden/h.txt",
            ".dot.txt",
            "skipped/s.txt",
            "ignored.txt",
        ] {
            fs::write(p.join(f), "Text.\n").unwrap();
        }
        fs::write(p.join(".gitignore"), "ignored.txt\n").unwrap();
        fs::write(p.join(".ignore"), "skipped/\n").unwrap();
        d
    }

    #[test]
    fn walks_like_ripgrep() {
        let d = tree();
        let r = find_articles(&[d.path().to_path_buf()], &[]);
        assert_eq!(
            displays(&r),
            [
                "a.MD",
                "b.txt",
                "c.html",
                "d.htm",
                "e.markdown",
                "sub/deeper/y.HTML",
                "sub/x.txt"
            ]
        );
    }

    #[test]
    fn globs_choose_files() {
        let d = tree();
        let root = vec![d.path().to_path_buf()];
        let r = find_articles(&root, &["*.pdf".into(), "sub/**".into()]);
        assert_eq!(
            displays(&r),
            ["notes.pdf", "sub/deeper/y.HTML", "sub/x.txt"]
        );
        let r = find_articles(&root, &["!sub/**".into(), "!*.html".into()]);
        assert_eq!(displays(&r), ["a.MD", "b.txt", "d.htm", "e.markdown"]);
        let r = find_articles(&root, &["[".into()]);
        assert!(displays(&r)[0].starts_with("ERR ["), "{:?}", displays(&r));
    }

    #[test]
    fn file_arguments_and_missing_paths() {
        let d = tree();
        let pdf = d.path().join("notes.pdf");
        let missing = d.path().join("nope.txt");
        let r = find_articles(&[pdf.clone(), missing.clone(), "-".into()], &[]);
        let shown = displays(&r);
        assert_eq!(shown.len(), 3);
        assert_eq!(shown[0], "-");
        assert!(shown.iter().any(|s| s == &pdf.to_string_lossy()));
        assert!(shown
            .iter()
            .any(|s| s.starts_with("ERR ") && s.contains("nope.txt")));
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_not_followed_loops_reported() {
        let d = tree();
        let p = d.path();
        std::os::unix::fs::symlink(p.join("sub"), p.join("link")).unwrap();
        std::os::unix::fs::symlink(p.join("gone.txt"), p.join("dangling.txt")).unwrap();
        let r = find_articles(&[p.to_path_buf()], &[]);
        assert!(!displays(&r)
            .iter()
            .any(|s| s.starts_with("link") || s.contains("dangling")));
        std::os::unix::fs::symlink(p, p.join("sub/loop")).unwrap();
        let opts = WalkOptions {
            follow_links: true,
            ..Default::default()
        };
        let r = find_articles_with(&[p.to_path_buf()], &[], &opts);
        let shown = displays(&r);
        assert!(shown.iter().any(|s| s.contains("link/x.txt")), "{shown:?}");
        assert!(
            shown
                .iter()
                .any(|s| s.starts_with("ERR ") && s.contains("loop")),
            "{shown:?}"
        );
        assert!(
            shown
                .iter()
                .any(|s| s.starts_with("ERR ") && s.contains("dangling.txt")),
            "{shown:?}"
        );
    }

    #[test]
    fn same_named_files_in_two_folders_stay_apart() {
        let d = tempfile::tempdir().unwrap();
        for f in ["a/index.txt", "b/index.txt"] {
            fs::create_dir_all(d.path().join(f).parent().unwrap()).unwrap();
            fs::write(d.path().join(f), "Text.\n").unwrap();
        }
        let a = d.path().join("a");
        let b = d.path().join("b");
        let shown = displays(&find_articles(&[a.clone(), b.clone()], &[]));
        assert_eq!(shown.len(), 2);
        assert_ne!(shown[0], shown[1]);
        assert!(shown[0].ends_with("a/index.txt") && shown[1].ends_with("b/index.txt"));
        // One folder alone keeps the short display (and so the ids of earlier runs).
        assert_eq!(displays(&find_articles(&[a], &[])), ["index.txt"]);
    }

    #[test]
    fn a_file_given_twice_is_listed_once() {
        let d = tree();
        let b = d.path().join("b.txt");
        let also_b = d.path().join("sub/../b.txt");
        let r = find_articles(&[b.clone(), also_b, b, "-".into(), "-".into()], &[]);
        assert_eq!(displays(&r).len(), 2, "{:?}", displays(&r));
        let root = d.path().to_path_buf();
        let r = find_articles(&[root.clone(), root.join("sub")], &[]);
        assert_eq!(displays(&r).len(), 7, "{:?}", displays(&r));
    }

    #[cfg(unix)]
    #[test]
    fn names_differing_only_in_invalid_utf8_stay_apart() {
        use std::os::unix::ffi::OsStrExt;
        let d = tempfile::tempdir().unwrap();
        for byte in [0xE9u8, 0xE8] {
            let name = [b'x', byte, b'.', b't', b'x', b't'];
            fs::write(d.path().join(std::ffi::OsStr::from_bytes(&name)), "Text.\n").unwrap();
        }
        let shown = displays(&find_articles(&[d.path().to_path_buf()], &[]));
        assert_eq!(shown, ["x\\xE8.txt", "x\\xE9.txt"]);
    }
}
