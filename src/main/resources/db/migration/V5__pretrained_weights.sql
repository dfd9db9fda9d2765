-- Imported pretrained weights (torchvision / timm ResNet checkpoints and safetensors): the
-- file lives in the model store under pretrained/<id>/, as uploaded.
CREATE TABLE pretrained_weights (
    id              VARCHAR(36)  PRIMARY KEY,
    architecture    VARCHAR(32)  NOT NULL,
    base_width      INTEGER      NOT NULL,
    format          VARCHAR(32)  NOT NULL,
    dtype           VARCHAR(32)  NOT NULL,
    file_name       VARCHAR(255) NOT NULL,
    sha256          CHAR(64)     NOT NULL,
    parameters      BIGINT       NOT NULL,
    bytes           BIGINT       NOT NULL,
    ignored_tensors TEXT         NOT NULL,
    added_at        TIMESTAMP    NOT NULL
);

-- The same file is imported once.
CREATE UNIQUE INDEX pretrained_weights_sha256 ON pretrained_weights (sha256);
CREATE INDEX pretrained_weights_added_at ON pretrained_weights (added_at);
