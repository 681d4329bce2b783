// @generated-style diesel schema for the tables in migrations/ (kept identical for both backends).

diesel::table! {
    departments (id) {
        id -> Text,
        name -> Text,
        search_key -> Text,
        parent_id -> Nullable<Text>,
        is_active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        name -> Text,
        search_key -> Text,
        mobile -> Nullable<Text>,
        department_id -> Nullable<Text>,
        title -> Nullable<Text>,
        supervisor_id -> Nullable<Text>,
        role -> Text,
        is_active -> Bool,
        password_hash -> Text,
        locale -> Text,
        time_zone -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    department_heads (department_id, user_id) {
        department_id -> Text,
        user_id -> Text,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        user_id -> Text,
        family_id -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    access_tokens (id) {
        id -> Text,
        user_id -> Text,
        name -> Text,
        prefix -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        expires_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    login_locks (id) {
        id -> Text,
        kind -> Text,
        subject -> Text,
        failures -> Integer,
        window_started_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        lock_count -> Integer,
        last_failure_at -> Timestamp,
    }
}

diesel::table! {
    login_devices (id) {
        id -> Text,
        user_id -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        last_used_at -> Timestamp,
    }
}

diesel::table! {
    tasks (id) {
        id -> Text,
        parent_id -> Nullable<Text>,
        root_id -> Text,
        depth -> Integer,
        scenario -> Text,
        template -> Nullable<Text>,
        title -> Text,
        goal -> Text,
        search_key -> Text,
        initiating_department_id -> Nullable<Text>,
        owner_id -> Text,
        created_by -> Text,
        priority -> Text,
        priority_rank -> Integer,
        status -> Text,
        percent -> Integer,
        start_at -> Timestamp,
        due_at -> Timestamp,
        resources -> Text,
        risks -> Text,
        visibility -> Text,
        review_rounds -> Integer,
        published_at -> Nullable<Timestamp>,
        completed_at -> Nullable<Timestamp>,
        deleted_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
        archived_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// Raised by triggers with every change the lists' totals depend on (migration 000026).
    list_versions (shard) {
        shard -> Integer,
        n -> BigInt,
    }
}

diesel::table! {
    /// Who may see each task, kept by triggers (migration 000025): see `db::tasks::principals`.
    task_audience (principal, task_id) {
        principal -> Text,
        task_id -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        due_at -> Timestamp,
        priority_rank -> Integer,
        title -> Text,
    }
}

diesel::table! {
    task_departments (task_id, department_id) {
        task_id -> Text,
        department_id -> Text,
    }
}

diesel::table! {
    task_collaborators (task_id, user_id) {
        task_id -> Text,
        user_id -> Text,
    }
}

diesel::table! {
    task_participants (task_id, user_id) {
        task_id -> Text,
        user_id -> Text,
        reason -> Text,
    }
}

diesel::table! {
    task_milestones (id) {
        id -> Text,
        task_id -> Text,
        position -> Integer,
        name -> Text,
        due_at -> Timestamp,
        done_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    task_progress (id) {
        id -> Text,
        task_id -> Text,
        author_id -> Text,
        status -> Text,
        percent -> Integer,
        note -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    task_history (id) {
        id -> Text,
        task_id -> Text,
        actor_id -> Text,
        actor_department_id -> Nullable<Text>,
        at -> Timestamp,
        field -> Text,
        old_value -> Nullable<Text>,
        new_value -> Nullable<Text>,
    }
}

diesel::table! {
    outbox (id) {
        id -> Text,
        kind -> Text,
        task_id -> Nullable<Text>,
        actor_id -> Nullable<Text>,
        payload -> Text,
        created_at -> Timestamp,
        processed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    notifications (id) {
        id -> Text,
        user_id -> Text,
        event_id -> Text,
        kind -> Text,
        task_id -> Nullable<Text>,
        actor_id -> Nullable<Text>,
        payload -> Text,
        created_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
        acked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    task_dependencies (id) {
        id -> Text,
        predecessor_id -> Text,
        successor_id -> Text,
        kind -> Text,
        lag_days -> Integer,
        created_by -> Text,
        created_at -> Timestamp,
        predecessor_root_id -> Text,
        successor_root_id -> Text,
    }
}

diesel::table! {
    task_schedule (task_id) {
        task_id -> Text,
        root_id -> Text,
        earliest_start -> Timestamp,
        earliest_finish -> Timestamp,
        at_risk -> Bool,
        updated_at -> Timestamp,
        critical -> Bool,
    }
}

diesel::table! {
    audit_events (id) {
        id -> Text,
        at -> Timestamp,
        actor_id -> Nullable<Text>,
        kind -> Text,
        subject_type -> Nullable<Text>,
        subject_id -> Nullable<Text>,
        detail -> Text,
    }
}

diesel::table! {
    comments (id) {
        id -> Text,
        task_id -> Text,
        parent_id -> Nullable<Text>,
        author_id -> Text,
        body -> Text,
        pinned_at -> Nullable<Timestamp>,
        pinned_by -> Nullable<Text>,
        created_at -> Timestamp,
        edited_at -> Nullable<Timestamp>,
        deleted_at -> Nullable<Timestamp>,
        version -> BigInt,
    }
}

diesel::table! {
    comment_revisions (id) {
        id -> Text,
        comment_id -> Text,
        body -> Text,
        replaced_at -> Timestamp,
    }
}

diesel::table! {
    comment_mentions (comment_id, target_type, target_id) {
        comment_id -> Text,
        target_type -> Text,
        target_id -> Text,
        all_members -> Bool,
    }
}

diesel::table! {
    attachments (id) {
        id -> Text,
        task_id -> Text,
        comment_id -> Nullable<Text>,
        uploader_id -> Text,
        file_name -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        sha256 -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    meetings (id) {
        id -> Text,
        task_id -> Text,
        organizer_id -> Text,
        title -> Text,
        starts_at -> Timestamp,
        duration_minutes -> Integer,
        location -> Text,
        online_url -> Text,
        agenda -> Text,
        status -> Text,
        sequence -> Integer,
        discussion -> Text,
        decisions -> Text,
        minutes_by -> Nullable<Text>,
        minutes_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    meeting_participants (meeting_id, user_id) {
        meeting_id -> Text,
        user_id -> Text,
    }
}

diesel::table! {
    meeting_action_items (id) {
        id -> Text,
        meeting_id -> Text,
        position -> Integer,
        title -> Text,
        owner_id -> Text,
        due_at -> Timestamp,
        subtask_id -> Nullable<Text>,
    }
}

diesel::table! {
    calendar_feeds (user_id) {
        user_id -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    live_events (seq) {
        seq -> BigInt,
        user_id -> Nullable<Text>,
        task_id -> Nullable<Text>,
        kind -> Text,
        payload -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    jobs (id) {
        id -> Text,
        kind -> Text,
        payload -> Text,
        status -> Text,
        run_at -> Timestamp,
        attempts -> Integer,
        max_attempts -> Integer,
        lease_owner -> Nullable<Text>,
        lease_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        idempotency_key -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        finished_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    robots (id) {
        id -> Text,
        name -> Text,
        platform -> Text,
        webhook_url -> Text,
        secret -> Nullable<Text>,
        department_id -> Nullable<Text>,
        task_id -> Nullable<Text>,
        is_active -> Bool,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    robot_sends (id) {
        id -> Text,
        robot_id -> Text,
        at -> Timestamp,
        messages -> Integer,
    }
}

diesel::table! {
    webhooks (id) {
        id -> Text,
        owner_id -> Text,
        url -> Text,
        secret -> Text,
        event_types -> Text,
        is_active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Text,
        webhook_id -> Text,
        event_id -> Text,
        event_kind -> Text,
        attempt -> Integer,
        status_code -> Nullable<Integer>,
        error -> Nullable<Text>,
        duration_ms -> Integer,
        at -> Timestamp,
    }
}

diesel::table! {
    channel_preferences (user_id, channel) {
        user_id -> Text,
        channel -> Text,
        enabled -> Bool,
    }
}

diesel::table! {
    calendar_days (day) {
        day -> Text,
        working -> Bool,
        name -> Text,
    }
}

diesel::table! {
    calendar_years (year) {
        year -> Integer,
        source -> Text,
        imported_at -> Timestamp,
        imported_by -> Nullable<Text>,
    }
}

diesel::table! {
    reminder_fires (key) {
        key -> Text,
        rule -> Text,
        task_id -> Nullable<Text>,
        user_id -> Nullable<Text>,
        fired_at -> Timestamp,
    }
}

diesel::table! {
    help_requests (id) {
        id -> Text,
        task_id -> Text,
        requester_id -> Text,
        department_id -> Text,
        assignee_id -> Text,
        what -> Text,
        status -> Text,
        answer -> Nullable<Text>,
        answered_by -> Nullable<Text>,
        answered_at -> Nullable<Timestamp>,
        escalated_to -> Nullable<Text>,
        escalated_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    department_responses (task_id, department_id) {
        task_id -> Text,
        department_id -> Text,
        state -> Text,
        asked_at -> Timestamp,
        responded_by -> Nullable<Text>,
        responded_at -> Nullable<Timestamp>,
        reason -> Nullable<Text>,
        subtask_id -> Nullable<Text>,
    }
}

diesel::table! {
    weekly_summaries (id) {
        id -> Text,
        department_id -> Text,
        week_start -> Text,
        author_id -> Text,
        done -> Text,
        problems -> Text,
        next_week -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    files (id) {
        id -> Text,
        task_id -> Text,
        name -> Text,
        description -> Text,
        access -> Text,
        access_departments -> Text,
        access_people -> Text,
        current_version -> Integer,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        deleted_by -> Nullable<Text>,
        version -> BigInt,
        kind -> Text,
        size_bytes -> BigInt,
    }
}

diesel::table! {
    file_versions (id) {
        id -> Text,
        file_id -> Text,
        number -> Integer,
        sha256 -> Text,
        size_bytes -> BigInt,
        content_type -> Text,
        note -> Text,
        restored_from -> Nullable<Integer>,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    file_events (id) {
        id -> Text,
        file_id -> Text,
        actor_id -> Text,
        actor_department_id -> Nullable<Text>,
        at -> Timestamp,
        kind -> Text,
        version_number -> Nullable<Integer>,
        old_value -> Nullable<Text>,
        new_value -> Nullable<Text>,
    }
}

diesel::table! {
    exports (id) {
        id -> Text,
        user_id -> Text,
        kind -> Text,
        params -> Text,
        status -> Text,
        file_name -> Text,
        sha256 -> Nullable<Text>,
        size_bytes -> Nullable<BigInt>,
        row_count -> Nullable<BigInt>,
        error -> Nullable<Text>,
        created_at -> Timestamp,
        started_at -> Nullable<Timestamp>,
        finished_at -> Nullable<Timestamp>,
        expires_at -> Nullable<Timestamp>,
        error_code -> Nullable<Text>,
    }
}

diesel::joinable!(department_heads -> departments (department_id));
diesel::joinable!(department_heads -> users (user_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(login_devices -> users (user_id));
diesel::joinable!(access_tokens -> users (user_id));
diesel::joinable!(users -> departments (department_id));
diesel::table! {
    approval_flows (id) {
        id -> Text,
        name -> Text,
        description -> Text,
        position -> Integer,
        conditions -> Text,
        steps -> Text,
        sla_minutes -> BigInt,
        is_active -> Bool,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    resource_requests (task_id) {
        task_id -> Text,
        status -> Text,
        form -> Text,
        total_minor -> Nullable<BigInt>,
        currency -> Nullable<Text>,
        form_revision -> BigInt,
        initiator_id -> Text,
        current_submission_id -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    request_submissions (id) {
        id -> Text,
        task_id -> Text,
        number -> Integer,
        flow_id -> Text,
        flow_name -> Text,
        form -> Text,
        form_revision -> BigInt,
        steps -> Text,
        current_step -> Nullable<Integer>,
        submitted_by -> Text,
        submitted_at -> Timestamp,
        outcome -> Text,
        ended_at -> Nullable<Timestamp>,
        ended_by -> Nullable<Text>,
        end_comment -> Nullable<Text>,
        last_nudged_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    approval_assignments (id) {
        id -> Text,
        submission_id -> Text,
        task_id -> Text,
        step -> Integer,
        approver_id -> Text,
        state -> Text,
        origin -> Text,
        via_id -> Nullable<Text>,
        blocked_by -> Nullable<Text>,
        activated_at -> Nullable<Timestamp>,
        due_at -> Nullable<Timestamp>,
        escalate_at -> Nullable<Timestamp>,
        overdue_sent_at -> Nullable<Timestamp>,
        escalated_at -> Nullable<Timestamp>,
        acted_at -> Nullable<Timestamp>,
        comment -> Nullable<Text>,
        automatic -> Bool,
        seen_revision -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    approval_copies (submission_id, user_id) {
        submission_id -> Text,
        user_id -> Text,
        task_id -> Text,
        copied_at -> Timestamp,
    }
}

diesel::table! {
    collections (id) {
        id -> Text,
        task_id -> Text,
        title -> Text,
        instructions -> Text,
        template_file_id -> Nullable<Text>,
        spec -> Text,
        submitters -> Text,
        schedule -> Text,
        recurrence -> Text,
        allow_late -> Bool,
        remind_before_minutes -> BigInt,
        is_active -> Bool,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    collection_rounds (id) {
        id -> Text,
        collection_id -> Text,
        task_id -> Text,
        period -> Text,
        due_at -> Timestamp,
        state -> Text,
        created_at -> Timestamp,
        closed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    collection_submissions (id) {
        id -> Text,
        round_id -> Text,
        collection_id -> Text,
        task_id -> Text,
        department_id -> Nullable<Text>,
        person_id -> Nullable<Text>,
        position -> Integer,
        status -> Text,
        answers -> Text,
        files -> Text,
        submitted_by -> Nullable<Text>,
        submitted_at -> Nullable<Timestamp>,
        is_late -> Bool,
        reviewed_by -> Nullable<Text>,
        reviewed_at -> Nullable<Timestamp>,
        review_comment -> Nullable<Text>,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    collection_answerers (submission_id, user_id) {
        submission_id -> Text,
        user_id -> Text,
        round_id -> Text,
    }
}

diesel::joinable!(task_departments -> tasks (task_id));
diesel::joinable!(task_departments -> departments (department_id));
diesel::joinable!(task_collaborators -> tasks (task_id));
diesel::joinable!(task_participants -> tasks (task_id));
diesel::joinable!(task_milestones -> tasks (task_id));
diesel::joinable!(task_progress -> tasks (task_id));
diesel::joinable!(task_history -> tasks (task_id));
diesel::joinable!(comments -> tasks (task_id));
diesel::joinable!(comment_mentions -> comments (comment_id));
diesel::joinable!(meeting_participants -> meetings (meeting_id));
diesel::joinable!(meeting_action_items -> meetings (meeting_id));
diesel::joinable!(files -> tasks (task_id));
diesel::joinable!(file_versions -> files (file_id));
diesel::joinable!(file_events -> files (file_id));
diesel::joinable!(resource_requests -> tasks (task_id));
diesel::joinable!(request_submissions -> tasks (task_id));
diesel::joinable!(approval_assignments -> request_submissions (submission_id));
diesel::joinable!(approval_copies -> request_submissions (submission_id));
diesel::table! {
    task_summaries (task_id) {
        task_id -> Text,
        outcome -> Text,
        went_well -> Text,
        problems -> Text,
        lessons -> Text,
        figures -> Text,
        written_by -> Text,
        written_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    task_tags (task_id, tag) {
        task_id -> Text,
        tag -> Text,
        added_by -> Text,
        added_at -> Timestamp,
    }
}

diesel::table! {
    file_texts (version_id) {
        version_id -> Text,
        status -> Text,
        text -> Text,
        error -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(file_texts -> file_versions (version_id));
diesel::joinable!(task_summaries -> tasks (task_id));
diesel::joinable!(task_tags -> tasks (task_id));
diesel::joinable!(collections -> tasks (task_id));
diesel::joinable!(collection_rounds -> collections (collection_id));
diesel::joinable!(collection_submissions -> collection_rounds (round_id));
diesel::joinable!(collection_answerers -> collection_submissions (submission_id));

diesel::allow_tables_to_appear_in_same_query!(
    departments,
    users,
    department_heads,
    refresh_tokens,
    access_tokens,
    login_locks,
    login_devices,
    tasks,
    list_versions,
    task_audience,
    task_departments,
    task_collaborators,
    task_participants,
    task_milestones,
    task_progress,
    task_history,
    outbox,
    notifications,
    task_dependencies,
    task_schedule,
    audit_events,
    comments,
    comment_revisions,
    comment_mentions,
    attachments,
    meetings,
    meeting_participants,
    meeting_action_items,
    calendar_feeds,
    live_events,
    jobs,
    robots,
    robot_sends,
    webhooks,
    webhook_deliveries,
    channel_preferences,
    calendar_days,
    calendar_years,
    reminder_fires,
    help_requests,
    department_responses,
    weekly_summaries,
    files,
    file_versions,
    file_events,
    exports,
    approval_flows,
    resource_requests,
    request_submissions,
    approval_assignments,
    approval_copies,
    collections,
    collection_rounds,
    task_summaries,
    task_tags,
    file_texts,
    collection_submissions,
    collection_answerers,
);
