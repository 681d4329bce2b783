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
    /// A collaborating department's answer to a task it is asked to work on: pending until one of
    /// its heads accepts (and names who does the work) or declines with a reason.
    ResponseState { Pending, Accepted, Declined }
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
        /// A supervisor an unanswered emergency, help request or approval escalated to.
        Escalation,
        /// An approver of the task's resource request.
        Approver,
        /// Copied on the task's resource request (抄送).
        ApprovalCc,
        /// Must hand in a collection of the task (收集).
        Submitter,
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
        /// An administrator took a case out of the case library (the reason in the detail).
        CaseReopened,
    }
);
code_enum!(
    /// How a case ended against its deadline (the case library's 结果 facet).
    CaseOutcome { OnTime, Late }
);
code_enum!(
    /// Company role of a user.
    Role { Admin, DeptHead, Member }
);
code_enum!(
    /// What kind of content a file holds, by its current version's content type (else its name's
    /// extension): the 类型 filter of the Files page.
    FileKind { Document, Spreadsheet, Presentation, Pdf, Image, Video, Archive, Text, Other }
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
        /// 效率报表: summary with charts, per department, overdue list, approval cycle times, raw
        /// rows. Uses `from`, `to`, `department_id`, `scenario`.
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
        /// 审批单 of `task_id`'s resource request, to print: the request, its lines and total, and
        /// the approval timeline of its current submission.
        ApprovalForm,
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
    JobKind {
        Mail,
        Robot,
        Webhook,
        Export,
        /// Reads the text of a file version for search.
        ExtractText,
    }
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
code_enum!(
    /// Where the text of a file version stands (`file_texts.status`).
    TextStatus {
        /// Queued for the text worker.
        Pending,
        /// Read: the text is there.
        Done,
        /// Not read on purpose: a kind of file without text, or past the size limit.
        Skipped,
        /// The extractor gave up (a broken file, out of time or memory).
        Failed,
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

code_enum!(
    /// What happened, in one vocabulary: the kind of a domain event in the outbox, of the
    /// notifications it makes, of the mail and robot messages and webhook calls it is delivered as,
    /// and of the live stream's `notification` events.
    EventKind {
        /// A task was published (to everyone taking part), or reached people newly added to it.
        TaskPublished,
        /// Someone became a task's owner.
        TaskAssigned,
        /// A task moved in its status workflow.
        TaskStatusChanged,
        /// A task's deadline moved.
        TaskDueChanged,
        /// A task is done.
        TaskCompleted,
        /// Every predecessor of a task now lets it start.
        TaskUnblocked,
        /// A predecessor's slip pushes a task's earliest start past its planned start.
        TaskAtRisk,
        /// Someone commented on a task the recipient owns.
        TaskCommented,
        /// A comment mentions the recipient (or their department).
        CommentMentioned,
        /// Someone answered the recipient's comment.
        CommentReplied,
        /// The recipient is invited to a meeting.
        MeetingInvited,
        /// A meeting the recipient takes part in changed.
        MeetingUpdated,
        /// A meeting the recipient took part in is cancelled (or they were removed from it).
        MeetingCancelled,
        /// A department is asked for help (求助).
        HelpRequested,
        /// A help request was answered.
        HelpAnswered,
        /// A help request got no answer in time and goes up the line.
        HelpEscalated,
        /// A task's deadline is near.
        ReminderDueSoon,
        /// A task is overdue (once per working day).
        ReminderOverdue,
        /// A notice that asks for an acknowledgement was not acknowledged in time.
        ReminderUnacknowledged,
        /// A high-priority task's owner has not started: a strong reminder on every channel.
        ReminderStrong,
        /// An emergency got no response in time and goes up the line.
        TaskEscalated,
        /// A milestone's deadline is near.
        MilestoneDueSoon,
        /// A milestone is overdue.
        MilestoneOverdue,
        /// Time to write the week's collaboration summary.
        WeeklySummaryDue,
        /// The week's collaboration summary is still missing.
        WeeklySummaryReminder,
        /// A resource request's approval step waits on the recipient (审批待办), also after a
        /// transfer (转交) or an added approver (加签).
        ApprovalRequested,
        /// The recipient is copied on a resource request (抄送).
        ApprovalCopied,
        /// A resource request was approved by every step.
        ApprovalApproved,
        /// A resource request was rejected (final).
        ApprovalRejected,
        /// A resource request was returned to its initiator or to an earlier step (退回).
        ApprovalReturned,
        /// The initiator withdrew a resource request (撤回).
        ApprovalWithdrawn,
        /// The initiator asks the approvers a request waits on to act (催办).
        ApprovalNudged,
        /// An approval step is past its SLA: a reminder to the approver.
        ApprovalOverdue,
        /// An approval step stayed past its SLA and goes to the approver's supervisor.
        ApprovalEscalated,
        /// A collaborating department accepted the task and named who does its part.
        DepartmentAccepted,
        /// A collaborating department declined the task, with its reason.
        DepartmentDeclined,
        /// A collaborating department has not answered within the acknowledgement clock.
        DepartmentUnanswered,
        /// A collection's round opened: the recipient must hand in (收集).
        CollectionRequested,
        /// A submission was handed in (to the collector).
        CollectionSubmitted,
        /// The collector accepted a submission.
        CollectionAccepted,
        /// The collector sent a submission back (退回): it is open again for its submitter.
        CollectionReturned,
        /// A collection's deadline is near and the recipient has not handed in.
        CollectionDueSoon,
        /// A collection's deadline passed and the recipient has not handed in (at the deadline,
        /// then once per working day).
        CollectionOverdue,
        /// A submission is a working day late: its department's head (or the person's supervisor)
        /// is told.
        CollectionEscalated,
    }
);

impl EventKind {
    /// Notices that ask for an acknowledgement ("已确认"). The partial index
    /// `notifications_awaiting_ack` lists the same kinds in the same order.
    pub const AWAITING_ACK: [EventKind; 6] = [
        EventKind::TaskAssigned,
        EventKind::ReminderDueSoon,
        EventKind::ReminderOverdue,
        EventKind::TaskEscalated,
        EventKind::HelpRequested,
        EventKind::WeeklySummaryDue,
    ];
}

code_enum!(
    /// What the live stream's `task` event says changed on a task (its `what`): the client
    /// re-reads what that touches.
    TaskChange {
        /// Fields of the task.
        Updated,
        /// Its status (and what follows from it: percent, the parent's roll-up).
        Status,
        /// A subtask was added.
        Subtask,
        /// A comment was added, edited, deleted or pinned.
        Comment,
        /// A meeting of the task was scheduled, changed, cancelled or got minutes.
        Meeting,
        /// A file of the task changed.
        File,
        /// Who takes part changed.
        Participants,
        /// The resource request's form or approval moved.
        Approval,
        /// A collection, one of its rounds or a submission changed.
        Collection,
        /// Its 协作总结, tags, or place in the case library changed.
        Case,
    }
);

code_enum!(
    /// The events of the live log, as the `/events` stream names them.
    LiveKind {
        /// Something about a task changed (data: `task_id`, `root_id`, `what`).
        Task,
        /// A notification landed in the user's inbox (data: `notification_id`, `kind`).
        Notification,
        /// The user lost access to tasks (data: `task_ids`).
        Access,
    }
);

code_enum!(
    /// Language of the interface, mails and exports.
    Locale {
        #[serde(rename = "zh-CN")]
        #[strum(serialize = "zh-CN")]
        ZhCn,
        En,
    }
);

code_enum!(
    /// What a line of a task's history records: an event of its life (created, a subtask added,
    /// progress posted, a dependency, a risk, a meeting, a help request, removal of a person,
    /// deletion), or which field changed.
    HistoryField {
        Created,
        SubtaskAdded,
        ProgressNote,
        DependencyAdded,
        DependencyRemoved,
        ForcedStart,
        AtRisk,
        AtRiskCleared,
        PercentRollup,
        Deleted,
        ParticipantRemoved,
        HelpRequested,
        /// The resource request's form was saved (new value: its revision).
        RequestForm,
        /// The resource request was submitted for approval (new value: the submission number).
        ApprovalSubmitted,
        /// A decision or move on the approval (new value: `<action> <step>`, e.g. `approved 1`).
        ApprovalAction,
        /// The approval ended (new value: the outcome).
        ApprovalEnded,
        /// A collection was set up (new value: its title).
        Collection,
        /// A submission of a collection moved (new value: `<status> <who> <period>`).
        CollectionSubmission,
        /// The 协作总结 was written when the task was marked done (new value: its outcome).
        Summary,
        /// The task went into the case library (new value: `manual` or `auto`).
        Archived,
        /// An administrator took the case out of the library (new value: the reason).
        Reopened,
        /// The case's tags (old and new value: the tags, comma-separated).
        Tags,
        /// The task was started from a case (new value: a task reference to the case).
        ReusedFrom,
        MeetingScheduled,
        MeetingCancelled,
        Title,
        Goal,
        Status,
        Percent,
        Priority,
        StartAt,
        DueAt,
        Owner,
        Collaborators,
        Departments,
        InitiatingDepartment,
        Resources,
        Risks,
        Milestones,
        Visibility,
    }
);

code_enum!(
    /// A rule of the reminder engine, as its fire ledger records it (and the prefix of its keys).
    ReminderRule {
        /// A task's deadline is near.
        DueSoon,
        /// A task is overdue (once per local day).
        Overdue,
        /// A milestone's deadline is near.
        MilestoneDueSoon,
        /// A milestone is overdue (once per local day).
        MilestoneOverdue,
        /// A notice was not acknowledged within the acknowledgement clock.
        AckBreach,
        /// A high-priority owner who has not acknowledged is reminded on every channel.
        Strong,
        /// An emergency nobody took up goes to the owner's supervisor.
        Escalation,
        /// A help request nobody answered goes up the line.
        HelpEscalation,
        /// Friday's call for the weekly summary.
        WeeklySummary,
        /// Monday's reminder of a missing weekly summary.
        WeeklySummaryReminder,
        /// An approval step waits on an approver past its SLA.
        ApprovalOverdue,
        /// An approval step waited past twice its SLA: the approver's supervisor is told.
        ApprovalEscalation,
        /// A collaborating department has not answered a task within the acknowledgement clock.
        DepartmentUnanswered,
        /// A collection's deadline is near.
        CollectionDueSoon,
        /// A collection's deadline has come.
        CollectionDue,
        /// A collection is overdue (once per working day).
        CollectionOverdue,
        /// A submission a working day late goes to the department head.
        CollectionEscalation,
    }
);

code_enum!(
    /// What a resource request (资源申请) asks for, line by line.
    ResourceKind {
        /// Money (an amount in a currency).
        Budget,
        /// People for a number of days.
        PeopleDays,
        /// Data or access to it.
        Data,
        /// Equipment.
        Equipment,
        /// Anything else, described in words.
        Other,
    }
);

code_enum!(
    /// How a step of an approval flow decides: one approver, all of them (会签), or any one (或签).
    ApprovalMode { Single, All, Any }
);

code_enum!(
    /// Whether a collection's round still takes submissions.
    RoundState { Open, Closed }
);

code_enum!(
    /// Where one unit's submission to a round stands: pending until handed in (missing once the
    /// deadline passed), submitted, then accepted, or returned (退回: open again for the submitter).
    SubmissionStatus { Pending, Submitted, Accepted, Returned }
);

code_enum!(
    /// The kind of a collection form's field.
    FormFieldKind { Text, Number, Date, Choice }
);

code_enum!(
    /// How often a collection opens a round.
    Recurrence { Once, Weekly, Monthly, Quarterly }
);

code_enum!(
    /// Where a resource request stands: a draft until submitted; pending while its approval runs;
    /// then approved or rejected (final), or returned / withdrawn (editable, then resubmitted).
    RequestStatus { Draft, Pending, Approved, Rejected, Returned, Withdrawn }
);

code_enum!(
    /// What one approver's place in a step is: waiting (a later step, or behind an approver added
    /// before them), pending (the request waits on them), or how it ended.
    AssignmentState {
        Waiting,
        Pending,
        Approved,
        Rejected,
        Returned,
        /// Handed to someone else (转交).
        Transferred,
        /// Not needed any more: another approver of an any-one step (或签) decided, or the approval ended.
        Skipped,
    }
);

code_enum!(
    /// How an approver came to a step.
    AssignmentOrigin {
        /// Resolved from the flow at submission.
        Flow,
        /// Someone transferred their place to them (转交).
        Transfer,
        /// Added before the approver who added them (前加签): they decide first.
        AddedBefore,
        /// Added after the approver who added them (后加签): they decide next.
        AddedAfter,
    }
);

code_enum!(
    /// The currency of an amount (ISO 4217).
    Currency {
        #[serde(rename = "CNY")]
        #[strum(serialize = "CNY")]
        Cny,
        #[serde(rename = "USD")]
        #[strum(serialize = "USD")]
        Usd,
        #[serde(rename = "EUR")]
        #[strum(serialize = "EUR")]
        Eur,
        #[serde(rename = "HKD")]
        #[strum(serialize = "HKD")]
        Hkd,
        #[serde(rename = "JPY")]
        #[strum(serialize = "JPY")]
        Jpy,
    }
);

impl Currency {
    /// Digits after the decimal point of its minor unit (分, cent); the yen has none.
    pub fn minor_digits(self) -> u32 {
        match self {
            Self::Jpy => 0,
            Self::Cny | Self::Usd | Self::Eur | Self::Hkd => 2,
        }
    }
}

/// An exact amount of money as whole minor units (分, cents) of its currency: never a float.
/// Read from and written as a decimal string (`"50000.00"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount {
    pub minor: i64,
}

/// Why a decimal string is not an amount of a currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    /// Not `digits[.digits]` (no sign, exponent, grouping or spaces inside).
    Format,
    /// More digits after the point than the currency's minor unit has.
    Precision,
    /// Above 10^15 major units.
    TooLarge,
}

impl Amount {
    /// The largest amount accepted, in major units (a quadrillion).
    pub const MAX_MAJOR: i64 = 1_000_000_000_000_000;

    /// Parses `"50000"`, `"50000.5"` or `"50000.50"` exactly, for `currency`.
    pub fn parse(text: &str, currency: Currency) -> Result<Self, AmountError> {
        let digits = currency.minor_digits();
        let (major, fraction) = match text.split_once('.') {
            Some((m, f)) => (m, Some(f)),
            None => (text, None),
        };
        let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(major) || fraction.is_some_and(|f| !all_digits(f)) {
            return Err(AmountError::Format);
        }
        let fraction = fraction.unwrap_or("");
        if fraction.len() > digits as usize {
            return Err(AmountError::Precision);
        }
        let major = major.trim_start_matches('0');
        if major.len() > 16 {
            return Err(AmountError::TooLarge);
        }
        let major: i64 = if major.is_empty() { 0 } else { major.parse().map_err(|_| AmountError::TooLarge)? };
        if major > Self::MAX_MAJOR {
            return Err(AmountError::TooLarge);
        }
        let scale = 10_i64.pow(digits);
        let padded = format!("{fraction:0<width$}", width = digits as usize);
        let minor_part: i64 = if padded.is_empty() { 0 } else { padded.parse().map_err(|_| AmountError::Format)? };
        Ok(Self { minor: major * scale + minor_part })
    }

    /// The amount as a decimal string with exactly the currency's minor digits (`"50000.00"`).
    pub fn format(self, currency: Currency) -> String {
        let digits = currency.minor_digits();
        if digits == 0 {
            return self.minor.to_string();
        }
        let scale = 10_i64.pow(digits);
        format!("{}.{:0width$}", self.minor / scale, self.minor % scale, width = digits as usize)
    }
}

/// What a webhook subscribes to: one event kind, or `*`, every kind (also kinds added later).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventFilter {
    All,
    Kind(EventKind),
}

impl EventFilter {
    pub fn matches(self, kind: EventKind) -> bool {
        self == Self::All || self == Self::Kind(kind)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::All => "*",
            Self::Kind(k) => k.as_str(),
        }
    }
}

impl std::str::FromStr for EventFilter {
    type Err = strum::ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == "*" {
            Ok(Self::All)
        } else {
            s.parse().map(Self::Kind)
        }
    }
}

impl Serialize for EventFilter {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for EventFilter {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(|_| serde::de::Error::custom(format!("unknown event kind {s:?}: an EventKind or `*`")))
    }
}

impl utoipa::PartialSchema for EventFilter {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Ref, Type};
        OneOfBuilder::new()
            .item(Ref::from_schema_name("EventKind"))
            .item(
                ObjectBuilder::new().schema_type(Type::String).enum_values(Some(["*"])).description(Some("every kind")),
            )
            .description(Some("An event kind, or `*` for every kind (also kinds added later)."))
            .into()
    }
}

impl ToSchema for EventFilter {}

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
        maps_once::<ExportKind>(&[
            "efficiency_report",
            "task_list",
            "task_progress",
            "meeting_minutes",
            "approval_form",
        ]);
        maps_once::<ExportStatus>(&["queued", "running", "done", "failed", "expired"]);
        maps_once::<JobKind>(&["mail", "robot", "webhook", "export", "extract_text"]);
        maps_once::<JobStatus>(&["queued", "running", "done", "dead"]);
        maps_once::<TextStatus>(&["pending", "done", "skipped", "failed"]);
        maps_once::<RobotPlatform>(&["dingtalk", "wecom", "feishu"]);
        maps_once::<NotificationChannel>(&["mail", "robot"]);
        maps_once::<FileKind>(&[
            "document",
            "spreadsheet",
            "presentation",
            "pdf",
            "image",
            "video",
            "archive",
            "text",
            "other",
        ]);
        maps_once::<FileAccessLevel>(&["collaborators", "owners_edit", "company_public", "restricted"]);
        maps_once::<ParticipantReason>(&[
            "owner",
            "creator",
            "collaborator",
            "parent",
            "help_request",
            "escalation",
            "approver",
            "approval_cc",
            "submitter",
        ]);
        maps_once::<LockKind>(&["address", "account", "device"]);
        maps_once::<TaskChange>(&[
            "updated",
            "status",
            "subtask",
            "comment",
            "meeting",
            "file",
            "participants",
            "approval",
            "collection",
            "case",
        ]);
        maps_once::<LiveKind>(&["task", "notification", "access"]);
        maps_once::<Locale>(&["zh-CN", "en"]);
        maps_once::<Currency>(&["CNY", "USD", "EUR", "HKD", "JPY"]);
        maps_once::<ResourceKind>(&["budget", "people_days", "data", "equipment", "other"]);
        maps_once::<ApprovalMode>(&["single", "all", "any"]);
        maps_once::<RoundState>(&["open", "closed"]);
        maps_once::<SubmissionStatus>(&["pending", "submitted", "accepted", "returned"]);
        maps_once::<FormFieldKind>(&["text", "number", "date", "choice"]);
        maps_once::<Recurrence>(&["once", "weekly", "monthly", "quarterly"]);
        maps_once::<RequestStatus>(&["draft", "pending", "approved", "rejected", "returned", "withdrawn"]);
        maps_once::<AssignmentState>(&[
            "waiting",
            "pending",
            "approved",
            "rejected",
            "returned",
            "transferred",
            "skipped",
        ]);
        maps_once::<AssignmentOrigin>(&["flow", "transfer", "added_before", "added_after"]);
        maps_once::<HistoryField>(&[
            "created",
            "subtask_added",
            "progress_note",
            "dependency_added",
            "dependency_removed",
            "forced_start",
            "at_risk",
            "at_risk_cleared",
            "percent_rollup",
            "deleted",
            "participant_removed",
            "help_requested",
            "request_form",
            "approval_submitted",
            "approval_action",
            "approval_ended",
            "collection",
            "collection_submission",
            "summary",
            "archived",
            "reopened",
            "tags",
            "reused_from",
            "meeting_scheduled",
            "meeting_cancelled",
            "title",
            "goal",
            "status",
            "percent",
            "priority",
            "start_at",
            "due_at",
            "owner",
            "collaborators",
            "departments",
            "initiating_department",
            "resources",
            "risks",
            "milestones",
            "visibility",
        ]);
        maps_once::<ReminderRule>(&[
            "due_soon",
            "overdue",
            "milestone_due_soon",
            "milestone_overdue",
            "ack_breach",
            "strong",
            "escalation",
            "help_escalation",
            "weekly_summary",
            "weekly_summary_reminder",
            "approval_overdue",
            "approval_escalation",
            "department_unanswered",
            "collection_due_soon",
            "collection_due",
            "collection_overdue",
            "collection_escalation",
        ]);
        maps_once::<EventKind>(&[
            "task_published",
            "task_assigned",
            "task_status_changed",
            "task_due_changed",
            "task_completed",
            "task_unblocked",
            "task_at_risk",
            "task_commented",
            "comment_mentioned",
            "comment_replied",
            "meeting_invited",
            "meeting_updated",
            "meeting_cancelled",
            "help_requested",
            "help_answered",
            "help_escalated",
            "reminder_due_soon",
            "reminder_overdue",
            "reminder_unacknowledged",
            "reminder_strong",
            "task_escalated",
            "milestone_due_soon",
            "milestone_overdue",
            "weekly_summary_due",
            "weekly_summary_reminder",
            "approval_requested",
            "approval_copied",
            "approval_approved",
            "approval_rejected",
            "approval_returned",
            "approval_withdrawn",
            "approval_nudged",
            "approval_overdue",
            "approval_escalated",
            "department_accepted",
            "department_declined",
            "department_unanswered",
            "collection_requested",
            "collection_submitted",
            "collection_accepted",
            "collection_returned",
            "collection_due_soon",
            "collection_overdue",
            "collection_escalated",
        ]);
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
            "case_reopened",
        ]);
    }

    #[test]
    fn an_event_filter_is_a_kind_or_everything() {
        assert_eq!("*".parse::<EventFilter>(), Ok(EventFilter::All));
        assert_eq!("task_published".parse::<EventFilter>(), Ok(EventFilter::Kind(EventKind::TaskPublished)));
        assert!("task_exploded".parse::<EventFilter>().is_err());
        assert!(EventFilter::All.matches(EventKind::HelpAnswered));
        assert!(!EventFilter::Kind(EventKind::TaskPublished).matches(EventKind::HelpAnswered));
        assert_eq!(
            serde_json::to_string(&EventFilter::Kind(EventKind::MeetingInvited)).ok().as_deref(),
            Some("\"meeting_invited\"")
        );
    }

    #[test]
    fn amounts_are_read_exactly_in_minor_units_and_written_back_the_same() {
        let cny = Currency::Cny;
        assert_eq!(Amount::parse("50000", cny), Ok(Amount { minor: 5_000_000 }));
        assert_eq!(Amount::parse("50000.5", cny), Ok(Amount { minor: 5_000_050 }));
        assert_eq!(Amount::parse("0.01", cny), Ok(Amount { minor: 1 }));
        assert_eq!(Amount::parse("007.10", cny), Ok(Amount { minor: 710 }));
        // 0.1 + 0.2 is 0.3 here: no binary fractions anywhere.
        let sum = Amount::parse("0.1", cny).map(|a| a.minor).unwrap_or(0)
            + Amount::parse("0.2", cny).map(|a| a.minor).unwrap_or(0);
        assert_eq!(Amount { minor: sum }.format(cny), "0.30");
        assert_eq!(Amount { minor: 5_000_050 }.format(cny), "50000.50");
        assert_eq!(Amount::parse("100", Currency::Jpy), Ok(Amount { minor: 100 }));
        assert_eq!(Amount { minor: 100 }.format(Currency::Jpy), "100");
        for bad in ["", ".5", "5.", "-1", "+1", "1e5", "1,000", " 1", "1 ", "1.2.3", "NaN", "５"] {
            assert_eq!(Amount::parse(bad, cny), Err(AmountError::Format), "{bad:?}");
        }
        assert_eq!(Amount::parse("0.001", cny), Err(AmountError::Precision));
        assert_eq!(Amount::parse("100.5", Currency::Jpy), Err(AmountError::Precision));
        assert_eq!(Amount::parse("1000000000000001", cny), Err(AmountError::TooLarge));
        assert_eq!(Amount::parse("99999999999999999999999", cny), Err(AmountError::TooLarge));
        assert_eq!(Amount::parse("1000000000000000", cny).map(|a| a.format(cny)), Ok("1000000000000000.00".to_owned()));
    }
}
