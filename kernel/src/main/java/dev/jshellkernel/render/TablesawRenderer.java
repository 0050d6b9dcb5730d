package dev.jshellkernel.render;

import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import tech.tablesaw.api.Table;

/**
 * Shows a Tablesaw {@link Table} as an HTML table, with Tablesaw's own text layout as the plain-text
 * form. Long tables show their first and last rows only.
 */
final class TablesawRenderer {

    /** Tables up to this many rows are shown whole; longer ones show half of this from each end. */
    static final int MAX_ROWS = 40;

    private TablesawRenderer() {
    }

    static void register(Renderer renderer) {
        renderer.createRegistration(Table.class)
                .preferring(MIMEType.TEXT_HTML)
                .register(TablesawRenderer::render);
    }

    static void render(Table table, RenderContext context) {
        context.renderIfRequested(MIMEType.TEXT_HTML, () -> html(table));
        context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> table.print(MAX_ROWS));
    }

    static String html(Table table) {
        int rows = table.rowCount();
        int columns = table.columnCount();
        StringBuilder html = new StringBuilder("<table>\n");
        html.append("<caption>").append(escape(table.name() == null ? "" : table.name()))
                .append(" (").append(rows).append(rows == 1 ? " row, " : " rows, ")
                .append(columns).append(columns == 1 ? " column)" : " columns)").append("</caption>\n");
        html.append("<thead><tr><th></th>");
        for (String name : table.columnNames()) {
            html.append("<th>").append(escape(name)).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        int head = rows <= MAX_ROWS ? rows : MAX_ROWS / 2;
        for (int row = 0; row < head; row++) {
            appendRow(html, table, row);
        }
        if (rows > MAX_ROWS) {
            html.append("<tr><th>&#8942;</th>");
            html.append("<td>&#8942;</td>".repeat(columns));
            html.append("</tr>\n");
            for (int row = rows - MAX_ROWS / 2; row < rows; row++) {
                appendRow(html, table, row);
            }
        }
        return html.append("</tbody>\n</table>").toString();
    }

    private static void appendRow(StringBuilder html, Table table, int row) {
        html.append("<tr><th>").append(row).append("</th>");
        for (int column = 0; column < table.columnCount(); column++) {
            html.append("<td>").append(escape(table.getString(row, column))).append("</td>");
        }
        html.append("</tr>\n");
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
