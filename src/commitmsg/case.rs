//! commitlint's case checks (`@commitlint/ensure` case): quoted spans are dropped, the rest
//! is transformed into the target case and must come out unchanged; text that is empty or
//! starts with a digit after the transformation counts as matching.

/// Case names accepted in rule values (both commitlint spellings).
pub const CASES: [&str; 8] = [
    "lower-case",
    "upper-case",
    "camel-case",
    "kebab-case",
    "pascal-case",
    "sentence-case",
    "snake-case",
    "start-case",
];

/// Normalises the alternative spellings (`lowercase`, `camelCase`, …) to the kebab form.
pub fn canonical(name: &str) -> Option<&'static str> {
    let folded: String = name
        .chars()
        .filter(|c| *c != '-')
        .collect::<String>()
        .to_ascii_lowercase();
    CASES.into_iter().find(|c| c.replace('-', "") == folded)
}

/// Whether `raw` is in case `target`.
pub fn is_case(raw: &str, target: &str) -> bool {
    let input = strip_quoted(raw);
    let input = input.trim();
    let Some(transformed) = to_case(input, target) else {
        return false;
    };
    if transformed.is_empty() || transformed.starts_with(|c: char| c.is_ascii_digit()) {
        return true;
    }
    transformed == input
}

fn strip_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c, '`' | '"' | '\'') {
            let rest: String = chars.clone().collect();
            if let Some(end) = rest.find(c) {
                for _ in 0..rest[..end].chars().count() + 1 {
                    chars.next();
                }
                continue;
            }
        }
        out.push(c);
    }
    out
}

fn to_case(input: &str, target: &str) -> Option<String> {
    Some(match canonical(target)? {
        "lower-case" => input.to_lowercase(),
        "upper-case" => input.to_uppercase(),
        "sentence-case" => upper_first(input),
        "camel-case" => camel(input),
        "pascal-case" => upper_first(&camel(input)),
        "kebab-case" => words(input)
            .iter()
            .map(|w| w.to_lowercase())
            .collect::<Vec<_>>()
            .join("-"),
        "snake-case" => words(input)
            .iter()
            .map(|w| w.to_lowercase())
            .collect::<Vec<_>>()
            .join("_"),
        "start-case" => words(input)
            .iter()
            .map(|w| upper_first(w))
            .collect::<Vec<_>>()
            .join(" "),
        _ => return None,
    })
}

fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn camel(input: &str) -> String {
    words(input)
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if i == 0 {
                w.to_lowercase()
            } else {
                upper_first(&w.to_lowercase())
            }
        })
        .collect()
}

/// Splits like lodash's `words`: on separators, at lower→upper changes, before the last
/// capital of an acronym followed by lower case, and around digit runs.
fn words(input: &str) -> Vec<String> {
    let mut words = Vec::new();
    for token in input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
    {
        split_token(token, &mut words);
    }
    words
}

fn split_token(token: &str, out: &mut Vec<String>) {
    let chars: Vec<char> = token.chars().collect();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if let Some(&prev) = i.checked_sub(1).and_then(|p| chars.get(p)) {
            let next = chars.get(i + 1).copied();
            let boundary = (prev.is_lowercase() && c.is_uppercase())
                || (prev.is_uppercase()
                    && c.is_uppercase()
                    && next.is_some_and(char::is_lowercase))
                || (prev.is_ascii_digit() != c.is_ascii_digit());
            if boundary && !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        }
        current.push(c);
    }
    if !current.is_empty() {
        out.push(current);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_case_means_a_capital_first_letter() {
        assert!(is_case("Add the thing", "sentence-case"));
        assert!(!is_case("add the thing", "sentence-case"));
    }

    #[test]
    fn start_pascal_and_upper_cases() {
        assert!(is_case("Add The Thing", "start-case"));
        assert!(!is_case("Add the thing", "start-case"));
        assert!(is_case("AddThing", "pascal-case"));
        assert!(is_case("ADD THING", "upper-case"));
        assert!(
            is_case("add `Thing`", "lower-case"),
            "quoted spans are ignored"
        );
    }

    #[test]
    fn digits_first_always_match() {
        assert!(is_case("1.2.3 Release", "lower-case"));
    }

    #[test]
    fn kebab_snake_camel() {
        assert!(is_case("my-scope", "kebab-case"));
        assert!(is_case("my_scope", "snake-case"));
        assert!(is_case("myScope", "camel-case"));
        assert!(!is_case("MyScope", "camel-case"));
        assert_eq!(canonical("lowerCase"), Some("lower-case"));
    }
}
