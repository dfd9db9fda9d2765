-- The pretrained weights a version's training started from: the imported weights' id
-- (null for a file of the configured weights directory), the file's SHA-256 and its name.
-- All null for versions trained from random weights or registered before this column.
ALTER TABLE model_versions ADD COLUMN weights_id VARCHAR(36);
ALTER TABLE model_versions ADD COLUMN weights_sha256 CHAR(64);
ALTER TABLE model_versions ADD COLUMN weights_file_name VARCHAR(255);
