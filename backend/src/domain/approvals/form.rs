//! The request form: what is asked for (several lines), from which departments, why, by when.
//! Amounts are exact decimals (read and written as strings, kept as minor units), never floats.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::tasks as task_store;
use crate::db::DbConn;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::values::{Amount, AmountError, Currency, ResourceKind};

/// One line of what is asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestLine {
    pub kind: ResourceKind,
    /// What exactly (1–500 characters).
    #[schema(min_length = 1, max_length = 500)]
    pub description: String,
    /// Budget lines: the amount as a decimal string with at most the currency's minor digits
    /// (`"50000"`, `"50000.50"`); answered with exactly those digits (`"50000.00"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = r"^[0-9]+(\.[0-9]+)?$", max_length = 24, example = "50000.00")]
    pub amount: Option<String>,
    /// Budget lines: the currency of the amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<Currency>,
    /// People-days lines: how many people (1–1000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1, maximum = 1000)]
    pub people: Option<i32>,
    /// People-days lines: for how many days (1–3650).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1, maximum = 3650)]
    pub days: Option<i32>,
    /// Equipment lines: how many (1–100000), optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1, maximum = 100000)]
    pub quantity: Option<i32>,
}

/// The request form of a resource-request task (checked field by field by [`check`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, validator::Validate)]
#[serde(deny_unknown_fields)]
pub struct RequestForm {
    /// What is asked for: 1–20 lines. All budget lines of a request share one currency.
    #[schema(min_items = 1, max_items = 20)]
    pub lines: Vec<RequestLine>,
    /// The departments asked to provide it (0–20).
    #[serde(default)]
    #[schema(max_items = 20, value_type = Vec<uuid::Uuid>)]
    pub department_ids: Vec<String>,
    /// Why (1–4000 characters).
    #[schema(min_length = 1, max_length = 4000)]
    pub justification: String,
    /// When it is needed (the company's date).
    #[serde(default)]
    pub needed_by: Option<NaiveDate>,
}

/// A checked form: amounts normalized, and the budget total in its currency.
pub struct CheckedForm {
    pub form: RequestForm,
    pub total: Option<(Amount, Currency)>,
}

/// Checks a form; every problem is named by its field (`lines[2].amount`).
pub fn check(c: &mut DbConn, mut form: RequestForm) -> AppResult<CheckedForm> {
    let mut errors = FieldErrors::new();
    let mut bad = |field: String, code: &str| errors.entry(field).or_default().push(code.to_owned());
    if form.lines.is_empty() || form.lines.len() > 20 {
        bad("lines".into(), "length");
    }
    let justification = form.justification.trim().to_owned();
    if justification.is_empty() || justification.chars().count() > 4000 {
        bad("justification".into(), "length");
    }
    form.justification = justification;
    let mut currency: Option<Currency> = None;
    let mut total: i64 = 0;
    for (i, line) in form.lines.iter_mut().enumerate() {
        let at = |f: &str| format!("lines[{i}].{f}");
        line.description = line.description.trim().to_owned();
        if line.description.is_empty() || line.description.chars().count() > 500 {
            bad(at("description"), "length");
        }
        let in_range = |v: Option<i32>, max: i32| v.is_some_and(|n| (1..=max).contains(&n));
        match line.kind {
            ResourceKind::Budget => {
                match (line.amount.as_deref(), line.currency) {
                    (Some(text), Some(cur)) => match Amount::parse(text.trim(), cur) {
                        Ok(a) if a.minor > 0 => {
                            line.amount = Some(a.format(cur));
                            if currency.is_some_and(|c| c != cur) {
                                bad(at("currency"), "one_currency");
                            }
                            currency = Some(cur);
                            total = total.saturating_add(a.minor);
                        }
                        Ok(_) => bad(at("amount"), "positive"),
                        Err(AmountError::Format) => bad(at("amount"), "decimal"),
                        Err(AmountError::Precision) => bad(at("amount"), "precision"),
                        Err(AmountError::TooLarge) => bad(at("amount"), "too_large"),
                    },
                    (None, _) => bad(at("amount"), "required"),
                    (_, None) => bad(at("currency"), "required"),
                }
                if line.people.is_some() || line.days.is_some() || line.quantity.is_some() {
                    bad(at("kind"), "budget_has_amount_only");
                }
            }
            ResourceKind::PeopleDays => {
                if !in_range(line.people, 1000) {
                    bad(at("people"), "range");
                }
                if !in_range(line.days, 3650) {
                    bad(at("days"), "range");
                }
                if line.amount.is_some() || line.currency.is_some() || line.quantity.is_some() {
                    bad(at("kind"), "people_days_has_people_and_days_only");
                }
            }
            ResourceKind::Equipment | ResourceKind::Data | ResourceKind::Other => {
                if line.quantity.is_some() && !in_range(line.quantity, 100_000) {
                    bad(at("quantity"), "range");
                }
                if line.amount.is_some() || line.currency.is_some() || line.people.is_some() || line.days.is_some() {
                    bad(at("kind"), "no_amount_or_people");
                }
                if line.kind != ResourceKind::Equipment && line.quantity.is_some() {
                    bad(at("quantity"), "equipment_only");
                }
            }
        }
    }
    form.department_ids.sort();
    form.department_ids.dedup();
    if form.department_ids.len() > 20 {
        bad("department_ids".into(), "length");
    } else if task_store::active_department_ids(c, &form.department_ids)?.len() != form.department_ids.len() {
        bad("department_ids".into(), "not_found");
    }
    if !errors.is_empty() {
        return Err(AppError::validation(errors, "the request form has problems: see the fields"));
    }
    let total = currency.map(|cur| (Amount { minor: total }, cur));
    Ok(CheckedForm { form, total })
}

/// The resource kinds a form asks for.
pub fn kinds(form: &RequestForm) -> Vec<ResourceKind> {
    let mut out: Vec<ResourceKind> = form.lines.iter().map(|l| l.kind).collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn budget(amount: &str, currency: Currency) -> RequestLine {
        RequestLine {
            kind: ResourceKind::Budget,
            description: "推广费".into(),
            amount: Some(amount.into()),
            currency: Some(currency),
            people: None,
            days: None,
            quantity: None,
        }
    }

    fn form(lines: Vec<RequestLine>) -> RequestForm {
        RequestForm { lines, department_ids: vec![], justification: "新品上市".into(), needed_by: None }
    }

    #[test]
    fn budget_lines_add_up_exactly_and_are_written_with_the_currencys_digits() {
        let (db, _dir) = crate::db::testing::sqlite_db();
        let checked = db
            .read_blocking(|c| check(c, form(vec![budget("0.1", Currency::Cny), budget("0.2", Currency::Cny)])))
            .expect("valid");
        assert_eq!(checked.total, Some((Amount { minor: 30 }, Currency::Cny)));
        assert_eq!(checked.form.lines[0].amount.as_deref(), Some("0.10"));
    }

    #[test]
    fn each_bad_line_is_named_by_its_field() {
        let (db, _dir) = crate::db::testing::sqlite_db();
        let mut people = budget("1", Currency::Cny);
        people.kind = ResourceKind::PeopleDays;
        people.amount = None;
        people.currency = None;
        people.people = Some(0);
        let err = db
            .read_blocking(move |c| {
                let lines = vec![
                    budget("1.5", Currency::Cny),
                    budget("5", Currency::Usd),
                    people,
                    budget("1.001", Currency::Cny),
                ];
                check(c, form(lines)).map(|_| ())
            })
            .expect_err("invalid");
        let fields = err.fields.expect("fields");
        assert!(!fields.contains_key("lines[0].amount"), "{fields:?}");
        assert_eq!(fields["lines[1].currency"], vec!["one_currency"]);
        assert_eq!(fields["lines[2].people"], vec!["range"]);
        assert_eq!(fields["lines[2].days"], vec!["range"]);
        assert_eq!(fields["lines[3].amount"], vec!["precision"]);
    }
}
