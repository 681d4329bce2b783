//! Plain text (txt, md, csv): UTF-8 as most files are; UTF-16 when a byte order mark says so;
//! else GB18030 (which includes GBK and GB2312, what Chinese Windows saves "ANSI" text in) when
//! the bytes read as that without error; else UTF-8 with the bad bytes replaced.

use std::borrow::Cow;

/// The text of `content`.
pub fn decode(content: &[u8]) -> Cow<'_, str> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(content) {
        // UTF-8, UTF-16LE or UTF-16BE, as the byte order mark says.
        return encoding.decode_without_bom_handling(&content[bom..]).0;
    }
    if let Ok(s) = std::str::from_utf8(content) {
        return Cow::Borrowed(s);
    }
    if let Some(s) = encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(content) {
        return s;
    }
    String::from_utf8_lossy(content)
}

#[cfg(test)]
mod tests {
    use super::super::{extract, Format, Limits};
    use super::decode;

    #[test]
    fn utf8_gb18030_and_utf16_texts_read_as_chinese() {
        assert_eq!(decode("会议纪要：预算通过".as_bytes()), "会议纪要：预算通过");
        let (gbk, _, bad) = encoding_rs::GB18030.encode("会议纪要：预算通过, 2026");
        assert!(!bad);
        assert!(std::str::from_utf8(&gbk).is_err(), "not UTF-8 by accident");
        assert_eq!(extract(Format::Plain, &gbk, &Limits::default()).as_deref(), Ok("会议纪要：预算通过, 2026"));
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("报告".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&utf16), "报告");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("数据,1".as_bytes());
        assert_eq!(decode(&bom), "数据,1");
    }

    #[test]
    fn bytes_that_are_no_text_are_read_lossily() {
        // 0xFF is neither UTF-8 nor GB18030 (0x80 would be GB18030's euro sign).
        assert_eq!(decode(b"ok \xFF ok"), "ok \u{FFFD} ok");
    }
}
