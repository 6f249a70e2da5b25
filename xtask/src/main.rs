//! Project tasks, run as `cargo xtask <task>`:
//!
//! - `serve [--port N]`: install what is missing, build the page (release), serve the repo root on
//!   http://127.0.0.1:8080 with the page's Content-Security-Policy header.
//! - `build`: install what is missing and build the page into `pkg/` (the repo root is then a
//!   complete static site).
//! - `test`: every check: fmt, clippy, API docs, native tests, the Python package (wheel +
//!   pytest, with Dask and PySpark), the wasm build, wasm-vs-native parity and the browser tests.
//! - `bench-wasm [DIR] [--limit N]`: the engine's speed in headless Chromium (see
//!   `tests/bench/wasm_bench.mjs`).
//!
//! Tools it installs when missing: the `wasm32-unknown-unknown` target, `wasm-bindgen-cli` at the
//! exact version `Cargo.lock` pins, and the node packages of `package-lock.json`. With
//! `WASM_OPT=-O3` (or another level) the build also runs npm binaryen's `wasm-opt`
//! (Debian's binaryen produces broken modules).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

/// The wasm crates and the names wasm-bindgen gives their output in `pkg/`.
const WASM_CRATES: [(&str, &str); 2] = [
    ("entity-lens-web", "entity_lens_web"),
    ("entity-lens-worker", "entity_lens_worker"),
];
const WASM_TARGET: &str = "wasm32-unknown-unknown";
const WASM_PROFILE: &str = "wasm-release";
const BINARYEN: &str = "binaryen@132.0.0";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = project_root()?;
    std::env::set_current_dir(&root)?;
    match args.first().map(String::as_str) {
        Some("build") => build(),
        Some("serve") => {
            let port = flag_value(&args, "--port").unwrap_or_else(|| "8080".to_owned());
            build()?;
            serve(&port)
        }
        Some("test") => test(),
        Some("bench-wasm") => {
            build()?;
            let mut node_args = vec!["tests/bench/wasm_bench.mjs".to_owned()];
            node_args.extend(args.iter().skip(1).cloned());
            let refs: Vec<&str> = node_args.iter().map(String::as_str).collect();
            run(Command::new("node").args(&refs))
        }
        _ => bail!("usage: cargo xtask <serve [--port N]|build|test|bench-wasm [DIR] [--limit N]>"),
    }
}

fn flag_value(args: &[String], flag: &str) -> Option<String> {
    let i = args.iter().position(|a| a == flag)?;
    args.get(i + 1).cloned()
}

/// The workspace root, as cargo sees it from the current directory (not baked in at compile
/// time, so one target directory can serve several checkouts).
fn project_root() -> Result<PathBuf> {
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["locate-project", "--workspace", "--message-format", "plain"])
        .output()
        .context("running cargo locate-project")?;
    if !out.status.success() {
        bail!(
            "cargo locate-project failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let manifest = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    manifest
        .parent()
        .map(Path::to_path_buf)
        .context("Cargo.toml has no parent directory")
}

/// Runs a command, echoing it, and fails on a non-zero exit.
fn run(cmd: &mut Command) -> Result<()> {
    let shown = format!("{cmd:?}").replace('"', "");
    eprintln!("=== {shown}");
    let t0 = std::time::Instant::now();
    let status = cmd.status().with_context(|| format!("running {shown}"))?;
    if !status.success() {
        bail!("{shown} failed: {status}");
    }
    eprintln!("=== done in {:.1}s", t0.elapsed().as_secs_f64());
    Ok(())
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
}

fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The wasm-bindgen version locked in `Cargo.lock`.
fn locked_wasm_bindgen() -> Result<String> {
    let lock = std::fs::read_to_string("Cargo.lock").context("reading Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
            {
                return Ok(v.trim_matches('"').to_owned());
            }
        }
    }
    bail!("wasm-bindgen is not in Cargo.lock")
}

/// Installs what the build needs, skipping what is present.
fn install_tools() -> Result<()> {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"]));
    match installed {
        Some(list) if list.lines().any(|l| l.trim() == WASM_TARGET) => {}
        Some(_) => run(Command::new("rustup").args(["target", "add", WASM_TARGET]))?,
        None => eprintln!("rustup not found; assuming the {WASM_TARGET} target is installed"),
    }

    let want = locked_wasm_bindgen()?;
    let have = output(Command::new("wasm-bindgen").arg("--version"))
        .and_then(|v| v.split_whitespace().nth(1).map(str::to_owned));
    if have.as_deref() != Some(want.as_str()) {
        // Not --locked: its lockfile pins crate versions the registry mirror may lack.
        run(cargo().args(["install", "wasm-bindgen-cli", "--version", &want]))?;
    }

    let stamp = Path::new("node_modules/.package-lock.json");
    let fresh = match (modified(stamp), modified(Path::new("package-lock.json"))) {
        (Some(installed), Some(lock)) => installed >= lock,
        _ => false,
    };
    if !fresh {
        run(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]))?;
    }
    Ok(())
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).ok()?.modified().ok()
}

/// Builds both wasm modules (release, SIMD) and binds them into `pkg/`.
fn build() -> Result<()> {
    install_tools()?;
    let mut cmd = cargo();
    cmd.args(["build", "--target", WASM_TARGET, "--profile", WASM_PROFILE]);
    for (package, _) in WASM_CRATES {
        cmd.args(["-p", package]);
    }
    // Target-specific, so host builds (proc macros, build scripts) keep their cache.
    cmd.env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
        "-C target-feature=+simd128",
    );
    run(&mut cmd)?;

    let wasm_opt = std::env::var("WASM_OPT").ok().filter(|v| !v.is_empty());
    let wasm_opt_bin = Path::new("node_modules/.bin/wasm-opt");
    if wasm_opt.is_some() && !wasm_opt_bin.exists() {
        run(Command::new("npm").args([
            "install",
            "--no-save",
            "--no-audit",
            "--no-fund",
            BINARYEN,
        ]))?;
    }
    let target_dir = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".to_owned());
    for (_, stem) in WASM_CRATES {
        let input = format!("{target_dir}/{WASM_TARGET}/{WASM_PROFILE}/{stem}.wasm");
        run(Command::new("wasm-bindgen").args([
            "--target",
            "web",
            "--remove-name-section",
            "--out-dir",
            "pkg",
            &input,
        ]))?;
        if let Some(level) = &wasm_opt {
            let file = format!("pkg/{stem}_bg.wasm");
            run(Command::new(wasm_opt_bin).args([
                level.as_str(),
                "--enable-simd",
                "--enable-bulk-memory",
                "--enable-nontrapping-float-to-int",
                "--enable-sign-ext",
                "--enable-reference-types",
                "--enable-multivalue",
                &file,
                "-o",
                &file,
            ]))?;
        }
    }
    for (_, stem) in WASM_CRATES {
        let file = format!("pkg/{stem}_bg.wasm");
        let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
        eprintln!("{file}: {size} bytes");
    }
    write_build_manifest()
}

/// The site's own files, cached by the service worker (`sw.js`) for offline use.
const SITE_FILES: [&str; 5] = [
    "index.html",
    "main.js",
    "worker-shim.js",
    "favicon.svg",
    "manifest.webmanifest",
];

/// Writes `pkg/build.js`: `self.BUILD = {id, assets}`, the build's id (a hash of every asset's
/// bytes) and the assets `sw.js` caches (the site files, `style/`, `pkg/`'s JS and wasm).
fn write_build_manifest() -> Result<()> {
    fn walk(dir: &Path, out: &mut Vec<String>) -> Result<()> {
        for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                walk(&path, out)?;
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("js" | "wasm" | "css" | "svg")
            ) && path != Path::new("pkg/build.js")
            {
                out.push(path.to_string_lossy().replace('\\', "/"));
            }
        }
        Ok(())
    }
    let mut assets: Vec<String> = SITE_FILES.iter().map(|s| (*s).to_owned()).collect();
    walk(Path::new("style"), &mut assets)?;
    walk(Path::new("pkg"), &mut assets)?;
    assets.sort();
    assets.dedup();
    let mut hasher = std::hash::DefaultHasher::new();
    for asset in &assets {
        let bytes = std::fs::read(asset).with_context(|| format!("reading {asset}"))?;
        std::hash::Hash::hash(asset, &mut hasher);
        std::hash::Hash::hash(&bytes, &mut hasher);
    }
    let id = format!("{:016x}", std::hash::Hasher::finish(&hasher));
    let list = assets
        .iter()
        .map(|a| format!("{a:?}"))
        .collect::<Vec<_>>()
        .join(",\n    ");
    let js = format!(
        "// Written by `cargo xtask build`: this build's id and the files sw.js caches.\nself.BUILD = {{\n  id: \"{id}\",\n  assets: [\n    {list}\n  ],\n}};\n"
    );
    std::fs::write("pkg/build.js", js).context("writing pkg/build.js")?;
    eprintln!("pkg/build.js: build {id}, {} assets", assets.len());
    Ok(())
}

/// Serves the repo root (blocks until interrupted).
fn serve(port: &str) -> Result<()> {
    eprintln!("serving http://127.0.0.1:{port}/ (Ctrl+C to stop)");
    run(Command::new("node").args(["scripts/serve.mjs", "--port", port, "--root", "."]))
}

/// The Python environments' setup scripts (`ENTITY_LENS_SETUP_ONLY=1`): their downloads run in
/// the background while the Rust checks compile.
const PYTHON_SETUPS: [(&str, &str); 2] = [
    ("crates/python/ci.sh", "python-setup.log"),
    ("tools/roundtrip/ci.sh", "roundtrip-setup.log"),
];

/// Starts the Python environments' setup in the background (network-bound, so it overlaps the
/// CPU-bound compiles); each writes a log under the target directory.
fn start_python_setups() -> Result<Vec<(std::process::Child, PathBuf)>> {
    let target_dir = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".to_owned());
    std::fs::create_dir_all(&target_dir)?;
    PYTHON_SETUPS
        .iter()
        .map(|(script, log)| {
            let log = Path::new(&target_dir).join(log);
            let out = std::fs::File::create(&log)
                .with_context(|| format!("creating {}", log.display()))?;
            let child = Command::new("bash")
                .arg(script)
                .env("ENTITY_LENS_SETUP_ONLY", "1")
                .stdout(out.try_clone()?)
                .stderr(out)
                .spawn()
                .with_context(|| format!("starting {script}"))?;
            Ok((child, log))
        })
        .collect()
}

/// Waits for the background setups. A failure is reported with its log, and the script's own
/// run then tries the setup again in the foreground, where its error shows.
fn finish_python_setups(setups: Vec<(std::process::Child, PathBuf)>) {
    for (mut child, log) in setups {
        match child.wait() {
            Ok(status) if status.success() => {}
            other => {
                let text = std::fs::read_to_string(&log).unwrap_or_default();
                eprintln!(
                    "background setup ({}) failed: {other:?}\n{text}",
                    log.display()
                );
            }
        }
    }
}

/// The cargo profile of the wheel that the Python checks build: `dev`, in which the engine is
/// optimized too (see the workspace's profiles), so it shares most of the native tests' build
/// instead of another LTO build. Their reference CLI is the one the native tests built.
const PYTHON_CHECK_PROFILE: &str = "dev";

fn test() -> Result<()> {
    let setups = start_python_setups()?;
    run(cargo().args(["fmt", "--all", "--check"]))?;
    run(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    // The API docs build without a broken link (the dependencies' metadata is clippy's).
    run(cargo()
        .args(["doc", "--no-deps", "--workspace"])
        .env("RUSTDOCFLAGS", "-D warnings"))?;
    // The page crate has no native tests (it is tested in the browser below); leaving it out
    // spares a native optimized build of Leptos. Clippy above still checks it.
    run(cargo().args(["test", "--workspace", "--exclude", "entity-lens-web"]))?;
    finish_python_setups(setups);
    // The CLI the native tests just built (with the workspace's features: building it alone
    // would resolve other features and compile its dependencies again).
    let target_dir = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".to_owned());
    let cli = std::path::absolute(Path::new(&target_dir).join("debug/entity-lens"))?;
    // The Python package: its own venv (pinned tools), the abi3 wheel, pytest (Dask, PySpark).
    run(Command::new("bash")
        .arg("crates/python/ci.sh")
        .env("ENTITY_LENS_CLI_BIN", &cli)
        .env("ENTITY_LENS_WHEEL_PROFILE", PYTHON_CHECK_PROFILE))?;
    // Every export format read back by spaCy, pandas, networkx (tools/roundtrip/check.py).
    run(Command::new("bash")
        .arg("tools/roundtrip/ci.sh")
        .env("ENTITY_LENS_CLI_BIN", &cli))?;
    build()?;
    // Browser tests and the wasm-vs-native parity check (tests/*.test.mjs).
    run(Command::new("node")
        .args(["--test", "--test-concurrency=1", "tests/"])
        .env("ENTITY_LENS_CLI_BIN", &cli))?;
    Ok(())
}
