package org.trialclock.schedule.enrollment;

import org.trialclock.events.EnrollmentRequest;
import org.trialclock.guard.CalendarDate;
import org.trialclock.guard.Decimals;
import org.trialclock.guard.SafeId;
import org.trialclock.guard.SiteZone;
import org.trialclock.schedule.planning.ClinicalEvent;
import org.trialclock.schedule.planning.ClinicalEventType;
import org.trialclock.schedule.problem.InvalidRequest;
import org.trialclock.schedule.problem.Problem.FieldError;
import org.trialclock.schedule.protocol.Criterion;
import org.trialclock.schedule.protocol.Protocol;
import org.trialclock.schedule.protocol.ProtocolCatalog;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;

/**
 * An enrollment request checked field by field and parsed: every fault is named at once, before anything is
 * stored. What depends on the protocol's clinical content (arms, anchors needed, eligibility) is the planner's.
 */
record EnrollmentInput(String subjectId, Protocol protocol, String arm, String riskGroup, String siteId,
                       String careTeam, ZoneId timezone, Map<String, LocalDate> anchors, BigDecimal weightKg,
                       List<ClinicalEvent> events, Integer ageYears, Integer ageMonths, Set<String> attestations) {

    /**
     * A weight in kg with at most two decimals (10 g), from 0.5 kg (a very premature newborn) to 300 kg: it is stored
     * as {@code numeric(6,2)} and every re-plan reads it back from there, so a third decimal would give the first
     * plan one dose and every re-plan another. Refused rather than rounded: a dose is never computed from a value
     * nobody entered.
     */
    static final BigDecimal MIN_WEIGHT_KG = new BigDecimal("0.5");
    static final BigDecimal MAX_WEIGHT_KG = new BigDecimal("300");
    static final int WEIGHT_DECIMALS = 2;
    private static final int MAX_AGE_YEARS = 130;

    /** {@code clock} gives today at the site, after which no transplant the protocol records can have happened. */
    static EnrollmentInput check(EnrollmentRequest request, ProtocolCatalog catalog, Clock clock) {
        if (request == null) {
            throw InvalidRequest.field(400, "Invalid enrollment", "body", "a JSON enrollment is required");
        }
        List<FieldError> errors = new ArrayList<>();
        identifier(errors, "subjectId", request.subjectId());
        identifier(errors, "siteId", request.siteId());
        identifier(errors, "careTeam", request.careTeam());
        Protocol protocol = null;
        if (blank(request.protocolId())) {
            errors.add(new FieldError("protocolId", "is required"));
        } else {
            protocol = catalog.latest(request.protocolId()).orElse(null);
            if (protocol == null) {
                errors.add(new FieldError("protocolId", "unknown protocol '" + request.protocolId() + "'; GET /protocols lists them"));
            }
        }
        ZoneId zone = null;
        var zoneProblem = SiteZone.problem(request.timezone());
        if (zoneProblem.isPresent()) {
            errors.add(new FieldError("timezone", zoneProblem.get()));
        } else {
            zone = ZoneId.of(request.timezone());
        }
        Map<String, LocalDate> anchors = new LinkedHashMap<>();
        // Which anchors are needed is the protocol's word: the planner names the one missing (anchors.HSCT), and a
        // transplant may instead come as a TRANSPLANT_DONE event among the initial events.
        if (request.anchors() != null) {
            for (var entry : request.anchors().entrySet()) {
                String name = entry.getKey();
                LocalDate date = date(errors, "anchors." + name, entry.getValue());
                if (protocol != null && !protocol.anchorNames().contains(name)) {
                    errors.add(new FieldError("anchors." + name, "not an anchor of " + protocol.id()
                            + " (its anchors: " + String.join(", ", protocol.anchorNames()) + ")"));
                } else if (date != null) {
                    anchors.put(name, date);
                    recordedInThePast(errors, protocol, name, date, zone, clock);
                }
            }
        }
        weight(errors, request.weightKg());
        List<ClinicalEvent> events = events(errors, "events", request.events());
        age(errors, request);
        Set<String> attestations = attestations(errors, request.attestations(), protocol);
        if (!errors.isEmpty()) {
            throw new InvalidRequest(400, "Invalid enrollment", errors);
        }
        return new EnrollmentInput(request.subjectId(), protocol, emptyToNull(request.arm()),
                emptyToNull(request.riskGroup()), request.siteId(), request.careTeam(), zone, Map.copyOf(anchors),
                request.weightKg(), events, request.ageYears(), request.ageMonths(), attestations);
    }

    private static void weight(List<FieldError> errors, BigDecimal kg) {
        if (kg == null) {
            return;
        }
        // the general bound first: it is what makes stripTrailingZeros and the messages below cheap to compute
        var unbounded = Decimals.problem(kg);
        if (unbounded.isPresent()) {
            errors.add(new FieldError("weightKg", unbounded.get()));
        } else if (kg.stripTrailingZeros().scale() > WEIGHT_DECIMALS) {
            errors.add(new FieldError("weightKg", "at most " + WEIGHT_DECIMALS + " decimals (kg to 10 g), was "
                    + kg.toPlainString()));
        } else if (kg.compareTo(MIN_WEIGHT_KG) < 0 || kg.compareTo(MAX_WEIGHT_KG) > 0) {
            errors.add(new FieldError("weightKg", "must be from " + MIN_WEIGHT_KG + " to " + MAX_WEIGHT_KG
                    + " kg, was " + kg.toPlainString()));
        }
    }

    /**
     * An anchor the protocol records by an event (a transplant: {@code recordedBy: TRANSPLANT_DONE}) is a clinical
     * fact, so it cannot be after today at the site; other anchors (a randomisation, day 1 of induction) may be
     * planned ahead.
     */
    private static void recordedInThePast(List<FieldError> errors, Protocol protocol, String name, LocalDate date,
                                          ZoneId zone, Clock clock) {
        if (protocol == null || zone == null || clock == null) {
            return;
        }
        boolean recorded = protocol.anchor(name).map(a -> a.recordedBy() != null).orElse(false);
        LocalDate today = LocalDate.now(clock.withZone(zone));
        if (recorded && date.isAfter(today)) {
            errors.add(new FieldError("anchors." + name, date + " is in the future (today is " + today
                    + " at the site); a " + name + " date is the day it happened"));
        }
    }

    /** Completed years, or completed months for a child under 2; one or the other, never a date of birth. */
    private static void age(List<FieldError> errors, EnrollmentRequest request) {
        if (request.ageYears() != null && (request.ageYears() < 0 || request.ageYears() > MAX_AGE_YEARS)) {
            errors.add(new FieldError("ageYears", "completed years, 0 to " + MAX_AGE_YEARS + "; was " + request.ageYears()));
        }
        if (request.ageMonths() != null) {
            if (request.ageYears() != null) {
                errors.add(new FieldError("ageMonths", "give ageYears or ageMonths (for a child under 2), not both"));
            } else if (request.ageMonths() < 0 || request.ageMonths() > 23) {
                errors.add(new FieldError("ageMonths", "completed months of a child under 2, 0 to 23; was "
                        + request.ageMonths() + " (use ageYears from 2 years on)"));
            }
        }
    }

    /** Each attestation names a criterion of the protocol, so a typo is not silently taken as confirmed. */
    private static Set<String> attestations(List<FieldError> errors, List<String> given, Protocol protocol) {
        Set<String> ids = new LinkedHashSet<>();
        if (given == null) {
            return ids;
        }
        List<String> known = protocol == null ? List.of() : protocol.eligibility().stream().map(Criterion::id).toList();
        for (int i = 0; i < given.size(); i++) {
            String id = given.get(i);
            if (blank(id)) {
                errors.add(new FieldError("attestations[" + i + "]", "must name a criterion"));
            } else if (protocol != null && !known.contains(id)) {
                errors.add(new FieldError("attestations[" + i + "]", "'" + id + "' is not a criterion of "
                        + protocol.id() + "; its criteria are " + known));
            } else {
                ids.add(id);
            }
        }
        return ids;
    }

    static List<ClinicalEvent> events(List<FieldError> errors, String field, List<EnrollmentRequest.ClinicalEventRequest> requests) {
        List<ClinicalEvent> events = new ArrayList<>();
        if (requests == null) {
            return events;
        }
        for (int i = 0; i < requests.size(); i++) {
            var request = requests.get(i);
            String at = field + "[" + i + "]";
            if (request == null) {
                errors.add(new FieldError(at, "must be an event object"));
                continue;
            }
            ClinicalEvent event = event(errors, at, request);
            if (event != null) {
                events.add(event);
            }
        }
        return events;
    }

    static ClinicalEvent event(List<FieldError> errors, String at, EnrollmentRequest.ClinicalEventRequest request) {
        ClinicalEventType type = null;
        try {
            type = blank(request.type()) ? null : ClinicalEventType.valueOf(request.type());
        } catch (IllegalArgumentException e) {
            // reported below
        }
        boolean typeOk = type != null;
        if (!typeOk) {
            errors.add(new FieldError(at + ".type", "must be one of " + Arrays.toString(ClinicalEventType.values())));
        }
        LocalDate date = date(errors, at + ".date", request.date());
        boolean dataOk = dataWithinLimits(errors, at + ".data", request.data());
        return typeOk && date != null && dataOk
                ? new ClinicalEvent(type, date, request.data() == null ? Map.of() : request.data())
                : null;
    }

    /**
     * An event's data is a handful of results and a short note, re-read by every re-plan and stored for good: it is
     * bounded so that one event cannot grow the enrollment without limit.
     */
    static final int MAX_DATA_FIELDS = 20;
    static final int MAX_TEXT_CHARS = 500;
    static final int MAX_DATA_BYTES = 4096;
    /** Data fields the planner reads as numbers, whether sent as a JSON number or as text. */
    static final Set<String> NUMERIC_DATA = Set.of("mrdPercent", "wbc", "plt", "grade");

    private static boolean dataWithinLimits(List<FieldError> errors, String field, Map<String, Object> data) {
        if (data == null) {
            return true;
        }
        int before = errors.size();
        if (data.size() > MAX_DATA_FIELDS) {
            errors.add(new FieldError(field, "at most " + MAX_DATA_FIELDS + " fields, got " + data.size()));
        }
        data.forEach((key, value) -> {
            if (key.length() > 64) {
                errors.add(new FieldError(field, "a field name is at most 64 characters"));
            } else if (value instanceof String text && text.length() > MAX_TEXT_CHARS) {
                errors.add(new FieldError(field + "." + key, "at most " + MAX_TEXT_CHARS + " characters, got "
                        + text.length()));
            } else if (value instanceof Number || (NUMERIC_DATA.contains(key) && value instanceof String)) {
                // the planner reads these as decimals and prints them in alerts and reasons (MRD 0.02% ...)
                var reading = Decimals.read(value);
                if (!reading.ok()) {
                    errors.add(new FieldError(field + "." + key, reading.problem()));
                }
            }
        });
        if (errors.size() == before) {
            try {
                int bytes = org.trialclock.events.Json.MAPPER.writeValueAsBytes(data).length;
                if (bytes > MAX_DATA_BYTES) {
                    errors.add(new FieldError(field, "at most " + MAX_DATA_BYTES + " bytes of JSON, got " + bytes));
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                errors.add(new FieldError(field, "is not JSON"));
            }
        }
        return errors.size() == before;
    }

    private static LocalDate date(List<FieldError> errors, String field, String value) {
        CalendarDate.Reading date = CalendarDate.read(value);
        if (!date.ok()) {
            errors.add(new FieldError(field, date.problem()));
        }
        return date.value();
    }

    private static void identifier(List<FieldError> errors, String field, String value) {
        if (blank(value)) {
            errors.add(new FieldError(field, "is required"));
        } else if (!SafeId.valid(value)) {
            errors.add(new FieldError(field, "must be " + SafeId.RULE + " (no names: a subject id, never a person's name)"));
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String emptyToNull(String s) {
        return blank(s) ? null : s;
    }
}
