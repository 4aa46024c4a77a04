//! A small JSON Schema (2020-12) validator for the keywords pactkit's own schema uses, so
//! the configuration tests need no validator crate (the `jsonschema` crate brings some 30
//! crates into a 2-core CI build). Any keyword it does not know panics: a schema change
//! that introduces one fails the tests instead of being silently ignored.

use serde_json::Value;

/// Keywords that never constrain a value.
const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$defs",
    "title",
    "description",
    "default",
    "examples",
    "deprecated",
    "format",
];

/// The errors of `instance` against `root` (empty: valid), each as `path: what`.
pub fn validate(root: &Value, instance: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    check(root, root, instance, "$", &mut errors);
    errors
}

fn check(root: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    let map = match schema {
        Value::Bool(true) => return,
        Value::Bool(false) => return errors.push(format!("{at}: no value is allowed here")),
        Value::Object(map) => map,
        other => panic!("not a schema at {at}: {other}"),
    };
    for (keyword, arg) in map {
        match keyword.as_str() {
            k if ANNOTATIONS.contains(&k) => {}
            "$ref" => check(root, resolve(root, arg), value, at, errors),
            "type" => type_keyword(arg, value, at, errors),
            "enum" => {
                let options = arg.as_array().expect("enum is an array");
                if !options.iter().any(|o| same(o, value)) {
                    errors.push(format!("{at}: {value} is not one of {arg}"));
                }
            }
            "const" if !same(arg, value) => errors.push(format!("{at}: {value} is not {arg}")),
            "const" => {}
            "anyOf" | "oneOf" => {
                let passing = arg
                    .as_array()
                    .expect("a list of schemas")
                    .iter()
                    .filter(|s| is_valid(root, s, value, at))
                    .count();
                let ok = if keyword == "anyOf" {
                    passing > 0
                } else {
                    passing == 1
                };
                if !ok {
                    errors.push(format!(
                        "{at}: {value} matches {passing} of the {keyword} schemas"
                    ));
                }
            }
            "minimum" | "maximum" => bound(keyword, arg, value, at, errors),
            "minItems" => {
                let min = arg.as_u64().expect("minItems is a count") as usize;
                if value.as_array().is_some_and(|a| a.len() < min) {
                    errors.push(format!("{at}: fewer than {min} items"));
                }
            }
            "properties" | "additionalProperties" => {
                // Both handled once, in `object`, which needs to see them together.
                if keyword == "properties" || !map.contains_key("properties") {
                    object(root, map, value, at, errors);
                }
            }
            "prefixItems" | "items" => {
                if keyword == "prefixItems" || !map.contains_key("prefixItems") {
                    array(root, map, value, at, errors);
                }
            }
            other => panic!("keyword `{other}` (at {at}) is not supported by this validator"),
        }
    }
}

fn is_valid(root: &Value, schema: &Value, value: &Value, at: &str) -> bool {
    let mut errors = Vec::new();
    check(root, schema, value, at, &mut errors);
    errors.is_empty()
}

fn resolve<'a>(root: &'a Value, reference: &Value) -> &'a Value {
    let pointer = reference
        .as_str()
        .and_then(|r| r.strip_prefix('#'))
        .expect("only local references");
    root.pointer(pointer)
        .unwrap_or_else(|| panic!("dangling $ref {reference}"))
}

/// JSON Schema equality: numbers compare by value (`1` equals `1.0`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

fn type_keyword(arg: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    let names: Vec<&str> = match arg {
        Value::String(one) => vec![one.as_str()],
        Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
        other => panic!("bad type {other}"),
    };
    let is = |name: &str| match name {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => value.as_f64().is_some_and(|n| n.fract() == 0.0),
        other => panic!("unknown type {other}"),
    };
    if !names.iter().any(|n| is(n)) {
        errors.push(format!("{at}: {value} is not of type {arg}"));
    }
}

fn bound(keyword: &str, arg: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    let (Some(limit), Some(n)) = (arg.as_f64(), value.as_f64()) else {
        return;
    };
    let ok = if keyword == "minimum" {
        n >= limit
    } else {
        n <= limit
    };
    if !ok {
        errors.push(format!("{at}: {n} is out of range ({keyword} {limit})"));
    }
}

fn object(
    root: &Value,
    schema: &serde_json::Map<String, Value>,
    value: &Value,
    at: &str,
    errors: &mut Vec<String>,
) {
    let Some(fields) = value.as_object() else {
        return;
    };
    let properties = schema.get("properties").and_then(Value::as_object);
    for (key, field) in fields {
        let path = format!("{at}.{key}");
        match properties.and_then(|p| p.get(key)) {
            Some(sub) => check(root, sub, field, &path, errors),
            None => match schema.get("additionalProperties") {
                Some(Value::Bool(false)) => errors.push(format!("{path}: unknown key")),
                Some(sub) => check(root, sub, field, &path, errors),
                None => {}
            },
        }
    }
}

fn array(
    root: &Value,
    schema: &serde_json::Map<String, Value>,
    value: &Value,
    at: &str,
    errors: &mut Vec<String>,
) {
    let Some(items) = value.as_array() else {
        return;
    };
    let prefix = schema
        .get("prefixItems")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    for (i, item) in items.iter().enumerate() {
        let path = format!("{at}[{i}]");
        if let Some(sub) = prefix.get(i).or_else(|| schema.get("items")) {
            check(root, sub, item, &path, errors);
        }
    }
}
