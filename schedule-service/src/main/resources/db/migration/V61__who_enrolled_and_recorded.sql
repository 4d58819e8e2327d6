-- Who did it, from the caller's bearer token (its subject): the coordinator who enrolled the patient, and who
-- reported each clinical event. Empty for enrollments that came over Kafka from another system (enrolled_by names
-- that system's CloudEvent source instead) and for rows written before sign-in existed.
ALTER TABLE enrollment ADD COLUMN enrolled_by text;
ALTER TABLE clinical_event ADD COLUMN recorded_by text;
