package org.trialclock.schedule.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One version of a trial protocol, as read from its YAML file and checked. Serialised as JSON for
 * {@code GET /protocols/{id}}, so it stays a plain tree of records.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Protocol(
        String id,
        String version,
        String title,
        String registration,
        String sponsor,
        String design,
        String designSource,
        String designQuote,
        List<Arm> arms,
        List<Anchor> anchors,
        List<MrdThreshold> mrdPositive,
        List<Criterion> eligibility,
        List<MrdRule> offStudy,
        Map<String, TaskDefault> taskDefaults,
        List<Activity> activities) {

    public static final String RANDOMIZED = "randomized";
    public static final String SINGLE_ARM = "single-arm";

    public Protocol {
        arms = List.copyOf(arms);
        anchors = List.copyOf(anchors);
        mrdPositive = mrdPositive == null ? List.of() : List.copyOf(mrdPositive);
        eligibility = eligibility == null ? List.of() : List.copyOf(eligibility);
        offStudy = offStudy == null ? List.of() : List.copyOf(offStudy);
        taskDefaults = Map.copyOf(taskDefaults);
        activities = List.copyOf(activities);
    }

    public boolean randomized() {
        return RANDOMIZED.equals(design);
    }

    public List<String> armIds() {
        return arms.stream().map(Arm::id).toList();
    }

    public List<String> anchorNames() {
        return anchors.stream().map(Anchor::name).toList();
    }

    public Optional<Anchor> anchor(String name) {
        return anchors.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    public Optional<Activity> activity(String activityId) {
        return activities.stream().filter(a -> a.id().equals(activityId)).findFirst();
    }

    public Optional<MrdThreshold> mrdThreshold(String method) {
        return mrdPositive.stream().filter(t -> t.method().equals(method)).findFirst();
    }

    /**
     * True when the activity can happen more than once, so its task keys carry an occurrence number. (A cycle's
     * keys always carry its cycle number.)
     */
    public boolean repeats(Activity activity) {
        Offset offset = activity.offset();
        if (activity.repeat() != null || offset.months().size() > 1) {
            return true;
        }
        if (offset.activity() != null && offset.cycle() == null) {
            return activity(offset.activity()).map(this::repeats).orElse(false);
        }
        return false;
    }
}
