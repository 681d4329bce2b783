DROP TABLE department_responses;
