-- Named models and their numbered versions. The artifacts live in the model store under
-- <name>/<version>/; a version row is inserted only once all its files are in place.
-- A model row is never deleted, so that version numbers are never reused.
CREATE TABLE models (
    name            VARCHAR(100) PRIMARY KEY,
    default_version INTEGER,
    next_version    INTEGER      NOT NULL,
    created_at      TIMESTAMP    NOT NULL,
    updated_at      TIMESTAMP    NOT NULL
);

-- JSON columns are TEXT holding JSON, the same on H2 and PostgreSQL.
CREATE TABLE model_versions (
    name         VARCHAR(100) NOT NULL REFERENCES models (name),
    version      INTEGER      NOT NULL,
    kind         VARCHAR(50)  NOT NULL,
    job_id       UUID,
    pretrained   BOOLEAN      NOT NULL,
    input_schema TEXT         NOT NULL,
    labels       TEXT         NOT NULL,
    metrics      TEXT         NOT NULL,
    created_at   TIMESTAMP    NOT NULL,
    PRIMARY KEY (name, version)
);
