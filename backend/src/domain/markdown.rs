//! Markdown written by users (comments, minutes), rendered to HTML that is safe to show: no
//! script, no event handler, no `javascript:` (or any other non-web) URL survives.

use std::sync::LazyLock;

use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};

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

/// Markdown as plain text that keeps its lines, for readers that show no Markdown (a calendar
/// event's description): a heading on a line above its section, list items as `- item`,
/// table rows on a line (cells apart), blank lines between blocks; marks, raw HTML and link
/// targets dropped.
pub fn plain_lines(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let end_line = |out: &mut String| {
        while out.ends_with(' ') {
            out.pop();
        }
        out.push('\n');
    };
    for event in Parser::new_ext(source, OPTIONS) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::Start(Tag::Item) => {
                if !out.is_empty() && !out.ends_with('\n') {
                    end_line(&mut out);
                }
                out.push_str("- ");
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableRow | TagEnd::TableHead) => {
                end_line(&mut out);
            }
            Event::End(TagEnd::Paragraph | TagEnd::CodeBlock | TagEnd::List(_) | TagEnd::Table) => {
                end_line(&mut out);
                out.push('\n');
            }
            Event::End(TagEnd::TableCell) => out.push_str("  "),
            _ => {}
        }
    }
    // At most one blank line in a row, none at the ends.
    let mut text = String::with_capacity(out.len());
    let mut blank = 0;
    for line in out.lines().map(str::trim_end) {
        blank = if line.is_empty() { blank + 1 } else { 0 };
        if blank < 2 {
            text.push_str(line);
            text.push('\n');
        }
    }
    text.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::{plain_lines, plain_text, render};

    #[test]
    fn plain_lines_keep_headings_items_and_paragraphs_apart_without_marks() {
        let agenda = "## 目标\n确定**发布会**方案\n\n## 未完成的子任务\n- 样机准备（陈晨）\n- [场地](https://example.cn/a)\n\n## 讨论事项\n- \n";
        assert_eq!(
            plain_lines(agenda),
            "目标\n确定发布会方案\n\n未完成的子任务\n- 样机准备（陈晨）\n- 场地\n\n讨论事项\n-"
        );
        assert_eq!(plain_lines("| 列 | 值 |\n|---|---|\n| a | 1 |"), "列  值\na  1");
        assert_eq!(plain_lines("一行<b>粗</b>\n二行"), "一行粗\n二行");
    }

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
