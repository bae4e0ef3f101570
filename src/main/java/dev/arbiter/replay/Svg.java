package dev.arbiter.replay;

import java.util.List;
import java.util.Locale;

/**
 * Two small charts as SVG text: lines (one series per policy) and a labelled scatter. Written by hand rather than
 * with a charting library so the files need no fonts or display to render and are byte-identical run to run.
 */
final class Svg {
    private static final int W = 900;
    private static final int H = 560;
    private static final int LEFT = 80;
    private static final int RIGHT = 230;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
            "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#000000"};

    record Series(String name, double[] y) {
    }

    record Point(String name, double x, double y) {
    }

    private Svg() {
    }

    static String lines(String title, String xLabel, String yLabel, List<Series> series) {
        int n = series.stream().mapToInt(s -> s.y().length).max().orElse(1);
        double max = series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.y())).max().orElse(1);
        double min = Math.min(0, series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.y())).min().orElse(0));
        StringBuilder b = frame(title, xLabel, yLabel, 0, n, min, max);
        int step = Math.max(1, n / 400);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            StringBuilder pts = new StringBuilder();
            for (int x = 0; x < s.y().length; x += step) {
                pts.append(f(px(x, 0, n))).append(',').append(f(py(s.y()[x], min, max))).append(' ');
            }
            int last = s.y().length - 1;
            pts.append(f(px(last, 0, n))).append(',').append(f(py(s.y()[last], min, max)));
            String colour = COLOURS[i % COLOURS.length];
            b.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.6\" points=\"")
                    .append(pts).append("\"/>\n");
            legend(b, i, colour, s.name() + String.format(Locale.ROOT, " (%.1f)", s.y()[last]));
        }
        return b.append("</svg>\n").toString();
    }

    static String scatter(String title, String xLabel, String yLabel, List<Point> points) {
        double xMax = points.stream().mapToDouble(Point::x).max().orElse(1) * 1.08;
        double yMin = Math.floor(points.stream().mapToDouble(Point::y).min().orElse(0) - 2);
        double yMax = Math.ceil(points.stream().mapToDouble(Point::y).max().orElse(1) + 2);
        StringBuilder b = frame(title, xLabel, yLabel, 0, xMax, yMin, yMax);
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            String colour = COLOURS[i % COLOURS.length];
            b.append("<circle cx=\"").append(f(px(p.x(), 0, xMax))).append("\" cy=\"").append(f(py(p.y(), yMin, yMax)))
                    .append("\" r=\"5\" fill=\"").append(colour).append("\"/>\n");
            legend(b, i, colour, p.name() + String.format(Locale.ROOT, " ($%.2f, %.2f)", p.x(), p.y()));
        }
        return b.append("</svg>\n").toString();
    }

    private static StringBuilder frame(String title, String xLabel, String yLabel, double x0, double x1, double y0, double y1) {
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        b.append("<text x=\"").append(W / 2).append("\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">")
                .append(escape(title)).append("</text>\n");
        int plotRight = W - RIGHT;
        int plotBottom = H - BOTTOM;
        b.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(plotBottom).append("\" x2=\"").append(plotRight)
                .append("\" y2=\"").append(plotBottom).append("\" stroke=\"black\"/>\n");
        b.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(TOP).append("\" x2=\"").append(LEFT)
                .append("\" y2=\"").append(plotBottom).append("\" stroke=\"black\"/>\n");
        for (int t = 0; t <= 5; t++) {
            double xv = x0 + (x1 - x0) * t / 5;
            double yv = y0 + (y1 - y0) * t / 5;
            b.append("<text x=\"").append(f(px(xv, x0, x1))).append("\" y=\"").append(plotBottom + 18)
                    .append("\" text-anchor=\"middle\">").append(tick(xv)).append("</text>\n");
            b.append("<text x=\"").append(LEFT - 8).append("\" y=\"").append(f(py(yv, y0, y1) + 4))
                    .append("\" text-anchor=\"end\">").append(tick(yv)).append("</text>\n");
            b.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(f(py(yv, y0, y1))).append("\" x2=\"")
                    .append(plotRight).append("\" y2=\"").append(f(py(yv, y0, y1))).append("\" stroke=\"#eeeeee\"/>\n");
        }
        b.append("<text x=\"").append((LEFT + plotRight) / 2).append("\" y=\"").append(H - 18)
                .append("\" text-anchor=\"middle\">").append(escape(xLabel)).append("</text>\n");
        b.append("<text transform=\"translate(20,").append((TOP + plotBottom) / 2).append(") rotate(-90)\" text-anchor=\"middle\">")
                .append(escape(yLabel)).append("</text>\n");
        return b;
    }

    private static void legend(StringBuilder b, int i, String colour, String text) {
        int x = W - RIGHT + 14;
        int y = TOP + 10 + i * 18;
        b.append("<rect x=\"").append(x).append("\" y=\"").append(y - 9).append("\" width=\"12\" height=\"10\" fill=\"")
                .append(colour).append("\"/>\n<text x=\"").append(x + 18).append("\" y=\"").append(y).append("\">")
                .append(escape(text)).append("</text>\n");
    }

    private static double px(double x, double x0, double x1) {
        return LEFT + (W - RIGHT - LEFT) * (x1 == x0 ? 0 : (x - x0) / (x1 - x0));
    }

    private static double py(double y, double y0, double y1) {
        return (H - BOTTOM) - (H - BOTTOM - TOP) * (y1 == y0 ? 0 : (y - y0) / (y1 - y0));
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String tick(double v) {
        return Math.abs(v) >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
