//! Demo data: a believable Chinese company, loaded by `tandem seed-demo` or on the first start
//! of `tandem serve --seed-demo`.

use crate::db::orgs as store;
use crate::db::Db;
use crate::domain::auth::hash_password;
use crate::domain::orgs::{self, NewUser};
use crate::domain::Role;
use crate::error::AppResult;

pub const DEMO_PASSWORD: &str = "Tandem@2026";
pub const DEMO_ADMIN_EMAIL: &str = "admin@demo.tandem.cn";
pub const DEMO_USER_EMAIL: &str = "zhangsan@demo.tandem.cn";

/// (department, vice president who supervises its head)
const DEPARTMENTS: &[(&str, &str)] = &[
    ("总经办", "chenzhiyuan"),
    ("市场部", "linhai"),
    ("销售部", "linhai"),
    ("电商部", "linhai"),
    ("研发部", "zhoumin"),
    ("设计部", "zhoumin"),
    ("财务部", "wugang"),
    ("法务部", "wugang"),
    ("客服部", "wugang"),
    ("运营部", "wugang"),
];

/// (name, email local part, department, title, is head)
const PEOPLE: &[(&str, &str, &str, &str, bool)] = &[
    ("陈志远", "chenzhiyuan", "总经办", "总经理", true),
    ("林海", "linhai", "总经办", "副总经理（分管市场与销售）", false),
    ("周敏", "zhoumin", "总经办", "副总经理（分管研发与设计）", false),
    ("吴刚", "wugang", "总经办", "副总经理（分管财务、法务与运营）", false),
    ("王芳", "wangfang", "市场部", "市场部经理", true),
    ("刘洋", "liuyang", "市场部", "品牌经理", false),
    ("赵静", "zhaojing", "市场部", "市场专员", false),
    ("孙悦", "sunyue", "市场部", "活动策划", false),
    ("钱坤", "qiankun", "市场部", "市场分析师", false),
    ("李强", "liqiang", "销售部", "销售总监", true),
    ("张三", "zhangsan", "销售部", "大客户经理", false),
    ("李四", "lisi", "销售部", "销售代表", false),
    ("王五", "wangwu", "销售部", "销售代表", false),
    ("郑爽", "zhengshuang", "销售部", "渠道经理", false),
    ("黄磊", "huanglei", "电商部", "电商部经理", true),
    ("何静", "hejing", "电商部", "店铺运营", false),
    ("罗晨", "luochen", "电商部", "数据运营", false),
    ("高翔", "gaoxiang", "电商部", "直播运营", false),
    ("杨帆", "yangfan", "研发部", "研发总监", true),
    ("徐明", "xuming", "研发部", "后端工程师", false),
    ("马丽", "mali", "研发部", "前端工程师", false),
    ("朱军", "zhujun", "研发部", "测试工程师", false),
    ("胡斌", "hubin", "研发部", "产品经理", false),
    ("郭涛", "guotao", "研发部", "架构师", false),
    ("林小雨", "linxiaoyu", "设计部", "设计部经理", true),
    ("宋佳", "songjia", "设计部", "视觉设计师", false),
    ("唐宁", "tangning", "设计部", "交互设计师", false),
    ("韩雪", "hanxue", "设计部", "插画师", false),
    ("冯建国", "fengjianguo", "财务部", "财务总监", true),
    ("曹颖", "caoying", "财务部", "会计", false),
    ("彭亮", "pengliang", "财务部", "预算专员", false),
    ("曾丽", "zengli", "财务部", "出纳", false),
    ("邓华", "denghua", "法务部", "法务总监", true),
    ("许晴", "xuqing", "法务部", "法务专员", false),
    ("谢峰", "xiefeng", "法务部", "合同管理", false),
    ("蒋敏", "jiangmin", "客服部", "客服部经理", true),
    ("沈丹", "shendan", "客服部", "客服主管", false),
    ("卢燕", "luyan", "客服部", "客服专员", false),
    ("任杰", "renjie", "客服部", "客服专员", false),
    ("姚远", "yaoyuan", "客服部", "质检专员", false),
    ("田野", "tianye", "运营部", "运营总监", true),
    ("董梅", "dongmei", "运营部", "用户运营", false),
    ("袁博", "yuanbo", "运营部", "内容运营", false),
    ("潘婷", "panting", "运营部", "活动运营", false),
    ("范伟", "fanwei", "运营部", "数据分析师", false),
    ("杜鹃", "dujuan", "市场部", "新媒体运营", false),
    ("石磊", "shilei", "销售部", "销售助理", false),
    ("方琳", "fanglin", "研发部", "运维工程师", false),
    ("夏天", "xiatian", "设计部", "设计助理", false),
];

fn email(local: &str) -> String {
    format!("{local}@demo.tandem.cn")
}

/// Loads the demo company unless the database already has users. Returns whether it did.
pub fn seed_demo(db: &Db) -> AppResult<bool> {
    let hash = hash_password(DEMO_PASSWORD)?;
    db.write_blocking(|c| {
        if store::count_users(c, &store::UserFilter::default())? > 0 {
            return Ok(false);
        }
        // The admin comes first so the use cases below run as an administrator.
        let admin_id = orgs::insert_first_admin(c, DEMO_ADMIN_EMAIL, "系统管理员", &hash)?;
        let mut dept_ids = std::collections::HashMap::new();
        for (name, _) in DEPARTMENTS {
            let d = orgs::create_department(c, &admin_id, name, None, &[])?;
            dept_ids.insert(*name, d.department.id);
        }
        let mut user_ids = std::collections::HashMap::new();
        for (i, (name, local, dept, title, is_head)) in PEOPLE.iter().enumerate() {
            let role = if *is_head { Role::DeptHead } else { Role::Member };
            let v = orgs::create_user(
                c,
                &admin_id,
                NewUser {
                    email: email(local),
                    name: (*name).to_owned(),
                    password_hash: hash.clone(),
                    mobile: Some(format!("138{:08}", 10_000 + i)),
                    department_id: dept_ids.get(dept).cloned(),
                    title: Some((*title).to_owned()),
                    supervisor_id: None,
                    role,
                },
            )?;
            user_ids.insert(*local, v.user.id);
        }
        // Heads report to the vice president in charge; members to their head.
        let head_of: std::collections::HashMap<&str, &str> =
            PEOPLE.iter().filter(|p| p.4).map(|(_, local, dept, _, _)| (*dept, *local)).collect();
        for (_, local, dept, _, is_head) in PEOPLE {
            let supervisor = if *is_head {
                DEPARTMENTS.iter().find(|(d, _)| d == dept).map(|(_, vp)| *vp)
            } else if *dept == "总经办" {
                Some("chenzhiyuan")
            } else {
                head_of.get(dept).copied()
            };
            let Some(sup) = supervisor.filter(|s| s != local) else { continue };
            let (Some(uid), Some(sid)) = (user_ids.get(local), user_ids.get(sup)) else { continue };
            let patch = orgs::UserPatch { supervisor_id: Some(Some(sid.clone())), ..Default::default() };
            orgs::update_user(c, &admin_id, uid, 1, patch)?;
        }
        for (dept, local) in &head_of {
            let (Some(did), Some(uid)) = (dept_ids.get(dept), user_ids.get(local)) else { continue };
            let patch = orgs::DepartmentPatch { head_ids: Some(vec![uid.clone()]), ..Default::default() };
            orgs::update_department(c, &admin_id, did, 1, patch)?;
        }
        demo_tasks(c, &admin_id, &user_ids, &dept_ids)?;
        Ok(true)
    })
}

/// A few tasks in different scenarios and states, so the demo has something to look at.
fn demo_tasks(
    c: &mut crate::db::DbConn,
    admin_id: &str,
    users: &std::collections::HashMap<&str, String>,
    depts: &std::collections::HashMap<&str, String>,
) -> AppResult<()> {
    use crate::domain::tasks::{self, MilestoneInput, NewTask};
    use crate::values::{Priority, Scenario, Status, TaskVisibility};
    use chrono::Duration;
    let u = |k: &str| users.get(k).cloned().unwrap_or_default();
    let d = |k: &str| depts.get(k).cloned().unwrap_or_default();
    let now = crate::db::now();
    let day = |n: i64| now + Duration::days(n);
    let task = |scenario, title: &str, goal: &str, owner: &str, initiating: &str, ds: &[&str], due: i64| NewTask {
        scenario,
        template: None,
        title: title.to_owned(),
        goal: goal.to_owned(),
        initiating_department_id: Some(d(initiating)),
        department_ids: ds.iter().map(|x| d(x)).collect(),
        owner_id: u(owner),
        collaborator_ids: Vec::new(),
        priority: None,
        start_at: None,
        due_at: day(due),
        milestones: Vec::new(),
        resources: String::new(),
        risks: String::new(),
        visibility: TaskVisibility::Normal,
    };
    let mut launch = task(
        Scenario::CrossDepartment,
        "新品发布会",
        "下月底前完成新品发布会：到场媒体不少于 30 家，发布后一周内预约试用 500 家。",
        "wangfang",
        "市场部",
        &["市场部", "研发部", "销售部"],
        30,
    );
    launch.template = Some(crate::domain::templates::APPLICATION_FORM.to_owned());
    launch.priority = Some(Priority::High);
    launch.milestones = vec![
        MilestoneInput { name: "方案定稿".into(), due_at: day(7), done_at: None },
        MilestoneInput { name: "样机就绪".into(), due_at: day(20), done_at: None },
    ];
    launch.resources = "预算 20 万元；研发 2 人支持演示；销售提供重点客户名单".into();
    launch.risks = "样机进度可能延后；发布会档期与行业展会冲突".into();
    let launch = tasks::create_task(c, &u("wangfang"), launch)?.summary.task;
    tasks::publish(c, &u("wangfang"), &launch.id)?;
    let sub = |title: &str, owner: &str, due: i64| {
        let mut t = task(Scenario::CrossDepartment, title, "", owner, "市场部", &[], due);
        t.initiating_department_id = None;
        t
    };
    let plan =
        tasks::create_subtask(c, &u("wangfang"), &launch.id, sub("活动方案与媒体邀约", "zhaojing", 20))?.summary.task;
    let demo = tasks::create_subtask(c, &u("wangfang"), &launch.id, sub("演示样机准备", "xuming", 25))?.summary.task;
    // 重点客户邀约 starts when the event plan is done (a finish-to-start dependency).
    let mut invite = sub("重点客户邀约", "zhangsan", 25);
    invite.start_at = Some(day(20));
    let invite = tasks::create_subtask(c, &u("wangfang"), &launch.id, invite)?.summary.task;
    crate::domain::dependencies::add(
        c,
        &u("wangfang"),
        &invite.id,
        &plan.id,
        crate::domain::tasks::DependencyKind::FinishToStart,
        0,
    )?;
    let progress = |status, percent, note: &str| tasks::ProgressInput {
        status,
        percent: Some(percent),
        note: note.to_owned(),
        ..Default::default()
    };
    // 研发部's head took the work on (样机 is its part); 销售部 has not answered yet: its head finds
    // 新品发布会 in 待我处理.
    if let Some((rnd_head, _)) =
        crate::db::orgs::heads_of(c, &[d("研发部").as_str()])?.remove(&d("研发部")).and_then(|h| h.into_iter().next())
    {
        tasks::responses::accept(c, &rnd_head, &launch.id, &d("研发部"), tasks::responses::AcceptInput::default())?;
    }
    tasks::add_progress(c, &u("zhaojing"), &plan.id, progress(None, 50, "方案初稿已完成，待部门评审"))?;
    tasks::add_progress(c, &u("xuming"), &demo.id, progress(Some(Status::InProgress), 30, "样机外壳已到，正在联调"))?;
    demo_conversation(c, &u, &d, &launch.id, now)?;

    let complaint = task(
        Scenario::Emergency,
        "客户投诉：华东大客户订单延迟交付",
        "24 小时内给客户书面答复，明确赔付方案与新的交付日期。",
        "jiangmin",
        "客服部",
        &["客服部", "法务部", "销售部"],
        1,
    );
    let complaint = tasks::create_task(c, &u("jiangmin"), complaint)?.summary.task;
    tasks::publish(c, &u("jiangmin"), &complaint.id)?;

    let mut budget = task(
        Scenario::ResourceRequest,
        "Q4 线上推广预算申请",
        "申请 Q4 线上推广预算 50 万元，用于新品上市投放。",
        "liuyang",
        "市场部",
        &["市场部", "财务部"],
        10,
    );
    budget.resources = "预算 50 万元".into();
    budget.department_ids = vec![d("市场部"), d("财务部"), d("运营部")];
    let budget = tasks::create_task(c, &u("liuyang"), budget)?.summary.task;
    demo_approvals(c, admin_id, &u, &d, &budget.id)?;

    let sync = task(
        Scenario::InfoSync,
        "月度经营数据提交",
        "各部门在经营分析会前提交本月关键数据。",
        "tianye",
        "运营部",
        &["销售部", "电商部", "财务部", "运营部"],
        5,
    );
    let mut sync = sync;
    sync.department_ids = ["销售部", "电商部", "财务部", "运营部", "市场部", "研发部"].iter().map(|x| d(x)).collect();
    let sync = tasks::create_task(c, &u("tianye"), sync)?.summary.task;
    tasks::publish(c, &u("tianye"), &sync.id)?;
    demo_collection(c, &u, &d, &sync.id)?;

    let research = task(
        Scenario::CrossDepartment,
        "年度用户调研",
        "完成 2,000 份有效问卷并形成调研报告。",
        "wangfang",
        "市场部",
        &["市场部", "设计部"],
        60,
    );
    tasks::create_task(c, &u("wangfang"), research)?;
    demo_history(c, users, depts, now)?;
    crate::seed_cases::demo_cases(c, users, depts, now)?;
    crate::seed_cases::summarize_recent(c)?;
    Ok(())
}

/// 田野's monthly 经营数据 collection (收集) from six departments, due on the 3rd working day of
/// each month at 18:00; the round whose deadline passed last: four departments handed in (one
/// accepted, one sent back with a comment), two are late.
fn demo_collection(
    c: &mut crate::db::DbConn,
    u: &dyn Fn(&str) -> String,
    d: &dyn Fn(&str) -> String,
    task_id: &str,
) -> AppResult<()> {
    use crate::db::collections as store;
    use crate::domain::collections::schedule::CollectionSchedule;
    use crate::domain::collections::submit::{self, Review};
    use crate::domain::collections::{self as collections, rounds, DepartmentSubmitter, FieldSpec, FileSpec, Spec};
    use crate::values::{FormFieldKind, Recurrence};
    let field = |key: &str, label: &str, kind, required| FieldSpec {
        key: key.into(),
        label: label.into(),
        kind,
        required,
        options: vec![],
    };
    let departments = ["销售部", "电商部", "财务部", "市场部", "研发部", "运营部"];
    let input = collections::NewCollection {
        title: "经营数据".into(),
        instructions: "请在每月第 3 个工作日 18:00 前提交上月经营数据：填写关键指标，可附明细表（xlsx）。".into(),
        template_file_id: None,
        spec: Spec {
            files: Some(FileSpec {
                min_files: 0,
                max_files: 3,
                types: vec!["xlsx".into(), "xls".into(), "pdf".into()],
                max_mb: Some(20),
            }),
            fields: vec![
                field("revenue", "本月营收（万元）", FormFieldKind::Number, true),
                field("growth", "同比增长（%）", FormFieldKind::Number, false),
                field("note", "重点说明", FormFieldKind::Text, false),
            ],
        },
        submitters: collections::Submitters {
            departments: departments
                .iter()
                .map(|n| DepartmentSubmitter { department_id: d(n), answerer_ids: vec![] })
                .collect(),
            people: vec![],
        },
        schedule: CollectionSchedule {
            kind: Recurrence::Monthly,
            due_at: None,
            weekday: None,
            working_day: Some(3),
            time: Some("18:00".into()),
        },
        allow_late: true,
        remind_before_minutes: None,
    };
    let view = collections::create(c, &u("tianye"), task_id, input)?;
    let cal = crate::domain::work_calendar::calendar(c)?;
    let Some(round) = rounds::open_last_past_round(c, &cal, &view.row)? else { return Ok(()) };
    let rows = store::submissions_of_round(c, &round.id, &store::SubmissionFilter::default(), None, 100)?;
    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    let answerers = store::answerers_of(c, &ids)?;
    let figures = [
        ("销售部", 1280.5, 12.3, "华东渠道回款加快"),
        ("电商部", 860.0, 25.1, "双十一大促拉动"),
        ("财务部", 0.0, 0.0, "本月费用率 18.2%"),
        ("市场部", 0.0, 0.0, "投放费用 95 万元"),
    ];
    for (name, revenue, growth, note) in figures {
        let Some(row) = rows.iter().find(|r| r.department_id.as_deref() == Some(d(name).as_str())) else { continue };
        let Some(who) = answerers.get(&row.id).and_then(|a| a.first()) else { continue };
        let answers = serde_json::json!({"revenue": revenue, "growth": growth, "note": note});
        submit::submit(c, who, &row.id, answers.as_object().cloned().as_ref().unwrap_or(&Default::default()))?;
        // Handed in on time: a day before the deadline.
        if let Some(mut handed) = store::find_submission(c, &row.id)? {
            let expected = handed.version;
            handed.submitted_at = Some(round.due_at - chrono::Duration::days(1));
            handed.is_late = false;
            handed.version = expected + 1;
            store::update_submission(c, &handed, expected)?;
        }
    }
    let find = |n: &str| rows.iter().find(|r| r.department_id.as_deref() == Some(d(n).as_str())).map(|r| r.id.clone());
    if let Some(sales) = find("销售部") {
        submit::review(c, &u("tianye"), &sales, Review::Accept)?;
    }
    if let Some(market) = find("市场部") {
        submit::review(c, &u("tianye"), &market, Review::Return("请补充各渠道投放明细".into()))?;
    }
    Ok(())
}

/// Two approval flows (审批流) and the budget request of 市场部, submitted: it waits on the heads
/// of 财务部 and 运营部 (会签), then, being 50 万元, on the general manager.
fn demo_approvals(
    c: &mut crate::db::DbConn,
    admin_id: &str,
    u: &dyn Fn(&str) -> String,
    d: &dyn Fn(&str) -> String,
    budget_task: &str,
) -> AppResult<()> {
    use crate::domain::approvals::flows::{self, ApproverRule, Conditions, FlowInput, FlowStep};
    use crate::domain::approvals::form::{RequestForm, RequestLine};
    use crate::domain::approvals::request;
    use crate::values::{ApprovalMode, Currency, ResourceKind};
    let head_of = |name: &str| ApproverRule::DepartmentHead { department_id: d(name) };
    flows::create(
        c,
        admin_id,
        FlowInput {
            name: "预算申请".into(),
            description: "预算类申请：财务部与运营部负责人会签；5 万元及以上再由总经理审批。".into(),
            conditions: Conditions { resource_kinds: vec![ResourceKind::Budget], ..Default::default() },
            steps: vec![
                FlowStep {
                    name: "财务与运营会签".into(),
                    mode: ApprovalMode::All,
                    approvers: vec![head_of("财务部"), head_of("运营部")],
                    cc: vec![ApproverRule::InitiatorHead],
                    when: None,
                },
                FlowStep {
                    name: "总经理审批".into(),
                    mode: ApprovalMode::Single,
                    approvers: vec![ApproverRule::User { user_id: u("chenzhiyuan") }],
                    cc: Vec::new(),
                    when: Some(Conditions {
                        min_amount: Some("50000".into()),
                        currency: Some(Currency::Cny),
                        ..Default::default()
                    }),
                },
            ],
            sla_hours: flows::WORKING_DAY_MINUTES / 60,
            is_active: true,
            position: None,
        },
    )?;
    flows::create(
        c,
        admin_id,
        FlowInput {
            name: "通用资源申请".into(),
            description: "人力、数据、设备等：发起人的部门负责人（负责人发起时由分管领导）审批。".into(),
            conditions: Conditions::default(),
            steps: vec![FlowStep {
                name: "负责人审批".into(),
                mode: ApprovalMode::Any,
                approvers: vec![ApproverRule::InitiatorHead, ApproverRule::Supervisor],
                cc: Vec::new(),
                when: None,
            }],
            sla_hours: flows::WORKING_DAY_MINUTES / 60,
            is_active: true,
            position: None,
        },
    )?;
    let line = |kind, description: &str| RequestLine {
        kind,
        description: description.to_owned(),
        amount: None,
        currency: None,
        people: None,
        days: None,
        quantity: None,
    };
    let mut spend = line(ResourceKind::Budget, "Q4 线上推广投放（抖音、小红书）");
    spend.amount = Some("500000".into());
    spend.currency = Some(Currency::Cny);
    let mut hands = line(ResourceKind::PeopleDays, "运营部投放执行支持");
    hands.people = Some(2);
    hands.days = Some(10);
    let form = RequestForm {
        lines: vec![spend, hands],
        department_ids: vec![d("财务部"), d("运营部")],
        justification: "新品 11 月上市，需在 Q4 集中投放以完成首月 5,000 台销量目标。".into(),
        needed_by: None,
    };
    request::save(c, &u("liuyang"), budget_task, None, form)?;
    request::submit(c, &u("liuyang"), budget_task, None)?;
    Ok(())
}

/// Work of the past four weeks, done on time, late, or still open past its due time, so the
/// 报表 dashboard and its Excel export have something to show.
fn demo_history(
    c: &mut crate::db::DbConn,
    users: &std::collections::HashMap<&str, String>,
    depts: &std::collections::HashMap<&str, String>,
    now: chrono::NaiveDateTime,
) -> AppResult<()> {
    use crate::db::schema::tasks as t;
    use crate::domain::tasks::{self, NewTask};
    use crate::values::{Scenario, TaskVisibility};
    use chrono::Duration;
    use diesel::prelude::*;
    // (title, owner, department, due: days ago, done: hours after the due time (negative: before); None: still open)
    const PAST: [(&str, &str, &str, i64, Option<i64>); 14] = [
        ("九月渠道反馈汇总", "zhaojing", "市场部", 20, Some(-6)),
        ("品牌物料更新", "liuyang", "市场部", 15, Some(30)),
        ("线下沙龙复盘", "sunyue", "市场部", 6, None),
        ("竞品价格监测周报", "qiankun", "市场部", 3, Some(-2)),
        ("华东大客户回款跟进", "zhangsan", "销售部", 18, Some(72)),
        ("经销商季度对账", "lisi", "销售部", 12, Some(-20)),
        ("重点客户拜访纪要", "wangwu", "销售部", 4, None),
        ("渠道政策征求意见", "zhengshuang", "销售部", 9, None),
        ("接口性能优化", "xuming", "研发部", 21, Some(-30)),
        ("官网改版上线", "mali", "研发部", 10, Some(20)),
        ("回归测试报告", "zhujun", "研发部", 2, Some(0)),
        ("需求评审纪要", "hubin", "研发部", 16, Some(-4)),
        ("双十一活动复盘", "hejing", "电商部", 7, Some(5)),
        ("店铺数据月报", "luochen", "电商部", 1, None),
    ];
    for (title, owner, dept, days_ago, done) in PAST {
        let (Some(owner_id), Some(dept_id)) = (users.get(owner), depts.get(dept)) else { continue };
        let input = NewTask {
            scenario: Scenario::InfoSync,
            template: None,
            title: title.to_owned(),
            goal: String::new(),
            initiating_department_id: Some(dept_id.clone()),
            department_ids: vec![dept_id.clone()],
            owner_id: owner_id.clone(),
            collaborator_ids: Vec::new(),
            priority: None,
            start_at: None,
            due_at: now + Duration::days(1),
            milestones: Vec::new(),
            resources: String::new(),
            risks: String::new(),
            visibility: TaskVisibility::Normal,
        };
        let id = tasks::create_task(c, owner_id, input)?.summary.task.id;
        tasks::publish(c, owner_id, &id)?;
        // History cannot be made through the use cases (they refuse dates in the past): set it.
        let due = now - Duration::days(days_ago);
        let start = due - Duration::days(10);
        let (status, percent, completed) = match done {
            Some(h) => ("done", 100, Some(due + Duration::hours(h))),
            None => ("in_progress", 60, None),
        };
        diesel::update(t::table.find(&id))
            .set((
                t::start_at.eq(start),
                t::published_at.eq(Some(start)),
                t::due_at.eq(due),
                t::status.eq(status),
                t::percent.eq(percent),
                t::completed_at.eq(completed),
            ))
            .execute(c)?;
    }
    Ok(())
}

/// The talk on 新品发布会: comments with a mention and a reply, a pinned decision, a meeting
/// with minutes.
fn demo_conversation(
    c: &mut crate::db::DbConn,
    u: &dyn Fn(&str) -> String,
    d: &dyn Fn(&str) -> String,
    launch: &str,
    now: chrono::NaiveDateTime,
) -> AppResult<()> {
    use crate::domain::comments::{self, Mention, MentionType, NewComment};
    use crate::domain::meetings::{self, ActionItemInput, MeetingInput, Minutes};
    use chrono::Duration;
    let ask = comments::create(
        c,
        &u("zhaojing"),
        launch,
        NewComment {
            body: "@徐明 演示样机**下周三前**能到吗？媒体邀约需要确定演示环节。".into(),
            mentions: vec![Mention { target: MentionType::User, id: u("xuming"), all_members: false }],
            ..Default::default()
        },
    )?;
    comments::create(
        c,
        &u("xuming"),
        launch,
        NewComment {
            body: "外壳已到，联调顺利的话下周二可以交付。".into(),
            parent_id: Some(ask.row.id.clone()),
            ..Default::default()
        },
    )?;
    let decision = comments::create(
        c,
        &u("wangfang"),
        launch,
        NewComment {
            body: "**决定**：发布会定在上海，请 @研发部 安排两位工程师现场支持。".into(),
            mentions: vec![Mention { target: MentionType::Department, id: d("研发部"), all_members: false }],
            ..Default::default()
        },
    )?;
    comments::set_pinned(c, &u("wangfang"), &decision.row.id, true)?;
    let day = |n: i64| now + Duration::days(n);
    let meeting = meetings::schedule(
        c,
        &u("wangfang"),
        launch,
        MeetingInput {
            title: "新品发布会 协调会".into(),
            starts_at: (now - Duration::days(1)).date().and_hms_opt(2, 0, 0).unwrap_or(now),
            duration_minutes: 60,
            participant_ids: vec![u("zhaojing"), u("xuming"), u("zhangsan")],
            location: "总部 3 楼会议室".into(),
            online_url: "https://meeting.tencent.com/dm/demo".into(),
            agenda: None,
        },
    )?;
    meetings::save_minutes(
        c,
        &u("wangfang"),
        &meeting.row.id,
        meeting.row.version,
        Minutes {
            discussion: "- 场地：上海、深圳二选一\n- 样机进度".into(),
            decisions: "发布会定在上海；研发部派两位工程师现场支持。".into(),
            action_items: vec![ActionItemInput {
                id: None,
                title: "预订上海会场".into(),
                owner_id: u("zhaojing"),
                due_at: day(10),
            }],
        },
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_company_has_heads_supervisors_and_the_demo_users() {
        let (db, _dir) = crate::db::testing::sqlite_db();
        assert!(seed_demo(&db).expect("seed"));
        assert!(!seed_demo(&db).expect("second seed is a no-op"));
        db.read_blocking(|c| {
            let zhang = store::find_user_by_email(c, DEMO_USER_EMAIL)?.expect("张三");
            assert_eq!(zhang.name, "张三");
            let sales = store::find_department_by_name(c, "销售部")?.expect("销售部");
            assert_eq!(zhang.department_id.as_deref(), Some(sales.id.as_str()));
            let boss = store::find_user(c, zhang.supervisor_id.as_deref().expect("supervisor"))?.expect("boss");
            assert_eq!(boss.name, "李强");
            let heads = store::heads_of(c, &[sales.id.as_str()])?;
            assert_eq!(heads[&sales.id][0].1, "李强");
            assert_eq!(store::count_users(c, &store::UserFilter::default())?, 50);
            use diesel::prelude::*;
            let tasks: i64 = crate::db::schema::tasks::table.count().get_result(c)?;
            assert_eq!(
                tasks, 62,
                "five tasks, three subtasks, fourteen of the past weeks, and twelve cases with 28 subtasks"
            );
            // The monthly 经营数据 collection: its last past round has four hand-ins and two late.
            use crate::db::schema::collection_submissions as cs;
            let statuses: Vec<crate::values::SubmissionStatus> = cs::table.select(cs::status).load(c)?;
            assert!(statuses.len() == 6 || statuses.len() == 12, "one or two rounds of six: {statuses:?}");
            let past: Vec<(crate::values::SubmissionStatus, bool)> = cs::table
                .inner_join(crate::db::schema::collection_rounds::table)
                .filter(crate::db::schema::collection_rounds::due_at.lt(crate::db::now()))
                .select((cs::status, cs::is_late))
                .load(c)?;
            use crate::values::SubmissionStatus as S;
            let count = |s: S| past.iter().filter(|(x, _)| *x == s).count();
            assert_eq!((count(S::Submitted), count(S::Accepted), count(S::Returned), count(S::Pending)), (2, 1, 1, 2));
            assert!(past.iter().all(|(_, late)| !late), "the four handed in on time");
            let pending = crate::domain::notifications::dispatch_pending(c, 1000, &Default::default())?;
            assert!(pending > 0, "publishing the demo tasks notified people");
            Ok(())
        })
        .expect("read");
        let admin = db
            .read_blocking(|c| Ok(store::find_user_by_email(c, DEMO_ADMIN_EMAIL)?.expect("admin").id))
            .expect("admin");
        let report = crate::domain::reports::efficiency(
            &db,
            &admin,
            &crate::domain::reports::ReportQuery { from: None, to: None, department_id: None, scenario: None, top: 5 },
        )
        .expect("report");
        // 14 due in the last four weeks: 6 on time (the one done exactly at its due time too),
        // 4 late, 4 still open and overdue.
        let t = &report.totals;
        assert_eq!((t.due, t.done_on_time, t.done_late, t.overdue_now), (14, 6, 4, 4));
    }
}
