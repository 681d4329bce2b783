//! Markdown written by users (comments, minutes), rendered to HTML that is safe to show: no
//! script, no event handler, no `javascript:` (or any other non-web) URL survives.

use std::sync::LazyLock;

use pulldown_cmark::{html, Options, Parser};

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer nofollow"))
        .add_generic_attributes(["align"]);
    b
});

/// Renders Markdown (CommonMark with tables, strikethrough and task lists) and sanitizes the
/// result with an allow-list; raw HTML in the source is sanitized the same way.
pub fn render(source: &str) -> String {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut out = String::with_capacity(source.len() * 2);
    html::push_html(&mut out, Parser::new_ext(source, opts));
    CLEANER.clean(&out).to_string()
}

#[cfg(test)]
mod tests {
    use super::render;

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
