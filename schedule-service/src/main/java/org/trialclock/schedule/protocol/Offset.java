package org.trialclock.schedule.protocol;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * When something happens. Either counted from an anchor ({@code day} in the anchor's own day numbering, or
 * calendar {@code months} after the anchor date, one occurrence per listed month), or {@code days} from the
 * start or end of each occurrence of another activity ({@code cycle} picks one occurrence).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Offset(
        String anchor,
        Integer day,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Integer> months,
        String activity,
        String point,
        Integer cycle,
        Integer days,
        String source,
        String quote) {

    public static final String START = "start";
    public static final String END = "end";

    public Offset {
        months = months == null ? List.of() : List.copyOf(months);
    }

    public boolean fromAnchor() {
        return anchor != null;
    }

    public boolean fromEnd() {
        return END.equals(point);
    }

    public int daysOrZero() {
        return days == null ? 0 : days;
    }
}
