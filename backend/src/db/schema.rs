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
    login_throttle (email) {
        email -> Text,
        failures -> Integer,
        window_started_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
    }
}

diesel::joinable!(department_heads -> departments (department_id));
diesel::joinable!(department_heads -> users (user_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(access_tokens -> users (user_id));
diesel::joinable!(users -> departments (department_id));

diesel::allow_tables_to_appear_in_same_query!(
    departments,
    users,
    department_heads,
    refresh_tokens,
    access_tokens,
    login_throttle,
);
