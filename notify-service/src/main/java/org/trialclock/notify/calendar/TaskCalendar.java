package org.trialclock.notify.calendar;

import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.XProperty;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableStatus;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;
import org.trialclock.events.TaskPayload;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Tasks as an RFC 5545 calendar: one all-day event per task on its due date, its window and dose in the
 * description. The UID is the task's own id, so a calendar replaces the event when the task moves, and the
 * SEQUENCE (the task's count of reschedules) tells it the new one wins.
 *
 * <p>The same rendering as schedule-service's enrollment feed, with the same UIDs; a copy rather than a shared
 * module, as the services share only the event contract and the outbox.
 */
final class TaskCalendar {
    static final String MEDIA_TYPE = "text/calendar; charset=utf-8";

    private TaskCalendar() {
    }

    static String render(String name, List<TaskPayload> tasks, ToIntFunction<TaskPayload> sequence, Instant now) {
        Calendar calendar = new Calendar()
                .add(new ProdId("-//TrialClock//notify-service//EN"))
                .add(ImmutableVersion.VERSION_2_0)
                .add(ImmutableCalScale.GREGORIAN)
                .add(new XProperty("X-WR-CALNAME", name));
        for (TaskPayload task : tasks) {
            calendar.add(event(task, sequence.applyAsInt(task), now));
        }
        StringWriter out = new StringWriter();
        try {
            // RFC 5545 wants at least one event; a feed with none yet (a new team) is still what calendar
            // programs expect, so only a non-empty calendar is validated on the way out
            new CalendarOutputter(!tasks.isEmpty()).output(calendar, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static String uid(String taskId) {
        return taskId + "@trialclock";
    }

    private static VEvent event(TaskPayload task, int sequence, Instant now) {
        VEvent event = new VEvent(task.dueDate(), task.dueDate().plusDays(1), task.subjectId() + ": " + task.title());
        event.replace(new DtStamp(now));
        event.add(new Uid(uid(task.id())));
        event.add(new Sequence(sequence));
        event.add(new Description(description(task)));
        event.add(switch (task.status()) {
            case "CANCELLED" -> ImmutableStatus.VEVENT_CANCELLED;
            case "ON_HOLD", "PRE_ENROLLMENT" -> ImmutableStatus.VEVENT_TENTATIVE;
            default -> ImmutableStatus.VEVENT_CONFIRMED;
        });
        return event;
    }

    private static String description(TaskPayload task) {
        StringBuilder text = new StringBuilder();
        text.append("Window: ").append(task.windowStart()).append(" to ").append(task.windowEnd()).append(" (both included)\n");
        if (task.dose() != null) {
            text.append("Dose: ").append(task.dose().text() != null ? task.dose().text()
                    : task.dose().amount() + " " + task.dose().unit() + "/" + task.dose().per()).append('\n');
        }
        text.append("Status: ").append(task.status());
        if (task.statusReason() != null) {
            text.append(" (").append(task.statusReason()).append(')');
        }
        text.append('\n').append("Protocol: ").append(task.protocolId()).append(" v").append(task.protocolVersion())
                .append(", subject ").append(task.subjectId()).append(", site ").append(task.siteId());
        return text.toString();
    }
}
