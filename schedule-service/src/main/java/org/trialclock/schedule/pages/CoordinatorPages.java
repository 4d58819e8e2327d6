package org.trialclock.schedule.pages;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.trialclock.events.TaskPayload;
import org.trialclock.schedule.access.Roles;
import org.trialclock.schedule.enrollment.ClinicalEventView;
import org.trialclock.schedule.enrollment.EnrollmentResource;
import org.trialclock.schedule.enrollment.EnrollmentResource.EnrollmentView;
import org.trialclock.schedule.planning.ClinicalEventType;
import org.trialclock.schedule.protocol.Anchor;
import org.trialclock.schedule.protocol.MrdThreshold;
import org.trialclock.schedule.protocol.Protocol;
import org.trialclock.schedule.protocol.ProtocolCatalog;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The coordinator's pages, server-rendered: the protocol catalog, the enrollment form, the enrollments by site and
 * team, one patient's page. Their data comes through the REST resources themselves (not around them), so a page
 * shows exactly what the API would show the same person; the forms post to that API from the browser
 * ({@code pages.js}) so its field errors land beside the fields.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class CoordinatorPages {
    private final ProtocolCatalog catalog;
    private final EnrollmentResource enrollments;
    private final Clock clock;

    CoordinatorPages(ProtocolCatalog catalog, EnrollmentResource enrollments, Clock clock) {
        this.catalog = catalog;
        this.enrollments = enrollments;
        this.clock = clock;
    }

    @CheckedTemplate(basePath = "pages")
    static class Templates {
        static native TemplateInstance home(List<Protocol> protocols);

        static native TemplateInstance protocols(List<Protocol> protocols);

        static native TemplateInstance enrollments(List<EnrollmentRow> rows, String siteId, String careTeam);

        static native TemplateInstance enroll(List<Protocol> protocols, List<String> zones);

        static native TemplateInstance patient(EnrollmentView enrollment, List<TaskRow> tasks,
                                               List<ClinicalEventView> events, List<String> eventTypes,
                                               List<String> transplantAnchors, List<String> mrdMethods,
                                               LocalDate today);
    }

    /** One line of the enrollments list. */
    public record EnrollmentRow(String id, String subjectId, String protocolId, String arm, String siteId,
                                String careTeam, String status, String statusReason, LocalDate enrolledOn,
                                long openTasks, LocalDate nextDue) {
        static EnrollmentRow of(EnrollmentView e) {
            List<TaskPayload> open = e.tasks().stream().filter(t -> TaskRow.OPEN.contains(t.status())).toList();
            LocalDate next = open.stream().map(TaskPayload::dueDate).min(Comparator.naturalOrder()).orElse(null);
            return new EnrollmentRow(e.id(), e.subjectId(), e.protocolId(), e.arm(), e.siteId(), e.careTeam(),
                    e.status(), e.statusReason(), e.enrolledOn(), open.size(), next);
        }
    }

    /** One task on the patient page, with how late it is on the site's today. */
    public record TaskRow(TaskPayload task, long daysLate) {
        static final List<String> OPEN = List.of("PLANNED", "DUE", "OVERDUE", "ON_HOLD");

        public String statusClass() {
            return "status-" + task.status().toLowerCase().replace('_', '-');
        }
    }

    /** The start page, open to all: it shows no patient's data, and it is where a person signs in. */
    @GET
    @PermitAll
    public TemplateInstance home() {
        return Templates.home(catalog.latestVersions());
    }

    @GET
    @Path("pages/protocols")
    public TemplateInstance protocols() {
        return Templates.protocols(catalog.latestVersions());
    }

    @GET
    @Path("pages/enrollments")
    @RolesAllowed({Roles.COORDINATOR, Roles.INVESTIGATOR, Roles.ADMIN})
    public TemplateInstance enrollments(@QueryParam("siteId") String siteId, @QueryParam("careTeam") String careTeam) {
        List<EnrollmentRow> rows = enrollments.list(blankToNull(siteId), blankToNull(careTeam)).stream()
                .map(EnrollmentRow::of)
                .sorted(Comparator.comparing(EnrollmentRow::siteId).thenComparing(EnrollmentRow::careTeam)
                        .thenComparing(EnrollmentRow::subjectId))
                .toList();
        return Templates.enrollments(rows, siteId == null ? "" : siteId, careTeam == null ? "" : careTeam);
    }

    @GET
    @Path("pages/enroll")
    @RolesAllowed({Roles.COORDINATOR, Roles.ADMIN})
    public TemplateInstance enroll() {
        return Templates.enroll(catalog.latestVersions(), ZoneId.getAvailableZoneIds().stream().sorted().toList());
    }

    @GET
    @Path("pages/enrollments/{id}")
    @RolesAllowed({Roles.COORDINATOR, Roles.INVESTIGATOR, Roles.ADMIN})
    public TemplateInstance patient(@PathParam("id") String id) {
        EnrollmentView enrollment = enrollments.get(id);
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of(enrollment.timezone())));
        List<TaskRow> tasks = enrollment.tasks().stream()
                .sorted(Comparator.comparing(TaskPayload::dueDate, Comparator.nullsLast(Comparator.naturalOrder())))
                .map(t -> new TaskRow(t, lateness(t, today)))
                .toList();
        Protocol protocol = catalog.version(enrollment.protocolId(), enrollment.protocolVersion()).orElseThrow();
        // The form offers what this protocol reads: the anchors a transplant sets, the MRD methods it has thresholds for.
        List<String> transplantAnchors = protocol.anchors().stream()
                .filter(a -> ClinicalEventType.TRANSPLANT_DONE.name().equals(a.recordedBy())).map(Anchor::name).toList();
        List<String> mrdMethods = protocol.mrdPositive().stream().map(MrdThreshold::method).distinct().toList();
        return Templates.patient(enrollment, tasks, enrollments.events(id),
                Arrays.stream(ClinicalEventType.values()).map(Enum::name).toList(), transplantAnchors, mrdMethods, today);
    }

    private static long lateness(TaskPayload t, LocalDate today) {
        if (!"OVERDUE".equals(t.status()) || t.dueDate() == null) {
            return 0;
        }
        return java.time.temporal.ChronoUnit.DAYS.between(t.dueDate(), today);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
