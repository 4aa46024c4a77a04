//! Tests of the rule table's edges: "did you mean" for unknown rule names, value errors
//! naming their rule, subject delimiters split as commitlint's regex splits them, and
//! cherry-pick lines.

use super::checks::is_cherry_pick;
use super::value::Delimiters;
use super::*;

#[test]
fn suggestions() {
    assert_eq!(suggest("tpye-enum"), Some("type-enum"));
    assert_eq!(suggest("header-max-lenght"), Some("header-max-length"));
    assert_eq!(suggest("completely-different-thing"), None);
}

#[test]
fn delimiters_split_like_the_regex() {
    let d = Delimiters::default();
    assert_eq!(d.split("a/b, c,d\\e"), ["a", "b", "c", "d", "e"]);
    assert_eq!(d.split("plain"), ["plain"]);
}

#[test]
fn cherry_pick_lines() {
    assert!(is_cherry_pick("(cherry picked from commit abcdef0)"));
    assert!(!is_cherry_pick("(cherry picked from commit xyz)"));
}

#[test]
fn value_errors_name_the_rule() {
    let bad = RuleSetting {
        level: 2,
        when: When::Always,
        value: Some(Value::String("x".into())),
    };
    let err = ActiveRule::compile("header-max-length", &bad)
        .err()
        .map(|e| e.0)
        .unwrap_or_default();
    assert!(err.contains("rules.header-max-length"), "{err}");
    let bad_case = RuleSetting {
        level: 2,
        when: When::Always,
        value: Some("shouting".into()),
    };
    assert!(ActiveRule::compile("type-case", &bad_case).is_err());
}
