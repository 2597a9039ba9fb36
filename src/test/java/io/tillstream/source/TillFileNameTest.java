package io.tillstream.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TillFileNameTest {

    @Test
    void bothConventionsNameABranchAndAPeriod() {
        assertEquals(
                Optional.of("london brixton"), TillFileName.branch("s3://b/in/london_brixton_23-03-2021_08-00-00.csv"));
        assertEquals(
                Optional.of(LocalDateTime.of(2021, 3, 23, 8, 0)),
                TillFileName.periodStart("s3://b/in/london_brixton_23-03-2021_08-00-00.csv.gz"));
        assertEquals(Optional.of("isle of wight"), TillFileName.branch("2021-02-23-isle-of-wight.csv"));
        assertEquals(
                Optional.of(LocalDateTime.of(2021, 2, 23, 0, 0)),
                TillFileName.periodStart("2021-02-23-isle-of-wight.CSV"));
    }

    @Test
    void otherNamesAndImpossibleDatesClaimNothing() {
        assertEquals(Optional.empty(), TillFileName.branch("export.csv"));
        assertEquals(Optional.empty(), TillFileName.periodStart("export.csv"));
        assertEquals(Optional.empty(), TillFileName.periodStart("leeds_31-02-2021_09-00-00.csv"));
        assertEquals(Optional.of("leeds"), TillFileName.branch("leeds_31-02-2021_09-00-00.csv"));
    }
}
