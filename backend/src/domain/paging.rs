//! Pages of lists whose rows are checked one by one in Rust (file permissions, who manages a
//! robot): rows are read in keyset order, a batch at a time, until a page of rows the caller may
//! see is full. The caller never learns of a row it may not see; the work per page is bounded by
//! what it reads, not by the whole list.

use chrono::NaiveDateTime;

use crate::error::{AppError, AppResult};

/// A page of a keyset list: its items, and the key after which the next page starts (`None` on
/// the last page).
pub struct KeyedPage<T> {
    pub items: Vec<T>,
    pub next: Option<(String, String)>,
}

/// Up to `limit` rows that `keep` accepts, read with `fetch(after, batch)` in keyset order
/// (`after` is the last row read, `None` at the start); the rows and whether more follow. Both
/// get `ctx` (e.g. the connection) in turn.
pub fn filtered<C: ?Sized, T: Clone>(
    ctx: &mut C,
    limit: i64,
    mut fetch: impl FnMut(&mut C, Option<&T>, i64) -> AppResult<Vec<T>>,
    mut keep: impl FnMut(&mut C, &T) -> AppResult<bool>,
) -> AppResult<(Vec<T>, bool)> {
    let want = usize::try_from(limit).unwrap_or(0);
    let batch = (limit.max(1) * 2).min(500);
    let mut out: Vec<T> = Vec::with_capacity(want + 1);
    let mut last: Option<T> = None;
    loop {
        let rows = fetch(ctx, last.as_ref(), batch)?;
        let exhausted = i64::try_from(rows.len()).unwrap_or(i64::MAX) < batch;
        for row in rows {
            last = Some(row.clone());
            if keep(ctx, &row)? {
                out.push(row);
                if out.len() > want {
                    out.truncate(want);
                    return Ok((out, true));
                }
            }
        }
        if exhausted {
            return Ok((out, false));
        }
    }
}

/// A time as cursors carry it (read back with [`parse_stamp`]).
pub(crate) fn stamp(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6f").to_string()
}

/// Parses a history cursor key.
pub fn parse_stamp(key: &str) -> AppResult<NaiveDateTime> {
    NaiveDateTime::parse_from_str(key, "%Y-%m-%dT%H:%M:%S%.f")
        .map_err(|_| AppError::field("cursor", "invalid", "the cursor is not one this API returned"))
}

/// Cuts rows fetched with `limit + 1` down to `limit`; the keyset position to continue after
/// when there were more.
pub fn cut_page<T>(rows: &mut Vec<T>, limit: i64, key: impl Fn(&T) -> (String, String)) -> Option<(String, String)> {
    let limit = usize::try_from(limit).unwrap_or(0);
    if rows.len() > limit {
        rows.truncate(limit);
        rows.last().map(key)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_of(all: &[u32], limit: i64, after: Option<u32>) -> (Vec<u32>, bool, usize) {
        let mut reads = 0;
        let (rows, more) = filtered(
            &mut (),
            limit,
            |_, last, batch| {
                reads += 1;
                let start = last.copied().or(after).map_or(0, |a| a + 1);
                Ok(all.iter().copied().filter(|v| *v >= start).take(usize::try_from(batch).unwrap_or(0)).collect())
            },
            |_, v| Ok(v % 3 == 0),
        )
        .expect("page");
        (rows, more, reads)
    }

    #[test]
    fn pages_hold_only_kept_rows_and_say_when_more_follow() {
        let all: Vec<u32> = (0..100).collect();
        let (rows, more, _) = page_of(&all, 5, None);
        assert_eq!((rows.clone(), more), (vec![0, 3, 6, 9, 12], true));
        let (rows, more, _) = page_of(&all, 5, rows.last().copied());
        assert_eq!((rows, more), (vec![15, 18, 21, 24, 27], true));
        let (rows, more, _) = page_of(&all, 50, Some(80));
        assert_eq!((rows, more), (vec![81, 84, 87, 90, 93, 96, 99], false));
        let (rows, more, reads) = page_of(&[1, 2, 4, 5], 5, None);
        assert_eq!((rows, more, reads), (vec![], false, 1));
    }
}
