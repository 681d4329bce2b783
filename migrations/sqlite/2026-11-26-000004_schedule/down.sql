DROP TABLE task_schedule;
