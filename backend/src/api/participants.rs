//! The people taking part in a task and why; removing someone from it.

use actix_web::{delete, get, web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::departments::UserRef;
use super::extract::CurrentUser;
use super::users::uuid;
use crate::domain::participants::{self, Participant, ParticipantReason};
use crate::error::{AppResult, ProblemDetails};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct ParticipantDto {
    pub user: UserRef,
    /// Every reason they take part for (owner first).
    pub reasons: Vec<ParticipantReason>,
}

impl From<Participant> for ParticipantDto {
    fn from(p: Participant) -> Self {
        Self { user: UserRef { id: uuid(&p.user_id), name: p.name }, reasons: p.reasons }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ParticipantList {
    /// Owner first, then creator, collaborators, the parent's owner, heads asked for help and
    /// supervisors brought in by an escalation.
    pub items: Vec<ParticipantDto>,
}

/// The people taking part in a task, and why
#[utoipa::path(tag = "tasks", responses(
    (status = 200, description = "OK", body = ParticipantList),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/tasks/{task_id}/participants")]
pub async fn list_participants(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
) -> AppResult<web::Json<ParticipantList>> {
    let t = task_id.into_inner().to_string();
    let items = st.db.read(move |c| participants::list(c, &me.id, &t)).await?;
    Ok(web::Json(ParticipantList { items: items.into_iter().map(ParticipantDto::from).collect() }))
}

/// Remove someone from a task (its owner, an ancestor's owner or an administrator). They lose the
/// task at once unless they still see it otherwise (by department or visibility), and with it
/// the files shared with them by name and its notifications. The owner is not removed: hand the
/// task over first.
#[utoipa::path(tag = "tasks", responses(
    (status = 204, description = "Removed"),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[delete("/tasks/{task_id}/participants/{user_id}")]
pub async fn remove_participant(
    st: web::Data<AppState>,
    me: CurrentUser,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (task_id, user_id) = path.into_inner();
    let (t, u) = (task_id.to_string(), user_id.to_string());
    st.db.write(move |c| participants::remove(c, &me.id, &t, &u)).await?;
    Ok(HttpResponse::NoContent().finish())
}
