//! Words: Chinese segmented by jieba (tantivy-jieba), Latin words and numbers whole, all
//! lower-cased; punctuation and spaces dropped. Documents are cut in jieba's search mode (a long
//! word also yields the shorter words inside it: 北京大学 → 北京, 大学, 北京大学), queries in its
//! default mode (the longest words), so every word of a query is one of the document's words.
//! Positions are character offsets, so a phrase query can ask for words at their places.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The tokenizer's name in the index.
pub const WORDS: &str = "tdm_words";
/// The tokenizer of adjacent word pairs (the phrase boost looks them up as terms).
pub const PAIRS: &str = "tdm_pairs";
/// Longer "words" (a pasted hash, a URL) are dropped: nobody searches for them by typing.
const MAX_WORD_BYTES: usize = 64;

/// Jieba in search or default mode, lower-cased, without punctuation.
#[derive(Clone)]
pub struct Words {
    jieba: tantivy_jieba::JiebaTokenizer,
}

impl Words {
    /// For documents: jieba's search mode.
    pub fn for_documents() -> Self {
        Self { jieba: tantivy_jieba::JiebaTokenizer::with_search_mode(true) }
    }

    /// For queries: jieba's default mode.
    pub fn for_queries() -> Self {
        Self { jieba: tantivy_jieba::JiebaTokenizer::with_search_mode(false) }
    }

    /// The words of `text` (offsets in bytes, positions in characters).
    pub fn words(&mut self, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut stream = self.jieba.token_stream(text);
        while stream.advance() {
            let token = stream.token();
            if token.text.len() > MAX_WORD_BYTES || !token.text.chars().any(char::is_alphanumeric) {
                continue;
            }
            let mut token = token.clone();
            token.text = fold(&token.text);
            out.push(token);
        }
        out
    }
}

/// Lower case, one character for one (so character offsets stay valid).
pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

fn fold_char(ch: char) -> char {
    let mut lower = ch.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => ch,
    }
}

/// The words of one text as a token stream.
pub struct WordStream {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for WordStream {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

impl Tokenizer for Words {
    type TokenStream<'a> = WordStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream {
        WordStream { tokens: self.words(text), next: 0 }
    }
}

/// Adjacent word pairs, `"<word> <next word>"`: a word is followed by every word that starts
/// where it ends (or, across dropped spaces and punctuation, at the next place a word starts).
/// Documents (search mode) give every way their words can follow each other; a query (default
/// mode) gives its consecutive words. A document holding all of a query's pairs holds its words
/// as a phrase (for two words exactly, for more the pairs in any place), so the "exact phrase
/// first" boost is a term lookup rather than a walk over positions.
pub fn pairs(words: &[Token]) -> Vec<String> {
    let mut starts: std::collections::BTreeMap<usize, Vec<&str>> = std::collections::BTreeMap::new();
    for w in words {
        starts.entry(w.position).or_default().push(&w.text);
    }
    let mut out = Vec::new();
    for w in words {
        let end = w.position + w.text.chars().count();
        if let Some((_, next)) = starts.range(end..).next() {
            for n in next {
                out.push(format!("{} {n}", w.text));
            }
        }
    }
    out
}

/// The adjacent word pairs of a document as a token stream.
#[derive(Clone)]
pub struct Pairs {
    words: Words,
}

impl Pairs {
    pub fn for_documents() -> Self {
        Self { words: Words::for_documents() }
    }
}

impl Tokenizer for Pairs {
    type TokenStream<'a> = WordStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream {
        let tokens = pairs(&self.words.words(text))
            .into_iter()
            .enumerate()
            .map(|(position, text)| Token { position, text, ..Token::default() })
            .collect();
        WordStream { tokens, next: 0 }
    }
}

/// Whether a word is Latin (letters and digits of ASCII): those get typo tolerance.
pub fn is_latin(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_alphanumeric()) && word.chars().any(|c| c.is_ascii_alphabetic())
}

/// How many typos a Latin word of this length tolerates: 1 from 4 characters, 2 from 8.
pub fn typos_allowed(word: &str) -> u8 {
    match word.chars().count() {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// Edit distance with adjacent transpositions counted as one (optimal string alignment).
pub fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// A short passage of `text` around the query's words, with the words that match marked as
/// `[start, end)` character offsets into the passage. Plain text: the client escapes it.
pub fn snippet(text: &str, query: &[String], max_chars: usize) -> (String, Vec<[usize; 2]>) {
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        return (String::new(), Vec::new());
    }
    let folded: Vec<char> = chars.iter().copied().map(fold_char).collect();
    // Where the first query word shows up as it is; else (typos only) where a tolerant match
    // does, looked for in the first few thousand characters.
    let first = query.iter().filter_map(|w| find(&folded, w)).min();
    let start = match first {
        Some(at) => at.saturating_sub(max_chars / 5),
        None => {
            let head: String = chars.iter().take(4_000).collect();
            let words = Words::for_documents().words(&head);
            words
                .iter()
                .find(|t| matches(&t.text, query))
                .map(|t| head[..t.offset_from].chars().count().saturating_sub(max_chars / 5))
                .unwrap_or(0)
        }
    };
    // Start at a word boundary when one is near.
    let end = (start + max_chars).min(chars.len());
    let start = if end == chars.len() { end.saturating_sub(max_chars) } else { start };
    let passage: String = chars[start..end].iter().collect();
    let mut marks: Vec<[usize; 2]> = Vec::new();
    for t in Words::for_documents().words(&passage) {
        if !matches(&t.text, query) {
            continue;
        }
        let from = passage[..t.offset_from].chars().count();
        let to = from + passage[t.offset_from..t.offset_to].chars().count();
        marks.push([from, to]);
    }
    // Search mode yields nested words (北京, 大学, 北京大学): keep the outermost of overlaps.
    marks.sort_by(|a, b| a[0].cmp(&b[0]).then(b[1].cmp(&a[1])));
    let mut merged: Vec<[usize; 2]> = Vec::new();
    for m in marks {
        match merged.last_mut() {
            Some(last) if m[0] < last[1] => last[1] = last[1].max(m[1]),
            _ => merged.push(m),
        }
    }
    let mut out = String::new();
    let lead = usize::from(start > 0);
    if start > 0 {
        out.push('…');
    }
    out.push_str(&passage);
    if end < chars.len() {
        out.push('…');
    }
    (out, merged.into_iter().map(|[a, b]| [a + lead, b + lead]).collect())
}

/// Whether a document word answers one of the query's words (as it is, or within the typos a
/// Latin word tolerates).
fn matches(word: &str, query: &[String]) -> bool {
    query.iter().any(|q| {
        q == word || (is_latin(q) && typos_allowed(q) > 0 && distance(q, word) <= usize::from(typos_allowed(q)))
    })
}

/// The first character index where `needle` starts in `hay`.
fn find(hay: &[char], needle: &str) -> Option<usize> {
    let n: Vec<char> = needle.chars().collect();
    if n.is_empty() || n.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - n.len()).find(|&i| hay[i..i + n.len()] == n[..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(words: Vec<Token>) -> Vec<String> {
        words.into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn chinese_is_segmented_and_latin_lower_cased_without_punctuation() {
        let doc = texts(Words::for_documents().words("审批预算的流程，Budget Q4！"));
        for w in ["审批", "预算", "流程", "budget", "q4"] {
            assert!(doc.contains(&w.to_owned()), "{w} in {doc:?}");
        }
        assert!(!doc.iter().any(|w| w == "，" || w == " "), "{doc:?}");
        let query = texts(Words::for_queries().words("预算审批"));
        assert_eq!(query, ["预算", "审批"]);
        let nested = texts(Words::for_documents().words("北京大学"));
        assert!(nested.contains(&"北京".to_owned()) && nested.contains(&"北京大学".to_owned()), "{nested:?}");
    }

    #[test]
    fn pairs_follow_a_word_with_the_words_starting_where_it_ends() {
        let doc = pairs(&Words::for_documents().words("审批预算的流程"));
        let query = pairs(&Words::for_queries().words("审批预算"));
        assert_eq!(query, vec!["审批 预算".to_owned()]);
        assert!(doc.contains(&"审批 预算".to_owned()), "{doc:?}");
        // Reversed order is another pair; spaces and punctuation between words do not break one.
        assert!(!pairs(&Words::for_documents().words("预算审批")).contains(&"审批 预算".to_owned()));
        assert_eq!(pairs(&Words::for_queries().words("budget, review")), vec!["budget review".to_owned()]);
        // A long word's inner words pair with what follows them, so a query's pairs are the
        // document's whichever way jieba cuts the query.
        let nested = pairs(&Words::for_documents().words("北京大学图书馆的开放时间"));
        assert!(nested.contains(&"大学 图书馆".to_owned()), "{nested:?}");
        for q in ["北京大学图书馆", "图书馆的开放时间", "大学图书馆"] {
            for p in pairs(&Words::for_queries().words(q)) {
                assert!(nested.contains(&p), "{q}: {p} not in {nested:?}");
            }
        }
    }

    #[test]
    fn typos_are_counted_with_transpositions_as_one() {
        assert_eq!(distance("budgte", "budget"), 1);
        assert_eq!(distance("budget", "budget"), 0);
        assert_eq!(distance("bugdet", "budget"), 1);
        assert_eq!(distance("abc", "xyz"), 3);
        assert_eq!(typos_allowed("abc"), 0);
        assert_eq!(typos_allowed("budget"), 1);
        assert_eq!(typos_allowed("marketing"), 2);
        assert!(is_latin("q4") && !is_latin("2026") && !is_latin("预算"));
    }

    #[test]
    fn snippets_mark_the_words_by_character() {
        let (text, marks) = snippet("我们讨论了审批预算的流程和时间", &["预算".to_owned(), "审批".to_owned()], 100);
        assert_eq!(text, "我们讨论了审批预算的流程和时间");
        let marked: Vec<String> = marks.iter().map(|[a, b]| text.chars().skip(*a).take(b - a).collect()).collect();
        assert_eq!(marked, ["审批", "预算"]);
        let long = format!("{}预算{}", "前".repeat(300), "后".repeat(300));
        let (text, marks) = snippet(&long, &["预算".to_owned()], 50);
        assert!(text.starts_with('…') && text.ends_with('…') && text.chars().count() == 52, "{text}");
        let [a, b] = marks[0];
        assert_eq!(text.chars().skip(a).take(b - a).collect::<String>(), "预算");
        let (_, marks) = snippet("The budget for Q4", &["budgte".to_owned()], 100);
        assert_eq!(marks, [[4, 10]]);
    }
}
