//! The generic detector: a value assigned to a secret-like name. A small hand-written
//! reader finds `name <op> value` in the forms code and configuration use, classifies the
//! name by its words, and hands the value to [`super::judge`].
//!
//! Forms: `name = v`, `name: v` (YAML, JSON, Go, JS objects), `name := v`, `name => v`,
//! `name == v`, `"name": "v"`, `cfg["NAME"] = v` and `cfg[:name] = v` (subscripts),
//! `obj.name = v`, `$this->name = v`, typed `name: str = v` / `const NAME: &str = v` /
//! `var name string = v`, calls `define('NAME', 'v')` / `setenv("NAME", "v")`, query
//! strings `?token=v&…`, `<password>v</password>` and `<add key="NAME" value="v"/>`.
//! Through a conversion (`[]byte("v")`, `bytes.fromhex("v")`) the string literal is the
//! value; f-strings and template literals with placeholders are not literals.
//!
//! Names are split into words (`dbPassword`, `DB_PASSWORD`, `db-password` → `db`,
//! `password`). A name is secret-like when a word says so (password, passwd, pwd, pass,
//! passphrase, secret, token, credential(s), salt, key alone or after a word that does not
//! make it a lookup key) and its first and last words do not make it something else
//! (`PASSWORD_FIELD`, `PRIVATE_KEY_PATH`, `TOKEN_URL`, `token_generator`, `max_tokens`,
//! `primary_key`, `next_page_token`, `result_key`).

use super::judge;

/// What a secret-like name holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    /// A password: people choose them, so they are shorter and less random.
    Password,
    /// A key, token or secret: machine-made, long and random.
    Secret,
}

/// One `name <op> value` found on a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment<'a> {
    /// The name as written (last component of a dotted or subscripted target).
    pub name: &'a str,
    /// What kind of secret the name holds.
    pub kind: NameKind,
    /// The value, without its quotes.
    pub value: &'a str,
    /// Byte offset of the value in the line.
    pub start: usize,
    /// True when the value was a string literal.
    pub quoted: bool,
}

/// Last words that make a secret-like name about something else.
#[rustfmt::skip]
const NOT_SECRET_SUFFIXES: &[&str] = &[
    "path", "paths", "file", "files", "filename", "filepath", "dir", "directory", "folder",
    "url", "urls", "uri", "endpoint", "host", "hostname", "port", "field", "fields", "name",
    "names", "id", "ids", "length", "len", "size", "type", "types", "format", "header",
    "prefix", "suffix", "env", "var", "variable", "label", "hint", "regex", "re", "pattern",
    "policy", "expiry", "expires", "expiration", "ttl", "timeout", "lifetime", "age", "count",
    "max", "min", "limit", "version", "generator", "class", "cls", "algorithm", "alg", "algo",
    "mode", "kind", "scope", "scopes", "user", "username", "enabled", "enable", "disabled",
    "required", "manager", "provider", "source", "location", "template", "placeholder",
    "message", "msg", "error", "errors", "column", "table", "backend", "validator",
    "validators", "hasher", "encoder", "service", "client", "method", "methods", "param",
    "parameter", "params", "prompt", "description", "desc", "help", "title", "text", "schema",
    "attribute", "attr", "index", "idx", "position", "pos", "offset", "exists", "valid", "flag",
    "option", "options", "reset", "changed", "updated", "created", "at", "date", "time",
    "timestamp", "number", "num", "hash", "hashed", "digest", "checksum", "fingerprint", "sha",
    "rounds", "iterations", "strength", "rule", "rules", "complexity", "widget", "input",
    "form", "view", "handler", "callback", "func", "fn", "factory", "cache", "queue", "topic",
    "channel", "arn", "ref", "reference", "selector", "tag", "mask", "store", "storage",
    "status", "state", "list", "dict", "map", "set", "array", "encoding", "charset", "locale",
    "lang", "separator", "sep", "delimiter", "icon", "image", "link", "route", "request",
    "response", "style", "button", "element", "locator", "xpath", "css",
    "usage", "used", "envvar", "command", "cmd", "script", "program", "spec", "specs", "keys", "marker",
];

/// First words that make a name a flag or a count (`is_secret`, `max_tokens`).
#[rustfmt::skip]
const NOT_SECRET_PREFIXES: &[&str] = &[
    "is", "has", "use", "uses", "enable", "enabled", "show", "hide", "require", "requires",
    "should", "can", "allow", "allowed", "num", "max", "min", "count", "total", "no", "skip",
    "disable", "n", "get", "check", "validate", "verify", "generate", "create", "make", "new",
    "parse", "read", "load", "fetch", "refresh", "rotate", "revoke",
];

/// Words before `token` that make it something other than a credential.
#[rustfmt::skip]
const NOT_SECRET_TOKEN_QUALIFIERS: &[&str] = &[
    "page", "next", "continuation", "cursor", "pagination", "csrf", "xsrf", "sync", "resume",
    "cancel", "cancellation", "lexer", "parser", "eof", "end", "start", "sentinel", "special",
    "bos", "eos", "pad", "unk", "mask", "sep", "cls", "vocab", "stop", "input", "output",
    "prompt", "completion", "max", "num", "last", "first", "request", "idempotency",
    "change", "client", "update", "lifecycle",
];

/// Words before `key` that make it something other than a credential.
#[rustfmt::skip]
const NOT_SECRET_KEY_QUALIFIERS: &[&str] = &[
    "primary", "foreign", "sort", "partition", "cache", "lookup", "unique", "composite", "dict",
    "map", "object", "row", "range", "shard", "routing", "public", "pub", "host", "hot",
    "index", "idempotency", "dedup", "dedupe", "group", "cursor", "i18n", "translation",
    "message", "label", "field", "column", "table", "config", "setting", "settings", "registry",
    "list", "item", "node", "entry", "hash", "react", "sort", "order", "join", "lock", "metric",
    "redis", "memcache", "bucket", "dynamo", "s3", "prefix", "query", "state", "store",
    "storage_account", "name", "next", "last", "first", "menu", "keyboard", "press", "hotkey",
    "short", "cut", "translation", "local", "mapping", "schema", "json", "yaml", "toml", "env",
    "publishable", "result", "metadata", "attr", "attribute", "data", "property", "prop",
    "version",
];

/// Words of a name joined with `key` (`apikey`, `secretkey`): secret-like as one word.
#[rustfmt::skip]
const JOINED_KEYS: &[&str] = &[
    "apikey", "secretkey", "privatekey", "accesskey", "masterkey", "signingkey",
    "encryptionkey", "authkey", "appkey", "licensekey", "clientkey", "sessionkey", "cryptkey",
    "hmackey", "fernetkey", "subscriptionkey", "accountkey", "servicekey", "adminkey",
    "writekey", "readkey", "ingestkey", "webhookkey", "jwtkey", "aeskey",
];

/// Classifies a name: `Some(kind)` when it names a secret.
pub fn classify(name: &str) -> Option<NameKind> {
    let words: Vec<String> = judge::split_words(name)
        .into_iter()
        .filter(|w| !w.bytes().all(|b| b.is_ascii_digit()))
        .map(str::to_ascii_lowercase)
        .collect();
    let last = words.last()?;
    if NOT_SECRET_SUFFIXES.contains(&last.as_str())
        || (words.len() > 1 && NOT_SECRET_PREFIXES.contains(&words[0].as_str()))
    {
        return None;
    }
    let mut kind = None;
    for (i, word) in words.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| words[j].as_str());
        let w = word.as_str();
        if w.contains("password")
            || w.contains("passwd")
            || w.contains("passphrase")
            || w.contains("passcode")
            || matches!(w, "pwd" | "pass" | "pword")
        {
            return Some(NameKind::Password);
        }
        let secret = w.contains("secret")
            || w == "salt"
            || matches!(w, "credential" | "credentials" | "creds" | "cred")
            || (is_token_word(w)
                && !before.is_some_and(|b| NOT_SECRET_TOKEN_QUALIFIERS.contains(&b)))
            || JOINED_KEYS.contains(&w)
            || (w == "key" && !before.is_some_and(not_a_key_qualifier));
        if secret {
            kind = Some(NameKind::Secret);
        }
    }
    kind
}

/// A word before `key` that makes it something else: one of
/// [`NOT_SECRET_KEY_QUALIFIERS`], or a joined form starting with one (`configfile`).
fn not_a_key_qualifier(word: &str) -> bool {
    NOT_SECRET_KEY_QUALIFIERS
        .iter()
        .any(|q| word == *q || (q.len() >= 4 && word.starts_with(q)))
}

/// `token`, `tokens`, and joined forms ending in it (`accesstoken`, `authtoken`), but not
/// `tokenizer`, `detokenize`, or joined forms of a qualifier that makes it something else
/// (`csrfmiddlewaretoken`, `nextpagetoken`).
fn is_token_word(w: &str) -> bool {
    let joined = w.len() > 5 && w.ends_with("token");
    matches!(w, "token" | "tokens")
        || (joined
            && !NOT_SECRET_TOKEN_QUALIFIERS
                .iter()
                .any(|q| q.len() >= 4 && w.starts_with(q)))
}

/// Every assignment to a secret-like name on `line`.
pub fn find(line: &str) -> Vec<Assignment<'_>> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let Some(op) = operator_at(bytes, i) else {
            i += 1;
            continue;
        };
        if let Some(found) = assignment(line, &op) {
            out.push(found);
        }
        i = op.end.max(i + 1);
    }
    out
}

/// An operator: `[start, end)` in the line, and its shape.
struct Op {
    start: usize,
    end: usize,
    colon: bool,
    comma: bool,
    tag: bool,
}

fn operator_at(bytes: &[u8], i: usize) -> Option<Op> {
    let at = |k: usize| bytes.get(k).copied().unwrap_or(0);
    let op = |start, end| Op {
        start,
        end,
        colon: false,
        comma: false,
        tag: false,
    };
    match bytes[i] {
        b'=' => {
            let prev = if i > 0 { at(i - 1) } else { 0 };
            if matches!(prev, b'<' | b'>' | b'=') {
                return None;
            }
            // `:=`, `?=`, `!=`, `+=` attach their first character to the operator.
            let start = if matches!(prev, b':' | b'?' | b'!' | b'+') {
                i - 1
            } else {
                i
            };
            let mut end = i + 1;
            while at(end) == b'=' {
                end += 1;
            }
            if at(end) == b'>' && end == i + 1 {
                end += 1;
            }
            Some(op(start, end))
        }
        b':' => {
            let next = at(i + 1);
            if next == b':' || (i > 0 && at(i - 1) == b':') || next == b'=' || next == b'/' {
                return None;
            }
            Some(Op {
                colon: true,
                ..op(i, i + 1)
            })
        }
        b',' => Some(Op {
            comma: true,
            ..op(i, i + 1)
        }),
        b'>' => Some(Op {
            tag: true,
            ..op(i, i + 1)
        }),
        _ => None,
    }
}

fn assignment<'a>(line: &'a str, op: &Op) -> Option<Assignment<'a>> {
    let target = name_before(line, op.start)?;
    if op.comma && !(target.quoted && target.in_call) {
        return None;
    }
    if op.tag && !target.tag {
        return None;
    }
    if op.colon && !target.quoted {
        // YAML and code put a space after `name:`; `host:port` and `rule:fingerprint` have none.
        let next = line.as_bytes().get(op.end).copied().unwrap_or(b' ');
        if !(next == b' ' || next == b'\t' || next == b'"' || next == b'\'') {
            return None;
        }
    }
    // `<add key="SmtpPassword" value="…"/>`: the value is named by its sibling attribute.
    let name = if target.name.eq_ignore_ascii_case("value") {
        sibling_name(&line[..op.start]).unwrap_or(target.name)
    } else {
        target.name
    };
    let kind = classify(name)?;
    let (value, start, quoted) = if op.tag {
        tag_value(line, op.end)?
    } else {
        value_after(line, op.end, target.in_query)?
    };
    if op.comma && !quoted {
        return None;
    }
    if op.colon && !quoted && is_annotation(line, start + value.len()) {
        return None;
    }
    Some(Assignment {
        name,
        kind,
        value,
        start,
        quoted,
    })
}

/// The last `key="…"` or `name="…"` attribute in `before`.
fn sibling_name(before: &str) -> Option<&str> {
    ["key=\"", "name=\"", "key='", "name='"]
        .iter()
        .filter_map(|attr| {
            let at = before.rfind(attr)? + attr.len();
            let close = before[at..].find(['"', '\''])?;
            Some((at, &before[at..at + close]))
        })
        .max_by_key(|&(at, _)| at)
        .map(|(_, name)| name)
}

struct Target<'a> {
    name: &'a str,
    quoted: bool,
    in_call: bool,
    in_query: bool,
    tag: bool,
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'$' | b'@')
}

/// Type names that sit between a name and `=` (`password: str = …`, `var key string = …`).
fn is_type_name(word: &str) -> bool {
    matches!(
        word,
        "str"
            | "string"
            | "String"
            | "bytes"
            | "Optional"
            | "Final"
            | "const"
            | "char"
            | "var"
            | "val"
            | "let"
            | "Secret"
            | "SecretStr"
            | "SecretString"
    )
}

/// The name that ends just before byte `end`: a quoted string, a subscript, or an
/// identifier (its last dotted component), skipping a type annotation.
fn name_before(line: &str, end: usize) -> Option<Target<'_>> {
    let bytes = line.as_bytes();
    let mut k = skip_space_back(bytes, end);
    if k > 0 && bytes[k - 1] == b']' {
        k = skip_space_back(bytes, k - 1);
    }
    let last = *bytes.get(k.checked_sub(1)?)?;
    if matches!(last, b'"' | b'\'' | b'`') {
        let close = k - 1;
        let open = line[..close].rfind(last as char)?;
        let before = skip_space_back(bytes, open);
        let prev = before.checked_sub(1).map(|j| bytes[j]);
        let name = &line[open + 1..close];
        // `"AWS::ApiGateway::ApiKey"`, `"alias/aws/secretsmanager"`, `"Reset your password"`:
        // a type path, a resource path or prose, not a setting's name.
        if name.contains("::") || name.contains('/') || name.contains(char::is_whitespace) {
            return None;
        }
        return Some(Target {
            name,
            quoted: true,
            in_call: prev == Some(b'('),
            in_query: false,
            tag: false,
        });
    }
    let mut start = k;
    while start > 0 && is_name_byte(bytes[start - 1]) {
        start -= 1;
    }
    if start == k {
        return None;
    }
    let full = &line[start..k];
    let name = full.rsplit(['.', '>', ':']).find(|s| !s.is_empty())?;
    let name = name.trim_start_matches(['$', '@', '-']);
    if is_type_name(name) {
        // Skip the type and its punctuation (`: &'static `, `: `, ` `) to the real name.
        let mut j = start;
        while j > 0 && matches!(bytes[j - 1], b' ' | b'\t' | b':' | b'&' | b'\'') {
            j -= 1;
        }
        if j == start {
            return None;
        }
        return name_before(line, j);
    }
    let prev = start.checked_sub(1).map(|j| bytes[j]);
    Some(Target {
        name,
        quoted: false,
        in_call: false,
        in_query: matches!(prev, Some(b'?' | b'&')),
        tag: prev == Some(b'<'),
    })
}

/// `name: Type = value`: the word after the colon is a type when `=` follows it.
fn is_annotation(line: &str, after_value: usize) -> bool {
    line[after_value..].trim_start().starts_with('=')
}

fn skip_space_back(bytes: &[u8], mut k: usize) -> usize {
    while k > 0 && matches!(bytes[k - 1], b' ' | b'\t') {
        k -= 1;
    }
    k
}

/// The value after an operator ending at `from`: a string literal (with an optional
/// `r`/`b`/`f`/`u`/`@` prefix) or a bare word. Collections, unterminated strings and block
/// scalars are not values.
fn value_after(line: &str, from: usize, in_query: bool) -> Option<(&str, usize, bool)> {
    let bytes = line.as_bytes();
    let mut i = from;
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
        i += 1;
    }
    let mut q = i;
    while q < bytes.len()
        && q < i + 2
        && matches!(bytes[q], b'r' | b'b' | b'f' | b'u' | b'R' | b'B' | b'@')
    {
        q += 1;
    }
    if q < bytes.len() && matches!(bytes[q], b'"' | b'\'' | b'`') {
        let quote = bytes[q];
        if bytes.get(q + 1) == Some(&quote) && bytes.get(q + 2) == Some(&quote) {
            return None;
        }
        // An f-string or a template literal with a placeholder is built at run time.
        let interpolated = quote == b'`' || line[i..q].contains(['f', 'F']);
        let start = q + 1;
        let mut j = start;
        while j < bytes.len() {
            match bytes[j] {
                b'\\' => j += 2,
                b if b == quote => {
                    let value = &line[start..j];
                    return (!(interpolated && value.contains('{')))
                        .then_some((value, start, true));
                }
                _ => j += 1,
            }
        }
        return None;
    }
    if let Some(inner) = call_argument(line, i) {
        return value_after(line, inner, false).filter(|&(_, _, quoted)| quoted);
    }
    let first = *bytes.get(i)?;
    if matches!(first, b'[' | b'{' | b'(' | b'|' | b'>' | b'#') {
        return None;
    }
    if matches!(first, b'&' | b'*') {
        // A YAML anchor or alias (`&default`, `*db_password`), a reference or pointer in
        // code (`key: &serde_yaml::Value`).
        return None;
    }
    if line[i..].starts_with("!!") {
        // `!!value`: a negation in code.
        return None;
    }
    if first == b'!' {
        // A YAML tag (`!vault |`, `!Ref Name`).
        let word = line[i + 1..]
            .split(char::is_whitespace)
            .next()
            .unwrap_or("");
        if word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        {
            return None;
        }
    }
    let ends_value = |b: u8| {
        b.is_ascii_whitespace()
            || matches!(
                b,
                b'"' | b'\'' | b'`' | b'<' | b'\\' | b',' | b';' | b')' | b']' | b'}'
            )
            || (in_query && matches!(b, b'&' | b'#'))
    };
    let mut j = i;
    while j < bytes.len() && !ends_value(bytes[j]) {
        j += 1;
    }
    let mut value = line[i..j].trim_end_matches([',', ';', ')', ']', '}']);
    // `key1=value1&key2=value2`: a query string; the value ends at the next parameter.
    if let Some(amp) = value.find('&')
        && value[amp + 1..].split_once('=').is_some_and(|(name, _)| {
            !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        })
    {
        value = &value[..amp];
    }
    (!value.is_empty()).then_some((value, i, false))
}

/// Where the first argument of a call or conversion starting at `from` begins, when it
/// is a string literal: `[]byte("…")`, `bytes.fromhex("…")`, `Buffer.from('…')`,
/// `new String("…")`, `SecretStr("…")`. (`os.getenv("NAME")` yields the name, which the
/// judge then rejects as a word.)
fn call_argument(line: &str, from: usize) -> Option<usize> {
    let rest = &line[from..];
    let rest_trim = rest.strip_prefix("new ").unwrap_or(rest);
    let skipped = rest.len() - rest_trim.len();
    let callee = rest_trim
        .bytes()
        .take_while(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':' | b'[' | b']' | b'<' | b'>')
        })
        .count();
    if callee == 0 || rest_trim.as_bytes().get(callee) != Some(&b'(') {
        return None;
    }
    let mut k = from + skipped + callee + 1;
    while line.as_bytes().get(k).is_some_and(|b| *b == b' ') {
        k += 1;
    }
    line.as_bytes()
        .get(k)
        .is_some_and(|b| matches!(b, b'"' | b'\'' | b'`'))
        .then_some(k)
}

/// The text of `<name>text</name>` after the `>` at `from`.
fn tag_value(line: &str, from: usize) -> Option<(&str, usize, bool)> {
    let rest = &line[from..];
    let close = rest.find("</")?;
    Some((&rest[..close], from, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(line: &str) -> Vec<(&str, &str)> {
        find(line).iter().map(|a| (a.name, a.value)).collect()
    }

    #[test]
    fn names_by_their_words() {
        for name in [
            "password",
            "DB_PASSWORD",
            "dbPassword",
            "db-pass",
            "PWD",
            "passphrase",
            "mysqlRootPassword",
        ] {
            assert_eq!(classify(name), Some(NameKind::Password), "{name}");
        }
        for name in [
            "SECRET_KEY",
            "client_secret",
            "api_key",
            "apiKey",
            "APIKey",
            "ENCRYPTION_KEY",
            "FERNET_KEY",
            "HMAC_KEY",
            "LARAVEL_APP_KEY",
            "APP_KEY",
            "auth_token",
            "accessToken",
            "GITHUB_TOKEN",
            "credentials",
            "key",
            "STRIPE_KEY",
            "secret",
            "signing_key",
            "private_key",
            "AZURE_STORAGE_KEY",
            "x-api-key",
        ] {
            assert_eq!(classify(name), Some(NameKind::Secret), "{name}");
        }
        for name in [
            "PASSWORD_FIELD",
            "PRIVATE_KEY_PATH",
            "TOKEN_URL",
            "tokenizer",
            "token_generator",
            "max_tokens",
            "next_page_token",
            "csrfmiddlewaretoken",
            "nextPageToken",
            "ClientRequestToken",
            "primary_key",
            "sort_key",
            "is_secret",
            "password_hash",
            "secret_name",
            "PUBLIC_KEY",
            "csrf_token",
            "name",
            "monkey",
            "keyboard",
            "bypass",
            "compass",
            "access_key_id",
        ] {
            assert_eq!(classify(name), None, "{name}");
        }
    }

    #[test]
    fn assignment_forms() {
        assert_eq!(found(r#"password = "v1""#), [("password", "v1")]);
        assert_eq!(
            found(r#"app.config["SECRET_KEY"] = "v2""#),
            [("SECRET_KEY", "v2")]
        );
        assert_eq!(found("config[:api_key] = 'v3'"), [("api_key", "v3")]);
        assert_eq!(found(r#"{"token": "v4", "id": 3}"#), [("token", "v4")]);
        assert_eq!(
            found("  db_password: v5 # comment"),
            [("db_password", "v5")]
        );
        assert_eq!(found("export API_TOKEN=v6"), [("API_TOKEN", "v6")]);
        assert_eq!(found(r#"self.secret = b"v7""#), [("secret", "v7")]);
        assert_eq!(found(r#"password: str = "v8""#), [("password", "v8")]);
        assert_eq!(found(r#"const API_KEY: &str = "v9";"#), [("API_KEY", "v9")]);
        assert_eq!(found(r#"var apiKey string = "v10""#), [("apiKey", "v10")]);
        assert_eq!(
            found(r#"define('AUTH_KEY', 'v11');"#),
            [("AUTH_KEY", "v11")]
        );
        assert_eq!(found("https://x.io/a?token=v12&page=2"), [("token", "v12")]);
        assert_eq!(found("<password>v13</password>"), [("password", "v13")]);
        assert_eq!(found(r#"'api_key' => 'v14',"#), [("api_key", "v14")]);
        assert_eq!(found("SECRET_KEY := v15"), [("SECRET_KEY", "v15")]);
        assert_eq!(found(r#"if password == "v16":"#), [("password", "v16")]);
        assert_eq!(found(r#"$this->password = "v17";"#), [("password", "v17")]);
        assert_eq!(found(r#"Password: "v18","#), [("Password", "v18")]);
    }

    #[test]
    fn not_assignments() {
        assert!(found(r#"x = {"password": ["a"]}"#).is_empty());
        assert!(found("token:abc").is_empty());
        assert!(found("github-token:0123456789abcdef").is_empty());
        assert!(found(r#"print("password", value)"#).is_empty());
        assert!(found(r#"password = """"#).is_empty());
        assert!(found("password = |").is_empty());
        assert!(found("password <= limit").is_empty());
    }
}
