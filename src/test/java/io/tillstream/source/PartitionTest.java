package io.tillstream.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionTest {
    private static final long NOON_MARCH_23 =
            Instant.parse("2021-03-23T12:00:00Z").toEpochMilli();

    private static boolean listed(String folders) {
        return Partition.needsListing(List.of(folders.split("/")), NOON_MARCH_23);
    }

    @Test
    void namesTheFoldersAfterTheUploadDayInUtc() {
        assertEquals("2021/03/23", Partition.of(Instant.parse("2021-03-23T23:59:59Z")));
    }

    @Test
    void listsDaysFromTheDayBeforeTheOldestUploadThatMatters() {
        assertFalse(listed("2021/03/21"));
        assertTrue(listed("2021/03/22"), "a day of slack for uploaders' clocks");
        assertTrue(listed("2021/03/23"));
        assertTrue(listed("2030/01/01"));
    }

    @Test
    void leavesOutWholeYearsAndMonthsBeforeIt() {
        assertFalse(listed("2020"));
        assertTrue(listed("2021"));
        assertFalse(listed("2021/02"));
        assertTrue(listed("2021/03"));
        assertTrue(listed("2021/04"));
    }

    @Test
    void listsEveryOtherFolderAndEverythingBeforeTheFirstFile() {
        assertTrue(listed("leeds"), "a flat prefix's folders are always listed");
        assertTrue(listed("2020/leeds"));
        assertTrue(listed("2021/02/30"), "not a date, so not a partition");
        assertTrue(listed("2020/01/01/leeds"), "inside a listed partition");
        assertTrue(Partition.needsListing(List.of("2000", "01", "01"), Long.MIN_VALUE));
    }
}
