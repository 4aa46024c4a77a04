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
        Ok(match deserializer.deserialize_any(OneOrManyVisitor)? {
            (Some(one), _) => Stack::One(one),
            (None, many) => Stack::Many(many),
        })
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
        let mut schema = one_or_many_schema();
        schema.insert(
            "description".into(),
            "`auto`, one language (`python`, `node`, `go`, `java`, `rust`) or a list of languages"
                .into(),
        );
        schema.insert(
            "examples".into(),
            serde_json::json!(["auto", "python", ["python", "node"]]),
        );
        schema
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
