package org.trialclock.schedule.timeline;

import java.util.Locale;

/**
 * How a task's status is drawn: by colour and by shape, so the picture still reads in grey print or for a
 * colour-blind reader. Colours keep at least 4.5:1 contrast on white (WCAG AA).
 */
enum Look {
    PLANNED("planned", "#1565c0"),
    DUE("due", "#b34700"),
    OVERDUE("overdue", "#c62828"),
    DONE("done", "#2e7d32"),
    CANCELLED("cancelled", "#616161"),
    ON_HOLD("on hold", "#6a1b9a"),
    BEFORE_ENROLLMENT("before enrollment", "#757575");

    final String label;
    final String colour;

    Look(String label, String colour) {
        this.label = label;
        this.colour = colour;
    }

    /** A task status (as in DESIGN.md) to its look; an unknown one is drawn as planned rather than dropped. */
    static Look of(String status) {
        return switch (status == null ? "" : status) {
            case "DUE" -> DUE;
            case "OVERDUE" -> OVERDUE;
            case "COMPLETED" -> DONE;
            case "CANCELLED" -> CANCELLED;
            case "ON_HOLD" -> ON_HOLD;
            case "PRE_ENROLLMENT" -> BEFORE_ENROLLMENT;
            default -> PLANNED;
        };
    }

    String cssClass() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The shape centred on (0, 0), about 12 px across. */
    String shape() {
        String c = colour;
        return switch (this) {
            case PLANNED -> "<circle r=\"5.5\" fill=\"#fff\" stroke=\"" + c + "\" stroke-width=\"2\"/>";
            case DUE -> "<path d=\"M0,-7 L7,0 L0,7 L-7,0 Z\" fill=\"" + c + "\"/>";
            case OVERDUE -> "<path d=\"M0,-7 L7,6 L-7,6 Z\" fill=\"" + c + "\"/>"
                    + "<path d=\"M0,-2 V2.5 M0,4 V4.6\" stroke=\"#fff\" stroke-width=\"1.6\"/>";
            case DONE -> "<circle r=\"6.5\" fill=\"" + c + "\"/>"
                    + "<path d=\"M-3.2,0.2 L-0.8,2.8 L3.4,-2.6\" fill=\"none\" stroke=\"#fff\" stroke-width=\"1.8\"/>";
            case CANCELLED -> "<path d=\"M-5,-5 L5,5 M5,-5 L-5,5\" stroke=\"" + c + "\" stroke-width=\"2.4\"/>";
            case ON_HOLD -> "<rect x=\"-6\" y=\"-6\" width=\"12\" height=\"12\" fill=\"" + c + "\"/>"
                    + "<path d=\"M-2,-3.5 V3.5 M2,-3.5 V3.5\" stroke=\"#fff\" stroke-width=\"1.8\"/>";
            case BEFORE_ENROLLMENT -> "<rect x=\"-4.5\" y=\"-4.5\" width=\"9\" height=\"9\" fill=\"#fff\" stroke=\""
                    + c + "\" stroke-width=\"1.5\" stroke-dasharray=\"2 1.5\"/>";
        };
    }
}
