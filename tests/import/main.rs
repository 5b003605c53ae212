//! `breakeven import <source>` end to end: the real binary against a mock upstream on loopback port 0
//! serving real-format fixtures (`tests/fixtures/upstream/`), and its faults. No test touches the
//! internet. Every fault must give a clear error and leave the data directory byte-for-byte as it was.

mod alibaba;
mod aws;
mod azure;
mod ecb;
mod faults;
mod gcp;
mod huawei;
mod mock;
mod refresh;
mod tencent;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(path: &str) -> PathBuf {
    root().join("tests/fixtures/upstream").join(path)
}

pub fn fixture_bytes(path: &str) -> Vec<u8> {
    std::fs::read(fixture(path)).expect("fixture")
}

/// A copy of the minimal data directory (fx.json with CNY and EUR, one test price file) with the
/// given selection files in `import/`.
pub fn data_dir(selections: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&root().join("tests/fixtures/minimal"), dir.path());
    std::fs::create_dir_all(dir.path().join("import")).expect("import dir");
    for (source, json) in selections {
        std::fs::write(dir.path().join(format!("import/{source}.selection.json")), json).expect("selection");
    }
    dir
}

pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("list") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy");
        }
    }
}

/// Every file under `dir` with its bytes, to show a failed run changed nothing.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("list") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let relative = path.strip_prefix(root).expect("inside").to_path_buf();
                out.insert(relative, std::fs::read(&path).expect("read"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// What a run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `breakeven import <args…> --data-dir <dir>` with fast retries (tests wait little).
pub fn import(dir: &Path, args: &[&str]) -> Run {
    import_env(dir, args, &[])
}

/// [`import`] with extra environment variables (API keys).
pub fn import_with_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let env: Vec<(&str, Option<String>)> = env.iter().map(|(k, v)| (*k, Some(v.to_string()))).collect();
    import_env(dir, args, &env)
}

/// [`import`] with environment variables set (`Some`) or removed (`None`); the vendors' credential
/// variables are always removed first, so a developer's own keys never reach a test.
pub fn import_env(dir: &Path, args: &[&str], env: &[(&str, Option<String>)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_breakeven"));
    for name in [
        "TENCENTCLOUD_SECRET_ID",
        "TENCENTCLOUD_SECRET_KEY",
        "ALIBABA_CLOUD_ACCESS_KEY_ID",
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
        "BREAKEVEN_GCP_API_KEY",
        "HUAWEICLOUD_SDK_AK",
        "HUAWEICLOUD_SDK_SK",
        "HUAWEICLOUD_SDK_PROJECT_ID",
    ] {
        command.env_remove(name);
    }
    for (name, value) in env {
        match value {
            Some(value) => command.env(name, value),
            None => command.env_remove(name),
        };
    }
    let output = command
        .arg("import")
        .args(args)
        .arg("--data-dir")
        .arg(dir)
        .args(["--backoff", "0.05", "--connect-timeout", "5"])
        .args(if args.contains(&"--retrieved") { &[][..] } else { &["--retrieved", "2026-12-01"][..] })
        .env_remove("BREAKEVEN_DATA_DIR")
        .output()
        .expect("run breakeven import");
    Run {
        success: output.status.success(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs a failing import and checks it failed with `expected` in its message and changed nothing.
pub fn assert_fails_untouched(dir: &Path, args: &[&str], expected: &str) -> Run {
    let before = snapshot(dir);
    let run = import(dir, args);
    assert!(!run.success, "the import should fail: {run:?}");
    assert!(run.stderr.contains("nothing was changed"), "{}", run.stderr);
    assert!(run.stderr.contains(expected), "expected `{expected}` in:\n{}", run.stderr);
    assert!(snapshot(dir) == before, "a failed import changed the data directory");
    run
}

#[test]
fn each_source_s_help_explains_its_selection_file() {
    for source in ["ecb", "azure", "aws", "gcp", "tencent", "alibaba", "huawei"] {
        let output = Command::new(env!("CARGO_BIN_EXE_breakeven"))
            .args(["import", source, "--help"])
            .output()
            .expect("help");
        let help = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{help}");
        assert!(help.contains("Selection file"), "{source}: {help}");
        assert!(help.contains(&format!("import/{source}.selection.json")), "{source}: {help}");
    }
}

#[test]
fn the_committed_selection_files_parse_and_the_committed_data_still_loads() {
    // A dry run over the real data: the selections are valid and nothing is written.
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&root().join("pricing-data"), dir.path());
    let before = snapshot(dir.path());
    let run = import(
        dir.path(),
        &["ecb", "--from", fixture("ecb/eurofxref-daily.xml").to_str().expect("utf-8"), "--dry-run"],
    );
    assert!(run.success, "{run:?}");
    assert!(run.stdout.contains("would write fx.json"), "{}", run.stdout);
    let run = import(
        dir.path(),
        &["azure", "--from", fixture("azure/azure_prices.json").to_str().expect("utf-8"), "--dry-run"],
    );
    assert!(run.success, "{run:?}");
    let run = import(
        dir.path(),
        &["gcp", "--from", fixture("gcp/compute-page-1.json").to_str().expect("utf-8"), "--dry-run"],
    );
    assert!(run.success, "{run:?}");
    assert!(run.stdout.contains("would write cloud/gcp.json"), "{}", run.stdout);
    let tencent = fixture("tencent/DescribeZoneInstanceConfigInfos.POSTPAID_BY_HOUR.json");
    for selection in ["tencent.selection.json", "tencent.intl.selection.json"] {
        let path = dir.path().join("import").join(selection);
        let run = import(
            dir.path(),
            &[
                "tencent",
                "--from",
                tencent.to_str().expect("utf-8"),
                "--selection",
                path.to_str().expect("utf-8"),
                "--dry-run",
            ],
        );
        assert!(run.success, "{selection}: {run:?}");
    }
    let alibaba = fixture("alibaba/QuerySkuPriceList.page1.json");
    let run = import(dir.path(), &["alibaba", "--from", alibaba.to_str().expect("utf-8"), "--dry-run"]);
    assert!(run.success, "{run:?}");
    assert!(run.stdout.contains("would write cloud/alibaba.json"), "{}", run.stdout);
    let huawei = fixture("huawei/ListOnDemandResourceRatings.json");
    let run = import(dir.path(), &["huawei", "--from", huawei.to_str().expect("utf-8"), "--dry-run"]);
    assert!(run.success, "{run:?}");
    assert!(run.stdout.contains("would write cloud/huawei.json"), "{}", run.stdout);
    assert!(snapshot(dir.path()) == before, "a dry run wrote something");
}
