//! No Docker engine runs here, so the Dockerfile is checked by doing what its build stage does: the
//! build context is rebuilt in a directory under target/ from the stage's COPY lines alone (minus what
//! `.dockerignore` keeps out), and the stage's cargo command runs there. A file the build needs but
//! the Dockerfile forgets to copy (the bench targets once) fails this test as it would fail the image.
//! The runtime stage's CMD and HEALTHCHECK must name real subcommands of the binary.
//!
//! The build takes a minute or two after each change, so plain `cargo test` leaves it out; CI runs
//! `cargo test --test dockerfile -- --include-ignored`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn dockerfile() -> String {
    std::fs::read_to_string(root().join("Dockerfile")).expect("Dockerfile at the crate root")
}

/// The instructions of one stage (`FROM … AS name` up to the next `FROM`), continuation lines joined.
fn stage(text: &str, name: &str) -> Vec<String> {
    let joined = text.replace("\\\n", " ");
    let mut lines = Vec::new();
    let mut inside = false;
    for line in joined.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        if let Some(from) = line.strip_prefix("FROM ") {
            inside = from.split_whitespace().collect::<Vec<_>>().ends_with(&["AS", name]);
            continue;
        }
        if inside {
            lines.push(line.to_string());
        }
    }
    assert!(!lines.is_empty(), "the Dockerfile has a stage `{name}`");
    lines
}

fn arguments<'a>(instruction: &'a str, keyword: &str) -> Option<&'a str> {
    instruction.strip_prefix(keyword).and_then(|rest| rest.strip_prefix(' ')).map(str::trim)
}

/// `.dockerignore` patterns in the two forms used here: a path prefix (`target/`) or `**/*.ext`.
fn ignored(relative: &Path, patterns: &[String]) -> bool {
    let text = relative.to_string_lossy();
    patterns.iter().any(|pattern| match pattern.strip_prefix("**/*") {
        Some(suffix) => text.ends_with(suffix),
        None => {
            let prefix = pattern.trim_end_matches('/');
            text == prefix || text.starts_with(&format!("{prefix}/"))
        }
    })
}

fn dockerignore() -> Vec<String> {
    std::fs::read_to_string(root().join(".dockerignore"))
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

fn copy_tree(from: &Path, to: &Path, relative: &Path, patterns: &[String]) -> usize {
    if ignored(relative, patterns) {
        return 0;
    }
    if from.is_dir() {
        std::fs::create_dir_all(to).expect("mkdir");
        let mut copied = 0;
        for entry in std::fs::read_dir(from).expect("read_dir") {
            let entry = entry.expect("entry");
            copied += copy_tree(
                &entry.path(),
                &to.join(entry.file_name()),
                &relative.join(entry.file_name()),
                patterns,
            );
        }
        copied
    } else {
        std::fs::copy(from, to).expect("copy");
        // Keep the modification time, so a second run finds cargo's build of this context fresh.
        let modified = std::fs::metadata(from).and_then(|m| m.modified()).expect("mtime");
        std::fs::File::options().write(true).open(to).and_then(|f| f.set_modified(modified)).expect("mtime");
        1
    }
}

/// Lays out the build stage's context under `context` (its WORKDIR) from the COPY lines; returns the
/// number of files copied.
fn lay_out_context(instructions: &[String], context: &Path) -> usize {
    let patterns = dockerignore();
    let mut copied = 0;
    for instruction in instructions {
        let Some(args) = arguments(instruction, "COPY") else { continue };
        let parts: Vec<&str> = args.split_whitespace().filter(|p| !p.starts_with("--")).collect();
        assert!(!args.contains("--from"), "the build stage copies only from the context: {instruction}");
        let (destination, sources) = parts.split_last().expect("COPY has a destination");
        for source in sources {
            let from = root().join(source);
            assert!(from.exists(), "Dockerfile copies `{source}`, which does not exist");
            let target = if destination.ends_with('/') {
                context.join(destination).join(Path::new(source).file_name().expect("a file name"))
            } else {
                context.join(destination)
            };
            copied += copy_tree(&from, &target, Path::new(source), &patterns);
        }
    }
    copied
}

/// The target directory this test binary was built in (`target/debug/deps/…` → `target`), so the
/// stage's build reuses compiled dependencies.
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    exe.ancestors().nth(3).expect("target/<profile>/deps/<exe>").to_path_buf()
}

#[test]
#[ignore = "a release build of the crate (a minute or two after each change); .ci/run runs it"]
fn the_build_stage_builds_from_its_copied_context_alone() {
    let instructions = stage(&dockerfile(), "build");
    let workdir = instructions.iter().find_map(|i| arguments(i, "WORKDIR")).expect("a WORKDIR");
    assert!(workdir.starts_with('/'), "an absolute WORKDIR");
    // A fixed place under target/ (laid anew each run, times kept), so cargo's fingerprints of the
    // context stay valid between runs and only the first run pays for a release build of the crate.
    let scratch = target_dir().join("docker-context");
    if scratch.exists() {
        std::fs::remove_dir_all(&scratch).expect("clear the previous context");
    }
    let context = scratch.join(workdir.trim_start_matches('/'));
    std::fs::create_dir_all(&context).expect("mkdir");
    let copied = lay_out_context(&instructions, &context);
    assert!(copied > 10, "the sources and data are copied ({copied} files)");
    assert!(!context.join("target").exists(), ".dockerignore keeps target/ out");

    let build = instructions
        .iter()
        .filter_map(|i| arguments(i, "RUN"))
        .find(|run| run.starts_with("cargo "))
        .expect("a RUN cargo … line");
    let output = Command::new("sh")
        .args(["-c", build])
        .current_dir(&context)
        .env("CARGO_TARGET_DIR", target_dir())
        .env_remove("CARGO_MAKEFLAGS")
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "`{build}` fails in the Dockerfile's build context:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(target_dir().join("release/breakeven").exists(), "the stage's binary was built");

    // What the runtime stage takes from the build stage exists there after the build.
    let runtime = stage(&dockerfile(), "runtime");
    let taken: Vec<&str> = runtime
        .iter()
        .filter_map(|i| arguments(i, "COPY"))
        .filter_map(|args| args.strip_prefix("--from=build "))
        .filter_map(|args| args.split_whitespace().next())
        .collect();
    assert!(taken.len() >= 2, "the runtime stage takes the binary and the data: {taken:?}");
    for path in taken {
        let inside = path.strip_prefix(workdir).expect("taken from the WORKDIR").trim_start_matches('/');
        let found = match inside.strip_prefix("target/") {
            Some(built) => target_dir().join(built),
            None => context.join(inside),
        };
        assert!(found.exists(), "the runtime stage copies {path}, which the build stage does not have");
    }
}

/// `CMD ["breakeven", "serve"]` → `["breakeven", "serve"]` (the exec form; a shell form is refused).
fn exec_form(args: &str) -> Vec<String> {
    serde_json::from_str(args).unwrap_or_else(|_| panic!("exec form (a JSON array) expected: {args}"))
}

/// The subcommands the binary's `--help` lists under "Commands:", by name.
fn subcommands() -> Vec<String> {
    let output = Command::new(env!("CARGO_BIN_EXE_breakeven")).arg("--help").output().expect("run binary");
    let help = String::from_utf8_lossy(&output.stdout).into_owned();
    let commands = help.split("Commands:").nth(1).expect("a Commands section");
    commands
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

#[test]
fn cmd_and_healthcheck_name_real_subcommands() {
    let runtime = stage(&dockerfile(), "runtime");
    let known = subcommands();
    assert!(known.contains(&"validate".to_string()), "the help was read: {known:?}");
    let cmd = runtime.iter().find_map(|i| arguments(i, "CMD")).expect("a CMD");
    let healthcheck = runtime.iter().find_map(|i| arguments(i, "HEALTHCHECK")).expect("a HEALTHCHECK");
    let probe = healthcheck.split_once("CMD ").expect("HEALTHCHECK … CMD [...]").1;
    for (args, expected) in [(exec_form(cmd), "serve"), (exec_form(probe), "healthcheck")] {
        assert_eq!(args.first().map(String::as_str), Some("breakeven"), "{args:?}");
        let sub = args.get(1).expect("a subcommand");
        assert_eq!(sub, expected);
        assert!(known.contains(sub), "`breakeven {sub}` is a subcommand: {known:?}");
    }

    let env: Vec<&str> =
        runtime.iter().filter_map(|i| arguments(i, "ENV")).flat_map(str::split_whitespace).collect();
    assert!(env.contains(&"BREAKEVEN_ADDR=0.0.0.0:8080"), "listens on 0.0.0.0:8080: {env:?}");
    let user = runtime.iter().find_map(|i| arguments(i, "USER")).expect("a USER");
    assert_ne!(user, "root", "runs as a non-root user");
    let build = stage(&dockerfile(), "build");
    assert!(
        build.iter().filter_map(|i| arguments(i, "RUN")).any(|r| r.contains("--locked")),
        "builds with --locked"
    );
}
