package org.trialclock.schedule.planning;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.trialclock.schedule.protocol.Anchor;
import org.trialclock.schedule.protocol.Protocol;

/**
 * The patient's clinical events, read and checked once. Each result keeps the index of the event it came from,
 * so a refusal can point at {@code events[i]}.
 */
final class ClinicalHistory {


    record MrdResult(int index, LocalDate date, BigDecimal percent, String method, String timepoint) {}

    record LabResult(int index, LocalDate date, BigDecimal wbc, BigDecimal plt) {}

    record GvhdAssessment(int index, LocalDate date, String kind, Integer grade, boolean active) {}

    record Marker(int index, ClinicalEventType type, LocalDate date, String anchor) {}

    final List<MrdResult> mrd;
    final List<LabResult> labs;
    final List<GvhdAssessment> gvhd;
    /** TRANSPLANT_DONE, RELAPSE, DEATH, WITHDRAWN, HD_MTX_2_STARTED. */
    final List<Marker> markers;

    private ClinicalHistory(List<MrdResult> mrd, List<LabResult> labs, List<GvhdAssessment> gvhd, List<Marker> markers) {
        // Sorted by date, then by input position, so that the same events always read the same way.
        this.mrd = mrd.stream().sorted(Comparator.comparing(MrdResult::date).thenComparing(MrdResult::index)).toList();
        this.labs = labs.stream().sorted(Comparator.comparing(LabResult::date).thenComparing(LabResult::index)).toList();
        this.gvhd = gvhd.stream().sorted(Comparator.comparing(GvhdAssessment::date)
                // on one day an active finding outweighs a clear one
                .thenComparing(GvhdAssessment::active).thenComparing(GvhdAssessment::index)).toList();
        this.markers = markers.stream().sorted(Comparator.comparing(Marker::date).thenComparing(Marker::index)).toList();
    }

    static ClinicalHistory read(List<ClinicalEvent> events, Protocol protocol, LocalDate today) {
        List<MrdResult> mrd = new ArrayList<>();
        List<LabResult> labs = new ArrayList<>();
        List<GvhdAssessment> gvhd = new ArrayList<>();
        List<Marker> markers = new ArrayList<>();
        List<ClinicalEvent> list = events == null ? List.of() : events;
        for (int i = 0; i < list.size(); i++) {
            ClinicalEvent e = list.get(i);
            String field = "events[" + i + "]";
            if (e == null) {
                throw new EnrollmentRefused(field, "an event is missing");
            }
            if (e.type() == null) {
                throw new EnrollmentRefused(field + ".type", "the event type is missing; expected one of "
                        + java.util.Arrays.toString(ClinicalEventType.values()));
            }
            if (e.date() == null) {
                throw new EnrollmentRefused(field + ".date", "the date of the " + e.type() + " is missing");
            }
            if (today != null && e.date().isAfter(today) && e.type() != ClinicalEventType.TRANSPLANT_DONE) {
                throw new EnrollmentRefused(field + ".date", e.type() + " dated " + e.date()
                        + " is in the future (today is " + today + ")");
            }
            Map<String, Object> data = e.data();
            switch (e.type()) {
                case MRD_RESULT -> {
                    BigDecimal percent = number(data, "mrdPercent", field, true);
                    if (percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
                        throw new EnrollmentRefused(field + ".data.mrdPercent",
                                "MRD is a percentage between 0 and 100, got " + percent);
                    }
                    if (data.get("method") == null) {
                        // Positivity differs by method (FLOW 0.01%, NGS 0.0001%): a result is never taken for flow.
                        throw new EnrollmentRefused(field + ".data.method", "an MRD result needs its method; this protocol"
                                + " reads " + protocol.mrdPositive().stream().map(t -> t.method()).toList());
                    }
                    String method = data.get("method").toString();
                    if (protocol.mrdThreshold(method).isEmpty()) {
                        throw new EnrollmentRefused(field + ".data.method", "unknown MRD method " + method
                                + "; this protocol reads " + protocol.mrdPositive().stream().map(t -> t.method()).toList());
                    }
                    Object timepoint = data.get("timepoint");
                    mrd.add(new MrdResult(i, e.date(), percent, method, timepoint == null ? null : timepoint.toString()));
                }
                case LAB_RESULT -> {
                    BigDecimal wbc = number(data, "wbc", field, false);
                    BigDecimal plt = number(data, "plt", field, false);
                    if (wbc != null && wbc.signum() < 0) {
                        throw new EnrollmentRefused(field + ".data.wbc", "a white cell count cannot be negative");
                    }
                    if (plt != null && plt.signum() < 0) {
                        throw new EnrollmentRefused(field + ".data.plt", "a platelet count cannot be negative");
                    }
                    labs.add(new LabResult(i, e.date(), wbc, plt));
                }
                case GVHD_ASSESSED -> gvhd.add(gvhdAssessment(i, e, field));
                case TRANSPLANT_DONE -> {
                    Object anchor = data.get("anchor");
                    List<String> recordable = protocol.anchors().stream()
                            .filter(a -> ClinicalEventType.TRANSPLANT_DONE.name().equals(a.recordedBy())).map(Anchor::name).toList();
                    if (anchor == null || !recordable.contains(anchor.toString())) {
                        throw new EnrollmentRefused(field + ".data.anchor", "a transplant must name the anchor it sets,"
                                + " one of " + recordable + "; got " + anchor);
                    }
                    markers.add(new Marker(i, e.type(), e.date(), anchor.toString()));
                }
                default -> markers.add(new Marker(i, e.type(), e.date(), null));
            }
        }
        return new ClinicalHistory(mrd, labs, gvhd, markers);
    }

    private static GvhdAssessment gvhdAssessment(int i, ClinicalEvent e, String field) {
        Object kind = e.data().get("kind");
        if (!"ACUTE".equals(kind) && !"CHRONIC".equals(kind)) {
            throw new EnrollmentRefused(field + ".data.kind", "GVHD kind must be ACUTE or CHRONIC, got " + kind);
        }
        BigDecimal grade = number(e.data(), "grade", field, "ACUTE".equals(kind));
        if (grade != null && (grade.stripTrailingZeros().scale() > 0 || grade.intValue() < 0 || grade.intValue() > 4)) {
            throw new EnrollmentRefused(field + ".data.grade", "GVHD grade is a whole number 0 to 4 (0 = none, 3-4 = III-IV), got " + grade);
        }
        Object active = e.data().get("active");
        if (!(active instanceof Boolean)) {
            throw new EnrollmentRefused(field + ".data.active", "say whether the GVHD is active (true or false)");
        }
        return new GvhdAssessment(i, e.date(), kind.toString(), grade == null ? null : grade.intValue(), (Boolean) active);
    }

    private static BigDecimal number(Map<String, Object> data, String name, String field, boolean required) {
        Object value = data.get(name);
        if (value == null) {
            if (required) {
                throw new EnrollmentRefused(field + ".data." + name, name + " is missing");
            }
            return null;
        }
        try {
            return new BigDecimal(value.toString().trim());
        } catch (NumberFormatException ex) {
            throw new EnrollmentRefused(field + ".data." + name, name + " must be a number, got " + value);
        }
    }

    /** The history as it was known on {@code day}: what a task completed that day was planned from. */
    ClinicalHistory asOf(LocalDate day) {
        Predicate<LocalDate> known = d -> !d.isAfter(day);
        return new ClinicalHistory(
                mrd.stream().filter(r -> known.test(r.date())).toList(),
                labs.stream().filter(r -> known.test(r.date())).toList(),
                gvhd.stream().filter(r -> known.test(r.date())).toList(),
                markers.stream().filter(r -> known.test(r.date())).toList());
    }

    /** The latest recorded transplant date for an anchor (a second transplant moves it again). */
    Optional<LocalDate> transplant(String anchor) {
        return markers.stream().filter(m -> m.type() == ClinicalEventType.TRANSPLANT_DONE && anchor.equals(m.anchor()))
                .map(Marker::date).reduce((a, b) -> b);
    }

    Optional<LocalDate> first(ClinicalEventType type) {
        return markers.stream().filter(m -> type == m.type()).map(Marker::date).findFirst();
    }

    List<Marker> markers(ClinicalEventType type) {
        return markers.stream().filter(m -> type == m.type()).toList();
    }
}
