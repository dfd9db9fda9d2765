-- The replicas sharing this database, with their heartbeats.
CREATE TABLE instances (
    id           VARCHAR(200) PRIMARY KEY,
    host         VARCHAR(255) NOT NULL,
    started_at   TIMESTAMP    NOT NULL,
    heartbeat_at TIMESTAMP    NOT NULL
);
