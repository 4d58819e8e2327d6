package org.trialclock.notify.inbox;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.trialclock.events.EnrollmentAlertPayload;
import org.trialclock.events.EventTypes;
import org.trialclock.events.TaskPayload;
import org.trialclock.notify.TrialTasksTopic;
import org.trialclock.notify.channels.AlertMessage;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** The alert templates: what a nurse reads in the email, in the site's time, with a link she can open. */
@QuarkusTest
class AlertMessagesTest {
    @Inject
    AlertMessages messages;

    @Test
    void an_overdue_task_says_when_it_was_due_at_the_site_what_to_do_and_links_to_it_on_the_inbox_page() {
        TaskPayload task = TrialTasksTopic.doseStepUp("zju-hsct", LocalDate.of(2026, 3, 13), "OVERDUE", 3);

        AlertMessage m = messages.forTask(EventTypes.TASK_OVERDUE, task);

        assertThat(m.subject()).isEqualTo("[TrialClock] OVERDUE: ZJU-0001 C1 day 4: raise blinatumomab to 28 ug/day");
        assertThat(m.text()).contains("OVERDUE for subject ZJU-0001 (NCT07105579): C1 day 4: raise blinatumomab to 28 ug/day.")
                .contains("Due Fri 13 Mar 2026, 08:00 (Asia/Shanghai)")
                .contains("The window has passed")
                .endsWith("http://localhost:8081/inbox?team=zju-hsct#task-" + task.id());
        assertThat(m.html()).contains("<td>Fri 13 Mar 2026, 08:00 (Asia/Shanghai)</td>")
                .contains("<a href=\"http://localhost:8081/inbox?team=zju-hsct#task-" + task.id() + "\">");
    }

    @Test
    void text_from_other_systems_is_escaped_in_the_html_email_and_left_as_written_in_the_text() {
        TaskPayload task = TrialTasksTopic.sameSubject(
                TrialTasksTopic.doseStepUp("zju-hsct", LocalDate.of(2026, 3, 13), "DUE", 1),
                "Marrow <script>alert(1)</script> & MRD", LocalDate.of(2026, 3, 14));

        AlertMessage m = messages.forTask(EventTypes.TASK_DUE, task);

        assertThat(m.html()).contains("Marrow &lt;script&gt;alert(1)&lt;/script&gt; &amp; MRD").doesNotContain("<script>");
        assertThat(m.text()).contains("Marrow <script>alert(1)</script> & MRD");
    }

    @Test
    void an_escalation_says_since_when_nobody_answered_above_the_overdue_alert() {
        TaskPayload task = TrialTasksTopic.doseStepUp("zju-hsct", LocalDate.of(2026, 3, 13), "OVERDUE", 3);

        AlertMessage m = messages.escalation(task, "2026-03-21T00:00:00Z");

        assertThat(m.subject()).startsWith("[TrialClock] ESCALATION: OVERDUE: ZJU-0001");
        assertThat(m.text()).startsWith("Nobody has acknowledged this overdue task since 2026-03-21T00:00:00Z.\nOVERDUE for subject");
        assertThat(m.html()).contains("Nobody has acknowledged this overdue task since 2026-03-21T00:00:00Z.");
    }

    @Test
    void an_enrollment_alert_says_what_happened_on_which_day_and_links_to_the_team_inbox() {
        EnrollmentAlertPayload alert = new EnrollmentAlertPayload("a-1", "e-1", "ZJU-0002", "NCT06607419", "zju",
                "zju-hsct", "SCREEN_FAILURE", LocalDate.of(2026, 3, 2), "Screen failure: D19 MRD below 0.1%.");

        AlertMessage m = messages.forEnrollment(alert);

        assertThat(m.subject()).isEqualTo("[TrialClock] SCREEN_FAILURE: ZJU-0002");
        assertThat(m.text()).startsWith("SCREEN_FAILURE for subject ZJU-0002 (NCT06607419) on Mon 2 Mar 2026: Screen failure")
                .endsWith("http://localhost:8081/inbox?team=zju-hsct");
        assertThat(m.html()).contains("<a href=\"http://localhost:8081/inbox?team=zju-hsct\">");
    }
}
