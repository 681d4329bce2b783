DROP TABLE channel_preferences;
DROP TABLE webhook_deliveries;
DROP TABLE webhooks;
DROP TABLE robot_sends;
DROP TABLE robots;
DROP TABLE jobs;
