-- A coordinator corrects a wrongly typed event or withdraws one entered in error. The original row stays, so the
-- history of what was reported and when is kept; the planner reads only events that are neither replaced nor
-- withdrawn, as if the right values had been there from the start.
ALTER TABLE clinical_event
    ADD COLUMN superseded_by uuid REFERENCES clinical_event (id),
    ADD COLUMN retracted_at  timestamptz,
    ADD CONSTRAINT clinical_event_replaced_or_retracted CHECK (superseded_by IS NULL OR retracted_at IS NULL);
CREATE INDEX clinical_event_current ON clinical_event (enrollment_id) WHERE superseded_by IS NULL AND retracted_at IS NULL;
