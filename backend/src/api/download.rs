//! Sending a stored blob: streamed in chunks (never whole in memory), with a strong `ETag` (the
//! content's SHA-256), `If-None-Match`, single `Range` requests with `If-Range`, and a
//! `Content-Disposition` that carries the UTF-8 file name (RFC 6266 / RFC 5987).

use std::io::{Read, Seek, SeekFrom};

use actix_web::body::SizedStream;
use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse};

use crate::blobs::BlobStore;
use crate::error::{AppError, AppResult, ErrorCode};

// File content in the API document: bytes of the response's (or request's) media type, typed as
// a binary string so generated clients take them as they are instead of decoding JSON.
/// The content's bytes.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct Binary(pub Vec<u8>);

/// How much is read from disk per chunk.
const CHUNK: u64 = 256 * 1024;

/// What to send.
pub struct Download<'a> {
    pub sha256: &'a str,
    pub name: &'a str,
    pub content_type: &'a str,
    /// Shown in the browser (images) rather than saved.
    pub inline: bool,
    /// The name for clients without RFC 5987, when a better one than [`ascii_fallback`] is known.
    pub ascii_name: Option<&'a str>,
}

/// RFC 5987 percent-encoding of a file name.
pub fn rfc5987(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// `attachment; filename="ascii fallback"; filename*=UTF-8''…`: old clients get a readable
/// name, current browsers the real one.
pub fn content_disposition(name: &str, inline: bool) -> String {
    content_disposition_as(name, &ascii_fallback(name), inline)
}

/// [`content_disposition`] with the ASCII name given.
pub fn content_disposition_as(name: &str, fallback: &str, inline: bool) -> String {
    let kind = if inline { "inline" } else { "attachment" };
    format!("{kind}; filename=\"{fallback}\"; filename*=UTF-8''{}", rfc5987(name))
}

/// The name for clients without RFC 5987: what is ASCII stays, each run of other characters
/// becomes one `-` (`用户调研数据_最终版.xlsx` → `download.xlsx`, `Q3 方案 v2.docx` → `Q3-v2.docx`),
/// and a name with nothing left is `download` with its extension.
pub fn ascii_fallback(name: &str) -> String {
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() && e.chars().all(|c| c.is_ascii_alphanumeric()) => (s, Some(e)),
        _ => (name, None),
    };
    let mut out = String::new();
    for ch in stem.chars() {
        let keep = ch.is_ascii_alphanumeric() || "-_.()+,;=@[]{}~!$&'".contains(ch);
        if keep {
            out.push(ch);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches(|c| c == '-' || c == '_' || c == '.');
    let stem = if out.chars().any(|c| c.is_ascii_alphanumeric()) { out } else { "download" };
    match ext {
        Some(e) => format!("{stem}.{e}"),
        None => stem.to_owned(),
    }
}

/// What a `Range` header asks of content of some size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asked {
    /// Something else (several ranges, other units): the whole content, as RFC 9110 allows.
    Whole,
    /// Bytes `first..=last`.
    Part(u64, u64),
    /// No byte of it exists: 416.
    Unsatisfiable,
}

/// A single byte range of content of `size` bytes: `bytes=a-b`, `bytes=a-` or `bytes=-n`.
pub fn parse_range(header: &str, size: u64) -> Asked {
    let Some(spec) = header.trim().strip_prefix("bytes=") else { return Asked::Whole };
    if spec.contains(',') {
        return Asked::Whole;
    }
    let Some((start, end)) = spec.trim().split_once('-') else { return Asked::Whole };
    let (start, end) = (start.trim(), end.trim());
    if start.is_empty() {
        return match end.parse::<u64>() {
            Ok(n) if n > 0 && size > 0 => Asked::Part(size.saturating_sub(n), size - 1),
            _ => Asked::Unsatisfiable,
        };
    }
    let (Ok(a), Ok(b)) = (start.parse::<u64>(), if end.is_empty() { Ok(u64::MAX) } else { end.parse::<u64>() }) else {
        return Asked::Unsatisfiable;
    };
    if b < a {
        Asked::Whole
    } else if a >= size {
        Asked::Unsatisfiable
    } else {
        Asked::Part(a, b.min(size - 1))
    }
}

fn etag_matches(header: Option<&str>, etag: &str) -> bool {
    header.is_some_and(|h| h.split(',').any(|t| t.trim() == "*" || t.trim().trim_start_matches("W/") == etag))
}

/// Streams a blob as the answer to `req`.
pub async fn serve(req: &HttpRequest, blobs: &BlobStore, d: Download<'_>) -> AppResult<HttpResponse> {
    let etag = format!("\"{}\"", d.sha256);
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    let blobs = blobs.clone();
    let sha = d.sha256.to_owned();
    let (file, size) = web::block(move || blobs.open(&sha)).await?.map_err(AppError::internal)?;
    let mut res = HttpResponse::build(StatusCode::OK);
    res.insert_header(("etag", etag.as_str()))
        .insert_header(("accept-ranges", "bytes"))
        .insert_header(("cache-control", "private, no-cache"))
        .insert_header(("x-content-type-options", "nosniff"))
        // Whatever the content, it never runs as a page of our origin.
        .insert_header(("content-security-policy", "sandbox; default-src 'none'"))
        .insert_header((
            "content-disposition",
            match d.ascii_name {
                Some(ascii) => content_disposition_as(d.name, ascii, d.inline),
                None => content_disposition(d.name, d.inline),
            },
        ));
    if etag_matches(header("if-none-match"), &etag) {
        return Ok(res.status(StatusCode::NOT_MODIFIED).finish());
    }
    // If-Range: the range holds only for the content the client already has part of.
    let range_applies = header("if-range").is_none_or(|v| v.trim() == etag);
    let range = match header("range").filter(|_| range_applies).map(|r| parse_range(r, size)) {
        Some(Asked::Unsatisfiable) => {
            let mut e = AppError::new(ErrorCode::RangeNotSatisfiable, format!("the content has {size} bytes"));
            e.fields = None;
            let mut out = actix_web::ResponseError::error_response(&e);
            if let Ok(v) = format!("bytes */{size}").parse() {
                out.headers_mut().insert(actix_web::http::header::CONTENT_RANGE, v);
            }
            return Ok(out);
        }
        Some(Asked::Part(a, b)) => Some((a, b)),
        Some(Asked::Whole) | None => None,
    };
    let (start, len) = match range {
        Some((a, b)) => {
            res.status(StatusCode::PARTIAL_CONTENT).insert_header(("content-range", format!("bytes {a}-{b}/{size}")));
            (a, b - a + 1)
        }
        None => (0, size),
    };
    res.insert_header(("content-type", d.content_type));
    let stream = futures_util::stream::try_unfold((file, start, len), |(mut file, offset, left)| async move {
        if left == 0 {
            return Ok::<_, actix_web::Error>(None);
        }
        let n = left.min(CHUNK);
        let (file, chunk) = web::block(move || -> std::io::Result<_> {
            file.seek(SeekFrom::Start(offset))?;
            let mut buf = vec![0; usize::try_from(n).unwrap_or(0)];
            file.read_exact(&mut buf)?;
            Ok((file, buf))
        })
        .await?
        .map_err(actix_web::error::ErrorInternalServerError)?;
        Ok(Some((Bytes::from(chunk), (file, offset + n, left - n))))
    });
    Ok(res.body(SizedStream::new(len, Box::pin(stream))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_ranges_are_read_as_rfc_9110_says() {
        assert_eq!(parse_range("bytes=0-99", 1000), Asked::Part(0, 99));
        assert_eq!(parse_range("bytes=900-", 1000), Asked::Part(900, 999));
        assert_eq!(parse_range("bytes=-100", 1000), Asked::Part(900, 999));
        assert_eq!(parse_range("bytes=-5000", 1000), Asked::Part(0, 999));
        assert_eq!(parse_range("bytes=990-2000", 1000), Asked::Part(990, 999));
        assert_eq!(parse_range("bytes=1000-", 1000), Asked::Unsatisfiable);
        assert_eq!(parse_range("bytes=0-1,5-6", 1000), Asked::Whole);
        assert_eq!(parse_range("lines=1-2", 1000), Asked::Whole);
        assert_eq!(parse_range("bytes=x-1", 1000), Asked::Unsatisfiable);
    }

    #[test]
    fn a_chinese_file_name_travels_in_utf8_with_an_ascii_fallback() {
        assert_eq!(
            content_disposition("用户调研数据_最终版.xlsx", false),
            "attachment; filename=\"download.xlsx\"; filename*=UTF-8''%E7%94%A8%E6%88%B7%E8%B0%83%E7%A0%94%E6%95%B0%E6%8D%AE_%E6%9C%80%E7%BB%88%E7%89%88.xlsx"
        );
        assert_eq!(
            content_disposition("a \"b\".png", true),
            "inline; filename=\"a-b.png\"; filename*=UTF-8''a%20%22b%22.png"
        );
        assert_eq!(ascii_fallback("效率报表_20261201_20261205.xlsx"), "20261201_20261205.xlsx");
        assert_eq!(ascii_fallback("Q3 方案 v2.docx"), "Q3-v2.docx");
        assert_eq!(ascii_fallback("说明"), "download");
    }
}
