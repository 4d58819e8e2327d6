package org.trialclock.schedule.timeline;

import org.trialclock.events.TaskPayload;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One patient's schedule as an SVG picture: study days and calendar dates on the axis, day 0, each drug cycle as
 * a bar of its dose phases, every other task as a status marker over its shaded window, and today as a line.
 *
 * <p>Written as XML text rather than with a drawing library (Batik, JFreeSVG): the picture is a few hundred
 * rects, paths and labels, and those libraries would add megabytes to draw them. Every element a test or a
 * reader may want to find carries a class and {@code data-*} attributes (dates, kinds, statuses).
 */
final class TimelineDrawing {

    /**
     * Who and what is drawn: the subject, the protocol, and the anchor study days count from, with the study day
     * it is (a transplant is day 0, a treatment start day 1).
     */
    record Patient(String subjectId, String protocolId, String protocolVersion, String protocolTitle,
                   String anchorTitle, LocalDate anchorDate, int anchorDay, String timezone) {
        LocalDate dayZero() {
            return anchorDate.minusDays(anchorDay);
        }
    }

    static final double WIDTH = 1200;
    static final double X0 = 200;
    static final double PLOT_WIDTH = 960;
    /** Share of the plot the treatment phase gets when a long follow-up comes after it. */
    static final double TREATMENT_SHARE = 0.75;
    /** Days drawn after the treatment phase at its scale before compressing, and margins either side. */
    static final int AFTER_TREATMENT_DAYS = 21;
    static final int MARGIN_DAYS = 7;

    private static final double AXIS_TOP = 66;
    private static final double LANES_TOP = 134;
    private static final double LANE_HEIGHT = 46;
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    /** Dose phases from the lowest dose to the highest: the step-up reads as the bar getting darker. */
    private static final String[] DOSE_FILLS = {"#9ecae1", "#4a90c8", "#1f5f99", "#0b3d6b"};

    private final Patient patient;
    private final List<TaskPayload> tasks;
    private final LocalDate today;
    private final TimeScale scale;
    private final StringBuilder svg = new StringBuilder(32_768);

    private TimelineDrawing(Patient patient, List<TaskPayload> tasks, LocalDate today) {
        this.patient = patient;
        this.tasks = tasks.stream().sorted(Comparator.comparing(TaskPayload::dueDate)).toList();
        this.today = today;
        this.scale = scaleFor(patient.anchorDate(), this.tasks, today);
    }

    static String draw(Patient patient, List<TaskPayload> tasks, LocalDate today) {
        return new TimelineDrawing(patient, tasks, today).render();
    }

    /** Linear from before day 0 to three weeks after the last treatment task, compressed to the end. */
    static TimeScale scaleFor(LocalDate anchorDate, List<TaskPayload> tasks, LocalDate today) {
        LocalDate first = min(anchorDate, today);
        LocalDate last = max(anchorDate, today);
        LocalDate treatmentEnd = null;
        for (TaskPayload t : tasks) {
            first = min(first, t.windowStart());
            last = max(last, t.windowEnd());
            if (Lane.treatment(t.kind())) {
                treatmentEnd = max(treatmentEnd, t.windowEnd());
            }
        }
        LocalDate start = first.minusDays(MARGIN_DAYS);
        LocalDate end = last.plusDays(MARGIN_DAYS + 1L);
        LocalDate compressFrom = treatmentEnd == null ? start.plusDays(180) : treatmentEnd.plusDays(AFTER_TREATMENT_DAYS);
        return TimeScale.fit(start, compressFrom, end, X0, PLOT_WIDTH, TREATMENT_SHARE);
    }

    private String render() {
        Map<Lane, List<TaskPayload>> lanes = new EnumMap<>(Lane.class);
        tasks.forEach(t -> lanes.computeIfAbsent(Lane.of(t.kind()), l -> new ArrayList<>()).add(t));
        double lanesBottom = LANES_TOP + Math.max(1, lanes.size()) * LANE_HEIGHT;
        double height = lanesBottom + 96;
        String title = patient.subjectId() + ": " + patient.protocolId() + " v" + patient.protocolVersion();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(num(WIDTH)).append("\" height=\"")
                .append(num(height)).append("\" viewBox=\"0 0 ").append(num(WIDTH)).append(' ').append(num(height))
                .append("\" role=\"img\" aria-labelledby=\"title desc\" font-family=\"DejaVu Sans, Arial, sans-serif\""
                        + " font-size=\"12\">\n");
        svg.append("<title id=\"title\">Timeline of ").append(esc(title)).append("</title>\n");
        svg.append("<desc id=\"desc\">").append(tasks.size()).append(" tasks from ")
                .append(tasks.isEmpty() ? "-" : tasks.get(0).dueDate()).append(" to ")
                .append(tasks.isEmpty() ? "-" : tasks.get(tasks.size() - 1).dueDate()).append("; study days count from ")
                .append(esc(patient.anchorTitle())).append(", day ").append(patient.anchorDay()).append(", on ")
                .append(patient.anchorDate()).append("; today is ")
                .append(today).append(" in ").append(esc(patient.timezone())).append(".</desc>\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n");
        svg.append("<text x=\"16\" y=\"24\" font-size=\"16\" font-weight=\"bold\">").append(esc(title)).append("</text>\n");
        svg.append("<text x=\"16\" y=\"44\" fill=\"#333\">").append(esc(patient.protocolTitle())).append("</text>\n");

        svg.append("<g id=\"plot\" data-start=\"").append(scale.start()).append("\" data-x0=\"").append(num(scale.x0()))
                .append("\" data-px-per-day=\"").append(scale.pxPerDay()).append('"');
        if (scale.compressAfter() != null) {
            svg.append(" data-compress-after=\"").append(scale.compressAfter()).append("\" data-compressed-px-per-day=\"")
                    .append(scale.compressedPxPerDay()).append('"');
        }
        svg.append(">\n");
        lanes(lanes);
        axis(lanesBottom);
        anchorLine(lanesBottom);
        int row = 0;
        for (Map.Entry<Lane, List<TaskPayload>> lane : lanes.entrySet()) {
            double mid = LANES_TOP + row++ * LANE_HEIGHT + LANE_HEIGHT / 2;
            if (lane.getKey() == Lane.CYCLES) {
                cycles(lane.getValue(), mid);
            } else {
                markers(lane.getValue(), mid);
            }
        }
        todayLine(lanesBottom);
        svg.append("</g>\n");
        legend(lanesBottom + 30);
        svg.append("</svg>\n");
        return svg.toString();
    }

    // --- background, axis, day 0 -----------------------------------------------------------------------------

    private void lanes(Map<Lane, List<TaskPayload>> lanes) {
        int row = 0;
        for (Lane lane : lanes.keySet()) {
            double top = LANES_TOP + row * LANE_HEIGHT;
            svg.append("<rect class=\"lane\" x=\"0\" y=\"").append(num(top)).append("\" width=\"").append(num(WIDTH))
                    .append("\" height=\"").append(num(LANE_HEIGHT)).append("\" fill=\"")
                    .append(row % 2 == 0 ? "#f7f9fb" : "#fff").append("\"/>\n");
            svg.append("<text x=\"16\" y=\"").append(num(top + LANE_HEIGHT / 2 + 4)).append("\" font-weight=\"bold\">")
                    .append(esc(lane.label)).append("</text>\n");
            row++;
        }
        if (scale.compressAfter() != null) {
            double bx = scale.breakX();
            double bottom = LANES_TOP + Math.max(1, lanes.size()) * LANE_HEIGHT;
            svg.append("<rect class=\"compressed\" x=\"").append(num(bx)).append("\" y=\"").append(num(AXIS_TOP))
                    .append("\" width=\"").append(num(X0 + PLOT_WIDTH - bx)).append("\" height=\"")
                    .append(num(bottom - AXIS_TOP)).append("\" fill=\"#eef0f3\" fill-opacity=\"0.55\"/>\n");
            svg.append("<path class=\"break\" d=\"M").append(num(bx - 4)).append(',').append(num(AXIS_TOP - 6))
                    .append(" l8,-8 M").append(num(bx)).append(',').append(num(AXIS_TOP - 6)).append(" l8,-8\" stroke=\"#555\"/>\n");
            svg.append("<text x=\"").append(num(bx + 12)).append("\" y=\"").append(num(AXIS_TOP - 10))
                    .append("\" fill=\"#444\" font-size=\"11\">after treatment: scale compressed ")
                    .append(Math.round(scale.pxPerDay() / scale.compressedPxPerDay())).append("x</text>\n");
        }
    }

    /** Calendar months (or years, once compressed) above the line; study days below it. */
    private void axis(double lanesBottom) {
        double y = AXIS_TOP + 22;
        svg.append("<g class=\"axis\">\n");
        svg.append("<line x1=\"").append(num(X0)).append("\" y1=\"").append(num(y)).append("\" x2=\"")
                .append(num(X0 + PLOT_WIDTH)).append("\" y2=\"").append(num(y)).append("\" stroke=\"#333\"/>\n");
        LocalDate end = scale.end();
        double lastLabel = -1e9;
        for (LocalDate d = scale.start().withDayOfMonth(1).plusMonths(1); d.isBefore(end); d = d.plusMonths(1)) {
            boolean compressed = scale.compressed(d);
            if (compressed && d.getMonthValue() != 1 && scale.compressedPxPerDay() * 91 < 30) {
                continue;
            }
            if (compressed && d.getMonthValue() % 3 != 1) {
                continue;
            }
            double x = scale.x(d);
            svg.append("<line class=\"month\" x1=\"").append(num(x)).append("\" y1=\"").append(num(y - 4))
                    .append("\" x2=\"").append(num(x)).append("\" y2=\"").append(num(lanesBottom))
                    .append("\" stroke=\"").append(d.getMonthValue() == 1 ? "#c5ccd6" : "#e3e7ec").append("\"/>\n");
            String label = d.getMonthValue() == 1 || lastLabel < 0 ? MONTH.format(d) + " " + d.getYear() : MONTH.format(d);
            if (x >= lastLabel + 6) {
                svg.append("<text class=\"date\" x=\"").append(num(x + 2)).append("\" y=\"").append(num(y - 8))
                        .append("\" font-size=\"11\" data-date=\"").append(d).append("\">").append(label).append("</text>\n");
                lastLabel = x + 2 + label.length() * 6.5;
            }
        }
        double lastDay = -1e9;
        for (int step : new int[] {0, 1}) {
            boolean compressedPart = step == 1;
            if (compressedPart && scale.compressAfter() == null) {
                break;
            }
            double ppd = compressedPart ? scale.compressedPxPerDay() : scale.pxPerDay();
            int every = dayStep(ppd);
            LocalDate from = compressedPart ? scale.compressAfter() : scale.start();
            LocalDate to = compressedPart || scale.compressAfter() == null ? end : scale.compressAfter();
            long firstDay = ChronoUnit.DAYS.between(patient.dayZero(), from);
            long day = Math.floorDiv(firstDay + every - 1, every) * (long) every;
            for (LocalDate d = patient.dayZero().plusDays(day); d.isBefore(to); d = d.plusDays(every), day += every) {
                double x = scale.x(d);
                svg.append("<line x1=\"").append(num(x)).append("\" y1=\"").append(num(y)).append("\" x2=\"")
                        .append(num(x)).append("\" y2=\"").append(num(y + 5)).append("\" stroke=\"#333\"/>\n");
                if (x - lastDay >= 34) {
                    svg.append("<text class=\"study-day\" x=\"").append(num(x)).append("\" y=\"").append(num(y + 17))
                            .append("\" font-size=\"11\" text-anchor=\"middle\" data-day=\"").append(day).append("\">")
                            .append(day).append("</text>\n");
                    lastDay = x;
                }
            }
        }
        svg.append("<text x=\"16\" y=\"").append(num(y - 8)).append("\" font-size=\"11\" fill=\"#444\">date</text>\n");
        svg.append("<text x=\"16\" y=\"").append(num(y + 17)).append("\" font-size=\"11\" fill=\"#444\">study day</text>\n");
        svg.append("</g>\n");
    }

    private static int dayStep(double pxPerDay) {
        for (int step : new int[] {7, 14, 30, 60, 90, 180, 365}) {
            if (step * pxPerDay >= 40) {
                return step;
            }
        }
        return 730;
    }

    /** The anchor's line: day 0 at the transplant (NCT07105579), day 1 at an induction's first day. */
    private void anchorLine(double lanesBottom) {
        double x = scale.x(patient.anchorDate());
        svg.append("<g id=\"anchor\" data-date=\"").append(patient.anchorDate()).append("\" data-day=\"")
                .append(patient.anchorDay()).append("\">")
                .append("<line x1=\"").append(num(x)).append("\" y1=\"").append(num(AXIS_TOP + 22)).append("\" x2=\"")
                .append(num(x)).append("\" y2=\"").append(num(lanesBottom)).append("\" stroke=\"#222\" stroke-width=\"2\"/>")
                .append("<text x=\"").append(num(x + 4)).append("\" y=\"").append(num(LANES_TOP - 8))
                .append("\" font-size=\"11\" font-weight=\"bold\">day ").append(patient.anchorDay()).append(": ")
                .append(esc(patient.anchorTitle())).append(", ").append(DAY.format(patient.anchorDate()))
                .append("</text></g>\n");
    }

    private void todayLine(double lanesBottom) {
        double x = scale.x(today);
        svg.append("<g class=\"today\"><line id=\"today\" data-date=\"").append(today).append("\" x1=\"").append(num(x))
                .append("\" y1=\"").append(num(AXIS_TOP + 22)).append("\" x2=\"").append(num(x)).append("\" y2=\"")
                .append(num(lanesBottom + 6)).append("\" stroke=\"#d81b60\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>")
                .append("<text x=\"").append(num(x)).append("\" y=\"").append(num(lanesBottom + 18))
                .append("\" text-anchor=\"middle\" font-size=\"11\" font-weight=\"bold\" fill=\"#ad1457\">today ")
                .append(DAY.format(today)).append("</text></g>\n");
    }

    // --- cycles ---------------------------------------------------------------------------------------------

    /** Each cycle a bar from day 1 to the end of its last day, one rect per dose phase, markers on top. */
    private void cycles(List<TaskPayload> cycleTasks, double mid) {
        List<BigDecimal> amounts = cycleTasks.stream().map(TaskPayload::dose).filter(Objects::nonNull)
                .map(TaskPayload.Dose::amount).filter(Objects::nonNull).map(BigDecimal::stripTrailingZeros)
                .collect(Collectors.toCollection(TreeSet::new)).stream().toList();
        Map<String, List<TaskPayload>> byCycle = new TreeMap<>();
        for (TaskPayload t : cycleTasks) {
            byCycle.computeIfAbsent(t.activity() + "#" + String.format("%04d", t.cycle() == null ? 0 : t.cycle()),
                    k -> new ArrayList<>()).add(t);
        }
        for (List<TaskPayload> cycle : byCycle.values()) {
            TaskPayload start = cycle.stream().filter(t -> "CYCLE_START".equals(t.kind())).findFirst().orElse(cycle.get(0));
            TaskPayload end = cycle.stream().filter(t -> "CYCLE_END".equals(t.kind())).findFirst()
                    .orElse(cycle.get(cycle.size() - 1));
            Look look = Look.of(start.status());
            boolean cancelled = look == Look.CANCELLED;
            svg.append("<g class=\"cycle\" data-cycle=\"").append(start.cycle()).append("\" data-activity=\"")
                    .append(esc(start.activity())).append("\" data-status=\"").append(esc(start.status())).append("\">\n");
            window(start, mid);
            List<TaskPayload> phases = cycle.stream().filter(t -> !"CYCLE_END".equals(t.kind())).toList();
            for (int i = 0; i < phases.size(); i++) {
                TaskPayload phase = phases.get(i);
                LocalDate from = phase.dueDate();
                LocalDate to = i + 1 < phases.size() ? phases.get(i + 1).dueDate() : end.dueDate().plusDays(1);
                double x = scale.x(from);
                double w = scale.x(to) - x;
                String fill = cancelled ? "#fff" : doseFill(phase.dose(), amounts);
                svg.append("<rect class=\"phase\" data-from=\"").append(from).append("\" data-to=\"").append(to.minusDays(1))
                        .append("\" data-dose=\"").append(esc(doseText(phase.dose()))).append("\" x=\"").append(num(x))
                        .append("\" y=\"").append(num(mid - 9)).append("\" width=\"").append(num(w))
                        .append("\" height=\"18\" fill=\"").append(fill).append("\" stroke=\"")
                        .append(cancelled ? Look.CANCELLED.colour : "#0b3d6b").append('"')
                        .append(cancelled ? " stroke-dasharray=\"4 3\"" : "").append("><title>")
                        .append(esc(phase.title())).append(", ").append(from).append(" to ").append(to.minusDays(1))
                        .append("</title></rect>\n");
                String dose = shortDose(phase.dose());
                if (!dose.isEmpty() && w >= dose.length() * 6.2 + 4) {
                    svg.append("<text x=\"").append(num(x + w / 2)).append("\" y=\"").append(num(mid + 4))
                            .append("\" text-anchor=\"middle\" font-size=\"10\" fill=\"")
                            .append(cancelled || i == 0 && phases.size() > 1 ? "#0b2540" : "#fff").append("\">")
                            .append(esc(dose)).append("</text>\n");
                }
            }
            double labelX = scale.x(start.dueDate());
            String doses = phases.stream().map(p -> shortDose(p.dose())).filter(d -> !d.isEmpty())
                    .map(d -> d.substring(0, d.indexOf(' '))).collect(Collectors.joining("\u2192"));
            String unit = phases.stream().map(p -> shortDose(p.dose())).filter(d -> !d.isEmpty()).findFirst()
                    .map(d -> d.substring(d.indexOf(' '))).orElse("");
            svg.append("<text x=\"").append(num(labelX)).append("\" y=\"").append(num(mid - 13))
                    .append("\" font-size=\"11\"><tspan font-weight=\"bold\">C").append(start.cycle()).append("</tspan>")
                    .append(doses.isEmpty() ? "" : " " + esc(doses + unit)).append("</text>\n");
            for (TaskPayload t : cycle) {
                marker(t, mid + 15, false);
            }
            svg.append("</g>\n");
        }
    }

    private static String doseFill(TaskPayload.Dose dose, List<BigDecimal> amounts) {
        if (dose == null || dose.amount() == null || amounts.isEmpty()) {
            return "#d0d7df";
        }
        if (amounts.size() == 1) {
            return DOSE_FILLS[2];
        }
        // the lowest dose lightest, the highest darkest, those between spread over the shades
        int rank = amounts.indexOf(dose.amount().stripTrailingZeros());
        return DOSE_FILLS[Math.round((float) rank * (DOSE_FILLS.length - 1) / (amounts.size() - 1))];
    }

    // --- other tasks ------------------------------------------------------------------------------------------

    private void markers(List<TaskPayload> laneTasks, double mid) {
        for (TaskPayload t : laneTasks) {
            window(t, mid);
        }
        double lastLabel = -1e9;
        for (TaskPayload t : laneTasks) {
            double x = scale.x(t.dueDate());
            boolean label = x - lastLabel >= 44;
            marker(t, mid, label);
            if (label) {
                lastLabel = x;
            }
        }
    }

    /** The window a task may be done in, both ends included: shaded behind its marker. */
    private void window(TaskPayload t, double mid) {
        if (t.windowStart() == null || t.windowEnd() == null) {
            return;
        }
        double x = scale.x(t.windowStart());
        double w = Math.max(1, scale.x(t.windowEnd().plusDays(1)) - x);
        svg.append("<rect class=\"window\" data-task=\"").append(esc(t.id())).append("\" x=\"").append(num(x))
                .append("\" y=\"").append(num(mid - 14)).append("\" width=\"").append(num(w))
                .append("\" height=\"28\" rx=\"3\" fill=\"").append(Look.of(t.status()).colour)
                .append("\" fill-opacity=\"0.13\"/>\n");
    }

    private void marker(TaskPayload t, double y, boolean label) {
        Look look = Look.of(t.status());
        double x = scale.x(t.dueDate());
        long day = ChronoUnit.DAYS.between(patient.dayZero(), t.dueDate());
        svg.append("<g class=\"task ").append(look.cssClass()).append("\" data-kind=\"").append(esc(t.kind()))
                .append("\" data-status=\"").append(esc(t.status())).append("\" data-due=\"").append(t.dueDate())
                .append('"');
        if (t.cycle() != null) {
            svg.append(" data-cycle=\"").append(t.cycle()).append('"');
        }
        svg.append(" transform=\"translate(").append(num(x)).append(',').append(num(y)).append(")\"><title>")
                .append(esc(t.title())).append(": due ").append(t.dueDate()).append(" (day ").append(day).append("), window ")
                .append(t.windowStart()).append(" to ").append(t.windowEnd()).append(", ").append(look.label);
        if (t.dose() != null) {
            svg.append(", dose ").append(esc(doseText(t.dose())));
        }
        if (t.statusReason() != null) {
            svg.append(": ").append(esc(t.statusReason()));
        }
        svg.append("</title>").append(look.shape());
        if (label) {
            svg.append("<text y=\"21\" text-anchor=\"middle\" font-size=\"10\" fill=\"#333\">day ").append(day)
                    .append("</text>");
        }
        svg.append("</g>\n");
    }

    // --- legend ---------------------------------------------------------------------------------------------

    private void legend(double y) {
        svg.append("<g class=\"legend\" font-size=\"11\">\n");
        double x = 16;
        svg.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y + 4)).append("\" font-weight=\"bold\">Status</text>\n");
        x += 56;
        for (Look look : Look.values()) {
            svg.append("<g class=\"legend-status\" data-status=\"").append(look.cssClass()).append("\" transform=\"translate(")
                    .append(num(x + 7)).append(',').append(num(y)).append(")\">").append(look.shape()).append("<text x=\"12\" y=\"4\">")
                    .append(look.label).append("</text></g>\n");
            x += 30 + look.label.length() * 6.6;
        }
        y += 26;
        x = 16;
        svg.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y + 4)).append("\" font-weight=\"bold\">Bars</text>\n");
        x += 56;
        svg.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y - 6)).append("\" width=\"24\" height=\"12\" fill=\"")
                .append(DOSE_FILLS[0]).append("\" stroke=\"#0b3d6b\"/><rect x=\"").append(num(x + 24)).append("\" y=\"")
                .append(num(y - 6)).append("\" width=\"24\" height=\"12\" fill=\"").append(DOSE_FILLS[2])
                .append("\" stroke=\"#0b3d6b\"/><text x=\"").append(num(x + 54)).append("\" y=\"").append(num(y + 4))
                .append("\">infusion, darker = higher dose (step-up)</text>\n");
        x += 320;
        svg.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y - 7)).append("\" width=\"30\" height=\"14\" rx=\"3\" fill=\"")
                .append(Look.PLANNED.colour).append("\" fill-opacity=\"0.13\"/><text x=\"").append(num(x + 36)).append("\" y=\"")
                .append(num(y + 4)).append("\">window (both ends included)</text>\n");
        x += 230;
        svg.append("<line x1=\"").append(num(x)).append("\" y1=\"").append(num(y - 7)).append("\" x2=\"").append(num(x))
                .append("\" y2=\"").append(num(y + 7)).append("\" stroke=\"#d81b60\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>")
                .append("<text x=\"").append(num(x + 6)).append("\" y=\"").append(num(y + 4)).append("\">today (")
                .append(esc(patient.timezone())).append(")</text>\n");
        x += 200;
        svg.append("<line x1=\"").append(num(x)).append("\" y1=\"").append(num(y - 7)).append("\" x2=\"").append(num(x))
                .append("\" y2=\"").append(num(y + 7)).append("\" stroke=\"#222\" stroke-width=\"2\"/><text x=\"")
                .append(num(x + 6)).append("\" y=\"").append(num(y + 4)).append("\">day ").append(patient.anchorDay())
                .append("</text>\n");
        svg.append("</g>\n");
    }

    // --- text -----------------------------------------------------------------------------------------------

    private static String doseText(TaskPayload.Dose dose) {
        if (dose == null) {
            return "";
        }
        if (dose.text() != null) {
            return dose.text();
        }
        return dose.amount() == null ? "per protocol"
                : dose.amount().stripTrailingZeros().toPlainString() + " " + dose.unit() + (dose.per() == null ? "" : "/" + dose.per());
    }

    /** "9", "28 ug/day": short enough for a phase of a few days. */
    private static String shortDose(TaskPayload.Dose dose) {
        if (dose == null || dose.amount() == null) {
            return "";
        }
        String unit = "ug".equals(dose.unit()) ? "\u00b5g" : dose.unit();
        return dose.amount().stripTrailingZeros().toPlainString() + " " + unit + (dose.per() == null ? "" : "/" + dose.per());
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return b == null || (a != null && !b.isBefore(a)) ? a : b;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return b == null || (a != null && !b.isAfter(a)) ? a : b;
    }

    /** One decimal is finer than a screen pixel, and keeps the file small. */
    static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
