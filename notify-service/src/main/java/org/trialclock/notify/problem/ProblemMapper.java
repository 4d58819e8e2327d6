package org.trialclock.notify.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.trialclock.guard.DataFault;
import org.trialclock.guard.JsonFault;
import org.trialclock.guard.LockWait;
import org.trialclock.guard.ValueFault;

import java.util.List;
import java.util.stream.Collectors;

/** The one place where failures become {@code application/problem+json} responses. */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response invalid(InvalidRequest e) {
        return respond(new Problem("about:blank", e.title(), e.status(), detail(e.errors()), e.errors()));
    }

    /** Unreadable JSON, a wrongly typed value or an unknown field: the field and reason, in JSON's words. */
    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        JsonFault fault = JsonFault.of(e);
        List<Problem.FieldError> errors = fault.field() == null ? List.of()
                : List.of(new Problem.FieldError(fault.field(), fault.reason()));
        return respond(new Problem("about:blank", "Malformed JSON", 400,
                fault.field() == null ? fault.reason() : fault.field() + ": " + fault.reason(), errors));
    }

    /**
     * A value of the wrong type or an unknown field. Quarkus has a built-in mapper for exactly this type, which
     * outranks the {@link JsonProcessingException} one above and answers with an empty 400; this one names the field.
     */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return malformedJson(e);
    }

    /** No bearer token, or one that is expired, badly signed or from another issuer. */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e) {
        return Response.fromResponse(respond(new Problem("about:blank", "Unauthorized", 401,
                "a valid bearer token is required", List.of()))).header("WWW-Authenticate", "Bearer").build();
    }

    /** A valid token whose roles do not allow this operation (on a team it may see; other teams' data is a 404). */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(new Problem("about:blank", "Forbidden", 403, "the token's roles do not allow this",
                List.of()));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return respond(new Problem("about:blank", e.getResponse().getStatusInfo().getReasonPhrase(), status,
                e.getMessage(), List.of()));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        var dataFault = DataFault.of(e).or(() -> ValueFault.of(e));
        if (dataFault.isPresent()) {
            return respond(new Problem("about:blank", "Invalid value", 400, dataFault.get(), List.of()));
        }
        if (LockWait.in(e)) {
            // another request holds this patient's rows for a moment: the same request shortly after succeeds
            return Response.fromResponse(respond(new Problem("about:blank", "Busy, try again", 503,
                    "the record is being changed by another request; nothing was stored, retry after "
                            + LockWait.RETRY_AFTER_SECONDS + " s", List.of())))
                    .header("Retry-After", LockWait.RETRY_AFTER_SECONDS).build();
        }
        LOG.error("unexpected failure", e);
        return respond(new Problem("about:blank", "Internal error", 500, "the request could not be completed",
                List.of()));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String detail(List<Problem.FieldError> errors) {
        return errors.stream().map(e -> e.field() + ": " + e.reason()).collect(Collectors.joining("; "));
    }
}
