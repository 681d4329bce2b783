//! Keyset pagination: an opaque cursor that encodes the sort key and the id of the last row,
//! so page 2,000 costs what page 1 costs.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use crate::error::{AppError, AppResult};

pub const DEFAULT_LIMIT: i64 = 20;
pub const MAX_LIMIT: i64 = 100;

pub fn encode_cursor(key: &(String, String)) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::json!([key.0, key.1]).to_string())
}

pub fn decode_cursor(cursor: Option<&str>) -> AppResult<Option<(String, String)>> {
    let Some(c) = cursor.filter(|c| !c.is_empty()) else { return Ok(None) };
    let bad = || AppError::field("cursor", "invalid", "the cursor is not one this API returned");
    let bytes = URL_SAFE_NO_PAD.decode(c).map_err(|_| bad())?;
    let (a, b): (String, String) = serde_json::from_slice(&bytes).map_err(|_| bad())?;
    Ok(Some((a, b)))
}

/// `limit` and `cursor` of a list with nothing else to ask.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// From `next_cursor`: the next page.
    pub cursor: Option<String>,
}

pub fn limit(requested: Option<i64>) -> AppResult<i64> {
    match requested {
        None => Ok(DEFAULT_LIMIT),
        Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        Some(_) => Err(AppError::field("limit", "range", "limit must be between 1 and 100")),
    }
}

/// Declares the page DTO of a list (`items`, `next_cursor`, `total`) under its own schema name.
macro_rules! page_dto {
    ($name:ident, $item:ty) => {
        /// One page of a list.
        #[derive(Debug, serde::Serialize, utoipa::ToSchema)]
        pub struct $name {
            pub items: Vec<$item>,
            /// Pass as `cursor` to get the next page; `null` on the last page.
            #[schema(required = true)]
            pub next_cursor: Option<String>,
            /// How many items match the filters in all.
            pub total: i64,
        }

        impl $name {
            pub fn from_domain<D>(page: crate::domain::orgs::Page<D>, map: impl Fn(D) -> $item) -> Self {
                Self {
                    items: page.items.into_iter().map(map).collect(),
                    next_cursor: page.next.as_ref().map(crate::api::pagination::encode_cursor),
                    total: page.total,
                }
            }
        }
    };
}
pub(crate) use page_dto;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trip_and_garbage() {
        let k = ("张三".to_owned(), "0193-id".to_owned());
        assert_eq!(decode_cursor(Some(&encode_cursor(&k))).expect("decode"), Some(k));
        assert!(decode_cursor(Some("!!")).is_err());
        assert!(decode_cursor(Some("e30")).is_err());
        assert_eq!(decode_cursor(None).expect("none"), None);
    }

    #[test]
    fn limit_bounds() {
        assert_eq!(limit(None).expect("default"), 20);
        assert!(limit(Some(0)).is_err());
        assert!(limit(Some(101)).is_err());
    }
}
