//! Markdown written by users (comments, minutes), rendered to HTML that is safe to show: no
//! script, no event handler, no `javascript:` (or any other non-web) URL survives.

use std::sync::LazyLock;

use pulldown_cmark::{html, Event, Options, Parser, TagEnd};

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer nofollow"))
        .add_generic_attributes(["align"]);
    b
});

const OPTIONS: Options = Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH).union(Options::ENABLE_TASKLISTS);

/// Renders Markdown (CommonMark with tables, strikethrough and task lists) and sanitizes the
/// result with an allow-list; raw HTML in the source is sanitized the same way.
pub fn render(source: &str) -> String {
    let mut out = String::with_capacity(source.len() * 2);
    html::push_html(&mut out, Parser::new_ext(source, OPTIONS));
    CLEANER.clean(&out).to_string()
}

/// The words of Markdown without its marks (`**下周三前**` → `下周三前`) on one line, for
/// previews, notifications and plain-text channels: links keep their text, images their alt
/// text, code its content; raw HTML is dropped.
pub fn plain_text(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    for event in Parser::new_ext(source, OPTIONS) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) | TagEnd::TableCell | TagEnd::CodeBlock,
            ) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::{plain_text, render};

    #[test]
    fn plain_text_drops_the_marks_and_keeps_the_words() {
        assert_eq!(plain_text("请 **下周三前** 提交"), "请 下周三前 提交");
        assert_eq!(plain_text("见 [方案](https://example.cn/a) 和 `v2`\n\n- 一\n- 二"), "见 方案 和 v2 一 二");
        assert_eq!(plain_text("正文 <b>粗</b>"), "正文 粗");
        assert_eq!(plain_text("# 标题\n\n| 列 | 值 |\n|---|---|\n| a | 1 |"), "标题 列 值 a 1");
    }

    #[test]
    fn markdown_keeps_its_formatting() {
        let html = render("**加粗** and [link](https://example.com/a)\n\n- item");
        assert!(html.contains("<strong>加粗</strong>"), "{html}");
        assert!(
            html.contains(r#"<a href="https://example.com/a" rel="noopener noreferrer nofollow">link</a>"#),
            "{html}"
        );
        assert!(html.contains("<li>item</li>"), "{html}");
    }

    #[test]
    fn no_script_handler_or_javascript_url_survives() {
        for attack in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[click](javascript:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<svg onload=alert(1)>",
            "![x](javascript:alert(1))",
            "<div style=\"background:url(javascript:alert(1))\">x</div>",
            "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        ] {
            let html = render(attack).to_lowercase();
            for bad in ["<script", "onerror", "onload", "javascript:", "<iframe", "style=", "data:text"] {
                assert!(!html.contains(bad), "{attack:?} rendered as {html:?}");
            }
        }
    }
}
