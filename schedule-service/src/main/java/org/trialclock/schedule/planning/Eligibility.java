package org.trialclock.schedule.planning;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.trialclock.schedule.planning.ClinicalHistory.GvhdAssessment;
import org.trialclock.schedule.planning.ClinicalHistory.MrdResult;
import org.trialclock.schedule.protocol.Criterion;
import org.trialclock.schedule.protocol.Judge;
import org.trialclock.schedule.protocol.Protocol;

/**
 * Judges each eligibility criterion of the protocol from what is known of the patient at enrollment: the age,
 * the anchor dates, and the results dated before the enrollment day ("MRD-negative before enrollment"; a finding
 * on or after that day is the schedule's business: the DLI gate, an MRD conversion) or at the criterion's
 * timepoint (the day-19 marrow, whenever it is dated). Missing data never refuses: the criterion stays
 * UNVERIFIED, unless the coordinator attested it.
 */
final class Eligibility {

    private Eligibility() {}

    static List<CriterionStatus> judge(Protocol protocol, Enrollee enrollee, ClinicalHistory history,
                                       java.util.function.Function<MrdResult, Boolean> positive) {
        List<CriterionStatus> result = new ArrayList<>();
        for (Criterion c : protocol.eligibility()) {
            Finding finding = c.judged() ? judged(protocol, c.judge(), enrollee, history, positive)
                    : new Finding(EligibilityStatus.UNVERIFIED, "confirmed by the coordinator, not shown by data", null);
            EligibilityStatus status = finding.status();
            String reason = finding.reason();
            if (status == EligibilityStatus.UNVERIFIED && enrollee.attestations().contains(c.id())) {
                status = EligibilityStatus.ATTESTED;
                reason = "attested by the coordinator";
            }
            result.add(new CriterionStatus(c.id(), c.type(), c.text(), c.source(), status, reason, finding.date()));
        }
        return result;
    }

    private record Finding(EligibilityStatus status, String reason, LocalDate date) {
        static Finding unverified(String why) {
            return new Finding(EligibilityStatus.UNVERIFIED, why, null);
        }
    }

    private static Finding judged(Protocol protocol, Judge judge, Enrollee e, ClinicalHistory history,
                                  java.util.function.Function<MrdResult, Boolean> positive) {
        if (judge.age() != null) {
            return age(judge.age(), e);
        }
        if (judge.sinceAnchor() != null) {
            Judge.SinceAnchor since = judge.sinceAnchor();
            Optional<LocalDate> date = history.transplant(since.anchor()).or(() -> Optional.ofNullable(e.anchors().get(since.anchor())));
            if (date.isEmpty()) {
                return Finding.unverified("the date of " + since.anchor() + " is not known");
            }
            LocalDate earliest = date.get().plusMonths(since.minMonths());
            return e.enrolledOn().isBefore(earliest)
                    ? new Finding(EligibilityStatus.NOT_MET, "enrolled on " + e.enrolledOn() + ", before "
                    + earliest + " (" + since.minMonths() + " months after " + since.anchor() + " on " + date.get() + ")", e.enrolledOn())
                    : new Finding(EligibilityStatus.MET, "enrolled on " + e.enrolledOn() + ", " + since.minMonths()
                    + " months or more after " + since.anchor() + " on " + date.get(), null);
        }
        if (Boolean.TRUE.equals(judge.mrdNegativeAtEnrollment())) {
            Optional<MrdResult> last = history.mrd.stream().filter(r -> r.date().isBefore(e.enrolledOn()))
                    .max(Comparator.comparing(MrdResult::date).thenComparing(positive::apply));
            if (last.isEmpty()) {
                return Finding.unverified("no MRD result before the enrollment day");
            }
            String reading = reading(last.get());
            return positive.apply(last.get())
                    ? new Finding(EligibilityStatus.NOT_MET, reading + " is positive", last.get().date())
                    : new Finding(EligibilityStatus.MET, reading + " is negative", null);
        }
        if (judge.gvhdFree() != null) {
            int grade = judge.gvhdFree().gradeAtLeast();
            List<GvhdAssessment> known = history.gvhd.stream().filter(g -> g.date().isBefore(e.enrolledOn())).toList();
            Optional<GvhdAssessment> severe = known.stream().filter(g -> g.grade() != null && g.grade() >= grade).findFirst();
            if (severe.isPresent()) {
                return new Finding(EligibilityStatus.NOT_MET, "grade " + severe.get().grade() + " "
                        + severe.get().kind().toLowerCase() + " GVHD recorded on " + severe.get().date(), severe.get().date());
            }
            Map<String, GvhdAssessment> latest = new HashMap<>();
            known.forEach(g -> latest.put(g.kind(), g));
            Optional<GvhdAssessment> active = latest.values().stream().filter(GvhdAssessment::active)
                    .min(Comparator.comparing(GvhdAssessment::kind));
            if (active.isPresent()) {
                return new Finding(EligibilityStatus.NOT_MET, "active " + active.get().kind().toLowerCase()
                        + " GVHD recorded on " + active.get().date(), active.get().date());
            }
            return known.isEmpty() ? Finding.unverified("no GVHD assessment before the enrollment day")
                    : new Finding(EligibilityStatus.MET, "no severe or active GVHD at the last assessment on "
                    + known.get(known.size() - 1).date(), null);
        }
        return mrdAtTimepoint(judge.mrdAtTimepoint(), e, history);
    }

    private static Finding age(Judge.Age age, Enrollee e) {
        // Completed years say the age only to within a year: 65 completed years is 780 to 791 months.
        long low;
        long high;
        String given;
        if (e.ageMonths() != null) {
            low = e.ageMonths();
            high = e.ageMonths();
            given = e.ageMonths() + " months";
        } else if (e.ageYears() != null) {
            low = 12L * e.ageYears();
            high = low + 11;
            given = e.ageYears() + " years";
        } else {
            return Finding.unverified("no age given (ageYears, or ageMonths for a child under 2)");
        }
        Long min = age.minMonths() != null ? Long.valueOf(age.minMonths())
                : age.minYears() != null ? 12L * age.minYears() : null;
        Long max = age.maxYears() != null ? 12L * age.maxYears() + 11 : null;
        if ((min != null && high < min) || (max != null && low > max)) {
            return new Finding(EligibilityStatus.NOT_MET, "age " + given + " is outside the range", e.enrolledOn());
        }
        if ((min == null || low >= min) && (max == null || high <= max)) {
            return new Finding(EligibilityStatus.MET, "age " + given, null);
        }
        return Finding.unverified("age " + given + " is not precise enough: give ageMonths");
    }

    private static Finding mrdAtTimepoint(Judge.MrdAtTimepoint rule, Enrollee e, ClinicalHistory history) {
        BigDecimal threshold = rule.atLeast();
        String group = "";
        if (!rule.atLeastByRiskGroup().isEmpty()) {
            List<String> groups = rule.atLeastByRiskGroup().keySet().stream().sorted().toList();
            if (e.riskGroup() == null) {
                return Finding.unverified("no provisional risk group given (one of " + groups + ")");
            }
            threshold = rule.atLeastByRiskGroup().get(e.riskGroup());
            if (threshold == null) {
                return new Finding(EligibilityStatus.NOT_MET, "risk group " + e.riskGroup()
                        + " is not eligible; eligible groups are " + groups, e.enrolledOn());
            }
            group = " for risk group " + e.riskGroup();
        }
        Optional<MrdResult> result = history.mrd.stream().filter(r -> rule.timepoint().equals(r.timepoint()))
                .reduce((a, b) -> b);
        if (result.isEmpty()) {
            return Finding.unverified("no " + rule.timepoint() + " MRD result yet");
        }
        MrdResult r = result.get();
        String reading = rule.timepoint() + " " + reading(r);
        String limit = threshold.stripTrailingZeros().toPlainString() + "%" + group;
        return r.percent().compareTo(threshold) < 0
                ? new Finding(EligibilityStatus.NOT_MET, reading + " is below the " + limit + " required", r.date())
                : new Finding(EligibilityStatus.MET, reading + " reaches the " + limit + " required", null);
    }

    private static String reading(MrdResult r) {
        return "MRD " + r.percent().stripTrailingZeros().toPlainString() + "% (" + r.method() + ") on " + r.date();
    }
}
