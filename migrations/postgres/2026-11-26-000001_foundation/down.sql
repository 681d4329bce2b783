DROP TABLE login_throttle;
DROP TABLE access_tokens;
DROP TABLE refresh_tokens;
DROP TABLE department_heads;
DROP TABLE users;
DROP TABLE departments;
