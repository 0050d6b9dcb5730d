package dev.makemore.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.makemore.Fixtures;
import dev.makemore.LectureNumbers;
import dev.makemore.data.Bigrams;
import dev.makemore.data.Vocab;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class TablesTest {

    @Test
    void datasetSummaryStatesTheLecturesFacts() {
        Table t = Tables.datasetSummary(Fixtures.words());
        assertEquals(List.of("32,033", "29,494", "2", "15", "6.1222", "196,113", "228,146",
                "27: .abcdefghijklmnopqrstuvwxyz"), t.stringColumn("value").asList());
    }

    @Test
    void lengthHistogramIsTheLectures() {
        Table t = Tables.lengthHistogram(Fixtures.words());
        assertEquals(List.of(2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), t.intColumn("length").asList());
        assertEquals(List.of(65, 575, 2983, 7133, 9657, 6819, 3108, 1118, 380, 128, 29, 30, 6, 2), t.intColumn("names").asList());
    }

    @Test
    void topBigramsAreRankedByCount() {
        Table t = Tables.topBigrams(Bigrams.count(Fixtures.words(), Vocab.of(Fixtures.words())), 3);
        assertEquals(List.of("n.", "a.", "an"), t.stringColumn("bigram").asList());
        assertEquals(List.of(6763, 6640, 5438), t.intColumn("count").asList());
    }

    @Test
    void splitLossTablePutsThisRunNextToTheLecture() {
        Table t = Tables.splitLosses(LectureNumbers.WAVENET, 1.77, 1.99, 1.98);
        assertEquals(List.of("train", "val", "test"), t.stringColumn("split").asList());
        assertEquals(1.7690284252166748, t.doubleColumn("lecture").get(0), 0.0);
        assertEquals(1.77 - 1.7690284252166748, t.doubleColumn("difference").get(0), 1e-12);
    }
}
