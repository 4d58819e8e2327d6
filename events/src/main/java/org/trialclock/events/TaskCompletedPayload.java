package org.trialclock.events;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * {@code trialclock.task.completed}: what was done, when and by whom. {@code recordedAt} is when notify-service
 * recorded it: of two completions of one task, the later recorded corrects the earlier, whatever order they arrive in.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskCompletedPayload(
        String completionId,
        String taskId,
        String enrollmentId,
        String subjectId,
        LocalDate completedOn,
        String by,
        Map<String, Object> result,
        Instant recordedAt) {
}
