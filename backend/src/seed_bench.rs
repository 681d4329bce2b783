//! `tandem seed-bench`: a large, realistic, reproducible dataset for the benchmark harness —
//! departments, users, tasks with subtasks, collaborators, progress and history, spread over two
//! years. Rows go in with multi-row inserts (one dialect arm each), in one transaction.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::db::orgs::{NewDepartmentRow, NewUserRow};
use crate::db::schema::{
    department_heads, departments, task_collaborators, task_departments, task_history, task_participants,
    task_progress, tasks, users,
};
use crate::db::tasks::NewTaskRow;
use crate::db::{search_key, Db, DbConn};
use crate::domain::auth::hash_password;
use crate::error::{AppError, AppResult};
use crate::values::{HistoryField, Locale, ParticipantReason, Priority, Scenario, Status, TaskVisibility};

pub const BENCH_PASSWORD: &str = "Tandem@2026";
pub const BENCH_ADMIN_EMAIL: &str = "bench-admin@bench.tandem.cn";

/// What was created, for the harness.
#[derive(Debug)]
pub struct BenchSeed {
    pub users: usize,
    pub tasks: usize,
    pub rows: usize,
}

const DEPARTMENTS: &[&str] = &[
    "市场部",
    "研发部",
    "销售部",
    "财务部",
    "法务部",
    "客服部",
    "设计部",
    "电商部",
    "运营部",
    "人力资源部",
    "采购部",
    "物流部",
    "质量部",
    "品牌部",
    "数据部",
    "安全部",
    "行政部",
    "海外事业部",
    "华东销售部",
    "华南销售部",
];
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马",
    "罗",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英", "华", "平",
    "刚",
];
const SUBJECTS: &[&str] = &[
    "新品发布",
    "渠道拓展",
    "客户投诉",
    "年度预算",
    "用户调研",
    "系统升级",
    "品牌活动",
    "合同审查",
    "数据治理",
    "直播带货",
];
const ACTIONS: &[&str] = &["方案", "执行", "复盘", "评审", "采购", "上线", "培训", "对接", "整改", "汇报"];

/// Runs `insert_into(table).values(chunk)` on whichever engine `c` is.
macro_rules! batch {
    ($c:expr, $table:expr, $rows:expr) => {{
        let mut n = 0usize;
        for chunk in $rows.chunks(500) {
            n += match $c {
                DbConn::Pg(pg) => diesel::insert_into($table).values(chunk).execute(pg)?,
                DbConn::Sqlite(lite) => diesel::insert_into($table).values(chunk).execute(lite)?,
            };
        }
        n
    }};
}

fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// Deterministic UUID-shaped ids (time-ordered like UUIDv7), so runs are reproducible.
fn bench_id(kind: u8, n: usize) -> String {
    format!("{:08x}-0000-7000-8{:03x}-{:012x}", 0x0195_0000u32 + u32::from(kind), kind, n)
}

pub fn seed(db: &Db, task_count: usize, user_count: usize, graph_nodes: usize) -> AppResult<BenchSeed> {
    let hash = hash_password(BENCH_PASSWORD)?;
    let mut rng = StdRng::seed_from_u64(20_261_126);
    let at = db.clock().now();
    db.write_blocking(|c| {
        let existing: i64 = users::table.count().get_result(c)?;
        if existing > 0 {
            return Err(AppError::conflict("the database is not empty; seed-bench needs a fresh database"));
        }
        let mut rows = 0usize;
        // Departments.
        let dept_ids: Vec<String> = (0..DEPARTMENTS.len()).map(|i| bench_id(1, i)).collect();
        let dept_keys: Vec<String> = DEPARTMENTS.iter().map(|d| search_key(&[Some(d)])).collect();
        let dept_rows: Vec<NewDepartmentRow<'_>> = DEPARTMENTS
            .iter()
            .enumerate()
            .map(|(i, name)| NewDepartmentRow {
                id: &dept_ids[i],
                name,
                search_key: &dept_keys[i],
                parent_id: None,
                is_active: true,
                created_at: at,
                updated_at: at,
                version: 1,
            })
            .collect();
        rows += batch!(c, departments::table, dept_rows);
        // Users: user 0 is the admin, user 1 the general manager (below), users 20..40 head a department.
        let user_ids: Vec<String> = (0..user_count).map(|i| bench_id(2, i)).collect();
        let emails: Vec<String> = (0..user_count)
            .map(|i| if i == 0 { BENCH_ADMIN_EMAIL.to_owned() } else { format!("bench{i}@bench.tandem.cn") })
            .collect();
        let names: Vec<String> = (0..user_count)
            .map(|i| format!("{}{}{}", SURNAMES[i % SURNAMES.len()], GIVEN[(i / 20) % GIVEN.len()], i))
            .collect();
        let keys: Vec<String> = (0..user_count).map(|i| search_key(&[Some(&names[i]), Some(&emails[i])])).collect();
        let dept_of = |i: usize| i % DEPARTMENTS.len();
        let user_rows: Vec<NewUserRow<'_>> = (0..user_count)
            .map(|i| NewUserRow {
                id: &user_ids[i],
                email: &emails[i],
                name: &names[i],
                search_key: &keys[i],
                mobile: None,
                department_id: Some(&dept_ids[dept_of(i)]),
                title: None,
                supervisor_id: None,
                role: if i == 0 {
                    "admin"
                } else if i < DEPARTMENTS.len() * 2 {
                    "dept_head"
                } else {
                    "member"
                },
                is_active: true,
                password_hash: &hash,
                locale: Locale::ZhCn,
                time_zone: "Asia/Shanghai",
                created_at: at,
                updated_at: at,
                version: 1,
            })
            .collect();
        rows += batch!(c, users::table, user_rows);
        // Heads: users 20..40 head departments 0..20 (user 0, the admin, heads none).
        let head_rows: Vec<_> = (0..DEPARTMENTS.len())
            .filter(|d| DEPARTMENTS.len() + d < user_count)
            .map(|d| {
                (
                    department_heads::department_id.eq(&dept_ids[d]),
                    department_heads::user_id.eq(&user_ids[DEPARTMENTS.len() + d]),
                )
            })
            .collect();
        rows += batch!(c, department_heads::table, head_rows);
        // A general manager (user 1) heads every department and so sees nearly every task.
        if user_count > 1 {
            let general_manager: Vec<_> = dept_ids
                .iter()
                .map(|d| (department_heads::department_id.eq(d), department_heads::user_id.eq(&user_ids[1])))
                .collect();
            rows += batch!(c, department_heads::table, general_manager);
        }
        let members_of: Vec<Vec<usize>> =
            (0..DEPARTMENTS.len()).map(|d| (1..user_count).filter(|u| dept_of(*u) == d).collect()).collect();

        // Tasks: a quarter are top-level, each with three subtasks.
        let roots = task_count.div_ceil(4);
        let task_ids: Vec<String> = (0..task_count).map(|i| bench_id(3, i)).collect();
        struct Plan {
            parent: Option<usize>,
            root: usize,
            depts: Vec<usize>,
            owner: usize,
            collaborators: Vec<usize>,
            status: Status,
            percent: i32,
            priority: Priority,
            scenario: Scenario,
            created: NaiveDateTime,
            due: NaiveDateTime,
            title: String,
        }
        let statuses: &[(Status, u32)] = &[
            (Status::Draft, 5),
            (Status::Published, 15),
            (Status::InProgress, 35),
            (Status::PendingReview, 10),
            (Status::Done, 25),
            (Status::Archived, 5),
            (Status::Cancelled, 5),
        ];
        let pick_status = |rng: &mut StdRng| {
            let mut roll = rng.random_range(0..100u32);
            for (s, w) in statuses {
                if roll < *w {
                    return *s;
                }
                roll -= w;
            }
            Status::InProgress
        };
        let mut plans: Vec<Plan> = Vec::with_capacity(task_count);
        for i in 0..task_count {
            let is_root = i < roots;
            let root = if is_root { i } else { (i - roots) % roots };
            let created = at - Duration::minutes(rng.random_range(0..730 * 24 * 60));
            let (depts, parent, created, due_cap) = if is_root {
                let first = rng.random_range(0..DEPARTMENTS.len());
                let mut d = vec![first, (first + rng.random_range(1..DEPARTMENTS.len())) % DEPARTMENTS.len()];
                if rng.random_bool(0.4) {
                    let third = (first + rng.random_range(1..DEPARTMENTS.len())) % DEPARTMENTS.len();
                    if !d.contains(&third) {
                        d.push(third);
                    }
                }
                (d, None, created, None)
            } else {
                let r = &plans[root];
                let d = r.depts[rng.random_range(0..r.depts.len())];
                (vec![d], Some(root), r.created + Duration::hours(rng.random_range(1..72)), Some(r.due))
            };
            let members = &members_of[depts[0]];
            let owner = if members.is_empty() { 0 } else { *pick(&mut rng, members) };
            let collaborators: Vec<usize> =
                (0..rng.random_range(0..3)).map(|_| rng.random_range(1..user_count)).filter(|u| *u != owner).collect();
            let mut due = created + Duration::days(rng.random_range(7..120));
            if let Some(cap) = due_cap {
                due = due.min(cap);
            }
            let status = match parent {
                Some(p) if plans[p].status == Status::Draft => Status::Draft,
                _ => pick_status(&mut rng),
            };
            let percent = match status {
                Status::Done | Status::Archived => 100,
                Status::InProgress | Status::PendingReview => rng.random_range(5..95),
                _ => 0,
            };
            let scenario = *pick(
                &mut rng,
                &[
                    Scenario::CrossDepartment,
                    Scenario::CrossDepartment,
                    Scenario::Emergency,
                    Scenario::ResourceRequest,
                    Scenario::InfoSync,
                ],
            );
            let priority = *pick(&mut rng, &[Priority::High, Priority::Medium, Priority::Medium, Priority::Low]);
            let title = format!("{}{}{}", pick(&mut rng, SUBJECTS), pick(&mut rng, ACTIONS), i);
            plans.push(Plan {
                parent,
                root,
                depts,
                owner,
                collaborators,
                status,
                percent,
                priority,
                scenario,
                created,
                due,
                title,
            });
        }
        let keys: Vec<String> = plans.iter().map(|p| search_key(&[Some(&p.title), Some("bench goal")])).collect();
        let task_rows: Vec<NewTaskRow<'_>> = plans
            .iter()
            .enumerate()
            .map(|(i, p)| NewTaskRow {
                id: &task_ids[i],
                parent_id: p.parent.map(|x| task_ids[x].as_str()),
                root_id: &task_ids[p.root],
                depth: i32::from(p.parent.is_some()),
                scenario: p.scenario,
                template: None,
                title: &p.title,
                goal: "bench goal",
                search_key: &keys[i],
                initiating_department_id: Some(&dept_ids[p.depts[0]]),
                owner_id: &user_ids[p.owner],
                created_by: &user_ids[p.owner],
                priority: p.priority,
                priority_rank: p.priority.rank(),
                status: p.status,
                percent: p.percent,
                start_at: p.created,
                due_at: p.due,
                resources: "",
                risks: "",
                visibility: TaskVisibility::Normal,
                published_at: (p.status != Status::Draft).then_some(p.created),
                created_at: p.created,
                updated_at: p.created + Duration::hours(1),
                version: 1,
            })
            .collect();
        rows += batch!(c, tasks::table, task_rows);
        let td: Vec<_> = plans
            .iter()
            .enumerate()
            .flat_map(|(i, p)| p.depts.iter().map(move |d| (i, *d)))
            .map(|(i, d)| {
                (task_departments::task_id.eq(&task_ids[i]), task_departments::department_id.eq(&dept_ids[d]))
            })
            .collect();
        rows += batch!(c, task_departments::table, td);
        let mut tc = Vec::new();
        let mut tp = Vec::new();
        for (i, p) in plans.iter().enumerate() {
            let mut named: Vec<(usize, ParticipantReason)> = vec![(p.owner, ParticipantReason::Owner)];
            for u in &p.collaborators {
                if !named.iter().any(|(x, _)| x == u) {
                    named.push((*u, ParticipantReason::Collaborator));
                    tc.push((
                        task_collaborators::task_id.eq(&task_ids[i]),
                        task_collaborators::user_id.eq(&user_ids[*u]),
                    ));
                }
            }
            if let Some(parent) = p.parent {
                let po = plans[parent].owner;
                if !named.iter().any(|(x, _)| *x == po) {
                    named.push((po, ParticipantReason::Parent));
                }
            }
            for (u, reason) in named {
                tp.push((
                    task_participants::task_id.eq(&task_ids[i]),
                    task_participants::user_id.eq(&user_ids[u]),
                    task_participants::reason.eq(reason),
                ));
            }
        }
        rows += batch!(c, task_collaborators::table, tc);
        rows += batch!(c, task_participants::table, tp);
        // Progress timeline and history: what the owners did over the task's life.
        let mut progress = Vec::new();
        let mut history = Vec::new();
        let mut n = 0usize;
        for (i, p) in plans.iter().enumerate() {
            let owner = &user_ids[p.owner];
            let dept = &dept_ids[dept_of(p.owner)];
            history.push((
                task_history::id.eq(bench_id(5, n)),
                task_history::task_id.eq(&task_ids[i]),
                task_history::actor_id.eq(owner),
                task_history::actor_department_id.eq(Some(dept)),
                task_history::at.eq(p.created),
                task_history::field.eq(HistoryField::Created),
                task_history::old_value.eq(None::<String>),
                task_history::new_value.eq(Some(p.title.clone())),
            ));
            n += 1;
            if p.percent > 0 {
                let when = p.created + Duration::hours(30);
                progress.push((
                    task_progress::id.eq(bench_id(6, i)),
                    task_progress::task_id.eq(&task_ids[i]),
                    task_progress::author_id.eq(owner),
                    task_progress::status.eq(p.status),
                    task_progress::percent.eq(p.percent),
                    task_progress::note.eq("按计划推进"),
                    task_progress::created_at.eq(when),
                ));
                history.push((
                    task_history::id.eq(bench_id(5, n)),
                    task_history::task_id.eq(&task_ids[i]),
                    task_history::actor_id.eq(owner),
                    task_history::actor_department_id.eq(Some(dept)),
                    task_history::at.eq(when),
                    task_history::field.eq(HistoryField::Percent),
                    task_history::old_value.eq(Some("0".to_owned())),
                    task_history::new_value.eq(Some(p.percent.to_string())),
                ));
                n += 1;
            }
        }
        rows += batch!(c, task_progress::table, progress);
        rows += batch!(c, task_history::table, history);
        let requests: Vec<(usize, usize, Status, NaiveDateTime)> = plans
            .iter()
            .enumerate()
            .filter(|(_, p)| p.scenario == Scenario::ResourceRequest)
            .map(|(i, p)| (i, p.depts[0], p.status, p.created))
            .collect();
        rows += seed_requests(c, &mut rng, &requests, &task_ids, &user_ids, at)?;
        let owners: Vec<(usize, NaiveDateTime, &str)> =
            plans.iter().map(|p| (p.owner, p.created, p.title.as_str())).collect();
        rows += seed_files(c, &mut rng, &owners, &task_ids, &user_ids, &dept_ids)?;
        rows += seed_comments(c, &mut rng, &owners, &task_ids, &user_ids)?;
        rows += seed_file_texts(c, &mut rng, &owners)?;
        if graph_nodes > 0 {
            rows += seed_graph(c, &mut rng, graph_nodes, &user_ids, &dept_ids, at)?;
        }
        Ok(BenchSeed { users: user_count, tasks: task_count + if graph_nodes > 0 { graph_nodes + 1 } else { 0 }, rows })
    })
    .and_then(|seeded| {
        // A long-running deployment has planner statistics; so does the benchmark's dataset.
        db.read_blocking(crate::db::analyze)?;
        Ok(seeded)
    })
}

/// One file per task (the Files page over as many files as tasks), uploaded by the task's owner
/// with one version: mostly 仅协作成员可见, some 仅负责人可编辑, 企业内公开 and 指定范围 (a
/// department's heads and a person), of every kind. The content itself is not stored: the page
/// lists files, it does not download them.
fn seed_files(
    c: &mut DbConn,
    rng: &mut StdRng,
    tasks: &[(usize, NaiveDateTime, &str)],
    task_ids: &[String],
    user_ids: &[String],
    dept_ids: &[String],
) -> AppResult<usize> {
    use crate::db::files::{FileRow, VersionRow};
    use crate::db::schema::{file_versions, files};
    use crate::domain::files::{content_type_for, kind_of};
    use crate::values::FileAccessLevel;
    const EXTENSIONS: &[&str] = &["docx", "xlsx", "pptx", "pdf", "png", "mp4", "zip", "txt", "xlsx", "docx"];
    const WHAT: &[&str] = &["方案", "预算表", "会议纪要", "调研报告", "合同", "海报", "数据", "说明"];
    let mut file_rows = Vec::with_capacity(tasks.len());
    let mut version_rows = Vec::with_capacity(tasks.len());
    for (i, (owner, created, title)) in tasks.iter().enumerate() {
        let ext = pick(rng, EXTENSIONS);
        let what = pick(rng, WHAT);
        let name = format!("{title}{what}.{ext}");
        let content_type = content_type_for(&name, None);
        let size: i64 = rng.random_range(1_000..20_000_000);
        let at = *created + Duration::hours(rng.random_range(2..500));
        let roll = rng.random_range(0..100u32);
        let (access, departments, people) = match roll {
            0..60 => (FileAccessLevel::Collaborators, vec![], vec![]),
            60..75 => (FileAccessLevel::OwnersEdit, vec![], vec![]),
            75..90 => (FileAccessLevel::CompanyPublic, vec![], vec![]),
            _ => (
                FileAccessLevel::Restricted,
                vec![pick(rng, dept_ids).clone()],
                vec![user_ids[rng.random_range(1..user_ids.len())].clone()],
            ),
        };
        let id = bench_id(9, i);
        file_rows.push(FileRow {
            id: id.clone(),
            task_id: task_ids[i].clone(),
            kind: kind_of(&content_type, &name),
            description: format!("{what}（{title}）"),
            access,
            access_departments: serde_json::json!(departments).to_string(),
            access_people: serde_json::json!(people).to_string(),
            current_version: 1,
            created_by: user_ids[*owner].clone(),
            created_at: at,
            updated_at: at,
            deleted_at: None,
            deleted_by: None,
            version: 1,
            size_bytes: size,
            name,
        });
        version_rows.push(VersionRow {
            id: bench_id(10, i),
            file_id: id,
            number: 1,
            sha256: format!("{:064x}", i),
            size_bytes: size,
            content_type,
            note: String::new(),
            restored_from: None,
            created_by: user_ids[*owner].clone(),
            created_at: at,
        });
    }
    Ok(batch!(c, files::table, file_rows) + batch!(c, file_versions::table, version_rows))
}

/// Words the seeded comments and file texts are made of: business Chinese (so the search index
/// segments real words) with some Latin terms.
const WORDS: &[&str] = &[
    "预算",
    "审批",
    "流程",
    "客户",
    "回访",
    "渠道",
    "销售",
    "合同",
    "条款",
    "发布会",
    "样机",
    "测试",
    "上线",
    "延期",
    "风险",
    "方案",
    "评审",
    "会议",
    "纪要",
    "数据",
    "报表",
    "季度",
    "目标",
    "进度",
    "物料",
    "供应商",
    "采购",
    "交付",
    "验收",
    "培训",
    "门店",
    "活动",
    "复盘",
    "经验",
    "问题",
    "协调",
    "资源",
    "排期",
    "质量",
    "反馈",
    "口径",
    "模板",
    "确认",
    "调整",
    "跟进",
    "的",
    "了",
    "和",
    "需要",
    "已经",
    "下周",
    "本月",
    "请",
    "budget",
    "review",
    "launch",
    "roadmap",
    "milestone",
    "invoice",
    "release",
    "customer",
];

fn sentence(rng: &mut StdRng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        let w = *pick(rng, WORDS);
        if i > 0 && (w.is_ascii() || s.ends_with(|c: char| c.is_ascii_alphabetic())) {
            s.push(' ');
        }
        s.push_str(w);
    }
    s.push('。');
    s
}

/// Three comments per task (the search benchmark's 300k at 100k tasks), by the task's owner.
fn seed_comments(
    c: &mut DbConn,
    rng: &mut StdRng,
    tasks: &[(usize, NaiveDateTime, &str)],
    task_ids: &[String],
    user_ids: &[String],
) -> AppResult<usize> {
    use crate::db::comments::CommentRow;
    use crate::db::schema::comments;
    let mut rows = Vec::with_capacity(tasks.len() * 3);
    for (i, (owner, created, _)) in tasks.iter().enumerate() {
        for k in 0..3 {
            let at = *created + Duration::hours(rng.random_range(1..400));
            let words = rng.random_range(8..30);
            rows.push(CommentRow {
                id: bench_id(11, i * 3 + k),
                task_id: task_ids[i].clone(),
                parent_id: None,
                author_id: user_ids[*owner].clone(),
                body: sentence(rng, words),
                pinned_at: None,
                pinned_by: None,
                created_at: at,
                edited_at: None,
                deleted_at: None,
                version: 1,
            });
        }
    }
    Ok(batch!(c, comments::table, rows))
}

/// Extracted text for every fifth file (20k at 100k tasks), as the text worker would have stored
/// it: a few hundred words each.
fn seed_file_texts(c: &mut DbConn, rng: &mut StdRng, tasks: &[(usize, NaiveDateTime, &str)]) -> AppResult<usize> {
    use crate::db::file_texts::FileTextRow;
    use crate::db::schema::file_texts;
    use crate::values::TextStatus;
    let mut rows = Vec::with_capacity(tasks.len() / 5 + 1);
    for (i, (_, created, _)) in tasks.iter().enumerate().step_by(5) {
        let mut text = String::new();
        for _ in 0..rng.random_range(10..40) {
            let words = rng.random_range(8..20);
            text.push_str(&sentence(rng, words));
            text.push('\n');
        }
        rows.push(FileTextRow {
            version_id: bench_id(10, i),
            status: TextStatus::Done,
            text,
            error: None,
            updated_at: *created,
        });
    }
    Ok(batch!(c, file_texts::table, rows))
}

/// Resource requests on the resource-request tasks (about a fifth of them all): one
/// flow of one step; drafts stay drafts, of the rest 60% wait for a decision and 40% are approved.
/// Every second request waits on the head of the first department (the harness's `HEAD`, who
/// thereby has thousands in 待我审批, like a general manager), the others on their department's
/// head.
fn seed_requests(
    c: &mut DbConn,
    rng: &mut StdRng,
    requests: &[(usize, usize, Status, NaiveDateTime)],
    task_ids: &[String],
    user_ids: &[String],
    at: NaiveDateTime,
) -> AppResult<usize> {
    use crate::db::approvals::{AssignmentRow, FlowRow, RequestRow, SubmissionRow};
    use crate::db::schema::{approval_assignments, approval_flows, request_submissions, resource_requests};
    use crate::values::{ApprovalMode, AssignmentOrigin, AssignmentState, Currency, RequestStatus};
    let heads = DEPARTMENTS.len();
    if user_ids.len() <= heads * 2 {
        return Ok(0);
    }
    let flow_id = bench_id(9, 0);
    let flow = FlowRow {
        id: flow_id.clone(),
        name: "压测审批流".into(),
        description: String::new(),
        position: 1,
        conditions: "{}".into(),
        steps: r#"[{"name":"负责人审批","mode":"single","approvers":[{"kind":"initiator_head"}],"cc":[]}]"#.into(),
        sla_minutes: 540,
        is_active: true,
        created_by: user_ids[0].clone(),
        created_at: at,
        updated_at: at,
        version: 1,
    };
    let mut rows = batch!(c, approval_flows::table, [flow]);
    let (mut reqs, mut subs, mut assigns, mut parts) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (n, (i, dept, status, created)) in requests.iter().enumerate() {
        let approver = if n % 2 == 0 { heads } else { heads + dept };
        let minor = i64::from(rng.random_range(1..5000u32)) * 10_000;
        let form = format!(
            r#"{{"lines":[{{"kind":"budget","description":"推广预算","amount":"{}","currency":"CNY"}}],"department_ids":[],"justification":"压测","needed_by":null}}"#,
            crate::values::Amount { minor }.format(Currency::Cny)
        );
        let decided = rng.random_bool(0.4);
        let request_status = match status {
            Status::Draft => RequestStatus::Draft,
            _ if decided => RequestStatus::Approved,
            _ => RequestStatus::Pending,
        };
        let submitted = *created + Duration::hours(2);
        let sub_id = bench_id(10, n);
        if request_status != RequestStatus::Draft {
            subs.push(SubmissionRow {
                id: sub_id.clone(),
                task_id: task_ids[*i].clone(),
                number: 1,
                flow_id: flow_id.clone(),
                flow_name: "压测审批流".into(),
                form: form.clone(),
                form_revision: 1,
                steps: format!(
                    r#"[{{"name":"负责人审批","mode":"{}","approver_ids":["{}"],"cc_ids":[],"sla_minutes":540}}]"#,
                    ApprovalMode::Single.as_str(),
                    user_ids[approver]
                ),
                current_step: (!decided).then_some(0),
                submitted_by: user_ids[heads + dept].clone(),
                submitted_at: submitted,
                outcome: request_status,
                ended_at: decided.then_some(submitted + Duration::hours(5)),
                ended_by: decided.then(|| user_ids[approver].clone()),
                end_comment: None,
                last_nudged_at: None,
            });
            assigns.push(AssignmentRow {
                id: bench_id(11, n),
                submission_id: sub_id.clone(),
                task_id: task_ids[*i].clone(),
                step: 0,
                approver_id: user_ids[approver].clone(),
                state: if decided { AssignmentState::Approved } else { AssignmentState::Pending },
                origin: AssignmentOrigin::Flow,
                via_id: None,
                blocked_by: None,
                activated_at: Some(submitted),
                // A working day's SLA, roughly: what waited longer was reminded and escalated
                // long ago (the dataset has a past, not a backlog of reminders).
                due_at: Some(submitted + Duration::hours(24)),
                escalate_at: Some(submitted + Duration::hours(48)),
                overdue_sent_at: (submitted + Duration::hours(48) < at).then_some(submitted + Duration::hours(24)),
                escalated_at: (submitted + Duration::hours(48) < at).then_some(submitted + Duration::hours(48)),
                acted_at: decided.then_some(submitted + Duration::hours(5)),
                comment: None,
                automatic: false,
                seen_revision: decided.then_some(1),
                created_at: submitted,
            });
            parts.push((
                task_participants::task_id.eq(task_ids[*i].clone()),
                task_participants::user_id.eq(user_ids[approver].clone()),
                task_participants::reason.eq(ParticipantReason::Approver),
            ));
        }
        reqs.push(RequestRow {
            task_id: task_ids[*i].clone(),
            status: request_status,
            form,
            total_minor: Some(minor),
            currency: Some(Currency::Cny),
            form_revision: 1,
            initiator_id: user_ids[heads + dept].clone(),
            current_submission_id: (request_status != RequestStatus::Draft).then_some(sub_id),
            created_at: *created,
            updated_at: submitted,
            version: 2,
        });
    }
    rows += batch!(c, resource_requests::table, reqs);
    rows += batch!(c, request_submissions::table, subs);
    rows += batch!(c, approval_assignments::table, assigns);
    rows += batch!(c, task_participants::table, parts);
    Ok(rows)
}

/// The title of the top-level task that holds the dependency graph.
pub const GRAPH_TITLE: &str = "依赖关系压测";

/// One top-level task (owned by the admin) with `n` subtasks in layers of up to 100, titled
/// `G{layer}-{column}`. Each subtask of a layer waits (finish-to-start) for the task in its
/// column of the layer before and for one other task of that layer, so every first-layer task
/// leads to the whole graph and the task in its column of the last layer. Each layer takes one
/// day and starts when the one before ends: the plan fits exactly, nobody is at risk, and the
/// critical path runs through every layer.
fn seed_graph(
    c: &mut DbConn,
    rng: &mut StdRng,
    n: usize,
    user_ids: &[String],
    dept_ids: &[String],
    at: NaiveDateTime,
) -> AppResult<usize> {
    use crate::db::schema::task_dependencies;
    let width = (n / 10).clamp(2, 100);
    let layers = n.div_ceil(width);
    let base = at + Duration::days(1);
    let root_id = bench_id(7, 0);
    let ids: Vec<String> = (0..n).map(|i| bench_id(7, i + 1)).collect();
    let titles: Vec<String> = (0..n).map(|i| format!("G{:03}-{:03}", i / width, i % width)).collect();
    let root_key = search_key(&[Some(GRAPH_TITLE)]);
    let keys: Vec<String> = titles.iter().map(|t| search_key(&[Some(t)])).collect();
    let owner_of = |i: usize| &user_ids[1 + i % (user_ids.len() - 1)];
    let mut task_rows = vec![NewTaskRow {
        id: &root_id,
        parent_id: None,
        root_id: &root_id,
        depth: 0,
        scenario: Scenario::CrossDepartment,
        template: None,
        title: GRAPH_TITLE,
        goal: "",
        search_key: &root_key,
        initiating_department_id: Some(&dept_ids[dept_ids.len() - 1]),
        owner_id: &user_ids[0],
        created_by: &user_ids[0],
        priority: Priority::Medium,
        priority_rank: 1,
        status: Status::InProgress,
        percent: 0,
        start_at: base,
        due_at: base + Duration::days(i64::try_from(layers).unwrap_or(1000) + 30),
        resources: "",
        risks: "",
        visibility: TaskVisibility::Normal,
        published_at: Some(at),
        created_at: at,
        updated_at: at,
        version: 1,
    }];
    for i in 0..n {
        let start = base + Duration::days(i64::try_from(i / width).unwrap_or(0));
        task_rows.push(NewTaskRow {
            id: &ids[i],
            parent_id: Some(&root_id),
            root_id: &root_id,
            depth: 1,
            scenario: Scenario::CrossDepartment,
            template: None,
            title: &titles[i],
            goal: "",
            search_key: &keys[i],
            initiating_department_id: Some(&dept_ids[dept_ids.len() - 1]),
            owner_id: owner_of(i),
            created_by: &user_ids[0],
            priority: Priority::Medium,
            priority_rank: 1,
            status: Status::Published,
            percent: 0,
            start_at: start,
            due_at: start + Duration::days(1),
            resources: "",
            risks: "",
            visibility: TaskVisibility::Normal,
            published_at: Some(at),
            created_at: at,
            updated_at: at,
            version: 1,
        });
    }
    let mut rows = batch!(c, tasks::table, task_rows);
    let depts = [
        // Departments the harness's department head does not head: their lists stay as they were.
        (task_departments::task_id.eq(&root_id), task_departments::department_id.eq(&dept_ids[dept_ids.len() - 2])),
        (task_departments::task_id.eq(&root_id), task_departments::department_id.eq(&dept_ids[dept_ids.len() - 1])),
    ];
    rows += batch!(c, task_departments::table, depts);
    let mut people = vec![(
        task_participants::task_id.eq(&root_id),
        task_participants::user_id.eq(&user_ids[0]),
        task_participants::reason.eq(ParticipantReason::Owner),
    )];
    for (i, id) in ids.iter().enumerate() {
        people.push((
            task_participants::task_id.eq(id),
            task_participants::user_id.eq(owner_of(i)),
            task_participants::reason.eq(ParticipantReason::Owner),
        ));
    }
    rows += batch!(c, task_participants::table, people);
    let mut edges = Vec::new();
    for i in width..n {
        let (layer, col) = (i / width, i % width);
        let above = (layer - 1) * width;
        let other = (col + rng.random_range(1..width)) % width;
        for p in [above + col, above + other] {
            edges.push((
                task_dependencies::id.eq(bench_id(8, edges.len())),
                task_dependencies::predecessor_id.eq(&ids[p]),
                task_dependencies::successor_id.eq(&ids[i]),
                task_dependencies::kind.eq("finish_to_start"),
                task_dependencies::lag_days.eq(0),
                task_dependencies::created_by.eq(&user_ids[0]),
                task_dependencies::created_at.eq(at),
                task_dependencies::predecessor_root_id.eq(&root_id),
                task_dependencies::successor_root_id.eq(&root_id),
            ));
        }
    }
    rows += batch!(c, task_dependencies::table, edges);
    // The stored schedule, as the server keeps it for every tree with dependencies.
    let admin = crate::domain::Actor::load(c, &user_ids[0])?;
    crate::domain::schedule::refresh(c, &crate::domain::journal::Journal::new(&admin, at), &[&root_id])?;
    Ok(rows)
}
