//! No Docker engine runs here, so check what can be checked: every path the Dockerfile copies from the
//! build context exists, and its CMD/HEALTHCHECK name real subcommands of the binary.

use crate::helpers::root;

fn dockerfile() -> String {
    std::fs::read_to_string(root().join("Dockerfile")).expect("Dockerfile at the crate root")
}

#[test]
fn every_copied_path_exists() {
    let text = dockerfile();
    let mut checked = 0;
    for line in text.lines().map(str::trim) {
        let Some(rest) = line.strip_prefix("COPY ") else {
            continue;
        };
        if rest.starts_with("--from") {
            continue;
        }
        let parts: Vec<&str> = rest.split_whitespace().filter(|p| !p.starts_with("--")).collect();
        for source in &parts[..parts.len().saturating_sub(1)] {
            assert!(root().join(source).exists(), "Dockerfile copies `{source}`, which does not exist");
            checked += 1;
        }
    }
    assert!(checked >= 4, "expected the Dockerfile to copy the sources and data ({checked} paths)");
}

#[test]
fn cmd_and_healthcheck_name_real_subcommands() {
    let text = dockerfile();
    let subcommands = ["serve", "healthcheck"];
    for (keyword, expected) in [("CMD", "serve"), ("HEALTHCHECK", "healthcheck")] {
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with(keyword))
            .unwrap_or_else(|| panic!("no {keyword}"));
        assert!(line.contains(expected), "{keyword} runs `{expected}`: {line}");
        assert!(!line.contains("curl"), "{keyword} must not need curl");
    }
    // The subcommands exist: the binary's help lists them.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_breakeven"))
        .arg("--help")
        .output()
        .expect("run binary");
    let help = String::from_utf8_lossy(&output.stdout);
    for sub in subcommands {
        assert!(help.contains(sub), "`breakeven {sub}` exists");
    }
    assert!(text.contains("0.0.0.0:8080"), "listens on 0.0.0.0:8080 in the container");
    assert!(text.contains("--locked"), "builds with --locked");
    assert!(text.contains("USER "), "runs as a non-root user");
}
