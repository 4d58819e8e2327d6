package org.trialclock.schedule.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import io.quarkus.test.junit.QuarkusTest;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.ResearchSubject;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.trialclock.schedule.enrollment.Coordinator;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.trialclock.schedule.enrollment.Coordinator.dliEnrollment;
import static org.trialclock.schedule.enrollment.Coordinator.enroll;
import static org.trialclock.schedule.enrollment.Coordinator.subject;
import static org.trialclock.schedule.enrollment.Coordinator.today;

/** The FHIR R4 export, checked by HAPI's validator against the R4 base profiles (the R4 core package). */
@QuarkusTest
class FhirExportTest {
    private static final FhirContext R4 = FhirContext.forR4Cached();
    private static FhirValidator validator;

    @BeforeAll
    static void validator() {
        ValidationSupportChain support = new ValidationSupportChain(new DefaultProfileValidationSupport(R4),
                new CommonCodeSystemsTerminologyService(R4), new InMemoryTerminologyServerValidationSupport(R4),
                new SnapshotGeneratingValidationSupport(R4));
        validator = R4.newValidator().registerValidatorModule(new FhirInstanceValidator(support));
    }

    @Test
    void an_enrollment_is_a_valid_bundle_of_research_subject_care_plan_and_one_task_per_task() {
        String id = enroll(dliEnrollment(subject(), today().minusDays(61)));
        String json = given().get("/enrollments/" + id + "/fhir").then().statusCode(200)
                .contentType("application/fhir+json").extract().asString();

        assertThat(errors(json)).isEmpty();

        Bundle bundle = R4.newJsonParser().parseResource(Bundle.class, json);
        List<Map<String, Object>> tasks = Coordinator.tasks(id);
        List<ResearchSubject> subjects = of(bundle, ResearchSubject.class);
        assertThat(subjects).hasSize(1);
        assertThat(subjects.get(0).getStatus()).isEqualTo(ResearchSubject.ResearchSubjectStatus.ONSTUDY);
        assertThat(subjects.get(0).getStudy().getIdentifier().getValue()).isEqualTo("NCT07105579");

        List<CarePlan> plans = of(bundle, CarePlan.class);
        assertThat(plans).hasSize(1);
        assertThat(plans.get(0).getActivity()).hasSameSizeAs(tasks);
        // planned tasks are scheduled; the step-up and cycle end wait for the cycle's recorded start (on hold); a task
        // whose window closed before enrollment was never to be done here (not started)
        Map<String, CarePlan.CarePlanActivityStatus> activityStatus = Map.of("PLANNED", CarePlan.CarePlanActivityStatus.SCHEDULED,
                "ON_HOLD", CarePlan.CarePlanActivityStatus.ONHOLD, "PRE_ENROLLMENT", CarePlan.CarePlanActivityStatus.NOTSTARTED);
        assertThat(tasks).extracting(t -> (String) t.get("status")).contains("PLANNED", "ON_HOLD");
        assertThat(plans.get(0).getActivity()).extracting(a -> a.getDetail().getStatus())
                .containsExactlyInAnyOrderElementsOf(tasks.stream().map(t -> activityStatus.get((String) t.get("status"))).toList());
        Map<String, Task> fhirTasks = of(bundle, Task.class).stream()
                .collect(Collectors.toMap(t -> t.getIdentifierFirstRep().getValue(), t -> t));
        assertThat(fhirTasks).hasSameSizeAs(tasks);
        for (Map<String, Object> task : tasks) {
            Task fhir = fhirTasks.get("urn:uuid:" + task.get("id"));
            assertThat(fhir).as("Task for %s", task.get("title")).isNotNull();
            assertThat(fhir.getRestriction().getPeriod().getStartElement().getValueAsString()).isEqualTo(task.get("windowStart"));
            assertThat(fhir.getRestriction().getPeriod().getEndElement().getValueAsString()).isEqualTo(task.get("windowEnd"));
            assertThat(fhir.getStatus()).isEqualTo(Map.of("PLANNED", Task.TaskStatus.REQUESTED, "ON_HOLD", Task.TaskStatus.ONHOLD,
                    "PRE_ENROLLMENT", Task.TaskStatus.CANCELLED).get((String) task.get("status")));
            assertThat(fhir.getDescription()).contains("due " + task.get("dueDate"));
        }
    }

    @Test
    void every_protocol_is_a_valid_plan_definition_timed_from_its_anchor() {
        for (String protocol : List.of("NCT07105579", "NCT06438796", "BLINA-PRE-HSCT-RCT", "NCT06507514", "NCT06607419")) {
            String json = given().get("/protocols/" + protocol + "/fhir").then().statusCode(200)
                    .contentType("application/fhir+json").extract().asString();
            assertThat(errors(json)).as(protocol).isEmpty();
        }
        PlanDefinition plan = R4.newJsonParser().parseResource(PlanDefinition.class,
                given().get("/protocols/NCT07105579/fhir").then().extract().asString());
        // "Cycle 1 (starting at day 60 post-transplant)", "one cycle every 3 months", four cycles of 14 days
        PlanDefinition.PlanDefinitionActionComponent cycle = plan.getAction().stream()
                .filter(a -> "blinatumomab-cycle".equals(a.getId())).findFirst().orElseThrow();
        var related = cycle.getRelatedActionFirstRep();
        assertThat(related.getActionId()).isEqualTo("anchor-HSCT");
        assertThat(related.getRelationship()).isEqualTo(PlanDefinition.ActionRelationshipType.AFTERSTART);
        assertThat(related.getOffsetDuration().getValue()).isEqualByComparingTo("60");
        var repeat = cycle.getTimingTiming().getRepeat();
        assertThat(repeat.getCount()).isEqualTo(4);
        assertThat(repeat.getPeriod()).isEqualByComparingTo("3");
        assertThat(repeat.getPeriodUnit().toCode()).isEqualTo("mo");
        assertThat(repeat.getDuration()).isEqualByComparingTo("14");
        assertThat(cycle.getAction()).extracting(PlanDefinition.PlanDefinitionActionComponent::getTitle)
                .contains("cycles 1: days 1-3 9 ug/day; days 4-14 28 ug/day");
    }

    @Test
    void unknown_ids_are_not_found_problems() {
        given().get("/enrollments/00000000-0000-0000-0000-000000000000/fhir").then().statusCode(404)
                .contentType("application/problem+json").body("errors.field", hasItem("id"));
        given().get("/protocols/NCT00000000/fhir").then().statusCode(404)
                .contentType("application/problem+json").body("errors.field", hasItem("id"));
    }

    private static List<String> errors(String json) {
        List<SingleValidationMessage> messages = validator.validateWithResult(json).getMessages();
        return messages.stream().filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .map(m -> m.getLocationString() + ": " + m.getMessage()).toList();
    }

    private static <T> List<T> of(Bundle bundle, Class<T> type) {
        return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(type::isInstance)
                .map(type::cast).toList();
    }
}
