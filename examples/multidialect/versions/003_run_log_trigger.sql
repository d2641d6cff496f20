-- Revision: 003
-- Revises: 002
-- Message: a log of status changes, kept by a trigger
-- Created: 2026-11-03T09:00:00Z

-- +upgrade
CREATE TABLE run_log (run_id BIGINT NOT NULL, status VARCHAR(20) NOT NULL);

-- +upgrade postgresql
CREATE FUNCTION log_run_status() RETURNS trigger AS $$
BEGIN
    INSERT INTO run_log (run_id, status) VALUES (NEW.id, NEW.status::text);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER runs_status AFTER UPDATE OF status ON runs FOR EACH ROW EXECUTE FUNCTION log_run_status();

-- +upgrade mysql
-- +statement-begin
CREATE TRIGGER runs_status AFTER UPDATE ON runs FOR EACH ROW
BEGIN
    IF NEW.status <> OLD.status THEN
        INSERT INTO run_log (run_id, status) VALUES (NEW.id, NEW.status);
    END IF;
END;
-- +statement-end

-- +upgrade sqlite
-- +statement-begin
CREATE TRIGGER runs_status AFTER UPDATE OF status ON runs
BEGIN
    INSERT INTO run_log (run_id, status) VALUES (NEW.id, NEW.status);
END;
-- +statement-end

-- +upgrade
UPDATE runs SET status = 'running' WHERE name = 'nightly';

-- +downgrade postgresql
DROP TRIGGER runs_status ON runs;
DROP FUNCTION log_run_status();

-- +downgrade mysql
DROP TRIGGER runs_status;

-- +downgrade sqlite
DROP TRIGGER runs_status;

-- +downgrade
DROP TABLE run_log;
