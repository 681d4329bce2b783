//! Departments: the company tree, with heads.

use actix_web::http::StatusCode;
use actix_web::{get, patch, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::extract::{with_etag, CurrentUser, IfMatch, ValidJson};
use super::pagination::{decode_cursor, limit, page_dto};
use super::users::uuid;
use crate::db::to_utc;
use crate::domain::orgs::{self, DepartmentPatch, DepartmentQuery, DepartmentView};
use crate::error::{AppResult, ProblemDetails};
use crate::state::AppState;

/// A reference to a person: id and display name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UserRef {
    pub id: Uuid,
    pub name: String,
}

/// A reference to a department: id and name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DepartmentRef {
    pub id: Uuid,
    pub name: String,
}

pub(crate) fn user_ref(id: &str, name: &str) -> UserRef {
    UserRef { id: uuid(id), name: name.to_owned() }
}

pub(crate) fn dept_ref(id: &str, name: &str) -> DepartmentRef {
    DepartmentRef { id: uuid(id), name: name.to_owned() }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DepartmentDto {
    pub id: Uuid,
    pub name: String,
    #[schema(required = true)]
    pub parent_id: Option<Uuid>,
    /// Department heads (部门负责人); a department may have several.
    pub heads: Vec<UserRef>,
    /// Active members.
    pub member_count: i64,
    pub is_active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl From<DepartmentView> for DepartmentDto {
    fn from(v: DepartmentView) -> Self {
        let d = v.department;
        Self {
            id: uuid(&d.id),
            name: d.name,
            parent_id: d.parent_id.as_deref().map(uuid),
            heads: v.heads.into_iter().map(|(id, name)| UserRef { id: uuid(&id), name }).collect(),
            member_count: v.member_count,
            is_active: d.is_active,
            created_at: to_utc(d.created_at),
            updated_at: to_utc(d.updated_at),
            version: d.version,
        }
    }
}

page_dto!(DepartmentPage, DepartmentDto);

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DepartmentListQuery {
    /// Case-insensitive substring of the name.
    pub q: Option<String>,
    pub parent_id: Option<Uuid>,
    pub is_active: Option<bool>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateDepartmentRequest {
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    pub parent_id: Option<Uuid>,
    #[serde(default)]
    #[validate(length(max = 20))]
    #[schema(max_items = 20)]
    pub head_ids: Vec<Uuid>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateDepartmentRequest {
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "crate::api::double_option")]
    #[schema(value_type = Option<Uuid>)]
    pub parent_id: Option<Option<Uuid>>,
    /// Replaces the heads.
    #[validate(length(max = 20))]
    #[schema(max_items = 20)]
    pub head_ids: Option<Vec<Uuid>>,
    pub is_active: Option<bool>,
}

/// List and search departments
#[utoipa::path(tag = "departments", params(DepartmentListQuery), responses(
    (status = 200, description = "OK", body = DepartmentPage),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/departments")]
pub async fn list_departments(
    st: web::Data<AppState>,
    me: CurrentUser,
    q: web::Query<DepartmentListQuery>,
) -> AppResult<web::Json<DepartmentPage>> {
    let q = q.into_inner();
    let query = DepartmentQuery {
        q: q.q,
        parent_id: q.parent_id.map(|p| p.to_string()),
        is_active: q.is_active,
        after: decode_cursor(q.cursor.as_deref())?,
        limit: limit(q.limit)?,
    };
    let page = st.db.read(move |c| orgs::list_departments(c, &me.id, &query)).await?;
    Ok(web::Json(DepartmentPage::from_domain(page, DepartmentDto::from)))
}

/// Get one department
#[utoipa::path(tag = "departments", responses(
    (status = 200, description = "OK", body = DepartmentDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/departments/{department_id}")]
pub async fn get_department(
    st: web::Data<AppState>,
    me: CurrentUser,
    department_id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let id = department_id.into_inner().to_string();
    let v = st.db.read(move |c| orgs::get_department(c, &me.id, &id)).await?;
    Ok(with_etag(StatusCode::OK, v.department.version, &DepartmentDto::from(v)))
}

/// Create a department (admins)
#[utoipa::path(tag = "departments", request_body = CreateDepartmentRequest, responses(
    (status = 201, description = "Created", body = DepartmentDto),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/departments")]
pub async fn create_department(
    st: web::Data<AppState>,
    me: CurrentUser,
    body: ValidJson<CreateDepartmentRequest>,
) -> AppResult<HttpResponse> {
    let b = body.0;
    let heads: Vec<String> = b.head_ids.iter().map(Uuid::to_string).collect();
    let parent = b.parent_id.map(|p| p.to_string());
    let v = st.db.write(move |c| orgs::create_department(c, &me.id, &b.name, parent, &heads)).await?;
    Ok(with_etag(StatusCode::CREATED, v.department.version, &DepartmentDto::from(v)))
}

/// Change or deactivate a department (admins)
#[utoipa::path(tag = "departments", request_body = UpdateDepartmentRequest,
    params(("If-Match" = String, Header, pattern = r#"^(W/)?("[0-9]{1,18}"|[0-9]{1,18})$"#, description = "ETag of the version being changed")),
    responses(
    (status = 200, description = "OK", body = DepartmentDto),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[patch("/departments/{department_id}")]
pub async fn update_department(
    st: web::Data<AppState>,
    me: CurrentUser,
    department_id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ValidJson<UpdateDepartmentRequest>,
) -> AppResult<HttpResponse> {
    let id = department_id.into_inner().to_string();
    let b = body.0;
    let patch = DepartmentPatch {
        name: b.name,
        parent_id: b.parent_id.map(|p| p.map(|p| p.to_string())),
        head_ids: b.head_ids.map(|h| h.iter().map(Uuid::to_string).collect()),
        is_active: b.is_active,
    };
    let v = st.db.write(move |c| orgs::update_department(c, &me.id, &id, if_match.0, patch)).await?;
    Ok(with_etag(StatusCode::OK, v.department.version, &DepartmentDto::from(v)))
}
