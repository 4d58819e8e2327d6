-- Eligibility at enrollment: the age (completed years, or months for a child under 2; never a date of birth), the
-- criteria the coordinator attested, and each criterion as last judged from the data.
ALTER TABLE enrollment
    ADD COLUMN age_years     integer,
    ADD COLUMN age_months    integer,
    ADD COLUMN attestations  jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN eligibility   jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN status_reason text;

-- When notify-service recorded each completion: the latest recorded is in force, whatever the arrival order.
ALTER TABLE task_completion ADD COLUMN recorded_at timestamptz;

-- An alert as the care team was told it, so GET /enrollments/{id} can list it.
ALTER TABLE enrollment_alert
    ADD COLUMN kind       text,
    ADD COLUMN reason     text,
    ADD COLUMN alert_date date;
