//! Localized texts the server renders itself: activity sentences and notification titles, in
//! the reader's language (zh-CN default, en) and time zone.

use crate::values::{EventKind, FileAccessLevel, FileChangeKind, HistoryField, Locale, Priority, Status};
use chrono::{Datelike, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

/// The reader's language and time zone.
#[derive(Debug, Clone, Copy)]
pub struct Audience {
    pub english: bool,
    pub tz: Tz,
}

impl Audience {
    pub fn new(locale: Locale, time_zone: &str) -> Self {
        Self { english: locale == Locale::En, tz: time_zone.parse().unwrap_or(chrono_tz::Asia::Shanghai) }
    }

    /// "9月12日 14:30" / "12 Sep 14:30" (with the year when it is not this year).
    /// What stands for a task the reader may not see (its title stays hidden).
    pub fn hidden_task(&self) -> &'static str {
        if self.english {
            "a task you cannot see"
        } else {
            "一项你无权查看的任务"
        }
    }

    /// A line of the weekly draft's problems: an open task past its deadline (`due`: MM-DD).
    pub fn weekly_overdue(&self, title: &str, due: &str) -> String {
        if self.english {
            format!("- {title}: overdue (due {due})")
        } else {
            format!("- {title}：已逾期（截止 {due}）")
        }
    }

    /// A line of the weekly draft's problems: a task waiting for its predecessors.
    pub fn weekly_waiting(&self, title: &str) -> String {
        if self.english {
            format!("- {title}: waiting for predecessors")
        } else {
            format!("- {title}：等待前置任务")
        }
    }

    /// A line of the weekly draft's plan: an open task and its deadline (`due`: MM-DD).
    pub fn weekly_due(&self, title: &str, due: &str) -> String {
        if self.english {
            format!("- {title} (due {due})")
        } else {
            format!("- {title}（截止 {due}）")
        }
    }

    pub fn moment(&self, t: NaiveDateTime) -> String {
        let local = self.tz.from_utc_datetime(&t);
        let this_year = self.tz.from_utc_datetime(&crate::clock::now()).year() == local.year();
        match (self.english, this_year) {
            (false, true) => local.format("%-m月%-d日 %H:%M").to_string(),
            (false, false) => local.format("%Y年%-m月%-d日 %H:%M").to_string(),
            (true, true) => local.format("%-d %b %H:%M").to_string(),
            (true, false) => local.format("%-d %b %Y %H:%M").to_string(),
        }
    }

    /// A calendar day: "9月30日" / "30 Sep" (with the year when it is not this year).
    pub fn day(&self, t: NaiveDateTime) -> String {
        let local = self.tz.from_utc_datetime(&t);
        let this_year = self.tz.from_utc_datetime(&crate::clock::now()).year() == local.year();
        match (self.english, this_year) {
            (false, true) => local.format("%-m月%-d日").to_string(),
            (false, false) => local.format("%Y年%-m月%-d日").to_string(),
            (true, true) => local.format("%-d %b").to_string(),
            (true, false) => local.format("%-d %b %Y").to_string(),
        }
    }

    /// Where a collection's submission stands; `missing` when not handed in past the deadline.
    pub fn submission_status(&self, status: crate::values::SubmissionStatus, missing: bool) -> String {
        use crate::values::SubmissionStatus as S;
        let (zh, en) = match status {
            S::Pending if missing => ("逾期未交", "missing"),
            S::Pending => ("未提交", "not handed in"),
            S::Submitted => ("已提交", "handed in"),
            S::Accepted => ("已确认", "accepted"),
            S::Returned => ("已退回", "sent back"),
        };
        self.pick(zh, en)
    }

    pub fn status(&self, status: Status) -> String {
        let (zh, en) = match status {
            Status::Draft => ("草稿", "draft"),
            Status::Published => ("已发布", "published"),
            Status::InProgress => ("进行中", "in progress"),
            Status::PendingReview => ("待审核", "pending review"),
            Status::Done => ("已完成", "done"),
            Status::Archived => ("已归档", "archived"),
            Status::Cancelled => ("已取消", "cancelled"),
        };
        self.pick(zh, en)
    }

    pub fn priority(&self, priority: Priority) -> String {
        let (zh, en) = match priority {
            Priority::High => ("高", "high"),
            Priority::Medium => ("中", "medium"),
            Priority::Low => ("低", "low"),
        };
        self.pick(zh, en)
    }

    /// The name of a task's field, for "changed <field> from … to …".
    pub fn field(&self, field: HistoryField) -> String {
        use HistoryField as F;
        let (zh, en) = match field {
            F::Title => ("标题", "title"),
            F::Goal => ("目标", "goal"),
            F::Status => ("状态", "status"),
            F::Percent | F::PercentRollup => ("进度", "progress"),
            F::Priority => ("优先级", "priority"),
            F::StartAt => ("开始日期", "start date"),
            F::DueAt => ("截止日期", "deadline"),
            F::Owner => ("负责人", "owner"),
            F::Collaborators => ("协作者", "collaborators"),
            F::Departments => ("协作部门", "collaborating departments"),
            F::InitiatingDepartment => ("发起部门", "initiating department"),
            F::Resources => ("所需资源", "resources needed"),
            F::Risks => ("风险评估", "risk assessment"),
            F::Milestones => ("里程碑", "milestones"),
            F::Visibility => ("可见范围", "visibility"),
            F::Created => ("任务", "task"),
            F::SubtaskAdded => ("子任务", "subtask"),
            F::ProgressNote => ("进展", "progress note"),
            F::DependencyAdded | F::DependencyRemoved | F::ForcedStart => ("前置任务", "predecessors"),
            F::AtRisk | F::AtRiskCleared => ("延期风险", "risk of delay"),
            F::Deleted => ("任务", "task"),
            F::ParticipantRemoved => ("参与人", "participants"),
            F::HelpRequested => ("求助", "help request"),
            F::MeetingScheduled | F::MeetingCancelled => ("会议", "meeting"),
            F::RequestForm => ("申请单", "request form"),
            F::ApprovalSubmitted | F::ApprovalAction => ("审批", "approval"),
            F::ApprovalEnded => ("审批结果", "approval outcome"),
            F::Collection | F::CollectionSubmission => ("收集", "collection"),
            F::Summary => ("协作总结", "collaboration summary"),
            F::Archived | F::Reopened | F::ReusedFrom => ("案例库", "case library"),
            F::Tags => ("标签", "tags"),
        };
        self.pick(zh, en)
    }

    /// A stored history value as people read it.
    pub fn value(&self, field: HistoryField, raw: &str) -> String {
        use HistoryField as F;
        match field {
            F::Percent | F::PercentRollup => format!("{raw}%"),
            F::Status => self.raw_status(raw),
            // History keeps values as text: one that is not (or no longer) a priority shows as is.
            F::Priority => raw.parse().map(|v| self.priority(v)).unwrap_or_else(|_| raw.to_owned()),
            F::StartAt | F::DueAt | F::AtRisk | F::AtRiskCleared => self.raw_day(raw),
            _ => {
                let mut s: String = raw.chars().take(60).collect();
                if raw.chars().count() > 60 {
                    s.push('…');
                }
                s
            }
        }
    }

    /// A status stored as text (history, event payloads); one that is not a status shows as is.
    fn raw_status(&self, raw: &str) -> String {
        raw.parse().map(|v| self.status(v)).unwrap_or_else(|_| raw.to_owned())
    }

    /// An RFC 3339 time as a day in the reader's time zone (as is when it does not parse).
    fn raw_day(&self, raw: &str) -> String {
        chrono::DateTime::parse_from_rfc3339(raw).map(|t| self.day(t.naive_utc())).unwrap_or_else(|_| raw.to_owned())
    }

    /// An RFC 3339 time as a moment (day and time) in the reader's time zone.
    fn raw_moment(&self, raw: &str) -> String {
        chrono::DateTime::parse_from_rfc3339(raw).map(|t| self.moment(t.naive_utc())).unwrap_or_else(|_| raw.to_owned())
    }

    fn pick(&self, zh: &str, en: &str) -> String {
        if self.english { en } else { zh }.to_owned()
    }

    /// One line of a task's activity feed, e.g. "9月12日 14:30 销售部 张三 将进度从 60% 改为 80%".
    pub fn activity(
        &self,
        at: NaiveDateTime,
        actor: &str,
        department: Option<&str>,
        field: HistoryField,
        old: Option<&str>,
        new: Option<&str>,
    ) -> String {
        use HistoryField as F;
        let when = self.moment(at);
        let who_zh = match department {
            Some(d) => format!("{d} {actor}"),
            None => actor.to_owned(),
        };
        let who_en = match department {
            Some(d) => format!("{actor} ({d})"),
            None => actor.to_owned(),
        };
        let new_v = new.map(|v| self.value(field, v)).unwrap_or_default();
        let old_v = old.map(|v| self.value(field, v)).unwrap_or_default();
        if self.english {
            let what = match field {
                F::Created => format!("created the task “{new_v}”"),
                F::SubtaskAdded => format!("added the subtask “{new_v}”"),
                F::ProgressNote => format!("posted progress: {new_v}"),
                F::DependencyAdded => format!("made it wait for “{new_v}”"),
                F::DependencyRemoved => format!("removed the predecessor “{old_v}”"),
                F::ForcedStart => format!("started it before its predecessors ({old_v}) were done: {new_v}"),
                F::AtRisk => {
                    format!("made a change after which it cannot start before {new_v} (planned: {old_v}): at risk")
                }
                F::AtRiskCleared => "made a change after which it can start as planned again".to_owned(),
                F::PercentRollup => {
                    format!("updated a subtask: overall progress moved from {old_v} to {new_v}")
                }
                F::Deleted => "deleted the task".to_owned(),
                F::ParticipantRemoved => format!("removed {old_v} from the task"),
                F::RequestForm => format!("saved the request form (revision {new_v})"),
                F::ApprovalSubmitted => format!("submitted the request for approval (submission {new_v})"),
                F::ApprovalAction => self.approval_action(new.unwrap_or_default()),
                F::ApprovalEnded => match new.unwrap_or_default() {
                    "approved" => "completed the approval: approved".to_owned(),
                    "rejected" => "rejected the request".to_owned(),
                    "returned" => "returned the request to its initiator".to_owned(),
                    _ => "withdrew the request".to_owned(),
                },
                F::Collection => format!("set up the collection “{new_v}”"),
                F::CollectionSubmission => self.collection_move(new.unwrap_or_default()),
                F::Summary => format!("marked it done with the collaboration summary: {new_v}"),
                F::Archived if new == Some("auto") => "it went into the case library (automatically)".to_owned(),
                F::Archived => "put it into the case library".to_owned(),
                F::Reopened => format!("took the case out of the library: {new_v}"),
                F::ReusedFrom => format!("started it from the case “{new_v}”"),
                _ if old.is_none() || old_v.is_empty() => format!("set {} to {new_v}", self.field(field)),
                _ if new.is_none() || new_v.is_empty() => format!("cleared {}", self.field(field)),
                _ => format!("changed {} from {old_v} to {new_v}", self.field(field)),
            };
            format!("{when}, {who_en} {what}")
        } else {
            let what = match field {
                F::Created => format!("创建了任务《{new_v}》"),
                F::SubtaskAdded => format!("添加了子任务《{new_v}》"),
                F::ProgressNote => format!("更新了进展：{new_v}"),
                F::DependencyAdded => format!("添加了前置任务《{new_v}》"),
                F::DependencyRemoved => format!("移除了前置任务《{old_v}》"),
                F::ForcedStart => format!("在前置任务（{old_v}）未完成时强制开始，原因：{new_v}"),
                F::AtRisk => format!("的调整使本任务最早 {new_v} 才能开始（原计划 {old_v}），有延期风险"),
                F::AtRiskCleared => "的调整使本任务又能按计划开始，延期风险解除".to_owned(),
                F::PercentRollup => format!("更新了子任务进度，整体进度从 {old_v} 改为 {new_v}"),
                F::Deleted => "删除了任务".to_owned(),
                F::ParticipantRemoved => format!("将 {old_v} 移出了任务"),
                F::RequestForm => format!("保存了申请单（第 {new_v} 版）"),
                F::ApprovalSubmitted => format!("提交了审批（第 {new_v} 次提交）"),
                F::ApprovalAction => self.approval_action(new.unwrap_or_default()),
                F::ApprovalEnded => match new.unwrap_or_default() {
                    "approved" => "完成审批：审批通过".to_owned(),
                    "rejected" => "拒绝了申请".to_owned(),
                    "returned" => "将申请退回给发起人".to_owned(),
                    _ => "撤回了申请".to_owned(),
                },
                F::Collection => format!("发起了收集「{new_v}」"),
                F::CollectionSubmission => self.collection_move(new.unwrap_or_default()),
                F::Summary => format!("标记完成并填写了协作总结：{new_v}"),
                F::Archived if new == Some("auto") => "（自动）将任务归档到案例库".to_owned(),
                F::Archived => "将任务归档到案例库".to_owned(),
                F::Reopened => format!("将案例移出案例库，原因：{new_v}"),
                F::ReusedFrom => format!("以案例《{new_v}》为模板新建了任务"),
                _ if old.is_none() || old_v.is_empty() => format!("将{}设为 {new_v}", self.field(field)),
                _ if new.is_none() || new_v.is_empty() => format!("清空了{}", self.field(field)),
                _ => format!("将{}从 {old_v} 改为 {new_v}", self.field(field)),
            };
            format!("{when} {who_zh} {what}")
        }
    }

    /// A submission's move as history keeps it (`<status>|<who>|<collection and period>`).
    fn collection_move(&self, raw: &str) -> String {
        let mut parts = raw.splitn(3, '|');
        let (code, who, what) =
            (parts.next().unwrap_or_default(), parts.next().unwrap_or_default(), parts.next().unwrap_or_default());
        if self.english {
            match code {
                "submitted" => format!("handed in “{what}” for {who}"),
                "accepted" => format!("accepted the submission of {who} to “{what}”"),
                _ => format!("sent back the submission of {who} to “{what}”"),
            }
        } else {
            match code {
                "submitted" => format!("代表 {who} 提交了「{what}」"),
                "accepted" => format!("确认收到 {who} 提交的「{what}」"),
                _ => format!("退回了 {who} 提交的「{what}」"),
            }
        }
    }

    /// An approver's move as history keeps it (`<action> <step number> <step name>`).
    fn approval_action(&self, raw: &str) -> String {
        let mut parts = raw.splitn(3, ' ');
        let (code, number, name) =
            (parts.next().unwrap_or_default(), parts.next().unwrap_or_default(), parts.next().unwrap_or_default());
        if self.english {
            let verb = match code {
                "approved" => "approved",
                "rejected" => "rejected the request",
                "returned" => "returned the request",
                "transferred" => "transferred their approval",
                "added_before" => "added an approver before themself",
                "added_after" => "approved and added an approver after themself",
                other => other,
            };
            format!("{verb} at step {number} “{name}”")
        } else {
            let verb = match code {
                "approved" => "同意",
                "rejected" => "拒绝了申请",
                "returned" => "退回了申请",
                "transferred" => "转交了审批",
                "added_before" => "前加签",
                "added_after" => "同意并后加签",
                other => other,
            };
            format!("在第 {number} 步「{name}」{verb}")
        }
    }

    /// One line of a file's change log, e.g. "9月12日 14:30 销售部 张三 修改了 渠道反馈数据.xlsx（第 3 版）".
    /// `name` is the file's name when it happened; `old`/`new` what a rename, restore or access
    /// change was from and to.
    #[expect(clippy::too_many_arguments, reason = "one change's facts")]
    pub fn file_change(
        &self,
        at: NaiveDateTime,
        actor: &str,
        department: Option<&str>,
        kind: FileChangeKind,
        name: &str,
        version: Option<i32>,
        old: Option<&str>,
        new: Option<&str>,
    ) -> String {
        let when = self.moment(at);
        let (old, new) = (old.unwrap_or_default(), new.unwrap_or_default());
        let v = version.unwrap_or_default();
        // The log keeps an access change's level as text: shown as stored if it is not one.
        let access = || new.parse().map_or_else(|_| new.to_owned(), |level| self.file_access(level));
        if self.english {
            let who = match department {
                Some(d) => format!("{actor} ({d})"),
                None => actor.to_owned(),
            };
            let what = match kind {
                FileChangeKind::Created => format!("uploaded {name} (version {v})"),
                FileChangeKind::VersionAdded => format!("modified {name} (version {v})"),
                FileChangeKind::Restored => format!("restored {name} to version {old} (version {v})"),
                FileChangeKind::Renamed => format!("renamed {old} to {new}"),
                FileChangeKind::Described => format!("changed the description of {name}"),
                FileChangeKind::AccessChanged => format!("set who may see {name} to “{}”", access()),
                FileChangeKind::Deleted => format!("deleted {name}"),
                FileChangeKind::Undeleted => format!("brought back {name}"),
            };
            format!("{when}, {who} {what}")
        } else {
            let who = match department {
                Some(d) => format!("{d} {actor}"),
                None => actor.to_owned(),
            };
            let what = match kind {
                FileChangeKind::Created => format!("上传了 {name}（第 {v} 版）"),
                FileChangeKind::VersionAdded => format!("修改了 {name}（第 {v} 版）"),
                FileChangeKind::Restored => format!("将 {name} 回退到第 {old} 版（第 {v} 版）"),
                FileChangeKind::Renamed => format!("将 {old} 重命名为 {new}"),
                FileChangeKind::Described => format!("修改了 {name} 的说明"),
                FileChangeKind::AccessChanged => format!("将 {name} 的权限设为“{}”", access()),
                FileChangeKind::Deleted => format!("删除了 {name}"),
                FileChangeKind::Undeleted => format!("恢复了 {name}"),
            };
            format!("{when} {who} {what}")
        }
    }

    /// The name of a file access level.
    pub fn file_access(&self, level: FileAccessLevel) -> String {
        let (zh, en) = match level {
            FileAccessLevel::Collaborators => ("仅协作成员可见", "collaborators only"),
            FileAccessLevel::OwnersEdit => ("仅负责人可编辑", "owners edit, task readers see"),
            FileAccessLevel::CompanyPublic => ("企业内公开", "everyone in the company"),
            FileAccessLevel::Restricted => ("指定范围可见", "named departments' heads and people"),
        };
        self.pick(zh, en)
    }

    /// The title of an in-app notification.
    pub fn notification(
        &self,
        kind: EventKind,
        actor: &str,
        title: &str,
        from: Option<&str>,
        to: Option<&str>,
    ) -> String {
        let status = |v: Option<&str>| v.map(|v| self.raw_status(v)).unwrap_or_default();
        let day = |v: Option<&str>| v.map(|v| self.raw_day(v)).unwrap_or_default();
        let moment = |v: Option<&str>| v.map(|v| self.raw_moment(v)).unwrap_or_default();
        if self.english {
            match kind {
                EventKind::TaskPublished => format!("{actor} published “{title}”"),
                EventKind::TaskAssigned => format!("{actor} made you the owner of “{title}”"),
                EventKind::TaskStatusChanged => {
                    format!("“{title}” moved from {} to {}", status(from), status(to))
                }
                EventKind::TaskDueChanged => format!("The deadline of “{title}” is now {}", day(to)),
                EventKind::TaskCompleted => format!("“{title}” is done"),
                EventKind::TaskUnblocked => format!("“{title}” no longer waits for its predecessors: you can start"),
                EventKind::TaskAtRisk => format!(
                    "“{title}” is at risk: its predecessors now let it start on {} at the earliest (planned: {})",
                    day(to),
                    day(from)
                ),
                EventKind::CommentMentioned => {
                    format!("{actor} mentioned you on “{title}”: {}", to.unwrap_or_default())
                }
                EventKind::CommentReplied => format!("{actor} replied on “{title}”: {}", to.unwrap_or_default()),
                EventKind::TaskCommented => format!("{actor} commented on “{title}”: {}", to.unwrap_or_default()),
                EventKind::MeetingInvited => {
                    format!("{actor} invites you to a meeting on “{title}” at {}", moment(to))
                }
                EventKind::MeetingUpdated => {
                    format!("The meeting on “{title}” changed: now at {}", moment(to))
                }
                EventKind::MeetingCancelled => {
                    format!("The meeting on “{title}” at {} is cancelled", moment(to))
                }
                EventKind::ReminderUnacknowledged => {
                    format!("Reminder: you have not confirmed the notice about “{title}” yet")
                }
                EventKind::ReminderStrong => format!("[Urgent] “{title}” needs you: confirm and start now"),
                EventKind::TaskEscalated => format!("Emergency “{title}” got no response in time and is escalated"),
                EventKind::ReminderDueSoon => format!("“{title}” is due {}", moment(to)),
                EventKind::ReminderOverdue => {
                    format!("“{title}” is overdue (deadline {})", moment(to))
                }
                EventKind::MilestoneDueSoon => {
                    format!("Milestone “{}” of “{title}” is due {}", from.unwrap_or_default(), moment(to))
                }
                EventKind::MilestoneOverdue => {
                    format!("Milestone “{}” of “{title}” is overdue", from.unwrap_or_default())
                }
                EventKind::HelpRequested => {
                    format!("{actor} asks your department for help on “{title}”: {}", to.unwrap_or_default())
                }
                EventKind::HelpAnswered => {
                    format!("{actor} answered your help request on “{title}”: {}", to.unwrap_or_default())
                }
                EventKind::HelpEscalated => {
                    format!("A help request on “{title}” got no answer in time and is escalated")
                }
                EventKind::WeeklySummaryDue => {
                    format!("Time for this week's collaboration summary (week of {})", to.unwrap_or_default())
                }
                EventKind::WeeklySummaryReminder => {
                    format!("The weekly summary for the week of {} is still missing", to.unwrap_or_default())
                }
                EventKind::ApprovalRequested => {
                    format!("“{title}” waits for your approval (step: {})", to.unwrap_or_default())
                }
                EventKind::ApprovalCopied => format!("You are copied on the resource request “{title}”"),
                EventKind::DepartmentAccepted => format!(
                    "{actor} accepted “{title}” for {}: {} does its part",
                    from.unwrap_or_default(),
                    to.unwrap_or_default()
                ),
                EventKind::DepartmentDeclined => {
                    format!("{actor} declined “{title}” for {}: {}", from.unwrap_or_default(), to.unwrap_or_default())
                }
                EventKind::DepartmentUnanswered => {
                    format!(
                        "{} has not answered “{title}” yet: accept it (and name an owner) or decline",
                        from.unwrap_or_default()
                    )
                }
                EventKind::ApprovalApproved => format!("The resource request “{title}” is approved"),
                EventKind::ApprovalRejected => {
                    format!("{actor} rejected the resource request “{title}”: {}", to.unwrap_or_default())
                }
                EventKind::ApprovalReturned => {
                    format!("{actor} returned the resource request “{title}”: {}", to.unwrap_or_default())
                }
                EventKind::ApprovalWithdrawn => format!("{actor} withdrew the resource request “{title}”"),
                EventKind::ApprovalNudged => {
                    format!("{actor} asks you to decide on “{title}” ({})", to.unwrap_or_default())
                }
                EventKind::ApprovalOverdue => {
                    format!("“{title}” has waited for your approval past its time limit ({})", to.unwrap_or_default())
                }
                EventKind::ApprovalEscalated => {
                    format!("An approval of “{title}” waited past twice its time limit and is escalated")
                }
                EventKind::CollectionRequested => {
                    format!("Please hand in “{}” for “{title}” by {}", from.unwrap_or_default(), moment(to))
                }
                EventKind::CollectionSubmitted => {
                    format!("{actor} handed in “{}” for {}", from.unwrap_or_default(), to.unwrap_or_default())
                }
                EventKind::CollectionAccepted => {
                    format!("{actor} accepted your submission to “{}”", from.unwrap_or_default())
                }
                EventKind::CollectionReturned => format!(
                    "{actor} sent back your submission to “{}”: {}",
                    from.unwrap_or_default(),
                    to.unwrap_or_default()
                ),
                EventKind::CollectionDueSoon => {
                    format!("“{}” is due {}: you have not handed it in yet", from.unwrap_or_default(), moment(to))
                }
                EventKind::CollectionOverdue => {
                    format!("“{}” was due {}: please hand it in", from.unwrap_or_default(), moment(to))
                }
                EventKind::CollectionEscalated => format!(
                    "{} has not handed in “{}” a working day after its deadline",
                    to.unwrap_or_default(),
                    from.unwrap_or_default()
                ),
            }
        } else {
            match kind {
                EventKind::TaskPublished => format!("{actor} 发布了任务《{title}》"),
                EventKind::TaskAssigned => format!("{actor} 指派你负责《{title}》"),
                EventKind::TaskStatusChanged => {
                    format!("《{title}》的状态从 {} 改为 {}", status(from), status(to))
                }
                EventKind::TaskDueChanged => format!("《{title}》的截止日期改为 {}", day(to)),
                EventKind::TaskCompleted => format!("《{title}》已完成"),
                EventKind::TaskUnblocked => format!("《{title}》的前置任务已完成，你可以开始了"),
                EventKind::TaskAtRisk => {
                    format!("《{title}》有延期风险：受前置任务影响，最早 {} 才能开始（原计划 {}）", day(to), day(from))
                }
                EventKind::CommentMentioned => format!("{actor} 在《{title}》中提到了你：{}", to.unwrap_or_default()),
                EventKind::CommentReplied => {
                    format!("{actor} 回复了你在《{title}》中的评论：{}", to.unwrap_or_default())
                }
                EventKind::TaskCommented => format!("{actor} 评论了《{title}》：{}", to.unwrap_or_default()),
                EventKind::MeetingInvited => {
                    format!("{actor} 邀请你参加《{title}》的会议：{}", moment(to))
                }
                EventKind::MeetingUpdated => format!("《{title}》的会议有变更：{}", moment(to)),
                EventKind::MeetingCancelled => format!("《{title}》{} 的会议已取消", moment(to)),
                EventKind::ReminderUnacknowledged => format!("提醒：关于《{title}》的通知你还没有确认，请尽快处理"),
                EventKind::ReminderStrong => format!("【强提醒】《{title}》需要你立即确认并开始推进"),
                EventKind::TaskEscalated => format!("紧急任务《{title}》超时无人响应，已升级"),
                EventKind::ReminderDueSoon => format!("《{title}》将于 {} 到期", moment(to)),
                EventKind::ReminderOverdue => format!("《{title}》已逾期（截止 {}）", moment(to)),
                EventKind::MilestoneDueSoon => {
                    format!("《{title}》的里程碑「{}」将于 {} 到期", from.unwrap_or_default(), moment(to))
                }
                EventKind::MilestoneOverdue => format!("《{title}》的里程碑「{}」已逾期", from.unwrap_or_default()),
                EventKind::HelpRequested => format!("{actor} 就《{title}》向你的部门求助：{}", to.unwrap_or_default()),
                EventKind::HelpAnswered => format!("{actor} 回复了你在《{title}》中的求助：{}", to.unwrap_or_default()),
                EventKind::HelpEscalated => format!("《{title}》的求助超时未回复，已升级"),
                EventKind::WeeklySummaryDue => format!("请填写本周协作总结（{} 这一周）", to.unwrap_or_default()),
                EventKind::WeeklySummaryReminder => format!("{} 这一周的协作总结还没有提交", to.unwrap_or_default()),
                EventKind::ApprovalRequested => format!("《{title}》等待你审批（{}）", to.unwrap_or_default()),
                EventKind::ApprovalCopied => format!("《{title}》的资源申请抄送给你"),
                EventKind::DepartmentAccepted => {
                    format!(
                        "{actor} 代表{}接受了《{title}》，由 {} 负责",
                        from.unwrap_or_default(),
                        to.unwrap_or_default()
                    )
                }
                EventKind::DepartmentDeclined => {
                    format!("{actor} 代表{}拒绝了《{title}》：{}", from.unwrap_or_default(), to.unwrap_or_default())
                }
                EventKind::DepartmentUnanswered => {
                    format!("{}尚未响应《{title}》，请尽快接受（并指定负责人）或说明原因拒绝", from.unwrap_or_default())
                }
                EventKind::ApprovalApproved => format!("《{title}》的资源申请已审批通过"),
                EventKind::ApprovalRejected => {
                    format!("{actor} 拒绝了《{title}》的资源申请：{}", to.unwrap_or_default())
                }
                EventKind::ApprovalReturned => {
                    format!("{actor} 退回了《{title}》的资源申请：{}", to.unwrap_or_default())
                }
                EventKind::ApprovalWithdrawn => format!("{actor} 撤回了《{title}》的资源申请"),
                EventKind::ApprovalNudged => format!("{actor} 催你审批《{title}》（{}）", to.unwrap_or_default()),
                EventKind::ApprovalOverdue => format!("《{title}》等待你审批已超时（{}）", to.unwrap_or_default()),
                EventKind::ApprovalEscalated => format!("《{title}》的审批超时未处理，已上报"),
                EventKind::CollectionRequested => {
                    format!("《{title}》请你在 {} 前提交「{}」", moment(to), from.unwrap_or_default())
                }
                EventKind::CollectionSubmitted => {
                    format!("{actor} 提交了「{}」（{}）", from.unwrap_or_default(), to.unwrap_or_default())
                }
                EventKind::CollectionAccepted => format!("{actor} 已确认收到你提交的「{}」", from.unwrap_or_default()),
                EventKind::CollectionReturned => {
                    format!("{actor} 退回了你提交的「{}」：{}", from.unwrap_or_default(), to.unwrap_or_default())
                }
                EventKind::CollectionDueSoon => {
                    format!("「{}」将于 {} 截止，你还没有提交", from.unwrap_or_default(), moment(to))
                }
                EventKind::CollectionOverdue => {
                    format!("「{}」已于 {} 截止，请尽快提交", from.unwrap_or_default(), moment(to))
                }
                EventKind::CollectionEscalated => {
                    format!("{} 逾期一个工作日仍未提交「{}」", to.unwrap_or_default(), from.unwrap_or_default())
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activity_reads_like_the_product_brief() {
        let zh = Audience::new(Locale::ZhCn, "Asia/Shanghai");
        // "This year" is the clock's: a fixed one, so the texts hold whenever the test runs.
        let _clock = crate::clock::Clock::starting_at("2026-11-26T08:00:00Z".parse().expect("time")).enter();
        let year = 2026;
        // 06:30 UTC is 14:30 in Shanghai.
        let at = chrono::NaiveDate::from_ymd_opt(year, 9, 12).and_then(|d| d.and_hms_opt(6, 30, 0)).expect("date");
        assert_eq!(
            zh.activity(at, "张三", Some("销售部"), HistoryField::Percent, Some("60"), Some("80")),
            "9月12日 14:30 销售部 张三 将进度从 60% 改为 80%"
        );
        let en = Audience::new(Locale::En, "Europe/Berlin");
        assert_eq!(
            en.activity(at, "张三", Some("销售部"), HistoryField::Status, Some("in_progress"), Some("done")),
            "12 Sep 08:30, 张三 (销售部) changed status from in progress to done"
        );
        assert_eq!(zh.notification(EventKind::TaskCompleted, "李四", "新品发布", None, None), "《新品发布》已完成");
    }

    #[test]
    fn a_file_change_reads_like_the_product_brief() {
        let zh = Audience::new(Locale::ZhCn, "Asia/Shanghai");
        // "This year" is the clock's: a fixed one, so the texts hold whenever the test runs.
        let _clock = crate::clock::Clock::starting_at("2026-11-26T08:00:00Z".parse().expect("time")).enter();
        let year = 2026;
        let at = chrono::NaiveDate::from_ymd_opt(year, 9, 12).and_then(|d| d.and_hms_opt(6, 30, 0)).expect("date");
        assert_eq!(
            zh.file_change(
                at,
                "张三",
                Some("销售部"),
                FileChangeKind::VersionAdded,
                "渠道反馈数据.xlsx",
                Some(3),
                None,
                None
            ),
            "9月12日 14:30 销售部 张三 修改了 渠道反馈数据.xlsx（第 3 版）"
        );
        assert_eq!(
            zh.file_change(at, "张三", None, FileChangeKind::Restored, "预算.xlsx", Some(4), Some("2"), None),
            "9月12日 14:30 张三 将 预算.xlsx 回退到第 2 版（第 4 版）"
        );
        let en = Audience::new(Locale::En, "Asia/Shanghai");
        assert_eq!(
            en.file_change(
                at,
                "Zhang San",
                Some("Sales"),
                FileChangeKind::VersionAdded,
                "feedback.xlsx",
                Some(3),
                None,
                None
            ),
            "12 Sep 14:30, Zhang San (Sales) modified feedback.xlsx (version 3)"
        );
        let access = |a: &Audience, level: &str| {
            a.file_change(at, "张三", None, FileChangeKind::AccessChanged, "预算.xlsx", None, None, Some(level))
        };
        assert_eq!(access(&zh, "owners_edit"), "9月12日 14:30 张三 将 预算.xlsx 的权限设为“仅负责人可编辑”");
        assert_eq!(
            access(&en, "company_public"),
            "12 Sep 14:30, 张三 set who may see 预算.xlsx to “everyone in the company”"
        );
        // The log keeps the level as text: one it does not know is shown as stored.
        assert_eq!(access(&zh, "someday"), "9月12日 14:30 张三 将 预算.xlsx 的权限设为“someday”");
    }
}
