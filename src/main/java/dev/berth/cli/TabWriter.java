package dev.berth.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The docker CLI's tabwriter (Go's text/tabwriter with East Asian wide runes counted as two columns): cells end
 * at a tab, a column is the run of consecutive lines that have a cell there, and each cell of a column is padded
 * with spaces to the widest one plus the padding, at least the minimum width. A line without tabs ends the
 * columns above it; the text after a line's last tab is not part of any column. Not thread-safe.
 */
final class TabWriter {

    private record Cell(String text, int width, boolean htab) {
    }

    private final int minWidth;
    private final int padding;
    private final StringBuilder out;
    private final List<List<Cell>> lines = new ArrayList<>();
    private final StringBuilder cell = new StringBuilder();
    private final List<Integer> widths = new ArrayList<>();

    /** Docker's tables: minimum width 10, padding 3 ({@code tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)}). */
    static TabWriter table(StringBuilder out) {
        return new TabWriter(10, 3, out);
    }

    TabWriter(int minWidth, int padding, StringBuilder out) {
        this.minWidth = minWidth;
        this.padding = padding;
        this.out = out;
        lines.add(new ArrayList<>());
    }

    TabWriter write(String text) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '\t', '\u000b', '\n', '\f' -> {
                    int ncells = terminateCell(ch == '\t');
                    if (ch == '\n' || ch == '\f') {
                        lines.add(new ArrayList<>());
                        if (ch == '\f' || ncells == 1) {
                            // A line with one cell cannot affect the columns below it.
                            flush();
                        }
                    }
                }
                default -> cell.append(ch);
            }
        }
        return this;
    }

    private int terminateCell(boolean htab) {
        String t = cell.toString();
        cell.setLength(0);
        List<Cell> line = lines.getLast();
        line.add(new Cell(t, displayWidth(t), htab));
        return line.size();
    }

    void flush() {
        if (!cell.isEmpty()) {
            terminateCell(false);
        }
        format(0, lines.size());
        lines.clear();
        lines.add(new ArrayList<>());
        widths.clear();
    }

    private void format(int line0, int line1) {
        int column = widths.size();
        for (int at = line0; at < line1; at++) {
            if (column >= lines.get(at).size() - 1) {
                continue;
            }
            writeLines(line0, at);
            line0 = at;
            int width = minWidth;
            for (; at < line1; at++) {
                List<Cell> line = lines.get(at);
                if (column >= line.size() - 1) {
                    break;
                }
                width = Math.max(width, line.get(column).width() + padding);
            }
            widths.add(width);
            format(line0, at);
            widths.removeLast();
            line0 = at;
        }
        writeLines(line0, line1);
    }

    private void writeLines(int line0, int line1) {
        for (int i = line0; i < line1; i++) {
            List<Cell> line = lines.get(i);
            for (int j = 0; j < line.size(); j++) {
                Cell c = line.get(j);
                out.append(c.text());
                if (j < widths.size()) {
                    out.append(" ".repeat(Math.max(0, widths.get(j) - c.width())));
                }
            }
            if (i + 1 < lines.size()) {
                out.append('\n');
            }
        }
    }

    /** Columns a string takes in a terminal: wide (CJK, fullwidth, emoji) runes two, combining marks none. */
    static int displayWidth(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || type == Character.NON_SPACING_MARK
                    || type == Character.ENCLOSING_MARK || cp == 0x200B) {
                continue;
            }
            w += wide(cp) ? 2 : 1;
        }
        return w;
    }

    private static boolean wide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) || (cp >= 0x3041 && cp <= 0x33FF)
                || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF)
                || (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F)
                || (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F)
                || (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD);
    }
}
