//! The demo company's case library (协作案例库): a dozen collaborations of the past year across
//! the four scenarios, finished through the use cases (subtasks per department done, the top-level
//! task marked done with its 协作总结, tagged, archived), then moved back in time, so 案例库 and
//! search have something to find and reuse. Done tasks of the demo's recent history get a short
//! summary too, since they go into the library a week after they were done.

use std::collections::HashMap;

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::cases as case_store;
use crate::db::DbConn;
use crate::domain::cases::{self, SummaryInput};
use crate::domain::tasks::{self, NewTask, ProgressInput};
use crate::error::{AppError, AppResult};
use crate::values::{Scenario, Status, TaskVisibility};

/// One demo case: who ran it, which departments did what, when it was done (months ago) and how
/// late (days; negative: early), and what its owner wrote.
struct DemoCase {
    title: &'static str,
    goal: &'static str,
    scenario: Scenario,
    owner: &'static str,
    department: &'static str,
    /// (department, subtask owner, subtask)
    parts: &'static [(&'static str, &'static str, &'static str)],
    months_ago: i64,
    late_days: i64,
    outcome: &'static str,
    went_well: &'static str,
    problems: &'static str,
    lessons: &'static str,
    tags: &'static [&'static str],
}

const CASES: &[DemoCase] = &[
    DemoCase {
        title: "春季新品上市推广",
        goal: "新品上市首月销量 3,000 台，官网与渠道同步发布。",
        scenario: Scenario::CrossDepartment,
        owner: "wangfang",
        department: "市场部",
        parts: &[
            ("市场部", "zhaojing", "上市传播方案"),
            ("研发部", "xuming", "样机与演示环境"),
            ("销售部", "zhangsan", "渠道铺货与培训"),
        ],
        months_ago: 8,
        late_days: -2,
        outcome: "首月销量 3,420 台，完成目标的 114%；官网与 120 家门店同日上市。",
        went_well: "研发提前两周交付样机，渠道培训覆盖全部重点门店。",
        problems: "物料印刷返工一次，门店海报晚到三天。",
        lessons: "物料定稿要预留一周印刷与物流时间；预算审批提前到立项当周。",
        tags: &["新品上市", "渠道"],
    },
    DemoCase {
        title: "年度客户大会筹备",
        goal: "邀请 300 位重点客户到场，签约意向金额 2,000 万元。",
        scenario: Scenario::CrossDepartment,
        owner: "liqiang",
        department: "销售部",
        parts: &[
            ("销售部", "zhengshuang", "客户邀约与接待"),
            ("市场部", "sunyue", "会场与议程"),
            ("设计部", "songjia", "主视觉与物料"),
        ],
        months_ago: 2,
        late_days: 3,
        outcome: "到场 286 位客户，签约意向 2,350 万元；会后一周完成回访。",
        went_well: "邀约名单按区域分工，到场率 95%。",
        problems: "主视觉三轮修改，延误了物料下单；场地合同审批走了五天。",
        lessons: "设计需求一次讲清楚品牌规范；合同审批提前发起并抄送法务。",
        tags: &["活动", "客户大会"],
    },
    DemoCase {
        title: "官网改版与性能优化",
        goal: "官网首屏加载 2 秒内，移动端转化率提升 20%。",
        scenario: Scenario::CrossDepartment,
        owner: "yangfan",
        department: "研发部",
        parts: &[
            ("研发部", "mali", "前端重构"),
            ("设计部", "tangning", "交互与视觉改版"),
            ("市场部", "dujuan", "内容迁移与 SEO"),
        ],
        months_ago: 5,
        late_days: 6,
        outcome: "首屏加载 1.6 秒，移动端转化率提升 26%；上线晚了 6 天。",
        went_well: "性能预算写进验收标准，测试一次通过。",
        problems: "内容迁移低估了工作量，旧页面链接梳理花了一周。",
        lessons: "改版前先做内容盘点；SEO 跳转规则与研发同步评审。",
        tags: &["官网", "性能"],
    },
    DemoCase {
        title: "618 大促联合备战",
        goal: "大促 GMV 同比增长 30%，客服响应时间不超过 30 秒。",
        scenario: Scenario::CrossDepartment,
        owner: "huanglei",
        department: "电商部",
        parts: &[
            ("电商部", "hejing", "活动页与商品准备"),
            ("客服部", "shendan", "客服排班与话术"),
            ("运营部", "panting", "站外引流"),
        ],
        months_ago: 6,
        late_days: 0,
        outcome: "GMV 同比增长 34%，客服平均响应 22 秒。",
        went_well: "客服话术提前演练，大促当天零积压。",
        problems: "站外引流素材审核慢，两个渠道晚一天上线。",
        lessons: "素材审核走预审；大促前一周冻结活动页改动。",
        tags: &["大促", "电商"],
    },
    DemoCase {
        title: "华南经销商合同续签",
        goal: "30 家经销商在季度末前完成续签，无条款争议遗留。",
        scenario: Scenario::CrossDepartment,
        owner: "lisi",
        department: "销售部",
        parts: &[("销售部", "lisi", "经销商沟通"), ("法务部", "xiefeng", "合同条款审核")],
        months_ago: 4,
        late_days: 9,
        outcome: "28 家按时续签，2 家因返利条款延后 9 天签署。",
        went_well: "法务提供了标准条款库，审核周期缩短一半。",
        problems: "返利条款与财务口径不一致，来回修改三次。",
        lessons: "预算审批与返利口径先与财务对齐，再进入合同审核。",
        tags: &["合同", "经销商"],
    },
    DemoCase {
        title: "线上支付故障紧急处理",
        goal: "两小时内恢复支付，24 小时内完成客户补偿与复盘。",
        scenario: Scenario::Emergency,
        owner: "yangfan",
        department: "研发部",
        parts: &[("研发部", "guotao", "故障定位与修复"), ("客服部", "luyan", "客户安抚与补偿")],
        months_ago: 3,
        late_days: -1,
        outcome: "1 小时 40 分恢复支付，当天完成 312 位客户补偿。",
        went_well: "值班架构师十分钟内响应，客服统一口径。",
        problems: "监控告警只发到邮件，夜间发现晚了 20 分钟。",
        lessons: "核心链路告警接入企业微信强提醒；补偿方案预先审批。",
        tags: &["故障", "应急"],
    },
    DemoCase {
        title: "客户数据泄露风险排查",
        goal: "三天内完成风险评估，必要时通知受影响客户。",
        scenario: Scenario::Emergency,
        owner: "denghua",
        department: "法务部",
        parts: &[("法务部", "xuqing", "合规评估"), ("研发部", "fanglin", "日志排查")],
        months_ago: 7,
        late_days: 1,
        outcome: "确认无数据外泄，补强了两处访问控制；评估报告晚一天提交。",
        went_well: "研发与法务共用一份排查清单，结论清楚。",
        problems: "日志保留期不足，部分记录需从备份恢复。",
        lessons: "关键系统日志至少保留 180 天。",
        tags: &["合规", "应急"],
    },
    DemoCase {
        title: "Q3 市场推广预算申请",
        goal: "Q3 推广预算 80 万元按时获批并拨付。",
        scenario: Scenario::ResourceRequest,
        owner: "liuyang",
        department: "市场部",
        parts: &[("财务部", "pengliang", "预算审核"), ("市场部", "qiankun", "投放测算")],
        months_ago: 5,
        late_days: -3,
        outcome: "预算 78 万元获批，提前三天拨付。",
        went_well: "投放测算附了往期 ROI，财务一次审过。",
        problems: "预算审批流程中总经理出差，等待两天。",
        lessons: "大额预算审批提前约好审批人时间；审批预算的流程写进立项清单。",
        tags: &["预算审批", "市场投放"],
    },
    DemoCase {
        title: "研发测试服务器采购",
        goal: "四周内到货 10 台测试服务器并上架。",
        scenario: Scenario::ResourceRequest,
        owner: "zhujun",
        department: "研发部",
        parts: &[("财务部", "caoying", "付款"), ("研发部", "fanglin", "上架与验收")],
        months_ago: 9,
        late_days: 12,
        outcome: "服务器晚 12 天到货，影响一轮回归测试。",
        went_well: "验收清单完整，上架当天可用。",
        problems: "供应商交期延误，采购合同未约定违约条款。",
        lessons: "采购合同约定交期违约；关键设备准备备选供应商。",
        tags: &["采购", "预算审批"],
    },
    DemoCase {
        title: "月度经营数据汇总（八月）",
        goal: "每月第三个工作日 18:00 前收齐六个部门的经营数据。",
        scenario: Scenario::InfoSync,
        owner: "tianye",
        department: "运营部",
        parts: &[("运营部", "fanwei", "数据汇总与核对"), ("财务部", "zengli", "财务数据提交")],
        months_ago: 4,
        late_days: 1,
        outcome: "六个部门全部提交，两个部门晚一天；月度经营会按时召开。",
        went_well: "统一模板减少了口径差异。",
        problems: "销售部数据口径变更未提前通知。",
        lessons: "口径变更需提前一周在群里同步并更新模板。",
        tags: &["经营数据", "月报"],
    },
    DemoCase {
        title: "客服知识库季度更新",
        goal: "季度内更新 200 条知识库条目，覆盖新品常见问题。",
        scenario: Scenario::InfoSync,
        owner: "jiangmin",
        department: "客服部",
        parts: &[("客服部", "yaoyuan", "条目整理"), ("研发部", "hubin", "产品问题解答")],
        months_ago: 1,
        late_days: -5,
        outcome: "更新 236 条，新品相关咨询一次解决率提升到 87%。",
        went_well: "研发产品经理每周固定答疑一小时。",
        problems: "部分条目描述过于技术化，客服需要二次改写。",
        lessons: "知识条目由客服执笔、研发审核。",
        tags: &["知识库", "客服"],
    },
    DemoCase {
        title: "品牌视觉规范升级",
        goal: "发布新版品牌视觉规范，各部门物料一个月内切换。",
        scenario: Scenario::CrossDepartment,
        owner: "linxiaoyu",
        department: "设计部",
        parts: &[("设计部", "hanxue", "规范手册"), ("市场部", "liuyang", "物料切换")],
        months_ago: 10,
        late_days: 4,
        outcome: "规范按期发布，物料切换晚 4 天完成。",
        went_well: "规范手册附了可下载的模板。",
        problems: "门店旧物料库存较多，切换节奏不一。",
        lessons: "视觉升级前先盘点库存物料，分批切换。",
        tags: &["品牌", "设计规范"],
    },
];

/// Runs the cases through the use cases and moves them back in time.
pub(crate) fn demo_cases(
    c: &mut DbConn,
    users: &HashMap<&str, String>,
    depts: &HashMap<&str, String>,
    now: NaiveDateTime,
) -> AppResult<()> {
    let u = |k: &str| users.get(k).cloned().ok_or_else(|| AppError::internal(format!("no demo user {k}")));
    let d = |k: &str| depts.get(k).cloned().ok_or_else(|| AppError::internal(format!("no demo department {k}")));
    for case in CASES {
        let owner = u(case.owner)?;
        let mut department_ids = Vec::new();
        for (dept, _, _) in case.parts {
            let id = d(dept)?;
            if !department_ids.contains(&id) {
                department_ids.push(id);
            }
        }
        let form = |title: &str, goal: &str, owner_id: String, department_ids: Vec<String>, due: i64| NewTask {
            scenario: case.scenario,
            template: None,
            title: title.to_owned(),
            goal: goal.to_owned(),
            initiating_department_id: d(case.department).ok(),
            department_ids,
            owner_id,
            collaborator_ids: Vec::new(),
            priority: None,
            start_at: None,
            due_at: now + Duration::days(due),
            milestones: Vec::new(),
            resources: String::new(),
            risks: String::new(),
            visibility: TaskVisibility::Normal,
        };
        let root = tasks::create_task(c, &owner, form(case.title, case.goal, owner.clone(), department_ids, 30))?;
        let root_id = root.summary.task.id.clone();
        tasks::publish(c, &owner, &root_id)?;
        for (dept, who, title) in case.parts {
            let sub = tasks::create_subtask(c, &owner, &root_id, form(title, "", u(who)?, vec![d(dept)?], 20))?;
            for status in [Status::InProgress, Status::Done] {
                let step = ProgressInput {
                    status: Some(status),
                    percent: None,
                    note: String::new(),
                    expected: None,
                    force_reason: None,
                };
                tasks::add_progress(c, &u(who)?, &sub.summary.task.id, step)?;
            }
        }
        let summary = SummaryInput {
            outcome: case.outcome.to_owned(),
            went_well: case.went_well.to_owned(),
            problems: case.problems.to_owned(),
            lessons: case.lessons.to_owned(),
        };
        cases::complete(c, &owner, &root_id, None, summary)?;
        cases::set_tags(c, &owner, &root_id, case.tags.iter().map(|t| (*t).to_owned()).collect())?;
        cases::archive(c, &owner, &root_id, None)?;
        back_in_time(c, &root_id, now, case.months_ago, case.late_days)?;
    }
    Ok(())
}

/// Moves a finished case's dates `months_ago` months back: planned for six weeks, each subtask
/// done a week apart, the task done `late_days` after its deadline, archived a week later; then
/// derives its figures again from the moved dates.
fn back_in_time(c: &mut DbConn, root_id: &str, now: NaiveDateTime, months_ago: i64, late_days: i64) -> AppResult<()> {
    use crate::db::schema::tasks as t;
    let due = now - Duration::days(30 * months_ago);
    let start = due - Duration::days(42);
    let done = due + Duration::days(late_days);
    let mut below = crate::db::tasks::descendants_of_root(c, root_id)?;
    below.sort_by_key(|t| t.created_at);
    let n = i64::try_from(below.len()).unwrap_or(1).max(1);
    for (i, sub) in below.iter().enumerate() {
        let i = i64::try_from(i).unwrap_or(0);
        let sub_due = start + Duration::days(10 * (i + 1));
        // Each subtask as late as the whole, spread over them.
        let sub_done = sub_due + Duration::days(late_days * (i + 1) / n);
        diesel::update(t::table.find(&sub.id))
            .set((
                t::start_at.eq(start + Duration::days(10 * i)),
                t::published_at.eq(Some(start)),
                t::due_at.eq(sub_due),
                t::completed_at.eq(Some(sub_done)),
                t::created_at.eq(start),
                t::updated_at.eq(sub_done),
            ))
            .execute(c)?;
    }
    diesel::update(t::table.find(root_id))
        .set((
            t::start_at.eq(start),
            t::published_at.eq(Some(start)),
            t::due_at.eq(due),
            t::completed_at.eq(Some(done)),
            t::archived_at.eq(Some(done + Duration::days(7))),
            t::created_at.eq(start - Duration::days(2)),
            t::updated_at.eq(done + Duration::days(7)),
        ))
        .execute(c)?;
    refigure(c, root_id, done)
}

/// Derives a summary's figures again from the task's dates as they are now.
fn refigure(c: &mut DbConn, root_id: &str, done: NaiveDateTime) -> AppResult<()> {
    let Some(root) = crate::db::tasks::find_task(c, root_id)? else { return Ok(()) };
    let Some(mut row) = case_store::find_summary(c, root_id)? else { return Ok(()) };
    let figures = crate::domain::cases::figures::derive(c, &root, done)?;
    row.figures = serde_json::to_string(&figures).map_err(AppError::internal)?;
    row.written_at = done;
    row.updated_at = done;
    case_store::put_summary(c, &row)
}

/// A short summary for the demo's recent done top-level tasks (set done directly in the data),
/// written as their owners would have when marking them done.
pub(crate) fn summarize_recent(c: &mut DbConn) -> AppResult<()> {
    use crate::db::schema::tasks as t;
    let done: Vec<crate::db::tasks::TaskRow> = t::table
        .filter(t::status.eq(Status::Done))
        .filter(t::parent_id.is_null())
        .select(crate::db::tasks::TaskRow::as_select())
        .load(c)?;
    for task in done {
        if case_store::find_summary(c, &task.id)?.is_some() {
            continue;
        }
        let Some(at) = task.completed_at else { continue };
        let outcome = if at <= task.due_at {
            "按期完成，结果符合预期。"
        } else {
            "延期完成，结果符合预期。"
        };
        let figures = crate::domain::cases::figures::derive(c, &task, at)?;
        case_store::put_summary(
            c,
            &case_store::SummaryRow {
                task_id: task.id.clone(),
                outcome: outcome.to_owned(),
                went_well: String::new(),
                problems: String::new(),
                lessons: String::new(),
                figures: serde_json::to_string(&figures).map_err(AppError::internal)?,
                written_by: task.owner_id.clone(),
                written_at: at,
                updated_at: at,
            },
        )?;
    }
    Ok(())
}
