package io.rktj.cli.format;

import java.util.ArrayList;
import java.util.List;

/**
 * Aligns tab-separated cells as Go's text/tabwriter does with the settings rkt uses
 * (minwidth 0, tabwidth 8, padding 1, padchar '\t'), so that tables line up byte for byte with
 * rkt's: a cell is padded with tabs to the column width rounded up to a multiple of 8; the
 * last cell of a line is not part of a column; columns are computed per block of consecutive
 * lines that have a cell in that column.
 */
public final class TabWriter {
    private static final int TAB_WIDTH = 8;
    private static final int PADDING = 1;

    private final List<String> lines = new ArrayList<>();

    /** Adds one line (without its newline); tabs separate its cells. */
    public TabWriter line(String line) {
        lines.add(line);
        return this;
    }

    public TabWriter row(String... cells) {
        return line(String.join("\t", cells));
    }

    /** The aligned text; every line ends with a newline. */
    public String format() {
        List<String[]> cells = new ArrayList<>();
        for (String l : lines) {
            cells.add(l.split("\t", -1));
        }
        StringBuilder out = new StringBuilder();
        format(out, cells, new ArrayList<>(), 0, cells.size());
        return out.toString();
    }

    private static void format(StringBuilder out, List<String[]> cells, List<Integer> widths, int line0, int line1) {
        int column = widths.size();
        int start = line0;
        for (int i = line0; i < line1; i++) {
            if (column >= cells.get(i).length - 1) {
                continue;
            }
            writeLines(out, cells, widths, start, i);
            start = i;
            int width = 0;
            int end = i;
            while (end < line1 && column < cells.get(end).length - 1) {
                width = Math.max(width, length(cells.get(end)[column]) + PADDING);
                end++;
            }
            widths.add(width);
            format(out, cells, widths, start, end);
            widths.remove(widths.size() - 1);
            start = end;
            i = end - 1;
        }
        writeLines(out, cells, widths, start, line1);
    }

    private static void writeLines(StringBuilder out, List<String[]> cells, List<Integer> widths, int from, int to) {
        for (int i = from; i < to; i++) {
            String[] line = cells.get(i);
            for (int j = 0; j < line.length; j++) {
                out.append(line[j]);
                if (j < widths.size()) {
                    pad(out, length(line[j]), widths.get(j));
                }
            }
            out.append('\n');
        }
    }

    private static void pad(StringBuilder out, int textWidth, int cellWidth) {
        int rounded = (cellWidth + TAB_WIDTH - 1) / TAB_WIDTH * TAB_WIDTH;
        int tabs = (rounded - textWidth + TAB_WIDTH - 1) / TAB_WIDTH;
        out.append("\t".repeat(tabs));
    }

    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }
}
