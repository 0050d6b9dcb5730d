package dev.jshellkernel.render;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.common.Image;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionalRenderersTest {

    private static final Renderer renderer = new Renderer();

    @BeforeAll
    static void register() {
        Image.registerAll(renderer);
        assertEquals(List.of("xchart", "tablesaw", "djl"),
                OptionalRenderers.registerAvailable(renderer, OptionalRenderersTest.class.getClassLoader()));
    }

    @Test
    void librariesThatAreMissingAreSkipped() {
        // A loader that sees only the JDK: no library is found, and nothing fails.
        ClassLoader jdkOnly = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader());
        assertEquals(List.of(), OptionalRenderers.registerAvailable(new Renderer(), jdkOnly));
    }

    @Test
    void anXChartChartIsDrawnAsPngOfItsSize() throws IOException {
        XYChart chart = new XYChartBuilder().width(320).height(200).title("loss").build();
        chart.addSeries("train", new double[]{1, 2, 3}, new double[]{3.3, 2.9, 2.5});
        DisplayData data = renderer.render(chart);
        BufferedImage png = decodePng(data);
        assertEquals(320, png.getWidth());
        assertEquals(200, png.getHeight());
        assertEquals("XYChart \"loss\" (320x200)", data.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void aRenderedImageIsAPng() throws IOException {
        BufferedImage image = new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 2, 0xFF0000);
        BufferedImage png = decodePng(renderer.render(image));
        assertEquals(7, png.getWidth());
        assertEquals(0xFF0000, png.getRGB(3, 2) & 0xFFFFFF);
    }

    @Test
    void aTablesawTableIsAnEscapedHtmlTableWithItsTextForm() {
        Table table = Table.create("names",
                IntColumn.indexColumn("i", 3, 0),
                StringColumn.create("name", List.of("emma", "<b>olivia</b>", "ava & mia")));
        DisplayData data = renderer.render(table);
        String html = (String) data.getData(MIMEType.TEXT_HTML);
        assertTrue(html.contains("<caption>names (3 rows, 2 columns)</caption>"), html);
        assertTrue(html.contains("<th>i</th><th>name</th>"), html);
        assertTrue(html.contains("<tr><th>1</th><td>1</td><td>&lt;b&gt;olivia&lt;/b&gt;</td></tr>"), html);
        assertTrue(html.contains("<td>ava &amp; mia</td>"), html);
        assertTrue(((String) data.getData(MIMEType.TEXT_PLAIN)).contains("olivia"));
    }

    @Test
    void aLongTableShowsItsFirstAndLastRows() {
        int rows = 1000;
        Table table = Table.create("long", IntColumn.indexColumn("i", rows, 0),
                StringColumn.create("s", Collections.nCopies(rows, "x")));
        String html = TablesawRenderer.html(table);
        int half = TablesawRenderer.MAX_ROWS / 2;
        assertTrue(html.contains("<tr><th>" + (half - 1) + "</th>"));
        assertFalse(html.contains("<tr><th>" + half + "</th>"));
        assertTrue(html.contains("&#8942;"));
        assertTrue(html.contains("<tr><th>" + (rows - half) + "</th>"));
        assertTrue(html.contains("<tr><th>" + (rows - 1) + "</th>"));
        assertEquals(TablesawRenderer.MAX_ROWS, java.util.regex.Pattern.compile("<tr><th>\\d").matcher(html).results().count());
    }

    @Test
    void anNDArrayShowsItsShapeTypeAndValues() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray array = manager.arange(6f).reshape(2, 3);
            String text = (String) renderer.render(array).getData(MIMEType.TEXT_PLAIN);
            assertEquals("ND: (2, 3) cpu() float32\n[[0., 1., 2.],\n [3., 4., 5.]]", text);
            NDArray flags = manager.create(new boolean[]{true, false});
            assertTrue(((String) renderer.render(flags).getData(MIMEType.TEXT_PLAIN)).endsWith("[ true, false]"));
            NDArray closed = manager.create(1f);
            closed.close();
            assertTrue(((String) renderer.render(closed).getData(MIMEType.TEXT_PLAIN)).contains("closed"));
        }
    }

    private static BufferedImage decodePng(DisplayData data) throws IOException {
        byte[] bytes = Base64.getDecoder().decode((String) data.getData(MIMEType.IMAGE_PNG));
        assertEquals((byte) 0x89, bytes[0]);
        assertEquals("PNG", new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }
}
