//! PDF text through `pdf-extract` (on `lopdf`).
//!
//! Why this crate: it is the most used pure-Rust PDF text extractor (no C library, no external
//! `pdftotext`), maintained in the open, and it does what search needs from real files: fonts
//! with ToUnicode maps and CID (Identity-H) encodings, as Chinese office PDFs use, simple
//! encodings with differences, and spaces and line breaks from the glyphs' positions. `lopdf`'s
//! own `extract_text` reads the same strings but without that layout. Its weakness is that a
//! malformed file can make it panic or loop: that is why extraction runs in a child process with
//! a time and memory limit (`sandbox`), and why a panic here is caught and reported as a failure.

use super::{ExtractError, Text};

/// Hands what pdf-extract writes to the capped [`Text`]; a full text stops the document early.
struct Sink<'t>(&'t mut Text);

impl std::fmt::Write for Sink<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.push(s);
        if self.0.is_full() {
            return Err(std::fmt::Error);
        }
        Ok(())
    }
}

impl<'a, 't> pdf_extract::ConvertToFmt for &'a mut Sink<'t> {
    type Writer = &'a mut Sink<'t>;
    fn convert(self) -> Self::Writer {
        self
    }
}

/// The text of a PDF (one without a password, or with an empty one).
pub fn pdf(content: &[u8], text: &mut Text) -> Result<(), ExtractError> {
    let run = std::panic::AssertUnwindSafe(|| -> Result<(), ExtractError> {
        let mut doc = pdf_extract::Document::load_mem(content)
            .map_err(|e| ExtractError::invalid(format!("not a readable PDF: {e}")))?;
        if doc.is_encrypted() && doc.decrypt("").is_err() {
            return Err(ExtractError::invalid("the PDF is protected by a password"));
        }
        let mut sink = Sink(text);
        let outcome = pdf_extract::output_doc(&doc, &mut pdf_extract::PlainTextOutput::new(&mut sink));
        match outcome {
            Ok(()) => Ok(()),
            // The text limit was reached: what was read is kept.
            Err(_) if sink.0.is_full() => Ok(()),
            Err(e) => Err(ExtractError::invalid(format!("cannot read the PDF: {e}"))),
        }
    });
    std::panic::catch_unwind(run).unwrap_or_else(|_| Err(ExtractError::invalid("the PDF reader gave up on this file")))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::{extract, ExtractError, Format, Limits};

    /// A PDF with these objects (numbered from 1, object 1 the catalog), the cross-reference
    /// table at the right offsets.
    fn pdf_of(objects: &[String]) -> Vec<u8> {
        let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
        }
        let xref = out.len();
        out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
        for o in offsets {
            out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
        );
        out
    }

    fn stream(content: &str) -> String {
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len())
    }

    /// One page showing `content` with font F1 = `font` (object 5 onwards may hold its parts).
    fn one_page(content: &str, font: &str, more: &[String]) -> Vec<u8> {
        let mut objects = vec![
            "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
                .to_owned(),
            stream(content),
            font.to_owned(),
        ];
        objects.extend(more.iter().cloned());
        pdf_of(&objects)
    }

    /// A minimal valid PDF with one line of Latin text.
    pub(crate) fn latin_pdf(line: &str) -> Vec<u8> {
        one_page(
            &format!("BT /F1 24 Tf 72 720 Td ({line}) Tj ET"),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            &[],
        )
    }

    #[test]
    fn a_pdf_gives_its_text() {
        let text = extract(Format::Pdf, &latin_pdf("Quarterly sales report 2026"), &Limits::default()).expect("text");
        assert_eq!(text.trim(), "Quarterly sales report 2026");
    }

    #[test]
    fn chinese_text_comes_through_a_to_unicode_map() {
        // Identity-H: two bytes per glyph id; the ToUnicode map turns ids 1..4 into 季度报告.
        let cmap = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap \
            /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def \
            /CMapName /Adobe-Identity-UCS def /CMapType 2 def \
            1 begincodespacerange <0000> <FFFF> endcodespacerange \
            4 beginbfchar <0001> <5B63> <0002> <5EA6> <0003> <62A5> <0004> <544A> endbfchar \
            endcmap CMapName currentdict /CMap defineresource pop end end";
        let file = one_page(
            "BT /F1 24 Tf 72 720 Td <0001000200030004> Tj ET",
            "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
            &[
                "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R /DW 1000 >>".to_owned(),
                stream(cmap),
                "<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 859 /StemV 80 >>".to_owned(),
            ],
        );
        let text = extract(Format::Pdf, &file, &Limits::default()).expect("text");
        assert_eq!(text.trim(), "季度报告");
    }

    #[test]
    fn a_broken_pdf_fails_with_a_reason() {
        let err = extract(Format::Pdf, b"%PDF-1.4\nthis is not a pdf", &Limits::default()).expect_err("broken");
        assert!(matches!(&err, ExtractError::Invalid(m) if m.contains("PDF")), "{err:?}");
    }
}
