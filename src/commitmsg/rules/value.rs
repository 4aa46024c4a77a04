//! Rule values: the shape each rule takes (a length, a text, cases, lists, scope
//! delimiters), validated into [`Param`] with an error naming the rule.

use super::Shape;
use crate::commitmsg::SettingsError;
use crate::commitmsg::case::{CASE_NAMES, Case};
use serde_json::Value;

/// One case check: `lower-case`, or `{when: never, case: upper-case}`.
#[derive(Debug, Clone, Copy)]
pub(super) struct CaseCheck {
    pub(super) case: Case,
    pub(super) negated: bool,
}

/// A rule's value, validated.
#[derive(Debug, Clone)]
pub(super) enum Param {
    None,
    Length(usize),
    Text(String),
    Cases(Vec<CaseCheck>),
    ScopeCases(Vec<CaseCheck>, Delimiters),
    List(Vec<String>),
    ScopeList(Vec<String>, Delimiters),
}

/// Scope delimiters; `,` also swallows one following space.
#[derive(Debug, Clone)]
pub(super) struct Delimiters(pub(super) Vec<String>);

impl Default for Delimiters {
    fn default() -> Self {
        Delimiters(vec!["/".into(), "\\".into(), ",".into()])
    }
}

impl Delimiters {
    /// `scope.split(/\/|\\|, ?/)` with these delimiters.
    pub(super) fn split<'a>(&self, scope: &'a str) -> Vec<&'a str> {
        let mut parts = Vec::new();
        let mut seg_start = 0;
        let mut i = 0;
        while i < scope.len() {
            match self.match_at(scope, i) {
                Some(len) => {
                    parts.push(&scope[seg_start..i]);
                    i += len;
                    seg_start = i;
                }
                None => i += scope[i..].chars().next().map_or(1, char::len_utf8),
            }
        }
        parts.push(&scope[seg_start..]);
        parts
    }

    pub(super) fn match_at(&self, scope: &str, i: usize) -> Option<usize> {
        let rest = &scope[i..];
        self.0.iter().filter(|d| !d.is_empty()).find_map(|d| {
            let after = rest.strip_prefix(d.as_str())?;
            let extra = usize::from(d == "," && after.starts_with(' '));
            Some(d.len() + extra)
        })
    }
}

pub(super) fn compile_param(
    name: &str,
    shape: Shape,
    value: Option<&Value>,
) -> Result<Param, SettingsError> {
    let err = |expected: &str, found: &Value| {
        SettingsError(format!(
            "gates.commit-msg.rules.{name}: the value must be {expected}; found {found}"
        ))
    };
    Ok(match (shape, value) {
        (Shape::Flag, _) => Param::None,
        (Shape::Length, None) => Param::Length(0),
        (Shape::Length, Some(v)) => Param::Length(
            v.as_u64()
                .and_then(|n| usize::try_from(n).ok())
                .ok_or_else(|| err("a whole number of characters", v))?,
        ),
        (Shape::Text(default), None) => Param::Text(default.to_owned()),
        (Shape::Text(_), Some(v)) => {
            Param::Text(v.as_str().ok_or_else(|| err("a string", v))?.to_owned())
        }
        (Shape::Cases, None) => Param::Cases(Vec::new()),
        (Shape::Cases, Some(v)) => Param::Cases(case_checks(name, v)?),
        (Shape::ScopeCases, None) => Param::ScopeCases(Vec::new(), Delimiters::default()),
        (Shape::ScopeCases, Some(Value::Object(map))) => {
            let cases = map
                .get("cases")
                .map_or(Ok(Vec::new()), |v| case_checks(name, v))?;
            Param::ScopeCases(cases, delimiters(name, map.get("delimiters"))?)
        }
        (Shape::ScopeCases, Some(v)) => {
            Param::ScopeCases(case_checks(name, v)?, Delimiters::default())
        }
        (Shape::List, None) => Param::List(Vec::new()),
        (Shape::List, Some(v)) => {
            Param::List(strings(v).ok_or_else(|| err("a list of strings", v))?)
        }
        (Shape::ScopeList, None) => Param::ScopeList(Vec::new(), Delimiters::default()),
        (Shape::ScopeList, Some(Value::Object(map))) => {
            let scopes = match map.get("scopes") {
                Some(v) => strings(v).ok_or_else(|| err("a list of strings under `scopes`", v))?,
                None => Vec::new(),
            };
            Param::ScopeList(scopes, delimiters(name, map.get("delimiters"))?)
        }
        (Shape::ScopeList, Some(v)) => Param::ScopeList(
            strings(v).ok_or_else(|| err("a list of strings", v))?,
            Delimiters::default(),
        ),
    })
}

pub(super) fn strings(v: &Value) -> Option<Vec<String>> {
    v.as_array()?
        .iter()
        .map(|item| item.as_str().map(str::to_owned))
        .collect()
}

pub(super) fn delimiters(name: &str, v: Option<&Value>) -> Result<Delimiters, SettingsError> {
    match v {
        None => Ok(Delimiters::default()),
        Some(v) => match strings(v) {
            Some(list) if !list.is_empty() => Ok(Delimiters(list)),
            Some(_) => Ok(Delimiters::default()),
            None => Err(SettingsError(format!(
                "gates.commit-msg.rules.{name}: `delimiters` must be a list of strings; found {v}"
            ))),
        },
    }
}

pub(super) fn case_checks(name: &str, v: &Value) -> Result<Vec<CaseCheck>, SettingsError> {
    let one = |item: &Value| -> Result<CaseCheck, SettingsError> {
        let (case_name, negated) = match item {
            Value::String(s) => (s.as_str(), false),
            Value::Object(map) => {
                let case_name = map.get("case").and_then(Value::as_str).unwrap_or_default();
                let negated = map.get("when").and_then(Value::as_str) == Some("never");
                (case_name, negated)
            }
            other => (other.as_str().unwrap_or_default(), false),
        };
        let case = Case::parse(case_name).ok_or_else(|| {
            SettingsError(format!(
                "gates.commit-msg.rules.{name}: unknown case {item}; expected one of {CASE_NAMES}"
            ))
        })?;
        Ok(CaseCheck { case, negated })
    };
    match v {
        Value::Array(items) => items.iter().map(one).collect(),
        other => Ok(vec![one(other)?]),
    }
}
