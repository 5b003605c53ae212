//! Every user-facing message has both languages: the Fluent files of English and Simplified Chinese carry
//! the same message ids with the same arguments, every `t!` in `src/` names one of them with exactly its
//! arguments, each renders without a Fluent error, and the Chinese one is Chinese (not an English copy).

use breakeven::text::{render_strict, Language, SOURCES};
use fluent_syntax::ast;
use fluent_syntax::parser::parse;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Messages = BTreeMap<String, (BTreeSet<String>, String)>;

/// Each language's messages: id → (its variables, its source text), failing on syntax errors and on an
/// id defined twice.
fn messages(language: Language) -> Messages {
    let files = SOURCES.iter().find(|(l, _)| *l == language).expect("language has files").1;
    let mut out = Messages::new();
    for (file, source) in files {
        let resource =
            parse(*source).unwrap_or_else(|(_, errors)| panic!("{file}: syntax errors {errors:?}"));
        for entry in resource.body {
            match entry {
                ast::Entry::Message(message) => {
                    let id = message.id.name.to_string();
                    let mut vars = BTreeSet::new();
                    let pattern =
                        message.value.as_ref().unwrap_or_else(|| panic!("{file}: {id} has no value"));
                    pattern_vars(pattern, &mut vars);
                    let text = source_text(pattern);
                    assert!(out.insert(id.clone(), (vars, text)).is_none(), "{file}: {id} is defined twice");
                }
                ast::Entry::Junk { content } => panic!("{file}: junk {content:?}"),
                _ => {}
            }
        }
    }
    out
}

fn pattern_vars(pattern: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_vars(expression, vars);
        }
    }
}

fn expression_vars(expression: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for variant in variants {
                pattern_vars(&variant.value, vars);
            }
        }
        ast::Expression::Inline(inline) => inline_vars(inline, vars),
    }
}

fn inline_vars(inline: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, vars),
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for argument in &arguments.positional {
                inline_vars(argument, vars);
            }
        }
        _ => {}
    }
}

/// The literal text of a pattern (placeables left out): what must be Chinese in the Chinese file.
fn source_text(pattern: &ast::Pattern<&str>) -> String {
    pattern
        .elements
        .iter()
        .filter_map(|e| match e {
            ast::PatternElement::TextElement { value } => Some(*value),
            ast::PatternElement::Placeable { .. } => None,
        })
        .collect()
}

/// Every `t!("id", name = …, …)` in the sources: (file, id, argument names).
fn uses() -> Vec<(String, String, BTreeSet<String>)> {
    let mut out = vec![];
    let mut files = vec![];
    collect_rs(Path::new(env!("CARGO_MANIFEST_DIR")).join("src").as_path(), &mut files);
    for path in files {
        let source = std::fs::read_to_string(&path).expect("read source");
        let name = path.display().to_string();
        let mut rest = source.as_str();
        while let Some(at) = rest.find("t!(") {
            // Not a longer macro name ending in `t` (`format!`, `assert!` …).
            let preceded = rest[..at].chars().last().is_some_and(|c| c.is_alphanumeric() || c == '_');
            rest = rest[at + 3..].trim_start();
            if preceded || !rest.starts_with('"') {
                continue;
            }
            rest = &rest[1..];
            let end = rest.find('"').expect("closing quote");
            let id = rest[..end].to_string();
            out.push((name.clone(), id, argument_names(&rest[end + 1..])));
        }
    }
    out
}

fn collect_rs(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            collect_rs(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("text/mod.rs") {
            out.push(path);
        }
    }
}

/// The `name =` arguments of a `t!` call at nesting depth 0, from just after its id to its closing `)`.
fn argument_names(after_id: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut chars = after_id.char_indices().peekable();
    let mut at_argument_start = false;
    while let Some((i, c)) = chars.next() {
        if in_string {
            match c {
                '\\' => {
                    chars.next();
                }
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth == 0 => break,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => at_argument_start = true,
            c if at_argument_start && !c.is_whitespace() => {
                at_argument_start = false;
                let tail = &after_id[i..];
                let ident: String = tail.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                let after = tail[ident.len()..].trim_start();
                if !ident.is_empty() && after.starts_with('=') && !after.starts_with("==") {
                    names.insert(ident);
                }
            }
            _ => {}
        }
    }
    names
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}')
}

#[test]
fn both_languages_carry_the_same_messages_with_the_same_arguments() {
    let en = messages(Language::En);
    let zh = messages(Language::ZhCn);
    assert!(en.len() > 50, "the message files are loaded ({} messages)", en.len());
    let en_ids: BTreeSet<_> = en.keys().collect();
    let zh_ids: BTreeSet<_> = zh.keys().collect();
    assert_eq!(en_ids.difference(&zh_ids).collect::<Vec<_>>(), Vec::<&&String>::new(), "English only");
    assert_eq!(zh_ids.difference(&en_ids).collect::<Vec<_>>(), Vec::<&&String>::new(), "Chinese only");
    let mut problems = vec![];
    for (id, (vars, _)) in &en {
        let (zh_vars, zh_text) = &zh[id];
        if vars != zh_vars {
            problems.push(format!("{id}: English uses {vars:?}, Chinese {zh_vars:?}"));
        }
        // Literal text in the Chinese message must be Chinese, unless it is only punctuation,
        // numbers, units or names (`{$a} / {$b}`, `SLA`, `MLPS`).
        let letters = zh_text.chars().filter(|c| c.is_alphabetic()).count();
        let english_words = zh_text
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() > 3 && !w.chars().all(|c| c.is_ascii_uppercase()))
            .count();
        if letters > 0 && !zh_text.chars().any(is_cjk) && english_words > 0 {
            problems.push(format!("{id}: the Chinese message reads as English: {zh_text:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_message_the_code_uses_exists_with_exactly_its_arguments() {
    let en = messages(Language::En);
    let uses = uses();
    assert!(uses.len() > 50, "the scan finds the t! calls ({})", uses.len());
    let mut problems = vec![];
    let mut used = BTreeSet::new();
    for (file, id, args) in &uses {
        used.insert(id.clone());
        match en.get(id) {
            None => problems.push(format!("{file}: t!(\"{id}\") has no message")),
            Some((vars, _)) if vars != args => {
                problems.push(format!("{file}: t!(\"{id}\") passes {args:?}; the message uses {vars:?}"))
            }
            Some(_) => {}
        }
    }
    let unused: Vec<_> = en.keys().filter(|id| !used.contains(*id)).collect();
    assert!(unused.is_empty(), "messages no code uses: {unused:?}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_message_renders_in_both_languages() {
    for language in Language::ALL {
        for (id, (vars, _)) in messages(language) {
            let args: Vec<(&str, &str)> = vars.iter().map(|v| (v.as_str(), "7")).collect();
            let text = render_strict(language, &id, &args).unwrap_or_else(|e| panic!("{e}"));
            assert!(!text.contains("{$"), "{}: {id} renders a placeholder: {text}", language.tag());
        }
    }
}

#[test]
fn the_argument_scan_reads_nested_calls() {
    let names = argument_names(r#", what = @t!("x", y = 1), limit = e.limit, per = f(a, b = 2)) + 1"#);
    assert_eq!(names, BTreeSet::from(["what".to_string(), "limit".into(), "per".into()]));
    assert!(argument_names(r#")"#).is_empty());
    assert_eq!(
        argument_names(r#", a = "x, b = y", c = (d == e))"#),
        BTreeSet::from(["a".into(), "c".into()])
    );
}
