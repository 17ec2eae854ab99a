//! The core's layers import only downwards: engine → scripting → commands → store →
//! types, with the building blocks (protocol, config, compact, glob) usable
//! by all and importing none of the layers. No module imports one that
//! imports it back.

use std::fs;
use std::path::Path;

/// Each top-level module and the layers it may name with `crate::`.
const ALLOWED: &[(&str, &[&str])] = &[
    (
        "engine",
        &["scripting", "commands", "persistence", "store", "types"],
    ),
    ("scripting", &["commands", "persistence", "store", "types"]),
    ("commands", &["persistence", "store", "types"]),
    ("persistence", &["store", "types"]),
    ("store", &["types"]),
    ("types", &[]),
    ("protocol", &[]),
    ("config", &[]),
    ("compact", &[]),
    ("glob", &[]),
];

const LAYERS: &[&str] = &[
    "engine",
    "scripting",
    "commands",
    "persistence",
    "store",
    "types",
];

/// Every `.rs` file of a module (a file or a folder).
fn sources(src: &Path, module: &str) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut pending = vec![src.join(module), src.join(format!("{module}.rs"))];
    while let Some(path) = pending.pop() {
        if path.is_dir() {
            for entry in fs::read_dir(&path).expect("readable dir") {
                pending.push(entry.expect("dir entry").path());
            }
        } else if path.is_file() && path.extension().is_some_and(|e| e == "rs") {
            let text = fs::read_to_string(&path).expect("readable source");
            files.push((path.display().to_string(), text));
        }
    }
    files
}

#[test]
fn layers_import_only_downwards() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for (module, allowed) in ALLOWED {
        let files = sources(&src, module);
        assert!(!files.is_empty(), "no sources for {module}");
        for (path, text) in files {
            for line in text.lines() {
                let code = line.split("//").next().unwrap_or("");
                for layer in LAYERS {
                    let named = code.contains(&format!("crate::{layer}::"))
                        || code.contains(&format!("crate::{layer};"))
                        || code.contains(&format!("crate::{layer}}}"));
                    if named && layer != module && !allowed.contains(layer) {
                        panic!("{path}: {module} imports {layer}: {line}");
                    }
                }
            }
        }
    }
}
