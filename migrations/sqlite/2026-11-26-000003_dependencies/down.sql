DROP TABLE task_dependencies;
