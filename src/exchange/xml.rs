//! A small, bounded XML reader for the files Flywheel writes: elements, attributes, text,
//! comments, CDATA and the five named and numeric character references. No DTDs (so no entity
//! expansion), nesting at most [`MAX_DEPTH`] deep, and every failure a message with its line.

use crate::error::quoted;

/// Deepest nesting read; Flywheel's files nest 5 deep.
pub const MAX_DEPTH: usize = 32;

/// One element: its name as written (with any prefix), attributes, child elements, and its
/// own text (the text directly inside it, concatenated).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Element {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    pub children: Vec<Element>,
    pub text: String,
    /// The line its start tag is on.
    pub line: usize,
}

impl Element {
    /// The value of an attribute.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The children with this name.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
}

/// A reading failure: the line and what was wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct XmlError {
    pub line: usize,
    pub why: String,
}

struct Reader<'a> {
    text: &'a str,
    at: usize,
    /// An offset already reached and the line it is on, so that lines are counted once.
    counted: std::cell::Cell<(usize, usize)>,
}

impl<'a> Reader<'a> {
    fn line(&self) -> usize {
        let (from, line) = self.counted.get();
        let line = line
            + self.text[from..self.at]
                .bytes()
                .filter(|&b| b == b'\n')
                .count();
        self.counted.set((self.at, line));
        line
    }

    fn fail<T>(&self, why: impl Into<String>) -> Result<T, XmlError> {
        Err(XmlError {
            line: self.line(),
            why: why.into(),
        })
    }

    fn rest(&self) -> &'a str {
        &self.text[self.at..]
    }

    fn eat(&mut self, prefix: &str) -> bool {
        if self.rest().starts_with(prefix) {
            self.at += prefix.len();
            true
        } else {
            false
        }
    }

    /// Skips to just after `end`, returning what came before it.
    fn until(&mut self, end: &str, what: &str) -> Result<&'a str, XmlError> {
        match self.rest().find(end) {
            Some(i) => {
                let skipped = &self.rest()[..i];
                self.at += i + end.len();
                Ok(skipped)
            }
            None => self.fail(format!("{what} is never closed (no `{end}`)")),
        }
    }

    fn skip_space(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start_matches([' ', '\t', '\r', '\n']).len();
    }

    fn name(&mut self) -> Result<&'a str, XmlError> {
        let rest = self.rest();
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':')))
            .unwrap_or(rest.len());
        if end == 0 || rest.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.') {
            return self.fail("expected a name");
        }
        self.at += end;
        Ok(&rest[..end])
    }

    /// Text with its character references replaced.
    fn decode(&self, raw: &str) -> Result<String, XmlError> {
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(i) = rest.find('&') {
            out.push_str(&rest[..i]);
            rest = &rest[i + 1..];
            let Some(end) = rest.find(';').filter(|&end| end <= 10) else {
                return self.fail("an `&` that starts no character reference");
            };
            let reference = &rest[..end];
            let c = match reference {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => {
                    let code = if let Some(hex) = reference.strip_prefix("#x") {
                        u32::from_str_radix(hex, 16).ok()
                    } else if let Some(decimal) = reference.strip_prefix('#') {
                        decimal.parse().ok()
                    } else {
                        None
                    };
                    code.and_then(char::from_u32)
                }
            };
            match c {
                Some(c) => out.push(c),
                None => {
                    return self.fail(format!(
                        "unknown character reference `&{};`",
                        quoted(reference)
                    ))
                }
            }
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    /// Reads a start tag after its `<`; returns the element and whether it closed itself.
    fn start_tag(&mut self) -> Result<(Element, bool), XmlError> {
        let line = self.line();
        let name = self.name()?.to_string();
        let mut element = Element {
            name,
            line,
            ..Element::default()
        };
        loop {
            self.skip_space();
            if self.eat("/>") {
                return Ok((element, true));
            }
            if self.eat(">") {
                return Ok((element, false));
            }
            let attribute = self.name()?.to_string();
            self.skip_space();
            if !self.eat("=") {
                return self.fail(format!("attribute `{}` has no value", quoted(&attribute)));
            }
            self.skip_space();
            let quote = if self.eat("\"") {
                "\""
            } else if self.eat("'") {
                "'"
            } else {
                return self.fail(format!(
                    "attribute `{}`'s value is not quoted",
                    quoted(&attribute)
                ));
            };
            let raw = self.until(quote, "an attribute value")?;
            if raw.contains('<') {
                return self.fail("a `<` inside an attribute value");
            }
            let value = self.decode(raw)?;
            if element.attribute(&attribute).is_some() {
                return self.fail(format!("attribute `{}` is given twice", quoted(&attribute)));
            }
            element.attributes.push((attribute, value));
        }
    }
}

/// Reads a document: an optional declaration, comments and processing instructions, and one
/// root element.
///
/// # Errors
/// [`XmlError`] with the line and what was wrong, for anything that is not well-formed XML
/// within these limits.
pub fn parse(text: &str) -> Result<Element, XmlError> {
    let mut r = Reader {
        text: text.strip_prefix('\u{feff}').unwrap_or(text),
        at: 0,
        counted: std::cell::Cell::new((0, 1)),
    };
    let mut open: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        if open.is_empty() {
            r.skip_space();
            if r.rest().is_empty() {
                break;
            }
        }
        let rest = r.rest();
        if rest.is_empty() {
            let name = open.last().map_or("", |e| e.name.as_str());
            return r.fail(format!("the file ends inside `<{}>`", quoted(name)));
        }
        if r.eat("<!--") {
            r.until("-->", "a comment")?;
        } else if r.eat("<?") {
            r.until("?>", "a processing instruction")?;
        } else if r.eat("<![CDATA[") {
            let data = r.until("]]>", "a CDATA section")?;
            match open.last_mut() {
                Some(element) => element.text.push_str(data),
                None => return r.fail("text outside the root element"),
            }
        } else if rest.starts_with("<!") {
            return r.fail("a DOCTYPE or other declaration, which this reader does not accept");
        } else if r.eat("</") {
            let name = r.name()?;
            r.skip_space();
            if !r.eat(">") {
                return r.fail(format!("the end tag `</{}` is not closed", quoted(name)));
            }
            let Some(element) = open.pop() else {
                return r.fail(format!(
                    "an end tag `</{}>` with no start tag",
                    quoted(name)
                ));
            };
            if element.name != name {
                return r.fail(format!(
                    "`<{}>` (line {}) is closed by `</{}>`",
                    quoted(&element.name),
                    element.line,
                    quoted(name)
                ));
            }
            match open.last_mut() {
                Some(parent) => parent.children.push(element),
                None => root = Some(element),
            }
        } else if r.eat("<") {
            if root.is_some() {
                return r.fail("a second root element");
            }
            let (element, closed) = r.start_tag()?;
            if closed {
                match open.last_mut() {
                    Some(parent) => parent.children.push(element),
                    None => root = Some(element),
                }
            } else {
                if open.len() == MAX_DEPTH {
                    return r.fail(format!("elements nested more than {MAX_DEPTH} deep"));
                }
                open.push(element);
            }
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let raw = &rest[..end];
            let Some(element) = open.last_mut() else {
                return r.fail("text outside the root element");
            };
            let text = r.decode(raw)?;
            element.text.push_str(&text);
            r.at += end;
        }
    }
    match root {
        Some(root) => Ok(root),
        None => r.fail("no root element"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_elements_attributes_text_and_references() {
        let doc = parse(
            "<?xml version=\"1.0\"?>\n<!-- c --><a x='1' y=\"&lt;2&gt;\"><b>t &amp; u&#65;&#x42;</b><c/></a>\n",
        )
        .unwrap();
        assert_eq!(doc.name, "a");
        assert_eq!(doc.attribute("y"), Some("<2>"));
        assert_eq!(doc.children[0].text, "t & uAB");
        assert_eq!(doc.children[1].name, "c");
    }

    #[test]
    fn rejects_what_is_not_well_formed() {
        for bad in [
            "",
            "<a>",
            "<a></b>",
            "<a/><b/>",
            "text",
            "<!DOCTYPE a [<!ENTITY x 'y'>]><a/>",
            "<a x=1/>",
            "<a>&bogus;</a>",
            "<a x='1' x='2'/>",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        assert!(parse(&deep).unwrap_err().why.contains("nested"));
    }
}
