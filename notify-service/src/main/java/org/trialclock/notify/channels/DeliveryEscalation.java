package org.trialclock.notify.channels;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/**
 * A notification that could not be delivered within its retry period is told to the team's escalation contact,
 * once: the escalation's key is {@code delivery-failed:<notification id>}, so a second call writes nothing. An
 * escalation that itself fails is not escalated again (it would only go round in circles); it stays FAILED, is
 * counted by the notifications gauge, and can be re-sent by an operator.
 */
@ApplicationScoped
class DeliveryEscalation {
    static final String TYPE = "trialclock.delivery.failed";
    private static final Logger LOG = Logger.getLogger(DeliveryEscalation.class);

    private final Alerts alerts;

    DeliveryEscalation(Alerts alerts) {
        this.alerts = alerts;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void failed(Notification n) {
        if (TYPE.equals(n.eventType)) {
            LOG.errorf("escalation %d of a failed delivery to %s could not be delivered either: %s", n.id,
                    n.address, n.lastError);
            return;
        }
        alerts.toEscalationContact("delivery-failed:" + n.id, TYPE,
                new Alerts.About(n.taskId, n.enrollmentId, n.subjectId, n.careTeam), AlertMessage.deliveryFailed(n));
    }
}
