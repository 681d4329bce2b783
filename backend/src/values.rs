//! Typed values of closed sets (statuses, priorities, scenarios, visibility, roles, ...): one
//! enum each, written to and read from their text columns here, at the database boundary, so a
//! stored value outside the set is an error (never a silent default) and domain code compares
//! enums, not strings. A leaf module: the storage layer and the domain both use it.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::expression::AsExpression;
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

macro_rules! code_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident),* $(,)? }) => {
        $(#[$m])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
            strum::EnumString, strum::IntoStaticStr, strum::EnumIter, AsExpression, FromSqlRow,
        )]
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        #[diesel(sql_type = Text)]
        pub enum $name { $($(#[$vm])* $variant),* }

        /// Read from a text column: a value outside the set is an error, never a default.
        impl<DB> FromSql<Text, DB> for $name
        where
            DB: Backend,
            String: FromSql<Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
                let s = String::from_sql(bytes)?;
                s.parse().map_err(|_| format!("unknown {} in database: {s:?}", stringify!($name)).into())
            }
        }

        impl<DB> ToSql<Text, DB> for $name
        where
            DB: Backend,
            str: ToSql<Text, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
                <str as ToSql<Text, DB>>::to_sql(self.as_str(), out)
            }
        }

        impl $name {
            pub fn as_str(self) -> &'static str {
                self.into()
            }
        }
    };
}

code_enum!(
    /// The four collaboration scenarios (协作类型).
    Scenario { CrossDepartment, Emergency, ResourceRequest, InfoSync }
);
code_enum!(
    /// 高 / 中 / 低; high priority triggers strong reminders.
    Priority { High, Medium, Low }
);
code_enum!(
    /// The status workflow: draft → published → in_progress → pending_review → done → archived,
    /// plus cancelled.
    Status { Draft, Published, InProgress, PendingReview, Done, Archived, Cancelled }
);
code_enum!(
    /// Who may see a task beyond its participants: `normal` (participants and heads of the
    /// departments involved), `public` (everyone in the company), `confidential`.
    TaskVisibility { Normal, Public, Confidential }
);

code_enum!(
    /// How a successor depends on its predecessor: finish-to-start (the default), start-to-start,
    /// finish-to-finish.
    DependencyKind { FinishToStart, StartToStart, FinishToFinish }
);

code_enum!(
    /// A meeting is scheduled until it is cancelled.
    MeetingStatus { Scheduled, Cancelled }
);
code_enum!(
    /// A help request (求助): open until answered, or escalated when nobody answers in time.
    HelpStatus {
        Open,
        Answered,
        /// Unanswered in time: now with the head's supervisor.
        Escalated,
    }
);
code_enum!(
    /// Whom a mention in a comment names: a person, or a department (its head, or all its members).
    MentionType { User, Department }
);
code_enum!(
    /// What happened to a file, as its change log records it.
    FileChangeKind { Created, VersionAdded, Restored, Renamed, Described, AccessChanged, Deleted, Undeleted }
);
code_enum!(
    /// Why a person takes part in a task.
    ParticipantReason {
        Owner,
        Creator,
        Collaborator,
        /// Owns the parent task.
        Parent,
        /// A head asked for help on the task.
        HelpRequest,
        /// A supervisor an unanswered emergency or help request escalated to.
        Escalation,
    }
);
code_enum!(
    /// What a key counts failures for.
    LockKind {
        /// A client address (IPv6: its /64).
        Address,
        /// An account, for devices it does not know.
        Account,
        /// A device known to an account.
        Device,
    }
);
code_enum!(
    /// What happened.
    AuditKind {
        LoginSucceeded,
        LoginFailed,
        /// A refresh token was used twice: the session was revoked.
        SessionRevokedOnReuse,
        PasswordChanged,
        TokenCreated,
        TokenRevoked,
        UserCreated,
        /// Role, active flag, department or password set by an administrator.
        UserPermissionsChanged,
        DepartmentHeadsChanged,
        ConfidentialTaskViewed,
        /// A group robot was added, changed or removed (its URL and secret are credentials).
        RobotChanged,
        /// Who may see a file of a task was set or changed.
        FileAccessChanged,
        /// A year's holiday schedule was imported into the working calendar (the SLA clocks).
        WorkCalendarImported,
        /// An administrator cleared a sign-in lock (an address, an account or a device).
        LoginLockCleared,
    }
);
code_enum!(
    /// Company role of a user.
    Role { Admin, DeptHead, Member }
);
code_enum!(
    /// Who may see a file.
    FileAccessLevel {
        /// 仅协作成员可见: the people who take part in the task read and upload.
        Collaborators,
        /// 仅负责人可编辑: whoever sees the task reads; only who runs it changes the file.
        OwnersEdit,
        /// 企业内公开: everyone in the company reads (a confidential task's files: whoever sees it).
        CompanyPublic,
        /// 指定范围: the heads of `department_ids` and the people in `user_ids` read.
        Restricted,
    }
);

code_enum!(
    /// What an Excel export holds.
    ExportKind {
        /// 效率报表: summary with charts, per department, overdue list, raw rows. Uses `from`, `to`,
        /// `department_id`, `scenario`.
        EfficiencyReport,
        /// The task list with the filters of `GET /tasks` (`scenarios`, `statuses`, `priorities`,
        /// `department_id`, `owner_department_id`, `owner_id`, `q`, `overdue`, `top_level`,
        /// `due_after`, `due_before`).
        TaskList,
        /// 项目进度跟踪表 of `task_id`: its subtasks with department, owner, status, percent, next
        /// step, open problem, last update.
        TaskProgress,
        /// 会议纪要与行动项 of `meeting_id`.
        MeetingMinutes,
    }
);
code_enum!(
    /// Where an export stands: queued → running → done (then expired) or failed.
    ExportStatus {
        Queued,
        Running,
        Done,
        Failed,
        /// Its file is gone: ask again.
        Expired,
    }
);
code_enum!(
    /// What a background job does (the handler that runs it).
    JobKind { Mail, Robot, Webhook, Export }
);
code_enum!(
    /// The chat platform of a group robot.
    RobotPlatform {
        /// DingTalk custom robot (signed when a `SEC…` secret is set).
        Dingtalk,
        /// WeCom group robot (the key in the URL is the credential).
        Wecom,
        /// Feishu / Lark custom bot (signed when a secret is set).
        Feishu,
    }
);
code_enum!(
    /// A channel outside the app a user may turn notifications off on (strong reminders ignore
    /// that).
    NotificationChannel { Mail, Robot }
);
code_enum!(
    /// Where a background job stands.
    JobStatus {
        Queued,
        Running,
        Done,
        /// Gave up after the last attempt; an administrator may retry it.
        Dead,
    }
);

impl Priority {
    pub fn rank(self) -> i32 {
        match self {
            Self::High => 0,
            Self::Medium => 1,
            Self::Low => 2,
        }
    }
}

impl Status {
    /// The statuses a task may move to from this one.
    pub fn allowed_next(self) -> &'static [Status] {
        use Status::*;
        match self {
            Draft => &[Published, Cancelled],
            Published => &[InProgress, Cancelled],
            InProgress => &[PendingReview, Done, Cancelled],
            // Returning work for another round sends it back to in_progress.
            PendingReview => &[InProgress, Done, Cancelled],
            Done => &[Archived, InProgress],
            Archived | Cancelled => &[],
        }
    }

    /// Still needs work (blocks the parent from being done).
    pub fn is_open(self) -> bool {
        !matches!(self, Status::Done | Status::Archived | Status::Cancelled)
    }

    /// Not finished: drafts included.
    pub const OPEN: [Status; 4] = [Status::Draft, Status::Published, Status::InProgress, Status::PendingReview];
    /// Out in the world and not finished: what reminders chase and weekly drafts list.
    pub const LIVE: [Status; 3] = [Status::Published, Status::InProgress, Status::PendingReview];
}

#[cfg(test)]
mod tests {
    use diesel::connection::Connection;
    use diesel::deserialize::FromSqlRow;
    use diesel::sqlite::{Sqlite, SqliteConnection};
    use diesel::RunQueryDsl;
    use strum::IntoEnumIterator;

    use super::*;

    /// `stored` read from a text column as a `T`.
    fn read<T>(stored: &str) -> diesel::QueryResult<T>
    where
        T: FromSqlRow<Text, Sqlite> + 'static,
    {
        let mut c = SqliteConnection::establish(":memory:").expect("in-memory SQLite");
        diesel::select(diesel::dsl::sql::<Text>("").bind::<Text, _>(stored)).get_result::<T>(&mut c)
    }

    /// Every value is stored as its snake_case name and read back; anything else is an error.
    fn maps_once<T>(names: &[&str])
    where
        T: IntoEnumIterator
            + Copy
            + PartialEq
            + std::fmt::Debug
            + Into<&'static str>
            + FromSqlRow<Text, Sqlite>
            + 'static,
    {
        let stored: Vec<&'static str> = T::iter().map(Into::into).collect();
        assert_eq!(stored, names);
        for v in T::iter() {
            assert_eq!(read::<T>(v.into()).expect("a known value reads"), v);
        }
        for bad in ["", "Unknown", "DONE", "queued ", "no_such_value"] {
            assert!(read::<T>(bad).is_err(), "{bad:?} read as a value");
        }
    }

    #[test]
    fn the_closed_sets_keep_their_stored_names_and_refuse_anything_else() {
        maps_once::<ExportKind>(&["efficiency_report", "task_list", "task_progress", "meeting_minutes"]);
        maps_once::<ExportStatus>(&["queued", "running", "done", "failed", "expired"]);
        maps_once::<JobKind>(&["mail", "robot", "webhook", "export"]);
        maps_once::<JobStatus>(&["queued", "running", "done", "dead"]);
        maps_once::<RobotPlatform>(&["dingtalk", "wecom", "feishu"]);
        maps_once::<NotificationChannel>(&["mail", "robot"]);
        maps_once::<FileAccessLevel>(&["collaborators", "owners_edit", "company_public", "restricted"]);
        maps_once::<ParticipantReason>(&["owner", "creator", "collaborator", "parent", "help_request", "escalation"]);
        maps_once::<LockKind>(&["address", "account", "device"]);
        maps_once::<AuditKind>(&[
            "login_succeeded",
            "login_failed",
            "session_revoked_on_reuse",
            "password_changed",
            "token_created",
            "token_revoked",
            "user_created",
            "user_permissions_changed",
            "department_heads_changed",
            "confidential_task_viewed",
            "robot_changed",
            "file_access_changed",
            "work_calendar_imported",
            "login_lock_cleared",
        ]);
    }
}
