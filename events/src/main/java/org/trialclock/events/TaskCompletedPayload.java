package org.trialclock.events;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.LocalDate;
import java.util.Map;

/** {@code trialclock.task.completed}: what was done, when and by whom; a later one for the same task corrects it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskCompletedPayload(
        String completionId,
        String taskId,
        String enrollmentId,
        String subjectId,
        LocalDate completedOn,
        String by,
        Map<String, Object> result) {
}
