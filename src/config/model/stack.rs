//! `stack:` and the other values written as a string or a list of strings, read without
//! `untagged` so a bad element keeps its location.

use schemars::JsonSchema;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

/// `stack:` a scalar or a list; kept as written, validated into warnings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stack {
    /// `stack: auto` or one language.
    One(String),
    /// `stack: [python, node]`.
    Many(Vec<String>),
}

impl Default for Stack {
    fn default() -> Self {
        Stack::One("auto".into())
    }
}

/// A string or a list of strings (`rule_scopes` values).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OneOrMany {
    /// One string.
    One(String),
    /// A list.
    Many(Vec<String>),
}

/// Accepts a scalar string or a sequence of strings, so that neither `untagged` nor a
/// buffered `Content` is needed (both would lose the location of a bad element).
struct OneOrManyVisitor;

impl<'de> Visitor<'de> for OneOrManyVisitor {
    type Value = (Option<String>, Vec<String>);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or a list of strings")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok((Some(v.to_owned()), Vec::new()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<String>()? {
            items.push(item);
        }
        Ok((None, items))
    }
}

impl Serialize for Stack {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Stack::One(one) => one.serialize(serializer),
            Stack::Many(many) => many.serialize(serializer),
        }
    }
}

impl Serialize for OneOrMany {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            OneOrMany::One(one) => one.serialize(serializer),
            OneOrMany::Many(many) => many.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Stack {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StackVisitor)
    }
}

/// The languages `stack:` names, as `pactkit.yaml` spells them.
pub const STACK_NAMES: &[&str] = &["go", "java", "node", "python", "rust"];

/// `auto` or one of [`STACK_NAMES`], or a list of them; anything else is refused where it
/// stands (`stack`, `stack[1]`) with the allowed words.
struct StackVisitor;

impl<'de> Visitor<'de> for StackVisitor {
    type Value = Stack;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("`auto`, a stack name or a list of stack names")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Stack, E> {
        if v == "auto" || STACK_NAMES.contains(&v) {
            return Ok(Stack::One(v.to_owned()));
        }
        Err(E::custom(format!(
            "unknown stack `{v}`; valid: auto, {}",
            STACK_NAMES.join(", ")
        )))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Stack, A::Error> {
        let mut items = Vec::new();
        while let Some(StackName(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Stack::Many(items))
    }
}

/// One element of a `stack:` list: a name from [`STACK_NAMES`] (`auto` is not a stack).
struct StackName(String);

impl<'de> Deserialize<'de> for StackName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(StackNameVisitor)
    }
}

/// Checks the word where it stands, so the error carries the element's location.
struct StackNameVisitor;

impl Visitor<'_> for StackNameVisitor {
    type Value = StackName;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a stack name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<StackName, E> {
        if STACK_NAMES.contains(&v) {
            return Ok(StackName(v.to_owned()));
        }
        Err(E::custom(format!(
            "unknown stack `{v}` in the list; valid: {}",
            STACK_NAMES.join(", ")
        )))
    }
}

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match deserializer.deserialize_any(OneOrManyVisitor)? {
            (Some(one), _) => OneOrMany::One(one),
            (None, many) => OneOrMany::Many(many),
        })
    }
}

/// A string or a list of strings: exactly what [`OneOrManyVisitor`] accepts.
fn one_or_many_schema() -> schemars::Schema {
    schemars::json_schema!({
        "anyOf": [
            { "type": "string" },
            { "type": "array", "items": { "type": "string" } },
        ],
    })
}

impl JsonSchema for Stack {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Stack".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut one: Vec<&str> = vec!["auto"];
        one.extend_from_slice(STACK_NAMES);
        schemars::json_schema!({
            "description": "`auto`, one language or a list of languages",
            "anyOf": [
                { "enum": one },
                { "type": "array", "items": { "enum": STACK_NAMES } },
            ],
            "examples": ["auto", "python", ["python", "node"]],
        })
    }
}

impl JsonSchema for OneOrMany {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "OneOrMany".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        one_or_many_schema()
    }
}
