//! A minimal pull scanner for the XML that coverage tools write: elements, attributes,
//! text, and the prolog parts to skip (declaration, DOCTYPE, comments, CDATA, processing
//! instructions). It checks what a reader needs to trust a report: every tag is closed,
//! end tags match their start tags, the document ends after the root element. No
//! namespaces, no external entities (never fetched: a coverage report has no business
//! with them).

use std::borrow::Cow;

/// A malformed document, with the byte offset the problem was found at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    /// Byte offset into the document.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

/// One piece of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event<'a> {
    /// `<name attrs>` or `<name attrs/>` (then an [`Event::End`] follows at once).
    Start {
        /// The element name.
        name: &'a str,
        /// The raw attribute text, for [`attr`].
        attrs: &'a str,
    },
    /// `</name>`, or the implicit end of an empty element.
    End {
        /// The element name.
        name: &'a str,
    },
    /// Character data between tags (entities decoded), including CDATA sections.
    Text(Cow<'a, str>),
}

/// Pulls events from a document and checks its nesting.
pub struct Scanner<'a> {
    src: &'a str,
    pos: usize,
    /// Open elements: name and the offset of the start tag.
    stack: Vec<(&'a str, usize)>,
    pending_end: Option<&'a str>,
    seen_root: bool,
}

impl<'a> Scanner<'a> {
    /// A scanner over the whole document.
    pub fn new(src: &'a str) -> Self {
        Scanner {
            src,
            pos: 0,
            stack: Vec::new(),
            pending_end: None,
            seen_root: false,
        }
    }

    /// The offset of the next unread byte.
    pub fn offset(&self) -> usize {
        self.pos
    }

    fn err<T>(&self, offset: usize, message: impl Into<String>) -> Result<T, XmlError> {
        Err(XmlError {
            offset,
            message: message.into(),
        })
    }

    /// The next event, `Ok(None)` at a well-formed end of the document.
    pub fn next_event(&mut self) -> Result<Option<Event<'a>>, XmlError> {
        if let Some(name) = self.pending_end.take() {
            self.stack.pop();
            return Ok(Some(Event::End { name }));
        }
        loop {
            let rest = &self.src[self.pos..];
            if rest.is_empty() {
                return self.finish();
            }
            if !rest.starts_with('<') {
                let len = rest.find('<').unwrap_or(rest.len());
                let start = self.pos;
                self.pos += len;
                let raw = &rest[..len];
                if self.stack.is_empty() {
                    if !raw.trim().is_empty() {
                        return self.err(start, "text outside the root element");
                    }
                    continue;
                }
                return Ok(Some(Event::Text(decode(raw, start)?)));
            }
            if let Some(event) = self.markup(rest)? {
                return Ok(Some(event));
            }
        }
    }

    fn finish(&self) -> Result<Option<Event<'a>>, XmlError> {
        if let Some((name, at)) = self.stack.last() {
            return self.err(
                self.src.len(),
                format!(
                    "truncated: <{name}> (opened on line {}) is never closed",
                    super::line_of(self.src, *at)
                ),
            );
        }
        if !self.seen_root {
            return self.err(self.src.len(), "no root element");
        }
        Ok(None)
    }

    /// Handles markup at `self.pos`; `None` for parts that produce no event.
    fn markup(&mut self, rest: &'a str) -> Result<Option<Event<'a>>, XmlError> {
        let start = self.pos;
        for (open, close) in [("<?", "?>"), ("<!--", "-->")] {
            if rest.starts_with(open) {
                self.skip_past(close, start)?;
                return Ok(None);
            }
        }
        if rest.starts_with("<![CDATA[") {
            let body_start = start + "<![CDATA[".len();
            self.skip_past("]]>", start)?;
            let body = &self.src[body_start..self.pos - 3];
            return Ok(Some(Event::Text(Cow::Borrowed(body))));
        }
        if rest.starts_with("<!") {
            self.skip_doctype(start)?;
            return Ok(None);
        }
        let Some(end) = tag_end(rest) else {
            return self.err(start, "truncated: a tag is never closed with `>`");
        };
        self.pos += end + 1;
        let inner = &rest[1..end];
        if let Some(name) = inner.strip_prefix('/') {
            return self.end_tag(name.trim(), start).map(Some);
        }
        self.start_tag(inner, start).map(Some)
    }

    fn start_tag(&mut self, inner: &'a str, start: usize) -> Result<Event<'a>, XmlError> {
        let (inner, empty) = match inner.strip_suffix('/') {
            Some(inner) => (inner, true),
            None => (inner, false),
        };
        let name_len = inner
            .find(|c: char| c.is_ascii_whitespace())
            .unwrap_or(inner.len());
        let (name, attrs) = inner.split_at(name_len);
        if name.is_empty() {
            return self.err(start, "a tag without a name");
        }
        if self.stack.is_empty() && self.seen_root {
            return self.err(start, format!("a second root element <{name}>"));
        }
        self.seen_root = true;
        self.stack.push((name, start));
        if empty {
            self.pending_end = Some(name);
        }
        Ok(Event::Start { name, attrs })
    }

    fn end_tag(&mut self, name: &'a str, start: usize) -> Result<Event<'a>, XmlError> {
        match self.stack.pop() {
            Some((open, _)) if open == name => Ok(Event::End { name }),
            Some((open, at)) => self.err(
                start,
                format!(
                    "</{name}> closes <{open}> (opened on line {})",
                    super::line_of(self.src, at)
                ),
            ),
            None => self.err(start, format!("</{name}> without a start tag")),
        }
    }

    fn skip_past(&mut self, close: &str, start: usize) -> Result<(), XmlError> {
        match self.src[self.pos..].find(close) {
            Some(i) => {
                self.pos += i + close.len();
                Ok(())
            }
            None => self.err(start, format!("truncated: no closing `{close}`")),
        }
    }

    /// `<!DOCTYPE …>` with an optional internal subset in brackets.
    fn skip_doctype(&mut self, start: usize) -> Result<(), XmlError> {
        let bytes = self.src.as_bytes();
        let mut depth = 0usize;
        let mut i = self.pos + 2;
        while i < bytes.len() {
            match bytes[i] {
                b'[' => depth += 1,
                b']' => depth = depth.saturating_sub(1),
                b'>' if depth == 0 => {
                    self.pos = i + 1;
                    return Ok(());
                }
                _ => {}
            }
            i += 1;
        }
        self.err(start, "truncated: the DOCTYPE is never closed")
    }
}

/// The index of the `>` ending the tag that starts `rest`, skipping quoted values.
fn tag_end(rest: &str) -> Option<usize> {
    let mut quote = None;
    for (i, b) in rest.bytes().enumerate().skip(1) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            (None, b'>') => return Some(i),
            (None, b'<') => return None,
            _ => {}
        }
    }
    None
}

/// The value of attribute `key` in a start tag's attribute text, entities decoded.
pub fn attr<'a>(attrs: &'a str, key: &str) -> Option<Cow<'a, str>> {
    let mut rest = attrs;
    loop {
        rest = rest.trim_start();
        let eq = rest.find('=')?;
        let name = rest[..eq].trim();
        let after = rest[eq + 1..].trim_start();
        let quote = after.chars().next()?;
        if quote != '"' && quote != '\'' {
            return None;
        }
        let close = after[1..].find(quote)?;
        let value = &after[1..1 + close];
        if name == key {
            return decode(value, 0).ok();
        }
        rest = &after[close + 2..];
    }
}

/// Decodes the five predefined entities and character references.
fn decode(raw: &str, offset: usize) -> Result<Cow<'_, str>, XmlError> {
    if !raw.contains('&') {
        return Ok(Cow::Borrowed(raw));
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let semi = tail.find(';').ok_or_else(|| XmlError {
            offset: offset + raw.len() - rest.len() + amp,
            message: "an `&` that starts no entity".into(),
        })?;
        let entity = &tail[1..semi];
        let ch = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => char_ref(entity),
        };
        match ch {
            Some(c) => out.push(c),
            None => {
                return Err(XmlError {
                    offset: offset + raw.len() - rest.len() + amp,
                    message: format!("unknown entity `&{entity};`"),
                });
            }
        }
        rest = &tail[semi + 1..];
    }
    out.push_str(rest);
    Ok(Cow::Owned(out))
}

fn char_ref(entity: &str) -> Option<char> {
    let code = if let Some(hex) = entity.strip_prefix("#x") {
        u32::from_str_radix(hex, 16).ok()?
    } else {
        entity.strip_prefix('#')?.parse().ok()?
    };
    char::from_u32(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(src: &str) -> Result<Vec<String>, XmlError> {
        let mut scanner = Scanner::new(src);
        let mut out = Vec::new();
        while let Some(event) = scanner.next_event()? {
            out.push(match event {
                Event::Start { name, .. } => format!("<{name}>"),
                Event::End { name } => format!("</{name}>"),
                Event::Text(t) if t.trim().is_empty() => continue,
                Event::Text(t) => format!("'{t}'"),
            });
        }
        Ok(out)
    }

    #[test]
    fn scans_prolog_elements_text_and_empty_tags() {
        let src = "<?xml version=\"1.0\"?>\n<!DOCTYPE report PUBLIC \"-//X\" \"r.dtd\">\n\
                   <!-- c --><a x=\"1 > 0\"><b/><c>t &amp; <![CDATA[<raw>]]></c></a>\n";
        assert_eq!(
            events(src).unwrap(),
            [
                "<a>", "<b>", "</b>", "<c>", "'t & '", "'<raw>'", "</c>", "</a>"
            ]
        );
    }

    #[test]
    fn truncation_and_mismatch_are_errors() {
        let err = events("<a><b></b>").unwrap_err();
        assert!(err.message.contains("<a>"), "{err:?}");
        assert!(
            events("<a><b></a>")
                .unwrap_err()
                .message
                .contains("closes <b>")
        );
        assert!(
            events("<a><b x=\"1")
                .unwrap_err()
                .message
                .contains("truncated")
        );
        assert!(events("").unwrap_err().message.contains("no root"));
        assert!(
            events("<a/><b/>")
                .unwrap_err()
                .message
                .contains("second root")
        );
    }

    #[test]
    fn attributes_are_found_and_decoded() {
        let attrs = " number=\"3\" hits='0' name=\"a&lt;b\"";
        assert_eq!(attr(attrs, "number").as_deref(), Some("3"));
        assert_eq!(attr(attrs, "hits").as_deref(), Some("0"));
        assert_eq!(attr(attrs, "name").as_deref(), Some("a<b"));
        assert_eq!(attr(attrs, "missing"), None);
    }
}
