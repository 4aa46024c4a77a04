//! commitlint's case checks (`lower-case` … `start-case`) and the JavaScript string facts
//! they rest on: UTF-16 lengths, ECMAScript whitespace, and lodash's word splitting.

use std::fmt;

/// A case name as commitlint spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// `lower-case` (also `lowercase`, `lowerCase`).
    Lower,
    /// `upper-case` (also `uppercase`).
    Upper,
    /// `camel-case`.
    Camel,
    /// `kebab-case`.
    Kebab,
    /// `pascal-case`.
    Pascal,
    /// `sentence-case` (also `sentencecase`).
    Sentence,
    /// `snake-case`.
    Snake,
    /// `start-case`.
    Start,
}

/// Every accepted spelling, for error messages.
pub const CASE_NAMES: &str = "lower-case, upper-case, camel-case, kebab-case, pascal-case, sentence-case, snake-case, start-case";

impl Case {
    /// Parses a commitlint case name.
    pub fn parse(name: &str) -> Option<Case> {
        Some(match name {
            "lower-case" | "lowercase" | "lowerCase" => Case::Lower,
            "upper-case" | "uppercase" => Case::Upper,
            "camel-case" => Case::Camel,
            "kebab-case" => Case::Kebab,
            "pascal-case" => Case::Pascal,
            "sentence-case" | "sentencecase" => Case::Sentence,
            "snake-case" => Case::Snake,
            "start-case" => Case::Start,
            _ => return None,
        })
    }

    /// The canonical name.
    pub fn name(self) -> &'static str {
        match self {
            Case::Lower => "lower-case",
            Case::Upper => "upper-case",
            Case::Camel => "camel-case",
            Case::Kebab => "kebab-case",
            Case::Pascal => "pascal-case",
            Case::Sentence => "sentence-case",
            Case::Snake => "snake-case",
            Case::Start => "start-case",
        }
    }
}

impl fmt::Display for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// commitlint's `ensure.case`: quoted spans are removed, the rest trimmed; text that
/// converts to nothing or to something starting with a digit counts as any case.
pub fn is_case(raw: &str, case: Case) -> bool {
    let stripped = strip_quoted(raw);
    let input = js_trim(&stripped);
    let converted = to_case(input, case);
    converted.is_empty()
        || converted.starts_with(|c: char| c.is_ascii_digit())
        || converted == input
}

/// Converts like commitlint's `toCase` (es-toolkit's lodash-compatible functions).
pub fn to_case(input: &str, case: Case) -> String {
    match case {
        Case::Lower => input.to_lowercase(),
        Case::Upper => input.to_uppercase(),
        Case::Sentence => upper_first(input),
        Case::Camel => camel(input),
        Case::Pascal => upper_first(&camel(input)),
        Case::Kebab => join_lower(input, "-"),
        Case::Snake => join_lower(input, "_"),
        Case::Start => start(input),
    }
}

fn normalized_words(input: &str) -> Vec<String> {
    let prepared: String = deburr(input)
        .chars()
        .filter(|&c| c != '\'' && c != '\u{2019}')
        .collect();
    words(js_trim(&prepared))
}

fn camel(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for (i, word) in normalized_words(input).iter().enumerate() {
        if i == 0 {
            out.push_str(&word.to_lowercase());
        } else {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(&chars.as_str().to_lowercase());
            }
        }
    }
    out
}

fn join_lower(input: &str, sep: &str) -> String {
    let words: Vec<String> = normalized_words(input)
        .iter()
        .map(|w| w.to_lowercase())
        .collect();
    words.join(sep)
}

fn start(input: &str) -> String {
    let words: Vec<String> = normalized_words(input)
        .iter()
        .map(|w| upper_first(w))
        .collect();
    words.join(" ")
}

/// Upper-cases the first character, leaving the rest alone.
fn upper_first(input: &str) -> String {
    let mut chars = input.chars();
    match chars.next() {
        Some(first) => {
            let mut out = String::with_capacity(input.len());
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
            out
        }
        None => String::new(),
    }
}

/// Removes `` `…` ``, `"…"` and `'…'` spans that close on the same line.
pub fn strip_quoted(input: &str) -> std::borrow::Cow<'_, str> {
    if !input.contains(['`', '"', '\'']) {
        return std::borrow::Cow::Borrowed(input);
    }
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    while let Some(c) = rest.chars().next() {
        let after = &rest[c.len_utf8()..];
        if matches!(c, '`' | '"' | '\'')
            && let Some(end) = closing_quote(after, c)
        {
            rest = &after[end + c.len_utf8()..];
            continue;
        }
        out.push(c);
        rest = after;
    }
    std::borrow::Cow::Owned(out)
}

fn closing_quote(text: &str, quote: char) -> Option<usize> {
    for (i, c) in text.char_indices() {
        if c == quote {
            return Some(i);
        }
        if is_js_line_terminator(c) {
            return None;
        }
    }
    None
}

/// ECMAScript line terminators (what `.` does not match).
pub fn is_js_line_terminator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

/// ECMAScript `\s` / what `String.prototype.trim` removes.
pub fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{0b}' | '\u{0c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

/// `String.prototype.trim`.
pub fn js_trim(s: &str) -> &str {
    s.trim_matches(is_js_space)
}

/// `String.prototype.length`: UTF-16 code units.
pub fn js_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().map(char::len_utf16).sum()
    }
}

/// es-toolkit's `deburr` (compat): Latin-1 Supplement and Latin Extended-A letters to
/// ASCII, combining marks dropped.
fn deburr(input: &str) -> std::borrow::Cow<'_, str> {
    if input.chars().all(|c| (c as u32) < 192) {
        return std::borrow::Cow::Borrowed(input);
    }
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        let code = c as u32;
        if (192..=383).contains(&code) {
            out.push_str(DEBURRED[(code - 192) as usize]);
        } else if !is_combining(code) {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

fn is_combining(code: u32) -> bool {
    (768..=879).contains(&code) || (8400..=8447).contains(&code) || (65056..=65071).contains(&code)
}

/// U+00C0..=U+017F as es-toolkit deburrs them.
const DEBURRED: [&str; 192] = [
    "A", "A", "A", "A", "A", "A", "Ae", "C", "E", "E", "E", "E", "I", "I", "I", "I", "D", "N", "O",
    "O", "O", "O", "O", "×", "O", "U", "U", "U", "U", "Y", "Th", "ss", "a", "a", "a", "a", "a",
    "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i", "d", "n", "o", "o", "o", "o", "o", "÷",
    "o", "u", "u", "u", "u", "y", "th", "y", "A", "a", "A", "a", "A", "a", "C", "c", "C", "c", "C",
    "c", "C", "c", "D", "d", "D", "d", "E", "e", "E", "e", "E", "e", "E", "e", "E", "e", "G", "g",
    "G", "g", "G", "g", "G", "g", "H", "h", "H", "h", "I", "i", "I", "i", "I", "i", "I", "i", "I",
    "i", "IJ", "ij", "J", "j", "K", "k", "k", "L", "l", "L", "l", "L", "l", "L", "l", "L", "l",
    "N", "n", "N", "n", "N", "n", "'n", "N", "n", "O", "o", "O", "o", "O", "o", "Oe", "oe", "R",
    "r", "R", "r", "R", "r", "S", "s", "S", "s", "S", "s", "S", "s", "T", "t", "T", "t", "T", "t",
    "U", "u", "U", "u", "U", "u", "U", "u", "U", "u", "U", "u", "W", "w", "Y", "y", "Y", "Z", "z",
    "Z", "z", "Z", "z", "s",
];

// ---- lodash `words` -------------------------------------------------------------------

fn is_lower(c: char) -> bool {
    matches!(c, 'a'..='z' | '\u{df}'..='\u{f6}' | '\u{f8}'..='\u{ff}')
}

fn is_upper(c: char) -> bool {
    matches!(c, 'A'..='Z' | '\u{c0}'..='\u{d6}' | '\u{d8}'..='\u{de}')
}

fn is_break(c: char) -> bool {
    matches!(
        c,
        '\u{ac}' | '\u{b1}' | '\u{d7}' | '\u{f7}'
            | '\u{00}'..='\u{2f}'
            | '\u{3a}'..='\u{40}'
            | '\u{5b}'..='\u{60}'
            | '\u{7b}'..='\u{bf}'
            | '\u{2000}'..='\u{206f}'
            | '\u{1680}'
            | '\u{180e}'
            | '\u{3000}'
            | '\u{feff}'
    )
}

fn is_dingbat(c: char) -> bool {
    ('\u{2700}'..='\u{27bf}').contains(&c)
}

fn is_astral(c: char) -> bool {
    (c as u32) > 0xffff
}

/// lodash's `rsMisc`: anything that is not a break, digit, dingbat, cased Latin letter or astral.
fn is_misc(c: char) -> bool {
    !(is_astral(c)
        || is_break(c)
        || c.is_ascii_digit()
        || is_dingbat(c)
        || is_lower(c)
        || is_upper(c))
}

fn is_misc_lower(c: char) -> bool {
    is_lower(c) || is_misc(c)
}

fn is_misc_upper(c: char) -> bool {
    is_upper(c) || is_misc(c)
}

fn is_regional(c: char) -> bool {
    ('\u{1f1e6}'..='\u{1f1ff}').contains(&c)
}

fn is_modifier(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{fe20}'..='\u{fe2f}' | '\u{20d0}'..='\u{20ff}' | '\u{1f3fb}'..='\u{1f3ff}')
}

/// Whether lodash would take the Unicode word path (`reHasUnicodeWord`).
fn has_unicode_word(s: &[char]) -> bool {
    s.iter().any(|&c| !(c.is_ascii_alphanumeric() || c == ' '))
        || s.windows(2).any(|w| {
            (w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase())
                || (w[0].is_ascii_digit() && w[1].is_ascii_alphabetic())
                || (w[0].is_ascii_alphabetic() && w[1].is_ascii_digit())
        })
        || s.windows(3).any(|w| {
            w[0].is_ascii_uppercase() && w[1].is_ascii_uppercase() && w[2].is_ascii_lowercase()
        })
}

/// lodash's `words` without a pattern.
pub fn words(input: &str) -> Vec<String> {
    let chars: Vec<char> = input.chars().collect();
    if !has_unicode_word(&chars) {
        return input
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match match_word_at(&chars, i) {
            Some(end) => {
                out.push(chars[i..end].iter().collect());
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

/// Tries lodash's word alternatives in order at `i`; returns the end of the match.
fn match_word_at(s: &[char], i: usize) -> Option<usize> {
    upper_then_lowers(s, i)
        .or_else(|| misc_upper_run(s, i))
        .or_else(|| upper_then_misc_lowers(s, i))
        .or_else(|| run(s, i, is_upper))
        .or_else(|| ordinal(s, i, true))
        .or_else(|| ordinal(s, i, false))
        .or_else(|| run(s, i, |c| c.is_ascii_digit()))
        .or_else(|| emoji(s, i))
}

fn run_end(s: &[char], from: usize, pred: impl Fn(char) -> bool) -> usize {
    let mut j = from;
    while j < s.len() && pred(s[j]) {
        j += 1;
    }
    j
}

fn run(s: &[char], i: usize, pred: impl Fn(char) -> bool) -> Option<usize> {
    let end = run_end(s, i, pred);
    (end > i).then_some(end)
}

/// `Upper? Lower+ (?=Break|Upper|$)`
fn upper_then_lowers(s: &[char], i: usize) -> Option<usize> {
    let start = if is_upper(s[i]) { i + 1 } else { i };
    let end = run_end(s, start, is_lower);
    (end > start && (end == s.len() || is_break(s[end]) || is_upper(s[end]))).then_some(end)
}

/// `MiscUpper+ (?=Break|Upper MiscLower|$)`, backtracking from the longest run.
fn misc_upper_run(s: &[char], i: usize) -> Option<usize> {
    let end = run_end(s, i, is_misc_upper);
    (i + 1..=end).rev().find(|&k| {
        k == s.len()
            || is_break(s[k])
            || (is_upper(s[k]) && k + 1 < s.len() && is_misc_lower(s[k + 1]))
    })
}

/// `Upper? MiscLower+`
fn upper_then_misc_lowers(s: &[char], i: usize) -> Option<usize> {
    let start = if is_upper(s[i]) { i + 1 } else { i };
    let end = run_end(s, start, is_misc_lower);
    (end > start).then_some(end)
}

/// `\d*(?:1ST|2ND|3RD|(?![123])\dTH)(?=\b|[a-z_])` and its lower-case twin.
fn ordinal(s: &[char], i: usize, upper: bool) -> Option<usize> {
    let digits_end = run_end(s, i, |c| c.is_ascii_digit());
    let suffixes: [&str; 3] = if upper {
        ["1ST", "2ND", "3RD"]
    } else {
        ["1st", "2nd", "3rd"]
    };
    let th: [char; 2] = if upper { ['T', 'H'] } else { ['t', 'h'] };
    for p in (i..digits_end).rev() {
        let matched = suffixes
            .iter()
            .find(|suf| {
                suf.chars()
                    .enumerate()
                    .all(|(k, c)| s.get(p + k) == Some(&c))
            })
            .map(|suf| p + suf.len())
            .or_else(|| {
                (!matches!(s[p], '1' | '2' | '3')
                    && s.get(p + 1) == Some(&th[0])
                    && s.get(p + 2) == Some(&th[1]))
                .then_some(p + 3)
            });
        if let Some(end) = matched {
            let next = s.get(end).copied();
            let ok = match next {
                None => true,
                Some(c) if !(c.is_ascii_alphanumeric() || c == '_') => true,
                Some(c) => {
                    c == '_'
                        || if upper {
                            c.is_ascii_lowercase()
                        } else {
                            c.is_ascii_uppercase()
                        }
                }
            };
            if ok {
                return Some(end);
            }
        }
    }
    None
}

/// `(?:Dingbat|Regional{2}|Astral)` followed by variation selectors, modifiers and ZWJ joins.
fn emoji(s: &[char], i: usize) -> Option<usize> {
    let c = s[i];
    let mut j = if is_dingbat(c) {
        i + 1
    } else if is_regional(c) && s.get(i + 1).is_some_and(|&d| is_regional(d)) {
        i + 2
    } else if is_astral(c) {
        i + 1
    } else {
        return None;
    };
    j = emoji_tail(s, j);
    while s.get(j) == Some(&'\u{200d}') {
        let Some(&next) = s.get(j + 1) else { break };
        j += if is_regional(next) && s.get(j + 2).is_some_and(|&d| is_regional(d)) {
            3
        } else {
            2
        };
        j = emoji_tail(s, j);
    }
    Some(j)
}

fn emoji_tail(s: &[char], mut j: usize) -> usize {
    if s.get(j)
        .is_some_and(|&c| c == '\u{fe0e}' || c == '\u{fe0f}')
    {
        j += 1;
    }
    if s.get(j).is_some_and(|&c| is_modifier(c)) {
        j += 1;
    }
    j
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_lodash() {
        assert_eq!(words("hello world"), ["hello", "world"]);
        assert_eq!(words("XMLHttpRequest"), ["XML", "Http", "Request"]);
        assert_eq!(words("fooBar-baz_qux"), ["foo", "Bar", "baz", "qux"]);
        assert_eq!(words("1st place 22nd"), ["1st", "place", "22nd"]);
        assert_eq!(words("abc123def"), ["abc", "123", "def"]);
    }

    #[test]
    fn conversions() {
        assert_eq!(to_case("add a feature", Case::Start), "Add A Feature");
        assert_eq!(to_case("Add Foo", Case::Pascal), "AddFoo");
        assert_eq!(to_case("FooBar", Case::Pascal), "FooBar");
        assert_eq!(to_case("foo bar", Case::Camel), "fooBar");
        assert_eq!(to_case("Foo Bar", Case::Kebab), "foo-bar");
        assert_eq!(to_case("Foo Bar", Case::Snake), "foo_bar");
        assert_eq!(to_case("élan", Case::Sentence), "Élan");
    }

    #[test]
    fn ensure_case_semantics() {
        assert!(is_case("add foo", Case::Lower));
        assert!(!is_case("Add foo", Case::Lower));
        assert!(is_case("Add foo", Case::Sentence));
        assert!(is_case("Add Foo", Case::Start));
        assert!(is_case("ADD FOO", Case::Upper));
        assert!(
            is_case("2fa login", Case::Upper),
            "digit-leading conversions count as any case"
        );
        assert!(is_case("`Foo`", Case::Upper), "quoted spans are ignored");
        assert!(is_case("fix 'Foo' in bar", Case::Lower));
    }

    #[test]
    fn js_lengths_count_utf16_units() {
        assert_eq!(js_len("abc"), 3);
        assert_eq!(js_len("é"), 1);
        assert_eq!(js_len("😀"), 2);
        assert_eq!(js_trim("\u{feff} x \u{a0}"), "x");
    }
}
