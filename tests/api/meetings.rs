use api_tests::{both_backends, expect_problem, notification_kinds, Client, Team, TestApp};
use icalendar::{Component, EventLike, EventStatus};
use serde_json::{json, Value};

both_backends!(
    a_meeting_invites_by_calendar_and_every_change_raises_the_sequence,
    a_private_calendar_feed_lists_my_meetings_until_revoked,
    minutes_action_items_become_subtasks_once,
    my_meetings_lists_what_i_take_part_in_within_the_window,
    my_deadlines_list_the_due_dates_and_milestones_of_what_i_own_or_am_named_on,
);

/// Parses iCalendar text with an independent parser, after checking the line rules of RFC 5545
/// (CRLF endings, lines of at most 75 octets).
fn parse(text: &str) -> icalendar::Calendar {
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "line longer than 75 octets: {line:?}");
        assert!(!line.contains('\n'), "bare LF in {line:?}");
    }
    let unfolded = icalendar::parser::unfold(text);
    let cal = icalendar::parser::read_calendar(&unfolded).unwrap();
    cal.into()
}

async fn ics(c: &Client, path: &str) -> icalendar::Calendar {
    let res = c.get(path).send().await.unwrap();
    assert_eq!(res.status(), 200, "{path}");
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
    parse(&res.text().await.unwrap())
}

async fn schedule(t: &Team, participants: &[&str]) -> Value {
    let body = json!({"title": "发布会协调会", "starts_at": "2030-06-01T02:00:00Z", "duration_minutes": 60,
        "participant_ids": participants, "location": "3楼会议室", "online_url": "https://meeting.tencent.com/dm/abc"});
    t.wang.post_json(&format!("/api/v1/tasks/{}/meetings", t.task), &body, 201).await
}

async fn a_meeting_invites_by_calendar_and_every_change_raises_the_sequence(app: TestApp) {
    let t = Team::new(&app).await;
    // Due at midnight starting 30 November in Shanghai: 29 November in UTC.
    let sub = json!({"title": "样机准备", "owner_id": t.chen_id, "due_at": "2030-11-29T16:00:00Z"});
    t.wang.post_json(&format!("/api/v1/tasks/{}/subtasks", t.task), &sub, 201).await;
    // The agenda is prefilled from the task: goal and open subtasks, deadlines in the reader's
    // time zone.
    let draft = t.zhao.get_json(&format!("/api/v1/tasks/{}/meeting-draft", t.task)).await;
    let agenda = draft["agenda"].as_str().unwrap();
    assert!(agenda.contains("确定发布会方案") && agenda.contains("样机准备") && agenda.contains("陈晨"), "{agenda}");
    assert!(agenda.contains("截止 2030年11月30日 00:00") && !agenda.contains("11-29"), "{agenda}");

    let m = schedule(&t, &[&t.zhao_id, &t.chen_id]).await;
    assert!(m["agenda"].as_str().unwrap().contains("样机准备"));
    let names: Vec<&str> = m["participants"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 3, "the organizer takes part: {names:?}");
    let id = m["id"].as_str().unwrap().to_owned();
    app.run_jobs();
    assert!(notification_kinds(&t.zhao).await.contains(&"meeting_invited".to_owned()));

    let invite = format!("/api/v1/meetings/{id}/invite.ics");
    let cal = ics(&t.zhao, &invite).await;
    assert_eq!(cal.property_value("METHOD"), Some("REQUEST"));
    let ev = cal.events().next().unwrap().clone();
    let uid = ev.get_uid().unwrap().to_owned();
    assert_eq!(ev.get_sequence(), Some(0));
    assert_eq!(ev.get_summary(), Some("发布会协调会"));
    assert_eq!(ev.get_location(), Some("3楼会议室"));
    assert_eq!(ev.get_status(), Some(EventStatus::Confirmed));
    assert_eq!(ev.property_value("DTSTART"), Some("20300601T020000Z"));
    assert_eq!(ev.property_value("DTEND"), Some("20300601T030000Z"));
    // The organizer chairs her meeting (no reply asked of her); the others are asked to reply.
    let attendees: Vec<(String, String, String)> = ev.multi_properties()["ATTENDEE"]
        .iter()
        .map(|p| {
            let param = |k: &str| p.params().get(k).map(|v| v.value().to_owned()).unwrap_or_default();
            (p.value().to_owned(), param("PARTSTAT"), param("RSVP"))
        })
        .collect();
    assert_eq!(attendees.len(), 3);
    for (who, partstat, rsvp) in &attendees {
        let organizer = who.contains("wangfang@");
        assert_eq!(
            (partstat.as_str(), rsvp.as_str()),
            if organizer { ("ACCEPTED", "FALSE") } else { ("NEEDS-ACTION", "TRUE") },
            "{who}"
        );
    }
    assert!(ev.property_value("ORGANIZER").unwrap().contains("wangfang@test.tandem.cn"));
    // The description is the agenda as plain text: no Markdown marks, its lines kept.
    let description = ev.get_description().unwrap();
    assert!(description.contains("未完成的子任务\n- 样机准备（陈晨，截止 2030年11月30日 00:00）"), "{description}");
    assert!(!description.contains("##"), "{description}");
    // The file says what it is.
    let res = t.zhao.get(&invite).send().await.unwrap();
    let disposition = res.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert!(disposition.contains("filename=\"meeting-invitation-2030-06-01.ics\""), "{disposition}");
    let utf8 =
        percent_encoding::utf8_percent_encode("会议邀请_发布会协调会_20300601.ics", percent_encoding::NON_ALPHANUMERIC)
            .to_string()
            .replace("%5F", "_")
            .replace("%2E", ".");
    assert!(disposition.contains(&format!("filename*=UTF-8''{utf8}")), "{disposition}");

    // Someone who cannot see the task is not invited; nobody outside sees the meeting.
    let res = t
        .wang
        .patch(&format!("/api/v1/meetings/{id}"))
        .header("if-match", "\"1\"")
        .json(&json!({"participant_ids": [t.sun_id]}))
        .send()
        .await
        .unwrap();
    let p = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(p["errors"]["participant_ids"], json!(["cannot_see_task"]));
    assert_eq!(p["people"], json!([{"id": t.sun_id, "name": "孙丽"}]), "{p}");
    expect_problem(t.sun.get(&format!("/api/v1/meetings/{id}")).send().await.unwrap(), 404, "not_found").await;
    expect_problem(t.sun.get(&invite).send().await.unwrap(), 404, "not_found").await;
    // A participant does not move the meeting; the organizer does.
    let res = t
        .chen
        .patch(&format!("/api/v1/meetings/{id}"))
        .header("if-match", "\"1\"")
        .json(&json!({"duration_minutes": 30}))
        .send()
        .await
        .unwrap();
    expect_problem(res, 403, "forbidden").await;
    let res = t
        .wang
        .patch(&format!("/api/v1/meetings/{id}"))
        .header("if-match", "\"1\"")
        .json(&json!({"starts_at": "2030-06-02T06:00:00Z", "participant_ids": [t.zhao_id]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let cal = ics(&t.zhao, &invite).await;
    let ev = cal.events().next().unwrap();
    assert_eq!((ev.get_uid(), ev.get_sequence()), (Some(uid.as_str()), Some(1)));
    app.run_jobs();
    assert!(notification_kinds(&t.zhao).await.contains(&"meeting_updated".to_owned()));
    assert!(notification_kinds(&t.chen).await.contains(&"meeting_cancelled".to_owned()), "陈晨 was removed");

    let res = t.wang.post(&format!("/api/v1/meetings/{id}/cancel")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let cal = ics(&t.zhao, &invite).await;
    assert_eq!(cal.property_value("METHOD"), Some("CANCEL"));
    let ev = cal.events().next().unwrap();
    assert_eq!(
        (ev.get_uid(), ev.get_sequence(), ev.get_status()),
        (Some(uid.as_str()), Some(2), Some(EventStatus::Cancelled))
    );
    let _ = &t.wang_id;
}

async fn a_private_calendar_feed_lists_my_meetings_until_revoked(app: TestApp) {
    let t = Team::new(&app).await;
    schedule(&t, &[&t.zhao_id]).await;
    let status = t.zhao.get_json("/api/v1/me/calendar-feed").await;
    assert_eq!(status["active"], false);
    let feed = t.zhao.post_json("/api/v1/me/calendar-feed", &json!({}), 201).await;
    let url = feed["url"].as_str().unwrap().to_owned();
    // On the API's own address (the SPA need not run for a calendar app to fetch it), and it
    // answers there: HEAD too, as calendar clients probe.
    assert!(url.starts_with(&app.url("/api/v1/calendar/tdm_cal_")), "{url} is on {}", app.url(""));
    assert_eq!(reqwest::Client::new().head(&url).send().await.unwrap().status(), 200);
    let path = url.split_once("/api/v1/").map(|(_, p)| format!("/api/v1/{p}")).unwrap();
    // No bearer token: calendar apps only have the URL.
    let res = app.request(reqwest::Method::GET, &path).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let cal = parse(&res.text().await.unwrap());
    assert_eq!(cal.property_value("X-WR-CALNAME"), Some("Tandem · 赵静"));
    let titles: Vec<&str> = cal.events().filter_map(|e| e.get_summary()).collect();
    assert_eq!(titles, ["发布会协调会"]);
    // 陈晨 is not invited: her feed is empty.
    let chen_feed = t.chen.post_json("/api/v1/me/calendar-feed", &json!({}), 201).await;
    let chen_path =
        chen_feed["url"].as_str().unwrap().split_once("/api/v1/").map(|(_, p)| format!("/api/v1/{p}")).unwrap();
    let res = app.request(reqwest::Method::GET, &chen_path).send().await.unwrap();
    assert_eq!(parse(&res.text().await.unwrap()).events().count(), 0);
    // A new URL replaces the old; revoking ends it.
    let again = t.zhao.post_json("/api/v1/me/calendar-feed", &json!({}), 201).await;
    let res = app.request(reqwest::Method::GET, &path).send().await.unwrap();
    expect_problem(res, 404, "not_found").await;
    let new_path = again["url"].as_str().unwrap().split_once("/api/v1/").map(|(_, p)| format!("/api/v1/{p}")).unwrap();
    assert_eq!(app.request(reqwest::Method::GET, &new_path).send().await.unwrap().status(), 200);
    assert_eq!(t.zhao.delete("/api/v1/me/calendar-feed").send().await.unwrap().status(), 204);
    expect_problem(app.request(reqwest::Method::GET, &new_path).send().await.unwrap(), 404, "not_found").await;
    expect_problem(
        app.request(reqwest::Method::GET, "/api/v1/calendar/tdm_cal_guess.ics").send().await.unwrap(),
        404,
        "not_found",
    )
    .await;
}

async fn minutes_action_items_become_subtasks_once(app: TestApp) {
    let t = Team::new(&app).await;
    let m = schedule(&t, &[&t.zhao_id, &t.chen_id]).await;
    let id = m["id"].as_str().unwrap().to_owned();
    let minutes = json!({"discussion": "讨论了场地", "decisions": "定在上海", "action_items": [
        {"title": "预订场地", "owner_id": t.zhao_id, "due_at": "2030-07-01T00:00:00Z"},
        {"title": "准备讲稿", "owner_id": t.wang_id, "due_at": "2030-07-15T00:00:00Z"}]});
    let path = format!("/api/v1/meetings/{id}/minutes");
    let res = t.wang.put(&path).json(&minutes).send().await.unwrap();
    expect_problem(res, 428, "precondition_required").await;
    let res = t.chen.put(&path).header("if-match", "\"1\"").json(&minutes).send().await.unwrap();
    expect_problem(res, 403, "forbidden").await;
    let res = t.wang.put(&path).header("if-match", "\"1\"").json(&minutes).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let saved: Value = res.json().await.unwrap();
    assert_eq!(saved["minutes_by"]["name"], "王芳");
    let items = saved["action_items"].as_array().unwrap();
    let first = items[0]["id"].as_str().unwrap().to_owned();
    // An action item past the task's deadline is refused on its field.
    let late = json!({"action_items": [{"title": "x", "owner_id": t.zhao_id, "due_at": "2031-07-01T00:00:00Z"}]});
    let res = t.wang.put(&path).header("if-match", "\"2\"").json(&late).send().await.unwrap();
    let p = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(p["errors"]["action_items[0].due_at"], json!(["after_parent"]));

    // One click: the item becomes a subtask owned by its owner, due when it is due.
    let convert = format!("/api/v1/meetings/{id}/action-items/{first}/subtask");
    let res = t.chen.post(&convert).send().await.unwrap();
    expect_problem(res, 403, "forbidden").await;
    let made = t.wang.post_json(&convert, &json!({}), 201).await;
    let sub_id = made["subtask_id"].as_str().unwrap();
    let sub = t.zhao.get_json(&format!("/api/v1/tasks/{sub_id}")).await;
    assert_eq!((sub["title"].clone(), sub["owner"]["name"].clone()), (json!("预订场地"), json!("赵静")));
    assert_eq!(sub["parent_id"], t.task.as_str());
    assert!(sub["due_at"].as_str().unwrap().starts_with("2030-07-01"));
    expect_problem(t.wang.post(&convert).send().await.unwrap(), 409, "conflict").await;

    // Rewriting the minutes without it keeps the item that became a subtask.
    let res = t
        .wang
        .put(&path)
        .header("if-match", "\"3\"")
        .json(&json!({"discussion": "补充", "decisions": "", "action_items": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let after: Value = res.json().await.unwrap();
    let left: Vec<&str> =
        after["action_items"].as_array().unwrap().iter().map(|i| i["title"].as_str().unwrap()).collect();
    assert_eq!(left, ["预订场地"]);
    assert_eq!(after["action_items"][0]["subtask_id"], sub_id);
}

async fn my_meetings_lists_what_i_take_part_in_within_the_window(app: TestApp) {
    let t = Team::new(&app).await;
    // 02:00 UTC on 1 June 2030, 赵静 invited; a second one a week later, cancelled afterwards.
    let first = schedule(&t, &[&t.zhao_id]).await;
    let body = json!({"title": "彩排", "starts_at": "2030-06-08T06:00:00Z", "duration_minutes": 30,
        "participant_ids": [t.zhao_id]});
    let second = t.wang.post_json(&format!("/api/v1/tasks/{}/meetings", t.task), &body, 201).await;
    t.wang.post_json(&format!("/api/v1/meetings/{}/cancel", second["id"].as_str().unwrap()), &json!({}), 200).await;

    let june = "/api/v1/me/meetings?from=2030-06-01T00:00:00Z&to=2030-07-01T00:00:00Z";
    let mine = t.zhao.get_json(june).await;
    let got: Vec<(&str, &str)> = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["title"].as_str().unwrap(), m["status"].as_str().unwrap()))
        .collect();
    assert_eq!(got, [("发布会协调会", "scheduled"), ("彩排", "cancelled")], "by start, cancelled ones too");
    assert_eq!(mine["items"][0]["task_title"], "新品发布会");
    assert_eq!(mine["items"][0]["id"], first["id"]);
    // The organizer sees them too; the window's end is exclusive, its start inclusive.
    assert_eq!(t.wang.get_json(june).await["items"].as_array().unwrap().len(), 2);
    let first_only = "/api/v1/me/meetings?from=2030-06-01T02:00:00Z&to=2030-06-08T06:00:00Z";
    assert_eq!(t.zhao.get_json(first_only).await["items"].as_array().unwrap().len(), 1);
    // 陈晨 sees the task but was not invited; by default the window starts now (2030 is later).
    assert_eq!(t.chen.get_json(june).await["items"], json!([]));
    assert_eq!(t.zhao.get_json("/api/v1/me/meetings").await["items"], json!([]));
    // Someone who no longer sees the task no longer sees its meetings.
    app.sql(&format!("UPDATE tasks SET visibility = 'confidential' WHERE id = '{}'", t.task));
    app.sql(&format!("DELETE FROM task_participants WHERE task_id = '{}' AND user_id = '{}'", t.task, t.zhao_id));
    assert_eq!(t.zhao.get_json(june).await["items"], json!([]));

    let res = t.zhao.get("/api/v1/me/meetings?from=2030-06-02T00:00:00Z&to=2030-06-01T00:00:00Z").send().await;
    let problem = expect_problem(res.unwrap(), 422, "validation_failed").await;
    assert_eq!(problem["errors"]["to"], json!(["range"]));
    let res = t.zhao.get("/api/v1/me/meetings?from=2030-01-01T00:00:00Z&to=2030-06-01T00:00:00Z").send().await;
    expect_problem(res.unwrap(), 422, "validation_failed").await;
    let res = t.zhao.get("/api/v1/me/meetings?from=tomorrow").send().await.unwrap();
    assert_eq!(expect_problem(res, 422, "validation_failed").await["errors"]["query"], json!(["invalid"]));
}

async fn my_deadlines_list_the_due_dates_and_milestones_of_what_i_own_or_am_named_on(app: TestApp) {
    let t = Team::new(&app).await;
    // The server's clock: Monday 23 Nov 2026, 09:00 Shanghai; the window is that week.
    let create = |title: &str, owner: &str, due: &str, milestones: Value| {
        json!({"scenario": "cross_department", "title": title, "owner_id": owner, "department_ids": [t.market, t.rnd],
            "due_at": due, "milestones": milestones})
    };
    let body = create(
        "样机评审",
        &t.zhao_id,
        "2026-11-25T09:00:00Z",
        json!([{"name": "样稿", "due_at": "2026-11-24T09:00:00Z"}]),
    );
    let mine = t.wang.post_json("/api/v1/tasks", &body, 201).await["id"].as_str().unwrap().to_owned();
    t.wang.post_json(&format!("/api/v1/tasks/{mine}/publish"), &json!({}), 200).await;
    // A draft of 赵静's is not out yet; a task of 王芳's does not name 赵静; one falls after the week.
    let body = create("草稿任务", &t.zhao_id, "2026-11-26T09:00:00Z", json!([]));
    t.wang.post_json("/api/v1/tasks", &body, 201).await;
    let body = create("王芳的任务", &t.wang_id, "2026-11-26T09:00:00Z", json!([]));
    let hers = t.wang.post_json("/api/v1/tasks", &body, 201).await["id"].as_str().unwrap().to_owned();
    t.wang.post_json(&format!("/api/v1/tasks/{hers}/publish"), &json!({}), 200).await;
    let body = create("下月任务", &t.zhao_id, "2026-12-20T09:00:00Z", json!([]));
    let later = t.wang.post_json("/api/v1/tasks", &body, 201).await["id"].as_str().unwrap().to_owned();
    t.wang.post_json(&format!("/api/v1/tasks/{later}/publish"), &json!({}), 200).await;

    let week = "/api/v1/me/deadlines?from=2026-11-22T16:00:00Z&to=2026-11-29T16:00:00Z";
    let got = t.zhao.get_json(week).await;
    let items: Vec<(&str, &str, &str, bool)> = got["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["kind"].as_str().unwrap(),
                i["task_title"].as_str().unwrap(),
                i["at"].as_str().unwrap(),
                i["overdue"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        items,
        [
            ("milestone", "样机评审", "2026-11-24T09:00:00Z", false),
            ("deadline", "样机评审", "2026-11-25T09:00:00Z", false)
        ],
        "{got}"
    );
    assert_eq!(got["items"][0]["milestone"], "样稿");
    assert_eq!(got["items"][0]["task_id"], mine.as_str());
    // 王芳 sees hers (and 样机评审, which names her as 市场部's head); 孙丽 (on neither) sees nothing.
    let wang: Vec<String> = t.wang.get_json(week).await["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["task_title"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(wang, ["样机评审", "样机评审", "王芳的任务"]);
    assert_eq!(t.sun.get_json(week).await["items"], json!([]));
    // A day later the milestone is overdue; once reached, it leaves the agenda.
    app.freeze_at(chrono::DateTime::parse_from_rfc3339("2026-11-24T12:00:00Z").unwrap().to_utc());
    assert_eq!(t.zhao.get_json(week).await["items"][0]["overdue"], true);
    app.sql(&format!("UPDATE task_milestones SET done_at = due_at WHERE task_id = '{mine}'"));
    let kinds: Vec<Value> =
        t.zhao.get_json(week).await["items"].as_array().unwrap().iter().map(|i| i["kind"].clone()).collect();
    assert_eq!(kinds, [json!("deadline")]);
    // The same window rules as /me/meetings.
    let res = t.zhao.get("/api/v1/me/deadlines?from=2026-11-29T00:00:00Z&to=2026-11-22T00:00:00Z").send().await;
    assert_eq!(expect_problem(res.unwrap(), 422, "validation_failed").await["errors"]["to"], json!(["range"]));
}
