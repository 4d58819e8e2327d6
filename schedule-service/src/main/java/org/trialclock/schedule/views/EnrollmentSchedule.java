package org.trialclock.schedule.views;

import org.trialclock.events.TaskPayload;
import org.trialclock.schedule.enrollment.ClinicalEventRecord;
import org.trialclock.schedule.enrollment.Enrollment;
import org.trialclock.schedule.enrollment.Task;
import org.trialclock.schedule.planning.ClinicalEventType;
import org.trialclock.schedule.problem.InvalidRequest;
import org.trialclock.schedule.protocol.Anchor;
import org.trialclock.schedule.protocol.Protocol;
import org.trialclock.schedule.protocol.ProtocolCatalog;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * What the read-only views (timeline picture, calendar feed, FHIR export) show of one enrollment: the enrollment,
 * the protocol version it is on, and its tasks in their REST form. Read in the caller's transaction.
 */
public record EnrollmentSchedule(Enrollment enrollment, Protocol protocol, List<TaskPayload> tasks) {

    /** The enrollment, or a 404 problem naming {@code id}. */
    public static EnrollmentSchedule load(String id, ProtocolCatalog catalog) {
        Enrollment enrollment = find(id);
        Protocol protocol = catalog.version(enrollment.protocolId, enrollment.protocolVersion).orElseThrow(
                () -> new IllegalStateException("enrollment " + id + " is on an unknown protocol version "
                        + enrollment.protocolId + " v" + enrollment.protocolVersion));
        return new EnrollmentSchedule(enrollment, protocol,
                Task.of(enrollment.id).stream().map(t -> t.toPayload(enrollment)).toList());
    }

    public static Enrollment find(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
        return Enrollment.<Enrollment>findByIdOptional(uuid).orElseThrow(() -> notFound(id));
    }

    private static InvalidRequest notFound(String id) {
        return InvalidRequest.field(404, "Not found", "id", "no enrollment " + id);
    }

    /** Today at the enrollment's site. */
    public LocalDate today(Clock clock) {
        return LocalDate.now(clock.withZone(ZoneId.of(enrollment.timezone)));
    }

    /**
     * The anchor study days count from: the protocol's first anchor with a date (the HSCT, day 0, for NCT07105579),
     * else the enrollment date as day 0. A recorded transplant dates its anchor before the enrollment's date does,
     * the latest one winning, as the planner reads them; so a transplant given later, or on another day than
     * planned, moves day 0 in the views as it moves the schedule.
     */
    public StudyAnchor anchor() {
        List<ClinicalEventRecord> events = ClinicalEventRecord.current(enrollment.id);
        for (Anchor anchor : protocol.anchors()) {
            LocalDate date = recorded(anchor, events);
            if (date == null && enrollment.anchors != null) {
                date = enrollment.anchors.get(anchor.name());
            }
            if (date != null) {
                return new StudyAnchor(anchor.title(), date, anchor.day());
            }
        }
        return new StudyAnchor("enrollment", enrollment.enrolledOn, 0);
    }

    private static LocalDate recorded(Anchor anchor, List<ClinicalEventRecord> events) {
        if (!ClinicalEventType.TRANSPLANT_DONE.name().equals(anchor.recordedBy())) {
            return null;
        }
        return events.stream()
                .filter(e -> e.type == ClinicalEventType.TRANSPLANT_DONE && e.data != null
                        && anchor.name().equals(e.data.get("anchor")))
                .map(e -> e.eventDate).max(Comparator.naturalOrder()).orElse(null);
    }

    /** A dated anchor and the study day it is (a transplant is day 0, a treatment start day 1). */
    public record StudyAnchor(String title, LocalDate date, int day) {
        /** The date of study day 0. */
        public LocalDate dayZero() {
            return date.minusDays(day);
        }
    }
}
