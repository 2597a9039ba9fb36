package io.tillstream.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiscoveryTest {
    private static final Duration T = Duration.ofHours(24);
    private static final long HOUR = 3_600_000L;
    private static final long NOW = 1_000 * HOUR;

    private static ListedFile file(String name, long modified) {
        return new ListedFile("s3://b/in/" + name, modified, 10);
    }

    private static List<String> names(List<ListedFile> files) {
        return files.stream()
                .map(f -> f.path().substring("s3://b/in/".length()))
                .toList();
    }

    @Test
    void aBacklogFoundInOneListingIsReadWholeHoweverOld() {
        Discovery.Step step = Discovery.EMPTY.apply(
                List.of(file("a", NOW - 240 * HOUR), file("b", NOW - 100 * HOUR), file("c", NOW)), T, NOW);

        assertEquals(List.of("a", "b", "c"), names(step.toRead()));
        assertEquals(NOW, step.next().mark());
    }

    @Test
    void aLateFileWithinTheToleranceIsReadAndOneBeyondIsReportedOnce() {
        Discovery state =
                Discovery.EMPTY.apply(List.of(file("newest", NOW)), T, NOW).next();
        List<ListedFile> listing = List.of(
                file("newest", NOW),
                file("late", NOW - 23 * HOUR),
                file("too-late", NOW - 25 * HOUR),
                file("forgotten", NOW - 48 * HOUR));

        Discovery.Step first = state.apply(listing, T, NOW);
        Discovery.Step again = first.next().apply(listing, T, NOW);

        assertEquals(List.of("late"), names(first.toRead()));
        assertEquals(List.of("too-late"), names(first.tooLate()));
        assertEquals(List.of(), again.toRead(), "nothing read twice");
        assertEquals(List.of(), again.tooLate(), "reported once");
    }

    @Test
    void rememberedFilesAreBoundedByTwoTolerancesNotByHistory() {
        Discovery state = Discovery.EMPTY;
        List<ListedFile> bucket = new ArrayList<>();
        int read = 0;
        for (int hour = 0; hour < 24 * 30; hour++) {
            bucket.add(file("f" + hour, hour * HOUR));
            Discovery.Step step = state.apply(bucket, T, hour * HOUR);
            read += step.toRead().size();
            state = step.next();
        }

        assertEquals(24 * 30, read, "every file read once");
        assertEquals(48, state.seen().size(), "the files of the last two tolerances");
    }

    @Test
    void aFileStampedInTheFutureCannotPushTheMarkPastTheClock() {
        Discovery state = Discovery.EMPTY
                .apply(List.of(file("wrong-clock", NOW + 1000 * HOUR)), T, NOW)
                .next();

        Discovery.Step step = state.apply(List.of(file("on-time", NOW - HOUR)), T, NOW);

        assertEquals(NOW, state.mark());
        assertEquals(List.of("on-time"), names(step.toRead()));
    }

    @Test
    void filesReadByFlinksOwnSourceAreAdoptedNotReadAgain() {
        Discovery adopted = Discovery.EMPTY.adopt(List.of(file("old", NOW - HOUR)));

        Discovery.Step step = adopted.apply(List.of(file("old", NOW - HOUR), file("new", NOW)), T, NOW);

        assertEquals(List.of("new"), names(step.toRead()));
        assertTrue(step.next().seen().containsKey("s3://b/in/old"));
    }

    @Test
    void listingSkipsOnlyWhatIsOlderThanTwoTolerances() {
        assertEquals(Long.MIN_VALUE, Discovery.EMPTY.listFrom(T), "list everything at first");
        Discovery state = Discovery.EMPTY.apply(List.of(file("a", NOW)), T, NOW).next();
        assertEquals(NOW - 48 * HOUR, state.listFrom(T));
    }
}
