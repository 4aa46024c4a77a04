//! Judging a candidate value: is it a stand-in (placeholder, template, reference, weak
//! default), a name, path or URL rather than a credential, and is it random enough for
//! its alphabet? Pure functions over one value; the detectors decide which apply.
//!
//! Invariant: placeholders are judged on the whole value or on whole tokens (the pieces
//! between separators), never on substrings, so a random token that happens to contain
//! `test` or `latest` is still a secret. Fixed-format tokens (`ghp_…`) are judged only by
//! [`is_filler`] and [`is_documented_example`]: a word inside them never overrides them.

/// Words that, as a whole token of a value, mark it as a stand-in.
#[rustfmt::skip]
const PLACEHOLDER_TOKENS: &[&str] = &[
    "example", "examples", "sample", "placeholder", "dummy", "fake", "mock", "redacted",
    "changeme", "change", "todo", "tbd", "fixme", "your", "yours", "insert", "replace", "here",
    "foo", "bar", "baz", "foobar", "test", "testing", "secret", "password", "passwd",
    "mypassword", "mysecret", "notasecret", "none", "null", "nil", "undefined", "empty",
    "masked", "hidden", "obfuscated",
];

/// Well-known default or dummy passwords (compared after undoing common letter-for-digit
/// swaps and dropping trailing digits and symbols): everyone knows them, so they hide
/// nothing.
#[rustfmt::skip]
const WEAK_DEFAULTS: &[&str] = &[
    "password", "passwd", "pass", "secret", "admin", "administrator", "root", "toor",
    "changeme", "letmein", "welcome", "qwerty", "default", "guest", "user", "test", "tester",
    "testing", "abc", "abcd", "abcdef", "demo", "sample", "example", "hunter", "postgres",
    "mysql", "redis", "rabbitmq", "mongo", "oracle", "sa", "dbpass", "mysecretpassword",
    "supersecret", "topsecret", "secretpassword", "mypassword", "mysecret", "secretkey",
    "apikey", "token", "xyz", "foo", "bar", "foobar", "asdf",
];

/// Documented example credentials that their vendors publish and never issue (AWS's
/// IAM examples, jwt.io's sample token): quoting them is documentation, not a leak.
/// Exact values only: a key that merely ends in `EXAMPLE` is still reported.
const DOCUMENTED_EXAMPLES: &[&str] = &[
    "AKIAIOSFODNN7EXAMPLE",
    "AKIAI44QH8DHBEXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
];

/// Prefixes of values that point at a secret held elsewhere (secret managers, encrypted
/// files, CI variables), or are template syntax.
#[rustfmt::skip]
const REFERENCE_MARKERS: &[&str] = &[
    "${", "{{", "}}", "{%", "%(", "#{", "$(", "<%", "ENC[", "!vault", "vault:", "op://",
    "arn:aws:", "secretsmanager", "ssm:", "sm://", "gcp:", "azure:", "keyvault:", "secret://",
    "env:", "ENV[", "process.env", "os.environ", "getenv", "@@",
];

/// Whether the value is an exact documented example credential.
pub fn is_documented_example(value: &str) -> bool {
    DOCUMENTED_EXAMPLES.contains(&value)
}

/// Filler inside a fixed-format token: a run of six equal characters (`xxxxxx`,
/// `000000`), six ascending ones (`123456`, `abcdef`), masks (`***`) or an ellipsis. A
/// random token has none of these by chance (a run of six in 62 symbols: 1 in 10⁸).
pub fn is_filler(value: &str) -> bool {
    if value.contains("***") || value.contains("...") || value.contains('…') {
        return true;
    }
    let bytes = value.as_bytes();
    let (mut same, mut ascending) = (1, 1);
    for pair in bytes.windows(2) {
        same = if pair[1] == pair[0] { same + 1 } else { 1 };
        ascending = if pair[1] == pair[0].wrapping_add(1) && pair[0].is_ascii_alphanumeric() {
            ascending + 1
        } else {
            1
        };
        if same >= 6 || ascending >= 6 {
            return true;
        }
    }
    false
}

/// A stand-in for a secret, judged on the whole value and its whole tokens: template and
/// reference syntax, masks, repeated or sequential filler, placeholder words as tokens
/// (`example-key-123`, `your_token_here`), well-known default passwords, and the name
/// repeated as its value (`password: password`).
pub fn is_placeholder(value: &str, name: &str) -> bool {
    if value.is_empty() || is_filler(value) || is_documented_example(value) {
        return true;
    }
    if REFERENCE_MARKERS.iter().any(|m| value.contains(m)) || is_template(value) {
        return true;
    }
    let lower = value.to_ascii_lowercase();
    // `YOUR_TOKEN`, `yourApiKey`, `your-key`: "your" followed by anything but more of
    // the same lower-case word.
    if lower.starts_with("your") && !value[4..].starts_with(|c: char| c.is_ascii_lowercase()) {
        return true;
    }
    let tokens: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    if tokens
        .iter()
        .any(|t| PLACEHOLDER_TOKENS.contains(t) || (t.len() >= 3 && t.bytes().all(|b| b == b'x')))
    {
        return true;
    }
    is_weak_default(&lower) || same_letters(&lower, name) || is_hexspeak(&lower)
}

/// Hex made of words (`deadbeef`, `cafebabe`, `deadbeefcafebad`): a stand-in.
fn is_hexspeak(lower: &str) -> bool {
    const WORDS: &[&str] = &[
        "dead", "beef", "cafe", "babe", "face", "feed", "fade", "bead", "deaf", "decade", "facade",
        "coffee", "c0ffee", "f00d", "food", "bad", "bed", "bee", "cab", "dab", "fab", "fee", "add",
        "ace", "abba", "0ff1ce", "c0de", "code",
    ];
    fn covers(rest: &str) -> bool {
        rest.is_empty()
            || WORDS
                .iter()
                .any(|w| rest.strip_prefix(w).is_some_and(covers))
    }
    lower.len() >= 8 && covers(lower)
}

/// `{name}`, `{0}`, `{}`, `<your key>`, `%s`, `$VAR`, `[REDACTED]`, `__TOKEN__`: format or
/// template placeholders as the whole value or a brace pair inside it.
fn is_template(value: &str) -> bool {
    let v = value.trim();
    if v.contains("{}") || v.contains("%s") || v.contains("%d") {
        return true;
    }
    let wrapped = |open: char, close: char| v.starts_with(open) && v.ends_with(close);
    if wrapped('<', '>') || wrapped('[', ']') || (v.starts_with("__") && v.ends_with("__")) {
        return true;
    }
    if let Some(var) = v.strip_prefix('$') {
        return !var.is_empty() && var.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    }
    brace_names(v)
}

/// A `{identifier}` pair anywhere in the value.
fn brace_names(v: &str) -> bool {
    let mut rest = v;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        if let Some(close) = after.find('}') {
            let inner = &after[..close];
            if !inner.is_empty()
                && inner
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b':')
            {
                return true;
            }
        }
        rest = after;
    }
    false
}

/// `P@ssw0rd1!` → `password`: undoes letter-for-digit swaps, drops trailing digits and
/// symbols, then compares with [`WEAK_DEFAULTS`]; all-digit values and keyboard rows too.
fn is_weak_default(lower: &str) -> bool {
    let trimmed = lower.trim_end_matches(|c: char| !c.is_ascii_alphabetic());
    let unleet: String = trimmed
        .chars()
        .map(|c| match c {
            '0' => 'o',
            '1' | '!' => 'i',
            '3' => 'e',
            '4' | '@' => 'a',
            '5' | '$' => 's',
            '7' => 't',
            _ => c,
        })
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let core: String = trimmed
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    WEAK_DEFAULTS.contains(&core.as_str())
        || WEAK_DEFAULTS.contains(&unleet.as_str())
        || lower.bytes().all(|b| b.is_ascii_digit())
        || ["qwertyuiop", "asdfghjkl", "zxcvbnm", "1qaz2wsx", "qazwsx"]
            .iter()
            .any(|row| lower.starts_with(&row[..row.len().min(6)]))
}

/// The value spells the name (`password: password`, `API_KEY=api-key`), ignoring case and
/// separators.
fn same_letters(lower_value: &str, name: &str) -> bool {
    let letters = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let value = letters(lower_value);
    !value.is_empty() && value == letters(name)
}

/// Made of words, like identifiers, model names and i18n keys (`default_token_generator`,
/// `DBClusterParameterGroups`, `bert-base-multilingual-cased`, `x25519.X25519PublicKey`):
/// every token between separators is made of word pieces (split at case changes and
/// digits), and one piece is a word of three letters or more. A word piece is a known
/// abbreviation, an acronym in a CONSTANT_CASE token or before a capitalised word, or
/// letters whose every pair is one that identifiers use (see [`PLAUSIBLE_BIGRAMS`]).
/// Random values are not: under 0.7 % of random 12-character hex, base64 or password
/// values, under 0.2 % from 16 characters (lower-case letters alone do worse: see the
/// tests).
pub fn is_wordy(value: &str) -> bool {
    // Identifiers, paths and model names are joined by `-_./:|,+ ` (after a sigil such as
    // `@name`); other symbols make a password (`Kit#9=a&Tq`), not a name.
    let value = value.strip_prefix(['@', '#', '$', ':']).unwrap_or(value);
    if value.contains(|c: char| c.is_ascii_punctuation() && !"-_./:|,+".contains(c)) {
        return false;
    }
    let mut has_word = false;
    for token in value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
    {
        match token_words(token) {
            Some(word) => has_word |= word,
            None => return false,
        }
    }
    has_word
}

/// `Some(true)` when the token is made of words and holds one of three letters or more,
/// `Some(false)` for neutral tokens (a short number, `a`, `7b`), `None` when a piece is
/// not a word.
fn token_words(token: &str) -> Option<bool> {
    if token.len() <= 2 || (token.len() == 3 && !token.bytes().all(|b| b.is_ascii_alphabetic())) {
        return Some(false);
    }
    if token.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let pieces = split_words(token);
    if pieces.first()?.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let constant_case = !token.bytes().any(|b| b.is_ascii_lowercase());
    let mut has_word = false;
    for (i, piece) in pieces.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| pieces[j]);
        let after = pieces.get(i + 1).copied();
        if piece.bytes().all(|b| b.is_ascii_digit()) {
            // `v2`, `utf8`, `sha256`, `x25519`: digits after a short run of letters.
            let after_short = before.is_some_and(|b| b.len() <= 4);
            if piece.len() <= 2 || (after_short && piece.len() <= 5) {
                continue;
            }
            return None;
        }
        if piece.len() == 1 {
            // `kEnumerable`, `IAm`, `s3`, `x25519`: one letter, first, before more.
            let next_starts = after.is_some_and(|a| {
                a.starts_with(|c: char| c.is_ascii_digit() || c.is_ascii_uppercase())
            });
            if i == 0 && next_starts {
                continue;
            }
            return None;
        }
        let acronym_allowed = constant_case
            || after
                .is_some_and(|a| is_capitalised(a) || a.starts_with(|c: char| c.is_ascii_digit()));
        if !is_word(piece, acronym_allowed) {
            return None;
        }
        has_word |= piece.len() >= 3
            && (piece.bytes().any(is_vowel)
                || ABBREVIATIONS.contains(&piece.to_ascii_lowercase().as_str()));
    }
    Some(has_word)
}

/// Splits at non-alphanumerics, letter/digit changes and camel-case humps
/// (`APIKeyValue` → `API`, `Key`, `Value`).
pub fn split_words(value: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for part in value.split(|c: char| !c.is_ascii_alphanumeric()) {
        let bytes = part.as_bytes();
        let mut start = 0;
        for i in 1..bytes.len() {
            let (a, b) = (bytes[i - 1], bytes[i]);
            let next_lower = bytes.get(i + 1).is_some_and(u8::is_ascii_lowercase);
            let boundary = (a.is_ascii_digit() != b.is_ascii_digit())
                || (a.is_ascii_lowercase() && b.is_ascii_uppercase())
                || (a.is_ascii_uppercase() && b.is_ascii_uppercase() && next_lower);
            if boundary {
                out.push(&part[start..i]);
                start = i;
            }
        }
        if start < part.len() {
            out.push(&part[start..]);
        }
    }
    out
}

fn is_capitalised(piece: &str) -> bool {
    piece.len() >= 3
        && piece.starts_with(|c: char| c.is_ascii_uppercase())
        && piece[1..].bytes().all(|b| b.is_ascii_lowercase())
}

fn is_vowel(b: u8) -> bool {
    b"aeiouyAEIOUY".contains(&b)
}

/// Letters that identifiers use as words although their letter pairs look random.
#[rustfmt::skip]
const ABBREVIATIONS: &[&str] = &[
    "db", "vpc", "smtp", "http", "https", "sql", "xml", "dns", "tls", "ssl", "ssh", "jwt", "ml",
    "lb", "cdn", "rds", "tcp", "udp", "css", "rgb", "hsm", "kms", "sts", "sns", "sqs", "vm",
    "gcp", "pg", "js", "ts", "ms", "px", "svg", "png", "jpg", "pdf", "cfg", "msg", "pkg", "lib",
    "src", "dst", "tmp", "cmd", "ctx", "req", "res", "err", "fn", "cb", "btn", "nav", "std",
    "str", "mgr", "ws", "wss", "rpc", "grpc", "crm", "cms", "mtls", "dsql", "sdk", "cli", "utf",
    "gpt", "llm", "npm", "pypi", "mysql", "postgresql", "rabbitmq", "sqlite", "nginx", "kafka",
    "string", "strings", "script", "scripts", "sync", "html", "width", "length", "strength",
    "crypt", "crypto", "scrypt", "hmac", "sha", "md", "rsa", "dsa", "ecdsa", "pkcs", "der",
    "pem", "www", "xhr", "nfs", "lfs", "zsh", "bsd", "gnu", "arn", "iam", "acl", "ecr", "eks",
    "java", "json", "jar", "jira", "jdk", "jvm", "yaml", "php", "yarn", "pnpm", "django", "vue",
    "mypy", "tox", "helm", "kube", "oidc", "mfa", "jwks", "jwk", "jws", "jwe", "pgp", "gpg",
    "wget", "avro", "csv", "tsv", "xlsx", "docx", "pptx", "zip", "gzip", "xz", "zstd", "webp",
    "bmp", "llvm", "gcc", "msvc", "axum",
];

/// Pairs of letters that identifier words use: the 327 most frequent, covering 99 % of
/// the letter pairs in three million identifier words of Python and Rust sources
/// (bit `b` of row `a` is the pair `a`,`b`). A random pair is in it with odds of 0.48,
/// so random letters rarely form a piece whose pairs nearly all are.
const PLAUSIBLE_BIGRAMS: [u32; 26] = [
    0x3febd6e, 0x1166b1d, 0x11e5d95, 0x11ec97b, 0x1fff97f, 0x11e4931, 0x01e79d1, 0x01e5111,
    0x2aefc7f, 0x0044010, 0x0c41111, 0x11cc979, 0x014d913, 0x13cfd7f, 0x07efd7f, 0x11ec99d,
    0x0100000, 0x13efd7d, 0x15cfdf5, 0x1ded9bd, 0x00eb97f, 0x000c111, 0x0066191, 0x0088115,
    0x04cf954, 0x0004011,
];

fn plausible_pair(a: u8, b: u8) -> bool {
    let (a, b) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
    PLAUSIBLE_BIGRAMS[usize::from(a - b'a')] & (1 << (b - b'a')) != 0
}

/// A word piece: a known abbreviation, an acronym where acronyms stand (five capitals at
/// most), or letters with a vowel whose pairs are plausible, one odd pair allowed for
/// every five letters (`Xss`, `werkzeug`).
fn is_word(piece: &str, acronym_allowed: bool) -> bool {
    if piece.len() < 2 || !piece.bytes().all(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    if ABBREVIATIONS.contains(&piece.to_ascii_lowercase().as_str()) {
        return true;
    }
    if piece.bytes().all(|b| b.is_ascii_uppercase()) && piece.len() <= 5 {
        return acronym_allowed;
    }
    let odd_pairs = piece
        .as_bytes()
        .windows(2)
        .filter(|pair| !plausible_pair(pair[0], pair[1]))
        .count();
    piece.bytes().any(is_vowel) && odd_pairs <= piece.len() / 5
}

/// Password hashes (`$2b$12$…`, `pbkdf2_sha256$…`, `argon2$…`, `{SSHA}…`): what a
/// system stores instead of the password; they do not let anyone in.
pub fn is_password_hash(value: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "$2a$",
        "$2b$",
        "$2y$",
        "$1$",
        "$5$",
        "$6$",
        "$argon2",
        "$pbkdf2",
        "$scrypt$",
        "$y$",
        "pbkdf2_sha",
        "pbkdf2:sha",
        "argon2$",
        "bcrypt$",
        "bcrypt_sha256$",
        "scrypt:",
        "scrypt$",
        "sha1$",
        "md5$",
        "{SSHA}",
        "{SHA}",
        "{SSHA512}",
        "{CRYPT}",
    ];
    PREFIXES.iter().any(|p| value.starts_with(p))
}

/// Keys that vendors make public on purpose: Stripe publishable keys, Mapbox public
/// tokens.
pub fn is_public_by_design(value: &str) -> bool {
    ["pk_live_", "pk_test_", "pk.eyJ"]
        .iter()
        .any(|p| value.starts_with(p))
}

/// A base64 value that decodes to prose or a placeholder (`bm90IG15IHJlYWwgcGFzc3dvcmQ=`
/// is "not my real password"; a Kubernetes secret's `cGFzc3dvcmQ=` is "password").
/// A base64-encoded real password decodes to one random word and still counts.
pub fn is_encoded_stand_in(value: &str) -> bool {
    if value.len() < 8 || !value.len().is_multiple_of(4) {
        return false;
    }
    let Some(decoded) = decode_base64(value) else {
        return false;
    };
    let Ok(text) = std::str::from_utf8(&decoded) else {
        return false;
    };
    let printable = text.chars().all(|c| c.is_ascii_graphic() || c == ' ');
    printable && (text.contains(' ') || is_placeholder(text, "") || is_wordy(text))
}

/// Standard base64 with optional padding; `None` on any other character.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for b in text.trim_end_matches('=').bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    Some(out)
}

/// A file-system path: `/etc/ssl/private/server.key`, `./certs/dev.pem`, `~/.ssh/id_rsa`,
/// `C:\keys\a.pfx`, `certs/server.key`. Segments must not look random, so a base64 value
/// that starts with `/` is not taken for a path.
pub fn is_path(value: &str) -> bool {
    let v = value.trim_end_matches(['/', '\\']);
    let windows = v.len() > 3 && v.as_bytes()[1] == b':' && matches!(v.as_bytes()[2], b'\\' | b'/');
    let rooted = ["/", "./", "../", "~/"].iter().any(|p| v.starts_with(p));
    let segments = v.split(['/', '\\']).filter(|s| !s.is_empty()).count();
    if !(rooted || windows || segments >= 3 || has_file_extension(v)) {
        return false;
    }
    v.split(['/', '\\'])
        .filter(|s| !s.is_empty())
        .all(|segment| !looks_random_segment(segment))
}

/// A file name: a known extension, or two to four lower-case letters after a stem that
/// does not look random (`HappyFace.jpg`, `app-1.4.2.war`).
fn has_file_extension(v: &str) -> bool {
    if let Some((stem, ext)) = v.rsplit_once('.')
        && (2..=4).contains(&ext.len())
        && ext.bytes().all(|b| b.is_ascii_lowercase())
        && !stem.is_empty()
        && !looks_random_segment(stem.rsplit('/').next().unwrap_or(stem))
    {
        return true;
    }
    known_extension(v)
}

fn known_extension(v: &str) -> bool {
    const EXTENSIONS: &[&str] = &[
        "pem", "key", "crt", "cer", "der", "p12", "pfx", "jks", "keystore", "json", "yaml", "yml",
        "txt", "env", "gpg", "asc", "pub", "ini", "cfg", "conf", "toml", "xml", "db", "sqlite",
        "csv", "log", "sh", "py", "js", "ts", "html", "ppk", "kdbx", "enc",
    ];
    v.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
    })
}

fn looks_random_segment(segment: &str) -> bool {
    let has = |f: fn(&u8) -> bool| segment.as_bytes().iter().any(f);
    segment.contains(['+', '='])
        || (segment.len() >= 8
            && has(u8::is_ascii_uppercase)
            && has(u8::is_ascii_lowercase)
            && has(u8::is_ascii_digit))
}

/// A URL (`scheme://…`): credentials inside it are the URL rule's business, the rest is
/// an address, not a secret.
pub fn is_url(value: &str) -> bool {
    value.split_once("://").is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-'))
    })
}

/// `user@example.com`.
pub fn is_email(value: &str) -> bool {
    value.split_once('@').is_some_and(|(user, host)| {
        !user.is_empty() && host.contains('.') && !host.contains('@') && is_wordy(host)
    })
}

/// The alphabet a value is drawn from, as its number of symbols: hex 16, alphanumeric 62,
/// base64 64, printable ASCII 94.
pub fn alphabet_size(value: &str) -> usize {
    let b = value.as_bytes();
    let lower_hex = b
        .iter()
        .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(c));
    let upper_hex = b
        .iter()
        .all(|c| c.is_ascii_digit() || (b'A'..=b'F').contains(c));
    if lower_hex || upper_hex {
        16
    } else if b.iter().all(u8::is_ascii_alphanumeric) {
        62
    } else if b
        .iter()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=' | b'_' | b'-'))
    {
        64
    } else {
        94
    }
}

/// Shannon entropy of the characters of `value`, in bits per character.
pub fn shannon_entropy(value: &str) -> f64 {
    let mut counts = std::collections::HashMap::<char, usize>::new();
    let mut total = 0usize;
    for c in value.chars() {
        *counts.entry(c).or_default() += 1;
        total += 1;
    }
    if total == 0 {
        return 0.0;
    }
    let total = total as f64;
    counts
        .values()
        .map(|&n| {
            let p = n as f64 / total;
            -p * p.log2()
        })
        .sum()
}

/// The mean Shannon entropy (bits per character) of a uniformly random string of `len`
/// characters over `alphabet` symbols: each symbol's count is Binomial(len, 1/alphabet),
/// so the mean is exact, not simulated. A 16-character hex string averages 3.2 bits, a
/// 32-character base64 one 4.6.
pub fn random_entropy(len: usize, alphabet: usize) -> f64 {
    if len < 2 || alphabet < 2 {
        return 0.0;
    }
    let n = len.min(512);
    let p = 1.0 / alphabet as f64;
    let ratio = p / (1.0 - p);
    let mut pmf = (1.0 - p).powi(n as i32);
    let mut per_symbol = 0.0;
    for c in 1..=n {
        pmf *= (n - c + 1) as f64 / c as f64 * ratio;
        let share = c as f64 / n as f64;
        per_symbol -= pmf * share * share.log2();
    }
    per_symbol * alphabet as f64
}

/// Whether the value is random enough: its entropy reaches `min_entropy`, or three
/// quarters of what a random value of its length and alphabet carries on average,
/// whichever is lower. Judging against the alphabet keeps random 16- and 32-digit hex
/// secrets (at most 4 bits a character) above the cut: 99.6 % of random 12-digit hex values
/// pass, 99.9 % from 16 digits, all random alphanumeric values of 12 characters or more.
///
/// Hex in dash-separated groups (UUIDs, `XXXXX-XXXXX` licence keys) is judged on its hex
/// digits alone.
pub fn is_random_enough(value: &str, min_entropy: f64) -> bool {
    let digits: String;
    let value = if value.contains('-') && value.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
    {
        digits = value.replace('-', "");
        digits.as_str()
    } else {
        value
    };
    let len = value.chars().count();
    let cut = min_entropy.min(0.75 * random_entropy(len, alphabet_size(value)));
    shannon_entropy(value) >= cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_whole_values_or_whole_tokens() {
        for value in [
            "changeme",
            "xxxxxxxxxxxx",
            "your_api_key_here",
            "YOUR_TOKEN",
            "yourApiKey",
            "example-key-1234",
            "<your-secret>",
            "${API_KEY}",
            "{{ vault_token }}",
            "%(password)s",
            "$API_KEY",
            "[REDACTED]",
            "__TOKEN__",
            "sk-abc...xyz",
            "********",
            "P@ssw0rd1!",
            "admin123",
            "12345678",
            "qwerty123",
            "ENC[AES256_GCM,data:abc,iv:def]",
            "op://vault/item/field",
            "{api_key}",
            "test-password-1",
            "dummy_value_1",
        ] {
            assert!(is_placeholder(value, ""), "{value}");
        }
        for value in [
            "Protest#2024$Winter9",
            "q8Zr2vN5xK1mTestwB4c",
            "k3JlatestQ9zX2mP7v",
            "h7FContest2kLm9Qw",
            "a8dummyZq9LmWp34Xv",
            "Yourself2024!x",
        ] {
            assert!(!is_placeholder(value, ""), "{value}");
        }
        assert!(is_placeholder("password", "password"));
        assert!(is_placeholder("postgres", "postgres"));
    }

    #[test]
    fn filler_and_documented_examples() {
        assert!(is_filler("ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"));
        assert!(is_filler("AKIA1234567890ABCDEF"));
        assert!(is_filler("sk_live_abcdefghijklmnopqrstuvwx"));
        assert!(!is_filler(concat!(
            "ghp_",
            "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5"
        )));
        assert!(is_documented_example("AKIAIOSFODNN7EXAMPLE"));
        assert!(!is_documented_example(concat!("AKIA", "Z7Q3R5T2WEXAMPLE")));
    }

    #[test]
    fn words_paths_urls() {
        for value in [
            "password_confirmation_field",
            "default_token_generator",
            "bert-base-multilingual-cased",
            "settings.SECRET_KEY",
            "auth.token.expired",
            "utf8_encoder",
            "APIKeyValue",
        ] {
            assert!(is_wordy(value), "{value}");
        }
        for value in [
            "DBClusterParameterGroups",
            "access_logs.s3.enabled",
            "CVSS2_VECTOR",
            "ECC_NIST_P521",
            "x25519.X25519PublicKey",
            "PKCS12PrivateKeyTypes",
            "kEnumerableProperty",
            "i-am-the-worst",
            "gpt-4o-mini",
            "meta-llama/Llama-2-7b-hf",
            "required|string|min:12|confirmed",
            "usedRepositoryInPkgJson",
        ] {
            assert!(is_wordy(value), "{value}");
        }
        for value in [
            "q8Zr2vN5xK1mT7wB4cY9",
            "kqzjxmwvtpbnrhgf",
            "Hq3kLm9zPw2",
            "Protest#2024$Winter9",
            "Summer2024",
            "Kit#9=a&Tq",
        ] {
            assert!(!is_wordy(value), "{value}");
        }
        for value in [
            "/etc/ssl/private/server.key",
            "./certs/dev.pem",
            "~/.ssh/id_rsa",
            "C:\\keys\\a.pfx",
            "certs/server.key",
            "secrets.json",
        ] {
            assert!(is_path(value), "{value}");
        }
        assert!(!is_path("/K7MDENG/bPxRfiCYz9Qk3Lp0Tr"));
        assert!(!is_path("q8Zr2vN5xK1mT7wB4cY9"));
        assert!(is_url("https://oauth2.googleapis.com/token"));
        assert!(!is_url("q8Zr2vN5xK1m"));
        assert!(is_email("ops@example.com"));
    }

    #[test]
    fn random_entropy_matches_simulation() {
        // Means measured over 20,000 random strings each (see the module docs).
        for (len, alphabet, mean) in [
            (16, 16, 3.21),
            (32, 16, 3.61),
            (20, 62, 4.03),
            (12, 94, 3.47),
        ] {
            let exact = random_entropy(len, alphabet);
            assert!(
                (exact - mean).abs() < 0.03,
                "{len}/{alphabet}: {exact} vs {mean}"
            );
        }
    }

    const HEX: &[u8] = b"0123456789abcdef";
    const PRINTABLE: &[u8] =
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&*+-./:;=?@^_~";

    /// `count` values of `len` characters drawn from `alphabet` by a fixed xorshift, so
    /// the statistical tests are deterministic.
    fn random_values(alphabet: &[u8], len: usize, count: usize, seed: u64) -> Vec<String> {
        let mut state = seed;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % alphabet.len() as u64) as usize
        };
        (0..count)
            .map(|_| (0..len).map(|_| alphabet[next()] as char).collect())
            .collect()
    }

    /// Random values of every alphabet pass the cut; the old fixed 3.5 bits dropped most
    /// 16-digit and a fifth of 32-digit hex secrets.
    #[test]
    fn random_values_pass_the_cut_for_their_alphabet() {
        for alphabet in [HEX, &PRINTABLE[..62], PRINTABLE] {
            for len in [12, 16, 20, 32, 40] {
                let passed = random_values(alphabet, len, 1000, 0x2545_f491_4f6c_dd1d)
                    .iter()
                    .filter(|v| is_random_enough(v, 3.5))
                    .count();
                assert!(passed >= 995, "{len} of {}: {passed}/1000", alphabet.len());
            }
        }
        assert!(!is_random_enough("aaaaBBBB1111", 3.5));
    }

    /// Random values are rarely taken for words (a wordy value is not reported): the
    /// rates measured when the bigram table was chosen, with a margin.
    #[test]
    fn random_values_are_rarely_wordy() {
        let base64 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for alphabet in [HEX, &base64[..], PRINTABLE] {
            for (len, at_most) in [(12, 100), (16, 30)] {
                let wordy = random_values(alphabet, len, 10_000, 0x9e37_79b9_7f4a_7c15)
                    .iter()
                    .filter(|v| is_wordy(v))
                    .count();
                assert!(
                    wordy <= at_most,
                    "{len} of {}: {wordy}/10000",
                    alphabet.len()
                );
            }
        }
    }
}
