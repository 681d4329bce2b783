//! Office Open XML (docx, xlsx, pptx): zip packages of XML parts. Members are inflated within
//! the limits (a member's declared size may lie, so what is read is counted, not what is
//! declared) and their XML is streamed, never built into a tree.

use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};

use super::{ExtractError, Limits, Text};

/// A zip package whose members are read within a budget of inflated bytes.
struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    member_max: u64,
    /// Inflated bytes still allowed for this file.
    left: u64,
    total_max: u64,
}

impl<'a> Package<'a> {
    fn open(content: &'a [u8], limits: &Limits) -> Result<Self, ExtractError> {
        let zip = zip::ZipArchive::new(Cursor::new(content))
            .map_err(|e| ExtractError::invalid(format!("not a zip package: {e}")))?;
        Ok(Self {
            zip,
            member_max: limits.max_member_bytes,
            left: limits.max_unzipped_bytes,
            total_max: limits.max_unzipped_bytes,
        })
    }

    /// A member's inflated content, `None` when the package has no such member.
    fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, ExtractError> {
        let member = match self.zip.by_name(name) {
            Ok(m) => m,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(ExtractError::invalid(format!("{name}: {e}"))),
        };
        let cap = self.member_max.min(self.left);
        let mut out = Vec::new();
        // One byte more than allowed tells an oversized member from one that fits exactly.
        member.take(cap + 1).read_to_end(&mut out).map_err(|e| ExtractError::invalid(format!("{name}: {e}")))?;
        let n = u64::try_from(out.len()).unwrap_or(u64::MAX);
        if n > cap {
            return Err(ExtractError::Expands(if cap == self.member_max { self.member_max } else { self.total_max }));
        }
        self.left -= n;
        Ok(Some(out))
    }

    /// Names of members `prefix<N>suffix`, ordered by N (slide2 before slide10).
    fn numbered(&self, prefix: &str, suffix: &str) -> Vec<String> {
        let mut found: Vec<(u32, String)> = self
            .zip
            .file_names()
            .filter_map(Result::ok)
            .filter_map(|name| {
                let n = name.strip_prefix(prefix)?.strip_suffix(suffix)?.parse::<u32>().ok()?;
                Some((n, name.into_owned()))
            })
            .collect();
        found.sort();
        found.into_iter().map(|(_, name)| name).collect()
    }
}

/// One step through an XML part: element names without their namespace prefix.
enum Step<'e, 'x> {
    Start(&'e BytesStart<'x>),
    Empty(&'e BytesStart<'x>),
    End(&'e [u8]),
    Text(&'e str),
}

/// Streams an XML part, handing each step to `on` until it returns `false` or the part ends.
fn walk(xml: &[u8], mut on: impl FnMut(Step<'_, '_>) -> bool) -> Result<(), ExtractError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    reader.config_mut().trim_text(false);
    let bad = |e: &dyn std::fmt::Display| ExtractError::invalid(format!("bad XML: {e}"));
    loop {
        let go_on = match reader.read_event().map_err(|e| bad(&e))? {
            Event::Start(e) => on(Step::Start(&e)),
            Event::Empty(e) => on(Step::Empty(&e)),
            Event::End(e) => on(Step::End(e.local_name().into_inner())),
            Event::Text(e) => on(Step::Text(&e.xml_content().map_err(|e| bad(&e))?)),
            Event::CData(e) => on(Step::Text(&e.decode().map_err(|e| bad(&e))?)),
            // Since quick-xml 0.38 `&amp;` and `&#x4E2D;` come apart from the text around them.
            Event::GeneralRef(r) => {
                let ch = r.resolve_char_ref().map_err(|e| bad(&e))?;
                let name = r.decode().map_err(|e| bad(&e))?;
                match ch {
                    Some(ch) => on(Step::Text(ch.encode_utf8(&mut [0; 4]))),
                    // Entities the document declares itself are not expanded (no entity bombs).
                    None => quick_xml::escape::resolve_predefined_entity(&name).is_none_or(|s| on(Step::Text(s))),
                }
            }
            Event::Eof => return Ok(()),
            _ => true,
        };
        if !go_on {
            return Ok(());
        }
    }
}

fn local<'e>(e: &'e BytesStart<'_>) -> &'e [u8] {
    e.local_name().into_inner()
}

fn attr(e: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes()
        .filter_map(Result::ok)
        .find(|a| a.key.local_name().as_ref() == name)
        // The values read here are plain ASCII words (`s`, `inlineStr`): no unescaping needed,
        // and none of quick-xml's feature-dependent decoding.
        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
}

/// Text of the `t` runs of a WordprocessingML or DrawingML part: a paragraph (`p`) is a line,
/// tabs and breaks stay. Field codes (`instrText`) and deleted text (`delText`) are left out.
fn runs(xml: &[u8], text: &mut Text) -> Result<(), ExtractError> {
    let mut in_t = false;
    walk(xml, |step| {
        match step {
            Step::Start(e) => in_t = local(e) == b"t",
            Step::Empty(e) => match local(e) {
                b"tab" => text.push_char('\t'),
                b"br" | b"cr" => text.push_char('\n'),
                _ => {}
            },
            Step::End(name) => match name {
                b"t" => in_t = false,
                b"p" => text.end_line(),
                _ => {}
            },
            Step::Text(s) if in_t => text.push(s),
            Step::Text(_) => {}
        }
        !text.is_full()
    })
}

/// A Word document: the body, then the headers and footers.
pub fn docx(content: &[u8], limits: &Limits, text: &mut Text) -> Result<(), ExtractError> {
    let mut pkg = Package::open(content, limits)?;
    let body = pkg.read("word/document.xml")?.ok_or_else(|| ExtractError::invalid("no word/document.xml"))?;
    runs(&body, text)?;
    let mut parts = pkg.numbered("word/header", ".xml");
    parts.extend(pkg.numbered("word/footer", ".xml"));
    for part in parts {
        if text.is_full() {
            break;
        }
        if let Some(xml) = pkg.read(&part)? {
            text.end_line();
            runs(&xml, text)?;
        }
    }
    Ok(())
}

/// A presentation: the slides in the order of their numbers.
pub fn pptx(content: &[u8], limits: &Limits, text: &mut Text) -> Result<(), ExtractError> {
    let mut pkg = Package::open(content, limits)?;
    let slides = pkg.numbered("ppt/slides/slide", ".xml");
    if slides.is_empty() && pkg.read("ppt/presentation.xml")?.is_none() {
        return Err(ExtractError::invalid("no ppt/presentation.xml"));
    }
    for slide in slides {
        if text.is_full() {
            break;
        }
        if let Some(xml) = pkg.read(&slide)? {
            text.end_line();
            runs(&xml, text)?;
        }
    }
    Ok(())
}

/// A workbook: each sheet's cells (shared strings, inline strings, numbers, formula results),
/// a tab between cells, a line per row, an empty line between sheets.
pub fn xlsx(content: &[u8], limits: &Limits, text: &mut Text) -> Result<(), ExtractError> {
    let mut pkg = Package::open(content, limits)?;
    let shared = match pkg.read("xl/sharedStrings.xml")? {
        Some(xml) => shared_strings(&xml, limits.max_text_bytes)?,
        None => Vec::new(),
    };
    let sheets = pkg.numbered("xl/worksheets/sheet", ".xml");
    if sheets.is_empty() && pkg.read("xl/workbook.xml")?.is_none() {
        return Err(ExtractError::invalid("no xl/workbook.xml"));
    }
    for sheet in sheets {
        if text.is_full() {
            break;
        }
        if let Some(xml) = pkg.read(&sheet)? {
            if !text.is_empty() {
                text.end_line();
                text.push_char('\n');
            }
            cells(&xml, &shared, text)?;
        }
    }
    Ok(())
}

/// The shared string table: each `si` is the text of its `t` elements (phonetic runs left out).
/// Only as much as could ever be kept is collected.
fn shared_strings(xml: &[u8], max_bytes: usize) -> Result<Vec<String>, ExtractError> {
    let (mut all, mut bytes) = (Vec::new(), 0usize);
    let (mut current, mut in_t, mut in_phonetic) = (String::new(), false, false);
    walk(xml, |step| {
        match step {
            Step::Start(e) => match local(e) {
                b"t" => in_t = true,
                b"rPh" => in_phonetic = true,
                _ => {}
            },
            Step::Empty(e) if local(e) == b"si" => all.push(String::new()),
            Step::Empty(_) => {}
            Step::End(name) => match name {
                b"t" => in_t = false,
                b"rPh" => in_phonetic = false,
                b"si" => {
                    bytes += current.len();
                    all.push(std::mem::take(&mut current));
                }
                _ => {}
            },
            Step::Text(s) if in_t && !in_phonetic => current.push_str(s),
            Step::Text(_) => {}
        }
        // Strings past what the text can hold are never shown; indexes past them read as empty.
        bytes <= max_bytes
    })?;
    Ok(all)
}

/// The cells of one worksheet.
fn cells(xml: &[u8], shared: &[String], text: &mut Text) -> Result<(), ExtractError> {
    // The cell being read: its type (`t`), and whether we are inside its value or inline text.
    let (mut kind, mut in_v, mut in_t) = (None::<String>, false, false);
    let (mut value, mut row_has_cells) = (String::new(), false);
    walk(xml, |step| {
        match step {
            Step::Start(e) => match local(e) {
                b"c" => {
                    kind = attr(e, b"t");
                    value.clear();
                }
                b"v" => in_v = true,
                b"t" => in_t = true,
                _ => {}
            },
            Step::Empty(_) => {}
            Step::End(name) => match name {
                b"v" => in_v = false,
                b"t" => in_t = false,
                b"c" => {
                    let cell = match kind.as_deref() {
                        Some("s") => value.trim().parse::<usize>().ok().and_then(|i| shared.get(i)).cloned(),
                        // Booleans and errors (#N/A) carry no words.
                        Some("b" | "e") => None,
                        _ => Some(std::mem::take(&mut value)),
                    };
                    if let Some(cell) = cell.filter(|c| !c.trim().is_empty()) {
                        if row_has_cells {
                            text.push_char('\t');
                        }
                        text.push(&cell.replace(['\t', '\n', '\r'], " "));
                        row_has_cells = true;
                    }
                    value.clear();
                }
                b"row" => {
                    if row_has_cells {
                        text.push_char('\n');
                    }
                    row_has_cells = false;
                }
                _ => {}
            },
            // `v`: a number, a shared string's index, a formula's result; `is/t`: inline text.
            Step::Text(s) if in_v || in_t => value.push_str(s),
            Step::Text(_) => {}
        }
        !text.is_full()
    })
}

/// Names of the members of a package (tests and diagnostics).
#[cfg(test)]
fn members(content: &[u8]) -> std::collections::HashMap<String, u64> {
    let mut zip = zip::ZipArchive::new(Cursor::new(content)).expect("zip");
    (0..zip.len())
        .map(|i| {
            let f = zip.by_index(i).expect("member");
            (f.name().expect("name").into_owned(), f.size())
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use std::io::Write;

    use super::super::{extract, ExtractError, Format, Limits};
    use super::*;

    /// A zip package with these members (deflated).
    pub(crate) fn package(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in members {
            zip.start_file(*name, options).expect("start");
            zip.write_all(content).expect("write");
        }
        zip.finish().expect("finish").into_inner()
    }

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    pub(crate) fn docx_of(paragraphs: &[&str]) -> Vec<u8> {
        let body: String =
            paragraphs.iter().map(|p| format!("<w:p><w:r><w:t xml:space=\"preserve\">{p}</w:t></w:r></w:p>")).collect();
        let doc =
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>"#);
        package(&[("[Content_Types].xml", b"<Types/>"), ("word/document.xml", doc.as_bytes())])
    }

    #[test]
    fn a_docx_gives_its_paragraphs_as_lines_then_headers_and_footers() {
        let doc = format!(
            r#"<w:document {W}><w:body>
              <w:p><w:r><w:t>2026 年第三季度</w:t></w:r><w:r><w:t xml:space="preserve"> 销售报告</w:t></w:r></w:p>
              <w:p><w:r><w:t>华东区</w:t></w:r><w:r><w:tab/><w:t>增长 12% &amp; 稳定</w:t></w:r></w:p>
              <w:p><w:r><w:instrText>PAGE \* MERGEFORMAT</w:instrText></w:r></w:p>
              <w:p><w:del><w:r><w:delText>删掉的字</w:delText></w:r></w:del><w:r><w:t>&#x4E2D;文</w:t></w:r></w:p>
              <w:tbl><w:tr><w:tc><w:p><w:r><w:t>表格单元</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            </w:body></w:document>"#
        );
        let header = format!(r#"<w:hdr {W}><w:p><w:r><w:t>机密文件</w:t></w:r></w:p></w:hdr>"#);
        let footer = format!(r#"<w:ftr {W}><w:p><w:r><w:t>第 1 页</w:t></w:r></w:p></w:ftr>"#);
        let file = package(&[
            ("word/document.xml", doc.as_bytes()),
            ("word/footer1.xml", footer.as_bytes()),
            ("word/header1.xml", header.as_bytes()),
        ]);
        let text = extract(Format::Docx, &file, &Limits::default()).expect("text");
        assert_eq!(text, "2026 年第三季度 销售报告\n华东区\t增长 12% & 稳定\n中文\n表格单元\n机密文件\n第 1 页");
    }

    #[test]
    fn a_pptx_gives_its_slides_in_order() {
        let slide = |s: &str| {
            format!(
                r#"<p:sld xmlns:p="p" xmlns:a="a"><p:cSld><p:spTree><p:sp><p:txBody>
                   <a:p><a:r><a:t>{s}</a:t></a:r></a:p><a:p><a:r><a:t>要点</a:t></a:r><a:r><a:t>一</a:t></a:r></a:p>
                   </p:txBody></p:sp></p:spTree></p:cSld></p:sld>"#
            )
        };
        let (s1, s2, s10) = (slide("封面：新品发布会"), slide("第二页"), slide("第十页"));
        let file = package(&[
            ("ppt/presentation.xml", b"<p:presentation xmlns:p=\"p\"/>"),
            ("ppt/slides/slide10.xml", s10.as_bytes()),
            ("ppt/slides/slide2.xml", s2.as_bytes()),
            ("ppt/slides/slide1.xml", s1.as_bytes()),
            ("ppt/slides/_rels/slide1.xml.rels", b"<Relationships/>"),
        ]);
        let text = extract(Format::Pptx, &file, &Limits::default()).expect("text");
        assert_eq!(text, "封面：新品发布会\n要点一\n第二页\n要点一\n第十页\n要点一");
    }

    #[test]
    fn an_xlsx_gives_shared_and_inline_strings_and_numbers_by_row() {
        let shared = r#"<sst xmlns="s"><si><t>产品</t></si><si><t>销量</t></si>
            <si><r><t>华为</t></r><r><t xml:space="preserve"> 手机</t></r><rPh><t>ホアウェイ</t></rPh></si><si/><si><t>备注</t></si></sst>"#;
        let sheet1 = r#"<worksheet xmlns="s"><sheetData>
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>
            <row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>1250.5</v></c><c r="C2" t="b"><v>1</v></c></row>
            <row r="3"><c r="A3" t="inlineStr"><is><t>内联文字</t></is></c><c r="B3" t="str"><f>A1&amp;B1</f><v>产品销量</v></c><c r="C3" t="e"><v>#N/A</v></c></row>
            <row r="4"/>
            </sheetData></worksheet>"#;
        let sheet2 =
            r#"<worksheet xmlns="s"><sheetData><row r="1"><c r="A1" t="s"><v>4</v></c></row></sheetData></worksheet>"#;
        let file = package(&[
            ("xl/workbook.xml", b"<workbook/>"),
            ("xl/sharedStrings.xml", shared.as_bytes()),
            ("xl/worksheets/sheet2.xml", sheet2.as_bytes()),
            ("xl/worksheets/sheet1.xml", sheet1.as_bytes()),
        ]);
        let text = extract(Format::Xlsx, &file, &Limits::default()).expect("text");
        assert_eq!(text, "产品\t销量\n华为 手机\t1250.5\n内联文字\t产品销量\n\n备注");
    }

    #[test]
    fn a_workbook_written_by_rust_xlsxwriter_reads_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("预算.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "部门").expect("cell");
        sheet.write_string(0, 1, "预算").expect("cell");
        sheet.write_string(1, 0, "市场部").expect("cell");
        sheet.write_number(1, 1, 30000).expect("cell");
        book.save(&path).expect("save");
        let file = std::fs::read(&path).expect("read");
        let text = extract(Format::Xlsx, &file, &Limits::default()).expect("text");
        assert_eq!(text, "部门\t预算\n市场部\t30000");
    }

    #[test]
    fn a_zip_bomb_member_ends_failed_after_reading_no_more_than_the_limit() {
        // 8 MiB of zeros deflate to a few KiB; the member limit here is 1 MiB.
        let zeros = vec![b'0'; 8 * 1024 * 1024];
        let file = package(&[("word/document.xml", &zeros)]);
        assert!(file.len() < 64 * 1024, "compressed to {}", file.len());
        assert_eq!(members(&file)["word/document.xml"], 8 * 1024 * 1024);
        let limits = Limits { max_member_bytes: 1024 * 1024, ..Limits::default() };
        assert_eq!(extract(Format::Docx, &file, &limits), Err(ExtractError::Expands(1024 * 1024)));
        // Many members each under the member limit: the total limit stops them.
        let part = vec![b' '; 600 * 1024];
        let slides: Vec<(String, &[u8])> = (1..=10).map(|i| (format!("ppt/slides/slide{i}.xml"), &part[..])).collect();
        let named: Vec<(&str, &[u8])> = slides.iter().map(|(n, c)| (n.as_str(), *c)).collect();
        let file = package(&named);
        let limits = Limits { max_member_bytes: 1024 * 1024, max_unzipped_bytes: 2 * 1024 * 1024, ..Limits::default() };
        assert_eq!(extract(Format::Pptx, &file, &limits), Err(ExtractError::Expands(2 * 1024 * 1024)));
    }

    #[test]
    fn broken_packages_fail_with_a_short_reason() {
        let err = extract(Format::Docx, b"PK\x03\x04 not really", &Limits::default()).expect_err("broken");
        assert!(matches!(&err, ExtractError::Invalid(m) if m.starts_with("not a zip package")), "{err:?}");
        let no_body = package(&[("word/styles.xml", b"<w:styles/>")]);
        assert_eq!(
            extract(Format::Docx, &no_body, &Limits::default()),
            Err(ExtractError::Invalid("no word/document.xml".into()))
        );
        let bad_xml = package(&[("word/document.xml", b"<w:document><w:body></w:p></w:document>")]);
        let err = extract(Format::Docx, &bad_xml, &Limits::default()).expect_err("bad xml");
        assert!(matches!(&err, ExtractError::Invalid(m) if m.starts_with("bad XML")), "{err:?}");
    }

    #[test]
    fn declared_entities_are_not_expanded() {
        let doc = format!(
            r#"<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
            <w:document {W}><w:body><w:p><w:r><w:t>前&b;后</w:t></w:r></w:p></w:body></w:document>"#
        );
        let file = package(&[("word/document.xml", doc.as_bytes())]);
        assert_eq!(extract(Format::Docx, &file, &Limits::default()).as_deref(), Ok("前后"));
    }

    #[test]
    fn long_documents_keep_the_text_limit() {
        let para = "项目进度".repeat(100);
        let paras: Vec<&str> = std::iter::repeat_n(para.as_str(), 100).collect();
        let file = docx_of(&paras);
        let limits = Limits { max_text_bytes: 1000, ..Limits::default() };
        let text = extract(Format::Docx, &file, &limits).expect("text");
        assert!(text.len() <= 1000 && text.len() > 990, "{}", text.len());
        assert!(text.starts_with("项目进度项目进度"));
    }
}
