-- Files a job produced (the learning-rate finder's plot and series, training curves), kept
-- in the database so that any replica serves them, and deleted with their job.
-- Runs on H2 (PostgreSQL mode) and on PostgreSQL. Sizes are bounded by
-- lantern.jobs.artifacts.max-bytes and max-count before a row is written.
CREATE TABLE job_artifacts (
    job_id     UUID                     NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    name       VARCHAR(100)             NOT NULL,
    media_type VARCHAR(100)             NOT NULL,
    bytes      BIGINT                   NOT NULL,
    content    BYTEA                    NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (job_id, name)
);
