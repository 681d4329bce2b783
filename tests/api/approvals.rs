//! Resource requests and approval flows (资源申请与审批), on both databases: a budget request of
//! 市场部 goes to the heads of 财务部 and 运营部 (会签) and, from 50,000 CNY, to the general
//! manager; every action, the conditions, the SLA escalation and the races.

use api_tests::approvals::{act, budget_flow, budget_form, ok, plain_task, request_task, save, submitted, world};
use api_tests::{both_backends, expect_problem, notification_kinds, Client, TestApp};
use chrono::NaiveDateTime;
use serde_json::{json, Value};
use tandem::domain::reminders::tick;

both_backends!(
    a_budget_request_goes_through_a_countersigned_step_and_the_general_manager_and_is_kept_per_submission,
    below_the_threshold_the_general_managers_step_is_skipped_and_conditions_choose_the_flow,
    a_flow_that_resolves_to_nobody_or_no_flow_refuses_the_submission,
    reject_is_final_and_return_to_an_earlier_step_asks_that_step_again,
    transfer_and_added_approvers_decide_in_their_place_and_order,
    the_initiator_withdraws_until_the_first_decision_and_nudges_once_an_hour,
    the_same_person_in_consecutive_steps_approves_once,
    only_the_approver_waited_on_acts_and_outsiders_see_nothing,
    two_approvers_of_a_countersigned_step_approving_at_once_both_count_and_advance_once,
    an_approval_racing_a_withdrawal_never_leaves_both_done,
    a_step_past_its_sla_reminds_the_approver_then_escalates_to_their_supervisor,
    the_form_refuses_floats_bad_lines_and_mixed_currencies_field_by_field,
);

fn pending_approvers(r: &Value) -> Vec<String> {
    let cur = &r["current"];
    let step = cur["current_step"].as_i64().unwrap_or(-1);
    cur["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["index"].as_i64() == Some(step))
        .flat_map(|s| s["assignments"].as_array().unwrap().iter())
        .filter(|a| a["state"] == "pending")
        .map(|a| a["approver"]["name"].as_str().unwrap().to_owned())
        .collect()
}

async fn counts(c: &Client) -> Value {
    c.get_json("/api/v1/approvals/counts").await
}

async fn a_budget_request_goes_through_a_countersigned_step_and_the_general_manager_and_is_kept_per_submission(
    app: TestApp,
) {
    let w = world(&app).await;
    budget_flow(&w).await;
    let task = request_task(&w, "Q3新品推广预算").await;
    // The form: amounts come back with the currency's digits, the total is exact.
    let r = ok(save(&w.wang, &task, &budget_form(&w, "80000"), None).await).await;
    assert_eq!(r["status"], "draft");
    assert_eq!(r["form"]["lines"][0]["amount"], "80000.00");
    assert_eq!(r["total"], json!({"amount": "80000.00", "currency": "CNY"}));
    assert_eq!(r["can"]["submit"], true);
    // A later save needs If-Match.
    let res = save(&w.wang, &task, &budget_form(&w, "80000.50"), None).await;
    expect_problem(res, 428, "precondition_required").await;
    let r = ok(save(&w.wang, &task, &budget_form(&w, "80000.50"), Some(r["version"].as_i64().unwrap())).await).await;
    assert_eq!(r["form_revision"], 2);

    // Submitting publishes the draft and asks both heads at once.
    let r = ok(act(&w.wang, &task, "submit", &json!({})).await).await;
    assert_eq!(r["status"], "pending");
    assert_eq!(r["current"]["number"], 1);
    assert_eq!(r["current"]["flow_name"], "预算申请");
    let steps = r["current"]["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 2, "80,000.50 CNY also goes to the general manager");
    assert_eq!(steps[0]["mode"], "all");
    assert_eq!(steps[0]["state"], "active");
    assert_eq!(steps[1]["state"], "waiting");
    let mut waiting = pending_approvers(&r);
    waiting.sort();
    assert_eq!(waiting, vec!["冯建国", "田野"]);
    let task_now = w.wang.get_json(&format!("/api/v1/tasks/{task}")).await;
    assert_eq!(task_now["status"], "published");
    app.run_jobs();
    assert!(notification_kinds(&w.feng).await.contains(&"approval_requested".to_owned()));
    assert!(notification_kinds(&w.tian).await.contains(&"approval_requested".to_owned()));
    assert!(!notification_kinds(&w.chen).await.contains(&"approval_requested".to_owned()), "not yet");
    assert_eq!(counts(&w.feng).await["todo"], 1);
    assert_eq!(counts(&w.wang).await["mine"], 1);
    let todo = w.feng.get_json("/api/v1/approvals?box=todo").await;
    assert_eq!(todo["items"][0]["title"], "Q3新品推广预算");
    assert_eq!(todo["items"][0]["current_step_name"], "财务与运营会签");
    assert_eq!(todo["items"][0]["total"]["amount"], "80000.50");
    // The approver sees the task (and so its files) and may decide.
    let seen = w.feng.get_json(&format!("/api/v1/tasks/{task}/request")).await;
    assert_eq!(seen["can"]["decide"], true);
    assert_eq!(seen["can"]["edit"], false);

    // 会签: one approval keeps the step waiting for the other.
    let r = ok(act(&w.feng, &task, "approve", &json!({"comment": "预算合理"})).await).await;
    assert_eq!(r["current"]["current_step"], 0);
    assert_eq!(pending_approvers(&r), vec!["田野"]);
    let r = ok(act(&w.tian, &task, "approve", &json!({})).await).await;
    assert_eq!(r["current"]["current_step"], 1);
    assert_eq!(pending_approvers(&r), vec!["陈志远"]);
    assert_eq!(r["current"]["copied"][0]["name"], "刘洋", "copied once the step is approved");
    app.run_jobs();
    assert!(notification_kinds(&w.liu).await.contains(&"approval_copied".to_owned()));
    assert_eq!(counts(&w.liu).await["cc"], 1);
    assert_eq!(counts(&w.feng).await, json!({"todo": 0, "done": 1, "mine": 0, "cc": 0}));
    let decided = r["current"]["steps"][0]["assignments"].as_array().unwrap();
    assert!(decided.iter().all(|a| a["seen_revision"] == 2), "each decided on revision 2: {decided:?}");

    // The general manager returns it to the initiator, who edits and resubmits.
    let res = act(&w.chen, &task, "return", &json!({})).await;
    expect_problem(res, 422, "validation_failed").await;
    let r = ok(act(&w.chen, &task, "return", &json!({"comment": "请补充投放渠道明细"})).await).await;
    assert_eq!(r["status"], "returned");
    assert_eq!(r["current"]["outcome"], "returned");
    assert_eq!(r["current"]["end_comment"], "请补充投放渠道明细");
    app.run_jobs();
    assert!(notification_kinds(&w.wang).await.contains(&"approval_returned".to_owned()));
    let mine = w.wang.get_json(&format!("/api/v1/tasks/{task}/request")).await;
    assert_eq!(mine["can"]["edit"], true);
    let mut form = budget_form(&w, "60000");
    form["justification"] = json!("Q3 新品上市推广：抖音 60%、小红书 40%");
    let r = ok(save(&w.wang, &task, &form, Some(mine["version"].as_i64().unwrap())).await).await;
    let r = ok(w
        .wang
        .post(&format!("/api/v1/tasks/{task}/request/submit"))
        .header("If-Match", format!("\"{}\"", r["version"]))
        .json(&json!({}))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(r["current"]["number"], 2);
    ok(act(&w.feng, &task, "approve", &json!({})).await).await;
    ok(act(&w.tian, &task, "approve", &json!({})).await).await;
    let r = ok(act(&w.chen, &task, "approve", &json!({"comment": "同意"})).await).await;
    assert_eq!(r["status"], "approved");
    assert_eq!(r["current"]["outcome"], "approved");
    assert!(r["current"]["steps"].as_array().unwrap().iter().all(|s| s["state"] == "approved"));
    app.run_jobs();
    assert!(notification_kinds(&w.wang).await.contains(&"approval_approved".to_owned()));
    // Decided is final.
    let res = act(&w.chen, &task, "approve", &json!({})).await;
    expect_problem(res, 409, "conflict").await;

    // Both submissions are kept, with what each was.
    let subs = w.liu.get_json(&format!("/api/v1/tasks/{task}/request/submissions")).await;
    let subs = subs["items"].as_array().unwrap();
    assert_eq!(subs.len(), 2);
    assert_eq!((subs[0]["number"].as_i64(), subs[0]["outcome"].as_str()), (Some(2), Some("approved")));
    assert_eq!((subs[1]["number"].as_i64(), subs[1]["outcome"].as_str()), (Some(1), Some("returned")));
    assert_eq!(subs[1]["form"]["lines"][0]["amount"], "80000.50");
    assert_eq!(subs[0]["form"]["lines"][0]["amount"], "60000.00");
    // The task's history tells the story.
    let history = w.wang.get_json(&format!("/api/v1/tasks/{task}/history?limit=100")).await;
    let fields: Vec<&str> = history["items"].as_array().unwrap().iter().filter_map(|h| h["field"].as_str()).collect();
    for f in ["request_form", "approval_submitted", "approval_action", "approval_ended"] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }
}

async fn below_the_threshold_the_general_managers_step_is_skipped_and_conditions_choose_the_flow(app: TestApp) {
    let w = world(&app).await;
    budget_flow(&w).await;
    // A second flow for equipment only: the head of 运营部 alone.
    w.admin
        .post_json(
            "/api/v1/approval-flows",
            &json!({"name": "设备申请", "conditions": {"resource_kinds": ["equipment"]},
                "steps": [{"name": "运营审批", "mode": "single",
                           "approvers": [{"kind": "department_head", "department_id": w.ops}]}]}),
            201,
        )
        .await;
    let task = submitted(&w, "小额推广", "49999.99").await;
    let r = w.wang.get_json(&format!("/api/v1/tasks/{task}/request")).await;
    let steps = r["current"]["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 1, "below 50,000 the general manager is not asked");
    let task = submitted(&w, "整数门槛", "50000").await;
    let r = w.wang.get_json(&format!("/api/v1/tasks/{task}/request")).await;
    assert_eq!(r["current"]["steps"].as_array().unwrap().len(), 2, "from 50,000 exactly");

    let task = request_task(&w, "借用投影仪").await;
    let form = json!({"lines": [{"kind": "equipment", "description": "投影仪", "quantity": 2}],
        "justification": "发布会", "department_ids": [w.ops]});
    ok(save(&w.wang, &task, &form, None).await).await;
    let r = ok(act(&w.wang, &task, "submit", &json!({})).await).await;
    assert_eq!(r["current"]["flow_name"], "设备申请");
    assert_eq!(pending_approvers(&r), vec!["田野"]);
    assert!(r["total"].is_null());
}

async fn a_flow_that_resolves_to_nobody_or_no_flow_refuses_the_submission(app: TestApp) {
    let w = world(&app).await;
    let task = request_task(&w, "没有审批流").await;
    ok(save(&w.wang, &task, &budget_form(&w, "100"), None).await).await;
    let body = expect_problem(act(&w.wang, &task, "submit", &json!({})).await, 422, "validation_failed").await;
    assert_eq!(body["errors"]["flow"], json!(["no_flow"]));
    // A flow whose only step asks a department without a head.
    let nobody = app.department("法务部");
    w.admin
        .post_json(
            "/api/v1/approval-flows",
            &json!({"name": "法务审核", "steps": [{"name": "法务", "mode": "any",
                "approvers": [{"kind": "department_head", "department_id": nobody}]}]}),
            201,
        )
        .await;
    let body = expect_problem(act(&w.wang, &task, "submit", &json!({})).await, 422, "validation_failed").await;
    assert_eq!(body["errors"]["flow"], json!(["no_approver"]));
    assert!(body["detail"].as_str().unwrap().contains("法务"), "{body}");
    // Nothing was left hanging.
    let r = w.wang.get_json(&format!("/api/v1/tasks/{task}/request")).await;
    assert_eq!(r["status"], "draft");
    assert!(r["current"].is_null());
    let draft = w.wang.get_json(&format!("/api/v1/tasks/{task}")).await;
    assert_eq!(draft["status"], "draft", "a refused submission publishes nothing");
    // Only administrators manage flows; bad rules are named.
    let flow =
        json!({"name": "自己定的流程", "steps": [{"name": "a", "mode": "any", "approvers": [{"kind": "supervisor"}]}]});
    let res = w.wang.post("/api/v1/approval-flows").json(&flow).send().await.unwrap();
    expect_problem(res, 403, "forbidden").await;
    let res = w
        .admin
        .post("/api/v1/approval-flows")
        .json(&json!({"name": "坏", "steps": [{"name": "a", "mode": "all",
            "approvers": [{"kind": "user", "user_id": "00000000-0000-7000-8000-000000000000"}]}]}))
        .send()
        .await
        .unwrap();
    let body = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"]["steps[0].approvers[0]"], json!(["not_found"]));
}

async fn reject_is_final_and_return_to_an_earlier_step_asks_that_step_again(app: TestApp) {
    let w = world(&app).await;
    budget_flow(&w).await;
    let task = submitted(&w, "被拒绝的预算", "90000").await;
    let res = act(&w.feng, &task, "reject", &json!({})).await;
    assert_eq!(res.status(), 422, "a reason is required");
    let r = ok(act(&w.feng, &task, "reject", &json!({"comment": "超出年度预算"})).await).await;
    assert_eq!(r["status"], "rejected");
    assert_eq!(r["can"]["edit"], false);
    expect_problem(act(&w.tian, &task, "approve", &json!({})).await, 409, "conflict").await;
    app.run_jobs();
    assert!(notification_kinds(&w.wang).await.contains(&"approval_rejected".to_owned()));
    assert_eq!(counts(&w.tian).await["todo"], 0, "the other approver's place is closed");

    let task = submitted(&w, "退回上一步", "90000").await;
    ok(act(&w.feng, &task, "approve", &json!({})).await).await;
    ok(act(&w.tian, &task, "approve", &json!({})).await).await;
    let res = act(&w.chen, &task, "return", &json!({"comment": "x", "to_step": 1})).await;
    expect_problem(res, 422, "validation_failed").await;
    let r = ok(act(&w.chen, &task, "return", &json!({"comment": "请财务复核", "to_step": 0})).await).await;
    assert_eq!(r["status"], "pending");
    assert_eq!(r["current"]["current_step"], 0);
    let mut again = pending_approvers(&r);
    again.sort();
    assert_eq!(again, vec!["冯建国", "田野"]);
    let first = r["current"]["steps"][0]["assignments"].as_array().unwrap();
    assert_eq!(first.iter().filter(|a| a["state"] == "approved").count(), 2, "the earlier decisions stay on record");
    ok(act(&w.feng, &task, "approve", &json!({})).await).await;
    let r = ok(act(&w.tian, &task, "approve", &json!({})).await).await;
    assert_eq!(pending_approvers(&r), vec!["陈志远"]);
}

async fn transfer_and_added_approvers_decide_in_their_place_and_order(app: TestApp) {
    let w = world(&app).await;
    budget_flow(&w).await;
    let task = submitted(&w, "转交与加签", "1000").await;
    // 冯建国 hands his place to 曹颖.
    let r = ok(act(&w.feng, &task, "transfer", &json!({"to_user_id": w.cao_id, "comment": "请曹颖处理"})).await).await;
    let mut waiting = pending_approvers(&r);
    waiting.sort();
    assert_eq!(waiting, vec!["曹颖", "田野"]);
    expect_problem(act(&w.feng, &task, "approve", &json!({})).await, 403, "forbidden").await;
    let res = act(&w.cao, &task, "transfer", &json!({"to_user_id": w.tian_id})).await;
    let body = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"]["to_user_id"], json!(["already_approver"]));
    // 田野 asks 刘洋 to decide before him.
    let r = ok(act(&w.tian, &task, "add-approver", &json!({"user_id": w.liu_id, "position": "before"})).await).await;
    let mut waiting = pending_approvers(&r);
    waiting.sort();
    assert_eq!(waiting, vec!["刘洋", "曹颖"], "田野 waits behind 刘洋");
    ok(act(&w.cao, &task, "approve", &json!({})).await).await;
    let r = ok(act(&w.liu, &task, "approve", &json!({})).await).await;
    assert_eq!(pending_approvers(&r), vec!["田野"], "田野 is asked again");
    // 田野 approves and adds 陈志远 after himself: the step waits for him.
    let r = ok(act(&w.tian, &task, "add-approver", &json!({"user_id": w.chen_id, "position": "after"})).await).await;
    assert_eq!(r["current"]["current_step"], 0);
    assert_eq!(pending_approvers(&r), vec!["陈志远"]);
    let r = ok(act(&w.chen, &task, "approve", &json!({})).await).await;
    assert_eq!(r["status"], "approved", "below the threshold there is one step");
    let step = r["current"]["steps"][0]["assignments"].as_array().unwrap();
    let origins: Vec<&str> = step.iter().map(|a| a["origin"].as_str().unwrap()).collect();
    assert!(origins.contains(&"transfer") && origins.contains(&"added_before") && origins.contains(&"added_after"));
    let transferred = step.iter().find(|a| a["state"] == "transferred").unwrap();
    assert_eq!(transferred["approver"]["name"], "冯建国");
}

async fn the_initiator_withdraws_until_the_first_decision_and_nudges_once_an_hour(app: TestApp) {
    let w = world(&app).await;
    budget_flow(&w).await;
    let task = submitted(&w, "撤回", "1000").await;
    // Nudging: once an hour, the approvers are told.
    ok(act(&w.wang, &task, "nudge", &json!({})).await).await;
    let res = act(&w.wang, &task, "nudge", &json!({})).await;
    assert!(res.headers().get("retry-after").is_some());
    expect_problem(res, 429, "too_many_requests").await;
    expect_problem(act(&w.feng, &task, "nudge", &json!({})).await, 403, "forbidden").await;
    app.run_jobs();
    assert!(notification_kinds(&w.feng).await.contains(&"approval_nudged".to_owned()));
    // Only the initiator withdraws; before a decision it works.
    expect_problem(act(&w.feng, &task, "withdraw", &json!({})).await, 403, "forbidden").await;
    let r = ok(act(&w.wang, &task, "withdraw", &json!({"comment": "金额要改"})).await).await;
    assert_eq!(r["status"], "withdrawn");
    assert_eq!(counts(&w.feng).await["todo"], 0);
    app.run_jobs();
    assert!(notification_kinds(&w.feng).await.contains(&"approval_withdrawn".to_owned()));
    // Resubmitted, then decided once: no more withdrawing.
    ok(act(&w.wang, &task, "submit", &json!({})).await).await;
    ok(act(&w.feng, &task, "approve", &json!({})).await).await;
    let r = w.wang.get_json(&format!("/api/v1/tasks/{task}/request")).await;
    assert_eq!(r["can"]["withdraw"], false);
    expect_problem(act(&w.wang, &task, "withdraw", &json!({})).await, 409, "conflict").await;
}

async fn the_same_person_in_consecutive_steps_approves_once(app: TestApp) {
    let w = world(&app).await;
    w.admin
        .post_json(
            "/api/v1/approval-flows",
            &json!({"name": "连续审批", "steps": [
                {"name": "财务初审", "mode": "single", "approvers": [{"kind": "department_head", "department_id": w.finance}]},
                {"name": "财务复核", "mode": "any", "approvers": [{"kind": "user", "user_id": w.feng_id},
                                                                  {"kind": "user", "user_id": w.cao_id}]},
                {"name": "总经理", "mode": "single", "approvers": [{"kind": "supervisor"}]}
            ]}),
            201,
        )
        .await;
    let task = submitted(&w, "连续审批", "100").await;
    let r = ok(act(&w.feng, &task, "approve", &json!({})).await).await;
    assert_eq!(r["current"]["current_step"], 2, "冯建国 approved step 2 with step 1 (或签)");
    let second = r["current"]["steps"][1]["assignments"].as_array().unwrap();
    let auto = second.iter().find(|a| a["approver"]["name"] == "冯建国").unwrap();
    assert_eq!((auto["state"].as_str(), auto["automatic"].as_bool()), (Some("approved"), Some(true)));
    assert_eq!(pending_approvers(&r), vec!["陈志远"], "the initiator's supervisor");
}

async fn only_the_approver_waited_on_acts_and_outsiders_see_nothing(app: TestApp) {
    let w = world(&app).await;
    budget_flow(&w).await;
    let task = submitted(&w, "权限", "90000").await;
    // 张三 may not see the task: 404 everywhere, nothing counted.
    expect_problem(w.zhang.get(&format!("/api/v1/tasks/{task}/request")).send().await.unwrap(), 404, "not_found").await;
    expect_problem(act(&w.zhang, &task, "approve", &json!({})).await, 404, "not_found").await;
    assert_eq!(counts(&w.zhang).await, json!({"todo": 0, "done": 0, "mine": 0, "cc": 0}));
    // The general manager sees it (an approver of a later step) but may not act yet.
    w.chen.get_json(&format!("/api/v1/tasks/{task}/request")).await;
    expect_problem(act(&w.chen, &task, "approve", &json!({})).await, 403, "forbidden").await;
    // The initiator and the administrator cannot approve in the approvers' place.
    expect_problem(act(&w.wang, &task, "approve", &json!({})).await, 403, "forbidden").await;
    expect_problem(act(&w.admin, &task, "approve", &json!({})).await, 403, "forbidden").await;
    // Nobody but who may edit the task fills the form.
    let res = save(&w.feng, &task, &budget_form(&w, "1"), Some(1)).await;
    expect_problem(res, 403, "forbidden").await;
    // A task of another scenario has no request form.
    let other = plain_task(&w).await;
    let res = save(&w.wang, &other, &budget_form(&w, "1"), None).await;
    expect_problem(res, 409, "conflict").await;
}

async fn two_approvers_of_a_countersigned_step_approving_at_once_both_count_and_advance_once(app: TestApp) {
    let w = world(&app).await;
    budget_flow(&w).await;
    for round in 0..5 {
        let task = submitted(&w, &format!("并发会签{round}"), "90000").await;
        let (a, b) = (w.feng.clone(), w.tian.clone());
        let (ta, tb) = (task.clone(), task.clone());
        let (ra, rb) =
            tokio::join!(async move { act(&a, &ta, "approve", &json!({})).await.status().as_u16() }, async move {
                act(&b, &tb, "approve", &json!({})).await.status().as_u16()
            });
        assert_eq!((ra, rb), (200, 200), "round {round}");
        let r = w.wang.get_json(&format!("/api/v1/tasks/{task}/request")).await;
        let steps = r["current"]["steps"].as_array().unwrap();
        let first = steps[0]["assignments"].as_array().unwrap();
        assert_eq!(first.iter().filter(|x| x["state"] == "approved").count(), 2, "round {round}: both decisions kept");
        assert_eq!(r["current"]["current_step"], 1);
        let gm = steps[1]["assignments"].as_array().unwrap();
        assert_eq!(gm.len(), 1, "round {round}: the next step is asked once");
        assert_eq!(gm[0]["state"], "pending");
    }
}

async fn an_approval_racing_a_withdrawal_never_leaves_both_done(app: TestApp) {
    let w = world(&app).await;
    budget_flow(&w).await;
    for round in 0..5 {
        let task = submitted(&w, &format!("撤回竞争{round}"), "100").await;
        let (a, b) = (w.feng.clone(), w.wang.clone());
        let (ta, tb) = (task.clone(), task.clone());
        let (approved, withdrawn) =
            tokio::join!(async move { act(&a, &ta, "approve", &json!({})).await.status().as_u16() }, async move {
                act(&b, &tb, "withdraw", &json!({})).await.status().as_u16()
            });
        let r = w.wang.get_json(&format!("/api/v1/tasks/{task}/request")).await;
        let first = r["current"]["steps"][0]["assignments"].as_array().unwrap();
        let feng = first.iter().find(|x| x["approver"]["name"] == "冯建国").unwrap();
        match (approved, withdrawn) {
            (200, 409) => {
                assert_eq!(r["status"], "pending");
                assert_eq!(feng["state"], "approved");
            }
            (409, 200) => {
                assert_eq!(r["status"], "withdrawn");
                assert_eq!(feng["state"], "skipped");
            }
            other => panic!("round {round}: both or neither happened: {other:?}"),
        }
    }
}

/// A UTC time as stored.
fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

async fn a_step_past_its_sla_reminds_the_approver_then_escalates_to_their_supervisor(app: TestApp) {
    // Asked on Friday 27 Nov 2026 at 14:00 Shanghai (06:00 UTC, the test's stopped clock); the SLA
    // is one working day (9 working hours, 09:00–18:00, weekends off): 4 hours on Friday, 5 on
    // Monday: due Monday 30 Nov 14:00 local (06:00 UTC); twice that: Tuesday 1 Dec 14:00 local.
    app.freeze_at(api_tests::utc("2026-11-27T06:00:00Z"));
    let w = world(&app).await;
    budget_flow(&w).await;
    let task = submitted(&w, "超时审批", "100").await;
    let r = w.feng.get_json(&format!("/api/v1/tasks/{task}/request")).await;
    let first = r["current"]["steps"][0]["assignments"].as_array().unwrap();
    assert!(first.iter().all(|a| a["due_at"] == "2026-11-30T06:00:00Z"), "{first:?}");
    assert_eq!(tick(&app.state_db, at("2026-11-29 12:00")).unwrap().get("approval_overdue"), 0, "the weekend");
    assert_eq!(tick(&app.state_db, at("2026-11-30 05:59")).unwrap().get("approval_overdue"), 0);
    assert_eq!(tick(&app.state_db, at("2026-11-30 06:01")).unwrap().get("approval_overdue"), 2, "both heads");
    assert_eq!(tick(&app.state_db, at("2026-11-30 08:00")).unwrap().get("approval_overdue"), 0, "once");
    ok(act(&w.tian, &task, "approve", &json!({})).await).await;
    assert_eq!(tick(&app.state_db, at("2026-12-01 05:59")).unwrap().get("approval_escalation"), 0);
    let fired = tick(&app.state_db, at("2026-12-01 06:01")).unwrap();
    assert_eq!(fired.get("approval_escalation"), 1, "冯建国 still has not decided; 田野 did");
    app.run_jobs();
    assert!(notification_kinds(&w.feng).await.contains(&"approval_overdue".to_owned()));
    let chen = notification_kinds(&w.chen).await;
    assert!(chen.contains(&"approval_escalated".to_owned()), "{chen:?}");
    // The supervisor now sees the request.
    w.chen.get_json(&format!("/api/v1/tasks/{task}/request")).await;
}

async fn the_form_refuses_floats_bad_lines_and_mixed_currencies_field_by_field(app: TestApp) {
    let w = world(&app).await;
    let task = request_task(&w, "表单校验").await;
    let form = json!({"lines": [
        {"kind": "budget", "description": "a", "amount": "100.5", "currency": "CNY"},
        {"kind": "budget", "description": "b", "amount": "10", "currency": "USD"},
        {"kind": "budget", "description": "c", "amount": "1e5", "currency": "CNY"},
        {"kind": "people_days", "description": "d", "people": 2},
        {"kind": "budget", "description": "e", "amount": "1.005", "currency": "CNY"}
    ], "justification": "x"});
    let body = expect_problem(save(&w.wang, &task, &form, None).await, 422, "validation_failed").await;
    assert!(body["errors"].get("lines[0].amount").is_none(), "{body}");
    assert_eq!(body["errors"]["lines[1].currency"], json!(["one_currency"]));
    assert_eq!(body["errors"]["lines[2].amount"], json!(["decimal"]));
    assert_eq!(body["errors"]["lines[3].days"], json!(["range"]));
    assert_eq!(body["errors"]["lines[4].amount"], json!(["precision"]));
    // A number instead of a decimal string is refused, never rounded.
    let form = json!({"lines": [{"kind": "budget", "description": "a", "amount": 0.1, "currency": "CNY"}],
        "justification": "x"});
    let res = save(&w.wang, &task, &form, None).await;
    assert_eq!(res.status(), 422);
    // Nothing was stored.
    expect_problem(w.wang.get(&format!("/api/v1/tasks/{task}/request")).send().await.unwrap(), 404, "not_found").await;
}
