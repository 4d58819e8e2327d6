package org.trialclock.schedule.access;

import jakarta.enterprise.context.ApplicationScoped;
import org.trialclock.audit.AuditReaders;

/** The audit trail shows the caller the changes of the teams in its token, as every other view does. */
@ApplicationScoped
public class AuditReadersOfCaller implements AuditReaders {
    private final Caller caller;

    AuditReadersOfCaller(Caller caller) {
        this.caller = caller;
    }

    @Override
    public boolean mayRead(String team) {
        return caller.mayAct(team);
    }
}
