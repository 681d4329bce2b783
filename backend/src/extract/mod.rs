//! The text of uploaded files, for search (issue #25): docx, xlsx, pptx, pdf, txt, md and csv.
//!
//! Every stored file version gets a `file_texts` row (`pending`) and a job of kind
//! `extract_text` in the transaction that stores it ([`queue`]); the text worker
//! (`workers::texts`) reads the blob and runs the extraction in a child process ([`sandbox`]):
//! Rust cannot stop a thread, so only a process can be killed when a hostile file makes a
//! parser spin, and only a process can be held to a memory limit. The child runs the pure
//! functions of this module ([`extract`]), which themselves cap what they read:
//!
//! - input past [`Limits::max_input_bytes`] is not read at all (`skipped`);
//! - a zip member inflates to at most [`Limits::max_member_bytes`], and all members read from one
//!   file together to [`Limits::max_unzipped_bytes`] (zip bombs end `failed`);
//! - the text kept is at most [`Limits::max_text_bytes`], cut at a character boundary (the file
//!   is then `done` with the text read so far);
//! - XML is read by quick-xml, which expands no entities a document declares itself (no
//!   "billion laughs"), only the predefined ones and character references.

pub mod office;
pub mod pdf;
pub mod plain;
pub mod sandbox;

/// A format this module reads text from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumString, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum Format {
    Docx,
    Xlsx,
    Pptx,
    Pdf,
    /// UTF-8 (or GB18030, or UTF-16 with a byte order mark) text: txt, md, csv.
    Plain,
}

impl Format {
    /// The format of a file: by its media type, else by the extension of its name (a browser
    /// may send `application/octet-stream` for anything). `None`: nothing to read (images,
    /// archives, the old binary Office formats).
    pub fn of(content_type: &str, name: &str) -> Option<Self> {
        let media = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        let by_type = match media.as_str() {
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => Some(Self::Docx),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => Some(Self::Xlsx),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation" => Some(Self::Pptx),
            "application/pdf" => Some(Self::Pdf),
            "text/plain" | "text/markdown" | "text/x-markdown" | "text/csv" => Some(Self::Plain),
            _ => None,
        };
        if by_type.is_some() {
            return by_type;
        }
        let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
        match ext.as_str() {
            "docx" => Some(Self::Docx),
            "xlsx" => Some(Self::Xlsx),
            "pptx" => Some(Self::Pptx),
            "pdf" => Some(Self::Pdf),
            "txt" | "md" | "markdown" | "csv" => Some(Self::Plain),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// How much one extraction may read and keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Larger files are not read (`skipped`).
    pub max_input_bytes: u64,
    /// The most one zip member may inflate to.
    pub max_member_bytes: u64,
    /// The most all members read from one file may inflate to together.
    pub max_unzipped_bytes: u64,
    /// The most text kept (UTF-8 bytes); the rest is left out.
    pub max_text_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_input_bytes: 50 * 1024 * 1024,
            max_member_bytes: 64 * 1024 * 1024,
            max_unzipped_bytes: 256 * 1024 * 1024,
            max_text_bytes: 1024 * 1024,
        }
    }
}

/// Why no text came out of a file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    /// The file is larger than the extractor reads (`skipped`).
    #[error("larger than {0} bytes")]
    TooLarge(u64),
    /// It inflates past the limits: a zip bomb, or an unreasonably large document (`failed`).
    #[error("expands past {0} bytes")]
    Expands(u64),
    /// Not a readable file of its format (`failed`).
    #[error("{0}")]
    Invalid(String),
}

impl ExtractError {
    pub(crate) fn invalid(what: impl std::fmt::Display) -> Self {
        let mut s = what.to_string();
        cut_at_char(&mut s, 200);
        Self::Invalid(s)
    }
}

/// Reads the text of `content` (a whole file of `format`) within `limits`. Pure: no files, no
/// database; the child process of [`sandbox`] runs it, and so do the tests.
pub fn extract(format: Format, content: &[u8], limits: &Limits) -> Result<String, ExtractError> {
    if u64::try_from(content.len()).unwrap_or(u64::MAX) > limits.max_input_bytes {
        return Err(ExtractError::TooLarge(limits.max_input_bytes));
    }
    let mut text = Text::new(limits.max_text_bytes);
    match format {
        Format::Docx => office::docx(content, limits, &mut text)?,
        Format::Xlsx => office::xlsx(content, limits, &mut text)?,
        Format::Pptx => office::pptx(content, limits, &mut text)?,
        Format::Pdf => pdf::pdf(content, &mut text)?,
        Format::Plain => text.push(&plain::decode(content)),
    }
    Ok(text.finish())
}

/// Text being collected, up to a number of bytes; past it the rest is dropped and
/// [`Text::is_full`] tells the extractors to stop reading.
#[derive(Debug)]
pub struct Text {
    buf: String,
    max: usize,
    full: bool,
}

impl Text {
    pub fn new(max: usize) -> Self {
        Self { buf: String::new(), max, full: false }
    }

    /// Appends `s` (what fits of it), leaving out NUL characters: PostgreSQL's TEXT cannot hold
    /// them, and they carry no words.
    pub fn push(&mut self, s: &str) {
        if self.full {
            return;
        }
        let left = self.max.saturating_sub(self.buf.len());
        let clean: std::borrow::Cow<'_, str> =
            if s.contains('\0') { s.replace('\0', "").into() } else { std::borrow::Cow::Borrowed(s) };
        if clean.len() <= left {
            self.buf.push_str(&clean);
        } else {
            let mut end = left;
            while !clean.is_char_boundary(end) {
                end -= 1;
            }
            self.buf.push_str(&clean[..end]);
            self.full = true;
        }
    }

    pub fn push_char(&mut self, ch: char) {
        self.push(ch.encode_utf8(&mut [0; 4]));
    }

    /// Ends the current line (no empty lines in a row, none at the start).
    pub fn end_line(&mut self) {
        if !self.buf.is_empty() && !self.buf.ends_with('\n') {
            self.push("\n");
        }
    }

    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    pub fn is_full(&self) -> bool {
        self.full
    }

    /// The text, without trailing white space.
    pub fn finish(mut self) -> String {
        let kept = self.buf.trim_end().len();
        self.buf.truncate(kept);
        self.buf
    }
}

/// Cuts `s` to at most `max` bytes, at a character boundary.
pub(crate) fn cut_at_char(s: &mut String, max: usize) {
    if s.len() > max {
        let mut end = max;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_follows_the_media_type_else_the_extension() {
        // The media types browsers send for these names (else none: the name decides).
        let ct = |n: &str| match n.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).as_deref() {
            Some("pdf") => "application/pdf".to_owned(),
            Some("png") => "image/png".to_owned(),
            _ => "application/octet-stream".to_owned(),
        };
        for (name, format) in [
            ("方案.docx", Some(Format::Docx)),
            ("预算.XLSX", Some(Format::Xlsx)),
            ("汇报.pptx", Some(Format::Pptx)),
            ("合同.pdf", Some(Format::Pdf)),
            ("说明.md", Some(Format::Plain)),
            ("数据.csv", Some(Format::Plain)),
            ("记录.txt", Some(Format::Plain)),
            ("旧版.doc", None),
            ("海报.png", None),
            ("资料.zip", None),
        ] {
            assert_eq!(Format::of(&ct(name), name), format, "{name}");
        }
        assert_eq!(Format::of("application/octet-stream", "notes.markdown"), Some(Format::Plain));
        assert_eq!(Format::of("text/plain; charset=gbk", "noext"), Some(Format::Plain));
        assert_eq!(Format::of("application/octet-stream", "noext"), None);
        assert_eq!("xlsx".parse::<Format>().ok(), Some(Format::Xlsx));
        assert_eq!(Format::Plain.as_str(), "plain");
    }

    #[test]
    fn text_is_cut_at_a_character_boundary_and_keeps_no_nul() {
        let mut t = Text::new(9);
        t.push("a\0b");
        t.push("报告书");
        assert!(t.is_full());
        t.push("more");
        assert_eq!(t.finish(), "ab报告", "9 bytes hold ab and two 3-byte characters, not a third");
        let mut s = "季度报告".to_owned();
        cut_at_char(&mut s, 8);
        assert_eq!(s, "季度");
    }

    #[test]
    fn a_too_large_input_is_not_read() {
        let limits = Limits { max_input_bytes: 10, ..Limits::default() };
        assert_eq!(extract(Format::Plain, b"0123456789", &limits), Ok("0123456789".to_owned()));
        assert_eq!(extract(Format::Plain, b"0123456789x", &limits), Err(ExtractError::TooLarge(10)));
    }

    #[test]
    fn plain_text_is_limited_too() {
        let limits = Limits { max_text_bytes: 6, ..Limits::default() };
        assert_eq!(extract(Format::Plain, "销售额增长".as_bytes(), &limits).as_deref(), Ok("销售"));
    }
}
