//! Every sentence a user reads, in English and Simplified Chinese.
//!
//! The core never formats a user-facing sentence itself: it builds a [`Text`] — a message id from the
//! Fluent files beside this module plus its arguments — or a [`Text::Name`] carrying both names of a
//! thing from the data. A `Text` renders in the language of the serializer's context ([`with_language`],
//! set by the API for each request from `lang=` or `Accept-Language`), because serde has no context of
//! its own; outside any context it renders in English, the default.
//!
//! `tests/messages.rs` checks that both languages carry the same messages with the same arguments,
//! that every `t!` in `src/` names one of them with exactly those arguments, and that each renders.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Serialize, Serializer};
use std::cell::Cell;
use std::fmt;
use std::sync::LazyLock;

/// The languages answers come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    #[default]
    En,
    /// Simplified Chinese (`zh-CN`; also chosen for `zh`, `zh-Hans`, `zh-SG`).
    ZhCn,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::En, Language::ZhCn];

    /// The BCP 47 tag answers are labelled with (`Content-Language`).
    pub fn tag(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::ZhCn => "zh-CN",
        }
    }

    /// The language a tag asks for, if one of ours: `en…` is English; `zh`, `zh-CN`, `zh-Hans…` and
    /// `zh-SG` are Simplified Chinese (Traditional `zh-TW`/`zh-HK`/`zh-Hant` are not offered).
    pub fn from_tag(tag: &str) -> Option<Language> {
        let tag = tag.trim().to_ascii_lowercase().replace('_', "-");
        let mut parts = tag.split('-');
        match parts.next()? {
            "en" => Some(Language::En),
            "zh" => match parts.next() {
                None | Some("cn") | Some("hans") | Some("sg") => Some(Language::ZhCn),
                _ => None,
            },
            _ => None,
        }
    }

    /// The best of ours for an `Accept-Language` header (RFC 9110 §12.5.4: highest `q` first, then
    /// order); `None` when it names none of them.
    pub fn from_accept_language(header: &str) -> Option<Language> {
        let mut best: Option<(u16, Language)> = None;
        for range in header.split(',') {
            let mut parts = range.split(';');
            let tag = parts.next().unwrap_or("").trim();
            let q = parts.find_map(|p| p.trim().strip_prefix("q=").map(quality)).unwrap_or(1000);
            let Some(language) = Language::from_tag(tag) else { continue };
            if q > 0 && best.is_none_or(|(b, _)| q > b) {
                best = Some((q, language));
            }
        }
        best.map(|(_, language)| language)
    }
}

/// A `q` value in thousandths (`0.8` → 800); malformed counts as 0 (not acceptable).
fn quality(q: &str) -> u16 {
    let q = q.trim();
    let (whole, fraction) = q.split_once('.').unwrap_or((q, ""));
    let digits: String = fraction.chars().chain("000".chars()).take(3).collect();
    match (whole, digits.parse::<u16>()) {
        ("1", Ok(0)) => 1000,
        ("0", Ok(thousandths)) if fraction.chars().all(|c| c.is_ascii_digit()) => thousandths,
        _ => 0,
    }
}

/// Something a user reads: a message of the Fluent files with its arguments, or a name from the data.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Text {
    Message {
        id: &'static str,
        args: Vec<(&'static str, Arg)>,
    },
    /// A name as the data gives it; the Chinese one where the data has it.
    Name {
        en: String,
        zh: Option<String>,
    },
}

/// A message argument: a value shown as it is (a number, an id, a pointer), or a text of its own,
/// rendered in the same language as the message around it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Arg {
    Plain(String),
    Text(Text),
}

impl Arg {
    fn render(&self, language: Language) -> String {
        match self {
            Arg::Plain(s) => s.clone(),
            Arg::Text(text) => text.render(language),
        }
    }
}

/// `t!("message-id", arg = value, nested = @text, …)`: a [`Text`]. A value is shown by its `Display`;
/// `@` marks an argument that is itself a [`Text`] (rendered in the message's language).
#[macro_export]
macro_rules! t {
    ($id:literal $(, $($args:tt)*)?) => {
        $crate::text::Text::Message { id: $id, args: $crate::t!(@args [] $($($args)*)?) }
    };
    (@args [$($done:expr,)*] $(,)?) => { vec![$($done,)*] };
    (@args [$($done:expr,)*] $name:ident = @ $value:expr $(, $($rest:tt)*)?) => {
        $crate::t!(@args [$($done,)* (stringify!($name), $crate::text::Arg::Text($value)),] $($($rest)*)?)
    };
    (@args [$($done:expr,)*] $name:ident = $value:expr $(, $($rest:tt)*)?) => {
        $crate::t!(@args [$($done,)* (stringify!($name), $crate::text::Arg::Plain(($value).to_string())),] $($($rest)*)?)
    };
}

impl Text {
    /// A name with no Chinese form (it shows as given in every language).
    pub fn name(en: impl Into<String>) -> Text {
        Text::Name { en: en.into(), zh: None }
    }

    /// The text in `language` (a message missing there falls back to English, then to its id).
    pub fn render(&self, language: Language) -> String {
        match self {
            Text::Name { en, zh } => match (language, zh) {
                (Language::ZhCn, Some(zh)) => zh.clone(),
                _ => en.clone(),
            },
            Text::Message { id, args } => format_message(language, id, args)
                .or_else(|| format_message(Language::En, id, args))
                .unwrap_or_else(|| (*id).to_string()),
        }
    }

    /// The text in the current context's language.
    pub fn localized(&self) -> String {
        self.render(current())
    }

    /// The English text (logs, `Display`).
    pub fn en(&self) -> String {
        self.render(Language::En)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en())
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.localized())
    }
}

thread_local! {
    static CURRENT: Cell<Language> = const { Cell::new(Language::En) };
}

/// Runs `f` with `language` as the context every [`Text`] serialises in (restored afterwards, also
/// when `f` panics).
pub fn with_language<R>(language: Language, f: impl FnOnce() -> R) -> R {
    struct Restore(Language);
    impl Drop for Restore {
        fn drop(&mut self) {
            CURRENT.with(|c| c.set(self.0));
        }
    }
    let _restore = Restore(CURRENT.with(|c| c.replace(language)));
    f()
}

/// The language of the current context (English outside any).
pub fn current() -> Language {
    CURRENT.with(Cell::get)
}

/// The message files of each language, one per area of the code.
pub const SOURCES: [(Language, &[(&str, &str)]); 2] = [
    (
        Language::En,
        &[
            ("en/api.ftl", include_str!("en/api.ftl")),
            ("en/catalog.ftl", include_str!("en/catalog.ftl")),
            ("en/scenario.ftl", include_str!("en/scenario.ftl")),
            ("en/engine.ftl", include_str!("en/engine.ftl")),
            ("en/scorecard.ftl", include_str!("en/scorecard.ftl")),
            ("en/report.ftl", include_str!("en/report.ftl")),
        ],
    ),
    (
        Language::ZhCn,
        &[
            ("zh-CN/api.ftl", include_str!("zh-CN/api.ftl")),
            ("zh-CN/catalog.ftl", include_str!("zh-CN/catalog.ftl")),
            ("zh-CN/scenario.ftl", include_str!("zh-CN/scenario.ftl")),
            ("zh-CN/engine.ftl", include_str!("zh-CN/engine.ftl")),
            ("zh-CN/scorecard.ftl", include_str!("zh-CN/scorecard.ftl")),
            ("zh-CN/report.ftl", include_str!("zh-CN/report.ftl")),
        ],
    ),
];

type Bundle = FluentBundle<FluentResource>;

/// One bundle per language, built on first use. A syntax error or a duplicate id in a file is a bug
/// the message tests catch; here such an entry is skipped rather than taking the service down.
static BUNDLES: LazyLock<[Bundle; 2]> = LazyLock::new(|| Language::ALL.map(build_bundle));

fn build_bundle(language: Language) -> Bundle {
    let locale = language.tag().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![locale]);
    // No Unicode isolation marks around arguments: answers are data, read by programs too.
    bundle.set_use_isolating(false);
    for (_, source) in files(language) {
        let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(partial, _)| partial);
        let _ = bundle.add_resource(resource);
    }
    bundle
}

fn files(language: Language) -> &'static [(&'static str, &'static str)] {
    SOURCES.iter().find(|(l, _)| *l == language).map(|(_, f)| *f).unwrap_or(&[])
}

fn bundle(language: Language) -> &'static Bundle {
    &BUNDLES[match language {
        Language::En => 0,
        Language::ZhCn => 1,
    }]
}

fn format_message(language: Language, id: &str, args: &[(&'static str, Arg)]) -> Option<String> {
    let bundle = bundle(language);
    let pattern = bundle.get_message(id)?.value()?;
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, FluentValue::from(value.render(language)));
    }
    let mut errors = vec![];
    Some(bundle.format_pattern(pattern, Some(&fluent_args), &mut errors).into_owned())
}

/// Whether `language` has message `id` (the message tests use it).
pub fn has_message(language: Language, id: &str) -> bool {
    bundle(language).has_message(id)
}

/// Renders message `id` with `args`, reporting Fluent's errors (a missing argument, say) instead of
/// papering over them — for the message tests.
pub fn render_strict(language: Language, id: &str, args: &[(&str, &str)]) -> Result<String, String> {
    let bundle = bundle(language);
    let pattern = bundle
        .get_message(id)
        .and_then(|m| m.value())
        .ok_or_else(|| format!("{}: no message {id}", language.tag()))?;
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, FluentValue::from(*value));
    }
    let mut errors = vec![];
    let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors).into_owned();
    if errors.is_empty() {
        Ok(text)
    } else {
        Err(format!("{}: {id}: {errors:?}", language.tag()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_best_of_ours() {
        assert_eq!(Language::from_accept_language("zh-CN,zh;q=0.9,en;q=0.8"), Some(Language::ZhCn));
        assert_eq!(Language::from_accept_language("en-US,en;q=0.9,zh-CN;q=0.8"), Some(Language::En));
        assert_eq!(Language::from_accept_language("fr-FR, zh-Hans;q=0.5"), Some(Language::ZhCn));
        assert_eq!(Language::from_accept_language("zh-TW"), None);
        assert_eq!(Language::from_accept_language("de, fr;q=0.5"), None);
        assert_eq!(Language::from_accept_language("zh-CN;q=0, en;q=0.1"), Some(Language::En));
        assert_eq!(
            Language::from_accept_language("en;q=0.5, zh;q=0.50"),
            Some(Language::En),
            "ties keep order"
        );
        assert_eq!(Language::from_accept_language("zh;q=1.0, en"), Some(Language::ZhCn));
        assert_eq!(Language::from_accept_language("zh;q=bad, en;q=0.2"), Some(Language::En));
        assert_eq!(Language::from_tag("zh_cn"), Some(Language::ZhCn));
    }

    #[test]
    fn names_fall_back_to_english_and_the_context_is_restored() {
        let feishu = Text::Name { en: "Feishu".into(), zh: Some("飞书".into()) };
        let plain = Text::name("Slack");
        assert_eq!(
            with_language(Language::ZhCn, || serde_json::to_string(&(&feishu, &plain)).expect("JSON")),
            r#"["飞书","Slack"]"#
        );
        assert_eq!(serde_json::to_string(&feishu).expect("JSON"), r#""Feishu""#);
        let nested = with_language(Language::ZhCn, || with_language(Language::En, current));
        assert_eq!((nested, current()), (Language::En, Language::En));
    }
}
