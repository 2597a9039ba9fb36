package io.tillstream.dedupe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.DefaultOpenContext;
import org.junit.jupiter.api.Test;

class NewToThisSubtaskTest {

    @Test
    void passesEachKeyOnceAndForgetsTheLeastRecentlySeenBeyondItsCapacity() throws Exception {
        NewToThisSubtask<String> filter = new NewToThisSubtask<>(product -> product, 2);
        filter.open(DefaultOpenContext.INSTANCE);

        List<String> passed = new ArrayList<>();
        for (String product : List.of("latte", "mocha", "latte", "tea", "latte", "mocha", "tea")) {
            if (filter.filter(product)) {
                passed.add(product);
            }
        }

        // "mocha" was the least recently seen when "tea" came, so it was forgotten and passes again;
        // that let "tea" be forgotten too, while "latte" stayed in use
        assertEquals(List.of("latte", "mocha", "tea", "mocha", "tea"), passed);
    }
}
