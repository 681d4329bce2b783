//! The architecture as a test: which top-level module may use which, and no import cycles.
//!
//! Reads `src/` and collects every `crate::<module>` a module names outside comments and test
//! modules. Layers, from the bottom: leaves (`error`, `clock`, `metrics`, `private_fs`, `blobs`,
//! `outbound`, `workbooks`) → `db` → `domain` → `config` → `state`, `live` → `workers` → `api`;
//! `seed`, `seed_bench` sit beside `api`. Within `workers`, the senders never use the runner
//! that calls them (`jobs`): both use `runner`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// The code of a file without comments and without its `#[cfg(test)] mod tests` (tests may
/// reach anywhere).
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("read source");
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => &text[..],
    };
    text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// Every `crate::x` and `crate::{x, y}` named in `code`.
fn named_modules(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let ident = |s: &str| s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for part in group[..end].split(',') {
                let name = ident(part.trim());
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        } else {
            let name = ident(rest);
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in rust_files(&src) {
        let rel = file.strip_prefix(&src).expect("under src");
        let top = rel
            .components()
            .next()
            .expect("a component")
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_owned();
        if top == "lib" || top == "main" {
            continue;
        }
        let deps = graph.entry(top.clone()).or_default();
        deps.extend(named_modules(&code(&file)).into_iter().filter(|m| *m != top));
    }
    graph
}

#[test]
fn modules_use_only_the_layers_below_them() {
    let graph = module_graph();
    // What each module must not use (beyond "no cycles").
    let forbidden: &[(&str, &[&str])] = &[
        ("db", &["domain", "config", "state", "live", "workers", "api"]),
        ("domain", &["config", "state", "live", "workers", "api"]),
        ("config", &["state", "live", "workers", "api"]),
        ("state", &["workers", "api"]),
        ("live", &["state", "workers", "api"]),
        ("workers", &["api"]),
    ];
    let mut wrong = Vec::new();
    for (module, banned) in forbidden {
        for dep in graph.get(*module).into_iter().flatten() {
            if banned.contains(&dep.as_str()) {
                wrong.push(format!("{module} uses {dep}"));
            }
        }
    }
    assert!(wrong.is_empty(), "layering broken: {wrong:?}");
}

#[test]
fn no_import_cycle_between_top_level_modules() {
    let graph = module_graph();
    // Depth-first search for a back edge; report the cycle it closes.
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == node) {
            let mut cycle = path[i..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten().filter(|n| graph.contains_key(*n)) {
            if let Some(c) = visit(next, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        if let Some(cycle) = visit(node, &graph, &mut Vec::new(), &mut done) {
            panic!("import cycle: {}", cycle.join(" → "));
        }
    }
}

#[test]
fn senders_do_not_use_the_runner_that_calls_them() {
    let workers = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/workers");
    for sender in ["mail.rs", "robots.rs", "webhooks.rs", "runner.rs"] {
        let code = code(&workers.join(sender));
        assert!(
            !code.contains("super::jobs") && !code.contains("workers::jobs"),
            "{sender} uses the job runner's module; use `runner` for the shared types"
        );
    }
}

#[test]
fn the_scanner_sees_grouped_and_plain_paths() {
    let found = named_modules("use crate::{db::X, error};\nlet a = crate::metrics::timed;\n");
    assert_eq!(found, ["db", "error", "metrics"].into_iter().map(str::to_owned).collect());
}
