-- Stored datasets: the files live under <data-dir>/datasets/<id>/, the report (profile,
-- counts) is JSON text.
CREATE TABLE datasets (
    id         VARCHAR(36)  PRIMARY KEY,
    name       VARCHAR(255) NOT NULL,
    kind       VARCHAR(32)  NOT NULL,
    created_at TIMESTAMP    NOT NULL,
    report     TEXT         NOT NULL
);

CREATE INDEX datasets_created_at ON datasets (created_at);
